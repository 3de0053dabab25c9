"""What the processes of `calc build` and of the live preview share: messages through pipes, and a fork that
may be refused (then the caller does the work itself).

A message is pickled: it goes only between a process and the one it forked, through a pipe the two of them hold.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import sys
from typing import Any, BinaryIO

HEADER = struct.Struct("!Q")  # each message: its length, then the pickled message
TAKE_TIMEOUT = 60.0  # seconds: five charts in two themes take well under one


def send(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: BinaryIO) -> Any:
    """The next message, or None when the other process closed its end (it stopped, or was stopped)."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    data = stream.read(HEADER.unpack(header)[0])
    return pickle.loads(data)  # from our own forked process, through a pipe only the two of them hold


def receive_within(stream: BinaryIO, timeout: float | None) -> tuple[bool, Any]:
    """(False, None) if nothing came within ``timeout`` seconds (None: no limit); else (True, the message, or
    None when the other process stopped or what it sent cannot be read)."""
    if timeout is not None and not select.select([stream], [], [], timeout)[0]:
        return False, None
    try:
        return True, receive(stream)
    except (OSError, EOFError, pickle.UnpicklingError):
        return True, None


def fork(pipes: int) -> tuple[int, list[tuple[int, int]]] | None:
    """``pipes`` pipes (read end, write end) and a fork; None where either cannot be had (then the caller does
    the work itself)."""
    if not hasattr(os, "fork"):
        return None
    made: list[tuple[int, int]] = []
    try:
        for _ in range(pipes):
            made.append(os.pipe())
        sys.stdout.flush()
        sys.stderr.flush()
        return os.fork(), made
    except OSError:
        for read_end, write_end in made:
            os.close(read_end)
            os.close(write_end)
        return None
