"""Chart: the throughput method's calibration (effective bandwidth) and what it gives each Claude model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from calc.charts.base import Chart
from calc.charts.text import get, join, model_name, tier_phrase, value

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

    from calc.engine import Project
    from calc.quantity import Quantity

TITLE = "The throughput method: platform bandwidth, then bytes read per token"
CALIBRATIONS = ("deepseek_v3_1", "glm_4_7", "kimi_k2_thinking")
CLAUDE = ("opus_4_0", "opus_4_1", "opus_4_5", "opus_4_6", "sonnet_4_5", "sonnet_4_6")
BAND = "bandwidth_band"
SOURCE_BAND = "source_bandwidth_band"


def _bandwidths(project: "Project") -> list["Quantity"]:
    return [get(project, f"bandwidth_{m}") for m in CALIBRATIONS]


def _weights(project: "Project") -> list["Quantity"]:
    return [get(project, f"weights_per_token_{m}") for m in CLAUDE]


def inputs(project: "Project") -> tuple[str, ...]:
    return (tuple(f"bandwidth_{m}" for m in CALIBRATIONS) + (BAND, SOURCE_BAND)
            + tuple(f"weights_per_token_{m}" for m in CLAUDE))


def figure(project: "Project") -> "Figure":
    from calc.charts import style

    with style.context():
        bandwidths, weights = _bandwidths(project), _weights(project)
        band, source_band = get(project, BAND), get(project, SOURCE_BAND)
        fig, (left, right) = style.new_figure(TITLE, ncols=2, width_ratios=[1.0, 1.25])
        fig.subplots_adjust(left=0.165, right=0.975, top=0.8, bottom=0.13, wspace=0.62)

        # (a) one point per calibration model, the band they span, and the rounded band the estimate uses
        rows = list(range(len(bandwidths)))[::-1]
        low = min(source_band.low, band.low, *(q.low for q in bandwidths))
        high = max(source_band.high, band.high, *(q.high for q in bandwidths))
        margin = (high - low) * 0.45
        left.set_xlim(low - margin, high + margin)
        left.set_ylim(-0.9, len(bandwidths) - 0.2)
        left.axvspan(band.low, band.high, color=style.TIER_COLOURS[band.tier], alpha=0.28, linewidth=0, zorder=1)
        left.axvspan(source_band.low, source_band.high, facecolor="none", edgecolor=style.TEXT, linewidth=1.1,
                     linestyle=(0, (4, 2)), zorder=2)
        for row, q in zip(rows, bandwidths):
            left.plot([q.low, q.high] if q.is_range else [q.value], [row] * (2 if q.is_range else 1),
                      marker=style.TIER_MARKERS[q.tier], markersize=8, markerfacecolor=style.TIER_COLOURS[q.tier],
                      markeredgecolor=style.TEXT, markeredgewidth=0.7, color=style.TEXT, zorder=4)
        left.set_yticks(rows, [f"{model_name(project, q)}\n{value(q)}" for q in bandwidths])
        left.xaxis.set_major_locator(style.MaxNLocator(4))
        left.xaxis.set_major_formatter(style.ticks("bytes", "{n} {p}B/s"))
        left.set_xlabel("Effective memory bandwidth (axis does not start at zero)", fontsize=style.LABEL_SIZE)
        left.set_title("(a) Calibration on open models", loc="left", fontsize=10)
        style.grid(left, "x")
        left.tick_params(axis="y", length=0)
        handles = [
            style.Patch(facecolor=style.TIER_COLOURS[band.tier], alpha=0.28, label=f"Calibrated band {value(band)}"),
            style.Patch(facecolor="none", edgecolor=style.TEXT, linestyle=(0, (4, 2)),
                        label=f"Band the estimate uses {value(source_band)}"),
        ]
        left.legend(handles=handles, loc="lower center", fontsize=style.LABEL_SIZE - 0.5, borderaxespad=0.3,
                    handlelength=1.4)

        # (b) bytes read per generated token, as a range for each Claude model
        rows = list(range(len(weights)))[::-1]
        top = max(q.high for q in weights)
        right.set_xlim(0, top * 1.5)
        right.set_ylim(-0.7, len(weights) - 0.3)
        for row, q in zip(rows, weights):
            colour = style.TIER_COLOURS[q.tier]
            right.barh(row, q.high - q.low, left=q.low, height=0.52, color=colour, edgecolor=style.TEXT,
                       linewidth=0.7, zorder=3)
            right.annotate(value(q).removesuffix("/token"), (q.high, row), xytext=(5, 0), textcoords="offset points",
                           ha="left", va="center", fontsize=style.LABEL_SIZE)
        right.set_yticks(rows, [model_name(project, q) for q in weights])
        right.xaxis.set_major_locator(style.MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
        right.xaxis.set_major_formatter(style.ticks("bytes", "{n} {p}B"))
        right.set_xlabel("Weights read per generated token (bar: low to high)", fontsize=style.LABEL_SIZE)
        right.set_title("(b) Bytes read per token", loc="left", fontsize=10)
        style.grid(right, "x")
        right.tick_params(axis="y", length=0)

        tiers = sorted({q.tier for q in bandwidths + weights + [band, source_band]}, key=lambda t: (t is None, t))
        fig.legend(handles=style.tier_marker_handles(project, tiers), loc="upper left", bbox_to_anchor=(0.01, 0.925),
                   ncols=len(tiers), frameon=False, fontsize=style.LABEL_SIZE, handletextpad=0.3)
        return fig


def alt(project: "Project") -> str:
    bandwidths, weights = _bandwidths(project), _weights(project)
    band, source_band = get(project, BAND), get(project, SOURCE_BAND)
    first = "; ".join(f"{model_name(project, q)} {value(q)}" for q in bandwidths)
    second = "; ".join(f"{model_name(project, q)} {value(q)}" for q in weights)
    tiers = sorted({q.tier for q in bandwidths + weights if q.tier is not None})
    return ("Two-panel chart. Panel a, the platform's effective memory bandwidth calibrated on each open model: "
            f"{first}. The shaded band spans {value(band)}; the outlined band the estimate carries forward is "
            f"{value(source_band)}. Panel b, bytes each Claude model reads per generated token, as ranges: "
            f"{second}. Every figure is {join((tier_phrase(project, t) for t in tiers), 'or')}.")


def caption(project: "Project") -> str:
    bandwidths, weights = _bandwidths(project), _weights(project)
    band = get(project, BAND)
    heaviest, lightest = max(weights, key=lambda q: q.high), min(weights, key=lambda q: q.low)
    tiers = sorted({q.tier for q in bandwidths + weights if q.tier is not None})
    return (f"Calibrated on {join(model_name(project, q) for q in bandwidths)}, open models with known active "
            f"parameters, the platform's effective bandwidth is {value(band)}; that band divided by each Claude "
            f"model's decode speed gives the bytes it reads per token, from {value(lightest)} "
            f"({model_name(project, lightest)}) to {value(heaviest)} ({model_name(project, heaviest)}). "
            f"Every figure here is {join((tier_phrase(project, t) for t in tiers), 'or')}.")


CHART = Chart(name="throughput_calibration", title=TITLE, inputs=inputs, figure=figure, alt=alt, caption=caption)
