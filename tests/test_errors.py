"""Each kind of bad input gives one message, word for word, with file, line and what to do; exit status 1."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from calc import engine
from calc.derivation import Registry
from calc.derivations import ALL
from calc.units import Params, Ratio
from tests.conftest import edit, line_of

OPUS_RATE = "  decode_rate_opus_4_6:\n    description: Decode throughput of Claude Opus 4.6 on Google Vertex in OpenRouter's listing of March 2026\n    value: 43\n"


def problems(root: Path, derivations=None) -> list[str]:
    return [str(p) for p in engine.load(root, derivations).problems.items]


def test_yaml_syntax_error(copy):
    path = copy / "data/throughput.yaml"
    edit(path, OPUS_RATE, OPUS_RATE + "    notes: [unclosed\n")
    opening = line_of(path, "notes: [unclosed")
    found = line_of(path, "unit: token/s", after="notes: [unclosed")
    assert problems(copy) == [
        f"data/throughput.yaml:{opening}: YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
        f"sequence that starts on this line; the parser gave up on line {found}). Check the indentation, colons and "
        f"quotes on this line and the one before it\n    {opening} |     notes: [unclosed"]


def test_duplicate_key(copy):
    path = copy / "data/throughput.yaml"
    edit(path, OPUS_RATE, OPUS_RATE + "    value: 44\n")
    first, second = line_of(path, "value: 43"), line_of(path, "value: 44")
    assert problems(copy) == [
        f"data/throughput.yaml:{second}: duplicate key 'value' (first given on line {first}). Keep one of the two; "
        f"YAML would silently use the last\n    {second} |     value: 44"]


def test_anchor_and_alias(copy):
    path = copy / "data/throughput.yaml"
    edit(path, "  decode_rate_opus_4_6:\n", "  decode_rate_opus_4_6: &rate\n")
    line = line_of(path, "&rate")
    assert problems(copy) == [
        f"data/throughput.yaml:{line}: YAML anchors and aliases are not allowed (found '&rate'). Write the value out "
        f"in full where it is used, so each figure is edited in one visible place\n"
        f"    {line} |   decode_rate_opus_4_6: &rate"]


def test_unknown_unit(copy):
    path = copy / "data/throughput.yaml"
    edit(path, OPUS_RATE + "    unit: token/s\n", OPUS_RATE + "    unit: tokens/sec2\n")
    line = line_of(path, "tokens/sec2")
    assert problems(copy) == [
        f"data/throughput.yaml:{line}: unknown unit 'tokens/sec2' in datum 'decode_rate_opus_4_6': 'sec2' is not "
        f"defined in the unit registry. Use a unit defined in calc/units.txt, such as token/s, TB/s, USD/Mtok, param, "
        f"Tparam, byte/param, percent or 1\n    {line} |     unit: tokens/sec2"]


def test_wrong_dimension_is_reported_at_the_datum(copy):
    path = copy / "data/throughput.yaml"
    edit(path, OPUS_RATE + "    unit: token/s\n", OPUS_RATE + "    unit: TB/s\n")
    line = line_of(path, "unit: TB/s", after="decode_rate_opus_4_6")
    assert problems(copy) == [
        f"data/throughput.yaml:{line}: 'decode_rate_opus_4_6' is in TB/s ([information] / [time]) but "
        f"'weights_per_token_opus_4_6' needs a decode rate ([token] / [time], for example token/s). Correct the unit "
        f"(and the value with it)\n    {line} |     unit: TB/s"]


def test_bytes_are_not_dimensionless(copy):
    """Pint's default registry would accept Hz for a bandwidth; ours keeps bytes apart."""
    path = copy / "data/throughput.yaml"
    edit(path, "    low: 4.0\n    high: 4.5\n    range: bounds\n    unit: TB/s\n",
         "    low: 4.0\n    high: 4.5\n    range: bounds\n    unit: THz\n")
    assert any("unknown unit 'THz'" in p for p in problems(copy))
    edit(path, "    unit: THz\n", "    unit: T/s\n")
    assert any("unknown unit 'T/s'" in p for p in problems(copy))


def test_low_above_high(copy):
    path = copy / "data/throughput.yaml"
    edit(path, "    low: 4.0\n    high: 4.5\n", "    low: 4.5\n    high: 4.0\n")
    line = line_of(path, "low: 4.5")
    assert problems(copy) == [
        f"data/throughput.yaml:{line}: low (4.5) is greater than high (4) in datum 'source_bandwidth_band'. Swap the "
        f"two numbers\n    {line} |     low: 4.5"]


def test_unknown_source(copy):
    path = copy / "data/throughput.yaml"
    edit(path, "    model: opus_4_6\n    source: openrouter_throughput\n",
         "    model: opus_4_6\n    source: openrouter\n")
    line = line_of(path, "source: openrouter\n".strip(), after="decode_rate_opus_4_6")
    assert problems(copy) == [
        f"data/throughput.yaml:{line}: unknown source 'openrouter' in datum 'decode_rate_opus_4_6'. Add the source to "
        f"data/sources.yaml, or use the id of one already there\n    {line} |     source: openrouter"]


def test_tier_out_of_range(copy):
    path = copy / "data/sources.yaml"
    edit(path, "    date: 2024-12\n    tier: 1\n    by: maker\n    about: [deepseek_v3_1]\n    arxiv",
         "    date: 2024-12\n    tier: 5\n    by: maker\n    about: [deepseek_v3_1]\n    arxiv")
    line = line_of(path, "tier: 5")
    assert problems(copy) == [
        f"data/sources.yaml:{line}: 'tier' of source 'deepseek_v3_report' must be a whole number from 1 to 4 (got 5). "
        f"Use 1 (official disclosure), 2 (verified third party), 3 (researcher inference) or 4 (speculation)\n"
        f"    {line} |     tier: 5"]


def test_missing_field(copy):
    path = copy / "data/throughput.yaml"
    text = path.read_text()
    start = text.index("  decode_rate_opus_4_6:")
    end = text.index("  decode_rate_sonnet_4_5:")
    path.write_text(text[:start] + text[start:end].replace("    as_of: 2026-03-12\n", "") + text[end:])
    line = line_of(path, "decode_rate_opus_4_6:")
    assert problems(copy) == [
        f"data/throughput.yaml:{line}: datum 'decode_rate_opus_4_6' has no 'as_of'. Add 'as_of:' with a date such as "
        f"2026-03-12 (or 2026-03, or 2026)\n    {line} |   decode_rate_opus_4_6:"]


def test_unknown_key(copy):
    path = copy / "data/throughput.yaml"
    edit(path, OPUS_RATE, OPUS_RATE.replace("value: 43", "vale: 43"))
    line = line_of(path, "vale: 43")
    assert problems(copy) == [
        f"data/throughput.yaml:{line}: unknown key 'vale' in datum 'decode_rate_opus_4_6'. Did you mean 'value'? The "
        f"keys allowed here are: description, value, low, high, range, unit, source, as_of, review_by, notes, quote, "
        f"approximate, model, sig, show_as, read, url\n    {line} |     vale: 43"]


def test_source_without_address_or_reason(copy):
    path = copy / "data/sources.yaml"
    edit(path, "    arxiv: \"2412.19437\"\n", "")
    line = line_of(path, "deepseek_v3_report:")
    assert problems(copy) == [
        f"data/sources.yaml:{line}: source 'deepseek_v3_report' has no 'url', 'arxiv' or 'unlocated'. Give its "
        f"address, its arXiv id, or say under 'unlocated:' why it cannot be linked (never guess an address)\n"
        f"    {line} |   deepseek_v3_report:"]


def test_failing_expectation(copy):
    path = copy / "data/expectations.yaml"
    edit(path, "stated_always_active_share_kimi]\n    tolerance: 0.2 percent\n",
         "stated_always_active_share_kimi]\n    tolerance: 0.05 percent\n")
    line = line_of(path, "kimi_share_as_stated:")
    # 11,722,775,856 / 32,863,358,256 = 0.356713, against the stated 35.7%: 0.0805% apart
    assert problems(copy) == [
        f"data/expectations.yaml:{line}: expectation 'kimi_share_as_stated' fails: 'always_active_share_kimi_k2_thinking' "
        f"and 'stated_always_active_share_kimi' differ by 0.0805%, more than the 0.05% allowed. Check the figures it "
        f"names and any sentence that relies on the relation; if the relation was stated too tightly, change its "
        f"tolerance in data/expectations.yaml\n    {line} |   kimi_share_as_stated:"]


# --- derivation-level problems, with derivations registered here ------------------------------------------

cyclic = Registry("test")


def twice(x: Params) -> Params:
    return x * 2


cyclic.add("loop_a", twice, description="one half of a cycle", inputs={"x": "loop_b"})
CYCLE_LINE = sys._getframe().f_lineno - 1
cyclic.add("loop_b", twice, description="the other half", inputs={"x": "loop_a"})

bumpy = Registry("test")


def distance_from_middle(x: Ratio) -> Ratio:
    return (x - 0.4) ** 2


bumpy.add("bump", distance_from_middle, description="not monotone over the share band",
          inputs={"x": "always_active_share_band"})
BUMP_LINE = sys._getframe().f_lineno - 2


def test_dependency_cycle(copy):
    assert problems(copy, ALL + tuple(cyclic.derivations)) == [
        f"tests/test_errors.py:{CYCLE_LINE}: dependency cycle: loop_a → loop_b → loop_a. A quantity cannot depend on "
        f"itself; change the inputs of 'loop_a'\n"
        f"    {CYCLE_LINE} | cyclic.add(\"loop_a\", twice, description=\"one half of a cycle\", inputs={{\"x\": \"loop_b\"}})",
        f"tests/test_errors.py:{CYCLE_LINE + 2}: dependency cycle: loop_a → loop_b → loop_a. A quantity cannot depend "
        f"on itself; change the inputs of 'loop_b'\n"
        f"    {CYCLE_LINE + 2} | cyclic.add(\"loop_b\", twice, description=\"the other half\", inputs={{\"x\": \"loop_a\"}})",
    ]


def test_non_monotone_formula_is_refused(copy):
    assert problems(copy, ALL + tuple(bumpy.derivations)) == [
        f"tests/test_errors.py:{BUMP_LINE}: the range of 'bump' cannot be computed exactly: it rises and falls as "
        f"'always_active_share_band' moves across its range. Split the formula, or narrow the range, so that it is "
        f"monotone in each ranged input\n    {BUMP_LINE} | bumpy.add(\"bump\", distance_from_middle, "
        f"description=\"not monotone over the share band\","]


def test_all_problems_are_reported_at_once_and_exit_1(copy):
    edit(copy / "data/throughput.yaml", OPUS_RATE, OPUS_RATE.replace("value: 43", "vale: 43"))
    edit(copy / "data/sources.yaml", "    date: 2024-12\n    tier: 1\n    by: maker\n    about: [deepseek_v3_1]\n    arxiv",
         "    date: 2024-12\n    tier: 5\n    by: maker\n    about: [deepseek_v3_1]\n    arxiv")
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "unknown key 'vale'" in result.stderr and "must be a whole number from 1 to 4 (got 5)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("check: 2 errors; ")


def test_one_error_is_one_error(copy):
    edit(copy / "data/throughput.yaml", OPUS_RATE, OPUS_RATE.replace("value: 43", "vale: 43"))
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "check", "--today", "2026-01-01"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == "check: 1 error"


def test_check_passes_on_the_real_data():
    result = subprocess.run([sys.executable, "-m", "calc", "check"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr



FAR_AHEAD = date.today().year + 2  # past next year: a date that cannot be meant yet
PRICE_DATED = "    as_of: 2026-03-12\n    quote: \"Claude Opus 4.1 | $15 / MTok\"\n"
RECORD_DATED = "    as_of: 2026-12-03\n    quote: \"Input pricing: $5 / MTok\"\n"


def set_source_date(path: Path, key: str, written: str) -> None:
    """Replace the first source's date (or read) line by ``key: written``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"    {key}: ", text.index("  unexcitedneurons_2026:\n"))
    path.write_text(text[:start] + f"    {key}: {written}" + text[text.index("\n", start):], encoding="utf-8")


@pytest.mark.parametrize("file, key, what, written, shown", [
    ("data/prices.yaml", "as_of", "datum 'price_input_opus_4_1'", f"{FAR_AHEAD}-03-12", f"12 March {FAR_AHEAD}"),
    ("data/record.yaml", "as_of", "datum 'price_input_opus_4_8'", f"{FAR_AHEAD}-12-03", f"3 December {FAR_AHEAD}"),
    ("data/prices.yaml", "read", "datum 'price_input_opus_4_1'", f"{FAR_AHEAD}-01-01", f"1 January {FAR_AHEAD}"),
    ("data/sources.yaml", "date", "source 'unexcitedneurons_2026'", f"{FAR_AHEAD}-01-01", f"1 January {FAR_AHEAD}"),
    ("data/sources.yaml", "read", "source 'unexcitedneurons_2026'", f"{FAR_AHEAD}-01-01", f"1 January {FAR_AHEAD}"),
])
def test_a_far_future_date_warns_wherever_it_is(copy, file, key, what, written, shown):
    """The same rule for every date a datum or a source gives: a year past next year cannot be meant."""
    path = copy / file
    if file == "data/sources.yaml":
        set_source_date(path, key, written)
    elif key == "read":
        edit(path, PRICE_DATED, PRICE_DATED + f"    read: {written}\n")
    else:
        old = PRICE_DATED if "prices" in file else RECORD_DATED
        edit(path, old, old.replace(old.split()[1], written, 1))
    line = line_of(path, f"    {key}: {written}")
    assert [p for p in problems(copy) if "cannot be meant" in p] == [
        f"{file}:{line}: warning: '{key}' of {what} is {shown}, which cannot be meant. Check the year against the "
        f"source\n    {line} |     {key}: {written}"]


def test_a_description_of_megabytes_gives_one_message_with_its_line_cut_short(copy):
    path = copy / "data/throughput.yaml"
    edit(path, OPUS_RATE, OPUS_RATE.replace("description: Decode throughput of Claude Opus 4.6 on Google Vertex in "
                                            "OpenRouter's listing of March 2026",
                                            'description: "' + "A" * 3_000_000 + '"'))
    line = line_of(path, 'description: "AAAA')
    shown = '    description: "' + "A" * 982  # the first 1,000 characters of the line
    assert problems(copy) == [
        f"data/throughput.yaml:{line}: 'description' of datum 'decode_rate_opus_4_6' is 3,000,000 characters long, "
        "more than the 2,000 it may be. Shorten it to at most 2,000 characters (a description is one sentence; "
        f"detail belongs in the source)\n    {line} | {shown} … (3,000,019 characters)"]  # 18 + 3,000,000 + the closing quote
