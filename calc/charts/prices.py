"""Chart: input and output prices per million tokens, with reported and speculative prices marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from calc.charts.base import Chart
from calc.charts.text import data_text, get, model_name, tier_phrase, value

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

    from calc.engine import Project
    from calc.quantity import Quantity

TITLE = "Claude prices per million tokens: published, reported and speculative"
# row → (input price, output price or None, how the price is known: "" for a price list)
ROWS = {
    "opus_4_1": ("price_input_opus_4_1", "price_output_opus_4_1", ""),
    "opus_4_6": ("price_input_opus_4_6", "price_output_opus_4_6", ""),
    "sonnet_4_6": ("price_input_sonnet_4_6", "price_output_sonnet_4_6", ""),
    "mythos": ("price_input_mythos", "price_output_mythos", "reported"),
    "opus_5": ("price_input_opus_5_speculative", None, "speculative"),
    "opus_5_release": ("price_input_opus_5", "price_output_opus_5", ""),
}
STATUS = {"reported": "Announced by {maker}, read in a summary", "speculative": "Speculative: the draft review's guess"}
# What tells two rows of the same model apart ("Claude Opus 5 (draft's guess)", "Claude Opus 5 (list price)").
QUALIFIER = {"": "list price", "reported": "reported", "speculative": "draft's guess"}
SIDES = ("input", "output")


def inputs(project: "Project") -> tuple[str, ...]:
    return tuple(name for first, second, _s in ROWS.values() for name in (first, second) if name)


def _rows(project: "Project") -> list[tuple[str, "Quantity", "Quantity | None", str]]:
    return [(row, get(project, first), get(project, second) if second else None, status)
            for row, (first, second, status) in ROWS.items()]


def row_name(project: "Project", rows: list, q: "Quantity", status: str) -> str:
    """The model's name, and how its price is known when another row names the same model: every label distinct."""
    name = model_name(project, q)
    if sum(model_name(project, other) == name for _r, other, _o, _s in rows) > 1:
        name = f"{name} ({QUALIFIER[status]})"
    model = project.dataset.models.get(q.model)
    return f"{name} (retired)" if model is not None and model.retired else name


def _short(q: "Quantity") -> str:
    """ "$20–40": the axis already says per million tokens."""
    return value(q).removesuffix("/Mtok")


def _label(q: "Quantity") -> str:
    return _short(q) + (" (range)" if q.is_range else "")


def figure(project: "Project") -> "Figure":
    from calc.charts import style

    hatches = {"reported": style.HATCH_REPORTED, "speculative": style.HATCH_SPECULATIVE, "": None}
    with style.context():
        rows = _rows(project)
        fig, axes = style.new_figure(TITLE, ncols=2, sharey=True)
        fig.subplots_adjust(left=0.25, right=0.975, top=0.76, bottom=0.13, wspace=0.12)
        positions = list(range(len(rows)))[::-1]
        for side, ax in zip(SIDES, axes):
            prices = [row[1] if side == "input" else row[2] for row in rows]
            # Wide enough for every bar's label to fit inside the panel.
            width = ax.bbox.width
            limit = max(q.high * width / (width - 12 - style.text_width(ax, _label(q))) for q in prices if q)
            ax.set_xlim(0, limit)
            for position, (_row, _i, _o, status), q in zip(positions, rows, prices):
                if q is None:
                    ax.annotate("no figure", (0, position), xytext=(5, 0), textcoords="offset points", ha="left",
                                va="center", fontsize=style.LABEL_SIZE, color=style.MUTED, fontstyle="italic")
                    continue
                ax.barh(position, q.high - q.low if q.is_range else q.value, left=q.low if q.is_range else 0,
                        height=0.62, color=style.TIER_COLOURS[q.tier], edgecolor=style.TEXT, linewidth=0.7,
                        hatch=hatches[status], zorder=3)
                ax.annotate(_label(q), (q.high, position), xytext=(5, 0), textcoords="offset points", ha="left",
                            va="center", fontsize=style.LABEL_SIZE)
            ax.set_title(f"{side.capitalize()} tokens", loc="left", fontsize=10)
            ax.xaxis.set_major_locator(style.MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
            ax.xaxis.set_major_formatter(style.ticks("none", "${n}"))
            ax.set_xlabel("US dollars per million tokens", fontsize=style.LABEL_SIZE)
            style.grid(ax, "x")
            ax.tick_params(axis="y", length=0)
        axes[0].set_yticks(positions, [row_name(project, rows, row[1], row[3]) for row in rows])
        axes[1].tick_params(axis="y", labelleft=False)

        quantities = [q for row in rows for q in row[1:3] if q is not None]
        tiers = sorted({q.tier for q in quantities}, key=lambda t: (t is None, t))
        fig.legend(handles=style.tier_patch_handles(project, tiers), loc="upper left", bbox_to_anchor=(0.01, 0.93),
                   ncols=len(tiers), frameon=False, fontsize=style.LABEL_SIZE, columnspacing=1.4, handlelength=1.8,
                   handleheight=1.1)
        used = dict.fromkeys(status for *_r, status in rows if status)
        marks = [style.Patch(facecolor=style.BACKGROUND, edgecolor=style.TEXT, linewidth=0.7, hatch=hatches[status],
                             label=_status_label(project, rows, status)) for status in used]
        if marks:
            fig.legend(handles=marks, loc="upper left", bbox_to_anchor=(0.01, 0.88), ncols=len(marks),
                       frameon=False, fontsize=style.LABEL_SIZE, columnspacing=1.4, handlelength=1.8,
                       handleheight=1.1)
        return fig


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _status_label(project: "Project", rows: list, status: str) -> str:
    makers = [project.dataset.models[q.model].maker for _r, q, _o, st in rows
              if st == status and q.model in project.dataset.models]
    return STATUS[status].format(maker=data_text(makers[0]) if makers else "the maker")


def _status_words(project: "Project", q: "Quantity", status: str, rows: list) -> str:
    words = _lower_first(_status_label(project, rows, status)) if status else ""
    return f"{tier_phrase(project, q.tier)}" + (f"; {words}" if words else "")


def alt(project: "Project") -> str:
    parts, rows = [], _rows(project)
    for row, first, second, status in rows:
        prices = f"input {value(first)}" + (f", output {value(second)}" if second else ", no output price")
        if first.is_range:
            prices = prices.replace("input", "input range", 1)
        parts.append(f"{row_name(project, rows, first, status)}: {prices} ({_status_words(project, first, status, rows)})")
    return ("Two-panel horizontal bar chart of prices in US dollars per million tokens, input on the left and "
            "output on the right; colour shows the evidence tier and hatching marks reported and speculative "
            "prices. " + "; ".join(parts) + ".")


def caption(project: "Project") -> str:
    rows = _rows(project)
    listed = "; ".join(f"{row_name(project, rows, a, status)}, {value(a)} in and {value(b)} out"
                       for _r, a, b, status in rows if not status and b)
    others = []
    for row, first, second, status in rows:
        if status == "reported":
            pair = f"{value(first)} and {value(second)} are" if second else f"{value(first)} is"
            others.append(f"{row_name(project, rows, first, status)}'s {pair} {_lower_first(_status_label(project, rows, status))}")
        elif status == "speculative":
            others.append(f"the {value(first)} input price for {row_name(project, rows, first, status)} is speculation")
    second = "; ".join(others)
    return f"Listed prices: {listed}." + (f" {second[:1].upper()}{second[1:]}." if second else "")


CHART = Chart(name="prices", title=TITLE, inputs=inputs, figure=figure, alt=alt, caption=caption)
