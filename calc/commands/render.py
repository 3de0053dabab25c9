"""``python -m calc render``: write docs/ (pages, and charts in docs/charts/) from templates/ and data/, all or nothing."""

from __future__ import annotations

import argparse
import sys

from calc import outputs
from calc.commands.check import report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="overwrite generated files that were edited by hand")


def run(args: argparse.Namespace) -> int:
    return render(args.root, force=args.force)


def render(root, force: bool = False, quiet: bool = False) -> int:
    from calc import site  # lazy: start-up time, the CLI imports every verb to build its parser
    recovered = outputs.recover(root)
    if recovered and not quiet:
        print(f"render: {recovered}")
    produced = site.produce(root, draw=True if force else "changed")
    problems = produced.errors
    if not problems and not force:
        problems = outputs.hand_edits(root, produced.outputs)
    if problems:
        report(problems)
        print(f"render: nothing written ({len(problems)} error{'' if len(problems) == 1 else 's'})", file=sys.stderr)
        return 1
    written, removed = outputs.write(root, produced.outputs)
    if not quiet:
        print(written_report(len(produced.outputs), written, removed))
    return 0


def written_report(planned: int, written: list[str], removed: list[str]) -> str:
    return (f"render: {len(written)} written, {planned - len(written)} unchanged, {len(removed)} removed"
            + "".join(f"\n  wrote {path}" for path in written) + "".join(f"\n  removed {path}" for path in removed))
