"""Chart: parameter counts over time, on a log axis, coloured and shaped by evidence tier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from calc.charts.base import Chart
from calc.charts.text import date_text, decimal_year, get, join, model_name, short, tier_name, tier_phrase, value

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

    from calc.engine import Project
    from calc.quantity import Quantity

TITLE = "Model sizes over time: disclosures, estimates and claims"
# quantity → what distinguishes it from other figures for the same model (empty: the model's name is enough)
POINTS = {
    "params_gpt_2": "",
    "params_gpt_3": "",
    "total_params_gpt_4_semafor": "Semafor",
    "total_params_gpt_4_draft_table": "draft's table",
    "total_params_gpt_4_ainews": "AINews",
    "params_claude_3_haiku": "",
    "params_claude_3_sonnet": "",
    "params_claude_3_opus": "",
    "params_claude_3_5_sonnet": "",
    "params_llama_3_405b": "",
    "totals_opus_4_6": "throughput, the estimate's scenarios",
    "implied_total_opus": "ratio reading",
    "claim_opus_5_total": "claim",
    "claim_mythos_total": "inferred, as \"Mythos 5\"",
}


def inputs(project: "Project") -> tuple[str, ...]:
    return tuple(POINTS)


def _points(project: "Project") -> list["Quantity"]:
    return [get(project, name) for name in POINTS]


# the post does not say which Opus; the page that infers Mythos's size names it "Claude Mythos 5", announced in March
# 2026, which fits the Preview's leak, not the Mythos 5 Anthropic released in June 2026: the label says whose name it is
NAMES = {"implied_total_opus": "Claude Opus of the X post", "claim_mythos_total": "Claude Mythos"}


def label(project: "Project", q: "Quantity") -> str:
    if q.name in NAMES:
        return NAMES[q.name] + f" ({POINTS[q.name]})"
    qualifier = POINTS.get(q.name, "")
    return model_name(project, q) + (f" ({qualifier})" if qualifier else "")


def _is_claude(project: "Project", q: "Quantity") -> bool:
    model = project.dataset.models.get(q.model or "")
    return bool(model and model.maker == "Anthropic")


def figure(project: "Project") -> "Figure":
    from calc.charts import style

    with style.context():
        points = _points(project)
        fig, ax = style.new_figure(TITLE)
        fig.subplots_adjust(left=0.085, right=0.985, top=0.89, bottom=0.115)
        ax.set_yscale("log")
        years = [decimal_year(q.as_of) for q in points if q.as_of]
        first, last = int(min(years)), int(max(years)) + 1
        ax.set_xlim(first - 0.3, last + 0.2)
        ax.set_ylim(min(q.low for q in points) / 2.2, max(q.high for q in points) * 2.6)
        ax.set_xticks(range(first, last + 1))
        ax.xaxis.set_major_formatter(style.FuncFormatter(lambda x, _p: str(int(round(x)))))  # years, not figures
        ax.yaxis.set_major_formatter(style.ticks("params"))
        ax.yaxis.set_minor_formatter(style.FuncFormatter(lambda _v, _p: ""))
        style.grid(ax, "y")
        ax.set_ylabel("Total parameters (log scale)")
        ax.set_xlabel("Date of the figure (its source's date; a year alone is placed mid-year)")

        placer = style.Placer(ax)
        for q in points:
            x = decimal_year(q.as_of) if q.as_of else float(last)
            colour, marker = style.TIER_COLOURS[q.tier], style.TIER_MARKERS[q.tier]
            if q.is_range:
                ax.vlines(x, q.low, q.high, color=style.TEXT, linewidth=6.0, zorder=3, capstyle="butt")
                ax.vlines(x, q.low * 1.012, q.high / 1.012, color=colour, linewidth=4.2, zorder=4, capstyle="butt")
                for end in (q.low, q.high):
                    ax.plot([x], [end], marker="_", markersize=11, markeredgewidth=1.4, color=style.TEXT, zorder=5)
                placer.block_segment(x, q.low, x, q.high, half_width=6)
            else:
                ax.plot([x], [q.value], linestyle="none", marker=marker, markersize=7.0, markerfacecolor=colour,
                        markeredgecolor=style.TEXT, markeredgewidth=0.7, zorder=5)
                placer.block_point(x, q.value, 5.5)
        handles = style.tier_marker_handles(project, sorted({q.tier for q in points}, key=lambda t: (t is None, t)))
        handles.append(style.Line2D([], [], color=style.TIER_COLOURS[3], linewidth=4, marker="_", markersize=9,
                                    markeredgecolor=style.TEXT, label="Range: bar from low to high"))
        legend = ax.legend(handles=handles, loc="lower right", borderaxespad=0.6, handlelength=1.6)
        placer.block_artist(legend)
        # The latest year's figures crowd together: label them in a column to the right, the rest beside
        # their points.
        latest = max(q.as_of.year for q in points if q.as_of)
        column = [q for q in points if q.as_of and q.as_of.year == latest]
        texts = {q.name: f"{label(project, q)} {short(q)}" for q in points}
        gutter = max(style.text_width(ax, texts[q.name]) for q in column) + 6 if column else 0
        right = max(decimal_year(q.as_of) for q in column) if column else last
        lead = 22.0  # points between the rightmost point and the column
        frame = ax.bbox
        x0 = ax.get_xlim()[0]
        usable = frame.width - gutter - lead
        per_point = (right - x0) / usable
        ax.set_xlim(x0, right + (lead + gutter) * per_point)
        ax.set_xticks(range(first, latest + 1))
        ax.spines["bottom"].set_bounds(x0, latest + 1)
        # Re-block the markers now that the axis has moved.
        placer.blocked.clear()
        for q in points:
            x = decimal_year(q.as_of) if q.as_of else float(last)
            if q.is_range:
                placer.block_segment(x, q.low, x, q.high, half_width=6)
            else:
                placer.block_point(x, q.value, 5.5)
        placer.block_artist(legend)
        style.column_labels(ax, [(decimal_year(q.as_of), (q.low * q.high) ** 0.5, texts[q.name]) for q in column],
                            right + lead * per_point, placer)
        for q in sorted((q for q in points if q not in column), key=lambda q: -q.high):
            x = decimal_year(q.as_of) if q.as_of else float(last)
            placer.label(x, (q.low * q.high) ** 0.5, texts[q.name])
        return fig


def alt(project: "Project") -> str:
    points = sorted(_points(project), key=lambda q: (decimal_year(q.as_of) if q.as_of else 0.0, q.low))
    parts = [f"{label(project, q)}: {value(q)}{' (a range)' if q.is_range else ''}, dated {date_text(q.as_of)}, "
             f"{tier_phrase(project, q.tier)}" for q in points]
    return ("Scatter chart of model parameter counts against the date of each figure, on a logarithmic axis, with "
            "colour and marker shape showing the evidence tier. " + "; ".join(parts) + ".")


def caption(project: "Project") -> str:
    points = _points(project)
    official = [q for q in points if q.tier == 1]
    claude = [q for q in points if _is_claude(project, q)]
    smallest, largest = min(points, key=lambda q: q.low), max(points, key=lambda q: q.high)
    first = (f"Parameter counts by the date of each figure, on a log scale, from {value(smallest)} "
             f"({label(project, smallest)}) to {value(largest)} ({label(project, largest)}).")
    tiers = sorted({q.tier for q in claude if q.tier is not None})
    if official and claude and all(q.tier != 1 for q in claude):
        names = join(model_name(project, q) for q in official)
        kinds = join((tier_name(project, t).lower() for t in tiers), "or")
        second = (f"Only {names} are official disclosures; every Claude figure in the chart is {kinds} "
                  f"(tier {join((str(t) for t in tiers), 'or')}).")
    else:
        second = "Colour and marker shape give each figure's evidence tier."
    return f"{first} {second}"


CHART = Chart(name="scale_over_time", title=TITLE, inputs=inputs, figure=figure, alt=alt, caption=caption)
