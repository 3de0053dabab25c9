"""Templates to Markdown: every page rendered in memory, with its figures and where it shows them.

Three pieces do the work: calc.templating is what a template sees (``q``, the filters, ``cite``, ``chart``…),
calc.markup writes a figure or a source as a link carrying its provenance, and calc.usage records where each
figure is shown. This module renders the pages in order (the generated Figures, Sources and Tiers pages last,
since they list where every figure is used) and turns a template's failure into a problem with its line.

Rendering is pure: it returns the pages it would write, and writes nothing (see calc.outputs).
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import SecurityError

from calc import limits, yamlsafe
from calc.engine import Project
from calc.errors import CalcError, Location, Problem
from calc.numberstyle import one_prefix_per_column
from calc.markup import CATALOGUE_INDEX, FIGURES_PAGE, SOURCES_PAGE, SOURCES_PAGES, TIERS_PAGE, Markup, SafeText, identifier, page_path
from calc.templating import TEMPLATE_SUFFIX, BadArgument, CataloguePage, NotATemplate, ClaimBinder, Figure, SourceView, bind_claims, environment
from calc.usage import FIGURE_LINK, HEADING, Use, UsageLog, add_sections, collect_uses, figure_links, page_title

__all__ = ["CATALOGUE_INDEX", "FIGURES_PAGE", "FIGURE_LINK", "HEADING", "SOURCES_PAGE", "TIERS_PAGE", "Rendered", "Renderer",
           "TemplateProblem", "Use", "figure_links"]

SOURCES_TEMPLATE = "sources.md.j2"  # rendered once per page of sources (calc.markup.SOURCES_PAGES)
CATALOGUE_TEMPLATE = "figures.md.j2"  # rendered once per catalogue page: the index, then one page per group
GENERATED_PAGES = ("figures", "sources", "tiers")  # rendered last: they list where every figure is used


@dataclass
class Rendered:
    """A page rendered in memory."""

    template: str  # path of the template, e.g. templates/opus-4-6-size.md.j2
    page: str  # path of the page within docs/, e.g. opus-4-6-size.md
    text: str
    uses: list[tuple[str, Use]] = field(default_factory=list)
    bindings: list[Any] = field(default_factory=list)  # calc.assertions.Binding: sentences bound to claims


class TemplateProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class Renderer:
    """One rendering of every template, against one computed project."""

    def __init__(self, project: Project, root: Path | None = None,
                 bytecode_cache: jinja2.BytecodeCache | None = None):
        self.project = project
        self.root = root or project.root
        self.templates_dir = self.root / "templates"
        self.usage = UsageLog()
        self.markup = Markup(project, self.usage)
        self.environment = environment(self.templates_dir, self.markup, bytecode_cache)
        self.claims = ClaimBinder(project.dataset, self.usage)
        bind_claims(self.environment, self.claims)
        self.uses: dict[str, list[Use]] = {}
        self._uses_shown: tuple[dict[str, list[Use]], dict[str, list[Use]]] | None = None
        self.titles: dict[str, str] = {}
        self._citations: dict[str, dict[str, Any]] | None = None
        self.nav_titles = _nav_labels(self.root)  # page → its title in mkdocs.yml's nav, as written (HTML)
        self.nav_labels: dict[str, str] = {page: html.unescape(title) for page, title in self.nav_titles.items()}

    @property
    def cited_sources(self) -> set[str]:
        return self.usage.cited_sources

    @property
    def charts(self) -> dict[str, Any]:
        return self.usage.charts

    def template_names(self) -> list[str]:
        names = sorted(p.name for p in self.templates_dir.glob(f"*{TEMPLATE_SUFFIX}") if p.is_file())
        return sorted(names, key=lambda n: n.removesuffix(TEMPLATE_SUFFIX) in GENERATED_PAGES)

    def render_all(self, skip: set[str] | frozenset[str] = frozenset()) -> tuple[list[Rendered], list[Problem]]:
        """Every page, but those of the templates in ``skip`` (paths such as templates/x.md.j2: their problems
        are reported already)."""
        pages: list[Rendered] = []
        problems: list[Problem] = []
        for name in self.template_names():
            if f"templates/{name}" in skip:
                continue
            stem = name.removesuffix(TEMPLATE_SUFFIX)
            if stem in GENERATED_PAGES:
                self.uses = collect_uses(page.uses for page in pages)
            for page_name, context in self._pages_of(name, stem):
                try:
                    pages.append(self.render(name, page_name, **context))
                except TemplateProblem as exc:
                    problems.append(exc.problem)
                    break  # the same template fails the same way on every page it renders
        return pages, problems

    def _pages_of(self, name: str, stem: str) -> list[tuple[str, dict[str, Any]]]:
        """The pages a template renders, each with what it is given: one per catalogue page, one per page of
        sources (the tiers it lists), one for any other template."""
        if name == CATALOGUE_TEMPLATE:
            catalogue = self.catalogue()
            return [(here.page, {"catalogue": here, "catalogue_pages": catalogue}) for here in catalogue]
        if name == SOURCES_TEMPLATE:
            return [(page, {"catalogue": None, "catalogue_pages": [None], "tiers_here": list(tiers)})
                    for page, tiers in SOURCES_PAGES.items()]
        return [(f"{stem}.md", {"catalogue": None, "catalogue_pages": [None]})]

    def catalogue(self) -> list["CataloguePage"]:
        """The Figures catalogue: its index, then one page per group (in the order the groups first appear)."""
        by_page: dict[str, list[Figure]] = {}
        for figure in self._figures:
            by_page.setdefault(self.markup.catalogue_page(figure.quantity), []).append(figure)
        groups = [CataloguePage(page, page_path(posixpath.basename(page).removesuffix(".md")), figures)
                  for page, figures in by_page.items()]
        return [CataloguePage(CATALOGUE_INDEX, None, [])] + groups

    def render(self, name: str, page_name: str, **context: Any) -> Rendered:
        shown = f"templates/{name}"
        _, unreadable = yamlsafe.decode((self.templates_dir / name).read_bytes(), shown)
        if unreadable is not None:
            raise TemplateProblem(unreadable)  # the same problem the lint reports, so reported once
        uses = self.usage.begin(page_name, shown)
        self.markup.begin_page()
        try:
            template = self.environment.get_template(name)
            self.usage.rendering(template)
            titles = self._titles()
            with limits.time_limit():
                text = limits.bounded(template.generate(
                    page=page_name, uses=self._uses(), titles=titles, labels={**titles, **self.nav_labels},
                    href=self.markup.href, catalogue_page_of=self._catalogue_pages_of, figures=self._figures,
                    sources=self._sources, cited=self.cited_sources, citing=self._citing_once(), **context))
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(syntax_problem(exc, shown)) from None
        except (limits.LimitExceeded, RecursionError) as exc:
            what = str(exc) if isinstance(exc, limits.LimitExceeded) else (
                "the template never stops calling itself (a macro or an include that recurses without end)")
            line = (_recursion_line(exc, self.templates_dir / name) if isinstance(exc, RecursionError)
                    else _error_line(exc, self.templates_dir / name))
            raise TemplateProblem(Problem(Location(shown, line), what,
                                          "Templates are for wording: loop over what the page shows, once, and "
                                          "compute in calc/")) from None
        except (jinja2.TemplateError, SecurityError, TypeError, ValueError, AttributeError, KeyError,
                ArithmeticError) as exc:
            line = _error_line(exc, self.templates_dir / name)
            refused = refused_problem(str(exc), Location(shown, line))
            if refused:
                raise TemplateProblem(refused) from None
            if isinstance(exc, NotATemplate):
                raise TemplateProblem(Problem(Location(shown, line), str(exc), "Write the text in a template "
                                              f"(NAME{TEMPLATE_SUFFIX}) inside templates/, or in this one")) from None
            if isinstance(exc, BadArgument):
                raise TemplateProblem(Problem(Location(shown, line), str(exc), "Ask for 1 to 9 significant figures, "
                                              "e.g. | sig(2)")) from None
            raise TemplateProblem(Problem(Location(shown, line), f"cannot render: {_reason(exc)}",
                                          "Name an existing quantity, source, model or chart; templates may not do "
                                          "arithmetic or fall back on defaults")) from None
        finally:
            self.usage.end()
        text, bindings = self.claims.take(text, shown, page_name)
        text = one_prefix_per_column(text, self.project.quantities)
        page = Rendered(shown, page_name, text, add_sections(text, uses), bindings)
        self.titles[page_name] = page_title(text, page_name)
        return page

    def _citing_once(self) -> dict[str, dict[str, Any]]:
        if self._citations is None:
            self._citations = self._citing()
        return self._citations

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
                    citing[source]["direct"].append(identifier(quantity.name))
        return citing

    @functools.cached_property
    def _catalogue_pages_of(self) -> dict[str, str]:
        """Each figure's page in the Figures catalogue."""
        return {name: page_path(self.markup.catalogue_page(quantity))
                for name, quantity in self.project.quantities.items()}

    @functools.cached_property
    def _sources(self) -> dict[str, SourceView]:
        return {name: SourceView(source) for name, source in self.project.dataset.sources.items()}

    def _titles(self) -> dict[str, SafeText]:
        """Page titles, taken from rendered headings: Markdown already."""
        return {page: SafeText(title) for page, title in self.titles.items()}

    def _uses(self) -> dict[str, list[Use]]:
        """Where each figure is used; the section names are rendered headings, Markdown already (worked out once
        for each listing of uses: every template is handed it)."""
        if self._uses_shown is None or self._uses_shown[0] is not self.uses:
            shown = {name: [replace(use, section=SafeText(use.section)) for use in uses]
                     for name, uses in self.uses.items()}
            self._uses_shown = (self.uses, shown)
        return self._uses_shown[1]

    @functools.cached_property
    def _figures(self) -> list[Figure]:
        return [Figure(q, self.markup) for q in self.project.quantities.values()]


REFUSED = re.compile(r"No (filter|test) named '([^']*)'(?: found)?\.?(?: \(.*\))?")


def refused_problem(message: str, where: Location) -> Problem | None:
    """A filter or test templates may not use (Jinja says it has none of that name), said as such."""
    refused = REFUSED.fullmatch(message)
    if not refused:
        return None
    kind, name = refused.groups()
    used = f"'| {name}'" if kind == "filter" else f"'is {name}'"
    return Problem(where, f"{used} is not a {kind} templates may use",
                   "Show figures through q and its filters (| multiple, | pct, | count…); Jinja's filters and tests "
                   "that compute, build text or markup, or pick at random are refused")


def syntax_problem(exc: jinja2.TemplateSyntaxError, shown: str) -> Problem:
    """A template that does not compile: a refused filter or test said as such, else Jinja's own words."""
    where = Location(shown, exc.lineno)
    return refused_problem(exc.message or "", where) or Problem(
        where, f"template syntax error: {(exc.message or '').rstrip('.')}", "Fix the Jinja tag on this line")


def _nav_labels(root: Path) -> dict[str, str]:
    """Each page's label in mkdocs.yml's nav (its short name), for lists such as "Used in"."""
    config = root / "mkdocs.yml"
    labels: dict[str, str] = {}

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            for label, target in (item.items() if isinstance(item, dict) else []):
                if isinstance(target, str):
                    labels.setdefault(target, str(label))
                else:
                    walk(target)

    if not config.is_file():
        return labels
    try:
        settings = yaml.load(config.read_text(encoding="utf-8", errors="replace"), Loader=_ConfigLoader)
    except yaml.MarkedYAMLError as exc:
        raise CalcError([yamlsafe.syntax_problem(exc, "mkdocs.yml")]) from None
    except yaml.YAMLError as exc:
        raise CalcError([Problem(Location("mkdocs.yml"), f"cannot be read: {exc}", "Fix mkdocs.yml")]) from None
    walk(settings.get("nav") if isinstance(settings, dict) else None)
    return labels


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV; their values do not matter for the nav."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _error_line(exc: BaseException, template_path: Path) -> int | None:
    line = getattr(exc, "lineno", None)
    if line:
        return int(line)
    trace = exc.__traceback__
    found = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == str(template_path):
            found = trace.tb_lineno
        trace = trace.tb_next
    return found  # Jinja rewrites the traceback: a template's frame already carries the template's own line


def _recursion_line(exc: BaseException, template_path: Path) -> int | None:
    """The template line a runaway recursion went through most often: the call (or include) that recurses."""
    lines: dict[int, int] = {}
    trace = exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == str(template_path):
            lines[trace.tb_lineno] = lines.get(trace.tb_lineno, 0) + 1
        trace = trace.tb_next
    return max(lines, key=lambda line: (lines[line], line)) if lines else None


def _reason(exc: BaseException) -> str:
    text = str(exc)
    match = re.match(r"'(?:calc\.\w+\.)?(\w+) object' has no attribute '(\w+)'", text)
    if match:
        return f"'{match.group(1)}' has no '{match.group(2)}'"
    return text
