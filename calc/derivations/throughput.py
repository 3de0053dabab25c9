"""The throughput method: from decode speed on one platform to active and total parameters.

Calibration: for a model whose active parameters are known, bytes read per token × tokens per second gives
the platform's effective memory bandwidth. The band of those calibrations, divided by a Claude model's
decode rate, gives the bytes it reads per token; divided by bytes per parameter, its active parameters;
and with an always-active share and a routing pattern, its total parameters.
"""

from __future__ import annotations

import numpy as np

from calc.derivation import Registry
from calc.units import (
    BANDWIDTH, PERCENT, Bandwidth, BytesPerParam, BytesPerToken, Count, Experts, Params, ParamsPerExpert, Ratio,
    ReadsPerToken, Share, TokenRate,
)

registry = Registry("throughput")

CALIBRATION_MODELS = ("deepseek_v3_1", "glm_4_7", "kimi_k2_thinking")
CLAUDE_MODELS = ("opus_4_0", "opus_4_1", "opus_4_5", "opus_4_6", "sonnet_4_5", "sonnet_4_6")
PRECISIONS = {  # how the Claude weights might be stored: name → the bytes-per-parameter quantity
    "bf16": "bytes_per_param_bf16",
    "fp8": "bytes_per_param_fp8",
    "mixed": "bytes_per_active_param_mixed",
    "fp4": "bytes_per_param_fp4_all",  # every weight at FP4: 4 bits, or 4.5 with NVFP4's block scales
}
PRECISION_NAMES = {"bf16": "BF16", "fp8": "FP8", "mixed": "FP8 always-active and FP4 routed weights",
                   "fp4": "FP4 throughout (4 to 4.5 bits per weight)"}
CLAIM_NAMES = {"claim_opus_5_total": "the claimed Opus 5 total", "claim_opus_ten_trillion": "the 10T+ claims"}
ROUTING_PATTERNS = {"glm_like": "glm_4_7", "deepseek_like": "deepseek_v3_1", "kimi_like": "kimi_k2_thinking"}


# --- calibration ------------------------------------------------------------------------------------------

def weights_per_token(active_params: Params, bytes_per_param: BytesPerParam,
                      reads_per_token: ReadsPerToken) -> BytesPerToken:
    return active_params * bytes_per_param * reads_per_token


def split_weights_per_token(always_active: Params, always_bytes: BytesPerParam, routed_active: Params,
                            routed_bytes: BytesPerParam, reads_per_token: ReadsPerToken) -> BytesPerToken:
    return (always_active * always_bytes + routed_active * routed_bytes) * reads_per_token


def effective_bandwidth(weights: BytesPerToken, decode_rate: TokenRate) -> Bandwidth:
    return weights * decode_rate


def sum_of_params(first: Params, second: Params) -> Params:
    return first + second


for _model in ("deepseek_v3_1", "glm_4_7"):
    registry.add(f"weights_per_token_{_model}", weights_per_token,
                 description=f"Bytes {{{_model}}} reads per token on the platform, at its assumed serving precision",
                 inputs={"active_params": f"active_params_{_model}",
                         "bytes_per_param": f"serving_bytes_per_param_{_model}",
                         "reads_per_token": "weight_reads_per_token"}, model=_model)
registry.add("weights_per_token_kimi_k2_thinking", split_weights_per_token,
             description="Bytes Kimi K2 Thinking reads per token: 8-bit always-active weights, 4-bit routed experts",
             inputs={"always_active": "kimi_always_active_params",
                     "always_bytes": "serving_bytes_per_param_kimi_always_active",
                     "routed_active": "kimi_routed_active_params",
                     "routed_bytes": "serving_bytes_per_param_kimi_routed",
                     "reads_per_token": "weight_reads_per_token"}, model="kimi_k2_thinking")
registry.add("weights_per_token_kimi_bf16_shared", split_weights_per_token,
             description="Bytes Kimi K2 Thinking would read per token with its always-active weights at BF16",
             inputs={"always_active": "kimi_always_active_params", "always_bytes": "bytes_per_param_bf16",
                     "routed_active": "kimi_routed_active_params",
                     "routed_bytes": "serving_bytes_per_param_kimi_routed",
                     "reads_per_token": "weight_reads_per_token"}, model="kimi_k2_thinking")
registry.add("active_params_kimi_k2_thinking", sum_of_params,
             description="Kimi K2 Thinking's active parameters per token, always-active plus routed",
             inputs={"first": "kimi_always_active_params", "second": "kimi_routed_active_params"},
             model="kimi_k2_thinking")

for _model in CALIBRATION_MODELS:
    registry.add(f"bandwidth_{_model}", effective_bandwidth,
                 description=f"Effective memory bandwidth of the platform, calibrated on {{{_model}}}",
                 inputs={"weights": f"weights_per_token_{_model}", "decode_rate": f"decode_rate_{_model}"},
                 model=_model)
registry.add("bandwidth_kimi_bf16_shared", effective_bandwidth,
             description="Effective bandwidth calibrated on Kimi K2 Thinking if its always-active weights were BF16",
             inputs={"weights": "weights_per_token_kimi_bf16_shared",
                     "decode_rate": "decode_rate_kimi_k2_thinking"}, model="kimi_k2_thinking")
# The March 2026 estimate's calibrations with its own decode rates (stated_decode_rate_*), kept apart from the
# current listing: updating a decode rate changes the site's figures, not the check of the estimate's arithmetic.
for _model in CALIBRATION_MODELS:
    registry.add(f"bandwidth_{_model}_as_stated", effective_bandwidth,
                 description=f"The estimate's calibration on {{{_model}}}, with the decode rate it used",
                 inputs={"weights": f"weights_per_token_{_model}", "decode_rate": f"stated_decode_rate_{_model}"},
                 model=_model)
registry.add("bandwidth_kimi_bf16_shared_as_stated", effective_bandwidth,
             description="The estimate's footnote calibration on Kimi K2 Thinking with BF16 always-active weights, "
             "with the decode rate it used",
             inputs={"weights": "weights_per_token_kimi_bf16_shared",
                     "decode_rate": "stated_decode_rate_kimi_k2_thinking"}, model="kimi_k2_thinking")
registry.add("weights_per_token_glm_4_7_bf16", weights_per_token,
             description="Bytes per token for GLM-4.7 if it were served at BF16",
             inputs={"active_params": "active_params_glm_4_7", "bytes_per_param": "bytes_per_param_bf16",
                     "reads_per_token": "weight_reads_per_token"}, model="glm_4_7")
registry.add("bandwidth_glm_4_7_bf16", effective_bandwidth,
             description="Effective bandwidth calibrated on GLM-4.7 if it were served at BF16",
             inputs={"weights": "weights_per_token_glm_4_7_bf16", "decode_rate": "decode_rate_glm_4_7"},
             model="glm_4_7")
registry.add("bandwidth_glm_4_7_footnote_count", effective_bandwidth,
             description="The GLM-4.7 calibration redone with the count in the estimate's footnote 3",
             inputs={"weights": "weights_per_token_glm_4_7_footnote_count", "decode_rate": "decode_rate_glm_4_7"},
             model="glm_4_7")
registry.add("weights_per_token_glm_4_7_footnote_count", weights_per_token,
             description="Bytes per token for GLM-4.7 using the count in the estimate's footnote 3",
             inputs={"active_params": "stated_glm_active_params_footnote",
                     "bytes_per_param": "serving_bytes_per_param_glm_4_7",
                     "reads_per_token": "weight_reads_per_token"}, model="glm_4_7")
def relative_spread(first: Bandwidth, second: Bandwidth, third: Bandwidth) -> Ratio:
    return np.maximum(np.maximum(first, second), third) / np.minimum(np.minimum(first, second), third) - 1


registry.add("bandwidth_calibration_spread", relative_spread,
             description="How far apart the calibrations are: the largest over the smallest, less one",
             inputs={"first": "bandwidth_deepseek_v3_1", "second": "bandwidth_glm_4_7",
                     "third": "bandwidth_kimi_k2_thinking"})
registry.envelope("bandwidth_band", [f"bandwidth_{m}" for m in CALIBRATION_MODELS], BANDWIDTH,
                  description="The platform's effective bandwidth: from the lowest to the highest calibration")


# --- always-active share and bytes per active parameter ----------------------------------------------

def moe_layers(layers: Count, dense_layers: Count) -> Count:
    return layers - dense_layers


def routed_active_params(moe_layer_count: Count, experts_per_token: Experts, hidden_size: Count, expert_width: Count,
                         params_per_cell: ParamsPerExpert) -> Params:
    return moe_layer_count * experts_per_token * hidden_size * expert_width * params_per_cell


def difference_of_params(whole: Params, part: Params) -> Params:
    return whole - part


def always_active_share(always_active: Params, routed_active: Params) -> Share:
    return always_active / (always_active + routed_active)


def mixed_bytes_per_param(always_share: Share, always_bytes: BytesPerParam, routed_bytes: BytesPerParam) -> BytesPerParam:
    return always_share * always_bytes + (1 - always_share) * routed_bytes


registry.add("design_moe_layers_deepseek_v3_1", moe_layers, description="DeepSeek-V3 layers that hold routed experts",
             inputs={"layers": "design_layers_deepseek_v3_1", "dense_layers": "deepseek_v3_dense_layers"},
             model="deepseek_v3_1")
registry.add("deepseek_routed_active_params", routed_active_params,
             description="DeepSeek V3.1's routed-expert parameters read per token",
             inputs={"moe_layer_count": "design_moe_layers_deepseek_v3_1", "experts_per_token": "experts_active_deepseek_v3_1",
                     "hidden_size": "deepseek_v3_hidden_size", "expert_width": "deepseek_v3_expert_width",
                     "params_per_cell": "gated_expert_params_per_cell"}, model="deepseek_v3_1")
registry.add("deepseek_always_active_params", difference_of_params,
             description="DeepSeek V3.1's always-active parameters (all active parameters less the routed ones)",
             inputs={"whole": "active_params_deepseek_v3_1", "part": "deepseek_routed_active_params"},
             model="deepseek_v3_1")
registry.add("always_active_share_deepseek_v3_1", always_active_share,
             description="Share of DeepSeek V3.1's active parameters that every token uses",
             inputs={"always_active": "deepseek_always_active_params", "routed_active": "deepseek_routed_active_params"},
             model="deepseek_v3_1")
registry.add("always_active_share_kimi_k2_thinking", always_active_share,
             description="Share of Kimi K2 Thinking's active parameters that every token uses",
             inputs={"always_active": "kimi_always_active_params", "routed_active": "kimi_routed_active_params"},
             model="kimi_k2_thinking")
registry.envelope("always_active_share_band",
                  ["always_active_share_kimi_k2_thinking", "always_active_share_deepseek_v3_1"],
                  PERCENT,
                  description="Always-active share assumed for Claude: from Kimi's to DeepSeek's")
registry.add("bytes_per_active_param_mixed", mixed_bytes_per_param,
             description="Average bytes per active parameter with FP8 always-active weights and FP4 routed experts",
             inputs={"always_share": "always_active_share_band", "always_bytes": "bytes_per_param_fp8",
                     "routed_bytes": "bytes_per_param_fp4"})


# --- routing patterns ------------------------------------------------------------------------------------

def expert_expansion(experts_total: Experts, experts_active: Experts) -> Ratio:
    return experts_total / experts_active


for _model in CALIBRATION_MODELS:
    registry.add(f"expert_expansion_{_model}", expert_expansion,
                 description=f"Total routed experts per active routed expert in {{{_model}}}",
                 inputs={"experts_total": f"experts_total_{_model}", "experts_active": f"experts_active_{_model}"},
                 model=_model)


# Open designs disclosed after the estimate, sparser than Kimi K2's: their expansion, and what it would make of
# Opus 4.6's total (the estimate's own patterns stop at Kimi K2).
LATER_DESIGNS = ("kimi_k3", "qwen3_5_397b")
for _model in LATER_DESIGNS:
    registry.add(f"expert_expansion_{_model}", expert_expansion,
                 description=f"Total routed experts per active routed expert in {{{_model}}}",
                 inputs={"experts_total": f"experts_total_{_model}", "experts_active": f"experts_active_{_model}"},
                 model=_model)


# --- the Claude models ---------------------------------------------------------------------------------

def weights_read_per_token(bandwidth: Bandwidth, decode_rate: TokenRate) -> BytesPerToken:
    return bandwidth / decode_rate


def active_params_at(weights: BytesPerToken, bytes_per_param: BytesPerParam, reads_per_token: ReadsPerToken) -> Params:
    return weights / (bytes_per_param * reads_per_token)


def total_params(active_params: Params, always_share: Share, expansion: Ratio) -> Params:
    return active_params * (always_share + (1 - always_share) * expansion)


def register_claude_chain(model: str, band: str, suffix: str = "", decode_rate: str = "") -> None:
    """Bytes per token, active parameters at each precision and totals under each routing pattern."""
    registry.add(f"weights_per_token_{model}{suffix}", weights_read_per_token,
                 description=f"Bytes {{{model}}} reads per generated token" + (" (the estimate's band)" if suffix else ""),
                 inputs={"bandwidth": band, "decode_rate": decode_rate or f"decode_rate_{model}"}, model=model)
    for precision, bytes_name in PRECISIONS.items():
        # FP4 experts: the bytes per parameter rest on Kimi K2's and DeepSeek's split, carried to Claude (tier 4)
        registry.add(f"active_params_{precision}_{model}{suffix}", active_params_at,
                     description=f"Active parameters of {{{model}}} if its weights are served as {PRECISION_NAMES[precision]}"
                     + (" (the estimate's band)" if suffix else ""),
                     inputs={"weights": f"weights_per_token_{model}{suffix}", "bytes_per_param": bytes_name,
                             "reads_per_token": "weight_reads_per_token"}, model=model, carried=precision == "mixed")
        for pattern, calibration in ROUTING_PATTERNS.items():
            registry.add(f"total_params_{precision}_{pattern}_{model}{suffix}", total_params,
                         description=f"Total parameters of {{{model}}} at {PRECISION_NAMES[precision]} with "
                         f"{{{calibration}}}-like routing"
                         + (" (the estimate's band)" if suffix else ""),
                         inputs={"active_params": f"active_params_{precision}_{model}{suffix}",
                                 "always_share": "always_active_share_band",
                                 "expansion": f"expert_expansion_{calibration}"}, model=model, carried=True)


for _model in CLAUDE_MODELS:
    register_claude_chain(_model, "bandwidth_band")
# The estimate's method with the routing of each design disclosed since: calc.derivations.designs.
# The reproduction of the March 2026 estimate: its band and its own decode rate, apart from current data.
register_claude_chain("opus_4_6", "source_bandwidth_band", "_source_band", "stated_decode_rate_opus_4_6")


# --- what it would take to reach the big claims -----------------------------------------------------

def expansion_needed(target_total: Params, active_params: Params, always_share: Share) -> Ratio:
    return (target_total / active_params - always_share) / (1 - always_share)


for _claim in ("claim_opus_5_total", "claim_opus_ten_trillion"):
    for _precision in ("fp8", "mixed"):
        registry.add(f"expansion_needed_{_precision}_opus_4_6_for_{_claim.removeprefix('claim_')}", expansion_needed,
                     description=f"Routing expansion {{opus_4_6}} would need at {PRECISION_NAMES[_precision]} to reach "
                     f"{CLAIM_NAMES[_claim]}",
                     inputs={"target_total": _claim, "active_params": f"active_params_{_precision}_opus_4_6",
                             "always_share": "always_active_share_band"}, model="opus_4_6", carried=True)


# --- speed ratios on the one platform -------------------------------------------------------------------

def speed_ratio(faster: TokenRate, slower: TokenRate) -> Ratio:
    return faster / slower


SPEED_PAIRS = (
    ("opus_4_5", "opus_4_0"), ("opus_4_5", "opus_4_1"), ("opus_4_6", "opus_4_0"), ("opus_4_6", "opus_4_1"), ("sonnet_4_6", "opus_4_6"),
    ("sonnet_4_5", "opus_4_5"), ("opus_4_6", "deepseek_v3_1"), ("opus_4_6", "glm_4_7"), ("opus_4_6", "kimi_k2_thinking"),
)
for _a, _b in SPEED_PAIRS:
    registry.add(f"speed_ratio_{_a}_vs_{_b}", speed_ratio,
                 description=f"Decode speed of {{{_a}}} relative to {{{_b}}} on the same platform",
                 inputs={"faster": f"decode_rate_{_a}", "slower": f"decode_rate_{_b}"})
