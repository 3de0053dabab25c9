"""Figures, sources, tiers and charts as the Markdown a page shows: links that carry their provenance.

A figure becomes a link to its entry in the Figures catalogue (figures/<group>.md) whose title (shown as a tooltip) gives its tier,
sources and date; a source becomes a link to its entry on the Sources page. Every figure and source shown is
noted in the usage log (see calc.usage), so the generated pages can say where each is used.
"""

from __future__ import annotations

import posixpath

import jinja2

from calc import fmt, outputs
from calc.engine import Project
from calc.quantity import Quantity
from calc.usage import UsageLog

CATALOGUE_DIR = "figures"  # the Figures catalogue: figures/index.md, then one page per group of figures
CATALOGUE_INDEX = "figures/index.md"
FIGURES_PAGE = CATALOGUE_INDEX
SOURCES_PAGE = "sources.md"
TIERS_PAGE = "tiers.md"
MAX_CITED = 3
# A group of figures has its own catalogue page; a group too large for one page (over ~200 KB of HTML) is
# split in two: the figures about these makers' models get a page of their own, "<group>-<maker>".
SPLIT_BY_MAKER = {"throughput": "Anthropic"}


class Markup:
    """The Markdown for figures and sources of one project, recording each one shown in ``usage``."""

    def __init__(self, project: Project, usage: UsageLog):
        self.project = project
        self.usage = usage
        self._tooltips: dict[tuple[str, bool], str] = {}
        self._texts: dict[tuple[str, str | None, int | None], str] = {}

    def value_text(self, quantity: Quantity, style: str | None = None, sig: int | None = None) -> str:
        """``fmt.value_text``, worked out once per figure and style: a page shows a figure many times."""
        key = (quantity.name, style, sig)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = fmt.value_text(quantity, style, sig)
        return text

    def link(self, quantity: Quantity, text: str) -> str:
        """``text`` as a link to the figure's entry, with its provenance as the link title (the tooltip)."""
        self.usage.record(quantity)
        # On the catalogue, the entry beside the figure lists its sources and date: the tooltip gives the tier only.
        brief = (self.usage.page or "").startswith(CATALOGUE_DIR + "/")
        title = self._tooltips.get((quantity.name, brief))
        if title is None:
            title = self._tooltips[quantity.name, brief] = self.tooltip(quantity, brief).replace('"', "”").replace("|", "/")
        return f'[{text}]({self.href(self.catalogue_page(quantity))}#{quantity.name} "{title}")'

    def tooltip(self, quantity: Quantity, brief: bool = False) -> str:
        if quantity.tier is None:
            provenance = "Exact by definition"
        else:
            tier = self.project.dataset.tiers.get(quantity.tier)
            provenance = f"Tier {quantity.tier}" + (f" · {tier.name}" if tier else "")
        if brief:
            return provenance
        sources = [self.project.dataset.sources[s] for s in quantity.sources if s in self.project.dataset.sources]
        names = [s.cite or s.title for s in sources[:MAX_CITED]]
        if len(sources) > MAX_CITED:
            names.append(f"{len(sources) - MAX_CITED} more")
        parts = [provenance] + (["Source: " + "; ".join(names)] if names else [])
        if quantity.as_of:
            parts.append(f"as of {quantity.as_of.display()}")
        return " — ".join(parts)

    def href(self, page: str) -> str:
        """A link to ``page`` (a path within docs/) from the page being rendered; empty for the page itself."""
        here = self.usage.page or ""
        if page == here:
            return ""
        return posixpath.relpath(page, posixpath.dirname(here) or ".")

    def catalogue_page(self, quantity: Quantity) -> str:
        """The catalogue page that holds a figure's entry: figures/<group>.md (see SPLIT_BY_MAKER)."""
        maker = SPLIT_BY_MAKER.get(quantity.group)
        model = self.project.dataset.models.get(quantity.model or "")
        if maker and model is not None and model.maker == maker:
            return f"{CATALOGUE_DIR}/{quantity.group}-{maker.lower()}.md"
        return f"{CATALOGUE_DIR}/{quantity.group}.md"

    def as_of_suffix(self, quantity: Quantity) -> str:
        return f" (as of {quantity.as_of.display()})" if quantity.as_of else ""

    def tier_link(self, tier: float | None) -> str:
        if tier is None:
            return f"[exact by definition]({self.href(TIERS_PAGE)}#definitions)"
        tier = int(tier)
        name = self.project.dataset.tiers[tier].name.lower()
        return f"[tier {tier} ({name})]({self.href(TIERS_PAGE)}#tier-{tier})"

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
        return f"[{source.cite or source.title}]({self.href(SOURCES_PAGE)}#{source_id.replace('_', '-')})"

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
        # One drawing per colour scheme (the page's CSS shows the one for its scheme); each picture links to its
        # SVG, so a reader on a small screen can open it full size.
        pictures = []
        for theme in charts.THEMES:
            path = self.href(outputs.chart_path(name, theme).removeprefix("docs/"))
            pictures.append(f"[![{alt}]({path}){{ loading=lazy }}]({path}){{ .chart .chart--{theme} }}")
        return "\n".join(pictures) + f"\n\n*{caption}*"
