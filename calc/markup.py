"""Figures, sources, tiers and charts as the Markdown a page shows: links that carry their provenance.

A figure becomes a link to its entry in the Figures catalogue (figures/<group>.md) whose title (shown as a tooltip) gives its tier,
sources and date; a source becomes a link to its entry on the Sources page. Every figure and source shown is
noted in the usage log (see calc.usage), so the generated pages can say where each is used.

Text from data/ (titles, descriptions, notes, quotes, names…) is escaped for Markdown and HTML wherever it is
put into a page: here for the links this module writes, and by the template environment (calc.templating) for
everything a template prints. What is already Markdown is a ``SafeText``; anything else gets escaped.
"""

from __future__ import annotations

import functools
import posixpath
import re

import jinja2
from markupsafe import Markup as SafeText

from calc import charts, fmt, numberstyle, outputs
from calc.charts import text as chart_text
from calc.engine import Project
from calc.quantity import Quantity
from calc.schema import web_address
from calc.usage import UsageLog

CATALOGUE_DIR = "figures"  # the Figures catalogue: figures/index.md, then one page per group of figures
CATALOGUE_INDEX = "figures/index.md"
FIGURES_PAGE = CATALOGUE_INDEX
SOURCES_PAGE = "sources.md"  # the first of the sources' pages
# The sources, by evidence tier, on two pages (as one, the page is over the 200 KB a built page may take,
# tests/browser/test_site.py): what was disclosed or verified, then what is inferred or speculated.
SOURCES_PAGES = {SOURCES_PAGE: (1, 2), "sources-inferred.md": (3, 4)}
TIERS_PAGE = "tiers.md"
MAX_CITED = 3
# A group of figures has its own catalogue page; a group too large for one page (a built page must stay under
# 200 KB of HTML, tests/browser/test_site.py) is split: the figures about this maker's models get pages of their
# own, the model named here on "<group>-<maker>", each other model on "<group>-<its line>" (the word after the
# maker's brand in its name: "Claude Sonnet 4.5" → throughput-sonnet). The titles are in templates/figures.md.j2.
SPLIT_BY_MAKER = {"throughput": ("Anthropic", "opus_4_6")}

# Characters that start Markdown syntax (emphasis, links, code, attribute lists, tables, headings) or escape it.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]{}#|])")


def escape_text(text: object) -> SafeText:
    """Data text as Markdown that shows exactly that text: on one line, HTML's &, <, > and " as entities, and
    every Markdown special character escaped. ``<script>`` shows as ``<script>``; ``[x](javascript:…)`` is not a
    link; a line break cannot start a heading, a list or an HTML block."""
    if isinstance(text, SafeText):
        return text
    flat = re.sub(r"\s+", " ", str(text))
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return SafeText(MARKDOWN_SPECIALS.sub(r"\\\1", flat))


def title_text(text: str) -> str:
    """Text for a link's title (the tooltip): on one line, with nothing that could end the title or the link,
    or split a table row."""
    flat = " ".join(text.split())
    flat = (flat.replace('"', "”").replace("|", "/").replace("\\", "/").replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))
    # Quote marks and parentheses as entities: Markdown's link parser takes them for the end of the title or
    # of the link (the browser shows them as they were).
    return flat.replace("'", "&#39;").replace("(", "&#40;").replace(")", "&#41;")


def attribute_text(text: str) -> str:
    """Text for an attribute list's quoted value ({ aria-label="…" }): letters, digits, spaces and plain
    punctuation only, so nothing can end the value or the list (an accessible name needs no more)."""
    return " ".join(re.sub(r"[^\w ,.:;()–-]", " ", text).split())


def identifier(name: str) -> SafeText:
    """A name checked against calc.schema.NAME (lower-case letters, digits, underscores): safe as it stands,
    in a code span or an anchor, where escaping would show."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ValueError(f"not an identifier: {name!r}")
    return SafeText(name)


class Markup:
    """The Markdown for figures and sources of one project, recording each one shown in ``usage``."""

    def __init__(self, project: Project, usage: UsageLog):
        self.project = project
        self.usage = usage
        self._tooltips: dict[tuple[str, bool], str] = {}
        self._texts: dict[tuple[str, str | None, int | None], str] = {}
        self._spelled_on: str | None = None  # the page whose tiers in self._spelled have been spelled out
        self._spelled: set[int] = set()

    def value_text(self, quantity: Quantity, style: str | None = None, sig: int | None = None) -> str:
        """``fmt.value_text``, worked out once per figure and style: a page shows a figure many times."""
        key = (quantity.name, style, sig)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = fmt.value_text(quantity, style, sig)
        return text

    def link(self, quantity: Quantity, text: str) -> SafeText:
        """``text`` as a link to the figure's entry, with its provenance as the link title (the tooltip)."""
        self.usage.record(quantity)
        # On the catalogue, the entry beside the figure lists its sources and date: the tooltip gives the tier only.
        brief = (self.usage.page or "").startswith(CATALOGUE_DIR + "/")
        title = self._tooltips.get((quantity.name, brief))
        if title is None:
            title = self._tooltips[quantity.name, brief] = title_text(self.tooltip(quantity, brief))
        return SafeText(f'[{escape_text(text)}]({self.href(self.catalogue_page(quantity))}#{identifier(quantity.name)} "{title}")')

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

    def href(self, page: str) -> SafeText:
        """A link to ``page`` (a path within docs/) from the page being rendered; empty for the page itself."""
        return _relative_link(page, self.usage.page or "")

    def catalogue_page(self, quantity: Quantity) -> str:
        """The catalogue page that holds a figure's entry: figures/<group>.md (see SPLIT_BY_MAKER)."""
        maker, own_page = SPLIT_BY_MAKER.get(quantity.group, (None, None))
        model = self.project.dataset.models.get(quantity.model or "")
        if maker is None or model is None or model.maker != maker:
            return f"{CATALOGUE_DIR}/{quantity.group}.md"
        if quantity.model == own_page:
            return f"{CATALOGUE_DIR}/{quantity.group}-{maker.lower()}.md"
        return f"{CATALOGUE_DIR}/{quantity.group}-{model_line(model.name)}.md"

    def as_of_suffix(self, quantity: Quantity) -> SafeText:
        return SafeText(f" (as of {quantity.as_of.display()})" if quantity.as_of else "")

    def tier_link(self, tier: float | None) -> SafeText:
        """A tier as a compact mark linking to its entry on the Tiers page: "T4" in a badge whose shape and colour
        are the tier's (as in the charts' legends; docs/stylesheets/extra.css), named "tier 4: speculation" to a
        screen reader and in its tooltip. The first mark of each tier on a page also spells the tier out."""
        if tier is None:
            return SafeText(f"[exact by definition]({self.href(TIERS_PAGE)}#definitions)")
        tier = int(tier)
        name = self.project.dataset.tiers[tier].name
        page = self.usage.page
        if self._spelled_on != page:
            self._spelled_on, self._spelled = page, set()
        words, named = f"T{tier}", f' aria-label="{attribute_text(f"T{tier}, tier {tier}: {name.lower()}")}"'
        if tier not in self._spelled:
            self._spelled.add(tier)
            words, named = f"T{tier}: tier {tier}, {name.lower()}", ""  # its words are its name
        title = title_text(tier_title(tier, name))
        return SafeText(f'[{escape_text(words)}]({self.href(TIERS_PAGE)}#tier-{tier} "{title}")'
                        f'{{ .tier .tier--{tier}{named} }}')

    def begin_page(self) -> None:
        """A page starts: its first mark of each tier spells the tier out again."""
        self._spelled_on, self._spelled = self.usage.page, set()

    def leader(self, quantities: list[Quantity]) -> SafeText:
        """The model whose figure is highest, or "tied: A and B" when the next is within the figures' resolution
        as shown (calc.numberstyle.leaders): a lead of one last digit is no lead."""
        names = [self.model_name(q.model) for q in numberstyle.leaders(quantities)]
        if len(names) == 1:
            return names[0]
        return SafeText("tied: " + ", ".join(names[:-1]) + " and " + names[-1])

    def model_name(self, model_id: str | None) -> SafeText:
        if model_id is None or model_id not in self.project.dataset.models:
            raise jinja2.UndefinedError(f"unknown model '{model_id}'")
        return escape_text(self.project.dataset.models[model_id].name)

    def source_links(self, quantity: Quantity) -> SafeText:
        return SafeText("; ".join(self.cite(s) for s in quantity.sources))

    def cite(self, source_id: str) -> SafeText:
        source = self.project.dataset.sources.get(source_id)
        if source is None:
            raise jinja2.UndefinedError(f"unknown source '{source_id}'")
        self.usage.cite(source_id)
        return SafeText(f"[{escape_text(source.cite or source.title)}]({self.href(source_page(source.tier))}#"
                        f"{identifier(source_id).replace('_', '-')})")

    def reference(self, source_id: str) -> SafeText:
        """A full reference line: short citation, publisher, title, date, and the address or why there is none."""
        source = self.project.dataset.sources.get(source_id)
        if source is None:
            raise jinja2.UndefinedError(f"unknown source '{source_id}'")
        when = source.date.display() if source.date else "undated"
        where = f"<{address(source.link)}>" if source.link else f"Not linked: {escape_text(source.unlocated)}"
        publisher, title = escape_text(source.publisher), escape_text(source.title)
        return SafeText(f"{self.cite(source_id)} — {publisher}, “{title}” "
                        f"({when}). {where}")

    def quote(self, source_id: str, key: str) -> SafeText:
        source = self.project.dataset.sources.get(source_id)
        quotes = dict(source.quotes) if source else {}
        if key not in quotes:
            raise jinja2.UndefinedError(f"source '{source_id}' has no quote '{key}'")
        self.usage.cite(source_id)
        return SafeText(f"“{escape_text(quotes[key])}” ({self.cite(source_id)})")

    def chart(self, name: str) -> str:
        """A chart as a picture linking to its SVG, with its alt text and a caption whose figures are links."""
        chart = next((c for c in charts.ALL if c.name == name), None)
        if chart is None:
            raise jinja2.UndefinedError(f"unknown chart '{name}'")
        for quantity in chart.inputs(self.project):
            self.usage.record(self.project.quantities[quantity])
        self.usage.charts[name] = chart
        alt = escape_text(chart.alt(self.project).replace("]", ")").replace("[", "("))
        with chart_text.linking(self.link, escape_text):
            caption = chart.caption(self.project)
        # One drawing per colour scheme (the page's CSS shows the one for its scheme); each picture links to its
        # SVG, so a reader on a small screen can open it full size.
        pictures = []
        for theme in charts.THEMES:
            path = self.href(outputs.site_path(outputs.chart_path(identifier(name), theme)))  # charts/<name>.svg
            pictures.append(f"[![{alt}]({path}){{ loading=lazy }}]({path}){{ .chart .chart--{theme} }}")
        return SafeText("\n".join(pictures) + f"\n\n*{caption}*")


def source_page(tier: float) -> str:
    """The page of the sources at this tier (SOURCES_PAGES)."""
    return next((page for page, tiers in SOURCES_PAGES.items() if int(tier) in tiers), SOURCES_PAGE)


def model_line(name: str) -> str:
    """A model's line, from its name: "Claude Sonnet 4.5" → "sonnet" (the word after the brand); a one-word
    name is its own line."""
    words = re.findall(r"[A-Za-z]+", name)
    return (words[1] if len(words) > 1 else words[0] if words else "other").lower()


def tier_title(tier: int, name: str) -> str:
    """A tier's tooltip: "Tier 4 · Speculation", as a figure's tooltip names it."""
    return f"Tier {tier} · {name}"


@functools.lru_cache(maxsize=4096)
def _relative_link(page: str, here: str) -> SafeText:
    """The path from page ``here`` to ``page`` (kept: the Figures pages ask for the same few thousands of times)."""
    if page == here:
        return SafeText("")
    return page_path(posixpath.relpath(page, posixpath.dirname(here) or "."))


def page_path(path: str) -> SafeText:
    """A path within the site, built from page names and identifiers: safe as it stands in a link's target."""
    if not re.fullmatch(r"[A-Za-z0-9_./-]+", path):
        raise ValueError(f"not a page path: {path!r}")
    return SafeText(path)


def address(link: str) -> SafeText:
    """A source's address as checked by calc.schema.web_address (http or https, nothing that can leave a link)."""
    if not web_address(link):
        raise ValueError(f"not a web address: {link!r}")
    return SafeText(link)
