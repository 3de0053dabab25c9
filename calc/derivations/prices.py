"""Price ratios: each price as a multiple (or a share) of another."""

from __future__ import annotations

from calc.derivation import Registry
from calc.units import Price, Ratio

registry = Registry("prices")


def price_ratio(price: Price, reference: Price) -> Ratio:
    return price / reference


PAIRS = {  # name → (price, reference, what the ratio says)
    "price_ratio_input_opus_4_6_vs_opus_4_1": (
        "price_input_opus_4_6", "price_input_opus_4_1", "{opus_4_6}'s input price as a share of {opus_4_1}'s"),
    "price_ratio_output_opus_4_6_vs_opus_4_1": (
        "price_output_opus_4_6", "price_output_opus_4_1", "{opus_4_6}'s output price as a share of {opus_4_1}'s"),
    "price_ratio_input_sonnet_vs_opus_4_6": (
        "price_input_sonnet_4_6", "price_input_opus_4_6", "{sonnet_4_6}'s input price as a share of {opus_4_6}'s"),
    "price_ratio_output_sonnet_vs_opus_4_6": (
        "price_output_sonnet_4_6", "price_output_opus_4_6", "{sonnet_4_6}'s output price as a share of {opus_4_6}'s"),
    "price_ratio_input_mythos_vs_opus_4_6": (
        "price_input_mythos", "price_input_opus_4_6", "{mythos}'s reported input price as a multiple of {opus_4_6}'s"),
    "price_ratio_output_mythos_vs_opus_4_6": (
        "price_output_mythos", "price_output_opus_4_6",
        "{mythos}'s reported output price as a multiple of {opus_4_6}'s"),
    "price_ratio_input_stated_mythos_vs_opus_4_6": (
        "stated_price_input_mythos", "price_input_opus_4_6",
        "The {mythos} input price the draft reports as a multiple of {opus_4_6}'s"),
    "price_ratio_output_stated_mythos_vs_opus_4_6": (
        "stated_price_output_mythos", "price_output_opus_4_6",
        "The {mythos} output price the draft reports as a multiple of {opus_4_6}'s"),
    "price_ratio_input_opus_5_vs_opus_4_6": (
        "price_input_opus_5", "price_input_opus_4_6", "{opus_5}'s input price at release as a multiple of {opus_4_6}'s"),
    "price_ratio_output_opus_5_vs_opus_4_6": (
        "price_output_opus_5", "price_output_opus_4_6",
        "{opus_5}'s output price at release as a multiple of {opus_4_6}'s"),
    "price_ratio_input_opus_5_speculative_vs_opus_5": (
        "price_input_opus_5_speculative", "price_input_opus_5",
        "The draft's guess at {opus_5}'s input price as a multiple of its price at release"),
    "price_ratio_input_opus_5_speculative_vs_opus_4_6": (
        "price_input_opus_5_speculative", "price_input_opus_4_6",
        "The speculative {opus_5} input price as a multiple of {opus_4_6}'s"),
    "price_ratio_input_opus_5_speculative_vs_opus_4_1": (
        "price_input_opus_5_speculative", "price_input_opus_4_1",
        "The speculative {opus_5} input price as a multiple of {opus_4_1}'s"),
}

for _name, (_price, _reference, _description) in PAIRS.items():
    registry.add(_name, price_ratio, description=_description, inputs={"price": _price, "reference": _reference})
