"""Chart: the routing simulation (calc/derivations/simulation.py), with and without load balancing.

The simulation is ours and illustrative; this module only draws what it returns, and says so in the title,
the caption and the alt text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from calc.charts.base import Chart
from calc.charts.text import computed, count, get, tier_phrase, value
from calc.derivations import simulation

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

    from calc.engine import Project

TITLE = "Simulation: how load balancing spreads tokens across experts"
SETTINGS = tuple(simulation.SETTINGS.values())
THRESHOLD = "stress_concentration_threshold"
FEW_EXPERTS = "sim_busiest_experts"
RUNS = simulation.RUNS
RUN_NAMES = {"unbalanced": "Without balancing", "balanced": "With balancing"}


def inputs(project: "Project") -> tuple[str, ...]:
    return SETTINGS + (THRESHOLD, FEW_EXPERTS, "sim_busiest_share_unbalanced", "sim_busiest_share_balanced")


def simulate(project: "Project") -> dict[str, Any]:
    """The simulation run on the project's sim_* settings (each must be a single value)."""
    settings = {}
    for key, name in simulation.SETTINGS.items():
        setting = get(project, name).value
        if not isinstance(setting, float):
            raise ValueError(f"the simulation needs a single value for '{name}', not a range")
        settings[key] = setting
    return simulation.simulate(settings)


def _share(name: str, share: float) -> Any:
    from calc.units import PERCENT

    return computed(name, share, PERCENT)


def _pct(share: float) -> str:
    from calc import fmt

    return fmt.percent(_share("share", share), 3)


def _watch(project: "Project") -> list[int]:
    """The expert counts the stress test watches: every whole number in its range (2 and 3)."""
    few = get(project, FEW_EXPERTS)
    return list(range(int(np.ceil(few.low)), int(np.floor(few.high)) + 1))


def figure(project: "Project") -> "Figure":
    from calc.charts import style
    from calc.units import EXPERTS

    colours = {"unbalanced": style.DARK_GREY, "balanced": style.SKY_BLUE}
    markers = {"unbalanced": "o", "balanced": "s"}
    with style.context():
        result = simulate(project)
        threshold, few = get(project, THRESHOLD), get(project, FEW_EXPERTS)
        experts = result["experts"]
        ranks = np.arange(1, experts + 1)
        fig, (left, right) = style.new_figure(TITLE, ncols=2, width_ratios=[1.25, 1.0])
        fig.subplots_adjust(left=0.075, right=0.975, top=0.79, bottom=0.14, wspace=0.28)

        # (a) each expert's share of activations, largest first
        width = 0.4
        for offset, run in zip((-width / 2, width / 2), RUNS):
            left.bar(ranks + offset, result[f"{run}_sorted"], width=width, color=colours[run], edgecolor=style.TEXT,
                     linewidth=0.5, label=RUN_NAMES[run], zorder=3)
        left.axhline(1.0 / experts, color=style.TEXT, linewidth=0.9, linestyle=(0, (1, 1.5)), zorder=4)
        left.annotate(f"Even share {_pct(1.0 / experts)}", (experts + 0.5, 1.0 / experts), xytext=(0, 3),
                      textcoords="offset points", ha="right", va="bottom", fontsize=style.LABEL_SIZE)
        left.set_xlim(0.4, experts + 0.6)
        left.set_ylim(0, max(result["unbalanced_sorted"] + result["balanced_sorted"]) * 1.12)
        left.set_xticks(ranks)
        left.xaxis.set_major_formatter(style.count_ticks(EXPERTS))
        left.yaxis.set_major_formatter(style.percent_ticks())
        left.set_xlabel("Experts, from the busiest to the least used", fontsize=style.LABEL_SIZE)
        left.set_ylabel("Share of activations")
        left.set_title("(a) Each expert's share", loc="left", fontsize=10)
        style.grid(left, "y")
        left.tick_params(axis="x", labelsize=style.LABEL_SIZE - 0.5, length=0)
        left.legend(loc="upper right", bbox_to_anchor=(1.0, 0.93), fontsize=style.LABEL_SIZE)

        # (b) cumulative share of the busiest n experts, against the stress test's threshold
        shown = max(6, int(np.ceil(few.high)) + 3)
        right.axvspan(few.low - 0.5, few.high + 0.5, color=style.TIER_COLOURS[few.tier], alpha=0.18, linewidth=0,
                      zorder=1)
        right.axhline(threshold.value, color=style.TIER_COLOURS[threshold.tier], linewidth=1.8,
                      linestyle=(0, (5, 2)), zorder=2)
        right.annotate(f"Stress-test threshold {value(threshold)}", (shown + 0.4, threshold.value),
                       xytext=(0, -3), textcoords="offset points", ha="right", va="top", fontsize=style.LABEL_SIZE)
        right.annotate(f"{value(few)} watched", ((few.low + few.high) / 2, 1.0), xytext=(0, -4),
                       textcoords="offset points", ha="center", va="top", fontsize=style.LABEL_SIZE)
        for run in RUNS:
            cumulative = result[f"{run}_cumulative"][:shown]
            right.plot(ranks[:shown], cumulative, color=colours[run], marker=markers[run], markersize=5,
                       markeredgecolor=style.TEXT, markeredgewidth=0.5, linewidth=1.6, zorder=4,
                       label=RUN_NAMES[run])
        # Both lines rise: the upper one is labelled above and to the left, the lower one below and to the right.
        for n in _watch(project):
            for run, (dx, dy) in zip(RUNS, ((-5, 5), (5, -5))):
                share = result[f"{run}_cumulative"][n - 1]
                right.annotate(_pct(share), (n, share), xytext=(dx, dy), textcoords="offset points",
                               ha="right" if dx < 0 else "left", va="bottom" if dy > 0 else "top",
                               fontsize=style.LABEL_SIZE, color=style.TEXT)
        right.set_xlim(0.5, shown + 0.5)
        right.set_ylim(0, 1.0)
        right.set_xticks(ranks[:shown])
        right.xaxis.set_major_formatter(style.count_ticks(EXPERTS))
        right.yaxis.set_major_formatter(style.percent_ticks())
        right.set_xlabel("Busiest experts counted", fontsize=style.LABEL_SIZE)
        right.set_ylabel("Their combined share")
        right.set_title("(b) Share taken by the busiest few", loc="left", fontsize=10)
        style.grid(right, "y")

        handles = [style.Line2D([], [], color=style.TIER_COLOURS[threshold.tier], linewidth=1.8,
                                linestyle=(0, (5, 2)),
                                label=f"Threshold and expert count: {style.tier_label(project, threshold.tier)}"),
                   style.Patch(facecolor="none", edgecolor="none",
                               label="Bars and lines: simulated, not measured on any model")]
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, 0.93), ncols=2, frameon=False,
                   fontsize=style.LABEL_SIZE, handlelength=2.2)
        return fig


SHARES = {"unbalanced": "sim_busiest_share_unbalanced", "balanced": "sim_busiest_share_balanced"}


def _summary(project: "Project", result: dict[str, Any]) -> dict[str, str]:
    """ "the busiest 2–3 experts take 49.2–63.1%", from the named simulation results (so captions can link them)."""
    few = get(project, FEW_EXPERTS)
    return {run: f"the busiest {value(few)} take {value(get(project, SHARES[run]))}" for run in RUNS}



def alt(project: "Project") -> str:
    result = simulate(project)
    settings = {name: get(project, name) for name in SETTINGS}
    threshold, few = get(project, THRESHOLD), get(project, FEW_EXPERTS)
    summary = _summary(project, result)
    runs = "; ".join(f"{RUN_NAMES[run].lower()}, from the busiest expert down: "
                     + ", ".join(_pct(s) for s in result[f"{run}_sorted"]) for run in RUNS)
    return (f"Simulation, not a measurement: {value(settings['sim_tokens'])}, each routed to "
            f"{count(settings['sim_experts_per_token'])} of {value(settings['sim_experts'])}. Panel a shows each "
            f"expert's share of activations, {runs}; an even share would be {_pct(1.0 / result['experts'])}. Panel b "
            f"shows the combined share of the busiest experts against the stress test's threshold of "
            f"{value(threshold)} taken by {value(few)} ({tier_phrase(project, threshold.tier)}): without balancing "
            f"{summary['unbalanced']}; with balancing {summary['balanced']}.")


def caption(project: "Project") -> str:
    result = simulate(project)
    threshold = get(project, THRESHOLD)
    settings = {name: get(project, name) for name in SETTINGS}
    summary = _summary(project, result)
    unbalanced = get(project, SHARES["unbalanced"])
    verdict = _against_threshold(unbalanced, threshold)
    even = 1.0 / result["experts"]
    close = (f", close to an even {_pct(even)} each" if max(result["balanced_sorted"]) <= 1.5 * even else "")
    return (f"Simulation, not a measurement: with {value(settings['sim_tokens'])} each routed to "
            f"{count(settings['sim_experts_per_token'])} of {value(settings['sim_experts'])} by a skewed router, "
            f"{summary['unbalanced']} of activations{verdict}. After {count(settings['sim_balance_rounds'])} "
            f"rounds of bias balancing, {summary['balanced']}{close}.")


def _against_threshold(share: Any, threshold: Any) -> str:
    """Where the unbalanced run stands against the stress test's threshold ("more than" it calls for a closer
    look), over the whole range of busiest-expert counts: above it for every count, for the larger counts only,
    or for none."""
    if share.low > threshold.value:
        return f", more than the stress test's {value(threshold)} threshold"
    if share.high > threshold.value:
        return f", more than the stress test's {value(threshold)} threshold only for the larger count"
    return f", not more than the stress test's {value(threshold)} threshold"


CHART = Chart(name="routing_simulation", title=TITLE, inputs=inputs, figure=figure, alt=alt, caption=caption,
              computed_by=(simulation.__name__,))
