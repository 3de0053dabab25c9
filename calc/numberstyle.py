"""The site's number style where it spans more than one figure: a table column read as a whole.

Each figure is formatted on its own (calc.fmt), its prefix chosen by its size. A table column is then read as
a whole, for the cells that hold one figure in its default style:

- **One prefix, chosen by magnitude.** The column takes the prefix of its largest figure, so "980 B params" above
  "1.10–1.37 T params" shows as "0.98 T params"… unless that would show a figure whose larger end is below 1 of the
  prefix (a billion-scale figure in T, "0.351–0.373 T"): then each figure keeps the prefix its own size calls for
  ("351–373 B" above "3.27 T"; "175 B" beside "10 T", never "10,000 B").
- **One precision.** Computed ratios and percentages in a column show the same significant figures: the fewest
  any of them has ("46%" beside "53%", not "45.6%"), except where that would show a ratio that is not 1 as 1.
  A datum keeps the figures it was written with.

calc.number_lint checks the result on every page; the written style is in data/README.md ("How figures are
written").
"""

from __future__ import annotations

import re
from dataclasses import replace

from calc import fmt
from calc.quantity import Quantity
from calc.usage import FIGURE_LINK

MIN_MANTISSA = 1  # a figure's larger end is never shown below 1 of its prefix ("0.093–0.105 T" is "93–105 B")


def one_prefix_per_column(text: str, quantities: dict[str, Quantity]) -> str:
    """The page with every Markdown table's columns brought to one prefix (by magnitude) and one precision."""
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


def column_prefix(family: str, figures: list[tuple[float, ...]]) -> str | None:
    """The one prefix a column of figures (each its ends) is shown with: its largest figure's, if every figure's
    larger end is then at least 1 of it; else None (each figure keeps the prefix of its own size: "175 B" beside
    "10 T", never "0.175 T" or "10,000 B")."""
    largest = max(abs(v) for ends in figures for v in ends)
    chosen = next((symbol for factor, symbol in fmt.SCALES[family] if largest >= float(factor)), "")
    if min(max(abs(v) for v in ends) for ends in figures) / _factor(family, chosen) < 1:
        return None
    return chosen


def _table(rows: list[str], quantities: dict[str, Quantity]) -> list[str]:
    split = [_cells(r) for r in rows]
    width = max(len(c) for c in split)
    for column in range(width):
        found: dict[str, list[str]] = {}
        tops: dict[str, list[tuple[float, ...]]] = {}
        for cells in split:
            match = _only_figure(cells[column]) if column < len(cells) else None
            shown = _default_prefix(match, quantities) if match else None
            if shown and match:
                found.setdefault(shown[0], []).append(shown[1])
                tops.setdefault(shown[0], []).append(fmt.ends(quantities[match.group(2)]))
        for family, prefixes in found.items():
            chosen = column_prefix(family, tops[family])
            if len(set(prefixes)) < 2 or chosen is None:
                continue
            for cells in split:
                match = _only_figure(cells[column]) if column < len(cells) else None
                if match:
                    cells[column] = cells[column].replace(match.group(0),
                                                          _with_prefix(match, quantities, family, chosen))
        _one_precision(split, column, quantities)
    return ["|".join(cells) for cells in split]


def significant_figures(figure: str) -> int:
    """The significant figures a shown number has ("45.6" 3, "0.35" 2, "53" 2, "1,000" 4): its digits without
    leading zeros."""
    return len(figure.replace(",", "").replace(".", "").lstrip("0")) or 1


def shown_sig(text: str) -> int | None:
    """The significant figures of a shown ratio or percentage's larger end, or None if it is neither."""
    match = re.fullmatch(r"≈?(?:[\d.,]+–)?([\d.,]+)(×|%)", text)
    return significant_figures(match.group(1)) if match else None


def _one_precision(split: list[list[str]], column: int, quantities: dict[str, Quantity]) -> None:
    """Ratios and percentages of a column shown to the fewest significant figures any of them has."""
    cells = []
    for cells_of_row in split:
        match = _only_figure(cells_of_row[column]) if column < len(cells_of_row) else None
        quantity = quantities.get(match.group(2)) if match else None
        if match is None or quantity is None or match.group(1) != fmt.value_text(quantity):
            continue
        if quantity.kind.style in ("ratio", "percent") and not quantity.is_range and quantity.origin == "derived":
            cells.append((cells_of_row, match, quantity, shown_sig(match.group(1))))
    cells = [c for c in cells if c[3] is not None and not _whole_ratio(c[1].group(1))]
    target = column_sig([quantity for _r, _m, quantity, _s in cells])
    if target is None:
        return
    for cells_of_row, match, quantity, sig in cells:
        text = figure_at(quantity, target)
        if text != match.group(1):
            cells_of_row[column] = cells_of_row[column].replace(
                match.group(0), "[" + text + "]" + match.group(0)[len(match.group(1)) + 2:])


def figure_at(quantity: Quantity, sig: int) -> str:
    """A ratio or percentage shown to ``sig`` significant figures (a ratio that is not 1 gets more if it needs them)."""
    return fmt.percent(quantity, sig) if quantity.kind.style == "percent" else fmt.multiple(quantity, sig)


def column_sig(quantities: list[Quantity]) -> int | None:
    """The significant figures a column of computed ratios and percentages is shown to: the fewest any of them has
    in its own style, or more if a ratio needs them not to read 1 ("1.19×" beside "1.03×", not "1.2×")."""
    own = [shown_sig(fmt.value_text(q)) for q in quantities]
    if len(set(own)) < 2:
        return None
    fewest = min(s for s in own if s is not None)
    return max(shown_sig(figure_at(q, fewest)) or fewest for q in quantities)


PREFIX_FACTORS = {symbol: float(factor) for family in fmt.SCALES.values() for factor, symbol in family}
SHOWN_PREFIX = re.compile(r"\d\s?([PTGBMKk])(?=B/|B\b| params| tokens|\s|$)")


def shown_prefix(shown: str) -> str:
    """The SI prefix a shown figure carries ("T" in "4.75 T params"), or ""."""
    match = SHOWN_PREFIX.search(shown.replace(fmt.APPROX, ""))
    return match.group(1) if match else ""


def shown_value(shown: str) -> tuple[float, float] | None:
    """A shown figure's (first) number and the step of its last digit, prefix and percent applied, in the unit it
    is in: "77.1%" → (0.771, 0.001); "4.75 T params" → (4.75e12, 0.01e12)."""
    match = re.search(r"\d[\d,]*(?:\.\d+)?", shown)
    if match is None:
        return None
    figure = match.group(0).replace(",", "")
    scale = PREFIX_FACTORS.get(shown_prefix(shown), 1.0) / (100 if shown.rstrip().endswith("%") else 1)
    return float(figure) * scale, 10.0 ** -len(figure.partition(".")[2]) * scale


def within_resolution(a: str, b: str, coarser: bool = False) -> bool:
    """Whether two shown figures differ by no more than a last digit (the finer figure's, or with ``coarser`` the
    less precise one's): rounding alone could make the gap, so neither leads (77.1% against 77.0%; 78.7% against
    ≈79%, coarser)."""
    first, second = shown_value(a), shown_value(b)
    if first is None or second is None:
        return False
    step = max(first[1], second[1]) if coarser else min(first[1], second[1])
    return abs(first[0] - second[0]) <= step * (1 + 1e-9)


def leaders(quantities: list[Quantity]) -> list[Quantity]:
    """The highest of some scores (by their top ends) and every other within the less precise one's last digit of
    it, as shown: a ranking of measured scores is no finer than its coarsest figure."""
    ranked = sorted(quantities, key=lambda q: q.high, reverse=True)
    top = fmt.value_text(replace(ranked[0], value=ranked[0].high))
    return [q for q in ranked if within_resolution(fmt.value_text(replace(q, value=q.high)), top, coarser=True)]


def _whole_ratio(text: str) -> bool:
    """A ratio of ten or more is shown whole ("18×"): its precision is its size's, not chosen."""
    return text.endswith("×") and "." not in text


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
