"""Bounds on what one template may cost: time, output size and depth of recursion.

A template is untrusted input. One that loops over everything many times over, or prints without end, is
stopped with a message at its line instead of holding the command (or the preview's server) for ever. The
time limit uses SIGALRM, so it holds where renders run in the main thread (the command line and `mkdocs
serve`'s build loop); elsewhere the output bound still applies.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterable, Iterator

RENDER_SECONDS = 20.0  # a page renders in well under a second, even on a busy machine
MAX_PAGE_CHARACTERS = 5_000_000  # the largest page is about 130 000


class LimitExceeded(Exception):
    """A template went beyond one of the bounds; the message says which."""


@contextlib.contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    seconds = RENDER_SECONDS if seconds is None else seconds
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise LimitExceeded(f"the template took more than {seconds:g} s to render (a loop too long, or without end)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bounded(chunks: Iterable[str], limit: int | None = None) -> str:
    """The chunks joined, or LimitExceeded once they pass ``limit`` characters."""
    limit = MAX_PAGE_CHARACTERS if limit is None else limit
    kept: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            error = LimitExceeded(f"the page would be longer than {limit:,} characters (a loop too long, or without "
                                  "end)")
            throw = getattr(chunks, "throw", None)
            if throw is not None:
                throw(error)  # raised where the template is, so its traceback gives the template's line
            raise error
        kept.append(chunk)
    return "".join(kept)
