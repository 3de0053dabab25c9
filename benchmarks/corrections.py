"""How long the corrections log takes to work out from git history, cold and cached.

    .venv/bin/python benchmarks/corrections.py [--runs N] [--commits N]

First on this repository (its own history), then on a scratch clone given ``--commits`` extra commits that
each change a datum, so the log has that many corrections to read (default 100, the depth the log covers).
"Cold" is with an empty cache (every commit computed by the engine); "cached" is the everyday case, when only
new commits are computed. The cache of the repository itself is left alone (a temporary one is used).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from calc import corrections  # noqa: E402


def timed(root: Path) -> tuple[float, corrections.Log]:
    start = time.perf_counter()
    log = corrections.read(root)
    return time.perf_counter() - start, log


def measure(label: str, root: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory() as cache:
        os.environ[corrections.CACHE_ENV] = cache
        cold, log = timed(root)
        cached = [timed(root)[0] for _ in range(runs)]
    print(f"{label}: {len(log.corrections)} corrections from the commits that touched data/ "
          f"(at most {corrections.HISTORY_DEPTH} read)")
    print(f"  cold (empty cache)   {cold * 1000:8.0f} ms")
    print(f"  cached               {statistics.median(cached) * 1000:8.1f} ms median, {max(cached) * 1000:.1f} ms "
          f"worst of {runs}")


def scratch_history(folder: Path, commits: int) -> Path:
    """A clone of this repository at HEAD, then ``commits`` commits each correcting one price."""
    clone = folder / "clone"
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid"}
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "-q", head], cwd=clone, check=True)
    prices = clone / "data/prices.yaml"
    text = prices.read_text(encoding="utf-8")
    for i in range(commits):
        prices.write_text(text.replace("    value: 150\n", f"    value: {151 + i}\n", 1), encoding="utf-8")
        subprocess.run(["git", "commit", "-qam", f"Correction {i + 1}"], cwd=clone, check=True, env=env)
    return clone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--commits", type=int, default=100)
    args = parser.parse_args()
    measure("this repository", ROOT, args.runs)
    if args.commits:
        with tempfile.TemporaryDirectory() as folder:
            clone = scratch_history(Path(folder), args.commits)
            measure(f"a clone with {args.commits} more data commits", clone, args.runs)


if __name__ == "__main__":
    main()
