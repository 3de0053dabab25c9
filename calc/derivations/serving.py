"""Serving as a scenario of the throughput method: how much a model's speed moves when it is served differently.

The method reads size from speed on one platform, so it assumes that Claude and the calibration models are served
alike. The record shows speed moving without size: Anthropic's own fast mode runs the same Opus weights up to 2.5×
faster; speculative decoding more than doubles one model's speed on one GPU; one model's per-user speed falls
several times under load. A serving factor carries that into the method: Claude's active parameters are the
measured ones times the factor, from 1 ÷ (the fast-mode speed-up) (Claude served more slowly than its weights
allow, while the open models are not) to the fast-mode speed-up itself (Claude given a speed-up the open models
lack). Both ends are the one multiple the record measures on Claude's own weights; the speculative-decoding and load
figures (other models, other hardware) are shown beside it, not built into it. It carries a speed-up across
platforms and models, so it is tier 4 (``carried``).

The calibrations themselves may trend with size: the slope of log bandwidth against log bytes per token over the
three calibration models says how far, and what that trend would do to Opus 4.6 (which reads more bytes per token
than any of them) if it held beyond them.
"""

from __future__ import annotations

import numpy as np

from calc.derivation import Registry
from calc.units import RATIO, Bandwidth, BytesPerToken, Params, Ratio, TokenRate

registry = Registry("serving")


def speed_ratio(faster: TokenRate, slower: TokenRate) -> Ratio:
    return faster / slower


def speed_ratio_params(large: Params, small: Params) -> Ratio:
    return large / small


def inverse(ratio: Ratio) -> Ratio:
    return 1 / ratio


def same_ratio(ratio: Ratio) -> Ratio:
    return ratio


def scaled(params: Params, factor: Ratio) -> Params:
    return params * factor


def log_slope(bytes_a: BytesPerToken, bytes_b: BytesPerToken, bytes_c: BytesPerToken,
              bandwidth_a: Bandwidth, bandwidth_b: Bandwidth, bandwidth_c: Bandwidth) -> Ratio:
    """Least-squares slope of log bandwidth on log bytes per token over three calibrations (written with the
    pairwise differences, which gives the same slope as deviations from the means)."""
    return ((np.log(bytes_a / bytes_b) * np.log(bandwidth_a / bandwidth_b)
             + np.log(bytes_a / bytes_c) * np.log(bandwidth_a / bandwidth_c)
             + np.log(bytes_b / bytes_c) * np.log(bandwidth_b / bandwidth_c))
            / (np.log(bytes_a / bytes_b) ** 2 + np.log(bytes_a / bytes_c) ** 2 + np.log(bytes_b / bytes_c) ** 2))


def trend_factor(claude_bytes: BytesPerToken, reference_bytes: BytesPerToken, slope: Ratio) -> Ratio:
    return (claude_bytes / reference_bytes) ** slope


# --- what moves one model's speed, quantified where a source allows ---------------------------------------
for _name, _faster, _slower, _description in (
        ("speed_ratio_opus_4_7_aws_vs_anthropic", "decode_rate_opus_4_7_aws", "decode_rate_opus_4_7_anthropic",
         "How much faster {opus_4_7} decodes on Amazon Web Services than on Anthropic's API, same model and mode"),
        ("speed_ratio_llama_3_3_70b_load", "decode_rate_llama_3_3_70b_one_user", "decode_rate_llama_3_3_70b_256_users",
         "How much faster one user's tokens come with one request on the unit than with 256 (one model, one platform)"),
        ("speculative_speedup_sglang", "decode_rate_sglang_eagle_3", "decode_rate_sglang_plain",
         "How much faster one model decodes on one GPU with EAGLE-3 speculative decoding than without"),
        ("speed_ratio_kimi_k2_5_clarifai_vs_vertex", "decode_rate_kimi_k2_5_clarifai", "decode_rate_kimi_k2_thinking",
         "How much faster Kimi K2's layout decodes on one provider with speculative decoding than on Vertex")):
    registry.add(_name, speed_ratio, description=_description, inputs={"faster": _faster, "slower": _slower})

# --- the serving factor, and what it does to Opus 4.6 ---------------------------------------------------
registry.add("serving_factor_claude_slower", inverse,
             description="Claude's active parameters relative to the method's if its serving gives up the fast-mode "
             "speed-up its weights allow while the open models' does not",
             inputs={"ratio": "fast_mode_speedup_opus_4_6"}, model="opus_4_6", carried=True)
registry.add("serving_factor_claude_faster", same_ratio,
             description="Claude's active parameters relative to the method's if its serving gives it a speed-up of "
             "the fast-mode size that the open models' does not",
             inputs={"ratio": "fast_mode_speedup_opus_4_6"}, model="opus_4_6", carried=True)
registry.envelope("serving_factor", ["serving_factor_claude_slower", "serving_factor_claude_faster"], RATIO,
                  description="Claude's active parameters relative to the method's, from Claude served more slowly than "
                  "its weights allow (the fast-mode speed-up forgone) to Claude served that much faster than the open "
                  "models (the one speed-up measured on Claude's own weights, both ways)")
registry.add("active_params_fp8_opus_4_6_served_differently", scaled, model="opus_4_6", carried=True,
             description="Active parameters of {opus_4_6} at FP8 if it and the calibration models are served "
             "differently, over the serving factor",
             inputs={"params": "active_params_fp8_opus_4_6", "factor": "serving_factor"})
registry.add("whole_design_totals_served_differently_opus_4_6", scaled, model="opus_4_6", carried=True,
             description="Total parameters of {opus_4_6} built like any served design, over the serving factor as well",
             inputs={"params": "whole_design_totals_opus_4_6", "factor": "serving_factor"})

# --- do the calibrations trend with model size? ------------------------------------------------------------
registry.add("calibration_size_slope", log_slope,
             description="How the calibrated bandwidth moves with the bytes a model reads per token: the slope of "
             "log bandwidth on log bytes over the three calibration models (0: no trend)",
             inputs={"bytes_a": "weights_per_token_deepseek_v3_1", "bytes_b": "weights_per_token_glm_4_7",
                     "bytes_c": "weights_per_token_kimi_k2_thinking", "bandwidth_a": "bandwidth_deepseek_v3_1",
                     "bandwidth_b": "bandwidth_glm_4_7", "bandwidth_c": "bandwidth_kimi_k2_thinking"})
registry.add("calibration_trend_factor_opus_4_6", trend_factor, model="opus_4_6",
             description="How much more bandwidth the platform would give {opus_4_6} than DeepSeek V3.1 if the "
             "calibrations' trend with bytes per token held out to Opus 4.6's bytes",
             inputs={"claude_bytes": "weights_per_token_opus_4_6", "reference_bytes": "weights_per_token_deepseek_v3_1",
                     "slope": "calibration_size_slope"})

registry.add("totals_opus_4_6_calibration_trend", scaled, model="opus_4_6", carried=True,
             description="Total parameters of {opus_4_6} over the precisions and routings the estimate considers, if "
             "the calibrations' own trend with bytes per token held out to Opus 4.6",
             inputs={"params": "totals_opus_4_6", "factor": "calibration_trend_factor_opus_4_6"})


# --- one platform serving two sizes: Oracle's Llama 3.3 70B and Llama 3.1 405B, one request at a time -----------
def bandwidth_ratio(large: Params, small: Params, large_rate: TokenRate, small_rate: TokenRate) -> Ratio:
    return large / small * (large_rate / small_rate)


def elasticity(bandwidth_ratio: Ratio, size_ratio: Ratio) -> Ratio:
    return np.log(bandwidth_ratio) / np.log(size_ratio)


registry.add("oci_size_ratio_405b_vs_70b", speed_ratio_params,
             description="How many times Llama 3.3 70B's parameters Llama 3.1 405B has",
             inputs={"large": "params_llama_3_405b", "small": "params_llama_3_3_70b"})
registry.add("oci_bandwidth_ratio_405b_vs_70b", bandwidth_ratio,
             description="How much more effective bandwidth Oracle's platform gave Llama 3.1 405B than Llama 3.3 70B "
             "(dense models at one request each: parameters times decode rate)",
             inputs={"large": "params_llama_3_405b", "small": "params_llama_3_3_70b",
                     "large_rate": "decode_rate_llama_3_1_405b_one_user",
                     "small_rate": "decode_rate_llama_3_3_70b_one_user"})
registry.add("oci_size_slope", elasticity,
             description="How the effective bandwidth moved with size on Oracle's platform: the log of the bandwidth "
             "ratio over the log of the size ratio (0: no trend; the method assumes 0)",
             inputs={"bandwidth_ratio": "oci_bandwidth_ratio_405b_vs_70b", "size_ratio": "oci_size_ratio_405b_vs_70b"})
registry.add("oci_trend_factor_opus_4_6", trend_factor, model="opus_4_6", carried=True,
             description="How much more bandwidth {opus_4_6} would get than DeepSeek V3.1 if the platform's bandwidth "
             "grew with bytes per token as Oracle's did with size",
             inputs={"claude_bytes": "weights_per_token_opus_4_6", "reference_bytes": "weights_per_token_deepseek_v3_1",
                     "slope": "oci_size_slope"})
registry.add("whole_design_totals_oci_trend_opus_4_6", scaled, model="opus_4_6", carried=True,
             description="Total parameters of {opus_4_6} built like any served design, at the precisions the estimate "
             "considers, if the platform's bandwidth grew with size as Oracle's did",
             inputs={"params": "whole_design_totals_estimates_precisions_opus_4_6", "factor": "oci_trend_factor_opus_4_6"})
