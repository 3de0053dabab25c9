"""Results of the routing simulation, as named quantities so that prose and captions can cite them.

The simulation itself (calc/charts/routing.py) is ours and illustrative; its settings are the sim_* data of its
own source (routing_simulation), so its results carry that source and tier, not the draft's. The number of
busiest experts it reports on (sim_busiest_experts) is chosen to match the stress test's range.
"""

from __future__ import annotations

from calc.charts.routing import simulated_busiest_share
from calc.derivation import Registry
from calc.units import Count, Experts, Share, Tokens

registry = Registry("protocol")

SETTINGS = {"experts": "sim_experts", "per_token": "sim_experts_per_token", "tokens": "sim_tokens",
            "seed": "sim_seed", "skew": "sim_router_skew", "strength": "sim_balance_strength",
            "rounds": "sim_balance_rounds", "dimensions": "sim_token_dimensions", "batch": "sim_balance_batch",
            "busiest": "sim_busiest_experts"}


def busiest_share_unbalanced(experts: Experts, per_token: Experts, tokens: Tokens, seed: Count, skew: Count,
                             strength: Count, rounds: Count, dimensions: Count, batch: Tokens,
                             busiest: Experts) -> Share:
    return simulated_busiest_share(experts, per_token, tokens, seed, skew, strength, rounds, dimensions, batch,
                                   busiest, False)


def busiest_share_balanced(experts: Experts, per_token: Experts, tokens: Tokens, seed: Count, skew: Count,
                           strength: Count, rounds: Count, dimensions: Count, batch: Tokens, busiest: Experts) -> Share:
    return simulated_busiest_share(experts, per_token, tokens, seed, skew, strength, rounds, dimensions, batch,
                                   busiest, True)


registry.add("sim_busiest_share_unbalanced", busiest_share_unbalanced, inputs=SETTINGS,
             description="Simulated share of activations taken by the busiest few experts, without load balancing")
registry.add("sim_busiest_share_balanced", busiest_share_balanced, inputs=SETTINGS,
             description="Simulated share of activations taken by the busiest few experts, after load balancing")
