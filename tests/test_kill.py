"""kill -9 during a render leaves docs/ and figures/ all old or all new, and the next render cleans up.

The render is computed once; each trial forks a child that writes it (calc.outputs.write, the write phase of
`python -m calc render`) and kills the child with SIGKILL after a random delay spread over the time a write
takes, or, in a second series, exactly at each step of the write (before and after every move into place).
After each kill: docs/ and figures/ hold exactly the old files or exactly the new ones, or the commit record is
on disk (then `check` reports it, and recovery completes the new state); never stray files. One more trial
kills the real command line.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from calc import outputs, site
from tests.conftest import COPIED, ROOT, edit

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")

RANDOM_TRIALS = 60
OPUS_4_5_RATE = "    value: 40\n    unit: token/s\n    model: opus_4_5\n"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under docs/ and figures/, temporary ones included."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for folder in ("docs", "figures") for p in sorted((root / folder).rglob("*")) if p.is_file()}


def restore(root: Path, state: dict[str, bytes]) -> None:
    outputs.recover(root)  # nothing to do but discard a staging area left by the previous trial
    for folder in ("docs", "figures"):
        for path in (root / folder).rglob("*"):
            if path.is_file() and path.relative_to(root).as_posix() not in state:
                path.unlink()
    for path, content in state.items():
        (root / path).write_bytes(content)


def write_in_child(root: Path, produced: list[outputs.Output], kill_at_step: int | None = None) -> int:
    """Fork a child that writes the outputs (killing itself at the given step, if any); return its pid."""
    pid = os.fork()
    if pid:
        return pid
    try:  # the child: never returns into pytest
        if kill_at_step is not None:
            steps = [0]
            real_replace = os.replace

            def replace(source, target):  # noqa: ANN001 - os.replace's own signature
                if steps[0] == kill_at_step:  # step 0 is the commit; step k the k-th file moved into place
                    os.kill(os.getpid(), signal.SIGKILL)
                steps[0] += 1
                real_replace(source, target)
            os.replace = replace
        outputs.write(root, produced)
    finally:
        os._exit(0)


def outcome(root: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """What a killed write left: 'old', 'new', or 'committed' (the plan is on disk; recovery finishes it)."""
    state = snapshot(root)
    committed = (root / outputs.STAGING / outputs.PLAN).exists()
    leftovers = outputs.leftovers(root)
    if committed:
        assert leftovers, "check must report an interrupted render"
        return "committed"
    assert state in (old, new), sorted(p for p in set(state) | set(old) if state.get(p) != old.get(p))
    assert bool(leftovers) == (root / outputs.STAGING).exists()
    return "old" if state == old else "new"


@pytest.fixture(scope="module")
def change(tmp_path_factory):
    """A copy whose data changed so that a render rewrites several pages and a chart; the new outputs.
    (Shared by the tests here: each starts by restoring the old files.)"""
    copy = tmp_path_factory.mktemp("killed")
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, copy / name)
    edit(copy / "data/throughput.yaml", OPUS_4_5_RATE, OPUS_4_5_RATE.replace("40", "41"))
    produced = site.produce(copy, draw="changed")
    assert produced.errors == []
    old = snapshot(copy)
    new = dict(old) | {o.path: o.content for o in produced.outputs}
    assert sum(old.get(p) != c for p, c in new.items()) >= 3
    return copy, produced.outputs, old, new


def test_kill_9_at_random_moments_of_the_write(change):
    root, produced, old, new = change
    started = time.perf_counter()
    os.waitpid(write_in_child(root, produced), 0)
    duration = time.perf_counter() - started
    assert snapshot(root) == new
    seen: dict[str, int] = {}
    rng = random.Random(13)
    for _ in range(RANDOM_TRIALS):
        restore(root, old)
        pid = write_in_child(root, produced)
        time.sleep(rng.uniform(0, duration * 1.2))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        left = outcome(root, old, new)
        seen[left] = seen.get(left, 0) + 1
        outputs.recover(root)  # what the next render does first
        assert snapshot(root) == (old if left == "old" else new)
        assert outputs.leftovers(root) == []
    assert sum(seen.values()) == RANDOM_TRIALS
    print(f"kill -9 at random moments, {RANDOM_TRIALS} trials: {seen}")


def test_kill_9_at_every_step_of_the_write(change):
    root, produced, old, new = change
    replaces = sum(old.get(p) != c for p, c in new.items()) + 1  # the commit, then each file moved into place
    seen = []
    for step in range(replaces + 1):  # the last one is not killed
        restore(root, old)
        pid = write_in_child(root, produced, kill_at_step=step)
        os.waitpid(pid, 0)
        left = outcome(root, old, new)
        seen.append(left)
        outputs.recover(root)
        assert snapshot(root) == (old if left == "old" else new)
    assert seen == ["old"] + ["committed"] * (replaces - 1) + ["new"]


def test_kill_9_of_the_command_line(change):
    root, _, old, new = change
    for delay in (1.5,):  # one trial: a fresh process takes seconds to start, most of them before any write
        restore(root, old)
        process = subprocess.Popen([sys.executable, "-m", "calc", "--root", str(root), "render"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        outcome(root, old, new)
        result = subprocess.run([sys.executable, "-m", "calc", "--root", str(root), "render"], capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stderr
        assert snapshot(root) == new and outputs.leftovers(root) == []
