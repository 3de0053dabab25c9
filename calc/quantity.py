"""Named quantities: a value (one number or a low–high range) and everything needed to trust it."""

from __future__ import annotations

from dataclasses import dataclass

from calc.errors import Location
from calc.schema import Entry, PartialDate
from calc.units import Kind

DEFAULT_SIG = 3


@dataclass(frozen=True)
class Range:
    """A low–high range in a quantity's canonical unit.

    ``meaning`` is "bounds" when every range it comes from is a hard bound (then low and high are exact
    bounds of the result) or "interval" when any of them is an interval a source states.
    """

    low: float
    high: float
    meaning: str = "bounds"


@dataclass(frozen=True)
class Quantity:
    """A named figure. ``value`` is in ``kind.unit``; rounding happens only when it is displayed."""

    name: str
    description: str
    kind: Kind
    value: float | Range
    origin: str  # "datum", "assumption", "definition" or "derived"
    location: Location
    tier: int | None  # None: exact by definition, weakens nothing
    sources: tuple[str, ...]
    as_of: PartialDate | None  # derived: its oldest reading's date (calc.evaluation.derived_as_of)
    inputs: tuple[str, ...] = ()
    formula: str | None = None
    group: str = ""
    entry: Entry | None = None
    model: str | None = None
    sig: int = DEFAULT_SIG
    review_by: PartialDate | None = None  # derived: the earliest review date among its inputs
    approximate: bool = False  # the source gave it as "about" (or, derived, one of its inputs was)
    carried: bool = False  # derived by applying other models' figures to this one: tier 4 (calc.derivation)

    @property
    def is_range(self) -> bool:
        return isinstance(self.value, Range)

    @property
    def low(self) -> float:
        return self.value.low if isinstance(self.value, Range) else self.value

    @property
    def high(self) -> float:
        return self.value.high if isinstance(self.value, Range) else self.value
