"""``python -m calc impact``: what a change to data/ changes on the site, before anything is written.

Without options it compares the data as committed (git HEAD) with the data as it stands; with ``--set
NAME=VALUE`` it tries a value without touching any file.
"""

from __future__ import annotations

import argparse
import sys

from typing import TYPE_CHECKING

from calc.commands.check import report

if TYPE_CHECKING:
    from calc import impact  # lazy: start-up time, the CLI imports every verb to build its parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="try a datum at another value (in its own unit; LOW..HIGH for a range); repeatable")


def run(args: argparse.Namespace) -> int:
    from calc import impact  # lazy: start-up time, the CLI imports every verb to build its parser
    settings = {}
    for item in args.set:
        name, separator, value = item.partition("=")
        if not separator:
            print(f"impact: '--set {item}' needs the form NAME=VALUE", file=sys.stderr)
            return 1
        settings[name.strip()] = value.strip()
    result = impact.of_settings(args.root, settings) if settings else impact.of_uncommitted(args.root)
    if result.errors:
        report(result.errors)
        print("impact: the changed data has errors (above); nothing else could be worked out", file=sys.stderr)
        return 1
    print(text(result))
    return 1 if result.broken or result.claims else 0


def text(result: "impact.Impact") -> str:
    lines = [f"Data changed ({len(result.data_changes)}):"] + [f"  {c}" for c in result.data_changes]
    if not result.data_changes:
        return "impact: no change to data/ (commit-wise); try --set NAME=VALUE"
    lines.append(f"\nFigures that change ({len(result.quantities)}):")
    width = max((len(n) for n, _, _ in result.quantities), default=0)
    lines += [f"  {name:<{width}}  {old} → {new}" for name, old, new in result.quantities]
    lines.append(f"\nSentences that change ({len(result.sentences)}):")
    for page, old, new in result.sentences:
        lines.append(f"  {page}:")
        lines += ([f"    - {old}"] if old else []) + ([f"    + {new}"] if new else [])
    lines.append(f"\nCharts that change ({len(result.charts)}):")
    lines += [f"  {chart}" for chart in result.charts]
    lines.append(f"\nExpectations that now fail ({len(result.broken)}):")
    lines += [f"  {problem}" for problem in result.broken]
    lines.append(f"\nClaims that now fail ({len(result.claims)}):")
    for name, says, detail, sentences in result.claims:
        lines.append(f"  {name}: {says}; {detail}")
        lines += [f"    {sentence}" for sentence in sentences]
    if result.tried:
        lines.append(f"\nNothing was written: --set only tries a value. To keep it, write it in data/ at "
                     f"{', '.join(result.tried)}, then run `make site`.")
    else:
        lines.append("\nNothing was written. Run `make site` (or `python -m calc render`) to apply the change.")
    return "\n".join(lines)
