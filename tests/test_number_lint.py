"""The number style's second edition, as `calc check` enforces it (calc/number_lint.py): one failing example per
rule, its message word for word at file:line, and the site as it stands passing every rule."""

from __future__ import annotations

import ast
import copy as copying
from dataclasses import replace

import pytest

from calc import engine, fmt, number_lint, numberstyle, site
from calc.assertions import Assertion, Binding
from calc.errors import Location
from tests.conftest import ROOT

FIX_PREFIX = "Choose the prefix by the figure's size (calc.fmt does, unless a filter's argument or a table forces another)"


@pytest.fixture(scope="module")
def project() -> engine.Project:
    return engine.load(ROOT)


def link(text: str, name: str) -> str:
    return f'[{text}](figures/x.md#{name} "Tier 4 · Speculation")'


def problems(text: str, quantities) -> list[str]:
    return [str(p) for p in number_lint.lint_page("docs/x.md", text, quantities)]


def test_a_range_with_a_prefix_on_each_end_fails(project):
    page = "<!-- stamp -->\nBuilt like each, " + link("550 B–4.75 T params", "totals_opus_4_6") + ".\n"
    assert problems(page, project.quantities) == [
        "docs/x.md:2: '550 B–4.75 T params' gives each end of a range its own prefix. Write a range with one prefix, "
        "after its second end"]


def test_a_figure_counted_past_1000_of_its_prefix_fails(project):
    page = "<!-- stamp -->\n\nMythos: " + link("≈10,000 B params", "claim_mythos_total") + "\n"
    assert problems(page, project.quantities) == [
        f"docs/x.md:3: '≈10,000 B params' counts B past 1,000: the figure is ≈10 T params. {FIX_PREFIX}"]


def test_a_billion_scale_figure_in_t_fails(project):
    page = "<!-- stamp -->\n" + link("0.093–0.105 T params", "stated_active_params_fp8_opus_4_6") + "\n"
    assert problems(page, project.quantities) == [
        f"docs/x.md:2: '0.093–0.105 T params' shows a figure under 1 T: the figure is 93–105 B params. "
        f"{FIX_PREFIX}"]


def test_a_count_shown_rounded_fails(project):
    page = "<!-- stamp -->\nA batch of " + link("2.05K tokens", "sim_balance_batch") + ".\n"
    assert problems(page, project.quantities) == [
        "docs/x.md:2: '2.05K tokens' rounds a count: it is exactly 2048 tokens. Show a count whole (leave out the "
        "filter's significant figures)"]
    assert fmt.value_text(project.quantities["sim_balance_batch"]) == "2048 tokens"  # 2,048 exactly, not 2.05K


def test_a_column_with_two_prefixes_where_one_fits_fails(project):
    """The issue's table: "1000 B params" (GPT-4) in the column where Mythos is "≈10 T params"."""
    page = ("<!-- stamp -->\n| Model | Total |\n| --- | --- |\n"
            f"| GPT-4 | {link('1000 B params', 'total_params_gpt_4_semafor')} |\n"
            f"| Mythos | {link('≈10 T params', 'claim_mythos_total')} |\n")
    assert problems(page, project.quantities) == [
        f"docs/x.md:4: '1000 B params' counts B past 1,000: the figure is 1 T params. {FIX_PREFIX}",
        "docs/x.md:4: a table column shows its figures with the prefixes B, T ('1000 B params'), where one fits them "
        "all (T). Show a column's figures with one prefix (calc.numberstyle does for cells that hold one figure)"]
    fixed = page.replace("[1000 B params]", "[1 T params]")
    assert numberstyle.one_prefix_per_column(fixed, project.quantities) == fixed  # 1 T is its own form
    assert problems(fixed, project.quantities) == []


def test_a_column_spanning_more_than_one_prefix_keeps_each_figures_own(project):
    """175 B beside 10 T: 10 T in B would be 10,000 B and 175 B in T under 1 T, so each keeps its own."""
    page = ("<!-- stamp -->\n| Model | Total |\n| --- | --- |\n"
            f"| GPT-3 | {link('175 B params', 'params_gpt_3')} |\n| Mythos | {link('≈10 T params', 'claim_mythos_total')} |\n")
    assert problems(page, project.quantities) == []
    assert numberstyle.one_prefix_per_column(page, project.quantities) == page


def test_a_column_of_ratios_at_two_precisions_fails_and_the_formatter_brings_them_to_one(project):
    page = ("<!-- stamp -->\n| Pair | Speed |\n| --- | --- |\n"
            f"| Sonnet 4.6 | {link('1.2×', 'speed_ratio_sonnet_4_6_vs_opus_4_6')} |\n"
            f"| Sonnet 4.5 | {link('1.03×', 'speed_ratio_sonnet_4_5_vs_opus_4_5')} |\n")
    assert problems(page, project.quantities) == [
        "docs/x.md:5: a table column shows its figures to different precisions ('1.03×' beside '1.2×'). Show them to "
        "one precision (calc.numberstyle does for cells that hold one computed figure)"]
    fixed = numberstyle.one_prefix_per_column(page, project.quantities)
    assert "[1.19×]" in fixed and "[1.03×]" in fixed  # 43 / 36.26 = 1.186…, to the figures 1.025 needs not to read 1
    assert problems(fixed, project.quantities) == []


def test_a_highest_column_on_a_lead_of_one_last_digit_fails(project):
    page = ("<!-- stamp -->\n| Benchmark | Opus 4.7 | Gemini 3.1 Pro | Highest |\n| --- | --- | --- | --- |\n"
            f"| GPQA Diamond | {link('94.2%', 'bench_gpqa_diamond_opus_4_7')} | "
            f"{link('94.3%', 'bench_gpqa_diamond_gemini_3_1_pro')} | Gemini 3.1 Pro |\n")
    assert problems(page, project.quantities) == [
        "docs/x.md:4: 'Gemini 3.1 Pro' is named highest on a lead no wider than the figures' last digit ('94.3%' "
        "against '94.2%'). Say 'tied' (the leader filter does)"]
    assert problems(page.replace("| Gemini 3.1 Pro |\n", "| tied: Gemini 3.1 Pro and Claude Opus 4.7 |\n"),
                    project.quantities) == []


def test_the_leader_filter_says_tied_within_the_coarser_figures_last_digit(project):
    q = project.quantities
    gpqa = [q["bench_gpqa_diamond_opus_4_7"], q["bench_gpqa_diamond_gpt_5_5"], q["bench_gpqa_diamond_gemini_3_1_pro"]]
    # 94.3% against 94.2%: 0.1 points, one last digit; 93.6% is 0.7 points behind.
    assert [x.name for x in numberstyle.leaders(gpqa)] == ["bench_gpqa_diamond_gemini_3_1_pro",
                                                           "bench_gpqa_diamond_opus_4_7"]
    hle = [q["bench_hle_opus_4_7"], q["bench_hle_gpt_5_5"], q["bench_hle_gemini_3_1_pro"]]
    assert [x.name for x in numberstyle.leaders(hle)] == ["bench_hle_opus_4_7"]  # 46.9% against 44.4%


def test_a_lead_word_bound_to_a_claim_within_resolution_fails(project):
    narrow = copying.copy(project)
    narrow.quantities = {**project.quantities,
                         "bench_hle_gemini_3_1_pro": replace(project.quantities["bench_hle_gemini_3_1_pro"], value=0.468)}
    binding = Binding("hle_led_by_opus_4_7", "templates/t.md.j2", 3, "t.md", "Opus 4.7 leads on HLE.")
    assert [str(p) for p in number_lint.lint_leads(narrow, [binding])] == [
        "templates/t.md.j2:3: 'leads' in a sentence bound to 'hle_led_by_opus_4_7', whose figures as shown differ by "
        "no more than a last digit (46.9% against 46.8%). Say 'tied' or 'within', or bind the sentence to a claim "
        "whose figures differ by more than their resolution"]
    assert number_lint.lint_leads(project, [binding]) == []  # 46.9% against 44.4%: a lead


def test_a_claim_ordering_scores_on_different_benchmarks_fails(project):
    holds = "max(bench_gpqa_diamond_gpt_5_5) > min(bench_hle_opus_4_7)"
    claim = Assertion("gpqa_above_hle", "GPT-5.5's GPQA score is above Opus 4.7's HLE score", holds,
                      Location("data/assertions.yaml", 7), ast.parse(holds, mode="eval"))
    mixed = copying.copy(project)
    mixed.dataset = copying.copy(project.dataset)
    mixed.dataset.assertions = {**project.dataset.assertions, claim.name: claim}
    assert [str(p) for p in number_lint.lint_benchmarks(mixed)] == [
        "data/assertions.yaml:7: claim 'gpqa_above_hle' compares scores on different benchmarks (gpqa_diamond and "
        "hle). Compare scores on one benchmark only"]
    assert number_lint.lint_benchmarks(project) == []


def test_the_site_passes_every_rule():
    produced = site.produce(ROOT, draw=False)
    style = [p for p in produced.problems if p.fix.startswith(("Write a range", "Choose the prefix", "Show a",
                                                                "Say 'tied'", "Compare scores", "Compute from"))]
    assert style == []


def test_the_leader_filter_takes_a_list_of_figures_only(copy):
    template = copy / "templates" / "index.md.j2"
    lines = template.read_text(encoding="utf-8").count("\n")
    with template.open("a", encoding="utf-8") as out:
        out.write("{{ [] | leader }}\n")
    problems = [str(p) for p in site.produce(copy, draw=False).problems if not p.warning]
    assert problems == [f"templates/index.md.j2:{lines + 1}: cannot render: leader takes a list of figures, such as "
                        "q.family(\"bench_hle\"). Name an existing quantity, source, model or chart; templates may not "
                        "do arithmetic or fall back on defaults\n"
                        f"    {lines + 1} | {{{{ [] | leader }}}}"]
