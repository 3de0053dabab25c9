"""Figures, sources, tiers and charts as the Markdown a page shows: links that carry their provenance.

A figure becomes a link to its entry on the Figures page whose title (shown as a tooltip) gives its tier,
sources and date; a source becomes a link to its entry on the Sources page. Every figure and source shown is
noted in the usage log (see calc.usage), so the generated pages can say where each is used.
"""

from __future__ import annotations

import jinja2

from calc import fmt
from calc.engine import Project
from calc.quantity import Quantity
from calc.usage import UsageLog

FIGURES_PAGE = "figures.md"
SOURCES_PAGE = "sources.md"
TIERS_PAGE = "tiers.md"
MAX_CITED = 3


class Markup:
    """The Markdown for figures and sources of one project, recording each one shown in ``usage``."""

    def __init__(self, project: Project, usage: UsageLog):
        self.project = project
        self.usage = usage
        self._tooltips: dict[str, str] = {}

    def link(self, quantity: Quantity, text: str) -> str:
        """``text`` as a link to the figure's entry, with its provenance as the link title (the tooltip)."""
        self.usage.record(quantity)
        title = self._tooltips.get(quantity.name)
        if title is None:
            title = self._tooltips[quantity.name] = self.tooltip(quantity).replace('"', "”").replace("|", "/")
        target = "" if self.usage.page == FIGURES_PAGE else FIGURES_PAGE
        return f'[{text}]({target}#{quantity.name} "{title}")'

    def tooltip(self, quantity: Quantity) -> str:
        if quantity.tier is None:
            provenance = "Exact by definition"
        else:
            tier = self.project.dataset.tiers.get(quantity.tier)
            provenance = f"Tier {quantity.tier}" + (f" · {tier.name}" if tier else "")
        sources = [self.project.dataset.sources[s] for s in quantity.sources if s in self.project.dataset.sources]
        names = [s.cite or s.title for s in sources[:MAX_CITED]]
        if len(sources) > MAX_CITED:
            names.append(f"{len(sources) - MAX_CITED} more")
        parts = [provenance] + (["Source: " + "; ".join(names)] if names else [])
        if quantity.as_of:
            parts.append(f"as of {quantity.as_of.display()}")
        return " — ".join(parts)

    def as_of_suffix(self, quantity: Quantity) -> str:
        return f" (as of {quantity.as_of.display()})" if quantity.as_of else ""

    def tier_link(self, tier: float | None) -> str:
        if tier is None:
            return f"[exact by definition]({TIERS_PAGE}#definitions)"
        tier = int(tier)
        name = self.project.dataset.tiers[tier].name.lower()
        return f"[tier {tier} ({name})]({TIERS_PAGE}#tier-{tier})"

    def model_name(self, model_id: str | None) -> str:
        if model_id is None or model_id not in self.project.dataset.models:
            raise jinja2.UndefinedError(f"unknown model '{model_id}'")
        return self.project.dataset.models[model_id].name

    def source_links(self, quantity: Quantity) -> str:
        return "; ".join(self.cite(s) for s in quantity.sources)

    def cite(self, source_id: str) -> str:
        source = self.project.dataset.sources.get(source_id)
        if source is None:
            raise jinja2.UndefinedError(f"unknown source '{source_id}'")
        self.usage.cite(source_id)
        target = "" if self.usage.page == SOURCES_PAGE else SOURCES_PAGE
        return f"[{source.cite or source.title}]({target}#{source_id.replace('_', '-')})"

    def reference(self, source_id: str) -> str:
        """A full reference line: short citation, publisher, title, date, and the address or why there is none."""
        source = self.project.dataset.sources.get(source_id)
        if source is None:
            raise jinja2.UndefinedError(f"unknown source '{source_id}'")
        when = source.date.display() if source.date else "undated"
        where = f"<{source.link}>" if source.link else f"Not linked: {source.unlocated}"
        return f"{self.cite(source_id)} — {source.publisher}, “{source.title}” ({when}). {where}"

    def quote(self, source_id: str, key: str) -> str:
        source = self.project.dataset.sources.get(source_id)
        quotes = dict(source.quotes) if source else {}
        if key not in quotes:
            raise jinja2.UndefinedError(f"source '{source_id}' has no quote '{key}'")
        self.usage.cite(source_id)
        return f"“{quotes[key]}” ({self.cite(source_id)})"

    def chart(self, name: str) -> str:
        """A chart as a picture linking to its SVG, with its alt text and a caption whose figures are links."""
        from calc import charts
        from calc.charts import text
        chart = next((c for c in charts.ALL if c.name == name), None)
        if chart is None:
            raise jinja2.UndefinedError(f"unknown chart '{name}'")
        for quantity in chart.inputs(self.project):
            self.usage.record(self.project.quantities[quantity])
        self.usage.charts[name] = chart
        alt = chart.alt(self.project).replace("]", ")").replace("[", "(").replace("\n", " ")
        with text.linking(self.link):
            caption = chart.caption(self.project)
        # The picture links to the SVG itself, so a reader on a small screen can open it full size.
        return f"[![{alt}](figures/{name}.svg)](figures/{name}.svg)\n\n*{caption}*"
