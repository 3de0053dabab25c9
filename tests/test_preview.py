"""Live preview: with `mkdocs serve` running, an edit to a YAML value shows on the page without a restart.

How fast is measured by benchmarks/speed.py; here only that it happens (a generous deadline).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT, edit

DEADLINE = 60.0
SONNET_4_5_RATE = "    value: 41\n    unit: token/s\n    model: sonnet_4_5\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shown_rate(url: str) -> str | None:
    try:
        html = urllib.request.urlopen(url, timeout=5).read().decode()
    except OSError:
        return None
    match = re.search(r'#decode_rate_sonnet_4_5"[^>]*>([^<]*)<', html)
    return match.group(1) if match else None


def wait_for(url: str, expected: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if shown_rate(url) == expected:
            return True
        time.sleep(0.2)
    return False


def test_editing_yaml_updates_the_served_page(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")  # mkdocs.yml watches the code too
    port = free_port()
    url = f"http://127.0.0.1:{port}/opus-4-6-size.html"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=copy,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        assert wait_for(url, "41 tokens/s", time.monotonic() + DEADLINE), "the site was not served"
        edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, SONNET_4_5_RATE.replace("41", "39"))
        assert wait_for(url, "39 tokens/s", time.monotonic() + DEADLINE), "the edit did not reach the page"
        assert "39 tokens/s" in (copy / "docs/opus-4-6-size.md").read_text()  # docs/ re-rendered, not only the site
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "Traceback" not in output, output
