"""mkdocs hooks: re-render while `mkdocs serve` runs (live preview only; the built site needs no hook).

During `mkdocs serve`, on_pre_build re-renders docs/ (pages and charts) from data/ and templates/ before each
build, so an edit to a YAML value shows on the page without a restart. A failed render prints its problems and
leaves the pages as they were. `mkdocs build` and builders that run no hooks (Zensical) produce the same site:
the charts are in docs/charts/, where every MkDocs-compatible builder picks them up.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
_serving = False
_code_stamp: float | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config) -> None:
    if not _serving:
        return  # `python -m calc build` has rendered already
    _fresh_calc_if_code_changed()
    render = importlib.import_module("calc.commands.render")
    render.render(ROOT, quiet=True)


def _fresh_calc_if_code_changed() -> None:
    """Forget the imported calc modules when their code changed, so the next render uses the new code."""
    global _code_stamp
    package = Path(importlib.import_module("calc").__file__).parent
    stamp = max((p.stat().st_mtime for p in package.rglob("*.py")), default=0.0)
    if _code_stamp is not None and stamp != _code_stamp:
        for name in [n for n in sys.modules if n == "calc" or n.startswith("calc.")]:
            del sys.modules[name]
    _code_stamp = stamp
