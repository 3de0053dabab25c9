"""Property-based tests (Hypothesis) of the YAML reader and the number formatter, bounded in time.

The reader: whatever the bytes, it returns data or problems, never raises, and every problem points at a line
of the file. Well-formed data written by PyYAML reads back as written. The formatter: any finite value in any
style gives text without an exponent, NaN or infinity, and a count reads back as the value to within half of
its last shown digit (the bound worked out here from the value's order of magnitude, not from calc.fmt).
"""

from __future__ import annotations

import math
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import fmt, yamlsafe
from calc.errors import Location
from calc.quantity import Quantity, Range
from calc.units import COUNT, KINDS, PERCENT

BOUNDED = settings(max_examples=120, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(BOUNDED, max_examples=50)  # each example builds and parses a whole document

# Fragments that YAML gives meaning to, so that random text reaches the parser's corners, not only its reader.
FRAGMENTS = st.sampled_from([
    "a: 1\n", "  b: [x, y]\n", "- item\n", "&anchor ", "*alias ", "!!python/name:os.system ", "<<: {a: 1}\n",
    "'quoted", '"dq', "{", "}", "[", "]", ": ", "\t", "\n", "    ", "#c\n", "2026-02-30", ".inf", "1e308",
    "? key\n", "--- \n", "...\n", "|\n  text\n", ">-\n  fold\n", "\x00", "\x07", "é", "\ufeff", "%YAML 1.1\n",
])


def check_problems(problems: list, text_lines: int) -> None:
    for problem in problems:
        assert isinstance(problem.location, Location) and problem.location.path == "data/x.yaml"
        assert problem.location.line is None or 1 <= problem.location.line <= text_lines + 1
        assert problem.message and problem.fix


@BOUNDED
@given(st.binary(max_size=400))
def test_any_bytes_give_data_or_problems(data):
    result, problems = yamlsafe.load_bytes(data, "data/x.yaml")
    check_problems(problems, data.count(b"\n") + 1)
    assert result is not None or problems


@BOUNDED
@given(st.lists(FRAGMENTS | st.text(max_size=8), max_size=40).map("".join))
def test_any_text_gives_data_or_problems(text):
    result, problems = yamlsafe.load(text, "data/x.yaml")
    check_problems(problems, text.count("\n") + 1)
    assert result is not None or problems


NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
SCALARS = (st.integers(-10**12, 10**12) | st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                                                   max_size=20)
           | st.floats(allow_nan=False, allow_infinity=False) | st.booleans() | st.none())
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NAMES, inner, max_size=4),
                         max_leaves=20)


@FEWER
@given(st.dictionaries(NAMES, DOCUMENTS, max_size=5))
def test_data_written_by_pyyaml_reads_back_as_written(document):
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    result, problems = yamlsafe.load(text, "data/x.yaml")
    if any("a character YAML does not allow" in p.message for p in problems):
        return  # PyYAML writes some characters that YAML does not allow in a stream: reported, as it should be
    assert problems == []
    assert result == document


def quantity(value: float | Range, kind=COUNT) -> Quantity:
    return Quantity(name="x", description="x", kind=kind, value=value, origin="datum", location=Location("t"),
                    tier=1, sources=("s",), as_of=None)


FINITE = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)


@BOUNDED
@given(FINITE, st.sampled_from(KINDS + (PERCENT,)), st.integers(1, 9))
def test_every_finite_value_formats_in_every_kind(value, kind, sig):
    text = fmt.value_text(quantity(value, kind), sig=sig)
    assert text and not re.search(r"(?i)nan|inf|e[+-]\d", text)
    assert "-" not in text.replace("B/s", "").replace("B/token", "")  # a true minus sign, never a hyphen


@BOUNDED
@given(FINITE, FINITE, st.sampled_from(KINDS + (PERCENT,)))
def test_every_range_formats_without_equal_ends(a, b, kind):
    low, high = sorted((a, b))
    if low == high:
        return
    text = fmt.value_text(quantity(Range(low, high), kind))
    figures = re.findall(r"[\d.,]+", text.replace("–", " – "))
    ends = text.split("–")
    assert len(ends) <= 2
    if len(ends) == 2:
        assert ends[0].strip() != ends[1].strip() or not figures


@BOUNDED
@given(st.floats(min_value=1e-6, max_value=1e15, allow_nan=False), st.integers(1, 6), st.booleans())
def test_a_count_reads_back_within_half_its_last_digit(magnitude, sig, negative):
    value = -magnitude if negative else magnitude
    shown = fmt.number_text((value,), sig)[0]
    parsed = float(shown.replace(",", "").replace(fmt.MINUS, "-"))
    last_digit = 10 ** (math.floor(math.log10(magnitude)) - sig + 1)  # the place of the sig-th figure
    assert abs(parsed - value) <= last_digit / 2 * (1 + 1e-9)
    assert (parsed < 0) == (negative and parsed != 0)
