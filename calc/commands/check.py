"""``python -m calc check``: every problem at once — data, derivations, expectations, templates, stale files.

Nothing is written but the cache (.calc-cache/, see calc.cache): with data/, templates/, calc/ and the
generated files as they were at the last full run, check answers from it without computing anything. Exit
status 1 if anything is wrong (warnings, such as figures due for review, count only with --strict).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date

from calc import cache, outputs
from calc.errors import Problem

SHOWN_WARNINGS = 3
OVERDUE = re.compile(r"'(\w+)' was due for review")  # the warning calc.site gives a datum past its review-by date


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
    today = args.today or date.today()
    leftovers = outputs.leftovers(args.root)  # on disk, never cached
    key = cache.inputs_key(args.root)
    kept = cache.load(args.root, key)
    if kept is None or (kept.summary["complete"] and not cache.unchanged_on_disk(args.root, kept)):
        from calc import site  # lazy: start-up time, the CLI imports every verb to build its parser
        # A failed expectation leaves every figure computable: render anyway (nothing is written), so that
        # the sentences and claims it affects are reported in the same run.
        produced = site.produce(args.root, draw=False, today=today, despite_expectations=True)
        kept = site.kept_result(produced)
        cache.store(args.root, key, kept)
        problems = list(produced.problems)
        if not produced.errors and not leftovers:  # mid-way through a render, staleness says nothing new
            problems.extend(site.stale_problems(site.stale_files(args.root, produced)))
    else:
        problems = kept.problems_on((today.year, today.month, today.day))
    problems.extend(leftovers + outputs.site_leftovers(args.root))
    return summarise(problems, kept.summary, args.strict)


def summarise(problems: list[Problem], summary: dict[str, int], strict: bool) -> int:
    """Report the problems and a closing line with the counts; return the exit status."""
    status = report(problems, strict)
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    if not errors and warnings and strict:
        print(f"check: failed under --strict: {warning_summary(warnings)}; without --strict they are warnings",
              file=sys.stderr)
    elif status == 0:
        print(summary_line(problems, summary))
    else:
        print(summary_line(problems, summary), file=sys.stderr)
    return status


def summary_line(problems: list[Problem], summary: dict[str, int]) -> str:
    """check's closing line: the counts when all is well, what is wrong otherwise; warnings said in words."""
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    said = f"; {warning_summary(warnings)}" if warnings else ""
    if errors:
        return f"check: {plural(len(errors), 'error')}{said}"
    return (f"check: {summary['quantities']} quantities, {summary['expectations_held']} expectations hold, "
            f"{summary['pages']} pages and {summary['charts']} charts up to date{said}")


def warning_summary(warnings: list[Problem]) -> str:
    """"18 warnings: 18 figures overdue for review (a, b, c and 15 more)" — the names, not only a count."""
    overdue = [match.group(1) for match in map(OVERDUE.match, (w.message for w in warnings)) if match]
    parts = []
    if overdue:
        named = ", ".join(overdue[:SHOWN_WARNINGS]) + (f" and {len(overdue) - SHOWN_WARNINGS} more"
                                                       if len(overdue) > SHOWN_WARNINGS else "")
        parts.append(f"{plural(len(overdue), 'figure')} overdue for review ({named})")
    others = [w for w in warnings if not OVERDUE.match(w.message)]
    if others:
        parts.append(f"{others[0].location}: {others[0].message}"
                     + (f" and {plural(len(others) - 1, 'other')}" if len(others) > 1 else ""))
    return f"{plural(len(warnings), 'warning')}: " + "; ".join(parts)
