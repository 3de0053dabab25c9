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
    tier = line_of(sources, "    tier: 1", after="  radford_2019_gpt2:")
    assert problems(copy) == [
        f"data/sources.yaml:{tier}: source 'radford_2019_gpt2' is at tier 1, but has no address: tier 1 is only for "
        "what the maker published or released, and a leak or an unpublished draft is not an official disclosure "
        "(data/tiers.yaml). Give the publication's address under 'url:' or 'copy:'; otherwise lower its tier to that "
        f"of the report it is known through\n    {tier} |     tier: 1",
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
    # a tier 1 source must have an address of its own (test_record19); the datum rule covers tier 2 alike
    edit(sources, "    date: 2019-02\n    tier: 1\n    by: maker\n", "    date: 2019-02\n    tier: 2\n")
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
    line = line_of(sources, "via: unexcitedneurons_2062")  # reported at its via: line, not the source's name
    assert problems(copy) == [
        f"data/sources.yaml:{line}: source 'openrouter_throughput' is read via unknown source 'unexcitedneurons_2062'. "
        f"Use the id of a source in data/sources.yaml\n    {line} |     via: unexcitedneurons_2062"]


def test_via_may_not_go_round_in_a_cycle(copy):
    sources = copy / "data/sources.yaml"
    edit(sources, "    tier: 3\n    cite: the throughput estimate (unexcitedneurons, March 2026)\n",
         "    tier: 3\n    via: openrouter_throughput\n    cite: the throughput estimate (unexcitedneurons, March 2026)\n")
    first = line_of(sources, "via: openrouter_throughput")
    second = line_of(sources, "via: unexcitedneurons_2026", after="openrouter_throughput:")
    assert problems(copy) == [  # each at its via: line
        f"data/sources.yaml:{first}: source 'unexcitedneurons_2026' is read via 'openrouter_throughput', which is "
        f"read via 'unexcitedneurons_2026'. Break the cycle: say which document you actually read\n"
        f"    {first} |     via: openrouter_throughput",
        f"data/sources.yaml:{second}: source 'openrouter_throughput' is read via 'unexcitedneurons_2026', which is "
        f"read via 'openrouter_throughput'. Break the cycle: say which document you actually read\n"
        f"    {second} |     via: unexcitedneurons_2026"]


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


# --- every disclosed MoE design, as its sources give it (data/designs.yaml) ----------------------------------------
# design → {figure: public value}, typed from the quotes in /work/research/designs.md (each source's own words), and
# the source id each figure was read from. Units: totals and active counts in the datum's unit (B or T params).
DESIGNS = {
    "llama_4_maverick": ({"design_total_params": 400, "design_active_params": 17}, "hf_transformers_llama4"),
    "kimi_k2_thinking": ({"design_total_params": 1, "experts_total": 384, "experts_active": 8, "design_shared_experts": 1,
                          "design_layers": 61, "design_moe_layers": 60}, "moonshot_kimi_k2_card"),
    "deepseek_v3_1": ({"design_total_params": 671, "experts_total": 256, "experts_active": 8,
                       "design_shared_experts": 1, "design_layers": 61}, "deepseek_v3_report"),
    "kimi_k3": ({"design_total_params": 2.8, "design_active_params": 104, "design_layers": 93}, "kimi_k3_nemo"),
    "glm_4_7": ({"experts_total": 160, "experts_active": 8, "design_shared_experts": 1, "design_layers": 92,
                 "design_moe_layers": 89, "design_expert_input_width": 5120, "design_expert_width": 1536},
                "zai_glm_4_7_config"),
    "qwen3_5_397b": ({"experts_total": 512, "experts_active": 10, "design_shared_experts": 1}, "qwen3_5_sglang"),
    "mixtral_8x7b": ({"design_total_params": 47, "design_active_params": 13, "experts_total": 8, "experts_active": 2},
                     "mixtral_2024"),
    "gpt_oss_120b": ({"design_total_params": 116.83, "design_active_params": 5.13, "experts_total": 128,
                      "experts_active": 4, "design_layers": 36}, "openai_gpt_oss_card"),
    "qwen3_next_80b": ({"design_total_params": 80, "design_active_params": 3}, "hf_transformers_qwen3_next"),
    "deepseek_v4_pro": ({"design_total_params": 1.6, "design_active_params": 49}, "sglang_deepseek_v4"),
    "deepseek_v4_flash": ({"design_total_params": 284, "design_active_params": 13}, "sglang_deepseek_v4"),
    "glm_5": ({"design_total_params": 744, "design_active_params": 40}, "sglang_glm_5"),
    "ling_3_1_flash": ({"design_total_params": 560, "design_active_params": 25, "experts_total": 512, "experts_active": 8,
                        "design_shared_experts": 1, "design_layers": 72, "design_moe_layers": 68,
                        "design_expert_input_width": 4096, "design_expert_width": 1280}, "inclusionai_ling_3_1_flash"),
    "minimax_m2": ({"experts_total": 256, "experts_active": 8, "design_layers": 62, "design_moe_layers": 62,
                    "design_expert_input_width": 3072, "design_expert_width": 1536}, "minimax_m2_config"),
    "qwen3_235b": ({"design_total_params": 235, "design_active_params": 22, "experts_total": 128, "experts_active": 8,
                    "design_layers": 94}, "qwen3_235b_card_copy"),
    "snowflake_arctic": ({"experts_total": 128, "experts_active": 2, "design_layers": 35, "design_moe_layers": 35,
                          "design_expert_input_width": 7168, "design_expert_width": 4864}, "snowflake_arctic_config"),
    "glam": ({"design_total_params": 1.2, "design_active_params": 96.6, "experts_total": 64, "experts_active": 2},
             "glam_summary"),
}
# figures of those designs read from a second source (the source each names)
DESIGNS_ELSEWHERE = {
    "experts_total_llama_4_maverick": (128, "llama4_maverick_gguf"), "experts_active_llama_4_maverick": (1, "llama4_maverick_gguf"),
    "design_layers_llama_4_maverick": (48, "llama4_maverick_gguf"), "design_moe_layers_llama_4_maverick": (24, "llama4_maverick_gguf"),
    "design_expert_input_width_llama_4_maverick": (5120, "llama4_maverick_gguf"),
    "design_expert_width_llama_4_maverick": (8192, "llama4_maverick_gguf"),
    "design_shared_experts_llama_4_maverick": (1, "meta_llama4_blog_quoted"),
    "design_native_bytes_per_param_llama_4_maverick": (2, "hf_transformers_llama4"),
    "design_native_bytes_per_param_kimi_k2_thinking": (0.5, "unsloth_kimi_k2_thinking"),
    "design_native_bytes_per_param_deepseek_v3_1": (1, "deepseek_v3_weights_doc"),
    "experts_total_kimi_k3": (896, "kimi_k3_flashinfer"), "experts_active_kimi_k3": (16, "kimi_k3_flashinfer"),
    "design_expert_input_width_kimi_k3": (3584, "kimi_k3_flashinfer"), "design_expert_width_kimi_k3": (3072, "kimi_k3_flashinfer"),
    "active_params_kimi_k3_blog": (50, "kimi_k3_overview_blog"),  # a pre-release overview that disagrees (104 B)
    "design_total_params_glm_4_7": (355, "hf_transformers_glm4_moe"),
    "experts_total_qwen3_next_80b": (512, "vercel_qwen3_next"), "experts_active_qwen3_next_80b": (10, "vercel_qwen3_next"),
    "experts_total_deepseek_v4_pro": (384, "nemo_deepseek_v4_pro"), "experts_active_deepseek_v4_pro": (6, "nemo_deepseek_v4_pro"),
    "design_layers_deepseek_v4_pro": (61, "mindspore_deepseek_v4_config"),
    "design_expert_input_width_deepseek_v4_pro": (7168, "mindspore_deepseek_v4_config"),
    "design_expert_width_deepseek_v4_pro": (3072, "mindspore_deepseek_v4_config"),
    "design_native_bytes_per_param_deepseek_v4_pro": (0.5, "vllm_deepseek_v4_recipe"),
    "experts_total_deepseek_v4_flash": (256, "deepseek_v4_flash_config"), "experts_active_deepseek_v4_flash": (6, "deepseek_v4_flash_config"),
    "design_layers_deepseek_v4_flash": (43, "nemo_deepseek_v4_config"),
    "experts_total_glm_5": (256, "nemo_glm_5"), "experts_active_glm_5": (8, "nemo_glm_5"), "design_layers_glm_5": (78, "nemo_glm_5"),
    "design_moe_layers_glm_5": (75, "nemo_glm_5"),
    "design_total_params_minimax_m2": (230, "sglang_minimax_m2"), "design_active_params_minimax_m2": (10, "sglang_minimax_m2"),
    "design_shared_experts_minimax_m2": (0, "amd_minimax_m2_7_config"),
    "design_moe_layers_qwen3_235b": (94, "mindspeed_qwen3_235b"), "design_expert_width_qwen3_235b": (1536, "mindspeed_qwen3_235b"),
    "design_total_params_snowflake_arctic": (480, "snowflake_arctic_card"), "design_active_params_snowflake_arctic": (17, "snowflake_arctic_card"),
    "experts_total_switch_c_2048": (2048, "promptlayer_switch_c"), "experts_active_switch_c_2048": (1, "hf_transformers_switch"),
    "design_shared_experts_gpt_oss_120b": (0, "vllm_gpt_oss_blog"),
    "design_native_bytes_per_param_gpt_oss_120b": (4.25 / 8, "openai_gpt_oss_card"),  # "4.25 bits per parameter"
}
# Anthropic's models after Opus 4.7 (their own pages), serving speeds and the 2026 size estimates (data/record.yaml, serving.yaml)
RECORD = {
    "price_input_opus_4_8": (5, "anthropic_opus_4_8"), "price_output_opus_4_8": (25, "anthropic_opus_4_8"),
    "price_input_fable_5": (10, "anthropic_fable_5"), "price_output_fable_5": (50, "anthropic_fable_5"),
    "price_input_sonnet_5": (2, "anthropic_sonnet_5"), "price_output_sonnet_5": (10, "anthropic_sonnet_5"),
    "price_input_opus_5_5": (4, "anthropic_opus55_page"), "price_output_opus_5_5": (20, "anthropic_opus55_page"),
    "price_input_sonnet_5_5": (2, "anthropic_sonnet55_page"), "price_output_sonnet_5_5": (10, "anthropic_sonnet55_page"),
    "price_input_haiku_5_5": (0.10, "anthropic_haiku55_page"), "price_output_haiku_5_5": (0.50, "anthropic_haiku55_page"),
    "price_input_fable_5_2": (8, "anthropic_fable_5_2_lineup"), "price_output_fable_5_2": (40, "anthropic_fable_5_2_lineup"),
    "context_window_opus_5_5": (1_000_000, "anthropic_opus55_page"), "context_window_opus_5": (1_000_000, "anthropic_opus_5"),
    "context_window_opus_4_6": (1_000_000, "anthropic_price_list"),
    "fast_mode_speedup_opus_4_6": (2.5, "anthropic_fast_mode"), "fast_mode_price_multiple_opus_4_6": (6, "anthropic_fast_mode"),
    "decode_rate_opus_4_7_aws": (77.8, "treerouter_opus_4_7"), "decode_rate_opus_4_7_anthropic": (42.7, "treerouter_opus_4_7"),
    "decode_rate_llama_3_3_70b_one_user": (58.64, "oci_llama33_benchmark"),
    "decode_rate_llama_3_3_70b_256_users": (15.27, "oci_llama33_benchmark"),
    "decode_rate_sglang_plain": (158.34, "sglang_speculative"), "decode_rate_sglang_eagle_3": (373.25, "sglang_speculative"),
    "decode_rate_kimi_k2_5_clarifai": (414, "clarifai_kimi_k2_5"),
    "ikp_total_params_opus_4_7": (4, "ikp_reports"), "ikp_within_two_times": (68.5, "ikp_2026"),
    "expert_size_gpt_4_leak": (220, "decoder_gpt4_leak"),  # "eight models with 220 billion parameters each"
}
RANGES = {"ikp_total_params_opus_4_6": ((4.6, 5.3), "ikp_reports"), "forum_total_params_opus": ((0.8, 1.6), "forum_opus_guess"),
          "forum_active_params_opus": ((50, 100), "forum_opus_guess")}
DESIGN_DATA = {f"{figure}_{design}": (value, source) for design, (figures, source) in DESIGNS.items()
               for figure, value in figures.items()} | DESIGNS_ELSEWHERE | RECORD


@pytest.mark.parametrize("name", sorted(DESIGN_DATA))
def test_each_design_and_record_datum_has_its_public_value_and_source(project, name):
    value, source = DESIGN_DATA[name]
    entry = project.dataset.entries[name]
    assert (entry.value, entry.source) == (pytest.approx(value), source)
    assert project.dataset.address_of(entry), name


@pytest.mark.parametrize("name", sorted(RANGES))
def test_each_ranged_record_datum_has_its_public_values_and_source(project, name):
    (low, high), source = RANGES[name]
    entry = project.dataset.entries[name]
    assert (entry.low, entry.high, entry.source) == (pytest.approx(low), pytest.approx(high), source)


def test_research_designs_are_marked_and_kept_out_of_the_served_families(project):
    research = {m for m, model in project.dataset.models.items() if model.research}
    assert research == {"glam", "switch_c_2048"}
    assert "expert_expansion_switch_c_2048" in project.families["expert_expansions"]
    assert not any(m.endswith(("glam", "switch_c_2048")) for m in project.families["expert_expansions_served"])
    assert not any("glam" in m for m in project.families["whole_design_totals_opus_4_6"])
    assert project.families["whole_design_totals_research_opus_4_6"] == (
        "opus_4_6_total_fp8_built_like_glam", "opus_4_6_total_mixed_built_like_glam",
        "opus_4_6_total_fp4_built_like_glam")


def test_the_sparsest_served_design_is_maverick(project):
    served = {q.model: q.value for n, q in project.quantities.items()
              if n.startswith("expert_expansion_") and not project.dataset.models[q.model].research}
    assert max(served, key=served.get) == "llama_4_maverick" and served["llama_4_maverick"] == 128 / 1
    assert sorted(m for m, v in served.items() if v > 384 / 8) == [  # sparser than Kimi K2, the estimate's sparsest
        "deepseek_v4_pro", "kimi_k3", "ling_3_1_flash", "llama_4_maverick", "qwen3_5_397b", "qwen3_next_80b",
        "snowflake_arctic"]


def test_at_most_eight_sources_without_an_address_and_each_says_what_was_searched(project):
    unlocated = [s for s in project.dataset.sources.values() if not s.address]
    public = [s for s in unlocated if s.publisher != "this site"]  # the site's own simulation has no address
    assert len(public) <= 8, [s.id for s in public]
    for source in unlocated:
        assert source.unlocated and source.searched, source.id


# --- tiers by rule (data/tiers.yaml): what `check` enforces --------------------------------------------------------

@pytest.mark.parametrize("file, old, new, at, after, message", [
    # the Transformers docs of Llama 4 (Hugging Face's) raised to tier 1
    ("data/sources.yaml", "    publisher: Hugging Face\n    date: 2025-04-05\n    tier: 2\n",
     "    publisher: Hugging Face\n    date: 2025-04-05\n    tier: 1\n", "    tier: 1", "  hf_transformers_llama4:",
     "source 'hf_transformers_llama4' is at tier 1, but tier 1 is only for the maker's own publication or the "
     "released weights (data/tiers.yaml). Add 'by: maker' or 'by: weights' if it is one; otherwise lower its tier"),
    # DeepSeek-V3's report (about DeepSeek V3.1's architecture) given as the source of a Kimi K3 figure
    ("data/designs.yaml", "    value: 2.8\n    unit: Tparam\n    model: kimi_k3\n    source: kimi_k3_nemo\n",
     "    value: 2.8\n    unit: Tparam\n    model: kimi_k3\n    source: deepseek_v3_report\n", "    model: kimi_k3",
     "  design_total_params_kimi_k3:",
     "datum 'design_total_params_kimi_k3' is about model 'kimi_k3', but its source 'deepseek_v3_report' (tier 1) "
     "describes deepseek_v3_1: a figure carried from one model to another is tier 4 (data/tiers.yaml). Take the "
     "figure from a source about 'kimi_k3', or record it under a tier 4 source that says it is carried over"),
], ids=["third_party_source_at_tier_1", "datum_carried_from_another_model"])
def test_a_tier_the_rules_refuse_fails_check_at_its_line(copy, file, old, new, at, after, message):
    edit(copy / file, old, new)
    line = line_of(copy / file, at, after=after)
    assert f"{file}:{line}: {message}\n    {line} | {at}" in problems(copy)
    result = subprocess.run([sys.executable, "-m", "calc", "check"], capture_output=True, text=True, cwd=copy)
    assert result.returncode == 1


def test_a_total_resting_on_another_designs_routing_below_tier_4_fails_check_at_its_source_line(copy):
    throughput = copy / "data/throughput.yaml"
    # the estimate's GLM-like total put back under the estimate's own tier 3 source
    edit(throughput, "    low: 1.05\n    high: 1.38\n    range: bounds\n    unit: Tparam\n    source: unexcitedneurons_2026_carried\n",
         "    low: 1.05\n    high: 1.38\n    range: bounds\n    unit: Tparam\n    source: unexcitedneurons_2026\n")
    line = line_of(throughput, "    source: unexcitedneurons_2026", after="  stated_total_params_glm_like_opus_4_6:")
    assert (f"data/throughput.yaml:{line}: datum 'stated_total_params_glm_like_opus_4_6' rests on another design's "
            "routing or split ('_like_' in its name), but its source 'unexcitedneurons_2026' is tier 3: a figure "
            "carried from one model to another is tier 4 (data/tiers.yaml). Record it under a tier 4 source that "
            f"says it is carried over\n    {line} |     source: unexcitedneurons_2026") in problems(copy)
    result = subprocess.run([sys.executable, "-m", "calc", "check"], capture_output=True, text=True, cwd=copy)
    assert result.returncode == 1


def test_the_estimates_carried_totals_are_tier_4(project):
    for name in ("stated_total_params_glm_like_opus_4_6", "stated_total_params_deepseek_like_opus_4_6",
                 "stated_total_params_kimi_like_opus_4_6", "summary_total_params_glm_like_opus_4_6",
                 "summary_total_params_deepseek_like_opus_4_6", "summary_total_params_kimi_like_opus_4_6",
                 "stated_active_params_mixed_opus_4_6"):
        assert project.quantities[name].tier == 4, name


def test_every_tier_1_source_is_the_makers_or_the_weights(project):
    for source in project.dataset.sources.values():
        assert source.tier != 1 or source.by in ("maker", "weights"), source.id


def test_a_page_with_no_method_is_tier_4(project):
    # aimagicx.com states ten trillion parameters for Mythos as fact, with no method or source
    assert project.dataset.sources["aimagicx_mythos"].tier == 4
    assert project.quantities["claim_mythos_total"].tier == 4
