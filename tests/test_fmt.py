"""Formatting: round once to significant figures, then choose the prefix; ranges share one prefix."""

from __future__ import annotations

import pytest

from calc import fmt
from calc.errors import Location
from calc.quantity import Quantity, Range
from calc.units import BANDWIDTH, COUNT, EXPERTS, PARAMS, PERCENT, PRICE, RATIO, TOKENS, Kind


def q(value, kind: Kind = PARAMS, sig: int = 3) -> Quantity:
    if isinstance(value, tuple):
        value = Range(*value)
    return Quantity("x", "test", kind, value, "datum", Location("t"), 3, (), None, sig=sig)


@pytest.mark.parametrize("value, expected", [
    (37_554_471_512, "37.6 B params"),
    (999.7e9, "1 T params"),          # rounded first (1.00 T), then the prefix: never "1000 B"
    (1.5e9, "1.5 B params"),
    (175e9, "175 B params"),
    (5e12, "5 T params"),
    (405e9, "405 B params"),
    (2_379_747_131_606, "2.38 T params"),
    ((96.948e9, 103.243e9), "97–103 B params"),   # both ends at the larger end's decimal place
    ((3.1037e12, 3.8738e12), "3.10–3.87 T params"),  # one decimal place for both ends
    ((0.97e12, 1.03e12), "0.97–1.03 T params"),   # one prefix for both ends
    ((100.01e9, 100.02e9), "100 B params"),       # ends that round alike collapse to one value
])
def test_params(value, expected):
    assert fmt.value_text(q(value)) == expected


def test_same_range_formats_the_same_twice():
    quantity = q((1.732e12, 2.162e12))
    assert fmt.value_text(quantity) == fmt.value_text(quantity) == "1.73–2.16 T params"


@pytest.mark.parametrize("quantity, expected", [
    (q(4_393_873_166_904, BANDWIDTH), "4.39 TB/s"),
    (q((4_168_803_539_472, 4_439_459_131_008), BANDWIDTH), "4.17–4.44 TB/s"),
    (q(5, PRICE), "$5/Mtok"),
    (q((20, 40), PRICE), "$20–40/Mtok"),
    (q(0.456, PERCENT), "45.6%"),
    (q((0.1, 0.2), PERCENT), "10–20%"),
    (q(200_000, TOKENS), "200,000 tokens"),  # a count is shown exactly (data/README.md)
    (q(8, EXPERTS), "8 experts"),
    (q(1, EXPERTS), "1 expert"),
    (q(20_000, COUNT), "20,000"),
])
def test_styles(quantity, expected):
    assert fmt.value_text(quantity) == expected


@pytest.mark.parametrize("value, expected", [
    (6.0, "6×"), (116.666, "117×"), (28.571, "29×"), (2.8409, "2.84×"), (1.7917, "1.79×"), ((4.0, 8.0), "4–8×"),
    (1.025, "1.03×"), (0.9996, "0.9996×"),
])
def test_multiples(value, expected):
    """A single ratio keeps its quantity's figures (three by default); one that is not 1 never reads "1×"."""
    assert fmt.value_text(q(value, RATIO)) == expected


@pytest.mark.parametrize("value, expected", [
    (1 / 3, "a third"), (0.5, "half"), (0.6, "three fifths"), (0.1, "a tenth"), (0.368, "37%"), (0.2766, "28%"),
])
def test_fractions(value, expected):
    assert fmt.fraction(q(value, RATIO)) == expected


def test_approximate_data_are_marked():
    quantity = Quantity("x", "t", PARAMS, 5e12, "datum", Location("t"), 4, (), None)
    assert fmt.value_text(quantity) == "5 T params"
    from dataclasses import replace
    assert fmt.value_text(replace(quantity, approximate=True)) == "≈5 T params"


def test_rounding_is_half_up_on_the_decimal_value():
    assert fmt.value_text(q(4.395e12, BANDWIDTH)) == "4.4 TB/s"   # 4.395 → 4.40, shown without the trailing zero
    assert fmt.value_text(q(0.4565, PERCENT)) == "45.7%"


def test_is_rounded():
    assert fmt.is_rounded(q(116.666, RATIO)) and not fmt.is_rounded(q(6.0, RATIO))
    assert fmt.is_rounded(q(37_554_471_512)) and not fmt.is_rounded(q(175e9))
