"""Claims the prose makes (calc.assertions) fail `check` at the sentence that relies on them; the claims lint.

Each test moves one datum across a claim's boundary in a temporary copy. The boundaries are worked out by hand:
Opus 4.6's highest total (FP4 experts, Kimi-like routing) is 4.75 T at 43 token/s and scales as 1/rate, so at
38 token/s it is 4.75 × 43 / 38 ≈ 5.38 T, above the claimed 5 T.
"""

from __future__ import annotations

import pytest

from calc import assertions, site
from tests.conftest import ROOT, edit

SIZE = "templates/opus-4-6-size.md.j2"
REVIEW = "templates/opus-5-claim.md.j2"


def failures(root) -> list[str]:
    """What `check` reports (it renders despite a failed expectation, so claims are reported with it)."""
    return [str(p).splitlines()[0] for p in site.produce(root, draw=False, despite_expectations=True).errors]


def lines_binding(template: str, claim: str) -> list[int]:
    """Template lines that bind ``claim``, found by reading the template (not from the code under test)."""
    text = (ROOT / template).read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(text, 1) if f'claim("{claim}")' in line]


def relies(template: str, line: int, claim: str) -> str:
    return f"{template}:{line}: the sentence relies on claim '{claim}'"


def test_the_site_as_committed_has_no_broken_claim():
    assert [e for e in failures(ROOT) if "claim" in e] == []


def test_opus_4_6_at_38_tokens_per_second_breaks_the_headline(copy):
    edit(copy / "data/throughput.yaml", "    description: Decode throughput of Claude Opus 4.6 on Google Vertex in OpenRouter's listing of March 2026\n"
         "    value: 43\n", "    description: Decode throughput of Claude Opus 4.6 on Google Vertex in OpenRouter's listing of March 2026\n    value: 38\n")
    found = failures(copy)
    for template in (SIZE, REVIEW):
        for line in lines_binding(template, "opus_4_6_below_the_opus_5_claim"):
            assert any(f.startswith(relies(template, line, "opus_4_6_below_the_opus_5_claim")) for f in found), line
    # the reproduction of the March 2026 estimate keeps the estimate's own inputs: none of it breaks
    assert [f for f in found if "reproduces" in f or "estimates_band" in f] == []


@pytest.mark.parametrize("path, old, new, claim, template", [
    # Opus 4.6 at 20 token/s reads 4.17e12 / 20 ≥ 208 B params at FP8; reaching 5 T then takes at least
    # (5000 / 222 − 0.357) / 0.643 ≈ 34.5 experts per active one, below Kimi's 384 / 8 = 48
    # Opus 4.6 built like Kimi K2 with FP4 experts tops out at 4.4395e12 / 43 / (0.357 + 0.643 × 0.5) × (0.357 +
    # 0.643 × 48) ≈ 4.75 T; at 40 token/s that is 4.75 × 43 / 40 ≈ 5.11 T, past the claimed 5 T
    ("data/throughput.yaml", "    description: Decode throughput of Claude Opus 4.6 on Google Vertex in OpenRouter's listing of March 2026\n    value: 43\n",
     "    description: Decode throughput of Claude Opus 4.6 on Google Vertex in OpenRouter's listing of March 2026\n    value: 40\n",
     "whole_designs_below_the_claim_at_the_estimates_precisions", SIZE),
    # "3× as fast" → 1.5×: Opus 4.5 at 40 / 23 = 1.74× now exceeds it
    ("data/estimates.yaml", "    value: 3\n    unit: 1\n    approximate: true\n    source: exchange_account",
     "    value: 1.5\n    unit: 1\n    approximate: true\n    source: exchange_account",
     "opus_4_5_not_three_times_faster", SIZE),
    # Opus 4.1's output price 75 → 100: 25 / 100 is a quarter, no longer the third its input price is
    ("data/prices.yaml", "    value: 75\n", "    value: 100\n", "opus_4_6_price_cut_alike", REVIEW),
    # the 5–6 T guess → 9–10 T: the method's Opus 4.1 range (up to 8.52 T) no longer takes it in
    ("data/estimates.yaml", "    low: 5\n    high: 6\n", "    low: 9\n    high: 10\n",
     "opus_4_1_range_covers_the_guess", SIZE),
    # the estimate's split with Maverick's 128: at least 4.1688e12 / 43 × (0.456 + 0.544 × 128) ≈ 6.80 T at FP8;
    # at 60 token/s that is 6.80 × 43 / 60 ≈ 4.87 T, below 5 T
    ("data/throughput.yaml", "    description: Decode throughput of Claude Opus 4.6 on Google Vertex in OpenRouter's listing of March 2026\n    value: 43\n",
     "    description: Decode throughput of Claude Opus 4.6 on Google Vertex in OpenRouter's listing of March 2026\n    value: 60\n",
     "estimates_method_with_maverick_routing_above_the_claim", SIZE),
])
def test_a_claim_moved_across_its_boundary_fails_at_its_sentence(copy, path, old, new, claim, template):
    edit(copy / path, old, new)
    found = failures(copy)
    line = lines_binding(template, claim)[0]
    assert any(f.startswith(relies(template, line, claim)) for f in found), found


def test_a_comparative_in_an_unbound_sentence_fails_with_its_line(copy):
    edit(copy / SIZE, "## The idea\n", "## The idea\n\nThe estimate is far better than any other.\n")
    found = failures(copy)
    line = (copy / SIZE).read_text().splitlines().index("The estimate is far better than any other.") + 1
    assert f"{SIZE}:{line}: 'far' makes a claim in a sentence bound to none: “The estimate is far better than " \
           "any other.”. Bind the sentence to a claim with {{ claim(\"name\") }} (data/assertions.yaml), or mark it " \
           "there under 'qualitative:' with the reason it compares nothing the data hold" in found


def test_a_qualitative_mark_with_a_reason_allows_the_sentence(copy):
    edit(copy / SIZE, "## The idea\n", "## The idea\n\nThe estimate is far better than any other.\n")
    with open(copy / "data/assertions.yaml", "a", encoding="utf-8") as file:
        file.write(f"  - template: {SIZE}\n    sentence: The estimate is far better\n    reason: a test\n")
    assert [f for f in failures(copy) if "makes a claim" in f or "qualitative" in f] == []


def test_a_claim_must_say_which_end_of_a_range_it_uses():
    tree, error = assertions.parse("totals_opus_4_6 < min(claim_opus_5_total)")
    assert tree is None and error == ("say max(totals_opus_4_6) or min(totals_opus_4_6): a claim must say which end "
                                      "of a range it uses")


def test_families_span_every_scenario():
    from calc import engine
    project = engine.load(ROOT)
    members = project.families["totals_opus_4_6"]
    assert len(members) == 9  # three precisions × three routing patterns
    family = project.quantities["totals_opus_4_6"]
    assert family.low == min(project.quantities[m].low for m in members)
    assert family.high == max(project.quantities[m].high for m in members)


def test_impact_lists_the_claims_an_edit_breaks_with_their_sentences():
    from calc import impact
    result = impact.of_settings(ROOT, {"decode_rate_opus_4_6": "38"})
    broken = {name: sentences for name, _, _, sentences in result.claims}
    assert "opus_4_6_below_the_opus_5_claim" in broken
    line = lines_binding(SIZE, "opus_4_6_below_the_opus_5_claim")[0]
    assert any(s.startswith(f"{SIZE}:{line}: The estimate's own method, its split range paired with a routing") for s in broken["opus_4_6_below_the_opus_5_claim"])
    assert [p for p in result.broken if "reproduces" in str(p)] == []  # the estimate's own inputs are kept apart


def test_the_simulation_is_credited_to_its_own_source():
    from calc import engine
    project = engine.load(ROOT)
    for name in ("sim_busiest_share_unbalanced", "sim_busiest_share_balanced"):
        assert project.quantities[name].sources == ("routing_simulation",)
        assert project.quantities[name].tier == project.dataset.sources["routing_simulation"].tier


# Every claim, moved across its boundary by one datum (in its own unit; LOW..HIGH for a range). The boundary is
# worked out by hand from the inputs in the comment; the check must then fail at a sentence bound to the claim.
BOUNDARIES = {
    # 4.82 T × 43 / 40 = 5.18 T with the estimate's band and a decode rate of 40
    "opus_4_6_below_the_opus_5_claim_with_the_estimates_band": ("stated_decode_rate_opus_4_6", "40"),
    "opus_4_6_below_the_opus_5_claim": ("decode_rate_opus_4_6", "38"),  # 4.75 × 43 / 38 = 5.38 T
    "opus_4_6_highest_near_the_claim": ("decode_rate_opus_4_6", "50"),  # 4.75 × 43 / 50 = 4.09 T, under 4.5 T
    "opus_4_6_below_ten_trillion": ("decode_rate_opus_4_6", "20"),  # 4.75 × 43 / 20 = 10.2 T
    "opus_4_1_central_case_below_the_guess": ("decode_rate_opus_4_1", "18"),  # 3.87 × 24 / 18 = 5.16 T
    "opus_4_1_range_covers_the_guess": ("total_params_opus_4_1_opinion", "9..10"),  # 10 T above 8.52 T
    "opus_4_1_speeds_not_three_times_opus_4_5": ("decode_rate_opus_4_1", "13"),  # 40 / 13 = 3.08
    "opus_4_0_speeds_not_three_times_opus_4_5": ("decode_rate_opus_4_0", "13"),  # 40 / 13 = 3.08
    "opus_4_5_not_three_times_faster": ("decode_rate_opus_4_5", "70"),  # 70 / 23 = 3.04
    "opus_4_6_not_three_times_faster": ("decode_rate_opus_4_6", "70"),  # 70 / 23 = 3.04
    "sonnet_4_6_speed_below_the_size_multiple": ("decode_rate_sonnet_4_6", "65"),  # 65 / 43 = 1.51
    "sonnet_4_5_speed_below_the_size_multiple": ("decode_rate_sonnet_4_5", "61"),  # 61 / 40 = 1.525
    "calibrations_within_a_tenth": ("decode_rate_deepseek_v3_1", "100"),  # 3.76 TB/s against 4.44: 18% apart
    "glm_bf16_out_of_line": ("decode_rate_glm_4_7", "60"),  # 67.3 GB × 60 = 4.04 TB/s, inside DeepSeek's 4.39
    "glm_footnote_count_out_of_line": ("decode_rate_glm_4_7", "110"),  # 37.6 GB × 110 = 4.13 TB/s, inside
    "source_band_wider": ("decode_rate_deepseek_v3_1", "125"),  # 37.6 GB × 125 = 4.69 TB/s, above 4.5
    "opus_4_6_reads_more_than_deepseek": ("decode_rate_opus_4_6", "120"),  # 4.17 TB/s / 120 = 34.7 B < 37.6 B
    "mythos_price_not_the_drafts_multiple": ("price_input_mythos", "10"),  # 10 / 5 = 2, the draft's 2
    "mythos_stated_price_not_the_drafts_multiple": ("stated_price_input_mythos", "10"),  # 10 / 5 = 2 as well
    "claim_not_the_outlets_jump": ("stated_multiple_opus_vs_gpt_4_gemini", "4..25"),  # 4× is below 5×
    "opus_5_guess_above_todays_price": ("price_input_opus_4_6", "25"),  # $20 is below $25
    "opus_4_6_price_cut_alike": ("price_output_opus_4_1", "100"),  # 25 / 100, not 5 / 15
    "opus_5_input_priced_as_opus_4_6": ("price_input_opus_5", "6"),  # $6 is not Opus 4.6's $5
    "opus_5_output_priced_as_opus_4_6": ("price_output_opus_5", "20"),  # $20 is not Opus 4.6's $25
    "drafts_gpt_4_figure_larger": ("total_params_gpt_4_semafor", "2"),  # 1.76 T is below 2 T
    "summary_kimi_not_the_figures": ("summary_total_params_kimi_like_opus_4_6", "2.5..3.5"),  # 3.5 > 3.27
    "summary_not_the_figures": ("summary_total_params_deepseek_like_opus_4_6", "1.7..2"),  # 1.7 > 1.66
    # AINews' active count at 20–25 B of its 5.1 T: at most 25 / 5100 = 0.49%, a tenth of which is far from
    # DeepSeek's 37.6 / 671 = 5.6% (ten times 0.49% is 4.9%, below 5.6%)
    "many_small_share_same_order_as_deepseek": ("active_params_opus_ainews", "20..25"),
    "drafts_gpt_3_multiple_rounded_down": ("stated_multiple_gpt_3_to_opus_5", "29"),  # 5000 / 175 = 28.57 < 29
    "hle_led_by_opus_4_7": ("bench_hle_opus_4_7", "44"),  # 44% is below Gemini 3.1 Pro's 44.4%
    "terminal_bench_led_by_gpt_5_5": ("bench_terminal_bench_2_gpt_5_5", "69"),  # 69% is below Opus 4.7's 69.4%
    # --- each design applied whole, and the estimate's method beside it ---
    # Kimi K2 whole with FP4 experts, the top at the estimate's precisions: 4.75 × 43 / 40 = 5.11 T
    "whole_designs_below_the_claim_at_the_estimates_precisions": ("decode_rate_opus_4_6", "40"),
    # DeepSeek-V4-Pro whole at FP4 throughout: 4.4395e12 / 43 / 0.5 × 32.09 = 6.63 T; × 43 / 28 = 10.2 T
    "whole_designs_below_ten_trillion": ("decode_rate_opus_4_6", "28"),
    "whole_designs_fp4_pass_the_claim": ("decode_rate_opus_4_6", "58"),  # 6.63 × 43 / 58 = 4.91 T
    # the same top of the whole range, 6.63 T, falls under the claimed 5 T at 58 token/s too (4.91 T): the range no
    # longer takes the claim in
    "whole_designs_straddle_the_claim": ("decode_rate_opus_4_6", "58"),
    # Kimi K2 whole at FP4 with the scales: 4.1688e12 / 43 / 0.5625 × 31.23 = 5.38 T; × 43 / 47 = 4.93 T
    "kimi_k2_and_deepseek_v4_pro_whole_at_fp4_above_the_claim": ("decode_rate_opus_4_6", "47"),
    # Kimi-like pairing at FP4 throughout, Kimi's split: 4.4395e12 / 43 / 0.5 × 31.23 = 6.45 T; × 43 / 56 = 4.95 T
    "totals_every_precision_pass_the_claim": ("decode_rate_opus_4_6", "56"),
    # 4.75 × 43 / 44 = 4.65 T; × 4.4395 / 4.1688 = 4.95 T, below 5 T
    "claim_within_the_calibrations_spread": ("decode_rate_opus_4_6", "44"),
    # 4.75 × 43 / 46 = 4.44 T, and the trend factor (96.9 × 43 / 46 / 37.55) ^ 0.111 = 1.12 at most: 4.98 T < 5 T
    "trend_takes_the_estimates_top_past_the_claim": ("decode_rate_opus_4_6", "46"),
    # 5e12 / (4.1688e12 / 48 / 0.5625) = 32.4, above DeepSeek-V4-Pro's 32.09
    "fp4_multiplier_within_served_designs": ("decode_rate_opus_4_6", "48"),
    "ikp_takes_in_the_claim": ("ikp_total_params_opus_4_6", "5.1..5.3"),  # 5.1 T is above the claimed 5 T
    # DeepSeek-V4-Pro whole at FP8: routed 61 × 6 × 7168 × 3072 × 3 = 24.2 B of 49 B, so s = 0.506 and 0.506 + 0.494
    # × 384 / 6 = 32.1 per active; at 40 token/s 4.4395e12 / 40 × 32.1 = 3.56 T, above 0.7 × 5 T = 3.5 T
    "whole_designs_fp8_well_below": ("decode_rate_opus_4_6", "40"),
    # Kimi K3 at 4 T total: T/A = 4000 / 104 = 38.5, s = (38.5 − 56) / (1 − 56) = 0.319, 0.66 bytes per active
    # parameter with FP4 experts: 4.4395e12 / 43 / 0.66 × 38.5 ≈ 6.0 T, above the estimate's own 4.75 T
    "whole_designs_top_is_the_estimates_top": ("design_total_params_kimi_k3", "4"),
    "fp8_multiplier_beyond_served_designs": ("decode_rate_opus_4_6", "28"),  # 5e12 × 28 / 4.4395e12 = 31.5 < 32.1
    "estimates_method_with_maverick_routing_above_the_claim": ("decode_rate_opus_4_6", "60"),  # 6.80 × 43 / 60 = 4.87 T
    # with FP4 experts at most 4.4395e12 / 43 / 0.678 × (0.357 + 0.643 × 128) ≈ 12.6 T; × 43 / 55 ≈ 9.84 T < 10 T
    "estimates_method_with_maverick_routing_past_ten_trillion": ("decode_rate_opus_4_6", "55"),
    # Maverick with 8.5 B active: s = 1 − 24 × 5120 × 8192 × 3 / 8.5e9 = 0.645, 0.645 + 0.355 × 128 = 46.1 per active,
    # 103.2 B × 46.1 = 4.76 T whole at FP8; twice that (9.5 T) is above the graft's 6.80 T
    "graft_more_than_twice_the_whole_design": ("design_active_params_llama_4_maverick", "8.5"),
    # 896 → 900 routed experts in DeepSeek-V4-Pro: E = 150, 0.506 + 0.494 × 150 = 74.6 per active, above the
    # graft's 6.80 T / 103.2 B = 65.8
    "graft_beyond_every_served_design": ("experts_total_deepseek_v4_pro", "900"),
    "maverick_share_above_the_estimates_split": ("design_active_params_llama_4_maverick", "5"),  # 1 − 3.02 / 5 = 0.40
    "maverick_sparsest_served": ("experts_total_deepseek_v4_pro", "900"),  # 900 / 6 = 150 > 128
    "served_designs_sparser_than_the_estimates": ("experts_active_kimi_k2_thinking", "2"),  # Kimi K2 at 192, the top
    "sparsest_routing_is_research": ("experts_total_switch_c_2048", "100"),  # 100 / 1 is below Maverick's 128
    # GLaM whole: s = (12.42 − 32) / (1 − 32) = 0.632, 4.4395e12 / 43 / 0.816 × 12.42 = 1.57 T; × 43 / 12 = 5.63 T
    "research_designs_below_the_claim": ("decode_rate_opus_4_6", "12"),
    "drafts_swe_bench_cell_is_the_pro_score": ("stated_bench_swe_bench_verified_opus_4_7", "60"),  # not Pro's 64.3%
    "drafts_gpqa_cell_is_the_hle_score": ("stated_bench_gpqa_diamond_opus_4_7", "40"),  # not HLE's 46.9%
    # --- serving as a scenario ---
    # the top: 6.63 T × 2.5 = 16.6 T at 43 token/s; × 43 / 146 = 4.88 T, below 5 T
    "served_differently_reaches_the_claim": ("decode_rate_opus_4_6", "146"),
    "served_differently_passes_ten_trillion": ("decode_rate_opus_4_6", "72"),  # 16.56 × 43 / 72 = 9.89 T
    # (103.2 B × 2.1) / (96.95 B / 2.1) = 216.8 / 46.2 = 4.70, under 5
    "served_differently_active_spread_wide": ("fast_mode_speedup_opus_4_6", "2.1"),
    # 1.05 is below the band's 4.4395 / 4.1688 = 1.065
    "serving_moves_speed_more_than_the_calibrations_differ": ("fast_mode_speedup_opus_4_6", "1.05"),
    # Kimi at 210 token/s: 22.29 GB × 210 = 4.68 TB/s, the most bandwidth for the fewest bytes: the slope is negative
    "calibrations_rise_with_size": ("decode_rate_kimi_k2_thinking", "210"),
    # Kimi at 160 token/s: 3.57 TB/s; slope (0.110 × −0.010 + 0.522 × 0.209 + 0.411 × 0.219) / (0.110² + 0.522² +
    # 0.411²) = 0.436, and (103.2 / 37.55) ^ 0.436 = 1.55, above 1.2
    "calibration_trend_within_a_fifth": ("decode_rate_kimi_k2_thinking", "160"),
    # Oracle's 405B at 20 token/s: 405 / 70 × 20 / 58.64 = 1.97, under 2
    "oci_larger_model_got_more_bandwidth": ("decode_rate_llama_3_1_405b_one_user", "20"),
    # at 10.5 token/s: 405 / 70 × 10.5 / 58.64 = 1.036, a power of ln 1.036 / ln 5.786 = 0.020, so (103.2 / 37.55) ^
    # 0.020 = 1.02 and the top whole-design total 4.75 T × 1.02 = 4.85 T, below 5 T
    "oci_trend_takes_whole_designs_past_the_claim": ("decode_rate_llama_3_1_405b_one_user", "10.5"),
    # --- the record since the draft ---
    "opus_5_5_input_below_opus_5": ("price_input_opus_5_5", "5"),  # $5 is not below Opus 5's $5
    "opus_5_5_output_below_opus_5": ("price_output_opus_5_5", "25"),  # $25 is not below $25
    "fable_priced_above_opus_5_5": ("price_input_fable_5_2", "4"),  # $4 is not above Opus 5.5's $4
    "ikp_straddles_the_methods_top": ("ikp_total_params_opus_4_6", "4.8..5.3"),  # 4.8 T is above 4.75 T
    # the top FP8 whole-design total, DeepSeek-V4-Pro: 4.4395e12 / 43 / 1 × 32.09 = 3.313 T; a lowest report of 3.3 T
    # is below it
    "ikp_lower_bound_above_every_fp8_whole_design": ("ikp_total_params_opus_4_6", "3.3..5.3"),
    # 6.7 T / 2 = 3.35 T, above the top FP8 whole-design total of 3.313 T: the bound would then be beyond its error
    "ikp_error_reaches_the_fp8_designs": ("ikp_total_params_opus_4_6", "6.7..7"),
    # Snowflake Arctic whole at FP4 throughout, the low end: 4.1688e12 / 43 / 0.5625 × 28.13 = 4.85 T; at 41 token/s
    # it is 4.85 × 43 / 41 = 5.09 T, above the claimed 5 T, so its range no longer takes the claim in
    "fp4_designs_reaching_the_claim": ("decode_rate_opus_4_6", "41"),
    "forum_guess_below_the_methods_fp8_case": ("forum_total_params_opus", "0.8..1.8"),  # 1.8 T > 4.1688e12/43 × 17.87 = 1.73 T
    # Gemini at 94.8: 94.8 − 94.2 = 0.6 points, more than one question of 198 (100 / 198 = 0.505 points)
    "gpqa_top_two_within_one_question": ("bench_gpqa_diamond_gemini_3_1_pro", "94.8"),
}


def test_every_claim_has_a_boundary_test():
    from calc import engine
    assert sorted(BOUNDARIES) == sorted(engine.load(ROOT).dataset.assertions)


@pytest.mark.parametrize("claim", sorted(BOUNDARIES))
def test_each_claim_fails_at_its_sentence_across_its_boundary(claim):
    from calc import engine, impact
    datum, value = BOUNDARIES[claim]
    before = engine.load(ROOT)
    assert next(r for r in before.assertions if r.assertion.name == claim).holds
    after, _, problems = impact.with_settings(engine.load(ROOT), {datum: value})
    assert problems == []
    found = [str(p).splitlines()[0] for p in site.produce(ROOT, draw=False, project=after,
                                                           despite_expectations=True).errors]
    lines = [(t, n) for t in (SIZE, REVIEW, "templates/index.md.j2") for n in lines_binding(t, claim)]
    assert lines, claim
    assert any(f.startswith(relies(t, n, claim)) for t, n in lines for f in found), found
