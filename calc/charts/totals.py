"""Chart: Claude Opus 4.6's total parameters under each storage precision and routing pattern, against the claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from calc.charts.base import Chart
from calc.charts.text import data_text, get, join, model_name, short, tier_phrase, value

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

    from calc.engine import Project
    from calc.quantity import Quantity

TITLE = "Claude Opus 4.6's total parameters by weight precision and routing pattern"
PRECISIONS = {"bf16": "BF16", "fp8": "FP8", "mixed": "FP8 + FP4 mix"}
PATTERNS = {"glm_like": "glm_4_7", "deepseek_like": "deepseek_v3_1", "kimi_like": "kimi_k2_thinking"}
CLAIMS = {"claim_opus_5_total": "Claimed total of Claude Opus 5",
          "claim_opus_ten_trillion": "Size online posts give Claude Opus"}


def _name(precision: str, pattern: str) -> str:
    return f"total_params_{precision}_{pattern}_opus_4_6"


EXTRA = ("totals_every_precision_opus_4_6", "bandwidth_band")  # named in the caption only


def inputs(project: "Project") -> tuple[str, ...]:
    return tuple(_name(p, r) for p in PRECISIONS for r in PATTERNS) + tuple(CLAIMS) + EXTRA


def _pattern_name(project: "Project", pattern: str) -> str:
    model = project.dataset.models.get(PATTERNS[pattern])
    return f"{data_text(model.name) if model else pattern}-like"


def _rows(project: "Project") -> list[tuple[str, str, "Quantity"]]:
    return [(precision, pattern, get(project, _name(precision, pattern))) for precision in PRECISIONS
            for pattern in PATTERNS]


def figure(project: "Project") -> "Figure":
    from calc.charts import style

    with style.context():
        rows = _rows(project)
        claims = [get(project, name) for name in CLAIMS]
        fig, ax = style.new_figure(TITLE)
        fig.subplots_adjust(left=0.36, right=0.975, top=0.85, bottom=0.12)
        gap = 0.7  # between precision groups
        positions, y = [], 0.0
        for index, (precision, pattern, _q) in enumerate(rows):
            if index and pattern == next(iter(PATTERNS)):
                y += gap
            positions.append(y)
            y += 1.0
        positions = [y - 1.0 - p for p in positions]  # first row at the top
        top = max([q.high for *_r, q in rows] + [c.high for c in claims])
        ax.set_xlim(0, top * 1.12)
        ax.set_ylim(-0.75, max(positions) + 0.75)
        for position, (precision, pattern, q) in zip(positions, rows):
            ax.barh(position, q.high - q.low, left=q.low, height=0.6, color=style.TIER_COLOURS[q.tier],
                    edgecolor=style.TEXT, linewidth=0.7, zorder=3)
            # Beside the bar's high end, unless a claim line would run through the label: then before its low end.
            end = ax.transData.transform((q.high, 0))[0]
            width = style.text_width(ax, short(q)) + 8
            crossed = any(end <= ax.transData.transform((x, 0))[0] <= end + width
                          for c in claims for x in (c.low, c.high))
            ax.annotate(short(q), (q.low, position) if crossed else (q.high, position),
                        xytext=(-5 if crossed else 5, 0), textcoords="offset points",
                        ha="right" if crossed else "left", va="center", fontsize=style.LABEL_SIZE)
        # Each row says its precision and its routing, so no two rows read alike.
        ax.set_yticks(positions, [f"{PRECISIONS[precision]}, {_pattern_name(project, pattern)} routing"
                                  for precision, pattern, _q in rows])
        ax.tick_params(axis="y", length=0)
        for index, claim in enumerate(sorted(claims, key=lambda c: c.low)):
            colour = style.TIER_COLOURS[claim.tier]
            for end in sorted({claim.low, claim.high}):
                ax.axvline(end, color=colour, linewidth=1.8, linestyle=(0, (5, 2)), zorder=2)
            if claim.is_range:
                ax.axvspan(claim.low, claim.high, color=colour, alpha=0.25, zorder=1)
            text = f"{CLAIMS[claim.name]}\n{short(claim)}"
            room = ax.bbox.x1 - ax.transData.transform((claim.high, 0))[0]
            right_side = room > style.text_width(ax, CLAIMS[claim.name]) + 12
            ax.annotate(text, (claim.high if right_side else claim.low, 0.985 - 0.14 * index),
                        xycoords=("data", "axes fraction"), xytext=(5 if right_side else -5, 0),
                        textcoords="offset points", ha="left" if right_side else "right", va="top",
                        fontsize=style.LABEL_SIZE, color=style.TEXT,
                        bbox=dict(boxstyle="square,pad=0.15", facecolor=style.BACKGROUND, edgecolor="none"))
        ax.xaxis.set_major_locator(style.MaxNLocator(6, steps=[1, 2, 2.5, 5, 10]))
        ax.xaxis.set_major_formatter(style.ticks("params"))
        ax.set_xlabel("Total parameters (bar: low to high end of the estimate)")
        style.grid(ax, "x")
        tiers = sorted({q.tier for *_r, q in rows} | {c.tier for c in claims}, key=lambda t: (t is None, t))
        handles = style.tier_patch_handles(project, [t for t in tiers if t in {q.tier for *_r, q in rows}])
        handles += [style.Line2D([], [], color=style.TIER_COLOURS[t], linewidth=1.8, linestyle=(0, (5, 2)),
                                 label=f"Claim: {style.tier_label(project, t)}")
                    for t in tiers if t in {c.tier for c in claims}]
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, 0.925), ncols=len(handles),
                   frameon=False, fontsize=style.LABEL_SIZE)
        return fig


def alt(project: "Project") -> str:
    rows = _rows(project)
    parts = [f"{PRECISIONS[precision]} with {_pattern_name(project, pattern)} routing: {value(q)}"
             for precision, pattern, q in rows]
    claims = [get(project, name) for name in CLAIMS]
    lines = " and ".join(f"the {CLAIMS[c.name][0].lower() + CLAIMS[c.name][1:]} at {value(c)} "
                      f"({tier_phrase(project, c.tier)})" for c in claims)
    tiers = sorted({q.tier for *_r, q in rows if q.tier is not None})
    return (f"Horizontal range bars of {model_name(project, rows[0][2])}'s estimated total parameters, one for "
            f"each weight precision and routing pattern, all {join((tier_phrase(project, t) for t in tiers), 'or')}: "
            + "; ".join(parts) + f". Dashed reference lines mark {lines}.")


def caption(project: "Project") -> str:
    from calc.charts.text import computed
    from calc.units import PARAMS

    rows = _rows(project)
    span = computed("span", (min(q.low for *_r, q in rows), max(q.high for *_r, q in rows)), PARAMS)
    claims = [get(project, name) for name in CLAIMS]
    name = model_name(project, rows[0][2])
    first = (f"At the three weight precisions the estimate considers (BF16, FP8, and FP8 with FP4 experts) and the "
             f"routing patterns shown, the throughput method puts {name}'s total parameters within {value(span)}.")
    band, fp4 = get(project, "bandwidth_band"), get(project, "totals_every_precision_opus_4_6")
    claim = claims[0]
    top = max(q.high for *_r, q in rows)
    if top < claim.low and top * band.high / band.low > claim.high:
        second = (f"The highest reading is below the claimed {model_name(project, claim)} total ({value(claim)}) "
                  "only if Claude is served like the open models, and by less than the calibrations differ from one "
                  "another")
    else:
        second = f"The dashed lines mark the claimed totals, {join(value(c) for c in claims)}"
    if fp4.high > claim.high:
        second += f"; with every weight at FP4 (not drawn) the top reaches {value(computed('top', fp4.high, PARAMS))}, past it."
    else:
        second += "."
    return f"{first} {second}"


CHART = Chart(name="opus_4_6_totals", title=TITLE, inputs=inputs, figure=figure, alt=alt, caption=caption)
