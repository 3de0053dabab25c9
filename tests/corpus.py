"""A corpus of hostile and broken inputs: data, templates and files, each with where it must be reported.

Each case changes one thing in a copy of the project. The expected location is the line the case puts the
fault on (found by searching the edited file for ``at``), not anything the code reports, so a message at the
wrong line fails the case. ``words`` is a fragment the one message must contain.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

PRICE = "  price_input_opus_4_1:\n    description: Claude Opus 4.1's price for input tokens\n    value: 15\n"
PRICE_VALUE = PRICE + "    unit: USD/Mtok\n"
RATE = ("  decode_rate_opus_4_6:\n    description: Decode throughput of Claude Opus 4.6 on Google Vertex in OpenRouter's listing of March 2026\n"
        "    value: 43\n")
BENCH = "bench_swe_bench_verified_opus_4_7"
TOLERANCE = "stated_bandwidth_kimi_bf16_shared]\n    tolerance: 0.1 percent\n"
EVIDENCE = "      - figure: implied_total_opus\n        bears: carried_over\n"
TEMPLATE = "templates/opus-4-6-size.md.j2"


@dataclass(frozen=True)
class Case:
    """One bad input. ``change`` edits the copy; ``file`` and ``at`` say where the one message must point."""

    id: str
    file: str  # the file the message must name
    change: Callable[[Path], None]
    at: str | None  # a substring of the faulty line (None: the message names the file without a line)
    words: str  # a fragment of the one message
    verb: str = "render"


def replace(file: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return change


def append(file: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with (root / file).open("a", encoding="utf-8") as stream:
            stream.write(text)
    return change


def write_bytes(file: str, transform: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / file
        path.write_bytes(transform(path.read_bytes()))
    return change


def delete(file: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / file).unlink()
    return change


def field(file: str, entry: str, key: str, new: str) -> Callable[[Path], None]:
    """Replace the line of ``key`` (with any lines folded under it) in the entry ``entry`` by ``new`` (whole
    lines); add it under the entry's name if the entry has no such key. Robust to edits elsewhere in the file."""
    def change(root: Path) -> None:
        path = root / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        start = lines.index(f"  {entry}:\n") + 1
        end = next((i for i in range(start, len(lines)) if not lines[i].startswith("    ")), len(lines))
        at = next((i for i in range(start, end) if lines[i].startswith(f"    {key}:")), None)
        if at is None:
            lines[start:start] = [new]
        else:
            after = next((i for i in range(at + 1, end) if not lines[i].startswith("      ")), end)
            lines[at:after] = [new]
        path.write_text("".join(lines), encoding="utf-8")
    return change


def entry_body(file: str, entry: str, new: str) -> Callable[[Path], None]:
    """Replace the entry's name line and all its fields by ``new``."""
    def change(root: Path) -> None:
        path = root / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        start = lines.index(f"  {entry}:\n")
        end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
        lines[start:end] = [new]
        path.write_text("".join(lines), encoding="utf-8")
    return change


def price(new_value_lines: str) -> Callable[[Path], None]:
    """Replace the first price's 'value: 15' line by other lines."""
    return replace("data/prices.yaml", PRICE, PRICE.replace("    value: 15\n", new_value_lines))


def note(text: str) -> Callable[[Path], None]:
    """Add a 'notes:' line (or lines) under the first price."""
    return replace("data/prices.yaml", PRICE_VALUE, PRICE_VALUE + text)


def inject(text: str) -> Callable[[Path], None]:
    return append(TEMPLATE, f"Injected: {text}\n")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


ALIAS_BOMB = "".join(
    [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" if i else "  l0: &l0 [lol, lol, lol, lol, lol, lol]\n"
     for i in range(9)])

DATA = "data/prices.yaml"

CASES: list[Case] = [
    # --- YAML syntax, each at the line of the fault ---------------------------------------------------------
    Case("unclosed_flow_sequence", DATA, note("    notes: [unclosed\n"), "notes: [unclosed", "YAML syntax error"),
    Case("unclosed_flow_mapping", DATA, note("    notes: {a: 1\n"), "notes: {a: 1", "YAML syntax error"),
    Case("unclosed_double_quote", DATA, note('    notes: "never closed\n'), 'notes: "never closed',
         "YAML syntax error"),
    Case("unclosed_single_quote", DATA, note("    notes: 'never closed\n"), "notes: 'never closed",
         "YAML syntax error"),
    Case("missing_colon", DATA, price("    value 15\n"), "value 15", "YAML syntax error"),
    Case("over_indented_key", DATA, price("     value: 15\n"), "     value: 15", "YAML syntax error"),
    Case("tab_indentation", DATA, price("\tvalue: 15\n"), "\tvalue: 15", "YAML syntax error"),
    Case("two_colons", DATA, price("    value: 15: 16\n"), "value: 15: 16", "YAML syntax error"),
    Case("stray_closing_bracket", DATA, note("    notes: a]\n    ]\n"), "    ]", "YAML syntax error"),
    Case("undefined_alias", DATA, price("    value: *nothing\n"), "*nothing", "anchors and aliases"),
    Case("duplicate_key", DATA, price("    value: 15\n    value: 16\n"), "value: 16", "duplicate key 'value'"),
    Case("anchor", DATA, replace(DATA, "  price_input_opus_4_1:\n", "  price_input_opus_4_1: &p\n"), "&p",
         "anchors and aliases"),
    Case("alias_bomb", DATA, append(DATA, "bomb:\n" + ALIAS_BOMB), "&l0", "anchors and aliases"),
    Case("merge_key", DATA, note("    <<: {sig: 2}\n"), "<<:", "merge key"),
    Case("python_name_tag", DATA, note("    notes: !!python/name:os.system\n"), "!!python/name", "tag"),
    Case("python_object_apply_tag", DATA, note("    notes: !!python/object/apply:os.system [echo]\n"),
         "!!python/object", "tag"),
    Case("custom_tag", DATA, note("    notes: !include secrets.yaml\n"), "!include", "tag"),
    Case("binary_tag", DATA, note("    notes: !!binary aGVsbG8=\n"), "!!binary", "tag"),
    Case("deep_nesting", DATA, note(f"    notes: {nested(5000)}\n"), "notes: [[[", "nested"),
    Case("non_utf8_byte", DATA, write_bytes(DATA, lambda b: b.replace(b"Claude Opus 4.1's price for input",
                                                                       b"Claude Opus 4.1's pri\xe7e for input")),
         "for input tokens", "UTF-8"),
    Case("control_character", DATA, price("    value: 15\x07\n"), "value: 15", "character"),
    Case("nul_byte", DATA, write_bytes(DATA, lambda b: b.replace(b"    value: 15\n", b"    value: 1\x005\n", 1)),
         "value: 1", "character"),
    # --- numbers ----------------------------------------------------------------------------------------------
    Case("value_inf", DATA, price("    value: .inf\n"), "value: .inf", "finite"),
    Case("value_minus_inf", DATA, price("    value: -.inf\n"), "value: -.inf", "finite"),
    Case("value_nan", DATA, price("    value: .nan\n"), "value: .nan", "finite"),
    Case("value_1e309", DATA, price("    value: 1e309\n"), "value: 1e309", "finite"),
    Case("value_1e308_tparam", "data/estimates.yaml",
         field("data/estimates.yaml", "total_params_gpt_4_semafor", "value", "    value: 1.0e308\n"), "value: 1.0e308",
         "finite"),
    Case("value_text", DATA, price("    value: fifteen\n"), "value: fifteen", "must be a number"),
    Case("value_bool", DATA, price("    value: true\n"), "value: true", "must be a number"),
    Case("value_list", DATA, price("    value: [15, 16]\n"), "value: [15, 16]", "must be a number"),
    Case("value_mapping", DATA, price("    value: {a: 15}\n"), "value: {a: 15}", "must be a number"),
    Case("value_with_unit", DATA, price("    value: 15 USD\n"), "value: 15 USD", "must be a number"),
    Case("value_empty", DATA, price("    value:\n"), "value:", "must be a number"),
    Case("value_and_range", DATA, price("    value: 15\n    low: 14\n    high: 16\n    range: bounds\n"),
         "value: 15", "both 'value' and 'low'/'high'"),
    Case("low_above_high", DATA, price("    low: 16\n    high: 14\n    range: bounds\n"), "low: 16",
         "greater than high"),
    Case("low_equals_high", DATA, price("    low: 15\n    high: 15\n    range: bounds\n"), "low: 15",
         "low equals high"),
    Case("range_meaning", DATA, price("    low: 14\n    high: 16\n    range: maybe\n"), "range: maybe",
         "must be 'bounds' or"),
    Case("range_without_meaning", DATA, price("    low: 14\n    high: 16\n"), "  price_input_opus_4_1:",
         "has no 'range'"),
    # --- plausibility -----------------------------------------------------------------------------------------
    Case("negative_price", DATA, price("    value: -150\n"), "value: -150", "cannot be negative"),
    Case("negative_price_range", DATA, price("    low: -5\n    high: 16\n    range: bounds\n"), "low: -5",
         "cannot be negative"),
    Case("zero_rate", "data/throughput.yaml",
         replace("data/throughput.yaml", RATE, RATE.replace("value: 43", "value: 0")), "value: 0",
         "must be more than zero"),
    Case("negative_rate", "data/throughput.yaml",
         replace("data/throughput.yaml", RATE, RATE.replace("value: 43", "value: -43")), "value: -43",
         "must be more than zero"),
    Case("percentage_above_100", "data/benchmarks.yaml",
         field("data/benchmarks.yaml", BENCH, "value", "    value: 164.3\n"), "value: 164.3",
         "between 0 and 100 percent"),
    Case("percentage_negative", "data/benchmarks.yaml",
         field("data/benchmarks.yaml", BENCH, "value", "    value: -4.3\n"), "value: -4.3",
         "between 0 and 100 percent"),
    Case("percentage_range_above_100", "data/benchmarks.yaml",
         field("data/benchmarks.yaml", BENCH, "value", "    low: 60\n    high: 130\n    range: bounds\n"),
         "high: 130", "between 0 and 100 percent"),
    Case("negative_params", "data/estimates.yaml",
         field("data/estimates.yaml", "total_params_gpt_4_semafor", "value", "    value: -1.76\n"), "value: -1.76",
         "cannot be negative"),
    # --- units ----------------------------------------------------------------------------------------------------
    Case("unknown_unit", DATA, replace(DATA, PRICE_VALUE, PRICE + "    unit: USD/Mtk\n"), "unit: USD/Mtk",
         "unknown unit"),
    Case("unit_markup", DATA, replace(DATA, PRICE_VALUE, PRICE + "    unit: USD/Mtok<script>\n"), "unit: USD",
         "unknown unit"),
    Case("unit_python", DATA, replace(DATA, PRICE_VALUE, PRICE + "    unit: __import__('os')\n"), "unit: __import",
         "unknown unit"),
    Case("unit_empty", DATA, replace(DATA, PRICE_VALUE, PRICE + "    unit: ''\n"), "unit: ''",
         "has no 'unit'"),
    Case("wrong_dimension", "data/throughput.yaml",
         replace("data/throughput.yaml", RATE + "    unit: token/s\n", RATE + "    unit: TB/s\n"), "unit: TB/s",
         "needs a decode rate"),
    # --- dates ------------------------------------------------------------------------------------------------
    Case("impossible_date", DATA, field(DATA, "price_input_opus_4_1", "as_of", "    as_of: 2026-02-30\n"),
         "as_of: 2026-02-30", "is not a date"),
    Case("impossible_month", DATA, field(DATA, "price_input_opus_4_1", "as_of", "    as_of: 2026-13\n"),
         "as_of: 2026-13", "is not a date"),
    Case("date_words", DATA, field(DATA, "price_input_opus_4_1", "as_of", "    as_of: someday\n"), "as_of: someday",
         "is not a date"),
    Case("impossible_review_date", DATA,
         field(DATA, "price_input_opus_4_1", "review_by", "    review_by: 2026-09-31\n"),
         "review_by: 2026-09-31", "is not a date"),
    Case("impossible_source_date", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "date", "    date: 2026-02-29\n"), "date: 2026-02-29",
         "is not a date"),
    # --- other fields -----------------------------------------------------------------------------------------
    Case("sig_zero", DATA, note("    sig: 0\n"), "sig: 0", "'sig'"),
    Case("sig_huge", DATA, note("    sig: 99\n"), "sig: 99", "'sig'"),
    Case("show_as_unknown", DATA, note("    show_as: pie\n"), "show_as: pie", "'show_as'"),
    Case("approximate_text", DATA, note("    approximate: perhaps\n"), "approximate: perhaps", "true or false"),
    Case("unknown_model", DATA, field(DATA, "price_input_opus_4_1", "model", "    model: opus_4_9\n"),
         "model: opus_4_9", "unknown model"),
    Case("unknown_source", DATA, field(DATA, "price_input_opus_4_1", "source", "    source: anthropic\n"),
         "source: anthropic\n".strip(), "unknown source"),
    Case("unknown_key", DATA, price("    vale: 15\n"), "vale: 15", "unknown key 'vale'"),
    Case("bad_name", DATA, replace(DATA, "  price_input_opus_4_1:\n", "  Price-Input:\n"), "Price-Input",
         "not a valid datum name"),
    Case("entry_not_mapping", DATA, entry_body(DATA, "price_input_opus_4_1", "  price_input_opus_4_1: 15\n"),
         "price_input_opus_4_1: 15", "must be a mapping"),
    Case("description_number", DATA, replace(DATA, "    description: Claude Opus 4.1's price for input tokens\n",
                                             "    description: 15\n"), "description: 15", "must be text"),
    Case("defined_twice", "data/throughput.yaml",
         replace("data/throughput.yaml", "\ndata:\n", "\ndata:\n  price_input_opus_4_1:\n    description: again\n"
                 "    value: 15\n    unit: USD/Mtok\n    source: anthropic_price_list\n    as_of: 2026-03-12\n"),
         "  price_input_opus_4_1:", "defined twice"),
    Case("unknown_section", DATA, append(DATA, "datta:\n  x: 1\n"), "datta:", "unknown section"),
    Case("empty_data_file", DATA, write_bytes(DATA, lambda b: b""), "", "data/prices.yaml"),
    Case("data_file_is_null", DATA, write_bytes(DATA, lambda b: b"--- ~\n"), "--- ~", "data/prices.yaml"),
    Case("data_file_is_a_list", DATA, write_bytes(DATA, lambda b: b"- a\n- b\n"), "- a", "data/prices.yaml"),
    Case("deleted_data_file", DATA, delete(DATA), None, "data/prices.yaml"),
    Case("deleted_sources_file", "data/sources.yaml", delete("data/sources.yaml"), None, "data/sources.yaml"),
    Case("deleted_models_file", "data/models.yaml", delete("data/models.yaml"), None, "data/models.yaml"),
    # --- sources -----------------------------------------------------------------------------------------------
    Case("url_javascript", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "url", "    url: javascript:alert(1)\n"), "javascript:",
         "not a web address"),
    Case("url_breaking_out", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "url",
               "    url: 'https://example.com/\"><script>alert(1)</script>'\n"),
         "<script>", "not a web address"),
    Case("url_angle_bracket", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "url", "    url: https://example.com/a>b\n"), "a>b",
         "not a web address"),
    Case("url_without_host", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "url", "    url: https://\n"), "url: https://",
         "not a web address"),
    Case("url_data_scheme", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "url", "    url: data:text/html,hello\n"), "data:text",
         "not a web address"),
    Case("url_protocol_relative", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "url", "    url: //example.com/x\n"), "//example.com",
         "not a web address"),
    Case("url_with_credentials", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "url", "    url: https://user:pw@example.com/x\n"),
         "user:pw",
         "not a web address"),
    Case("arxiv_breaking_out", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "arxiv", "    arxiv: '2204.09179\"><b>'\n"), "2204.09179",
         "not an arXiv id"),
    Case("source_tier_out_of_range", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "tier", "    tier: 7\n"), "tier: 7",
         "whole number from 1 to 4"),
    Case("source_tier_text", "data/sources.yaml",
         field("data/sources.yaml", "unexcitedneurons_2026", "tier", "    tier: three\n"), "tier: three",
         "whole number from 1 to 4"),
    Case("source_quotes_list", "data/sources.yaml",
         replace("data/sources.yaml", "    quotes:\n      no_ten_trillion: \"Opus 4.6 cannot be 10x larger than the "
                 "top Chinese models.\"\n", "    quotes: [a, b]\n"), "quotes: [a, b]", "'quotes'"),
    # --- expectations ----------------------------------------------------------------------------------------------
    Case("tolerance_two_dots", "data/expectations.yaml",
         replace("data/expectations.yaml", TOLERANCE, TOLERANCE.replace("0.1 percent", "1.2.3 percent")),
         "1.2.3 percent", "'tolerance'"),
    Case("tolerance_words", "data/expectations.yaml",
         replace("data/expectations.yaml", TOLERANCE, TOLERANCE.replace("0.1 percent", "ten percent")),
         "ten percent", "'tolerance'"),
    Case("tolerance_negative", "data/expectations.yaml",
         replace("data/expectations.yaml", TOLERANCE, TOLERANCE.replace("0.1 percent", "-10 percent")),
         "-10 percent", "'tolerance'"),
    Case("tolerance_infinite", "data/expectations.yaml",
         replace("data/expectations.yaml", TOLERANCE, TOLERANCE.replace("0.1 percent", "1e400 percent")),
         "1e400 percent", "'tolerance'"),
    Case("tolerance_above_100", "data/expectations.yaml",
         replace("data/expectations.yaml", TOLERANCE, TOLERANCE.replace("0.1 percent", "250 percent")),
         "250 percent", "'tolerance'"),
    Case("tolerance_bare_number", "data/expectations.yaml",
         replace("data/expectations.yaml", TOLERANCE, TOLERANCE.replace("0.1 percent", "0.1")),
         "tolerance: 0.1", "'tolerance'"),
    Case("expectation_too_tight", "data/expectations.yaml",
         replace("data/expectations.yaml", TOLERANCE, TOLERANCE.replace("0.1 percent", "0.0000001 percent")),
         "reproduces_kimi_bf16_footnote:", "fails"),
    Case("expectation_unknown_name", "data/expectations.yaml",
         replace("data/expectations.yaml", "[always_active_share_kimi_k2_thinking, stated_always_active_share_kimi]",
                 "[always_active_share_kimi_k3, stated_always_active_share_kimi]"),
         "kimi_share_as_stated:", "always_active_share_kimi_k3"),
    Case("expectation_one_name", "data/expectations.yaml",
         replace("data/expectations.yaml", "[always_active_share_kimi_k2_thinking, stated_always_active_share_kimi]",
                 "[always_active_share_kimi_k2_thinking]"), "equal: [always_active_share_kimi_k2_thinking]",
         "must list"),
    # --- claims, models, tiers ------------------------------------------------------------------------------
    Case("evidence_bearing", "data/claims.yaml",
         replace("data/claims.yaml", EVIDENCE, EVIDENCE.replace("carried_over", "sideways")), "bears: sideways",
         "'bears'"),
    Case("evidence_unknown_figure", "data/claims.yaml",
         replace("data/claims.yaml", EVIDENCE, EVIDENCE.replace("implied_total_opus", "implied_total_opux")),
         "- figure: implied_total_opux", "unknown quantity"),
    Case("model_aliases_text", "data/models.yaml",
         replace("data/models.yaml", "aliases: [Opus 4.7]", "aliases: Opus 4.7"), "aliases: Opus 4.7", "'aliases'"),
    Case("tier_out_of_range", "data/tiers.yaml", append("data/tiers.yaml", "  9:\n    name: x\n"), "  9:",
         "out of range"),
    # --- generated files ----------------------------------------------------------------------------------------
    Case("hand_edited_chart", "figures/charts/prices.svg",
         write_bytes("figures/charts/prices.svg", lambda b: b.replace(b"</svg>", b"<!-- edited --></svg>")), None,
         "edited by hand", verb="check"),
    Case("hand_edited_page", "docs/opus-4-6-size.md",
         write_bytes("docs/opus-4-6-size.md", lambda b: b + b"\nAn edit by hand.\n"), None, "edited by hand",
         verb="check"),
    Case("leftover_temporary_file", "docs/.index.md.x1.tmp",
         lambda root: (root / "docs/.index.md.x1.tmp").write_text("half a page"), None, "left over", verb="check"),
]

CASES += [
    # --- templates ------------------------------------------------------------------------------------------
    Case("template_if_without_test", TEMPLATE, inject("{% if %}x{% endif %}"), "Injected:", "syntax error"),
    Case("template_unclosed_expression", TEMPLATE, inject("{{ q.decode_rate_opus_4_6"), "Injected:", "syntax error"),
    Case("template_stray_endif", TEMPLATE, inject("{% endif %}"), "Injected:", "syntax error"),
    Case("template_unknown_filter", TEMPLATE, inject("{{ q.decode_rate_opus_4_6 | nosuch }}"), "Injected:",
         "nosuch"),
    Case("template_dunder", TEMPLATE, inject("{{ q.decode_rate_opus_4_6.__class__ }}"), "Injected:", "__class__"),
    Case("template_mro_escape", TEMPLATE, inject("{{ cite.__globals__ }}"), "Injected:", "__globals__"),
    Case("template_raw_number", TEMPLATE, inject("{{ q.decode_rate_opus_4_6.low }}"), "Injected:", "low"),
    Case("template_path", TEMPLATE, inject("{{ project.root }}"), "Injected:", "project"),
    Case("template_entry_path", TEMPLATE, inject("{{ q.decode_rate_opus_4_6.quantity.location }}"), "Injected:",
         "quantity"),
    Case("template_concatenation", TEMPLATE, inject('{{ "tw" ~ "ice" }}'), "Injected:", "text built"),
    Case("template_join", TEMPLATE, inject('{{ ["do", "zen"] | join }}'), "Injected:", "text built"),
    Case("template_format", TEMPLATE, inject('{{ "%s%s" | format("do", "zen") }}'), "Injected:", "text built"),
    Case("template_length", TEMPLATE, inject("{{ figures | length }}"), "Injected:", "raw number"),
    Case("template_twice_literal", TEMPLATE, inject('{{ "twice" }}'), "Injected:", "twice"),
    Case("prose_citation_needed", TEMPLATE, inject("as shown [citation needed]"), "Injected:", "citation needed"),
    Case("prose_thrice", TEMPLATE, inject("it ran thrice as fast"), "Injected:", "thrice"),
    Case("prose_seventeen", TEMPLATE, inject("seventeen experts"), "Injected:", "seventeen"),
    Case("prose_quintuple", TEMPLATE, inject("a quintuple jump"), "Injected:", "quintuple"),
    Case("prose_dozen", TEMPLATE, inject("a dozen experts"), "Injected:", "dozen"),
    Case("template_unknown_source", TEMPLATE, inject('{{ cite("no_such_source") }}'), "Injected:", "no_such_source"),
    Case("template_unknown_chart", TEMPLATE, inject('{{ chart("no_such_chart") }}'), "Injected:", "no_such_chart"),
    Case("template_include_outside", TEMPLATE, inject('{% include "../data/prices.yaml" %}'), "Injected:",
         "include"),
    Case("template_non_utf8", TEMPLATE, write_bytes(TEMPLATE, lambda b: b + b"Injected: caf\xe9\n"), "Injected:",
         "UTF-8"),
]

# --- the third hostile round (issue 22): templates that print raw values or build markup ------------------------
R = "q.decode_rate_opus_4_6"
CASES += [
    Case("template_tojson_number", TEMPLATE, inject(f"{{{{ {R}.low | tojson }}}}"), "Injected:",
         "'tojson' gives only a mapping of names to pages"),
    Case("template_tojson_text", TEMPLATE, inject(f"{{{{ {R}.description | tojson }}}}"), "Injected:",
         "'tojson' gives only a mapping of names to pages"),
    Case("template_sum", TEMPLATE, inject(f"{{{{ [{R}.low, {R}.high] | sum }}}}"), "Injected:",
         "'| sum' is not a filter templates may use"),
    Case("template_max", TEMPLATE, inject(f"{{{{ [{R}.low, {R}.high] | max }}}}"), "Injected:",
         "'| max' is not a filter templates may use"),
    Case("template_int_count", TEMPLATE, inject(f"{{{{ {R}.low | int | count }}}}"), "Injected:",
         "'| int' is not a filter templates may use"),
    Case("template_round_int_count", TEMPLATE, inject(f"{{{{ {R}.low | round | int | count }}}}"), "Injected:",
         "is not a filter templates may use"),
    Case("template_list_whole", TEMPLATE, inject(f"{{{{ [{R}.low] }}}}"), "Injected:",
         "a list cannot be printed"),
    Case("template_tuple_whole", TEMPLATE, inject(f"{{{{ ({R}.low, {R}.high) }}}}"), "Injected:",
         "a list cannot be printed"),
    Case("template_mapping_whole", TEMPLATE, inject(f"{{{{ {{'a': {R}.low}} }}}}"), "Injected:",
         "dict cannot be printed"),
    Case("template_truth_value", TEMPLATE, inject(f"{{{{ {R}.is_range }}}}"), "Injected:", "bool cannot be printed"),
    Case("template_wordcount", TEMPLATE, inject(f"{{{{ {R}.description | wordcount | count }}}}"), "Injected:",
         "'| wordcount' is not a filter templates may use"),
    Case("template_safe", TEMPLATE, inject(f"{{{{ {R}.description | safe }}}}"), "Injected:",
         "'| safe' is not a filter templates may use"),
    Case("template_escape_html_only", TEMPLATE, inject(f"{{{{ {R}.description | e }}}}"), "Injected:",
         "'| e' is not a filter templates may use"),
    Case("template_xmlattr", TEMPLATE, inject('<p{{ {"onclick": "alert"} | xmlattr }}>x</p>'), "Injected:",
         "'| xmlattr' is not a filter templates may use"),
    Case("template_random", TEMPLATE, inject('{{ ["up", "down"] | random }}'), "Injected:",
         "'| random' is not a filter templates may use"),
    Case("template_urlize", TEMPLATE, inject(f"{{{{ {R}.description | urlize }}}}"), "Injected:",
         "'| urlize' is not a filter templates may use"),
    Case("template_test_odd", TEMPLATE, inject(f"{{% if {R}.tier is odd %}}x{{% endif %}}"),
         "Injected:", "'is odd' is not a test templates may use"),
    Case("template_range_global", TEMPLATE, inject("{% for i in range(tiers | length) %}x{% endfor %}"), "Injected:",
         "'range' is undefined"),
    Case("template_lipsum_global", TEMPLATE, inject("{{ lipsum() }}"), "Injected:", "'lipsum' is undefined"),
    Case("template_namespace_global", TEMPLATE, inject("{% set ns = namespace(n=q) %}"), "Injected:",
         "'namespace' is undefined"),
]

# --- script from places the escaping does not cover: markup in a template's prose ---------------------------
CASES += [
    Case("prose_raw_html_handler", TEMPLATE, inject("<img src=x onerror=go()>"), "Injected:",
         "raw HTML in template prose ('<img src=x onerror=go()>')"),
    Case("prose_raw_html_block", TEMPLATE, append(TEMPLATE, '\n<div onclick="go()">\nInjected: a block\n</div>\n'),
         '<div onclick', "raw HTML in template prose ('<div onclick=\"go()\">')"),
    Case("prose_raw_script", TEMPLATE, inject("<script>go()</script>"), "Injected:",
         "raw HTML in template prose ('<script>')"),
    Case("prose_value_in_html_attribute", TEMPLATE, inject(f'<abbr title="{{{{ {R}.description }}}}">x</abbr>'),
         "Injected:", "a value printed inside an HTML tag ('<abbr title=\"{{ … }}\">')"),
    Case("prose_attr_list_handler", TEMPLATE, inject("[a link](#top){ onclick=go() }"), "Injected:",
         "an attribute list setting 'onclick' ('{ onclick=go() }')"),
    Case("prose_heading_attr_list_handler", TEMPLATE, append(TEMPLATE, "\n## Injected: heading { onmouseover=go() }\n"),
         "Injected:", "an attribute list setting 'onmouseover'"),
    Case("prose_value_in_attr_list_quotes", TEMPLATE, inject(f'[a link](#top){{ title="{{{{ {R}.description }}}}" }}'),
         "Injected:", "a value printed inside an attribute list ('{ title=\"{{ … }}\" }')"),
    Case("prose_value_in_attr_list_bare", TEMPLATE, inject(f"[a link](#top){{ title={{{{ {R}.description }}}} }}"),
         "Injected:", "a value printed inside an attribute list ('{ title={{ … }} }')"),
    Case("prose_value_as_attr_list", TEMPLATE, inject(f"[a link](#top){{: {{{{ {R}.description }}}} }}"),
         "Injected:", "a value printed inside an attribute list"),
    Case("prose_javascript_link", TEMPLATE, inject("[a link](javascript:go())"), "Injected:",
         "a link to 'javascript:' ('javascript:go(')"),
    Case("prose_data_link", TEMPLATE, inject("[a link](data:text/html,go)"), "Injected:", "a link to 'data:'"),
    Case("prose_javascript_reference", TEMPLATE, append(TEMPLATE, "\n[Injected]: javascript:go()\n"), "[Injected]:",
         "a link to 'javascript:'"),
    Case("prose_value_opens_link", TEMPLATE, inject(f"[a link]({{{{ {R}.description }}}})"), "Injected:",
         "a value printed where a link's address begins"),
    Case("prose_value_completes_scheme", TEMPLATE, inject(f"[a link](java{{{{ {R}.description }}}})"), "Injected:",
         "a value printed where a link's address begins"),
    Case("nav_title_html", "mkdocs.yml", replace("mkdocs.yml", "  - Home: index.md\n",
                                                 '  - "<img src=x onerror=go()>": index.md\n'), "onerror",
         "a navigation title holding HTML ('<img src=x onerror=go()>')"),
]


def make_folder(path: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / path).mkdir()
    return change


# --- tracebacks and resource limits ---------------------------------------------------------------------------
INDEX = "templates/index.md.j2"
CASES += [
    Case("value_int_too_large", DATA, price("    value: 1" + "0" * 400 + "\n"), "value: 1000",
         "must be a finite number"),
    Case("value_plus_sign", DATA, price("    value: +\n"), "value: +", "must be a number (got '+')"),
    Case("value_bare_exponent", DATA, price("    value: e5\n"), "value: e5", "must be a number (got 'e5')"),
    Case("template_macro_recursion", TEMPLATE, inject("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"),
         "Injected:", "the template never stops calling itself"),
    Case("template_includes_itself", INDEX, append(INDEX, 'Injected: {% include "index.md.j2" %}\n'), "Injected:",
         "the template never stops calling itself"),
    Case("mkdocs_syntax_error", "mkdocs.yml", replace("mkdocs.yml", "nav:\n", "nav:\n  - [unclosed\n"), "[unclosed",
         "YAML syntax error"),
    Case("folder_named_like_a_template", "templates/extra.md.j2", make_folder("templates/extra.md.j2"), None,
         "templates/extra.md.j2 is not a file, but is named like a template"),
    Case("deleted_template_nav_remains", "mkdocs.yml", delete(TEMPLATE), "opus-4-6-size.md",
         "the nav lists opus-4-6-size.md, but its template templates/opus-4-6-size.md.j2 is gone"),
    # --- one message at the right line ----------------------------------------------------------------------
    Case("yaml_1_1_base_60", DATA, price("    value: 1:30\n"), "value: 1:30", "must be a number (got '1:30')"),
    Case("yaml_1_1_binary", DATA, price("    value: 0b1111\n"), "value: 0b1111", "must be a number (got '0b1111')"),
    Case("yaml_document_end_mid_file", DATA, price("    value: 15\n...\n"), "...",
         "a YAML document marker ('...') in the middle of the file"),
    Case("yaml_document_start_mid_file", DATA, price("    value: 15\n---\n"), "---",
         "a YAML document marker ('---') in the middle of the file"),
    Case("repeated_top_level_key", DATA, append(DATA, "data:  # again\n  x_y:\n    value: 1\n"), "# again",
         "duplicate key 'data' (first given on line"),
    Case("template_unclosed_for", TEMPLATE, inject("{% for t in tiers %}x"), "Injected:",
         "the '{% for %}' opened on this line is never closed"),
    Case("template_unclosed_if", TEMPLATE, inject("{% if tiers %}x"), "Injected:",
         "the '{% if %}' opened on this line is never closed"),
]

# --- the unseen round after the third (issue 22): what still failed -------------------------------------------
NESTING = ("template syntax error: nested more than 30 deep (brackets, blocks or filters within one another). Fix "
           "the Jinja tag on this line")
CASES += [
    Case("template_nested_parentheses", TEMPLATE, inject("{{ " + "(" * 3000 + R + ")" * 3000 + " }}"), "Injected:",
         NESTING),
    Case("template_nested_brackets_in_a_tag", TEMPLATE,
         inject("{% if " + "[" * 3000 + "tiers" + "]" * 3000 + " %}x{% endif %}"), "Injected:", NESTING),
    Case("template_nested_nots", TEMPLATE, inject("{% if " + "not " * 3000 + "tiers %}x{% endif %}"), "Injected:",
         NESTING),
    Case("template_chained_filters", TEMPLATE, inject("{{ tiers" + " | first" * 3000 + " }}"), "Injected:", NESTING),
    Case("template_nested_blocks", TEMPLATE, inject("{% if tiers %}" * 3000 + "x" + "{% endif %}" * 3000),
         "Injected:", NESTING),
]
HOLDS = "    holds: max(totals_opus_4_6) < min(claim_opus_5_total)\n"
CLAIM_TOO_DEEP = ("cannot read 'holds' of claim 'opus_4_6_below_the_opus_5_claim': it is nested more than 40 deep "
                  "(terms or brackets within one another)")
CASES += [
    Case("claim_thousands_of_terms", "data/assertions.yaml",
         replace("data/assertions.yaml", HOLDS, "    holds: " + " * ".join(["max(totals_opus_4_6)"] * 3000)
                 + " < min(claim_opus_5_total)\n"), "holds: max(totals_opus_4_6) * max", CLAIM_TOO_DEEP),
    Case("claim_nested_products", "data/assertions.yaml",
         replace("data/assertions.yaml", HOLDS, "    holds: max(totals_opus_4_6) < " + "2 * (" * 190
                 + "min(claim_opus_5_total)" + ")" * 190 + "\n"), "holds: max(totals_opus_4_6) < 2 * (",
         CLAIM_TOO_DEEP),
]


def link(path: str, target: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / path).symlink_to(target)
    return change


CASES += [
    Case("template_symlink_loop", "templates/loop.md.j2", link("templates/loop.md.j2", "loop.md.j2"), None,
         "templates/loop.md.j2: cannot be opened: it is a symbolic link that leads back to itself (a loop of links). "
         "Replace the link by the file itself, or remove it"),
    Case("data_symlink_dangling", "data/gone.yaml", link("data/gone.yaml", "nowhere.yaml"), None,
         "data/gone.yaml: cannot be opened: it is a symbolic link to a file that is not there. Replace the link by "
         "the file itself, or remove it", verb="check"),
]
CASES += [
    Case("prose_javascript_link_entity", TEMPLATE, inject("[a link](javascript&#58;go())"), "Injected:",
         "a link to 'javascript:' ('javascript&#58;go('). Link to a page of the site or to an http or https address"),
    Case("prose_javascript_link_named_entity", TEMPLATE, inject("[a link](javascript&colon;go())"), "Injected:",
         "a link to 'javascript:' ('javascript&colon;go(')"),
    Case("prose_javascript_link_first_letter_encoded", TEMPLATE, inject("[a link](&#106;avascript:go())"),
         "Injected:", "a link to 'javascript:' ('&#106;avascript:go(')"),
    Case("prose_javascript_link_tab_inside", TEMPLATE, inject("[a link](java&#9;script:go())"), "Injected:",
         "a link to 'javascript:' ('java&#9;script:go(')"),
    Case("prose_javascript_reference_entity", TEMPLATE, append(TEMPLATE, "\n[Injected]: javascript&colon;go()\n"),
         "[Injected]:", "a link to 'javascript:' ('javascript&colon;go()')"),
]
CASES += [
    Case("mkdocs_cdn_script", "mkdocs.yml",
         replace("mkdocs.yml", "extra_javascript:\n", "extra_javascript:\n  - https://cdn.example.com/x.js\n"),
         "cdn.example.com", "extra_javascript names a file on another host "
         "('https://cdn.example.com/x.js'). The site works offline and loads nothing from other hosts: keep the file "
         "in docs/ and name its path", verb="check"),
    Case("mkdocs_cdn_script_as_mapping", "mkdocs.yml",
         replace("mkdocs.yml", "extra_javascript:\n", "extra_javascript:\n  - path: //cdn.example.com/x.js\n"
                 "    type: module\n"), "cdn.example.com", "extra_javascript names a file on another host "
         "('//cdn.example.com/x.js')", verb="check"),
    Case("mkdocs_cdn_stylesheet", "mkdocs.yml",
         replace("mkdocs.yml", "extra_css:\n", "extra_css:\n  - http://cdn.example.com/x.css\n"), "cdn.example.com",
         "extra_css names a file on another host ('http://cdn.example.com/x.css')", verb="check"),
    Case("mkdocs_google_fonts", "mkdocs.yml",
         replace("mkdocs.yml", "  font: false ", "  font:\n    text: Roboto\n  #"), "  font:",
         "theme.font is not false, so Material loads Google Fonts from another host. Set it to false: 'font: false'",
         verb="check"),
    Case("mkdocs_font_left_out", "mkdocs.yml", replace("mkdocs.yml", "  font: false ", "  #"), "theme:",
         "the theme has no 'font: false', so Material loads Google Fonts from another host. Add 'font: false' under "
         "theme", verb="check"),
]


def empty(file: str, text: str = "") -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / file).write_text(text, encoding="utf-8")
    return change


def rename(file: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / file).rename(root / new)
    return change


OPUS_4_5_RATE = "    value: 40\n    unit: token/s\n    model: opus_4_5\n"
TOO = "(a datum lies within 1e-30 to 1e+30 token/s, or is zero, so that every figure computed from it stays finite)"
CASES += [
    Case("template_emptied", TEMPLATE, empty(TEMPLATE), "", "the template is empty. Write the article, opening with "
         "{# context: … #}, or remove the template and its page's nav entry in mkdocs.yml"),
    Case("template_only_blank_lines", TEMPLATE, empty(TEMPLATE, "\n\n  \n"), "", "the template is empty"),
    Case("template_raw_unclosed", TEMPLATE, inject("{% raw %}x"), "Injected:",
         "template syntax error: Missing end of raw directive. Fix the Jinja tag on this line"),
    Case("template_raw_smuggles_html", TEMPLATE, inject("{% raw %}<script>go()</script>{% endraw %}"), "Injected:",
         "raw HTML in template prose ('<script>'). Write Markdown instead: templates may use <br> as their only HTML"),
    Case("template_raw_smuggles_a_figure", TEMPLATE, inject("{% raw %}seventeen experts{% endraw %}"), "Injected:",
         "hand-typed figure in prose: a number word ('seventeen')"),
    Case("template_renamed", "mkdocs.yml", rename(TEMPLATE, "templates/opus-4-6-sizes.md.j2"), "opus-4-6-size.md",
         "the nav lists opus-4-6-size.md, but its template templates/opus-4-6-size.md.j2 is gone "
         "(templates/opus-4-6-sizes.md.j2, whose page the nav does not list, may be it renamed: if so, rename it "
         "back, or rename the page in the nav and the template in data/assertions.yaml's marks). Put the template "
         "back, or take the page out of the nav (render then removes docs/opus-4-6-size.md)"),
    Case("value_int_1e300", DATA, price("    value: 1" + "0" * 300 + "\n"), "value: 1000",
         "'value' of datum 'price_input_opus_4_1' is too large to compute with: 1e+300 USD/Mtok (a datum lies within "
         "1e-30 to 1e+30 USD/Mtok, or is zero, so that every figure computed from it stays finite). Check the number "
         "and its unit"),
    Case("rate_subnormal", "data/throughput.yaml",
         replace("data/throughput.yaml", OPUS_4_5_RATE, OPUS_4_5_RATE.replace("40", "5e-324")), "value: 5e-324",
         f"'value' of datum 'decode_rate_opus_4_5' is too small to compute with: 4.94066e-324 token/s {TOO}"),
    Case("rate_huge", "data/throughput.yaml",
         replace("data/throughput.yaml", OPUS_4_5_RATE, OPUS_4_5_RATE.replace("40", "1" + "0" * 40)), "value: 1000",
         f"'value' of datum 'decode_rate_opus_4_5' is too large to compute with: 1e+40 token/s {TOO}"),
    Case("price_zero_divisor", DATA, price("    value: 0\n"), "value: 0",
         "'price_input_opus_4_1' is zero, and 'price_ratio_input_opus_4_6_vs_opus_4_1' divides by it. Check the "
         "figure against its source; a zero here has no meaning"),
]


DESCRIPTION = "    description: Claude Opus 4.1's price for input tokens\n"
CASES += [
    Case("description_block_tag", DATA, replace(DATA, DESCRIPTION, DESCRIPTION.replace("for input", "{% for input")),
         "{% for input", "'description' of datum 'price_input_opus_4_1' holds template syntax ('{%'). Reword it "
         "without '{{', '}}', '{%' or '%}': Jinja tags belong in templates, and data text is shown as written"),
    Case("description_expression_tag", DATA,
         replace(DATA, DESCRIPTION, DESCRIPTION.replace("for input", "{{ for input")), "{{ for input",
         "'description' of datum 'price_input_opus_4_1' holds template syntax ('{{')"),
    Case("notes_closing_tag", DATA, note("    notes: ends here %}\n"), "ends here %}",
         "'notes' of datum 'price_input_opus_4_1' holds template syntax ('%}')"),
    Case("template_unclosed_expression_before_prose", "templates/extra.md.j2",
         empty("templates/extra.md.j2", "{# context: a page #}\n# Extra\n\nInjected: {{ q.decode_rate_opus_4_6\n\n"
               "More prose.\n"), "Injected:", "template syntax error: the tag opened on this line is not closed "
         "(Jinja gave up on line 6: expected token 'end of print statement', got 'More'). Fix the Jinja tag on this "
         "line"),
]
CASES += [
    Case("template_sig_40", TEMPLATE, inject(f"{{{{ {R} | sig(40) }}}}"), "Injected:",
         "'| sig(40)' asks for 40 significant figures, but a figure is shown to 1 to 9. Ask for 1 to 9 significant "
         "figures, e.g. | sig(2)"),
    Case("template_sig_0", TEMPLATE, inject(f"{{{{ {R} | sig(0) }}}}"), "Injected:",
         "'| sig(0)' asks for 0 significant figures, but a figure is shown to 1 to 9"),
    Case("template_sig_text", TEMPLATE, inject(f"{{{{ {R} | sig('abc') }}}}"), "Injected:",
         "'| sig('abc')' asks for 'abc' significant figures, but a figure is shown to 1 to 9"),
    Case("template_pct_40", TEMPLATE, inject(f"{{{{ {R} | pct(40) }}}}"), "Injected:",
         "'| pct(40)' asks for 40 significant figures, but a figure is shown to 1 to 9"),
]
CASES += [
    Case("prose_value_in_link_title", TEMPLATE, inject(f'[text](https://example.com "{{{{ {R} }}}}")'), "Injected:",
         "a value printed inside a link's title ('\"{{ … }}\"'). A link's title may hold only literal text; print the "
         "value in the sentence"),
    Case("prose_value_in_single_quoted_link_title", TEMPLATE, inject(f"[text](page.md 'see {{{{ {R} }}}}')"),
         "Injected:", "a value printed inside a link's title (''see {{ … }}'')"),
    Case("prose_value_in_parenthesised_link_title", TEMPLATE, inject(f"[text](page.md ({{{{ {R} }}}}))"),
         "Injected:", "a value printed inside a link's title ('({{ … }})')"),
    Case("prose_value_in_reference_title", TEMPLATE,
         append(TEMPLATE, f'\n[Injected]: https://example.com "{{{{ {R} }}}}"\n'), "[Injected]:",
         "a value printed inside a link's title ('\"{{ … }}\"')"),
]


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        for one in changes:
            one(root)
    return change


def write(file: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / file).write_text(text, encoding="utf-8")
    return change


MK = "mkdocs.yml"
OFFLINE = "The site works offline and loads nothing from other hosts: keep the file in docs/ and name its path"
PAGE_LINK = "Link to a page of the site by its path from this page (e.g. tiers.md, or ../tiers.md from the catalogue)"
SOURCES = "data/sources.yaml"
# The unseen round of 4 December (issue 22): what still got through, or gave a traceback or the wrong line.
CASES += [
    Case("prose_image_from_another_host", TEMPLATE, inject("![tracker](https://evil.example/pixel.png)"), "Injected:",
         "an image from another host ('https://evil.example/pixel.png'). The site works offline and loads nothing "
         "from other hosts: draw the image as a chart, or keep the file in docs/ and name its path"),
    Case("prose_image_reference_from_another_host", TEMPLATE,
         append(TEMPLATE, "\nInjected ![tracker][pixel]\n\n[pixel]: https://evil.example/p.png\n"), "[pixel]:",
         "an image from another host ('https://evil.example/p.png')"),
    Case("include_of_a_plain_file", TEMPLATE, both(
        write("templates/raw.md", "The claim is five trillion parameters, or 5 T params.\n"),
        append(TEMPLATE, '{% include "raw.md" %}\n')), '{% include "raw.md" %}',
        "'raw.md' is not a template: only templates (NAME.md.j2, linted as templates) may be included. Write the "
        "text in a template (NAME.md.j2) inside templates/, or in this one"),
    Case("include_of_a_link_to_data", TEMPLATE, both(
        link("templates/leak.txt", "../data/throughput.yaml"), append(TEMPLATE, '{% include "leak.txt" %}\n')),
        '{% include "leak.txt" %}', "'leak.txt' is not a template"),
    Case("template_linking_out_of_templates", "templates/leak.md.j2", both(
        write("notes.txt", "{# context: q #}\n# Leak\n\nHello from a file kept beside the templates.\n"),
        link("templates/leak.md.j2", "../notes.txt")), None,
        "notes.txt, outside templates/. Keep the template itself in templates/ (copy the file there in place of the "
        "link), or remove the link"),
    Case("compound_number_word", TEMPLATE, inject("it decodes forty-three tokens a second."), "Injected:",
         "hand-typed figure in prose: a number word ('forty-three'). Name a quantity instead (see the Figures page), "
         "e.g. {{ q.name }} or {{ q.name | multiple }}"),
    Case("value_underscore_not_grouping", DATA, price("    value: 4_3\n"), "value: 4_3",
         "'value' of datum 'price_input_opus_4_1' must be a number (got '4_3'). Write a plain number such as 43, 4.5 "
         "or 1.5e12 (an underscore may only group digits in threes: 1_000_000); put the unit under 'unit'"),
    Case("source_via_itself", SOURCES, field(SOURCES, "unexcitedneurons_2026", "via",
                                             "    via: unexcitedneurons_2026\n"), "via: unexcitedneurons_2026",
         "source 'unexcitedneurons_2026' is read via itself. Name under 'via:' the source whose copy you read, or "
         "remove 'via:'"),
    Case("link_to_a_missing_page", TEMPLATE, inject("See [the missing page](nowhere.md)."), "Injected:",
         f"a link to 'nowhere.md', which is no page of the site. {PAGE_LINK}"),
    Case("link_out_of_docs", TEMPLATE, inject("See [this](../../etc/passwd)."), "Injected:",
         f"a link to '../../etc/passwd', which is no page of the site. {PAGE_LINK}"),
    Case("link_to_an_absolute_path", TEMPLATE, inject("See [this](/etc/passwd)."), "Injected:",
         f"a link to an absolute path ('/etc/passwd'). {PAGE_LINK}"),
    Case("loops_nested_25_deep", TEMPLATE,
         inject("".join("{% for a" + str(i) + " in [1] %}" for i in range(25)) + "x" + "{% endfor %}" * 25),
         "Injected:", "template syntax error: loops nested more than 10 deep ({% for %} within {% for %}). Fix the "
         "Jinja tag on this line"),
    Case("description_too_long", DATA, replace(DATA, DESCRIPTION, "    description: " + "A" * 2_001 + "\n"),
         "description: AAAA", "'description' of datum 'price_input_opus_4_1' is 2,001 characters long, more than "
         "the 2,000 it may be. Shorten it to at most 2,000 characters (a description is one sentence; detail belongs "
         "in the source)"),
    Case("mkdocs_analytics", MK, replace(MK, "extra:\n", "extra:\n  analytics: {provider: google, property: G-X}\n"),
         "analytics:", "extra.analytics sends every visit to another host. Remove it: the site works offline and "
         "loads nothing from other hosts"),
    Case("mkdocs_repo_url", MK, replace(MK, "extra:\n", "repo_url: https://github.com/u25/u25\nextra:\n"), "repo_url:",
         "repo_url makes the theme fetch the repository's facts from another host in the reader's browser. Remove "
         "repo_url; link the repository from a page's prose instead"),
    Case("mkdocs_repo_name", MK, replace(MK, "extra:\n", "repo_name: u25/u25\nextra:\n"), "repo_name:",
         "repo_name makes the theme fetch the repository's facts"),
    Case("mkdocs_copyright_html", MK, replace(MK, "extra:\n", "copyright: '<script src=\"https://evil.example/c.js\">"
                                              "</script>'\nextra:\n"), "copyright:",
         "raw HTML in the copyright ('<script src=\"https://evil.example/c.js\"></script>'). Write the copyright as "
         "plain text, without '<', '>' or '&'"),
    Case("mkdocs_nav_javascript", MK, replace(MK, "  - Corrections: corrections.md\n",
                                              "  - Corrections: corrections.md\n  - Click: 'javascript:alert(1)'\n"),
         "Click:", "a nav entry linking to 'javascript:' ('javascript:alert(1)'). Name a page of the site (e.g. "
         "tiers.md) or an http or https address"),
    Case("mkdocs_favicon_from_another_host", MK, replace(MK, "  variant: classic\n",
                                                         "  variant: classic\n  favicon: https://evil.example/f.ico\n"),
         "favicon:", f"theme.favicon names a file on another host ('https://evil.example/f.ico'). {OFFLINE}"),
    Case("mkdocs_logo_from_another_host", MK, replace(MK, "  variant: classic\n",
                                                      "  variant: classic\n  logo: https://evil.example/logo.png\n"),
         "logo:", f"theme.logo names a file on another host ('https://evil.example/logo.png'). {OFFLINE}"),
    Case("mkdocs_emoji_from_a_cdn", MK, replace(MK, "  - pymdownx.superfences\n",
                                                "  - pymdownx.superfences\n  - pymdownx.emoji\n"), "pymdownx.emoji",
         "pymdownx.emoji fetches each emoji from a CDN on another host. Give it 'emoji_generator: "
         "!!python/name:material.extensions.emoji.to_svg' with 'emoji_index: "
         "!!python/name:material.extensions.emoji.twemoji' (drawn into the page), or remove it"),
    Case("mkdocs_another_hook", MK, both(write("evil_hook.py", "def on_config(config):\n    return config\n"),
                                         replace(MK, "hooks:\n  - hooks.py\n", "hooks:\n  - hooks.py\n  - evil_hook.py\n")),
         "evil_hook.py", "a hook other than the project's own ('evil_hook.py'): it would run its code on every build. "
         "Remove it: the built site needs no hook, and hooks.py is the live preview's"),
    Case("mkdocs_module_script_from_another_host", MK, replace(
        MK, "  - javascripts/catalogue.js", "  - javascripts/catalogue.js\n  - path: https://evil.example/m.js\n"
        "    type: module"), "path: https://evil.example/m.js",
        f"extra_javascript names a file on another host ('https://evil.example/m.js'). {OFFLINE}"),
]
