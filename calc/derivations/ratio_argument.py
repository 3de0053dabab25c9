"""The ratio argument: Grok 4.2 is "half of Sonnet and one-tenth of Opus", and Grok 4.2 is 0.5 T."""

from __future__ import annotations

from calc.derivation import Registry
from calc.units import Params, Ratio

registry = Registry("ratio_argument")


def implied_total(known_total: Params, known_share_of_other: Ratio) -> Params:
    return known_total / known_share_of_other


def inverse(share: Ratio) -> Ratio:
    return 1 / share


registry.add("implied_total_sonnet", implied_total,
             description="Claude Sonnet's total parameters implied by the X post's ratio and Grok 4.2's size",
             inputs={"known_total": "params_grok_4_2", "known_share_of_other": "grok_share_of_sonnet"})
registry.add("implied_total_opus", implied_total,
             description="Claude Opus's total parameters implied by the X post's ratio and Grok 4.2's size",
             inputs={"known_total": "params_grok_4_2", "known_share_of_other": "grok_share_of_opus"})
registry.add("implied_multiple_opus_vs_grok", inverse,
             description="How many times Grok 4.2's size the X post makes Claude Opus",
             inputs={"share": "grok_share_of_opus"})
registry.add("implied_multiple_sonnet_vs_grok", inverse,
             description="How many times Grok 4.2's size the X post makes Claude Sonnet",
             inputs={"share": "grok_share_of_sonnet"})
