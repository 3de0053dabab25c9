"""Templates to Markdown: every figure a template names comes out formatted, linked and explained.

A template sees the quantities as ``q``: ``{{ q.active_params_fp8_opus_4_6 }}`` prints the figure in its
kind's style, as a link to its entry on the Figures page whose title (shown as a tooltip) gives its tier,
sources and date. Filters choose another style (``| multiple``, ``| fraction``, ``| pct``, ``| approx``…); the
template never does arithmetic and never types a figure (see calc.lint).

Rendering is pure: it returns the files it would write, and writes nothing (see calc.outputs).
"""

from __future__ import annotations

import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from calc import fmt, outputs
from calc.charts.base import THEMES as CHART_THEMES
from calc.engine import Project
from calc.errors import Location, Problem
from calc.quantity import Quantity

TEMPLATE_SUFFIX = ".md.j2"
CATALOGUE_TEMPLATE = "figures.md.j2"  # rendered once per catalogue page: the index, then one page per group
CATALOGUE_DIR = "figures"
CATALOGUE_INDEX = "figures/index.md"
SOURCES_PAGE = "sources.md"
TIERS_PAGE = "tiers.md"
GENERATED_PAGES = ("figures", "sources", "tiers")  # rendered last: they list where every figure is used
# A group of figures has its own catalogue page; a group too large for one page (over ~200 KB of HTML) is
# split in two: the figures about these makers' models get a page of their own, "<group>-<maker>".
SPLIT_BY_MAKER = {"throughput": "Anthropic"}
REFUSED_FILTERS = ("default", "d")
REFUSED_TESTS = ("defined", "undefined")
MAX_CITED = 3


@dataclass(frozen=True)
class Use:
    """One place a figure is shown: the page, the template line, and the section it falls under."""

    page: str
    template: str
    line: int
    section: str = ""
    anchor: str = ""


@dataclass
class Rendered:
    """A page rendered in memory."""

    template: str  # path of the template, e.g. templates/opus-4-6-size.md.j2
    page: str  # path of the page within docs/, e.g. opus-4-6-size.md
    text: str
    uses: list[tuple[str, Use]] = field(default_factory=list)


class TemplateProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class Renderer:
    """One rendering of every template, against one computed project."""

    def __init__(self, project: Project, root: Path | None = None):
        self.project = project
        self.root = root or project.root
        self.templates_dir = self.root / "templates"
        self.environment = self._environment()
        self.uses: dict[str, list[Use]] = {}
        self.cited_sources: set[str] = set()
        self.charts: dict[str, Any] = {}
        self.titles: dict[str, str] = {}
        self.nav_labels: dict[str, str] = _nav_labels(self.root)  # page → its short name in the site's navigation
        self._page: Rendered | None = None
        self._template: jinja2.Template | None = None

    # --- the environment ---------------------------------------------------------------------------------

    def _environment(self) -> SandboxedEnvironment:
        environment = _NoArithmeticEnvironment(
            loader=jinja2.FileSystemLoader(str(self.templates_dir)), undefined=jinja2.StrictUndefined,
            autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        for name in REFUSED_FILTERS:
            environment.filters.pop(name, None)
        for name in REFUSED_TESTS:
            environment.tests.pop(name, None)
        environment.filters.update({
            "fig": lambda f, style=None: self.show(f, fmt.value_text(f.quantity, style)),
            "multiple": lambda f: self.show(f, fmt.multiple(f.quantity)),
            "fraction": lambda f: self.show(f, fmt.fraction(f.quantity)),
            "pct": lambda f: self.show(f, fmt.percent(f.quantity)),
            "sig": lambda f, n: self.show(f, fmt.value_text(f.quantity, sig=n)),
            "approx": lambda f: self.show(f, (fmt.APPROX if fmt.is_rounded(f.quantity) and not f.quantity.approximate
                                              else "") + fmt.value_text(f.quantity)),
            "exact": lambda f: self.show(f, fmt.exact_text(f.quantity)),
            "asof": lambda f: self.show(f, fmt.value_text(f.quantity)) + self.as_of_suffix(f.quantity),
            "plain": lambda f: fmt.value_text(f.quantity),
            "number": lambda f: self.show(f, fmt.value_text(f.quantity, "count")),
            "tier": lambda f: self.tier_link(f.quantity.tier),
            "model": lambda f: self.model_name(f.quantity.model),
            "sources": lambda f: self.source_links(f.quantity),
            "low": lambda f: _Bound(f, "low"),
            "high": lambda f: _Bound(f, "high"),
        })
        environment.tests["contains"] = lambda sequence, item: item in sequence
        environment.globals.update({
            "q": Quantities(self), "cite": self.cite, "quote": self.quote, "reference": self.reference,
            "model": self.model_name,
            "chart": self.chart, "tier_link": self.tier_link, "tiers": self.project.dataset.tiers,
            "claims": {name: ClaimView(result, self) for name, result in self.project.claims.items()},
        })
        return environment

    # --- what templates call --------------------------------------------------------------------------------

    def show(self, figure: "Figure", text: str) -> str:
        """``text`` as a link to the figure's entry, with its provenance as the link title (the tooltip)."""
        self._record(figure.quantity)
        # On the catalogue, the entry beside the figure lists its sources and date: the tooltip gives the tier only.
        on_catalogue = bool(self._page and self._page.page.startswith(CATALOGUE_DIR + "/"))
        title = self.tooltip(figure.quantity, brief=on_catalogue).replace('"', "”").replace("|", "/")
        return f'[{text}]({self.href(self.catalogue_page(figure.quantity))}#{figure.quantity.name} "{title}")'

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
        self.cited_sources.add(source_id)
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
        self.cited_sources.add(source_id)
        return f"“{quotes[key]}” ({self.cite(source_id)})"

    def chart(self, name: str) -> str:
        from calc import charts
        chart = next((c for c in charts.ALL if c.name == name), None)
        if chart is None:
            raise jinja2.UndefinedError(f"unknown chart '{name}'")
        for quantity in chart.inputs(self.project):
            self._record(self.project.quantities[quantity])
        self.charts[name] = chart
        from calc.charts import text
        alt = chart.alt(self.project).replace("]", ")").replace("[", "(").replace("\n", " ")
        with text.linking(lambda quantity, shown: self.show(Figure(quantity, self), shown)):
            caption = chart.caption(self.project)
        # One drawing per colour scheme (the page's CSS shows the one for its scheme); each picture links to its
        # SVG, so a reader on a small screen can open it full size.
        pictures = []
        for theme in CHART_THEMES:
            path = self.href(outputs.chart_path(name, theme).removeprefix("docs/"))
            pictures.append(f"[![{alt}]({path}){{ loading=lazy }}]({path}){{ .chart .chart--{theme} }}")
        pictures = "\n".join(pictures)
        return f"{pictures}\n\n*{caption}*"

    def href(self, page: str) -> str:
        """A link to ``page`` (a path within docs/) from the page being rendered; empty for the page itself."""
        here = self._page.page if self._page else ""
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

    # --- usage --------------------------------------------------------------------------------------------

    def _record(self, quantity: Quantity) -> None:
        if self._page is None:
            return
        line = self._template_line()
        self._page.uses.append((quantity.name, Use(self._page.page, self._page.template, line)))

    def _template_line(self) -> int:
        """The template line being rendered, from the Jinja frame on the call stack."""
        frame = sys._getframe(2)
        template = self._template
        while frame is not None and template is not None:
            if frame.f_code.co_filename == template.filename:
                return template.get_corresponding_lineno(frame.f_lineno)
            frame = frame.f_back  # type: ignore[assignment]
        return 0

    # --- rendering ---------------------------------------------------------------------------------------------

    def template_names(self) -> list[str]:
        names = sorted(p.name for p in self.templates_dir.glob(f"*{TEMPLATE_SUFFIX}"))
        return sorted(names, key=lambda n: n.removesuffix(TEMPLATE_SUFFIX) in GENERATED_PAGES)

    def render_all(self) -> tuple[list[Rendered], list[Problem]]:
        pages: list[Rendered] = []
        problems: list[Problem] = []
        for name in self.template_names():
            stem = name.removesuffix(TEMPLATE_SUFFIX)
            if stem in GENERATED_PAGES:
                self.uses = _collect_uses(pages)
            catalogue = self.catalogue() if name == CATALOGUE_TEMPLATE else [None]
            for here in catalogue:
                page_name = here.page if here else f"{stem}.md"
                try:
                    pages.append(self.render(name, page_name, catalogue=here, catalogue_pages=catalogue,
                                             catalogue_page_of=self._catalogue_pages_of()))
                except TemplateProblem as exc:
                    problems.append(exc.problem)
                    break  # the same template fails the same way on every catalogue page
        return pages, problems

    def catalogue(self) -> list["CataloguePage"]:
        """The Figures catalogue: its index, then one page per group (in the order the groups first appear)."""
        by_page: dict[str, list[Figure]] = {}
        for figure in self._figures():
            by_page.setdefault(self.catalogue_page(figure.quantity), []).append(figure)
        groups = [CataloguePage(page, posixpath.basename(page).removesuffix(".md"), figures)
                  for page, figures in by_page.items()]
        return [CataloguePage(CATALOGUE_INDEX, None, [])] + groups

    def _catalogue_pages_of(self) -> dict[str, str]:
        return {name: self.catalogue_page(quantity) for name, quantity in self.project.quantities.items()}

    def render(self, name: str, page_name: str, **context: Any) -> Rendered:
        shown = f"templates/{name}"
        self._page = Rendered(shown, page_name, "")
        try:
            template = self._template = self.environment.get_template(name)
            text = template.render(page=page_name, uses=self.uses, titles=self.titles,
                                   labels={**self.titles, **self.nav_labels},
                                   project=self.project, figures=self._figures(),
                                   sources=self.project.dataset.sources, cited=self.cited_sources,
                                   citing=self._citing(), href=self.href, **context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(Problem(Location(shown, exc.lineno), f"template syntax error: {exc.message}",
                                          "Fix the Jinja tag on this line")) from None
        except (jinja2.TemplateError, SecurityError, TypeError, ValueError, AttributeError, KeyError) as exc:
            line = _error_line(exc, self.templates_dir / name, self.environment)
            raise TemplateProblem(Problem(Location(shown, line), f"cannot render: {_reason(exc)}",
                                          "Name an existing quantity, source, model or chart; templates may not do "
                                          "arithmetic or fall back on defaults")) from None
        page = self._page
        page.text = text
        _add_sections(page)
        self.titles[page_name] = next((FIGURE_LINK.sub(r"\1", m.group(2)) for m in map(HEADING.match, text.splitlines())
                                       if m and len(m.group(1)) == 1), page_name)
        self._page = None
        return page

    def _citing(self) -> dict[str, dict[str, Any]]:
        """For each source, the data taken from it directly and how many computed figures inherit it."""
        citing: dict[str, dict[str, Any]] = {s: {"direct": [], "inherited": 0} for s in self.project.dataset.sources}
        for quantity in self.project.quantities.values():
            for source in quantity.sources:
                if source not in citing:
                    continue
                if quantity.origin == "derived":
                    citing[source]["inherited"] += 1
                else:
                    citing[source]["direct"].append(quantity.name)
        return citing

    def _figures(self) -> list["Figure"]:
        return [Figure(q, self) for q in self.project.quantities.values()]


@dataclass(frozen=True)
class CataloguePage:
    """One page of the Figures catalogue: the index (key None) or a group's page, with the figures it holds."""

    page: str  # within docs/, e.g. figures/prices.md
    key: str | None  # e.g. "prices", "throughput-anthropic"; None for the index
    figures: list["Figure"]


class _NoArithmeticEnvironment(SandboxedEnvironment):
    """Arithmetic belongs in calc/, where it is unit-checked and shown as a formula; templates may not do it."""

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])
    intercepted_unops = frozenset(["+", "-"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"arithmetic ('{operator}') is not allowed in templates; compute it in calc/")

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        raise SecurityError(f"arithmetic ('{operator}') is not allowed in templates; compute it in calc/")


class Figure:
    """A quantity as a template sees it. Printing it gives the figure in its default style, linked."""

    def __init__(self, quantity: Quantity, renderer: Renderer):
        self.quantity = quantity
        self._renderer = renderer

    def __str__(self) -> str:
        return self._renderer.show(self, fmt.value_text(self.quantity))

    # Read-only attributes a template may use for wording and for comparisons (no arithmetic).
    @property
    def name(self) -> str:
        return self.quantity.name

    @property
    def description(self) -> str:
        return self.quantity.description

    @property
    def tier(self) -> int | None:
        return self.quantity.tier

    @property
    def low(self) -> float:
        return self.quantity.low

    @property
    def high(self) -> float:
        return self.quantity.high

    @property
    def is_range(self) -> bool:
        return self.quantity.is_range

    @property
    def rounded(self) -> bool:
        """Whether the figure as shown differs from its exact value (so the Figures page gives both)."""
        return fmt.is_rounded(self.quantity)

    @property
    def model(self) -> str | None:
        return self.quantity.model

    @property
    def origin(self) -> str:
        return self.quantity.origin

    @property
    def entry(self) -> Any:
        return self.quantity.entry


class ClaimView:
    """A claim as a template sees it: its statement, its figure, its computed tier and its evidence."""

    def __init__(self, result: Any, renderer: Renderer):
        self.statement = result.claim.statement
        self.tier = result.tier
        self.figure = Figure(renderer.project.quantities[result.claim.figure], renderer)
        self.evidence = [
            {"figure": Figure(renderer.project.quantities[e.figure], renderer), "bears": e.bears, "why": e.why,
             "tier": tier}
            for e, tier in zip(result.claim.evidence, result.effective)]


class _Bound:
    """One end of a range, shown and linked like the figure it belongs to (``{{ q.x | low }}``)."""

    def __init__(self, figure: Figure, end: str):
        self.figure, self.end = figure, end

    def __str__(self) -> str:
        from dataclasses import replace
        quantity = self.figure.quantity
        one_end = replace(quantity, value=quantity.low if self.end == "low" else quantity.high)
        return self.figure._renderer.show(self.figure, fmt.value_text(one_end))


class Quantities:
    """``q`` in templates: ``q.name`` is a Figure; ``q.family(prefix)`` the figures named prefix_<model>."""

    def __init__(self, renderer: Renderer):
        self._renderer = renderer

    def __getattr__(self, name: str) -> Figure:
        quantities = self._renderer.project.quantities
        if name.startswith("_") or name not in quantities:
            raise jinja2.UndefinedError(f"unknown quantity '{name}'")
        return Figure(quantities[name], self._renderer)

    def pick(self, prefix: str, model_id: str) -> Figure:
        """The figure named ``prefix_<model id>``: for tables that walk a family row by row."""
        return self.__getattr__(f"{prefix}_{model_id}")

    def family(self, prefix: str) -> list[Figure]:
        """Figures named ``prefix_<model id>``, in the order of data/models.yaml."""
        project = self._renderer.project
        found = [Figure(project.quantities[f"{prefix}_{m}"], self._renderer)
                 for m in project.dataset.models if f"{prefix}_{m}" in project.quantities]
        if not found:
            raise jinja2.UndefinedError(f"no quantities named '{prefix}_<model>'")
        return found


# --- sections and uses ---------------------------------------------------------------------------------------

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{:?\s*#([\w-]+)\s*\})?\s*$")
FIGURE_LINK = re.compile(r"\[([^\]]*)\]\((?:[\w./-]*\.md)?#([a-z][a-z0-9_]*) \"[^\"]*\"\)")  # a figure always has a title


def _add_sections(page: Rendered) -> None:
    """Give each use the heading it falls under, found by scanning the rendered page for figure links."""
    from markdown.extensions.toc import slugify
    headings: list[tuple[int, str, str]] = []  # (output line, text, anchor)
    for number, line in enumerate(page.text.splitlines(), 1):
        match = HEADING.match(line)
        if match:
            text = FIGURE_LINK.sub(r"\1", match.group(2))
            headings.append((number, text, match.group(3) or slugify(text, "-")))
    positions: dict[str, list[int]] = {}
    for number, line in enumerate(page.text.splitlines(), 1):
        for match in FIGURE_LINK.finditer(line):
            positions.setdefault(match.group(2), []).append(number)
    seen: dict[str, int] = {}
    located = []
    for name, use in page.uses:
        index = seen.get(name, 0)
        seen[name] = index + 1
        lines = positions.get(name, [])
        line = lines[index] if index < len(lines) else (lines[-1] if lines else 0)
        heading = next(((t, a) for n, t, a in reversed(headings) if n <= line), ("", ""))
        located.append((name, Use(use.page, use.template, use.line, heading[0], heading[1])))
    page.uses = located


def _collect_uses(pages: list[Rendered]) -> dict[str, list[Use]]:
    """Where each figure is shown: once per section of a page, however often the section shows it."""
    uses: dict[str, list[Use]] = {}
    for page in pages:
        for name, use in page.uses:
            if all((u.page, u.anchor) != (use.page, use.anchor) for u in uses.setdefault(name, [])):
                uses[name].append(use)
    return uses


def _nav_labels(root: Path) -> dict[str, str]:
    """Each page's label in mkdocs.yml's nav (its short name), for lists such as "Used in"."""
    config = root / "mkdocs.yml"
    labels: dict[str, str] = {}

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            for label, target in (item.items() if isinstance(item, dict) else []):
                if isinstance(target, str):
                    labels.setdefault(target, label)
                else:
                    walk(target)

    if config.exists():
        walk((yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}).get("nav"))
    return labels


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV; their values do not matter for the nav."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def figure_links(text: str) -> Iterator[tuple[str, str, int]]:
    """(quantity name, shown text, line) for every figure link in a rendered page."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in FIGURE_LINK.finditer(line):
            yield match.group(2), match.group(1), number


def _error_line(exc: BaseException, template_path: Path, environment: jinja2.Environment) -> int | None:
    line = getattr(exc, "lineno", None)
    if line:
        return int(line)
    trace = exc.__traceback__
    found = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == str(template_path):
            found = trace.tb_lineno
        trace = trace.tb_next
    if found is None:
        return None
    try:
        return environment.get_template(template_path.name).get_corresponding_lineno(found)
    except jinja2.TemplateError:
        return found


def _reason(exc: BaseException) -> str:
    text = str(exc)
    match = re.match(r"'(?:calc\.render\.)?(\w+) object' has no attribute '(\w+)'", text)
    if match:
        return f"'{match.group(1)}' has no '{match.group(2)}'"
    return text

