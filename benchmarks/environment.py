"""The environment every benchmarked command runs in: the one an editor's shell gives, made explicit.

Python writes compiled bytecode (``__pycache__``) unless told not to. Some machines (this sandbox among them)
set ``PYTHONDONTWRITEBYTECODE=1`` for every process, which makes each run recompile all of calc/ and would
time that instead of the command. The benchmarks drop it, so they measure what an editor's second run costs.
"""

from __future__ import annotations

import os
from pathlib import Path

DROPPED = ("PYTHONDONTWRITEBYTECODE",)


def command_environment(code: Path | None = None) -> dict[str, str]:
    """os.environ without the variables above, with Material's banner off and ``code`` first on the path."""
    env = {name: value for name, value in os.environ.items() if name not in DROPPED}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if code is not None:
        env["PYTHONPATH"] = str(code)
    return env
