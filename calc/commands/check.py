"""``python -m calc check``: every problem at once — data, derivations, expectations, templates, stale files.

Nothing is written. Exit status 1 if anything is wrong (warnings, such as figures due for review, count only
with --strict).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from calc import outputs, site
from calc.errors import Problem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="fail on warnings too (figures overdue for review)")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help=argparse.SUPPRESS)


def report(problems: list[Problem], strict: bool = False) -> int:
    """Print problems to stderr; return the exit status they call for."""
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if any(not p.warning or strict for p in problems) else 0


def run(args: argparse.Namespace) -> int:
    produced = site.produce(args.root, draw=False, today=args.today)
    problems = list(produced.problems)
    leftovers = outputs.leftovers(args.root)
    problems.extend(leftovers)
    if not produced.errors and not leftovers:  # mid-way through a render, staleness says nothing new
        problems.extend(site.stale_problems(site.stale_files(args.root, produced)))
    status = report(problems, args.strict)
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    if status == 0:
        held = sum(1 for r in produced.project.expectations if r.holds)
        print(f"check: {len(produced.project.quantities)} quantities, {held} expectations hold, "
              f"{len(produced.pages)} pages and {len(produced.charts)} charts up to date"
              + (f", {len(warnings)} warnings" if warnings else ""))
    else:
        print(f"check: {len(errors)} errors, {len(warnings)} warnings", file=sys.stderr)
    return status
