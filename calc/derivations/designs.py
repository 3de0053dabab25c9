"""Disclosed mixture-of-experts designs, each applied whole to Claude Opus 4.6.

A design in data/ is a model with its own total and active parameters (``design_total_params_<id>``, and
``design_active_params_<id>`` or ``active_params_<id>``) and its own routing (``experts_total_<id>``,
``experts_active_<id>``: routed experts per MoE layer and per token). From those figures alone:

- its total-to-active ratio, T / A;
- its always-active share s (attention, shared experts, dense layers, embeddings: what every token reads),
  ``always_active_share_<id>``, from its configuration where the data give one (the throughput method's counts, or
  the MoE layer count, width and expert width as ``design_moe_layers_<id>``, ``design_expert_input_width_<id>`` and
  ``design_expert_width_<id>``), otherwise implied by its own T / A and routing, s = (E − T/A) / (E − 1);
- its multiplier s + (1 − s) × E, which for a design whose every MoE layer has the same routing is its own
  T / A again (data/expectations.yaml checks the two agree where the configuration gives s).

"Opus 4.6 built like D" (``opus_4_6_total_<precision>_built_like_<id>``) multiplies Opus 4.6's active parameters (from its decode speed, at each weight
precision) by D's own multiplier, with D's own share setting the bytes per parameter when the experts are FP4.
That is one design applied whole: its split, its expansion and its layer pattern together. It is still a figure
carried from one model to another, so it is tier 4 by the rules (calc.derivation: ``carried``).

The March 2026 estimate's method instead pairs its own split range (Kimi K2's to DeepSeek's share) with one
design's routing; with each served design's routing it gives ``total_params_<precision>_<id>_like_opus_4_6``.
That combination describes no design anyone built, and the prose names it as the estimate's method.
"""

from __future__ import annotations

from dataclasses import dataclass

from calc.derivation import Registry
from calc.derivations.throughput import (CLAIM_NAMES, CLAUDE_MODELS, PRECISION_NAMES, PRECISIONS, ROUTING_PATTERNS,
                                         active_params_at, expert_expansion, mixed_bytes_per_param,
                                         routed_active_params, total_params)
from calc.units import Params, Ratio, Share

TARGET = "opus_4_6"  # the Claude model whose decode speed the designs are applied to
assert TARGET in CLAUDE_MODELS


def total_to_active(total: Params, active: Params) -> Ratio:
    return total / active


def implied_always_active_share(expansion: Ratio, total_per_active: Ratio) -> Share:
    return (total_per_active - expansion) / (1 - expansion)


def share_outside(part: Params, whole: Params) -> Share:
    return 1 - part / whole


def design_multiplier(always_share: Share, expansion: Ratio) -> Ratio:
    return always_share + (1 - always_share) * expansion


@dataclass(frozen=True)
class Design:
    """The names one design's figures go by in data/ and in the derivations."""

    id: str
    total: str
    active: str
    research: bool



def designs_in(known: set[str], models: dict) -> list[Design]:
    """Every model the data give a total, an active count and a routing, in the order of data/models.yaml."""
    found = []
    for model in models:
        active = next((n for n in (f"design_active_params_{model}", f"active_params_{model}") if n in known), None)
        if active and {f"design_total_params_{model}", f"experts_total_{model}", f"experts_active_{model}"} <= known:
            found.append(Design(model, f"design_total_params_{model}", active,
                                bool(getattr(models[model], "research", False))))
    return found


def register(known: set[str], models: dict) -> tuple[list, list[Design]]:
    """The whole-design figures (and the estimate's method with each served design's routing) for every design.

    Four catalogue pages: each design's own ratios ("designs-derived"), Opus 4.6 built like each, its weights
    at BF16 or FP8 ("designs-applied") or with FP4 experts ("designs-applied-narrow", too many for one page), and
    the estimate's method with each routing ("designs-grafted").
    """
    own, grafted = Registry("designs-derived"), Registry("designs-grafted")
    wide, narrow = Registry("designs-applied"), Registry("designs-applied-narrow")
    applied_at = {"bf16": wide, "fp8": wide, "mixed": narrow, "fp4": narrow}
    designs = designs_in(known, models)
    for design in designs:
        d = design.id
        if f"expert_expansion_{d}" not in known:
            own.add(f"expert_expansion_{d}", expert_expansion, model=d,
                    description=f"Total routed experts per active routed expert in {{{d}}}",
                    inputs={"experts_total": f"experts_total_{d}", "experts_active": f"experts_active_{d}"})
        if design.active != f"design_active_params_{d}":
            own.add(f"design_active_params_{d}", _same_count, model=d,
                    description=f"{{{d}}}'s active parameters per token, as the site counts them elsewhere",
                    inputs={"params": design.active})
        own.add(f"design_total_to_active_{d}", total_to_active, model=d,
                description=f"{{{d}}}'s total parameters per active parameter, from its own two counts",
                inputs={"total": design.total, "active": design.active})
        config = (f"design_moe_layers_{d}", f"design_expert_input_width_{d}", f"design_expert_width_{d}")
        if f"always_active_share_{d}" not in known and set(config) <= known:
            own.add(f"design_routed_active_params_{d}", routed_active_params, model=d,
                    description=f"{{{d}}}'s routed-expert parameters read per token, from its configuration",
                    inputs={"moe_layer_count": config[0], "experts_per_token": f"experts_active_{d}",
                            "hidden_size": config[1], "expert_width": config[2],
                            "params_per_cell": "gated_expert_params_per_cell"})
            own.add(f"always_active_share_{d}", share_outside, model=d,
                    description=f"Share of {{{d}}}'s active parameters that every token uses, from its configuration",
                    inputs={"part": f"design_routed_active_params_{d}", "whole": design.active})
        elif f"always_active_share_{d}" not in known:
            own.add(f"always_active_share_{d}", implied_always_active_share, model=d,
                    description=f"Share of {{{d}}}'s active parameters that every token uses, as its own total, active "
                    "count and routing imply (its configuration's widths are not in the data)",
                    inputs={"expansion": f"expert_expansion_{d}", "total_per_active": f"design_total_to_active_{d}"})
        share = f"always_active_share_{d}"
        own.add(f"design_multiplier_{d}", design_multiplier, model=d,
                description=f"Total per active parameter of {{{d}}}: its always-active share plus its routed "
                "share times its expansion",
                inputs={"always_share": share, "expansion": f"expert_expansion_{d}"})
        own.add(f"bytes_per_active_param_mixed_as_{d}", mixed_bytes_per_param, model=d,
                description=f"Bytes per active parameter with FP8 always-active weights and FP4 routed experts, "
                f"split as {{{d}}} is",
                inputs={"always_share": share, "always_bytes": "bytes_per_param_fp8",
                        "routed_bytes": "bytes_per_param_fp4"})
        narrow.add(f"{TARGET}_active_mixed_built_like_{d}", active_params_at, model=TARGET, carried=True,
                    description=f"Active parameters of {{{TARGET}}} with FP4 experts, split as {{{d}}} is",
                    inputs={"weights": f"weights_per_token_{TARGET}", "bytes_per_param": f"bytes_per_active_param_mixed_as_{d}",
                            "reads_per_token": "weight_reads_per_token"})
        for precision in PRECISIONS:
            active = (f"{TARGET}_active_mixed_built_like_{d}" if precision == "mixed"
                      else f"active_params_{precision}_{TARGET}")
            applied_at[precision].add(f"{TARGET}_total_{precision}_built_like_{d}", total_params, model=TARGET, carried=True,
                        description=f"Total parameters of {{{TARGET}}} built like {{{d}}} (its own split, expansion "
                        f"and layer pattern), weights served as {PRECISION_NAMES[precision]}",
                        inputs={"active_params": active, "always_share": share,
                                "expansion": f"expert_expansion_{d}"})
            graft = f"total_params_{precision}_{d}_like_{TARGET}"
            if design.research or d in ROUTING_PATTERNS.values() or graft in known:
                continue
            grafted.add(graft, total_params, model=TARGET, carried=True,
                        description=f"Total parameters of {{{TARGET}}} by the estimate's method (its split range) with "
                        f"{{{d}}}'s routing, weights served as {PRECISION_NAMES[precision]}",
                        inputs={"active_params": f"active_params_{precision}_{TARGET}",
                                "always_share": "always_active_share_band", "expansion": f"expert_expansion_{d}"})
    for claim in ("claim_opus_5_total", "claim_opus_ten_trillion"):
        for precision in ("fp8", "mixed", "fp4"):
            applied_at[precision].add(f"multiplier_needed_{precision}_{TARGET}_for_{claim.removeprefix('claim_')}", needed_multiplier,
                        model=TARGET, description=f"Total per active parameter {{{TARGET}}} would need at "
                        f"{PRECISION_NAMES[precision]} to reach {CLAIM_NAMES[claim]}",
                        inputs={"target_total": claim, "active_params": f"active_params_{precision}_{TARGET}"})
    return own.derivations + wide.derivations + narrow.derivations + grafted.derivations, designs


def _same_count(params: Params) -> Params:
    return params


def needed_multiplier(target_total: Params, active_params: Params) -> Ratio:
    return target_total / active_params


