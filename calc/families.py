"""Scenario families: the figures that one estimate gives under every assumption the site presents.

The throughput method gives a Claude model's total under each weight precision × routing pattern; a sentence
about "what the method shows" must hold over all of them, or name its scenario. A family is a quantity like
any other (an envelope: from the smallest to the largest of its members, with the weakest tier among them), so a
template names its whole range (``{{ q.totals_opus_4_6 }}``) and a claim bounds it (``max(totals_opus_4_6)``).

Members are found by name in what data/ and the derivations define, so a model added to data/ joins the
families it belongs to without code changes: an open model with ``experts_total_<id>`` and
``experts_active_<id>`` gets its routing expansion, and joins ``expert_expansions``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
import re
from itertools import product
from typing import Iterable

from calc.derivation import Derivation, Registry
from calc.derivations.designs import register as register_designs
from calc.derivations.throughput import expert_expansion
from calc.units import PARAMS, RATIO, Kind

ESTIMATE_PRECISIONS = ("bf16", "fp8", "mixed")  # the weight precisions the March 2026 estimate considers
PRECISIONS = ESTIMATE_PRECISIONS + ("fp4",)  # …and every weight at FP4, as open MoE checkpoints are also served
ROUTINGS = ("glm_like", "deepseek_like", "kimi_like")  # the March 2026 estimate's patterns: totals_<model>
# Routing patterns added since (any total_params_<precision>_<x>_like_<model>) join totals_every_routing_<model>.


@dataclass(frozen=True)
class Family:
    name: str
    description: str
    members: tuple[str, ...]
    kind: Kind
    model: str | None = None


def _scenario_families(model: str, known: set[str], suffix: str = "") -> list[Family]:
    totals = tuple(n for p, r in product(ESTIMATE_PRECISIONS, ROUTINGS)
                   if (n := f"total_params_{p}_{r}_{model}{suffix}") in known)
    every_precision = tuple(n for p, r in product(PRECISIONS, ROUTINGS)
                            if (n := f"total_params_{p}_{r}_{model}{suffix}") in known)
    plausible = tuple(n for p, r in product(("fp8", "mixed"), ROUTINGS)
                      if (n := f"total_params_{p}_{r}_{model}{suffix}") in known)
    active = tuple(n for p in PRECISIONS if (n := f"active_params_{p}_{model}{suffix}") in known)
    pattern = re.compile(rf"total_params_(?:{'|'.join(ESTIMATE_PRECISIONS)})_\w+?_like_{model}{suffix}$")
    every_routing = tuple(sorted((n for n in known if pattern.match(n)), key=lambda n: (n not in totals, n)))
    band = " (the estimate's band)" if suffix else ""
    found = []
    if totals:
        found.append(Family(f"totals_{model}{suffix}", f"Total parameters of {{{model}}} over every weight precision "
                            f"and routing pattern the March 2026 throughput estimate considers{band}", totals, PARAMS, model))
    if len(every_precision) > len(totals) and model == "opus_4_6" and not suffix:  # each family is an axis (calc.evaluation)
        found.append(Family(f"totals_every_precision_{model}{suffix}", f"Total parameters of {{{model}}} over every "
                            f"weight precision, FP4 throughout included, and every routing pattern the March 2026 "
                            f"throughput estimate considers{band}", every_precision, PARAMS, model))
    if plausible:
        found.append(Family(f"totals_fp8_or_fp4_{model}{suffix}", f"Total parameters of {{{model}}} with FP8 weights "
                            f"or FP4 experts, over every routing pattern the March 2026 throughput estimate considers{band}", plausible, PARAMS, model))
    if len(every_routing) > len(totals):
        found.append(Family(f"totals_every_routing_{model}{suffix}", f"Total parameters of {{{model}}} over every "
                            f"weight precision the estimate considers and every routing pattern in the data, including open designs "
                            f"disclosed since the estimate{band}", every_routing, PARAMS, model))
    if active:
        found.append(Family(f"active_params_any_precision_{model}{suffix}", f"Active parameters of {{{model}}} over every weight "
                            f"precision: BF16, FP8, FP4 experts and FP4 throughout{band}", active, PARAMS, model))
    return found


def _design_families(designs: list, known: set[str], models: list[str], table: dict) -> list[Family]:
    """Families over the disclosed designs: their routings, their multipliers, and Opus 4.6 built like each."""
    def research(model: str) -> bool:
        return bool(getattr(table.get(model), "research", False))

    found: list[Family] = []
    expansions = [m for m in models if f"expert_expansion_{m}" in known]
    served = [m for m in expansions if not research(m)]
    for name, members, scope in (("expert_expansions", expansions, "every mixture-of-experts design in the data, "
                                  "research designs included"),
                                 ("expert_expansions_served", served, "every mixture-of-experts design in the data "
                                  "that has been served at scale")):
        if members:
            found.append(Family(name, f"Routing expansion (routed experts per layer per routed expert a token uses) of "
                                f"{scope}", tuple(f"expert_expansion_{m}" for m in members), RATIO))
    whole = [d.id for d in designs if not d.research]
    lab = [d.id for d in designs if d.research]
    for name, ids, scope in (("design_multipliers", whole, "every design in the data served at scale"),
                             ("design_multipliers_research", lab, "every research design in the data never served at scale")):
        if ids:
            found.append(Family(name, f"Total per active parameter (its own split and expansion together) of {scope}",
                                tuple(f"design_multiplier_{d}" for d in ids), RATIO))
    target = "opus_4_6"
    for name, ids, precisions, scope in (
            (f"whole_design_totals_{target}", whole, PRECISIONS, "every weight precision, FP4 throughout included"),
            (f"whole_design_totals_fp8_{target}", whole, ("fp8",), "FP8 weights"),
            # each family is an axis of the evaluation (calc.evaluation, MAX_RANGED a quantity): only those the pages use
            (f"whole_design_totals_fp4_{target}", whole, ("fp4",), "every weight at FP4"),
            (f"whole_design_totals_estimates_precisions_{target}", whole, ESTIMATE_PRECISIONS,
             "the weight precisions the March 2026 estimate considers (BF16, FP8, FP4 experts)"),
            (f"whole_design_totals_research_{target}", lab, ("fp8", "mixed", "fp4"), "FP8 weights or FP4 experts or throughout")):
        members = tuple(n for d in ids for p in precisions if (n := f"{target}_total_{p}_built_like_{d}") in known)
        if members:
            research_words = "research design never served at scale" if "research" in name else "design served at scale"
            found.append(Family(name, f"Total parameters of {{{target}}} built like each {research_words} in the data "
                                f"(each design's own split, expansion and layer pattern), {scope}", members, PARAMS,
                                target))
    return found


def extend(derivations: Iterable[Derivation], leaves: set[str], models: Iterable[str]) -> tuple[list[Derivation],
                                                                                               dict[str, tuple[str, ...]]]:
    """The derivations with the routing expansions data/ calls for and an envelope for every family added."""
    registry = Registry("families")
    derivations = list(derivations)
    known = leaves | {d.name for d in derivations}
    model_table = models if isinstance(models, dict) else dict.fromkeys(models)
    models = list(models)
    for model in models:
        name = f"expert_expansion_{model}"
        if name not in known and {f"experts_total_{model}", f"experts_active_{model}"} <= leaves:
            registry.add(name, expert_expansion, model=model,
                         description=f"Total routed experts per active routed expert in {{{model}}}",
                         inputs={"experts_total": f"experts_total_{model}",
                                 "experts_active": f"experts_active_{model}"})
    known |= {d.name for d in registry.derivations}
    design_derivations, designs = register_designs(known, model_table)
    known |= {d.name for d in design_derivations}
    families: list[Family] = []
    for model in models:
        families += _scenario_families(model, known) + _scenario_families(model, known, "_source_band")
    families += _design_families(designs, known, models, model_table)
    for family in families:
        if family.name in known:
            continue  # a name the data or a derivation already uses keeps its meaning
        registry.envelope(family.name, list(family.members), family.kind, description=family.description)
        registry.derivations[-1] = replace(registry.derivations[-1], model=family.model)
    return (derivations + design_derivations + registry.derivations,
            {f.name: f.members for f in families if f.name not in leaves})
