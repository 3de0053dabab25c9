"""``python -m calc check``: every problem in data/, the derivations and the expectations, all at once."""

from __future__ import annotations

import argparse
import sys

from calc import engine
from calc.errors import Problem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="fail on warnings too (overdue reviews, say)")


def report(problems: list[Problem], strict: bool = False) -> int:
    """Print problems to stderr; return the exit status they call for."""
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if not p.warning or strict]
    return 1 if errors else 0


def run(args: argparse.Namespace) -> int:
    project = engine.load(args.root)
    status = report(project.problems.items, args.strict)
    if status == 0:
        held = sum(1 for r in project.expectations if r.holds)
        print(f"check: {len(project.quantities)} quantities computed, {held} expectations hold"
              + (f", {len(project.problems.warnings)} warnings" if project.problems.warnings else ""))
    else:
        print(f"check: {len(project.problems.errors)} errors, {len(project.problems.warnings)} warnings",
              file=sys.stderr)
    return status
