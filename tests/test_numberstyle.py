"""The number style of data/README.md, tested on every figure link of every page.

- "≈" marks a figure whose inputs are approximate, and nothing else (never an exact ratio that was rounded);
- a range shows one unit prefix, after its second end;
- a table column shows its figures with one prefix per kind of unit where one fits them all, else each its own;
- a ratio that is not 1 never reads "1×"; a single computed value keeps its inputs' significant figures;
- rounding never changes a comparison a claim makes: the figures as shown keep the claim's order.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

import pytest

from calc import assertions, fmt, site
from calc.render import figure_links
from tests.conftest import ROOT

PREFIXES = {"P": 1e15, "T": 1e12, "G": 1e9, "B": 1e9, "M": 1e6, "K": 1e3, "k": 1e3, "": 1.0}
NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:–(\d[\d,]*(?:\.\d+)?))?\s?([PTGBMKk]?)(?=B/|B\b|\s|%|×|/|$)")


@pytest.fixture(scope="module")
def produced():
    return site.produce(ROOT, draw=False)


def pages(produced):
    return [(o.path, o.content.decode()) for o in produced.outputs if o.path.endswith(".md")]


def test_approximate_mark_only_on_approximate_figures(produced):
    quantities = produced.project.quantities
    for path, text in pages(produced):
        for name, shown, line in figure_links(text):
            if shown.startswith(fmt.APPROX):
                assert quantities[name].approximate, f"{path}:{line}: '{shown}' marks an exact figure as approximate"


def test_a_range_has_one_prefix(produced):
    for path, text in pages(produced):
        for name, shown, line in figure_links(text):
            assert not re.search(r"\d\s?[PTGBMKk]\w*\s*–", shown), f"{path}:{line}: '{shown}' has a prefix per end"


def test_a_ratio_that_is_not_one_never_reads_one(produced):
    quantities = produced.project.quantities
    for path, text in pages(produced):
        for name, shown, line in figure_links(text):
            if re.fullmatch(r"≈?1×", shown):
                assert quantities[name].low == quantities[name].high == 1, f"{path}:{line}: {name} is not 1"


def test_table_columns_have_one_prefix(produced):
    for path, text in pages(produced):
        if path.endswith(("figures.md", "sources.md", "tiers.md")):
            continue
        rows = [line for line in text.splitlines() if line.startswith("|")]
        table: list[list[str]] = []
        for row in rows + [""]:
            if row.startswith("|") and (not table or len(_cells(row)) == len(table[0])):
                table.append(_cells(row))
                continue
            for column in zip(*table) if table else []:
                units: dict[str, set[str]] = {}
                for cell in column:
                    links = list(figure_links(cell))
                    if len(links) == 1 and not re.sub(r"\[[^\]]*\]\([^)]*\)", "", cell).strip():
                        match = re.search(r"\s([PTGMKB]?)\s?(params|B/s|B/token|B)$", links[0][1])
                        if match:
                            units.setdefault(match.group(2), []).append(
                                (match.group(1).replace("B", "G"), shown_number(links[0][1].split("–")[-1])))
                for unit, shown in units.items():
                    # One prefix where the column's largest figure's prefix leaves every figure at 1 of it or more;
                    # else each figure in the prefix of its own size (175 B beside 10 T).
                    prefixes = {prefix for prefix, _value in shown}
                    own = [prefix == magnitude_prefix(value) for prefix, value in shown]
                    assert len(prefixes) == 1 or all(own), f"{path}: a column shows {unit} with prefixes {sorted(prefixes)}"
            table = [_cells(row)] if row.startswith("|") else []


def _cells(row: str) -> list[str]:
    return [c.strip() for c in re.split(r"\|(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", row.strip().strip("|"))]


def magnitude_prefix(value: float) -> str:
    return next((p for p, f in (("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("K", 1e3)) if value >= f), "")


def shown_number(text: str) -> float:
    """The value a figure's text states (its lower end for a range), prefix and percent applied."""
    match = NUMBER.search(text.replace(fmt.APPROX, "").replace("$", "").replace(fmt.MINUS, "-"))
    assert match, text
    value = float(match.group(1).replace(",", "")) * PREFIXES[match.group(3)]
    return value / 100 if text.endswith("%") else value


def test_rounding_keeps_every_claims_comparison(produced):
    """For each claim between two ends, the ends as shown still satisfy it (4.75 T < 5 T, 1.03× < 1.5×)."""
    quantities = produced.project.quantities
    checked = 0
    for assertion in produced.project.dataset.assertions.values():
        compare = assertion.tree.body
        terms = [compare.left] + compare.comparators
        if not all(isinstance(t, ast.Call) for t in terms):
            continue
        shown = []
        for term in terms:
            quantity = quantities[term.args[0].id]
            end = quantity.high if term.func.id == "max" else quantity.low
            shown.append(shown_number(fmt.value_text(replace(quantity, value=end))))
        for op, a, b in zip(compare.ops, shown, shown[1:]):
            assert assertions.COMPARISONS[type(op)][1](a, b), f"{assertion.name}: shown {a} vs {b}"
        checked += 1
    assert checked >= 15


def test_single_values_keep_the_figures_of_their_inputs(produced):
    """43 token/s has two significant figures, so Opus 4.6 at 43 / 187 of Kimi's speed is 23%, not 23.0%."""
    quantities = produced.project.quantities
    assert fmt.percent(quantities["speed_ratio_opus_4_6_vs_kimi_k2_thinking"]) == "23%"
    assert fmt.multiple(quantities["speed_ratio_opus_4_6_vs_opus_4_0"]) == "1.9×"  # 43 / 23 = 1.87
    assert fmt.multiple(quantities["speed_ratio_sonnet_4_5_vs_opus_4_5"]) == "1.03×"  # 41 / 40 = 1.025, not "1×"
