"""Claims the prose makes, checked like figures: named in data/assertions.yaml, evaluated over whole ranges.

A sentence that compares, bounds or quantifies ("below", "every", "only", "far", "not") is bound in its
template to a named claim: ``{{ claim("opus_4_6_below_the_claim") }}``. The claim is an inequality between the
ends of quantities::

    holds: max(totals_opus_4_6) < min(claim_opus_5_total)

``max(x)`` is the top of x's range and ``min(x)`` its bottom, so a claim holds for every value the inputs
allow. A *family* (calc.families) is a quantity too: its range is the envelope of every scenario in it, so
``max(totals_opus_4_6)`` is the largest total over every precision and routing the site presents.

When the data make a claim false, ``check`` fails at the line of each sentence bound to it; ``impact`` lists
the claims an edit would break, each with its sentence. Editors may mark a sentence as qualitative (it
compares nothing the data hold) in the same file, with a reason; see calc.prose_lint.
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from typing import Any

from calc.errors import Location, Problem
from calc.schema import Fields, named_items, top_section
from calc.units import REGISTRY, DimensionalityError

FILE = "data/assertions.yaml"
COMPARISONS = {ast.Lt: ("<", operator.lt), ast.LtE: ("≤", operator.le), ast.Gt: (">", operator.gt),
               ast.GtE: ("≥", operator.ge)}
ENDS = {"max": "high", "min": "low"}


@dataclass(frozen=True)
class Assertion:
    """A claim the prose makes: what it says in words, and the inequality that must hold."""

    name: str
    says: str
    holds: str
    location: Location
    tree: ast.Expression | None = None


@dataclass(frozen=True)
class Qualitative:
    """A sentence an editor has marked as comparing nothing the data hold, with the reason."""

    template: str
    sentence: str
    reason: str
    location: Location


@dataclass(frozen=True)
class AssertionResult:
    assertion: Assertion
    holds: bool | None  # None: not evaluated (a name it uses failed for a reason reported elsewhere)
    detail: str


# --- reading -----------------------------------------------------------------------------------------------

def read(data: Any, path: str, dataset: Any, problems: list[Problem]) -> None:
    """data/assertions.yaml: ``assertions:`` (name → says, holds) and ``qualitative:`` (a list of marks)."""
    section = top_section(data, "assertions", path, problems)
    for name, body, where in named_items(section, "claim", problems) if section else []:
        fields = Fields(body, f"claim '{name}'", where, problems)
        fields.check_keys(("says", "holds"))
        says = fields.text("says", "the claim in words, as the prose makes it", required=True)
        holds = fields.text("holds", "an inequality such as max(a) < min(b)", required=True)
        if says is None or holds is None:
            continue
        tree, error = parse(holds)
        if error:
            problems.append(Problem(fields.location("holds"), f"cannot read 'holds' of claim '{name}': {error}",
                                    "Write an inequality between max(name), min(name), numbers, * and /, such as "
                                    "max(totals_opus_4_6) < min(claim_opus_5_total)"))
            continue
        dataset.assertions[name] = Assertion(name, says, holds, where, tree)
    marks = data.get("qualitative", []) if hasattr(data, "get") else []
    if not isinstance(marks, list):
        problems.append(Problem(Location(path, 1), "'qualitative' must be a list", "Write each mark as '- template: …'"))
        return
    for item, line in zip(marks, getattr(marks, "item_lines", [])):
        fields = Fields(item, "qualitative mark", Location(path, line), problems)
        fields.check_keys(("template", "sentence", "reason"))
        values = (fields.text("template", "the template's path, e.g. templates/index.md.j2", required=True),
                  fields.text("sentence", "words of the sentence, as written in the template", required=True),
                  fields.text("reason", "why the sentence compares nothing the data hold", required=True))
        if all(values):
            dataset.qualitative.append(Qualitative(*values, Location(path, line)))  # type: ignore[arg-type]


MAX_DEPTH = 40  # the claims' trees are five levels deep
TOO_DEEP = f"it is nested more than {MAX_DEPTH} deep (terms or brackets within one another)"


def parse(text: str) -> tuple[ast.Expression | None, str | None]:
    """The inequality as a syntax tree, or why it is not one of the allowed shape."""
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        return None, f"not an expression ({exc.msg})"
    except (RecursionError, MemoryError):  # Python's parser recurses once a level
        return None, TOO_DEEP
    if _depth(tree) > MAX_DEPTH:  # evaluation and display recurse too
        return None, TOO_DEEP
    if not isinstance(tree.body, ast.Compare) or not all(type(op) in COMPARISONS for op in tree.body.ops):
        return None, "it is not a comparison with <, <=, > or >="
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and node.func.id in ENDS and len(node.args) == 1
                    and isinstance(node.args[0], ast.Name) and not node.keywords):
                return None, "only max(name) and min(name) may be called"
        elif isinstance(node, ast.BinOp) and not isinstance(node.op, (ast.Mult, ast.Div)):
            return None, "only * and / may combine terms"
        elif not isinstance(node, (ast.Expression, ast.Compare, ast.Call, ast.BinOp, ast.Name, ast.Load,
                                   ast.Constant, ast.Mult, ast.Div, *COMPARISONS)):
            return None, f"'{ast.unparse(node)}' is not allowed"
        elif isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            return None, f"{node.value!r} is not a number"
    bare = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in ENDS
            and not _called(tree, n)]
    if bare:
        return None, f"say max({bare[0]}) or min({bare[0]}): a claim must say which end of a range it uses"
    return tree, None


def _depth(tree: ast.AST) -> int:
    """How many levels down the syntax tree goes, walked without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _called(tree: ast.AST, name: ast.Name) -> bool:
    return any(isinstance(n, ast.Call) and name in n.args for n in ast.walk(tree))


def names_in(assertion: Assertion) -> list[str]:
    if assertion.tree is None:
        return []
    return list(dict.fromkeys(n.args[0].id for n in ast.walk(assertion.tree) if isinstance(n, ast.Call)))


# --- evaluating --------------------------------------------------------------------------------------------

def evaluate(assertion: Assertion, quantities: dict[str, Any], is_known: Any) -> AssertionResult:
    """Whether the inequality holds at the ends of every range it names."""
    names = names_in(assertion)
    unknown = [n for n in names if n not in quantities and not is_known(n)]
    if unknown:
        return AssertionResult(assertion, False, f"it names '{unknown[0]}', which is not a quantity")
    if any(n not in quantities for n in names):
        return AssertionResult(assertion, None, "not checked: a quantity it names could not be computed")
    assert assertion.tree is not None
    compare = assertion.tree.body
    assert isinstance(compare, ast.Compare)
    try:
        terms = [_term(compare.left, quantities)] + [_term(c, quantities) for c in compare.comparators]
        holds = all(COMPARISONS[type(op)][1](a[0], b[0]) for op, a, b in zip(compare.ops, terms, terms[1:]))
    except DimensionalityError as exc:
        return AssertionResult(assertion, False, f"it compares quantities of different dimensions ({exc})")
    shown = " ".join(
        [f"{terms[0][1]} = {_text(terms[0][0])}"]
        + [f"{COMPARISONS[type(op)][0]} {t[1]} = {_text(t[0])}" for op, t in zip(compare.ops, terms[1:])])
    return AssertionResult(assertion, holds, ("it holds: " if holds else "it does not hold: ") + shown)


def _term(node: ast.AST, quantities: dict[str, Any]) -> tuple[Any, str]:
    """A term's value (a pint quantity in canonical units) and its text."""
    if isinstance(node, ast.Constant):
        return REGISTRY.Quantity(float(node.value), "1"), repr(node.value)
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name) and isinstance(node.args[0], ast.Name)
        quantity = quantities[node.args[0].id]
        value = getattr(quantity, ENDS[node.func.id])
        return REGISTRY.Quantity(value, quantity.kind.unit), ast.unparse(node)
    if isinstance(node, ast.BinOp):
        left, right = _term(node.left, quantities), _term(node.right, quantities)
        value = left[0] * right[0] if isinstance(node.op, ast.Mult) else left[0] / right[0]
        return value, ast.unparse(node)
    raise ValueError(ast.unparse(node))


def _text(value: Any) -> str:
    reduced = value.to_reduced_units() if hasattr(value, "to_reduced_units") else value
    unit = "" if str(reduced.units) == "dimensionless" else f" {reduced.units:~}"
    return f"{reduced.magnitude:.6g}{unit}"


def evaluate_all(dataset: Any, quantities: dict[str, Any], is_known: Any) -> list[AssertionResult]:
    return [evaluate(a, quantities, is_known) for a in dataset.assertions.values()]


# --- bindings: which sentence relies on which claim ------------------------------------------------------------

@dataclass(frozen=True)
class Binding:
    """A sentence bound to a claim: where its template says so, and the sentence as rendered."""

    claim: str
    template: str
    line: int
    page: str
    sentence: str = ""


def binding_problems(results: list[AssertionResult], bindings: list[Binding], every_page: bool = True) -> list[Problem]:
    """A false claim fails at every sentence bound to it; a claim no sentence uses is reported at its definition
    (only when ``every_page`` rendered: a page that failed to render binds nothing, and its error says why)."""
    problems = []
    bound = {b.claim for b in bindings}
    for result in results:
        assertion = result.assertion
        if result.holds is False:
            users = [b for b in bindings if b.claim == assertion.name]
            for binding in users:
                problems.append(Problem(Location(binding.template, binding.line),
                                        f"the sentence relies on claim '{assertion.name}' ({assertion.says}), which "
                                        f"the data no longer support: {result.detail}",
                                        f"Reword the sentence, or check the data; the claim is defined at "
                                        f"{assertion.location}"))
            if not users:
                problems.append(Problem(assertion.location, f"claim '{assertion.name}' fails: {result.detail}",
                                        "Check the figures it names"))
        if every_page and assertion.name not in bound:
            problems.append(Problem(assertion.location, f"claim '{assertion.name}' is bound to no sentence",
                                    "Bind the sentence that makes it with {{ claim(\"" + assertion.name + "\") }}, "
                                    "or remove the claim"))
    return problems
