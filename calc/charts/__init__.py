"""The site's charts: each drawn from named quantities, with alt text and a caption made by calc.fmt.

``ALL`` lists every chart; ``svg_bytes`` draws one as deterministic SVG (the same data gives the same bytes).
Importing this package does not import matplotlib; drawing a chart does.
"""

from __future__ import annotations

from calc.charts import prices, routing, scale, throughput, totals
from calc.charts.base import THEMES, Chart, svg_bytes

ALL: tuple[Chart, ...] = (scale.CHART, throughput.CHART, totals.CHART, prices.CHART, routing.CHART)

__all__ = ["ALL", "THEMES", "Chart", "svg_bytes"]
