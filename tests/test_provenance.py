"""Every figure the review relies on, checked against the public record: values, sources, tiers, addresses.

The expected values are typed from the pages we read (quoted in data/ under each datum's 'quote'), not from the
engine's output; the tests fail if a value, its source or its tier drifts from what was read.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from calc import engine
from calc.commands.explain import explanation
from tests.conftest import ROOT, edit, line_of

# name → (the public value as the source gives it, in the datum's unit; the source id it was read from)
PUBLIC_RECORD = {
    # GPT-4: Semafor's March 2023 report says one trillion; 1.76 trillion is a later leak (8 × 220 B)
    "total_params_gpt_4_semafor": (1, "semafor_gpt4"),
    "total_params_gpt_4_leak": (1.76, "decoder_gpt4_leak"),
    # benchmarks: the draft's "SWE-bench Verified" cells are SWE-bench Pro scores, its "GPQA Diamond" cells HLE
    "bench_swe_bench_pro_opus_4_7": (64.3, "anthropic_opus_4_7"),
    "bench_swe_bench_verified_opus_4_7": (87.6, "anthropic_opus_4_7"),
    "bench_gpqa_diamond_opus_4_7": (94.2, "anthropic_opus_4_7"),
    "bench_gpqa_diamond_gpt_5_5": (93.6, "openai_gpt55_announcement"),
    "bench_gpqa_diamond_gemini_3_1_pro": (94.3, "google_gemini_3_1_pro"),
    "bench_hle_gpt_5_5": (41.4, "openai_gpt55_announcement"),
    "bench_hle_opus_4_7": (46.9, "devcowboy_mashable"),
    "bench_hle_gpt_5_5_mashable": (43.1, "devcowboy_mashable"),  # disagrees with OpenAI's 41.4: both shown
    "bench_hle_gemini_3_1_pro": (44.4, "google_gemini_3_1_pro"),
    "bench_terminal_bench_2_gemini_3_1_pro": (68.5, "openai_gpt55_table"),
    "bench_arc_agi_2_gpt_5_5": (85.0, "openai_gpt55_announcement"),
    "bench_arc_agi_2_gemini_3_1_pro": (77.1, "google_gemini_3_1_pro"),
    "bench_osworld_opus_4_7": (78.0, "anthropic_opus_4_7"),
    "bench_osworld_gpt_5_5": (78.7, "openai_gpt55_announcement"),
    # prices, read again on Anthropic's own pages (unchanged)
    "price_input_opus_4_1": (15, "anthropic_price_list"),
    "price_output_opus_4_1": (75, "anthropic_price_list"),
    "price_input_opus_4_6": (5, "anthropic_price_list"),
    "price_output_opus_4_6": (25, "anthropic_price_list"),
    "price_input_sonnet_4_6": (3, "anthropic_price_list"),
    "price_output_sonnet_4_6": (15, "anthropic_price_list"),
    "context_window_opus_4_5": (200_000, "anthropic_models_overview"),
    # Mythos Preview's price to Project Glasswing participants, as the announcement is quoted ("$25/$125")
    "price_input_mythos": (25, "anthropic_mythos_announcement"),
    "price_output_mythos": (125, "anthropic_mythos_announcement"),
    # since the draft: Claude Opus 5, released 24 July 2026 at $5 / $25
    "price_input_opus_5": (5, "anthropic_opus_5"),
    "price_output_opus_5": (25, "anthropic_opus_5"),
}

# what the seed documents state instead, kept as stated_ data: name → (value, source id)
STATED_BY_SEED = {
    "stated_total_params_gpt_4_semafor": (1.76, "aithinkerlab_draft"),
    "stated_bench_swe_bench_verified_opus_4_7": (64.3, "aithinkerlab_draft"),
    "stated_bench_gpqa_diamond_opus_4_7": (46.9, "aithinkerlab_draft"),
    "stated_bench_terminal_bench_2_gemini_3_1_pro": (70, "aithinkerlab_interpolation"),
    "stated_price_input_mythos": (30, "aithinkerlab_draft"),
    "stated_price_output_mythos": (150, "aithinkerlab_draft"),
}


@pytest.mark.parametrize("name", sorted(PUBLIC_RECORD | STATED_BY_SEED))
def test_each_changed_figure_has_its_public_value_and_source(project, name):
    value, source = (PUBLIC_RECORD | STATED_BY_SEED)[name]
    entry = project.dataset.entries[name]
    assert entry.value == pytest.approx(value)
    assert entry.source == source


@pytest.mark.parametrize("name", sorted(PUBLIC_RECORD))
def test_each_public_figure_says_where_it_was_read(project, name):
    entry = project.dataset.entries[name]
    assert project.dataset.address_of(entry), name  # its own page, its source's, or the transcription read
    assert project.dataset.date_read(entry) is not None, name


def test_corrections_are_computed(project):
    value = lambda name: project.quantities[name].value  # noqa: E731
    assert value("gap_terminal_bench_2_gemini_3_1_pro") == pytest.approx((68.5 - 70) / 100)  # one benchmark, two figures
    assert "gap_swe_bench_verified_opus_4_7" not in project.quantities  # Verified minus Pro compares two benchmarks
    assert value("ratio_gpt_4_semafor_stated_to_reported") == pytest.approx(1.76 / 1)
    assert value("price_ratio_output_mythos_vs_opus_4_6") == pytest.approx(125 / 25)
    assert value("price_ratio_input_stated_mythos_vs_opus_4_6") == pytest.approx(30 / 5)
    guess = project.quantities["price_ratio_input_opus_5_speculative_vs_opus_5"].value  # the draft's $20-40 / $5
    assert (guess.low, guess.high) == (pytest.approx(20 / 5), pytest.approx(40 / 5))


def test_dates_come_from_sources(project):
    sources = project.dataset.sources
    assert str(sources["musk_x_post"].date) == "2026-04"  # not mid-2025, as the draft has it
    assert str(sources["colossus_2_post"].date) == "2026-04-08"
    assert str(sources["mythos_leak"].date) == "2026-03-26"  # the leak, eleven days before
    assert str(sources["anthropic_mythos_announcement"].date) == "2026-04-07"  # the announcement
    assert str(sources["anthropic_opus_5"].date) == "2026-07-24"
    assert str(sources["semafor_gpt4"].date) == "2023-03-24"  # not June 2023


def test_tiers_follow_what_was_read(project):
    q = project.quantities
    assert q["price_input_opus_4_6"].tier == 1  # Anthropic's own page
    assert q["decode_rate_opus_4_6"].tier == 3  # OpenRouter (2) known only through the estimate (3)
    assert q["bench_gpqa_diamond_opus_4_7"].tier == 3  # Anthropic's system card (1) read in a transcription (3)
    assert q["params_grok_4_2"].tier == 4


def problems(root) -> list[str]:
    return [str(p) for p in engine.load(root).problems.items if not p.warning]


def test_a_tier_1_datum_with_no_address_and_no_quote_fails_at_its_line(copy):
    sources = copy / "data/sources.yaml"
    edit(sources, "    copy: https://fdocuments.net/document/language-models-are-unsupervised-multitask-learners-"
                  "language-models-are-unsupervised.html\n",
         "    unlocated: Not found.\n    searched: its title.\n")
    line = line_of(copy / "data/estimates.yaml", "params_gpt_2:")
    assert problems(copy) == [
        f"data/estimates.yaml:{line}: tier 1 datum 'params_gpt_2' has no address and no quote. Give source "
        f"'radford_2019_gpt2' the 'url:' you read it at (or the datum a 'url:'), or add 'quote:' with the source's "
        f"words; if it cannot be located, lower its tier\n    {line} |   params_gpt_2:"]
    result = subprocess.run([sys.executable, "-m", "calc", "check"], capture_output=True, text=True, cwd=copy)
    assert result.returncode == 1


def test_a_quote_is_enough_where_no_address_is(copy):
    sources = copy / "data/sources.yaml"
    edit(sources, "    copy: https://fdocuments.net/document/language-models-are-unsupervised-multitask-learners-"
                  "language-models-are-unsupervised.html\n",
         "    unlocated: Not found.\n    searched: its title.\n")
    edit(copy / "data/estimates.yaml", "    source: radford_2019_gpt2\n",
         "    source: radford_2019_gpt2\n    quote: \"Our largest model, GPT-2, is a 1.5B parameter Transformer\"\n")
    assert problems(copy) == []


def test_a_via_chain_caps_the_tier(copy):
    sources = copy / "data/sources.yaml"
    assert engine.load(copy).quantities["decode_rate_opus_4_6"].tier == 3
    edit(sources, "    tier: 2\n    via: unexcitedneurons_2026\n", "    tier: 2\n")
    assert engine.load(copy).quantities["decode_rate_opus_4_6"].tier == 2  # had we read the listing itself
    edit(sources, "    tier: 2\n    cite: OpenRouter's throughput listing\n",
         "    tier: 2\n    via: unexcitedneurons_2026\n    cite: OpenRouter's throughput listing\n")
    # the weakest link of a longer chain wins: the estimate itself read through the account of the exchange (4)
    edit(sources, "    tier: 3\n    cite: the throughput estimate (unexcitedneurons, March 2026)\n",
         "    tier: 3\n    via: exchange_account\n    cite: the throughput estimate (unexcitedneurons, March 2026)\n")
    project = engine.load(copy)
    assert project.quantities["decode_rate_opus_4_6"].tier == 4
    assert project.quantities["active_params_fp8_opus_4_6"].tier == 4  # and everything computed from it


def test_via_must_name_a_known_source_without_a_cycle(copy):
    sources = copy / "data/sources.yaml"
    edit(sources, "    via: unexcitedneurons_2026\n    cite: OpenRouter's throughput listing\n",
         "    via: unexcitedneurons_2062\n    cite: OpenRouter's throughput listing\n")
    line = line_of(sources, "openrouter_throughput:")
    assert problems(copy) == [
        f"data/sources.yaml:{line}: source 'openrouter_throughput' is read via unknown source 'unexcitedneurons_2062'. "
        f"Use the id of a source in data/sources.yaml\n    {line} |   openrouter_throughput:"]


def test_via_may_not_go_round_in_a_cycle(copy):
    sources = copy / "data/sources.yaml"
    edit(sources, "    tier: 3\n    cite: the throughput estimate (unexcitedneurons, March 2026)\n",
         "    tier: 3\n    via: openrouter_throughput\n    cite: the throughput estimate (unexcitedneurons, March 2026)\n")
    first, second = line_of(sources, "unexcitedneurons_2026:"), line_of(sources, "openrouter_throughput:")
    assert problems(copy) == [
        f"data/sources.yaml:{first}: source 'unexcitedneurons_2026' is read via 'openrouter_throughput', which is "
        f"read via 'unexcitedneurons_2026'. Break the cycle: say which document you actually read\n"
        f"    {first} |   unexcitedneurons_2026:",
        f"data/sources.yaml:{second}: source 'openrouter_throughput' is read via 'unexcitedneurons_2026', which is "
        f"read via 'openrouter_throughput'. Break the cycle: say which document you actually read\n"
        f"    {second} |   openrouter_throughput:"]


def test_an_unlocated_source_says_what_was_searched(copy):
    sources = copy / "data/sources.yaml"
    edit(sources, "    searched: 36Kr (eu.36kr.com) on Anthropic parameter counts from inference cost and throughput; "
                  "not found.\n", "")
    line = line_of(sources, "unlocated: The draft review names the site, not the article.")
    assert problems(copy) == [
        f"data/sources.yaml:{line}: source 'kr36_estimation' is unlocated but does not say what was searched. Add "
        f"'searched:' with the titles, names and phrases you looked for\n"
        f"    {line} |     unlocated: The draft review names the site, not the article."]


def test_a_figure_read_again_since_it_fell_due_is_not_overdue(copy):
    prices = copy / "data/prices.yaml"
    edit(prices, "    review_by: 2027-05-23\n", "    review_by: 2026-09-12\n", count=8)

    def warned(today: str) -> str:
        return subprocess.run([sys.executable, "-m", "calc", "check", "--today", today], capture_output=True,
                              text=True, cwd=copy).stderr
    assert "price_input_opus_4_6" not in warned("2026-12-01")  # due 12 September, read again 23 November 2026
    edit(copy / "data/sources.yaml", "    url: https://docs.anthropic.com/en/docs/about-claude/pricing?939688b5_page=2\n"
                                     "    read: 2026-11-23\n",
         "    url: https://docs.anthropic.com/en/docs/about-claude/pricing?939688b5_page=2\n    read: 2026-08-01\n")
    line = line_of(prices, "review_by", after="price_input_opus_4_6:")
    assert (f"data/prices.yaml:{line}: warning: 'price_input_opus_4_6' was due for review on 12 September 2026 "
            f"(as of 12 March 2026, read 1 August 2026)") in warned("2026-12-01")


def test_explain_prints_what_was_read(project):
    text = explanation(project, "price_input_opus_4_6")
    assert "  read:     anthropic_price_list, tier 1: Pricing (Claude API documentation) (Anthropic)" in text
    assert "at https://platform.claude.com/docs/en/models/opus-4-6/overview.md; read 23 November 2026" in text
    assert "  quote:    “Input pricing: $5 / MTok”" in text
    chained = explanation(project, "decode_rate_opus_4_6")
    assert "  via:      unexcitedneurons_2026, tier 3" in chained
    assert "searched: OpenRouter provider throughput" in chained


def test_the_figures_page_shows_what_was_read():
    figures = (ROOT / "docs/figures/prices.md").read_text()
    entry = figures[figures.index("{: #price_input_opus_4_6 }"):]
    entry = entry[:entry.index("\n\n**")]
    assert "- Read: <https://platform.claude.com/docs/en/models/opus-4-6/overview.md> on 23 November 2026" in entry
    assert "- In the source's words: “Input pricing: $5 / MTok”" in entry


# --- disclosed open MoE designs sparser than the sparsest the estimate considers (Kimi K2: 8 of 384) --------------

LATER_DESIGNS = {  # model → (routed experts, experts per token, source id), as the serving documentation gives them
    "kimi_k3": (896, 16, "kimi_k3_flashinfer"),
    "qwen3_5_397b": (512, 10, "qwen3_5_sglang"),
}


@pytest.mark.parametrize("model", sorted(LATER_DESIGNS))
def test_later_open_designs_are_data_with_their_sources(project, model):
    experts, picked, source = LATER_DESIGNS[model]
    for name, value in ((f"experts_total_{model}", experts), (f"experts_active_{model}", picked)):
        assert project.dataset.entries[name].value == value
        assert project.dataset.entries[name].source == source
    assert project.quantities[f"expert_expansion_{model}"].value == pytest.approx(experts / picked)


def test_every_sparser_disclosed_design_is_compared(project):
    expansions = {q.model: q.value for name, q in project.quantities.items() if name.startswith("expert_expansion_")}
    kimi_k2 = 384 / 8
    assert {m for m, v in expansions.items() if v > kimi_k2} == set(LATER_DESIGNS)
    assert max(expansions, key=expansions.get) == "kimi_k3"  # 896 / 16 = 56


def test_kimi_k3_routing_and_the_claimed_size(project):
    q = project.quantities
    active, share = q["active_params_mixed_opus_4_6"].value, q["always_active_share_band"].value
    high = max(a * (s + (1 - s) * 56) for a in (active.low, active.high) for s in (share.low, share.high))
    assert q["total_params_mixed_kimi_k3_like_opus_4_6"].value.high == pytest.approx(high)
    assert high >= 5e12  # with FP4 experts and Kimi K3's routing, Opus 4.6 could reach the claimed 5 T
    assert q["total_params_mixed_kimi_like_opus_4_6"].value.high < 5e12  # with Kimi K2's, it could not
    assert q["active_params_kimi_k3"].value == pytest.approx(104e9)  # the documentation's figure
    assert q["active_params_kimi_k3_blog"].value == pytest.approx(50e9)  # a pre-release overview disagrees


def test_at_most_eight_sources_without_an_address_and_each_says_what_was_searched(project):
    unlocated = [s for s in project.dataset.sources.values() if not s.address]
    public = [s for s in unlocated if s.publisher != "this site"]  # the site's own simulation has no address
    assert len(public) <= 8, [s.id for s in public]
    for source in unlocated:
        assert source.unlocated and source.searched, source.id
