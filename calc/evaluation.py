"""Every quantity's value, evaluated exactly over the ranges of the leaves it rests on (see calc.engine).

Each ranged leaf gets an axis of its own, and each formula is called once on numpy arrays that broadcast over
those axes: a quantity's bounds are the smallest and largest of its values at the corners. An array spans only
the axes of the ranged leaves it rests on (its labels, newest axis first); before a formula is called its inputs
are spread over the union of their labels, so a leaf used twice in a chain is one axis, not two. The limit is
then per quantity (MAX_RANGED ranged figures), not per project. A second pass on a grid of points inside the
ranges reports any quantity that is not monotone in a leaf (the corners would then not bound it). The
significant figures a result may claim are worked out from its inputs here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from calc.derivation import Derivation
from calc.errors import Problems
from calc.quantity import DEFAULT_SIG, Quantity, Range
from calc.schema import PartialDate
from calc.units import REGISTRY, DimensionalityError, dimension_text, unit

GRID_POINTS = 5
RELATIVE_NOISE = 1e-9
SPECULATION = 4  # the evidence tier of speculation (data/tiers.yaml)
MAX_GRID_VALUES = 5_000_000  # the largest array the grid pass may make for one quantity (8 bytes a value)
# The most ranged figures one quantity may rest on: the grid pass evaluates it at GRID_POINTS**k points.
MAX_RANGED = max(k for k in range(1, 64) if GRID_POINTS ** k <= MAX_GRID_VALUES)


@dataclass
class _Pass:
    """One evaluation of the whole graph: at the corners (2 points a leaf) or on a grid inside the ranges.

    ``axes`` names every axis made so far (an axis is its place in that list); ``labels`` gives, for each array,
    the axes its dimensions stand for, newest first, one dimension each (a single value has none).
    """

    points: int
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)  # envelope bounds from the corner pass
    axes: list[str] = field(default_factory=list)
    arrays: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, tuple[int, ...]] = field(default_factory=dict)
    interval: dict[str, bool] = field(default_factory=dict)

    def leaf(self, name: str, low: float, high: float) -> Any:
        self.labels[name] = (len(self.axes),)
        self.axes.append(name)
        values = [low, high] if self.points == 2 else np.linspace(low, high, self.points)
        self.arrays[name] = np.asarray(values, dtype=float)
        return self.arrays[name]

    def single(self, name: str, value: float) -> None:
        self.arrays[name], self.labels[name] = value, ()

    def union(self, names: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(sorted({axis for name in names for axis in self.labels[name]}, reverse=True))

    def spread(self, name: str, union: tuple[int, ...]) -> Any:
        """The array of ``name`` with a dimension for every axis of ``union`` (length 1 where it has none)."""
        labels, array = self.labels[name], self.arrays[name]
        if not labels:
            return array
        shape = [np.shape(array)[labels.index(axis)] if axis in labels else 1 for axis in union]
        return np.reshape(array, shape)  # both newest first: the values keep their order

    def store(self, name: str, array: Any, union: tuple[int, ...]) -> Any:
        """Keep a formula's result with the axes it varies over (an input the formula ignores adds none)."""
        shape = (1,) * (len(union) - np.ndim(array)) + np.shape(array)
        kept = [position for position, size in enumerate(shape) if size > 1]
        self.labels[name] = tuple(union[position] for position in kept)
        self.arrays[name] = np.reshape(array, [shape[position] for position in kept])
        return self.arrays[name]

    def axis_name(self, name: str, position: int) -> str:
        return self.axes[self.labels[name][position]]


def evaluate(order: list[str], leaves: dict[str, Quantity], derivations: dict[str, Derivation],
              problems: Problems) -> dict[str, Quantity]:
    corners, grid = _Pass(2), _Pass(GRID_POINTS)
    quantities: dict[str, Quantity] = {}
    misfits: set[str] = set()  # inputs already reported as the wrong kind (reported once, not per consumer)
    for name in order:
        if name in leaves:
            quantity = leaves[name]
            for run in (corners, grid):
                if quantity.is_range:
                    run.leaf(name, quantity.low, quantity.high)
                else:
                    run.single(name, quantity.value)  # type: ignore[arg-type]
                run.interval[name] = quantity.is_range and quantity.value.meaning == "interval"  # type: ignore
            quantities[name] = quantity
            continue
        derivation = derivations[name]
        if any(dep not in quantities for dep in derivation.input_names):
            continue  # an input failed and was reported; do not pile more messages on it
        if not _inputs_fit(derivation, quantities, leaves, problems, misfits):
            continue
        computed = _compute(derivation, quantities, corners, problems)
        if computed is None:
            continue
        if not grid.union(derivation.input_names) and not derivation.envelope:
            grid.single(name, computed)  # no ranged input: the grid pass would compute the same single value
            grid.interval[name] = corners.interval[name]
        else:
            _compute(derivation, quantities, grid, problems, corners.bounds)
            _check_monotone(derivation, grid, problems)
        quantities[name] = _derived_quantity(derivation, computed, quantities, corners)
    return quantities


def _inputs_fit(derivation: Derivation, quantities: dict[str, Quantity], leaves: dict[str, Quantity],
                problems: Problems, misfits: set[str]) -> bool:
    ok = True
    for (parameter, name), expected in zip(derivation.inputs, derivation.input_kinds):
        quantity = quantities[name]
        if quantity.kind.dimensionality == expected.dimensionality:
            continue
        ok = False
        if name in misfits:
            continue
        misfits.add(name)
        shown_unit = quantity.entry.unit if quantity.entry else quantity.kind.unit
        where = quantity.entry.field_location("unit") if quantity.entry else derivation.location
        problems.add(where, f"'{name}' is in {shown_unit} ({dimension_text(shown_unit)}) but "
                     f"'{derivation.name}' needs a {expected.name} ({dimension_text(expected.unit)}, for example {expected.unit})",
                     "Correct the unit (and the value with it)" if name in leaves
                     else f"Bind '{parameter}' of '{derivation.name}' to a quantity of the right kind")
    return ok


def _compute(derivation: Derivation, quantities: dict[str, Quantity], run: _Pass, problems: Problems,
             envelope_bounds: dict[str, tuple[float, float]] | None = None) -> Any:
    run.interval[derivation.name] = any(run.interval[name] for name in derivation.input_names)
    if derivation.envelope:
        if envelope_bounds is None:
            values = np.concatenate([np.ravel(run.arrays[name]) for name in derivation.input_names])
            low, high = float(values.min()), float(values.max())
            run.bounds[derivation.name] = (low, high)
        else:
            low, high = envelope_bounds[derivation.name]
        if high > low:
            return run.leaf(derivation.name, low, high)
        run.single(derivation.name, low)
        return low
    union = run.union(derivation.input_names)
    if len(union) > MAX_RANGED:
        problems.add(derivation.location, f"'{derivation.name}' rests on {len(union)} ranged figures "
                     f"({', '.join(run.axes[axis] for axis in reversed(union))}); at most {MAX_RANGED} can be "
                     f"evaluated together (the range check evaluates a quantity at {GRID_POINTS} points of each: "
                     f"{GRID_POINTS}^{len(union)} points)", "Make some of its inputs single values, or split the "
                     f"quantity so that each part rests on at most {MAX_RANGED} ranged figures")
        return None
    # As numpy arrays, even single values: a division by zero then gives inf (reported below), not an exception.
    arguments = [REGISTRY.Quantity(np.asarray(run.spread(name, union), dtype=float), unit(quantities[name].kind.unit))
                 for name in derivation.input_names]
    try:
        with np.errstate(all="ignore"):
            result = derivation.function(*arguments)  # type: ignore[misc]
        if not hasattr(result, "dimensionality"):
            result = REGISTRY.Quantity(result, "1")
        if result.dimensionality != derivation.kind.dimensionality:
            problems.add(derivation.location, f"the formula of '{derivation.name}' gives "
                         f"{dimension_text(result.units)} but it is declared as a {derivation.kind.name} "
                         f"({dimension_text(derivation.kind.unit)})",
                         "Correct the formula or the kind in its return annotation")
            return None
        magnitude = np.asarray(result.to(unit(derivation.kind.unit)).magnitude, dtype=float)
    except DimensionalityError as exc:
        problems.add(derivation.location, f"the formula of '{derivation.name}' mixes dimensions: {exc}",
                     "Check the units of its inputs and the formula")
        return None
    except ArithmeticError as exc:
        problems.add(derivation.location, f"'{derivation.name}' cannot be computed: {exc}",
                     "Check the values of its inputs")
        return None
    if not np.all(np.isfinite(magnitude)):
        zero = next((quantities[n] for n in derivation.input_names if quantities[n].entry is not None
                     and 0 in (quantities[n].low, quantities[n].high)), None)
        if zero is not None:  # the fault is the zero in the data, not the formula
            assert zero.entry is not None
            field_name = "value" if not zero.is_range else ("low" if zero.low == 0 else "high")
            where = zero.entry.field_location(field_name)
            if not any(p.location == where and p.message.startswith(f"'{zero.name}' is zero") for p in problems.items):
                problems.add(where, f"'{zero.name}' is zero, and '{derivation.name}' divides by it", "Check the "
                             "figure against its source; a zero here has no meaning")  # once, however many divide
        else:
            problems.add(derivation.location, f"'{derivation.name}' is not a finite number (a division by zero, "
                         "or an input of zero where none is expected)", "Check the values of its inputs")
        return None
    return run.store(derivation.name, magnitude, union)


def _check_monotone(derivation: Derivation, grid: _Pass, problems: Problems) -> None:
    array = grid.arrays.get(derivation.name)
    if derivation.envelope or array is None or np.ndim(array) == 0:
        return
    noise = RELATIVE_NOISE * max(float(np.abs(array).max()), 1e-300)
    for position in range(np.ndim(array)):
        if np.shape(array)[position] < 2:
            continue
        steps = np.diff(array, axis=position)
        if (steps > noise).any() and (steps < -noise).any():
            problems.add(derivation.location, f"the range of '{derivation.name}' cannot be computed exactly: it "
                         f"rises and falls as '{grid.axis_name(derivation.name, position)}' moves across its range",
                         "Split the formula, or narrow the range, so that it is monotone in each ranged input")
            return


def _derived_quantity(derivation: Derivation, array: Any, quantities: dict[str, Quantity],
                      corners: _Pass) -> Quantity:
    inputs = [quantities[name] for name in derivation.input_names]
    low, high = float(np.min(array)), float(np.max(array))
    value: float | Range = (Range(low, high, "interval" if corners.interval[derivation.name] else "bounds")
                            if high > low else low)
    tiers = [q.tier for q in inputs if q.tier is not None] + ([SPECULATION] if derivation.carried else [])
    reviews = [q.review_by for q in inputs if q.review_by is not None]
    sources = tuple(dict.fromkeys(s for q in inputs for s in q.sources))
    return Quantity(
        name=derivation.name, description=derivation.description, kind=derivation.kind, value=value,
        origin="derived", location=derivation.location, tier=max(tiers) if tiers else None, sources=sources,
        as_of=derived_as_of(inputs), review_by=min(reviews) if reviews else None,
        inputs=derivation.input_names, formula=derivation.formula,
        group=derivation.group, model=derivation.model,
        sig=derivation.sig or (range_precision(inputs) if high > low else input_precision(inputs)),
        approximate=any(q.approximate for q in inputs), carried=derivation.carried)


def derived_as_of(inputs: list[Quantity]) -> PartialDate | None:
    """The date a derived figure holds for: it is only as current as its oldest reading.

    A reading is an input that goes stale (it has a review date, as a speed listing or a price does): the figure
    is as of the oldest of those. With no reading among its inputs (a design's disclosed counts, a paper's
    figures), facts published later do not undo earlier ones, so the figure holds from the newest of their dates.
    """
    readings = [q.as_of for q in inputs if q.as_of is not None and q.review_by is not None]
    if readings:
        return min(readings)
    dates = [q.as_of for q in inputs if q.as_of is not None]
    return max(dates) if dates else None


def input_precision(inputs: list[Quantity]) -> int:
    """Significant figures a single computed value can claim: those of its least precise measured input.

    A datum carries the figures it was written with (43 token/s has two); counts, definitions and assumptions
    (chosen values) are exact and do not limit; a computed input passes on its own. Never fewer than two, never more than the default.
    """
    figures = [DEFAULT_SIG]
    for quantity in inputs:
        if quantity.is_range or quantity.origin in ("definition", "assumption") or quantity.kind.style in ("count", "experts"):
            continue
        if quantity.origin == "derived" or (quantity.entry and quantity.entry.sig):
            figures.append(quantity.sig)
        elif quantity.entry is not None and quantity.entry.value is not None:
            value = float(quantity.entry.value)
            written = str(int(abs(value))) if value.is_integer() else Decimal(repr(value)).normalize().as_tuple().digits
            figures.append(len(written))  # an integer's zeros count: 700 has three figures
    return max(2, min(figures))


ROUGH_SIG = 2


def range_precision(inputs: list[Quantity]) -> int:
    """Significant figures a computed range can claim: two if a range it rests on is rough, else the default.

    A range's ends are exact bounds of its inputs' ranges, so single measured inputs do not limit it; but a range
    that is itself rough (a speculative or approximate range such as "150–200 B", or a range computed from one)
    cannot give its result three figures: 150–200 B over 5.12 T is 2.9–3.9%, not 2.93–3.91%.
    """
    for quantity in inputs:
        if not quantity.is_range or quantity.kind.style in ("count", "experts"):
            continue
        if quantity.origin == "derived" and quantity.sig <= ROUGH_SIG:
            return ROUGH_SIG
        if quantity.origin == "datum" and (quantity.approximate or quantity.tier == SPECULATION):
            return ROUGH_SIG
    return DEFAULT_SIG
