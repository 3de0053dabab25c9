"""How long the everyday commands take, measured (speed is measured here, not asserted in tests).

    .venv/bin/python benchmarks/speed.py [--runs N]

Runs each command in a fresh interpreter N times and prints the median and the worst wall-clock time, then
measures live preview: with `mkdocs serve` running on a scratch copy, how long an edit to a YAML value takes to
show on the served page.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "import calc.engine": [sys.executable, "-c", "import calc.engine"],
    "calc check": [sys.executable, "-m", "calc", "check"],
    "calc explain": [sys.executable, "-m", "calc", "explain", "total_params_fp8_deepseek_like_opus_4_6"],
    "calc render": [sys.executable, "-m", "calc", "render"],
    "calc impact": [sys.executable, "-m", "calc", "impact", "--set", "price_output_mythos=120"],
}
RATE = "    value: {}\n    unit: token/s\n    model: sonnet_4_5\n"


def shown_rate(url: str) -> str | None:
    try:
        html = urllib.request.urlopen(url, timeout=5).read().decode()
    except OSError:
        return None
    match = re.search(r'#decode_rate_sonnet_4_5"[^>]*>([^<]*)<', html)
    return match.group(1) if match else None


def preview_latency(runs: int) -> list[float]:
    """Seconds from saving a YAML edit to the served page showing the new figure, for each of ``runs`` edits."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch)
        for name in ("data", "templates", "docs"):
            shutil.copytree(ROOT / name, copy / name)
        for name in ("mkdocs.yml", "hooks.py"):
            shutil.copy2(ROOT / name, copy / name)
        (copy / "calc").symlink_to(ROOT / "calc")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}/opus-4-6-size.html"
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=copy, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            while shown_rate(url) is None:
                time.sleep(0.2)
            latencies, value = [], 41
            for _ in range(runs):
                time.sleep(3)  # let the previous rebuild settle
                data = copy / "data/throughput.yaml"
                text = data.read_text()
                data.write_text(text.replace(RATE.format(value), RATE.format(value + 1)))
                value += 1
                start = time.perf_counter()
                while shown_rate(url) != f"{value} tokens/s":
                    time.sleep(0.05)
                latencies.append(time.perf_counter() - start)
            return latencies
        finally:
            server.terminate()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for label, command in COMMANDS.items():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        print(f"{label:16} median {statistics.median(times) * 1000:6.0f} ms   worst {max(times) * 1000:6.0f} ms")
    latencies = preview_latency(args.runs)
    print(f"{'live preview':16} median {statistics.median(latencies) * 1000:6.0f} ms   worst "
          f"{max(latencies) * 1000:6.0f} ms   (YAML saved → new figure on the served page)")


if __name__ == "__main__":
    main()
