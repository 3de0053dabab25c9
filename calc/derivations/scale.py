"""Scale multiples between models, and what the mixture-of-experts readings of the claim imply."""

from __future__ import annotations

from calc.derivation import Registry
from calc.units import Bytes, BytesPerParam, Experts, Params, ParamsPerExpert, Ratio, Share

registry = Registry("scale")


def scale_multiple(larger: Params, smaller: Params) -> Ratio:
    return larger / smaller


def active_share(active: Params, total: Params) -> Share:
    return active / total


def layout_total(expert_size: ParamsPerExpert, experts: Experts) -> Params:
    return expert_size * experts


def experts_share(experts_active: Experts, experts: Experts) -> Share:
    return experts_active / experts


MULTIPLES = {  # name → (larger, smaller, description)
    "scale_gpt_2_to_gpt_3": ("params_gpt_3", "params_gpt_2", "How many times {gpt_2}'s size {gpt_3} is"),
    "scale_gpt_3_to_opus_5_claim": ("claim_opus_5_total", "params_gpt_3",
                                    "How many times {gpt_3}'s size the claimed {opus_5} total is"),
    "scale_gpt_4_semafor_to_opus_5_claim": ("claim_opus_5_total", "total_params_gpt_4_semafor",
                                            "How many times the rumoured {gpt_4} total the claimed {opus_5} total is"),
    "ratio_gpt_4_semafor_stated_to_reported": (
        "stated_total_params_gpt_4_semafor", "total_params_gpt_4_semafor",
        "How many times Semafor's reported {gpt_4} total the draft's attribution to Semafor is"),
    "scale_gpt_4_gemini_band_to_opus_5_claim": (
        "claim_opus_5_total", "total_params_gpt_4_gemini_band",
        "How many times the {gpt_4} and {gemini_ultra} estimates the claimed {opus_5} total is"),
    "scale_opus_5_claim_to_mythos_claim": ("claim_mythos_total", "claim_opus_5_total",
                                           "How many times the claimed {opus_5} total the inferred {mythos} total is"),
    "scale_opus_4_6_deepseek_like_to_opus_5_claim": (
        "claim_opus_5_total", "total_params_fp8_deepseek_like_opus_4_6",
        "How many times the throughput estimate of {opus_4_6} (FP8, DeepSeek-like) the claimed {opus_5} total is"),
    "scale_opus_4_6_active_vs_deepseek": (
        "active_params_fp8_opus_4_6", "active_params_deepseek_v3_1",
        "{opus_4_6}'s active parameters at FP8 as a multiple of {deepseek_v3_1}'s"),
    "scale_opus_4_1_vs_opus_4_6_active": (
        "active_params_fp8_opus_4_1", "active_params_fp8_opus_4_6",
        "{opus_4_1}'s active parameters as a multiple of {opus_4_6}'s, both at FP8 on the same platform"),
    "scale_opus_4_6_vs_sonnet_4_6_active": (
        "active_params_fp8_opus_4_6", "active_params_fp8_sonnet_4_6",
        "{opus_4_6}'s active parameters as a multiple of {sonnet_4_6}'s, both at FP8 on the same platform"),
    "cost_opus_5_active_vs_dense_trillion": (
        "claim_opus_5_active", "params_dense_reference",
        "The claimed {opus_5} active parameters as a multiple of a dense model of the reference size"),
}
for _name, (_larger, _smaller, _description) in MULTIPLES.items():
    registry.add(_name, scale_multiple, description=_description, inputs={"larger": _larger, "smaller": _smaller})

SHARES = {  # name → (active, total, description)
    "active_share_opus_5_claim_table": ("claim_opus_5_active", "claim_opus_5_total",
                                        "Share of the claimed {opus_5} total its claimed active parameters make up"),
    "active_share_mythos_claim": ("claim_mythos_active", "claim_mythos_total",
                                  "Share of the inferred {mythos} total its estimated active parameters make up"),
    "active_share_many_small_reading": ("active_params_opus_ainews", "total_params_many_small_reading",
                                        "Share of the many-small-experts layout that the estimated active "
                                        "parameters make up"),
    "active_share_deepseek_v3_1": ("active_params_deepseek_v3_1", "design_total_params_deepseek_v3_1",
                                   "Share of {deepseek_v3_1}'s parameters active per token"),
    "active_share_mixtral": ("design_active_params_mixtral_8x7b", "design_total_params_mixtral_8x7b",
                             "Share of {mixtral_8x7b}'s parameters active per token"),
}
for _name, (_active, _total, _description) in SHARES.items():
    registry.add(_name, active_share, description=_description, inputs={"active": _active, "total": _total})

registry.add("total_params_ten_expert_reading", layout_total,
             description="Total parameters of the \"0.5T × 10\" reading: expert size times expert count",
             inputs={"expert_size": "claim_opus_5_expert_size", "experts": "claim_opus_5_expert_count"})
registry.add("active_params_ten_expert_reading", layout_total,
             description="Active parameters of the \"0.5T × 10\" reading: expert size times experts picked",
             inputs={"expert_size": "claim_opus_5_expert_size", "experts": "claim_opus_5_experts_active"})
registry.add("active_share_ten_expert_reading", experts_share,
             description="Share of the \"0.5T × 10\" reading active per query: experts picked over experts",
             inputs={"experts_active": "claim_opus_5_experts_active", "experts": "claim_opus_5_expert_count"})
registry.add("total_params_many_small_reading", layout_total,
             description="Total parameters of AINews's many-small-experts layout: expert size times expert count",
             inputs={"expert_size": "expert_size_many_small_reading", "experts": "experts_many_small_reading"})


def memory_to_hold(total: Params, bytes_per_param: BytesPerParam) -> Bytes:
    return total * bytes_per_param


registry.add("memory_to_hold_opus_5_claim_fp8", memory_to_hold,
             description="Memory needed just to hold the claimed {opus_5} weights at FP8, experts included",
             inputs={"total": "claim_opus_5_total", "bytes_per_param": "bytes_per_param_fp8"})
registry.add("memory_to_hold_opus_4_6_fp8_deepseek_like", memory_to_hold,
             description="Memory needed to hold {opus_4_6}'s weights at FP8 (DeepSeek-like routing estimate)",
             inputs={"total": "total_params_fp8_deepseek_like_opus_4_6", "bytes_per_param": "bytes_per_param_fp8"})
