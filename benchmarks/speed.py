"""How long the everyday commands take, measured (speed is measured here, not asserted in tests).

    .venv/bin/python benchmarks/speed.py [--runs N]

Runs each command in a fresh interpreter N times and prints the median and the worst wall-clock time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "import calc.engine": [sys.executable, "-c", "import calc.engine"],
    "calc check": [sys.executable, "-m", "calc", "check"],
    "calc explain": [sys.executable, "-m", "calc", "explain", "total_params_fp8_deepseek_like_opus_4_6"],
}


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


if __name__ == "__main__":
    main()
