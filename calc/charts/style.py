"""What every chart shares: the look, the evidence-tier encoding, tick labels through calc.fmt, and label placement.

Import this module only from inside a chart's drawing function (it imports matplotlib). The text helpers
that captions and alt text need live in calc.charts.text, which does not.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Iterator

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: F401 - the chart modules use style.MaxNLocator
from matplotlib.transforms import Bbox

from calc import fmt
from calc.charts.text import computed, tier_label
from calc.units import Kind

DPI = 72  # one pixel is one point, so label placement measures in the units the SVG is written in
SIZE = (8.0, 4.5)
FONT_SIZE = 9.0
LABEL_SIZE = 8.0
MIN_FONT_SIZE = 7.5  # points: no text smaller (tested), so at the drawn size a phone shows it at 10 CSS px


@dataclass(frozen=True)
class Theme:
    """The colours of one drawing of a chart: for the site's light scheme, or for its dark one (slate)."""

    name: str
    background: str
    text: str
    muted: str
    grid: str
    neutral: str  # a series that carries no tier (the routing simulation without balancing)


THEMES = {
    "light": Theme("light", background="#ffffff", text="#1a1a1a", muted="#555555", grid="#dddddd",
                   neutral="#4d4d4d"),
    # The background is Material's slate page colour, so the chart sits in the page rather than on a white slab.
    "dark": Theme("dark", background="#1e2029", text="#e6e7eb", muted="#a9abb3", grid="#3a3e4a",
                  neutral="#b0b0b0"),
}
_THEME: ContextVar[Theme] = ContextVar("theme", default=THEMES["light"])


def theme() -> Theme:
    return _THEME.get()


# Tier colours, one set for both themes: each has at least 3:1 contrast against both backgrounds (tested), so a
# mark without an outline still stands out. Hues after Okabe–Ito (safe for the common colour-vision
# deficiencies), darkened where the original was too light for white; each tier also has its own marker shape,
# so the tier can be read without colour.
TIER_COLOURS = {1: "#0077BB", 2: "#009E73", 3: "#B97100", 4: "#C0609A", None: "#808080"}
TIER_MARKERS = {1: "o", 2: "s", 3: "^", 4: "D", None: "X"}
# Evidence that is weaker than its tier colour alone says is hatched as well.
HATCH_REPORTED = "////"
HATCH_SPECULATIVE = "xxxx"
SKY_BLUE = "#3A8FD0"
VERMILLION = "#D55E00"
THEMED = {"TEXT": "text", "MUTED": "muted", "GRID": "grid", "BACKGROUND": "background", "DARK_GREY": "neutral"}


def __getattr__(name: str) -> str:
    """style.TEXT, style.MUTED, style.GRID, style.BACKGROUND, style.DARK_GREY: the colour in the theme being drawn."""
    if name in THEMED:
        return getattr(theme(), THEMED[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def rc(current: Theme) -> dict[str, Any]:
    return {
        "svg.fonttype": "path",  # glyphs as paths: no font needed to view the file, same look everywhere
        "svg.hashsalt": "calc-charts",  # fixed, so clip-path and hatch ids are the same on every run
        "svg.image_inline": True,
        "text.parse_math": False,  # a "$" in a name or a price is text, never the start of a formula
        "font.family": ["DejaVu Sans"],  # the font matplotlib ships: no dependence on installed fonts
        "font.size": FONT_SIZE,
        "text.color": current.text,
        "axes.labelcolor": current.text,
        "axes.edgecolor": current.muted,
        "axes.facecolor": current.background,
        "axes.titlesize": 10.0,
        "axes.titleweight": "bold",
        "axes.titlecolor": current.text,
        "axes.labelsize": FONT_SIZE,
        "axes.unicode_minus": True,
        "xtick.color": current.muted,
        "ytick.color": current.muted,
        "xtick.labelcolor": current.text,
        "ytick.labelcolor": current.text,
        "xtick.labelsize": LABEL_SIZE + 0.5,
        "ytick.labelsize": LABEL_SIZE + 0.5,
        "legend.fontsize": LABEL_SIZE,
        "legend.frameon": True,
        "legend.framealpha": 0.95,
        "legend.edgecolor": current.grid,
        "legend.facecolor": current.background,
        "figure.facecolor": current.background,
        "figure.edgecolor": current.background,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "savefig.facecolor": current.background,
        "savefig.transparent": False,
        "hatch.linewidth": 0.8,
        "hatch.color": current.text,
        "path.simplify": False,
    }


@contextlib.contextmanager
def context(name: str | None = None) -> Iterator[None]:
    """The charts' settings, for drawing and for saving (tick labels are made at save time), in the theme
    ``name`` ("light" or "dark"), or in the theme already being drawn."""
    token = _THEME.set(THEMES[name]) if name else None
    try:
        with matplotlib.rc_context(rc(theme())):
            yield
    finally:
        if token is not None:
            _THEME.reset(token)


def close(figure: Figure) -> None:
    """Release a figure. Charts never go through pyplot, but close it there too if someone registered it."""
    import sys

    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(figure)
    figure.clear()


def new_figure(title: str, ncols: int = 1, width_ratios: list[float] | None = None,
               sharey: bool = False) -> tuple[Figure, Any]:
    """A white 8×4.5-inch figure with an SVG canvas (so nothing is ever rendered through Agg)."""
    figure = Figure(figsize=SIZE, dpi=DPI, facecolor=theme().background, edgecolor=theme().background)
    FigureCanvasSVG(figure)
    axes = figure.subplots(1, ncols, width_ratios=width_ratios, sharey=sharey, squeeze=False)[0]
    for ax in axes:
        tidy(ax)
    figure.suptitle(title, x=0.01, y=0.975, ha="left", va="top", fontsize=11.5, fontweight="bold",
                    color=theme().text)
    return figure, (axes[0] if ncols == 1 else axes)


def tidy(ax: Any) -> None:
    ax.set_facecolor(theme().background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=3, width=0.8)
    ax.set_axisbelow(True)


def grid(ax: Any, axis: str) -> None:
    ax.grid(True, axis=axis, which="major", color=theme().grid, linewidth=0.7)
    ax.grid(False, axis="x" if axis == "y" else "y")


# --- tick labels through calc.fmt -----------------------------------------------------------------------

def ticks(family: str, template: str = "{n} {p}", sig: int = 3) -> FuncFormatter:
    """Tick labels such as "1 T", "100 B" or "$50": the number through fmt.number_text, the words here."""

    def label(value: float, _position: Any) -> str:
        value = float(value)  # numpy scalars have a repr fmt cannot parse
        if value == 0:  # a bare zero: "0", not "0 B"
            return fmt.number_text((0.0,), sig, "none")[0]
        figure, prefix = fmt.number_text((value,), sig, family)
        return " ".join(template.format(n=figure, p=prefix).split())

    return FuncFormatter(label)


def percent_ticks(sig: int = 3) -> FuncFormatter:
    from calc.units import PERCENT

    return FuncFormatter(lambda value, _position: fmt.percent(computed("tick", float(value), PERCENT), sig))


def count_ticks(kind: Kind) -> FuncFormatter:
    return FuncFormatter(lambda value, _position: fmt.value_text(computed("tick", float(value), kind), "count"))


# --- the tier legend ------------------------------------------------------------------------------------

def tier_marker_handles(project: Any, tiers: list[int | None], size: float = 7.0) -> list[Line2D]:
    return [Line2D([], [], linestyle="none", marker=TIER_MARKERS[t], markersize=size, markerfacecolor=TIER_COLOURS[t],
                   markeredgecolor=theme().text, markeredgewidth=0.6, label=tier_label(project, t)) for t in tiers]


def tier_patch_handles(project: Any, tiers: list[int | None]) -> list[Patch]:
    return [Patch(facecolor=TIER_COLOURS[t], edgecolor=theme().text, linewidth=0.6, label=tier_label(project, t))
            for t in tiers]


# --- label placement ------------------------------------------------------------------------------------

# Offsets in points tried in turn: beside the point first, then further out with a leader line.
def _ring(distance: float) -> list[tuple[float, float]]:
    d, h = distance, distance * 0.7
    return [(d, 0), (-d, 0), (0, d), (0, -d), (h, h), (-h, h), (h, -h), (-h, -h)]


CANDIDATES = _ring(7) + _ring(16) + _ring(26) + _ring(38) + _ring(52)


def _alignment(dx: float, dy: float) -> tuple[str, str]:
    ha = "left" if dx > 0 else "right" if dx < 0 else "center"
    va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
    return ha, va


class Placer:
    """Places text labels next to points so that none overlaps another label, a marker or a bar.

    Greedy and deterministic: labels are placed in the order given, each at the first candidate offset
    whose box stays inside the axes and clear of everything placed or blocked so far.
    """

    def __init__(self, ax: Any, pad: float = 1.5):
        self.ax = ax
        self.pad = pad
        self.blocked: list[Bbox] = []

    def _display(self, x: float, y: float) -> tuple[float, float]:
        px, py = self.ax.transData.transform((x, y))
        return float(px), float(py)

    def block_point(self, x: float, y: float, radius: float = 5.0) -> None:
        px, py = self._display(x, y)
        self.blocked.append(Bbox([[px - radius, py - radius], [px + radius, py + radius]]))

    def block_segment(self, x0: float, y0: float, x1: float, y1: float, half_width: float = 3.0) -> None:
        (ax0, ay0), (ax1, ay1) = self._display(x0, y0), self._display(x1, y1)
        self.blocked.append(Bbox([[min(ax0, ax1) - half_width, min(ay0, ay1) - half_width],
                                  [max(ax0, ax1) + half_width, max(ay0, ay1) + half_width]]))

    def block_artist(self, artist: Any) -> None:
        self.blocked.append(artist.get_window_extent())

    def _clash(self, box: Bbox) -> float:
        """How badly a label box collides: 0 when it is clear, else overlap area plus any part outside."""
        frame = self.ax.bbox
        outside = (max(0.0, frame.x0 + 1 - box.x0) + max(0.0, box.x1 - frame.x1 + 1)
                   + max(0.0, frame.y0 + 1 - box.y0) + max(0.0, box.y1 - frame.y1 + 1)) * 1000
        grown = box.padded(self.pad)
        overlap = 0.0
        for other in self.blocked:
            width = min(grown.x1, other.x1) - max(grown.x0, other.x0)
            height = min(grown.y1, other.y1) - max(grown.y0, other.y0)
            if width > 0 and height > 0:
                overlap += width * height
        return outside + overlap

    def label(self, x: float, y: float, text: str, candidates: list[tuple[float, float]] | None = None,
              color: str | None = None, fontsize: float = LABEL_SIZE, **kwargs: Any) -> Any:
        tries = list(candidates or []) + CANDIDATES
        best: tuple[float, int, Bbox] | None = None
        for index, (dx, dy) in enumerate(tries):
            ha, va = _alignment(dx, dy)
            probe = self.ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                     fontsize=fontsize, **kwargs)
            box = probe.get_window_extent()  # the text alone: the probe has no leader line
            probe.remove()
            clash = self._clash(box)
            if best is None or clash < best[0]:
                best = (clash, index, box)
            if clash == 0:
                break
        assert best is not None
        _clash, index, box = best
        dx, dy = tries[index]
        ha, va = _alignment(dx, dy)
        far = (dx * dx + dy * dy) ** 0.5 > 10
        arrow = dict(arrowstyle="-", color=theme().muted, linewidth=0.6, shrinkA=1, shrinkB=4) if far else None
        annotation = self.ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                      fontsize=fontsize, color=color or theme().text, arrowprops=arrow, **kwargs)
        self.blocked.append(box)
        if far:  # keep later labels off the leader line
            px, py = self._display(x, y)
            tx, ty = min(max(px + dx, box.x0), box.x1), min(max(py + dy, box.y0), box.y1)
            for step in range(1, 8):
                sx, sy = px + (tx - px) * step / 8, py + (ty - py) * step / 8
                self.blocked.append(Bbox([[sx - 1.5, sy - 1.5], [sx + 1.5, sy + 1.5]]))
        return annotation


def text_width(ax: Any, text: str, fontsize: float = LABEL_SIZE) -> float:
    """The width in points of one line of label text."""
    probe = ax.text(0, 0, text, fontsize=fontsize, transform=None)
    width = probe.get_window_extent().width
    probe.remove()
    return float(width)


def column_labels(ax: Any, items: list[tuple[float, float, str]], x_text: float, placer: Placer | None = None,
                  fontsize: float = LABEL_SIZE, gap: float = 6.0) -> list[Any]:
    """Labels in a column at data x ``x_text``, each as near its point's height as the others allow, joined
    to the point by a leader that leaves the label level and meets the point from above or below."""
    if not items:
        return []
    height = fontsize * 1.25
    shown = [(float(ax.transData.transform((x, y))[1]), x, y, text) for x, y, text in items]
    shown.sort(key=lambda item: -item[0])
    top, bottom = ax.bbox.y1 - height / 2 - 2, ax.bbox.y0 + height / 2 + 2
    heights = _spread([item[0] for item in shown], height + gap, bottom, top)
    text_x = float(ax.transData.transform((x_text, 0))[0])
    annotations = []
    for label_y, (_wanted, x, y, text) in zip(heights, shown):
        px, py = (float(v) for v in ax.transData.transform((x, y)))
        level = abs(label_y - py) < 1.0
        annotation = ax.annotate(
            text, (x, y), xytext=(text_x - px, label_y - py), textcoords="offset points", ha="left", va="center",
            fontsize=fontsize, color=theme().text,
            arrowprops=dict(arrowstyle="-", color=theme().muted, linewidth=0.6, shrinkA=2, shrinkB=3,
                            connectionstyle="arc3" if level else "angle,angleA=0,angleB=90,rad=0"))
        annotations.append(annotation)
        if placer is not None:
            placer.blocked.append(annotation.get_window_extent())
    return annotations


def _spread(wanted: list[float], step: float, bottom: float, top: float) -> list[float]:
    """Heights (given top down) moved apart by at least ``step``, each group centred on the heights it wants."""
    groups: list[list[int]] = [[i] for i in range(len(wanted))]

    def place(group: list[int]) -> list[float]:
        centre = sum(wanted[i] for i in group) / len(group)
        first = centre + step * (len(group) - 1) / 2
        first = min(first, top)
        first = max(first, bottom + step * (len(group) - 1))
        return [first - step * k for k in range(len(group))]

    merged = True
    while merged:
        merged = False
        for g in range(len(groups) - 1):
            upper, lower = place(groups[g]), place(groups[g + 1])
            if upper[-1] - lower[0] < step - 1e-9:
                groups[g:g + 2] = [groups[g] + groups[g + 1]]
                merged = True
                break
    return [h for group in groups for h in place(group)]
