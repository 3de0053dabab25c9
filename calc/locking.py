"""One command at a time per project: an OS file lock (flock) on .calc-cache/lock.

render, build and new (which write docs/ and site/) take it exclusively, check shares it (it reads docs/ and
must not see a render half done), and the preview takes it while it renders (it writes the caches). A second
command waits for the first, saying so once, and gives up after a time limit with one message. The lock is the
kernel's: it goes with the process that holds it, so a command killed with kill -9 leaves no stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from pathlib import Path
from typing import Iterator

from calc.errors import CalcError, Location, Problem

LOCK_FILE = ".calc-cache/lock"
DEFAULT_WAIT = 600.0  # seconds: far longer than a build takes
POLL = 0.05


def _holder(stream: object) -> str:
    """What the lock file says about the command holding it ("build, pid 1234"), or ""."""
    try:
        os.lseek(stream.fileno(), 0, os.SEEK_SET)  # type: ignore[attr-defined]
        return os.read(stream.fileno(), 200).decode("utf-8", "replace").strip()  # type: ignore[attr-defined]
    except OSError:
        return ""


@contextlib.contextmanager
def project_lock(root: Path, verb: str, *, shared: bool = False, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the project's lock while the block runs; wait up to ``wait`` seconds for another command's."""
    path = root / LOCK_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = open(path, "a+b")
    except OSError:
        yield  # a read-only project: nothing here can be written, so nothing can be lost to a second command
        return
    with stream:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        deadline = time.monotonic() + wait
        said = False
        while True:
            try:
                fcntl.flock(stream.fileno(), mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(stream)
                other = f"another calc command ({holder})" if holder else "another calc command"
                if not said:
                    print(f"{verb}: {other} is running in this project; waiting for it to finish (at most "
                          f"{wait:g} s)", file=sys.stderr)
                    said = True
                if time.monotonic() >= deadline:
                    raise CalcError([Problem(
                        Location(LOCK_FILE), f"{other} still holds this project's lock after {wait:g} s",
                        "Wait for it to finish (or stop it), then run this command again")]) from None
                time.sleep(POLL)
        if not shared:
            try:
                stream.truncate(0)
                stream.write(f"{verb}, pid {os.getpid()}".encode())
                stream.flush()
            except OSError:
                pass  # only the waiting message is less precise
        try:
            yield
        finally:
            if not shared:
                with contextlib.suppress(OSError):
                    stream.truncate(0)  # no stale name for the next command to report
            fcntl.flock(stream.fileno(), fcntl.LOCK_UN)
