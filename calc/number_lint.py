"""The number style's check (data/README.md, "How figures are written"), on every figure link of every page.

calc.fmt and calc.numberstyle write figures this way; this pass reads the pages as rendered and fails where a
filter, a template or a table forced another form:

- a range has one prefix, after its second end ("0.55–4.75 T", never "550 B–4.75 T");
- a figure's prefix fits its size: never 1,000 or more of it ("≈10,000 B", "4750 B"), its larger end never under
  1 of it ("0.093–0.105 T" is "93–105 B"; a range's lower end may be: "0.55–4.75 T");
- a table column whose figures fit one prefix shows them with one;
- a count is shown exactly ("2,048 tokens", never "2.05K tokens");
- computed ratios and percentages in a table column show one precision ("1.2×" beside "1.03×" is two);
- "highest", "leads", "more than" (and the like) only in a sentence bound to a claim whose figures, as shown,
  differ by more than the finer one's last digit (77.1% does not lead 77.0%);
- no claim or figure takes a difference between scores on different benchmarks.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from typing import Iterable, Iterator

from calc import fmt, numberstyle
from calc.assertions import Binding
from calc.engine import Project
from calc.errors import Location, Problem
from calc.quantity import Quantity
from calc.usage import figure_links

NUMBERS = re.compile(r"\d[\d,]*(?:\.\d+)?")
LEADS = re.compile(r"\b(?:highest|lowest|leads?|led|leading|ahead of|tops|more than|less than|fewer than)\b", re.I)
BENCHMARK = re.compile(r"^(?:stated_)?bench_(?P<benchmark>[a-z0-9_]+)$")
FIX_PREFIX = "Choose the prefix by the figure's size (calc.fmt does, unless a filter's argument or a table forces another)"


def lint_page(path: str, text: str, quantities: dict[str, Quantity]) -> list[Problem]:
    """Every figure link of one page (``text`` as written to ``path``, its stamp included) against the style."""
    problems = [p for name, shown, line in figure_links(text) if name in quantities
                for p in _figure_problems(Location(path, line), shown, quantities[name])]
    for table in _tables(text):
        problems.extend(_column_problems(path, table, quantities))
        problems.extend(_leader_problems(path, table))
    return problems


def _leader_problems(path: str, table: list[tuple[int, list[str]]]) -> Iterator[Problem]:
    """A column headed "Highest" (or "Leader", "Leads") names one row's figure as the top only where it is ahead
    of the next by more than the less precise figure's last digit; else the cell says "tied"."""
    header = [c.strip().lower() for c in table[0][1]]
    column = next((i for i, c in enumerate(header) if c in ("highest", "leader", "leads", "lead")), None)
    if column is None:
        return
    for line, cells in table[2:]:
        if column >= len(cells) or cells[column].strip().lower().startswith("tied"):
            continue
        shown = [m.group(1) for c in cells if (m := numberstyle._only_figure(c))]
        values = sorted(((numberstyle.shown_value(t) or (float("-inf"), 0.0))[0], t) for t in shown)
        if len(values) > 1 and numberstyle.within_resolution(values[-1][1], values[-2][1], coarser=True):
            yield Problem(Location(path, line), f"'{cells[column].strip()}' is named {header[column]} on a lead no "
                                                f"wider than the figures' last digit ('{values[-1][1]}' against "
                                                f"'{values[-2][1]}')",
                          "Say 'tied' (the leader filter does)")


def _figure_problems(where: Location, shown: str, quantity: Quantity) -> Iterator[Problem]:
    if re.search(r"\d\s?[PTGBMKk]\w*\s*–", shown):
        yield Problem(where, f"'{shown}' gives each end of a range its own prefix",
                      "Write a range with one prefix, after its second end")
    prefix = _prefix(shown)
    numbers = [float(n.replace(",", "")) for n in NUMBERS.findall(shown)]
    if prefix and numbers and fmt.prefix_of(quantity) is not None:
        if max(numbers) >= 1000:
            yield Problem(where, f"'{shown}' counts {prefix} past 1,000: the figure is {fmt.value_text(quantity)}",
                          FIX_PREFIX)
        elif max(numbers) < numberstyle.MIN_MANTISSA:
            yield Problem(where, f"'{shown}' shows a figure under 1 {prefix}: the figure is "
                                 f"{fmt.value_text(quantity)}", FIX_PREFIX)
    if fmt.exact_count(quantity) and (prefix or shown != fmt.value_text(quantity)) and numbers:
        exact = fmt.value_text(quantity)
        if [float(n.replace(",", "")) for n in NUMBERS.findall(exact)] != numbers:
            yield Problem(where, f"'{shown}' rounds a count: it is exactly {exact}",
                          "Show a count whole (leave out the filter's significant figures)")


def _prefix(shown: str) -> str:
    return numberstyle.shown_prefix(shown)


def _tables(text: str) -> Iterator[list[tuple[int, list[str]]]]:
    """Each Markdown table of a page: its rows as (line number, cells)."""
    table: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.split("\n") + [""], 1):
        if line.lstrip().startswith("|"):
            table.append((number, numberstyle._cells(line)))
        elif table:
            yield table
            table = []


def _column_problems(path: str, table: list[tuple[int, list[str]]], quantities: dict[str, Quantity]) -> list[Problem]:
    problems = []
    for column in range(max(len(cells) for _n, cells in table)):
        figures = []
        for number, cells in table:
            match = numberstyle._only_figure(cells[column]) if column < len(cells) else None
            if match and match.group(2) in quantities:
                figures.append((number, match.group(1), quantities[match.group(2)]))
        problems.extend(_one_prefix(path, figures))
        problems.extend(_one_precision(path, figures))
    return problems


def _one_prefix(path: str, figures: list[tuple[int, str, Quantity]]) -> Iterator[Problem]:
    families: dict[str, list[tuple[int, str, Quantity]]] = {}
    for figure in figures:
        family = fmt.prefix_of(figure[2])
        if family is not None and figure[1] == fmt.value_text(figure[2], prefix=_prefix(figure[1]) or None):
            families.setdefault(family[0], []).append(figure)
    for family, cells in families.items():
        shown = sorted({_prefix(text) for _n, text, _q in cells})
        chosen = numberstyle.column_prefix(family, [fmt.ends(q) for _n, _t, q in cells])
        if chosen is None or len(shown) < 2:
            continue
        line, text, _q = next(c for c in cells if _prefix(c[1]) != chosen)
        yield Problem(Location(path, line), f"a table column shows its figures with the prefixes {', '.join(shown)} "
                                            f"('{text}'), where one fits them all ({chosen})",
                      "Show a column's figures with one prefix (calc.numberstyle does for cells that hold one figure)")


def _one_precision(path: str, figures: list[tuple[int, str, Quantity]]) -> Iterator[Problem]:
    cells = [(line, text, numberstyle.shown_sig(text)) for line, text, quantity in figures
             if quantity.kind.style in ("ratio", "percent") and quantity.origin == "derived" and not quantity.is_range
             and not numberstyle._whole_ratio(text)]
    sigs = [sig for _l, _t, sig in cells if sig is not None]
    if len(set(sigs)) < 2:
        return
    most = max(sigs, key=sigs.count)
    line, text, _s = next(c for c in cells if c[2] != most)
    other = next(t for _l, t, sig in cells if sig == most)
    yield Problem(Location(path, line), f"a table column shows its figures to different precisions ('{text}' beside "
                                        f"'{other}')",
                  "Show them to one precision (calc.numberstyle does for cells that hold one computed figure)")


def lint_leads(project: Project, bindings: Iterable[Binding]) -> list[Problem]:
    """A sentence that says one figure leads, is highest or is more than another is bound to a claim whose
    figures, as shown, differ by more than their last digit: else it fails, and should say "tied" or "within"."""
    problems = []
    for binding in bindings:
        word = LEADS.search(binding.sentence)
        assertion = project.dataset.assertions.get(binding.claim)
        if word is None or assertion is None or assertion.tree is None:
            continue
        close = _closest(project, assertion.tree)
        if close is not None:
            problems.append(Problem(Location(binding.template, binding.line),
                                    f"'{word.group(0)}' in a sentence bound to '{binding.claim}', whose figures as shown "
                                    f"differ by no more than a last digit ({close[0]} against {close[1]})",
                                    "Say 'tied' or 'within', or bind the sentence to a claim whose figures differ by "
                                    "more than their resolution"))
    return problems


def _closest(project: Project, tree: ast.Expression) -> tuple[str, str] | None:
    """Two neighbouring terms of a claim whose shown ends are no further apart than the finer one's last digit."""
    compare = tree.body
    if not isinstance(compare, ast.Compare):
        return None
    terms = [compare.left] + list(compare.comparators)
    shown = [_shown_end(project, term) for term in terms]
    for op, a, b in zip(compare.ops, shown, shown[1:]):
        if a and b and isinstance(op, (ast.Lt, ast.Gt)) and numberstyle.within_resolution(a, b):
            return a, b
    return None


def _shown_end(project: Project, term: ast.expr) -> str | None:
    """A claim's term max(x) or min(x) as shown."""
    if not (isinstance(term, ast.Call) and isinstance(term.func, ast.Name) and term.func.id in ("max", "min")
            and term.args and isinstance(term.args[0], ast.Name)):
        return None
    quantity = project.quantities.get(term.args[0].id)
    if quantity is None:
        return None
    return fmt.value_text(replace(quantity, value=quantity.high if term.func.id == "max" else quantity.low))


def lint_benchmarks(project: Project) -> list[Problem]:
    """No claim orders, and no figure subtracts, scores on different benchmarks: a point on one is not a point on
    another."""
    problems = []
    for assertion in project.dataset.assertions.values():
        compare = assertion.tree.body if assertion.tree is not None else None
        if not isinstance(compare, ast.Compare):
            continue
        terms = [compare.left] + list(compare.comparators)
        for op, a, b in zip(compare.ops, terms, terms[1:]):
            first, second = _benchmark(project, a), _benchmark(project, b)
            if isinstance(op, (ast.Lt, ast.Gt)) and first and second and first != second:
                problems.append(Problem(assertion.location, f"claim '{assertion.name}' compares scores on different "
                                                            f"benchmarks ({first} and {second})",
                                        "Compare scores on one benchmark only"))
                break
    for quantity in project.quantities.values():
        benchmarks = {_benchmark_of(project, name) for name in quantity.inputs} - {None}
        if quantity.origin == "derived" and len(benchmarks) > 1:
            problems.append(Problem(quantity.location, f"'{quantity.name}' is computed from scores on different "
                                                       f"benchmarks ({', '.join(sorted(benchmarks))})",
                                    "Compute from scores on one benchmark only"))
    return problems


def _benchmark(project: Project, term: ast.expr) -> str | None:
    if isinstance(term, ast.Call) and term.args and isinstance(term.args[0], ast.Name):
        return _benchmark_of(project, term.args[0].id)
    return None


def _benchmark_of(project: Project, name: str) -> str | None:
    """The benchmark a score is on: bench_<benchmark>_<model> (or stated_bench_…), from the score's model."""
    quantity = project.quantities.get(name)
    if quantity is None or quantity.model is None or not name.endswith("_" + quantity.model):
        return None
    match = BENCHMARK.match(name.removesuffix("_" + quantity.model))
    return match.group("benchmark") if match else None

