"""The exact range evaluation (calc.evaluation): each array spans only the axes of the ranged leaves it rests on.

Every graph here is built by hand; every expected value is worked out by hand from the leaves' ranges.
"""

from __future__ import annotations

import sys
from pathlib import Path

from calc.derivation import Registry
from calc.errors import Location, Problems
from calc.evaluation import evaluate
from calc.quantity import Quantity, Range
from calc.units import RATIO, Ratio

ROOT = Path(__file__).resolve().parents[1]


def leaf(name: str, low: float, high: float | None = None) -> Quantity:
    value = low if high is None else Range(low, high, "bounds")
    return Quantity(name=name, description=name, kind=RATIO, value=value, origin="assumption",
                    location=Location("tests/test_engine.py"), tier=None, sources=(), as_of=None)


def run(leaves: list[Quantity], registry: Registry) -> tuple[dict[str, Quantity], list[str]]:
    """Evaluate the leaves, then the registry's derivations in the order they were added."""
    problems = Problems(ROOT)
    by_name = {d.name: d for d in registry.derivations}
    order = [q.name for q in leaves] + list(by_name)
    quantities = evaluate(order, {q.name: q for q in leaves}, by_name, problems)
    return quantities, [str(p) for p in problems.items]


def bounds(quantity: Quantity) -> tuple[float, float]:
    return quantity.low, quantity.high


def twice(x: Ratio) -> Ratio:
    return 2 * x


def difference(a: Ratio, b: Ratio) -> Ratio:
    return a - b


def product(a: Ratio, b: Ratio) -> Ratio:
    return a * b


def quotient(a: Ratio, b: Ratio) -> Ratio:
    return a / b


def total(a: Ratio, b: Ratio) -> Ratio:
    return a + b


def bump_plus(a: Ratio, b: Ratio) -> Ratio:
    return (a - 0.5) ** 2 + b


# --- (a) many ranged leaves: the limit was 64 for the whole project, now it is per quantity --------------

many = Registry("test")
for index in range(80):
    many.add(f"double_{index}", twice, description="twice one leaf", inputs={"x": f"leaf_{index}"})
# The last two leaves together: a quantity on the 79th and 80th axis rests on two.
many.add("last_pair", total, description="the last two leaves", inputs={"a": "leaf_78", "b": "leaf_79"})
many.envelope("last_envelope", ["double_78", "double_79"], RATIO, description="the last two doubles' band")
many.add("twice_envelope", twice, description="twice the band", inputs={"x": "last_envelope"})


def test_eighty_ranged_leaves_each_with_a_derivation_evaluate():
    leaves = [leaf(f"leaf_{i}", i, i + 1) for i in range(80)]
    quantities, problems = run(leaves, many)
    assert problems == []
    for i in range(80):  # 2 × [i, i + 1]
        assert bounds(quantities[f"double_{i}"]) == (2 * i, 2 * i + 2)
    assert bounds(quantities["last_pair"]) == (78 + 79, 79 + 80)
    assert bounds(quantities["last_envelope"]) == (2 * 78, 2 * 80)  # from 2 × [78, 79] and 2 × [79, 80]
    assert bounds(quantities["twice_envelope"]) == (4 * 78, 4 * 80)


# --- (b) a leaf used twice is one variable: its axis is shared -----------------------------------------

chains = Registry("test")
chains.add("nothing", difference, description="x - x", inputs={"a": "x", "b": "x"})
chains.add("x_times_y", product, description="x * y", inputs={"a": "x", "b": "y"})
chains.add("x_again", quotient, description="(x * y) / y", inputs={"a": "x_times_y", "b": "y"})
chains.add("y_times_z", product, description="y * z (z's axis made between x's and y's)", inputs={"a": "y", "b": "z"})
chains.add("x_again_by_z", quotient, description="(x * y) / (y * z): x / z", inputs={"a": "x_times_y", "b": "y_times_z"})
chains.add("x_minus_y", difference, description="x - y: independent", inputs={"a": "x", "b": "y"})


def test_a_leaf_used_twice_shares_one_axis():
    leaves = [leaf("x", 2, 3), leaf("z", 8, 10), leaf("y", 4, 5), leaf("single", 7)]
    quantities, problems = run(leaves, chains)
    assert problems == []
    assert quantities["nothing"].value == 0.0 and not quantities["nothing"].is_range  # x - x at every x
    assert bounds(quantities["x_again"]) == (2, 3)  # (x y) / y = x
    assert bounds(quantities["x_again_by_z"]) == (2 / 10, 3 / 8)  # x / z: smallest x over largest z …
    assert bounds(quantities["x_minus_y"]) == (2 - 5, 3 - 4)  # x and y are independent


# --- (c) a quantity resting on too many ranged leaves: one message ------------------------------------

chain = Registry("test")
chain.add("sum_1", total, description="a running sum", inputs={"a": "part_0", "b": "part_1"})
for index in range(2, 12):
    chain.add(f"sum_{index}", total, description="a running sum", inputs={"a": f"sum_{index - 1}", "b": f"part_{index}"})
CHAIN_LINE = sys._getframe().f_lineno - 1


def test_a_quantity_on_too_many_ranged_leaves_gives_one_message():
    leaves = [leaf(f"part_{i}", 1, 2) for i in range(12)]
    quantities, problems = run(leaves, chain)
    assert problems == [
        f"tests/test_engine.py:{CHAIN_LINE}: 'sum_9' rests on 10 ranged figures (part_0, part_1, part_2, part_3, "
        f"part_4, part_5, part_6, part_7, part_8, part_9); at most 9 can be evaluated together (the range check "
        f"evaluates a quantity at 5 points of each: 5^10 points). Make some of its inputs single values, or split "
        f"the quantity so that each part rests on at most 9 ranged figures\n"
        f"    {CHAIN_LINE} |     chain.add(f\"sum_{{index}}\", total, description=\"a running sum\", "
        f"inputs={{\"a\": f\"sum_{{index - 1}}\", \"b\": f\"part_{{index}}\"}})"]
    assert bounds(quantities["sum_8"]) == (9, 18)  # nine parts of 1–2
    assert "sum_9" not in quantities and "sum_11" not in quantities


# --- (d) the monotonicity check names the leaf, wherever its axis sits --------------------------------

bumps = Registry("test")
bumps.add("bump_in_a", bump_plus, description="(a - 0.5)^2 + c", inputs={"a": "a", "b": "c"})
A_LINE = sys._getframe().f_lineno - 1
bumps.add("bump_in_c", bump_plus, description="(c - 0.5)^2 + a", inputs={"a": "c", "b": "a"})
C_LINE = sys._getframe().f_lineno - 1
bumps.add("bump_in_c_again", bump_plus, description="(c - 0.5)^2 + twice b", inputs={"a": "c", "b": "twice_b"})
C_AGAIN_LINE = sys._getframe().f_lineno - 1
bumps.add("twice_b", twice, description="2 b", inputs={"x": "b"})


def monotone_message(line: int, name: str, leaf_name: str, source: str) -> str:
    return (f"tests/test_engine.py:{line}: the range of '{name}' cannot be computed exactly: it rises and falls as "
            f"'{leaf_name}' moves across its range. Split the formula, or narrow the range, so that it is monotone in "
            f"each ranged input\n    {line} | {source}")


def test_the_monotone_check_names_the_right_leaf():
    # b's axis lies between a's and c's; the quantities on a and c do not span it.
    leaves = [leaf("a", 0, 1), leaf("b", 3, 4), leaf("c", 0, 1)]
    registry = Registry("test")
    registry.derivations = [bumps.derivations[3], *bumps.derivations[:3]]  # twice_b before its consumer
    quantities, problems = run(leaves, registry)
    assert problems == [
        monotone_message(A_LINE, "bump_in_a", "a", 'bumps.add("bump_in_a", bump_plus, description="(a - 0.5)^2 + c", '
                         'inputs={"a": "a", "b": "c"})'),
        monotone_message(C_LINE, "bump_in_c", "c", 'bumps.add("bump_in_c", bump_plus, description="(c - 0.5)^2 + a", '
                         'inputs={"a": "c", "b": "a"})'),
        monotone_message(C_AGAIN_LINE, "bump_in_c_again", "c", 'bumps.add("bump_in_c_again", bump_plus, '
                         'description="(c - 0.5)^2 + twice b", inputs={"a": "c", "b": "twice_b"})')]
    # The corners alone: (0 - 0.5)^2 + 0 = 0.25 … (1 - 0.5)^2 + 1 = 1.25, and 0.25 + 6 … 0.25 + 8.
    assert bounds(quantities["bump_in_a"]) == (0.25, 1.25)
    assert bounds(quantities["bump_in_c_again"]) == (6.25, 8.25)
