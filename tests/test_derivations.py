"""The derivations against values worked out here, independently, from the raw inputs.

The raw inputs below are typed from the sources (decode rates, parameter counts, routing, prices); every
expected value is computed from them in this file, in plain Python, the way the sources describe the
arithmetic — never copied from the engine's output.
"""

from __future__ import annotations

import itertools
import random

import pytest

# --- raw inputs, from shared/sources/004 (throughput estimate) and the DeepSeek-V3 report ------------------
TPS = {"deepseek": 117, "glm": 132, "kimi": 187, "opus_4_0": 23, "opus_4_1": 24, "opus_4_5": 40, "opus_4_6": 43,
       "sonnet_4_5": 41, "sonnet_4_6": 51}
DEEPSEEK_ACTIVE = 37_554_471_512
GLM_ACTIVE = 33_632_266_144
KIMI_ALWAYS, KIMI_ROUTED = 11_722_775_856, 21_140_582_400
DEEPSEEK_ROUTED = (61 - 3) * 8 * 7168 * 2048 * 3  # MoE layers × experts per token × hidden × width × 3 matrices
EXPANSION = {"glm_like": 160 / 8, "deepseek_like": 256 / 8, "kimi_like": 384 / 8}

BW = {"deepseek": DEEPSEEK_ACTIVE * 1 * 117, "glm": GLM_ACTIVE * 1 * 132,
      "kimi": (KIMI_ALWAYS * 1 + KIMI_ROUTED * 0.5) * 187}
BAND = (min(BW.values()), max(BW.values()))
SHARE = {"kimi": KIMI_ALWAYS / (KIMI_ALWAYS + KIMI_ROUTED),
         "deepseek": (DEEPSEEK_ACTIVE - DEEPSEEK_ROUTED) / DEEPSEEK_ACTIVE}
SHARE_BAND = (min(SHARE.values()), max(SHARE.values()))


def value(project, name):
    quantity = project.quantities[name]
    return (quantity.low, quantity.high) if quantity.is_range else quantity.low


def test_calibrations_are_the_sources_products(project):
    # The estimate prints these products; our engine must reproduce them from count × rate.
    assert value(project, "bandwidth_deepseek_v3_1") == pytest.approx(4_393_873_166_904)
    assert value(project, "bandwidth_glm_4_7") == pytest.approx(4_439_459_131_008)
    assert value(project, "bandwidth_kimi_k2_thinking") == pytest.approx(4_168_803_539_472)
    assert value(project, "bandwidth_band") == pytest.approx(BAND)


def test_kimi_bf16_footnote(project):
    assert value(project, "bandwidth_kimi_bf16_shared") == pytest.approx((KIMI_ALWAYS * 2 + KIMI_ROUTED * 0.5) * 187)


def test_always_active_shares(project):
    assert value(project, "always_active_share_kimi_k2_thinking") == pytest.approx(SHARE["kimi"])
    assert value(project, "always_active_share_deepseek_v3_1") == pytest.approx(SHARE["deepseek"])
    # The source states 35.7% and 45.6%.
    assert round(SHARE["kimi"] * 100, 1) == 35.7 and round(SHARE["deepseek"] * 100, 1) == 45.6
    assert value(project, "bytes_per_active_param_mixed") == pytest.approx(
        (SHARE_BAND[0] + (1 - SHARE_BAND[0]) * 0.5, SHARE_BAND[1] + (1 - SHARE_BAND[1]) * 0.5))


@pytest.mark.parametrize("model", ["opus_4_0", "opus_4_1", "opus_4_5", "opus_4_6", "sonnet_4_5", "sonnet_4_6"])
def test_bytes_and_active_params_per_model(project, model):
    bytes_low, bytes_high = BAND[0] / TPS[model], BAND[1] / TPS[model]
    assert value(project, f"weights_per_token_{model}") == pytest.approx((bytes_low, bytes_high))
    assert value(project, f"active_params_fp8_{model}") == pytest.approx((bytes_low, bytes_high))
    assert value(project, f"active_params_bf16_{model}") == pytest.approx((bytes_low / 2, bytes_high / 2))
    # Fewest active parameters: fewest bytes at the most bytes per parameter (the DeepSeek share), and vice versa.
    most_bytes_per_param = SHARE_BAND[1] + (1 - SHARE_BAND[1]) * 0.5
    fewest_bytes_per_param = SHARE_BAND[0] + (1 - SHARE_BAND[0]) * 0.5
    assert value(project, f"active_params_mixed_{model}") == pytest.approx(
        (bytes_low / most_bytes_per_param, bytes_high / fewest_bytes_per_param))


def total(active: float, share: float, expansion: float) -> float:
    return active * share + active * (1 - share) * expansion


@pytest.mark.parametrize("pattern", ["glm_like", "deepseek_like", "kimi_like"])
def test_opus_4_6_totals_at_fp8(project, pattern):
    active = (BAND[0] / 43, BAND[1] / 43)
    # The source's pairing: low active with the high always-active share, high active with the low share.
    expected = (total(active[0], SHARE_BAND[1], EXPANSION[pattern]), total(active[1], SHARE_BAND[0], EXPANSION[pattern]))
    assert value(project, f"total_params_fp8_{pattern}_opus_4_6") == pytest.approx(expected)


def test_opus_4_6_totals_with_fp4_experts_tie_the_share(project):
    """The share appears twice (bytes per parameter and the split); both must take the same value."""
    def mixed_total(bandwidth: float, share: float) -> float:
        active = bandwidth / 43 / (share + (1 - share) * 0.5)
        return total(active, share, EXPANSION["deepseek_like"])

    corners = [mixed_total(b, s) for b, s in itertools.product(BAND, SHARE_BAND)]
    assert value(project, "total_params_mixed_deepseek_like_opus_4_6") == pytest.approx((min(corners), max(corners)))


def test_range_bounds_are_exact_by_sampling(project):
    """Random points inside the input box never leave the computed range, and the corners reach its ends."""
    rng = random.Random(1)
    low, high = value(project, "total_params_mixed_kimi_like_opus_4_6")
    samples = []
    for _ in range(2000):
        bandwidth, share = rng.uniform(*BAND), rng.uniform(*SHARE_BAND)
        active = bandwidth / 43 / (share + (1 - share) * 0.5)
        samples.append(total(active, share, EXPANSION["kimi_like"]))
    assert low <= min(samples) and max(samples) <= high
    assert min(samples) == pytest.approx(low, rel=0.02) and max(samples) == pytest.approx(high, rel=0.02)


def test_source_band_reproduces_the_sources_totals(project):
    # With the estimate's rounded band of 4.0–4.5 TB/s, its printed totals (1.05–1.38, 1.66–2.19, 2.47–3.27 T).
    for pattern, printed in (("glm_like", (1.05e12, 1.38e12)), ("deepseek_like", (1.66e12, 2.19e12)),
                             ("kimi_like", (2.47e12, 3.27e12))):
        computed = value(project, f"total_params_fp8_{pattern}_opus_4_6_source_band")
        assert computed == pytest.approx(printed, rel=0.005)
        assert computed == pytest.approx((total(4.0e12 / 43, SHARE_BAND[1], EXPANSION[pattern]),
                                          total(4.5e12 / 43, SHARE_BAND[0], EXPANSION[pattern])))


def test_the_placeholder_case(project):
    """The source left "4-bit MoE with 8:256 sparsity" as "x to x"; with its own band it is:"""
    corners = []
    for bandwidth, share in itertools.product((4.0e12, 4.5e12), SHARE_BAND):
        active = bandwidth / 43 / (share + (1 - share) * 0.5)
        corners.append(total(active, share, 32))
    assert value(project, "total_params_mixed_deepseek_like_opus_4_6_source_band") == pytest.approx(
        (min(corners), max(corners)))


def test_ratio_argument(project):
    assert value(project, "implied_total_opus") == pytest.approx(0.5e12 / 0.1)
    assert value(project, "implied_total_sonnet") == pytest.approx(0.5e12 / 0.5)
    assert value(project, "implied_multiple_opus_vs_grok") == pytest.approx(10)


def test_price_ratios(project):
    assert value(project, "price_ratio_input_opus_4_6_vs_opus_4_1") == pytest.approx(5 / 15)
    assert value(project, "price_ratio_output_opus_4_6_vs_opus_4_1") == pytest.approx(25 / 75)
    assert value(project, "price_ratio_input_sonnet_vs_opus_4_6") == pytest.approx(3 / 5)
    assert value(project, "price_ratio_output_mythos_vs_opus_4_6") == pytest.approx(125 / 25)  # as announced
    assert value(project, "price_ratio_input_opus_5_speculative_vs_opus_4_6") == pytest.approx((20 / 5, 40 / 5))


def test_scale_multiples_and_active_shares(project):
    assert value(project, "scale_gpt_2_to_gpt_3") == pytest.approx(175 / 1.5)
    assert value(project, "scale_gpt_3_to_opus_5_claim") == pytest.approx(5000 / 175)
    # Semafor (March 2023) reported one trillion for GPT-4; the draft's 1.76 trillion is a later leak
    assert value(project, "scale_gpt_4_semafor_to_opus_5_claim") == pytest.approx(5 / 1)
    assert value(project, "scale_gpt_4_gemini_band_to_opus_5_claim") == pytest.approx((5 / 1.8, 5 / 1))
    assert value(project, "active_share_ten_expert_reading") == pytest.approx((1 / 10, 2 / 10))
    assert value(project, "active_params_ten_expert_reading") == pytest.approx((0.5e12, 1e12))
    assert value(project, "active_share_many_small_reading") == pytest.approx((150 / (256 * 20), 200 / (256 * 20)))


def test_speed_ratios(project):
    assert value(project, "speed_ratio_opus_4_6_vs_opus_4_0") == pytest.approx(43 / 23)
    assert value(project, "speed_ratio_sonnet_4_6_vs_opus_4_6") == pytest.approx(51 / 43)
    assert value(project, "scale_opus_4_1_vs_opus_4_6_active") == pytest.approx(43 / 24)


def test_what_ten_trillion_would_take(project):
    # total = A·s + A·(1−s)·E  ⇒  E = (T/A − s)/(1 − s); most expansion needed at the fewest active params.
    active = (BAND[0] / 43, BAND[1] / 43)
    expected = ((10e12 / active[1] - SHARE_BAND[0]) / (1 - SHARE_BAND[0]),
                (10e12 / active[0] - SHARE_BAND[1]) / (1 - SHARE_BAND[1]))
    assert value(project, "expansion_needed_fp8_opus_4_6_for_opus_ten_trillion") == pytest.approx(expected)


def test_tiers_are_inherited_from_the_weakest_input(project):
    q = project.quantities
    assert q["decode_rate_opus_4_6"].tier == 3  # OpenRouter's listing (2), read only via the estimate (3)
    assert q["expert_expansion_deepseek_v3_1"].tier == 1  # both inputs from the DeepSeek report
    assert q["deepseek_routed_active_params"].tier == 1  # a definition (3 matrices) does not weaken it
    assert q["gated_expert_params_per_cell"].tier is None
    assert q["active_params_fp8_opus_4_6"].tier == 3  # the FP8 assumption and the counts are tier 3
    assert q["implied_total_opus"].tier == 4  # the X post
    assert q["price_ratio_output_mythos_vs_opus_4_6"].tier == 3  # announced (1), read only in a summary (3)
    assert set(q["active_params_fp8_opus_4_6"].sources) == {"openrouter_throughput", "unexcitedneurons_2026"}


def test_every_expectation_holds(project):
    failing = [r.expectation.name for r in project.expectations if not r.holds]
    assert failing == []
    assert len(project.expectations) >= 15  # comparisons the prose makes moved to claims (data/assertions.yaml)


def test_every_claim_holds(project):
    assert [r.assertion.name for r in project.assertions if not r.holds] == []
    assert len(project.assertions) >= 25


def test_the_real_data_has_no_problems(project):
    assert [str(p) for p in project.problems.errors] == []


def test_explain_works_for_every_quantity(project):
    from calc.commands.explain import explanation
    for name, quantity in project.quantities.items():
        text = explanation(project, name)
        assert text.startswith(f"{name} — {quantity.description}")
        assert "  value:" in text and "  tier:" in text and "  sources:" in text
        if quantity.origin == "derived":
            assert f"formula: {quantity.formula}" in text and "  inputs:" in text


# --- each design applied whole (calc/derivations/designs.py), from the designs' own published figures ------------
# Llama 4 Maverick (Transformers docs and the released configuration): ~400 B total, 17 B active, 128 routed experts
# with 1 picked, an MoE block in 24 of its 48 layers, hidden size 5120, expert width 8192 (three matrices each).
MAVERICK_ROUTED = 24 * 1 * 5120 * 8192 * 3
MAVERICK_SHARE = 1 - MAVERICK_ROUTED / 17e9
MAVERICK_MULTIPLIER = MAVERICK_SHARE + (1 - MAVERICK_SHARE) * 128 / 1
# Kimi K3 (NVIDIA's and FlashInfer's documentation): 2.8 T total, 104 B active, 16 of 896 routed experts; no layer
# count in the data, so its split is the one its own counts imply: s = (E − T/A) / (E − 1)
K3_EXPANSION, K3_RATIO = 896 / 16, 2.8e12 / 104e9
K3_SHARE = (K3_EXPANSION - K3_RATIO) / (K3_EXPANSION - 1)
OPUS_ACTIVE_FP8 = (BAND[0] / 43, BAND[1] / 43)


def test_maverick_applied_whole(project):
    assert round(MAVERICK_ROUTED / 1e9, 2) == 3.02 and round(MAVERICK_SHARE, 3) == 0.822
    assert value(project, "always_active_share_llama_4_maverick") == pytest.approx(MAVERICK_SHARE)
    assert value(project, "design_multiplier_llama_4_maverick") == pytest.approx(MAVERICK_MULTIPLIER)
    assert MAVERICK_MULTIPLIER == pytest.approx(400 / 17, rel=0.01)  # the configuration agrees with its own total ÷ active
    assert value(project, "opus_4_6_total_fp8_built_like_llama_4_maverick") == pytest.approx(
        tuple(a * MAVERICK_MULTIPLIER for a in OPUS_ACTIVE_FP8))
    mixed_bytes = MAVERICK_SHARE * 1 + (1 - MAVERICK_SHARE) * 0.5
    assert value(project, "opus_4_6_total_mixed_built_like_llama_4_maverick") == pytest.approx(
        tuple(a / mixed_bytes * MAVERICK_MULTIPLIER for a in OPUS_ACTIVE_FP8))


def test_kimi_k3_applied_whole(project):
    assert round(K3_SHARE, 3) == 0.529
    assert value(project, "always_active_share_kimi_k3") == pytest.approx(K3_SHARE)
    # its multiplier is then its own total ÷ active, exactly
    assert value(project, "design_multiplier_kimi_k3") == pytest.approx(K3_SHARE + (1 - K3_SHARE) * K3_EXPANSION)
    assert value(project, "design_multiplier_kimi_k3") == pytest.approx(K3_RATIO)
    mixed_bytes = K3_SHARE + (1 - K3_SHARE) * 0.5
    assert value(project, "opus_4_6_total_fp8_built_like_kimi_k3") == pytest.approx(tuple(a * K3_RATIO for a in OPUS_ACTIVE_FP8))
    assert value(project, "opus_4_6_total_mixed_built_like_kimi_k3") == pytest.approx(
        tuple(a / mixed_bytes * K3_RATIO for a in OPUS_ACTIVE_FP8))


def test_the_estimates_method_with_maverick_routing_is_a_graft(project):
    """Its split range (Kimi K2's to DeepSeek's) with Maverick's 128: not Maverick, and far from it."""
    expected = (total(OPUS_ACTIVE_FP8[0], SHARE_BAND[1], 128), total(OPUS_ACTIVE_FP8[1], SHARE_BAND[0], 128))
    assert value(project, "total_params_fp8_llama_4_maverick_like_opus_4_6") == pytest.approx(expected)
    assert expected[0] > 2 * OPUS_ACTIVE_FP8[1] * MAVERICK_MULTIPLIER


# Every weight at FP4: half a byte (4 bits) to 0.5625 (NVFP4: one 8-bit scale per 16 four-bit values, 72 / 16 = 4.5 bits).
FP4_BYTES = (0.5, (16 * 4 + 8) / 16 / 8)


def test_kimi_k2_applied_whole_with_every_weight_at_fp4_by_hand(project):
    """From the raw inputs: the three calibrations, Opus 4.6's 43 token/s, Kimi K2's counts and its 384 / 8 routing."""
    bandwidths = (37_554_471_512 * 1 * 117, 33_632_266_144 * 1 * 132, (11_722_775_856 * 1 + 21_140_582_400 * 0.5) * 187)
    low_bytes, high_bytes = min(bandwidths) / 43, max(bandwidths) / 43  # ≈96.9 and ≈103.2 GB per token
    active = (low_bytes / FP4_BYTES[1], high_bytes / FP4_BYTES[0])  # ≈172 and ≈206 B
    share = 11_722_775_856 / (11_722_775_856 + 21_140_582_400)  # ≈0.357
    multiplier = share + (1 - share) * 384 / 8  # ≈31.2
    assert FP4_BYTES[1] == 0.5625
    assert round(active[0] / 1e9) == 172 and round(active[1] / 1e9) == 206
    assert value(project, "active_params_fp4_opus_4_6") == pytest.approx(active)
    expected = (active[0] * multiplier, active[1] * multiplier)  # ≈5.38 and ≈6.45 T
    assert round(expected[0] / 1e12, 2) == 5.38 and round(expected[1] / 1e12, 2) == 6.45
    assert value(project, "opus_4_6_total_fp4_built_like_kimi_k2_thinking") == pytest.approx(expected)
    assert project.quantities["opus_4_6_total_fp4_built_like_kimi_k2_thinking"].tier == 4


def test_deepseek_applied_whole_matches_its_own_counts(project):
    multiplier = SHARE["deepseek"] + (1 - SHARE["deepseek"]) * 256 / 8
    assert value(project, "design_multiplier_deepseek_v3_1") == pytest.approx(multiplier)
    assert multiplier == pytest.approx(671e9 / DEEPSEEK_ACTIVE, rel=0.001)


def test_whole_design_and_carried_figures_are_tier_4(project):
    q = project.quantities
    for name in ("opus_4_6_total_fp8_built_like_kimi_k3", "total_params_fp8_deepseek_like_opus_4_6",
                 "total_params_fp8_llama_4_maverick_like_opus_4_6", "active_params_mixed_opus_4_6",
                 "whole_design_totals_opus_4_6", "serving_factor"):
        assert q[name].tier == 4, name
    assert q["active_params_fp8_opus_4_6"].tier == 3  # the calibration itself carries no design


# --- serving as a scenario, and whether the calibrations trend with size ----------------------------------------
def test_serving_factor_and_what_it_does(project):
    low, high = 1 / 2.5, 2.5  # the fast-mode multiple, Anthropic's own, forgone or given
    assert value(project, "serving_factor") == pytest.approx((low, high))
    assert value(project, "active_params_fp8_opus_4_6_served_differently") == pytest.approx(
        (OPUS_ACTIVE_FP8[0] * low, OPUS_ACTIVE_FP8[1] * high))


def test_calibration_trend_by_least_squares(project):
    import math
    x = [math.log(b) for b in (DEEPSEEK_ACTIVE * 1, GLM_ACTIVE * 1, KIMI_ALWAYS * 1 + KIMI_ROUTED * 0.5)]
    y = [math.log(BW[m]) for m in ("deepseek", "glm", "kimi")]
    mx, my = sum(x) / 3, sum(y) / 3
    slope = sum((a - mx) * (b - my) for a, b in zip(x, y)) / sum((a - mx) ** 2 for a in x)
    assert value(project, "calibration_size_slope") == pytest.approx(slope)
    assert 0.1 < slope < 0.12
    assert value(project, "calibration_trend_factor_opus_4_6") == pytest.approx(
        tuple((b / 43 / DEEPSEEK_ACTIVE) ** slope for b in BAND))
