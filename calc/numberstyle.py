"""The site's number style where it spans more than one figure: one unit prefix per table column.

Each figure is formatted on its own (calc.fmt); a table column is read as a whole, so a column holding
"550–683 B params" above "1.10–1.37 T params" shows the first as "0.550–0.683 T params": the same prefix down
the column, the same significant figures as before. The prefix is the one most cells of the column already
have (the smaller on a tie), unless it would show a figure as 0.00…; then the column's smallest prefix. Only cells that hold one figure, in its default style, are rewritten.
The written style is in data/README.md ("How figures are written").
"""

from __future__ import annotations

import re

from calc import fmt
from calc.quantity import Quantity
from calc.usage import FIGURE_LINK

MIN_MANTISSA = 0.01  # a prefix that would show a figure as 0.00… is not used for its column


def one_prefix_per_column(text: str, quantities: dict[str, Quantity]) -> str:
    """The page with every Markdown table's columns brought to one prefix per scale family."""
    lines = text.split("\n")
    start = None
    for number in range(len(lines) + 1):
        in_table = number < len(lines) and lines[number].lstrip().startswith("|")
        if in_table and start is None:
            start = number
        elif not in_table and start is not None:
            lines[start:number] = _table(lines[start:number], quantities)
            start = None
    return "\n".join(lines)


def _cells(row: str) -> list[str]:
    """A row's cells, split on the pipes that are not inside a link's title."""
    cells, depth, current = [], 0, ""
    for character in row:
        if character == '"':
            depth ^= 1
        if character == "|" and not depth:
            cells.append(current)
            current = ""
        else:
            current += character
    cells.append(current)
    return cells


def _table(rows: list[str], quantities: dict[str, Quantity]) -> list[str]:
    split = [_cells(r) for r in rows]
    width = max(len(c) for c in split)
    for column in range(width):
        found: dict[str, list[str]] = {}
        values: dict[str, list[float]] = {}
        for cells in split:
            match = _only_figure(cells[column]) if column < len(cells) else None
            shown = _default_prefix(match, quantities) if match else None
            if shown and match:
                found.setdefault(shown[0], []).append(shown[1])
                values.setdefault(shown[0], []).append(abs(quantities[match.group(2)].low))
        for family, prefixes in found.items():
            if len(set(prefixes)) < 2:
                continue
            order = [symbol for _, symbol in fmt.SCALES[family]]  # largest first
            ranked = sorted(set(prefixes), key=lambda p: (-prefixes.count(p), -(order.index(p) if p in order else 99)))
            smallest = min(values[family])
            chosen = next((p for p in ranked if smallest / _factor(family, p) >= MIN_MANTISSA), ranked[-1])
            chosen = min(prefixes, key=lambda p: order.index(p) if p in order else 99) \
                if smallest / _factor(family, chosen) < MIN_MANTISSA else chosen
            for cells in split:
                match = _only_figure(cells[column]) if column < len(cells) else None
                if match:
                    cells[column] = cells[column].replace(match.group(0),
                                                          _with_prefix(match, quantities, family, chosen))
    return ["|".join(cells) for cells in split]


def _factor(family: str, prefix: str) -> float:
    return float(next((f for f, symbol in fmt.SCALES[family] if symbol == prefix), 1))


def _only_figure(cell: str) -> re.Match[str] | None:
    """The figure link a cell consists of (a cell with words besides its figure is prose, and left alone)."""
    matches = list(FIGURE_LINK.finditer(cell))
    if len(matches) == 1 and not FIGURE_LINK.sub("", cell).strip():
        return matches[0]
    return None


def _default_prefix(match: re.Match[str], quantities: dict[str, Quantity]) -> tuple[str, str] | None:
    quantity = quantities.get(match.group(2))
    if quantity is None or match.group(1) != fmt.value_text(quantity):
        return None
    return fmt.prefix_of(quantity)


def _with_prefix(match: re.Match[str], quantities: dict[str, Quantity], family: str, prefix: str) -> str:
    shown = _default_prefix(match, quantities)
    if shown is None or shown[0] != family or shown[1] == prefix:
        return match.group(0)
    quantity = quantities[match.group(2)]
    text = fmt.value_text(quantity, prefix=prefix)
    return "[" + text + "]" + match.group(0)[len(match.group(1)) + 2:]
