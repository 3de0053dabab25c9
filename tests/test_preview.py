"""Live preview: with `make serve` running, an edit to a YAML value shows on the page without a restart.

How fast is measured by benchmarks/speed.py; here only that it happens (a generous deadline).
"""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT, edit, line_of
from tests.test_render import snapshot

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


def served(url: str) -> str:
    try:
        return html.unescape(urllib.request.urlopen(url, timeout=5).read().decode())
    except OSError:
        return ""


def wait_until(condition, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def listed(svg: str, name: str) -> float:
    """The low end of ``name`` in a chart's stamp (the list of the values it was drawn from)."""
    match = re.search(rf"^{name} (\S+) ", svg, re.M)
    assert match, f"{name} is not among the chart's inputs"
    return float(match.group(1))


def serve_recipe() -> tuple[dict[str, str], list[str]]:
    """The `make serve` recipe (its environment and command), run with this interpreter."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    recipe = lines[lines.index("serve: $(STAMP)") + 1].strip().replace("$(VENV)/bin/python", sys.executable).split()
    settings = [word for word in recipe if re.fullmatch(r"[A-Z0-9_]+=\S*", word)]
    return dict(word.split("=", 1) for word in settings), recipe[len(settings):]


def test_make_serve_previews_every_edit_with_one_build_and_leaves_nothing_behind(copy: Path, tmp_path_factory):
    (copy / "calc").symlink_to(ROOT / "calc")  # mkdocs.yml watches the code too
    before = snapshot(copy)
    temporary = tmp_path_factory.mktemp("serve-tmp")  # the server's own temp folder, to see what it leaves
    port = free_port()
    url = f"http://127.0.0.1:{port}/opus-4-6-size.html"
    settings, command = serve_recipe()
    assert settings == {"NO_MKDOCS_2_WARNING": "1"}  # without Material's banner about MkDocs 2.0
    server = subprocess.Popen(command + ["--dev-addr", f"127.0.0.1:{port}"], cwd=copy, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, **settings, "TMPDIR": str(temporary)})
    data = copy / "data/throughput.yaml"
    try:
        assert wait_for(url, "41 tokens/s", time.monotonic() + DEADLINE), "the site was not served"
        edit(data, SONNET_4_5_RATE, SONNET_4_5_RATE.replace("41", "39"))
        assert wait_for(url, "39 tokens/s", time.monotonic() + DEADLINE), "the edit did not reach the page"
        band_low = listed(copy.joinpath("figures/charts/throughput_calibration.svg").read_text(encoding="utf-8"),
                          "bandwidth_band")
        for chart in ("throughput_calibration.svg", "throughput_calibration-dark.svg"):  # redrawn for the edit
            drawn = listed(served(f"http://127.0.0.1:{port}/charts/{chart}"), "weights_per_token_sonnet_4_5")
            assert abs(drawn - band_low / 39) <= 1e-9 * drawn, chart  # bytes per token = bandwidth ÷ 39 tokens/s

        edit(data, SONNET_4_5_RATE.replace("41", "39"), SONNET_4_5_RATE.replace("value: 41", "vale: 37"))
        line = line_of(data, "vale: 37")
        assert wait_until(lambda: "The last edit does not render" in served(url), time.monotonic() + DEADLINE)
        page = served(url)
        assert f"data/throughput.yaml:{line}: unknown key 'vale'" in page  # the problem, file and line
        assert shown_rate(url) == "39 tokens/s"  # the last good figures stay

        edit(data, SONNET_4_5_RATE.replace("value: 41", "vale: 37"), SONNET_4_5_RATE.replace("41", "38"))
        assert wait_for(url, "38 tokens/s", time.monotonic() + DEADLINE), "the fixed edit did not reach the page"
        assert "The last edit does not render" not in served(url)
        time.sleep(3)  # time enough for a second build, if an edit caused one
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "Traceback" not in output, output
    assert "MkDocs 2.0" not in output
    assert output.count("Building documentation...") == 4, output  # the first build, then one per edit
    assert snapshot(copy) == before  # served from memory: docs/ and figures/ untouched
    assert list(temporary.iterdir()) == []  # the server's temporary site folder is gone
