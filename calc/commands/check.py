"""``python -m calc check``: every problem at once — data, derivations, expectations, templates, stale files.

Nothing is written but the cache (.calc-cache/, see calc.cache): with data/, templates/, calc/ and the
generated files as they were at the last full run, check answers from it without computing anything. Exit
status 1 if anything is wrong (warnings, such as figures due for review, count only with --strict).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from calc import outputs
from calc.errors import Problem

SHOWN_WARNINGS = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="fail on warnings too (figures overdue for review)")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help=argparse.SUPPRESS)


def report(problems: list[Problem], strict: bool = False) -> int:
    """Print problems to stderr; return the exit status they call for."""
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if any(not p.warning or strict for p in problems) else 0


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def run(args: argparse.Namespace) -> int:
    from calc import cache
    today = args.today or date.today()
    leftovers = outputs.leftovers(args.root)  # on disk, never cached
    key = cache.inputs_key(args.root)
    kept = cache.load(args.root, key)
    if kept is None or (kept.summary["complete"] and not cache.unchanged_on_disk(args.root, kept)):
        from calc import site
        produced = site.produce(args.root, draw=False, today=today)
        kept = site.kept_result(produced)
        cache.store(args.root, key, kept)
        problems = list(produced.problems)
        if not produced.errors and not leftovers:  # mid-way through a render, staleness says nothing new
            problems.extend(site.stale_problems(site.stale_files(args.root, produced)))
    else:
        problems = kept.problems_on((today.year, today.month, today.day))
    problems.extend(leftovers)
    return summarise(problems, kept.summary, args.strict)


def summarise(problems: list[Problem], summary: dict[str, int], strict: bool) -> int:
    """Report the problems and a closing line with the counts; return the exit status."""
    status = report(problems, strict)
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    if status == 0:
        print(f"check: {summary['quantities']} quantities, {summary['expectations_held']} expectations hold, "
              f"{summary['pages']} pages and {summary['charts']} charts up to date"
              + (f", {plural(len(warnings), 'warning')}" if warnings else ""))
    else:
        print(f"check: {plural(len(errors), 'error')}, {plural(len(warnings), 'warning')}", file=sys.stderr)
    return status
