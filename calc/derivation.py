"""Derived quantities as plain functions of their inputs.

A derivation is an ordinary Python function whose parameters are annotated with the kind of quantity they
take (``Params``, ``TokenRate`` …) and whose single ``return`` expression is the formula. The formula shown
to readers is that expression itself, with each parameter replaced by the name of the quantity bound to it,
so the displayed formula cannot drift from the computation.

Functions receive pint quantities whose magnitudes may be numpy arrays (the engine evaluates every
quantity at the corners of its ranged inputs in one call), so they must use only arithmetic and numpy.
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
import sys
import textwrap
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from calc.errors import CODE_ROOT as ROOT, Location
from calc.units import Kind



@dataclass(frozen=True)
class Derivation:
    name: str
    description: str
    function: Callable[..., object] | None  # None for an envelope
    inputs: tuple[tuple[str, str], ...]  # (parameter, quantity name)
    input_kinds: tuple[Kind, ...]
    kind: Kind
    formula: str
    location: Location
    group: str
    model: str | None = None
    sig: int | None = None
    envelope: bool = False
    carried: bool = False  # it applies another model's figures to this one: tier 4 whatever its inputs' tiers

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(quantity for _, quantity in self.inputs)


class DerivationError(Exception):
    """A derivation is written in a way the engine cannot use (raised at import, naming the line)."""


class Registry:
    """Collects the derivations of one module; ``calc.derivations.ALL`` gathers the modules."""

    def __init__(self, group: str):
        self.group = group
        self.derivations: list[Derivation] = []

    def add(self, name: str, function: Callable[..., object], *, description: str,
            inputs: dict[str, str] | None = None, model: str | None = None, sig: int | None = None,
            carried: bool = False) -> None:
        """Register ``function`` as quantity ``name``; ``inputs`` binds its parameters to quantity names.

        ``carried``: the formula applies figures about other models (a routing, a split, a design) to ``model``;
        data/tiers.yaml makes such a figure speculation, so it is tier 4 whatever the tiers of its inputs.
        """
        location = _caller_location()
        kinds = _annotations(function, location)
        parameters = list(inspect.signature(function).parameters)
        binding = inputs if inputs is not None else {p: p for p in parameters}
        if set(binding) != set(parameters):
            raise DerivationError(f"{location}: inputs of '{name}' must bind exactly the parameters "
                                  f"{', '.join(parameters)} of {function.__name__}")
        pairs = tuple((p, binding[p]) for p in parameters)
        self.derivations.append(Derivation(
            name, description, function, pairs, tuple(kinds[p] for p in parameters), kinds["return"],
            formula_text(function, dict(pairs)), location, self.group, model, sig, carried=carried))

    def envelope(self, name: str, inputs: list[str], kind: Kind, *, description: str, sig: int | None = None) -> None:
        """Register ``name`` as the range from the smallest to the largest of ``inputs``.

        The result is a new uncertain quantity with its own range (for example the bandwidth band from three
        calibrations); downstream formulas treat it as one input, not as the three it came from.
        """
        location = _caller_location()
        self.derivations.append(Derivation(
            name, description, None, tuple((n, n) for n in inputs), tuple(kind for _ in inputs), kind,
            f"from the smallest to the largest of {', '.join(inputs)}", location, self.group, None, sig, True))


def _caller_location() -> Location:
    """The line that registered a derivation (inspect.stack() would read every frame's source: too slow)."""
    frame = sys._getframe(2)
    return Location(_display_path(frame.f_code.co_filename), frame.f_lineno)


@functools.cache
def _annotations_of(function: Callable[..., object]) -> dict[str, object]:
    return typing.get_type_hints(function, include_extras=True)


def _annotations(function: Callable[..., object], location: Location) -> dict[str, Kind]:
    hints = _annotations_of(function)
    kinds: dict[str, Kind] = {}
    for parameter in list(inspect.signature(function).parameters) + ["return"]:
        metadata = getattr(hints.get(parameter), "__metadata__", ())
        kind = next((m for m in metadata if isinstance(m, Kind)), None)
        if kind is None:
            raise DerivationError(f"{location}: {function.__name__}: '{parameter}' has no kind annotation; "
                                  "annotate it with one of the kinds in calc.units (Params, TokenRate, …)")
        kinds[parameter] = kind
    return kinds


@functools.cache
def _return_text(function: Callable[..., object]) -> str:
    """The function's single return expression, as source text (parsed once per function)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    definition = next(node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef))
    body = [s for s in definition.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        raise DerivationError(f"{function.__name__}: a derivation's body must be a single 'return <formula>' "
                              "so that the formula shown is the formula computed")
    return ast.unparse(body[0].value).replace(" * ", " × ")


def formula_text(function: Callable[..., object], names: dict[str, str]) -> str:
    """The function's return expression with parameters renamed to the quantities bound to them."""
    if not names:
        return _return_text(function)
    parameter = re.compile(r"(?<![.\w])(" + "|".join(map(re.escape, names)) + r")(?!\w)")
    return parameter.sub(lambda match: names[match.group(1)], _return_text(function))


def _display_path(filename: str) -> str:
    path = Path(filename).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()
