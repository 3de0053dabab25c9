"""calc's code read afresh by the long-lived processes of the live preview (the server and its drawing worker)
when it changed while they run: the imported calc modules are forgotten, so the next import loads the new code."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def forget_calc_if_changed(stamp: float | None) -> float:
    """Forget the imported calc modules if calc/'s code changed since ``stamp`` (the newest time of its files,
    as this returned it the last time; None the first time); the newest time now."""
    newest = max((path.stat().st_mtime for path in PACKAGE.rglob("*.py")), default=0.0)
    if stamp is not None and newest != stamp:
        for name in [n for n in sys.modules if n == "calc" or n.startswith("calc.")]:
            del sys.modules[name]
    return newest
