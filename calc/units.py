"""The one unit registry, and the kinds of quantity the derivations are typed with.

Why our own definitions file: pint's default registry takes ~250 ms to build and treats bytes as
dimensionless, and its one-letter symbols (T, b, t) mean tesla, barn and tonne. Ours holds only what the
project uses and builds in a few milliseconds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Callable

import pint

REGISTRY = pint.UnitRegistry(
    str(Path(__file__).with_name("units.txt")),
    autoconvert_offset_to_baseunit=False,
    on_redefinition="raise",
)
Quantity = REGISTRY.Quantity
DimensionalityError = pint.errors.DimensionalityError


@functools.lru_cache(maxsize=None)
def unit(text: str) -> pint.Unit:
    """A unit parsed once (pint parses a unit string anew on every use, which adds up over a few hundred
    formulas)."""
    return parse_unit(text)


def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string such as ``token/s`` or ``USD/Mtok``; raises ValueError with pint's reason."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("a unit must be a non-empty string")
    try:
        return REGISTRY.parse_units(text)
    except Exception as exc:  # noqa: BLE001 - pint raises half a dozen unrelated types for one mistake
        raise ValueError(str(exc)) from None


def dimension_text(unit: pint.Unit | str) -> str:
    """Dimensionality as people read it: ``[information] / [time]``, or ``dimensionless``."""
    dims = parse_unit(unit).dimensionality if isinstance(unit, str) else unit.dimensionality
    text = str(dims)
    return text if text else "dimensionless"


@dataclass(frozen=True)
class Kind:
    """What a derivation's input or result measures: its canonical unit and how the site shows it.

    ``style`` names a formatter in :mod:`calc.fmt`; ``unit`` is the unit the value is converted to
    before formatting (base units with a prefix chosen at display).
    """

    name: str
    unit: str
    style: str
    possible: str = "any"  # what values can be: a key of POSSIBLE (checked at each datum's line)

    @property
    def dimensionality(self) -> Any:
        return _dimensionality(self.unit)


@functools.lru_cache(maxsize=None)
def _dimensionality(text: str) -> Any:
    """A unit's dimensionality, worked out once per unit string (the engine asks for it thousands of times)."""
    return unit(text).dimensionality


# What each kind of quantity can possibly be: (test on a value in the kind's unit, what a violation breaks).
POSSIBLE: dict[str, tuple[Callable[[float], bool], str]] = {
    "any": (lambda v: True, ""),
    "non-negative": (lambda v: v >= 0, "cannot be negative"),
    "positive": (lambda v: v > 0, "must be more than zero"),
    "share": (lambda v: 0 <= v <= 1, "must be between 0 and 100 percent"),
}

PARAMS = Kind("parameter count", "param", "params", "non-negative")
BYTES_PER_PARAM = Kind("bytes per parameter", "byte/param", "bytes_per_param", "positive")
TOKEN_RATE = Kind("decode rate", "token/s", "token_rate", "positive")
BANDWIDTH = Kind("memory bandwidth", "byte/s", "bandwidth", "positive")
BYTES_PER_TOKEN = Kind("bytes per token", "byte/token", "bytes_per_token", "non-negative")
READS_PER_TOKEN = Kind("weight reads per token", "1/token", "per_token", "non-negative")
PRICE = Kind("price per token", "USD/Mtok", "price", "non-negative")
RATIO = Kind("ratio", "1", "ratio", "non-negative")
PERCENT = Kind("share", "1", "percent", "share")
EXPERTS = Kind("expert count", "expert", "experts", "non-negative")
TOKENS = Kind("token count", "token", "tokens", "non-negative")
BYTES = Kind("memory", "byte", "bytes", "non-negative")
PARAMS_PER_EXPERT = Kind("parameters per expert", "param/expert", "params_per_expert", "non-negative")
COUNT = Kind("count", "1", "count", "non-negative")

KINDS: tuple[Kind, ...] = (
    PARAMS, BYTES_PER_PARAM, TOKEN_RATE, BANDWIDTH, BYTES_PER_TOKEN, READS_PER_TOKEN, PRICE, RATIO, EXPERTS, TOKENS,
    BYTES, PARAMS_PER_EXPERT,
)

# Annotated aliases: a derivation's signature says what each input and its result measure, so a datum
# with the wrong dimension is reported at the datum, naming the derivation that needed something else.
Params = Annotated[Any, PARAMS]
BytesPerParam = Annotated[Any, BYTES_PER_PARAM]
TokenRate = Annotated[Any, TOKEN_RATE]
Bandwidth = Annotated[Any, BANDWIDTH]
BytesPerToken = Annotated[Any, BYTES_PER_TOKEN]
ReadsPerToken = Annotated[Any, READS_PER_TOKEN]
Price = Annotated[Any, PRICE]
Ratio = Annotated[Any, RATIO]
Share = Annotated[Any, PERCENT]
Experts = Annotated[Any, EXPERTS]
Tokens = Annotated[Any, TOKENS]
Bytes = Annotated[Any, BYTES]
ParamsPerExpert = Annotated[Any, PARAMS_PER_EXPERT]
Count = Annotated[Any, COUNT]


def kind_for_unit(text: str) -> Kind:
    """The display kind of a datum, from its unit: a percentage stays a share, other plain numbers are ratios."""
    parsed = unit(text)
    if parsed == REGISTRY.percent:
        return PERCENT
    dimensionality = _dimensionality(text)
    for kind in KINDS:
        if kind.dimensionality == dimensionality:
            return kind
    return Kind(dimension_text(parsed), text, "plain")
