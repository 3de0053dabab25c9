"""A small seeded simulation of top-k expert routing, with and without load balancing, and its named results.

The simulation is ours and illustrative: its settings are the sim_* data of its own
source (routing_simulation), so its results carry that source and tier, not the draft's. It shows
what the draft review's stress test looks for (a few experts taking most activations) and what load balancing
does to it. It says nothing about any real model. The number of busiest experts it reports on is the stress
test's own range. The routing chart (calc/charts/routing.py) draws what ``simulate`` returns.

Model: token vectors are standard normal; a router of random weights scores every expert, plus a per-expert
bias drawn with standard deviation ``sim_router_skew`` (an unbalanced router that favours a few experts).
Each token goes to its top-k experts. "With balancing" first adjusts the per-expert biases for
``sim_balance_rounds`` rounds, bias -= strength × (load share − 1/E) × E (bias-only balancing, as in
auxiliary-loss-free load balancing), then routes the same tokens.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

import numpy as np

from calc.derivation import Registry
from calc.units import Count, Experts, Share, Tokens

registry = Registry("protocol")

SETTINGS = {"experts": "sim_experts", "per_token": "sim_experts_per_token", "tokens": "sim_tokens",
            "seed": "sim_seed", "skew": "sim_router_skew", "strength": "sim_balance_strength",
            "rounds": "sim_balance_rounds", "dimensions": "sim_token_dimensions", "batch": "sim_balance_batch"}
RUNS = ("unbalanced", "balanced")


@lru_cache(maxsize=8)
def _run(experts: int, per_token: int, tokens: int, seed: int, skew: float, strength: float,
         rounds: int, dimensions: int, batch: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Each expert's share of activations (in expert order), without and with balancing."""
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((tokens, dimensions))
    weights = rng.standard_normal((dimensions, experts)) / np.sqrt(dimensions)
    bias = rng.normal(0.0, skew, experts)
    scores = vectors @ weights

    def shares(offset: np.ndarray, sample: np.ndarray = scores) -> np.ndarray:
        chosen = np.argpartition(-(sample + offset), per_token - 1, axis=1)[:, :per_token]
        return np.bincount(chosen.ravel(), minlength=experts) / (len(sample) * per_token)

    unbalanced = shares(bias)
    balanced_bias = bias.copy()
    sample = scores[:batch]  # the correction is learned on one batch, then measured on every token
    for _round in range(rounds):
        balanced_bias -= strength * (shares(balanced_bias, sample) - 1.0 / experts) * experts
    balanced = shares(balanced_bias)
    return tuple(float(s) for s in unbalanced), tuple(float(s) for s in balanced)


def _magnitude(quantity: Any) -> Any:
    return getattr(quantity, "magnitude", quantity)


def _runs(settings: Mapping[str, Any]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The two runs for settings keyed as in SETTINGS (plain numbers or single-valued pint quantities)."""
    whole = {key: int(np.asarray(_magnitude(settings[key])).item())
             for key in ("experts", "per_token", "tokens", "seed", "rounds", "dimensions", "batch")}
    real = {key: float(np.asarray(_magnitude(settings[key])).item()) for key in ("skew", "strength")}
    return _run(whole["experts"], whole["per_token"], whole["tokens"], whole["seed"], real["skew"],
                real["strength"], whole["rounds"], whole["dimensions"], whole["batch"])


def simulate(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Each run's per-expert share of activations (expert order, summing to 1), the same shares sorted from
    largest, and the cumulative share of the top n experts; settings keyed as in SETTINGS."""
    result: dict[str, Any] = {"experts": int(np.asarray(_magnitude(settings["experts"])).item())}
    for run, shares in zip(RUNS, _runs(settings)):
        ordered = sorted(shares, reverse=True)
        result[run] = list(shares)
        result[f"{run}_sorted"] = ordered
        result[f"{run}_cumulative"] = [float(x) for x in np.cumsum(ordered)]
    return result


def simulated_busiest_share(experts: Any, per_token: Any, tokens: Any, seed: Any, skew: Any, strength: Any,
                            rounds: Any, dimensions: Any, batch: Any, busiest: Any, balanced: bool) -> Any:
    """The share of activations the ``busiest`` most-used experts take, in one run of the simulation.

    Takes pint quantities (as a derivation receives them); ``busiest`` may be an array (the engine evaluates a
    range at its corners), the settings are single values.
    """
    settings = dict(experts=experts, per_token=per_token, tokens=tokens, seed=seed, skew=skew, strength=strength,
                    rounds=rounds, dimensions=dimensions, batch=batch)
    cumulative = np.cumsum(sorted(_runs(settings)[1 if balanced else 0], reverse=True))
    counts = np.floor(np.asarray(_magnitude(busiest), dtype=float)).astype(int)
    return cumulative[np.clip(counts, 1, len(cumulative)) - 1]


def busiest_share_unbalanced(experts: Experts, per_token: Experts, tokens: Tokens, seed: Count, skew: Count,
                             strength: Count, rounds: Count, dimensions: Count, batch: Tokens,
                             busiest: Experts) -> Share:
    return simulated_busiest_share(experts, per_token, tokens, seed, skew, strength, rounds, dimensions, batch,
                                   busiest, False)


def busiest_share_balanced(experts: Experts, per_token: Experts, tokens: Tokens, seed: Count, skew: Count,
                           strength: Count, rounds: Count, dimensions: Count, batch: Tokens, busiest: Experts) -> Share:
    return simulated_busiest_share(experts, per_token, tokens, seed, skew, strength, rounds, dimensions, batch,
                                   busiest, True)


INPUTS = {**SETTINGS, "busiest": "sim_busiest_experts"}
registry.add("sim_busiest_share_unbalanced", busiest_share_unbalanced, inputs=INPUTS,
             description="Simulated share of activations taken by the busiest few experts, without load balancing")
registry.add("sim_busiest_share_balanced", busiest_share_balanced, inputs=INPUTS,
             description="Simulated share of activations taken by the busiest few experts, after load balancing")
