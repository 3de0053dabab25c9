"""``python -m calc explain NAME``: where a figure comes from, down to the data."""

from __future__ import annotations

import argparse
import difflib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine is imported when a verb runs: `--help` and a cached check stay fast
    from calc.engine import Project
    from calc.quantity import Quantity


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("names", nargs="+", metavar="NAME", help="a quantity's name (see the Figures page)")


def run(args: argparse.Namespace) -> int:
    from calc import engine  # lazy: start-up time, the CLI imports every verb to build its parser
    project = engine.load(args.root)
    status = 0
    for name in args.names:
        if name not in project.quantities:
            close = difflib.get_close_matches(name, project.quantities, n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            print(f"explain: no quantity named '{name}'.{hint} The Figures page lists them all.", file=sys.stderr)
            status = 1
            continue
        print(explanation(project, name))
    if project.problems.errors:
        count = len(project.problems.errors)
        print(f"explain: note that check reports {count} error{'' if count == 1 else 's'}", file=sys.stderr)
    return status


def tier_text(project: "Project", quantity: "Quantity") -> str:
    if quantity.tier is None:
        return "exact by definition (no tier; weakens nothing)"
    tier = project.dataset.tiers.get(quantity.tier)
    label = f"tier {quantity.tier}" + (f" ({tier.name})" if tier else "")
    return label + (", the weakest of its inputs" if quantity.origin == "derived" else "")


def explanation(project: "Project", name: str) -> str:
    from calc import fmt  # lazy: start-up time, the CLI imports every verb to build its parser
    quantity = project.quantities[name]
    meaning = ""
    if quantity.is_range:
        meaning = "; hard bounds" if quantity.value.meaning == "bounds" else "; from a stated interval"  # type: ignore
    lines = [
        f"{name} — {quantity.description}",
        f"  value:    {fmt.value_text(quantity)}   (exact: {fmt.exact_text(quantity)}{meaning})",
        f"  kind:     {quantity.origin}" + (f", formula: {quantity.formula}" if quantity.formula else ""),
        f"  tier:     {tier_text(project, quantity)}",
        f"  as of:    {quantity.as_of.display() if quantity.as_of else 'not dated'}",
        f"  defined:  {quantity.location}",
        "  sources:  " + (", ".join(f"{s.id} (tier {s.tier}: {s.title})" for s in project.sources_of(name)) or "none"),
    ]
    lines.extend(provenance(project, quantity))
    if quantity.entry and quantity.entry.rationale:
        lines.append(f"  rationale: {quantity.entry.rationale}")
    if quantity.entry and quantity.entry.notes:
        lines.append(f"  notes:    {quantity.entry.notes}")
    if quantity.inputs:
        lines.append("  inputs:")
        lines.extend(_tree(project, quantity.inputs, "  ", set()))
    used = project.used_by.get(name, [])
    if used:
        lines.append(f"  used by:  {', '.join(used)}")
    return "\n".join(lines)


def provenance(project: "Project", quantity: "Quantity") -> list[str]:
    """What was read for a datum: each source in its 'via' chain with its address and date read, and the quote."""
    entry = quantity.entry
    if entry is None or entry.source is None or entry.source not in project.dataset.sources:
        return []
    dataset = project.dataset
    lines = []
    for i, source_id in enumerate(dataset.via_chain(entry.source)):
        source = dataset.sources[source_id]
        label = "read:" if i == 0 else "via:"
        address = (entry.url if i == 0 and entry.url else source.link) or "no address"
        if source.copy and not (i == 0 and entry.url):
            address += f" (the copy we read: {source.copy})" if source.link else f"; the copy we read: {source.copy}"
        read = dataset.date_read(entry) if i == 0 else source.read
        lines.append(f"  {label:<9} {source.id}, tier {source.tier}: {source.title} ({source.publisher})")
        lines.append(f"            at {address}; read {read.display() if read else 'on no recorded date (only through what follows)' if i == 0 and source.via_ids else 'on no recorded date'}")
        if not source.address and source.searched:
            lines.append(f"            searched: {source.searched}")
    lines.append(f"  quote:    “{entry.quote}”" if entry.quote else "  quote:    none recorded")
    return lines


def _tree(project: "Project", names: tuple[str, ...], indent: str, shown: set[str]) -> list[str]:
    """The inputs as a tree; a subtree already printed is named again but not repeated."""
    from calc import fmt  # lazy: start-up time, the CLI imports every verb to build its parser
    lines: list[str] = []
    for i, name in enumerate(names):
        last = i == len(names) - 1
        quantity = project.quantities[name]
        if quantity.origin == "derived":
            detail = f"= {quantity.formula}"
        else:
            source = f", {quantity.sources[0]}" if quantity.sources else ""
            when = f", as of {quantity.as_of}" if quantity.as_of else ""
            detail = f"[{quantity.origin}{source}{when}]"
        tier = "exact" if quantity.tier is None else f"tier {quantity.tier}"
        repeat = quantity.inputs and name in shown
        if repeat:
            detail = "(inputs shown above)"
        lines.append(f"{indent}{'└─ ' if last else '├─ '}{name}  {fmt.value_text(quantity)}  ({tier})  {detail}")
        shown.add(name)
        if not repeat:
            lines.extend(_tree(project, quantity.inputs, indent + ("   " if last else "│  "), shown))
    return lines
