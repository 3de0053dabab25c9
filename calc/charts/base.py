"""The Chart record and the one way a chart becomes SVG bytes.

Nothing here imports matplotlib at module level: ``python -m calc check`` imports the chart list to judge
which figures are stale and must stay fast. matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from calc.outputs import CHART_THEMES

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

    from calc.engine import Project


@dataclass(frozen=True)
class Chart:
    """A figure drawn from named quantities.

    name     the file stem: the chart is written to figures/charts/<name>.svg
    title    the chart's title (no figures in it)
    inputs   every quantity name whose value the chart draws, so a change to any of them makes it stale
    figure   draws the chart as a matplotlib Figure
    alt      alt text stating the values drawn, each formatted with calc.fmt
    caption  one or two plain-text sentences, figures formatted with calc.fmt
    computed_by  modules outside calc/charts whose code computes what the chart draws beyond its named
             inputs (the routing simulation): their code counts towards the chart's staleness stamp
    """

    name: str
    title: str
    inputs: Callable[["Project"], tuple[str, ...]]
    figure: Callable[["Project"], "Figure"]
    alt: Callable[["Project"], str]
    caption: Callable[["Project"], str]
    computed_by: tuple[str, ...] = ()


THEMES = CHART_THEMES  # the themes each chart is drawn in (named in calc.outputs, which check imports cheaply)


def svg_bytes(chart: Chart, project: "Project", theme: str = "light") -> bytes:
    """The chart as an SVG document drawn in ``theme``; the same data gives the same bytes on every run and machine.

    Text is drawn as paths from the font matplotlib ships (DejaVu Sans), so the file needs no font at view
    time and renders the same everywhere; ids are hashed with a fixed salt; no date or creator is written.
    """
    from calc.charts import style

    with style.context(theme):
        figure = chart.figure(project)
        try:
            buffer = io.BytesIO()
            figure.savefig(buffer, format="svg", dpi=style.DPI, facecolor=style.BACKGROUND, edgecolor="none",
                           transparent=False, metadata={"Date": None, "Creator": None})
        finally:
            style.close(figure)
    return buffer.getvalue()
