"""What a template sees: ``q``, the filters, ``cite``, ``quote``, ``chart``… in a sandbox without arithmetic.

``{{ q.active_params_fp8_opus_4_6 }}`` prints the figure in its kind's style, linked (see calc.markup).
Filters choose another style (``| multiple``, ``| fraction``, ``| pct``, ``| approx``…); the template never
does arithmetic and never falls back on a default (``| default`` and ``is defined`` are removed).

What a template prints is escaped for Markdown and HTML unless it is already Markdown (a ``SafeText`` from
calc.markup, or a figure): data/ reaches a page as the text it is, never as markup. A bare number cannot be
printed at all (a figure is shown through ``q``, a computed count through ``| count``), and only the attributes
listed in ``ALLOWED_ATTRIBUTES`` can be reached: not a figure's raw value, not a path, not the project.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import htmlsafe_json_dumps

from calc import fmt
from calc.assertions import Binding
from calc.markup import Markup, SafeText, address, escape_text, identifier, page_path, source_page
from calc.quantity import Quantity
from calc.schema import PartialDate, Source, Tier
from calc.corrections import Change, Correction, Log, Sentence
from calc.sentences import sentences
from calc.usage import Use

# Of Jinja's own filters, tests and globals, templates may use only these (tests/test_templating_rules.py
# enumerates Jinja's whole set): what arranges what a template was given, never what computes a number, builds
# text or markup, escapes differently or is random. Everything else a template sees is the project's own.
JINJA_FILTERS = frozenset({"first", "last", "length", "list", "sort", "reverse", "unique", "groupby", "selectattr",
                           "rejectattr"})
JINJA_TESTS = frozenset({"none", "true", "false", "boolean", "string", "mapping", "sequence", "iterable", "in",
                         "eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt", "greaterthan",
                         ">", "ge", ">=", "sameas"})
JINJA_GLOBALS: frozenset[str] = frozenset()
_SAFE_ATTRIBUTES: dict[tuple[type, str], bool] = {}


TEMPLATE_SUFFIX = ".md.j2"


class NotATemplate(SecurityError):
    """An include (or import, or extends) of a file that is not one of templates/' templates."""


def outside_templates(path: Path, templates_dir: Path) -> bool:
    """Whether ``path`` (in templates/) is a link that leads out of templates/."""
    return not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(templates_dir))


class TemplatesOnlyLoader(jinja2.FileSystemLoader):
    """Loads templates/' own templates (NAME.md.j2, each linted as a template) and nothing else: not a plain
    file beside them, which no lint reads, and not a link leading out of templates/."""

    def __init__(self, templates_dir: Path):
        super().__init__(str(templates_dir))
        self.templates_dir = templates_dir

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        if not template.endswith(TEMPLATE_SUFFIX):
            raise NotATemplate(f"'{template}' is not a template: only templates (NAME{TEMPLATE_SUFFIX}, linted "
                               "as templates) may be included")
        path = self.templates_dir / template
        if path.exists() and outside_templates(path, self.templates_dir):
            raise NotATemplate(f"'{template}' is a link leading out of templates/: only templates/' own "
                               "templates may be included")
        return super().get_source(environment, template)


def environment(templates_dir: Path, markup: Markup,
                bytecode_cache: jinja2.BytecodeCache | None = None) -> SandboxedEnvironment:
    """The sandbox the templates render in, with the project's figures, sources and charts in reach."""
    env = NoArithmeticEnvironment(
        loader=TemplatesOnlyLoader(templates_dir), undefined=jinja2.StrictUndefined,
        autoescape=True, finalize=printable, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        bytecode_cache=bytecode_cache, auto_reload=False)
    env.filters = {name: f for name, f in env.filters.items() if name in JINJA_FILTERS}
    env.tests = {name: t for name, t in env.tests.items() if name in JINJA_TESTS}
    env.globals = {name: g for name, g in env.globals.items() if name in JINJA_GLOBALS}
    env.filters.update(filters(markup))
    env.tests["contains"] = lambda sequence, item: item in sequence
    project = markup.project
    env.globals.update({
        "q": Quantities(markup), "cite": markup.cite, "quote": markup.quote, "reference": markup.reference,
        "model": markup.model_name,
        "chart": markup.chart, "tier_link": markup.tier_link,
        "tiers": {number: TierView(tier) for number, tier in project.dataset.tiers.items()},
        "claims": {name: ClaimView(result, markup) for name, result in project.claims.items()},
        "figure_description": lambda name: (project.quantities[name].description
                                            if name in project.quantities else None),
    })
    return env


def bind_claims(env: SandboxedEnvironment, binder: Any) -> None:
    """``claim("name")``: the sentence relies on a claim of data/assertions.yaml (calc.assertions)."""
    env.globals["claim"] = binder


def filters(markup: Markup) -> dict[str, Any]:
    """The filters that show a figure in another style (each still a link), or say something about it."""
    link, text = markup.link, markup.value_text
    return {
        "fig": lambda f, style=None: link(f.quantity, text(f.quantity, style)),
        "multiple": lambda f: link(f.quantity, fmt.multiple(f.quantity)),
        "fraction": lambda f: link(f.quantity, fmt.fraction(f.quantity)),
        "pct": lambda f, sig=None: link(f.quantity, fmt.percent(f.quantity, None if sig is None else
                                                                 significant("pct", sig))),
        "points": lambda f: link(f.quantity, fmt.points(f.quantity)),
        "sig": lambda f, n: link(f.quantity, text(f.quantity, sig=significant("sig", n))),
        "approx": lambda f: link(f.quantity, text(f.quantity)),  # "≈" only for approximate inputs
        "exact": lambda f: link(f.quantity, fmt.exact_text(f.quantity)),
        "asof": lambda f: link(f.quantity, text(f.quantity)) + markup.as_of_suffix(f.quantity),
        "plain": lambda f: SafeText(escape_text(text(f.quantity))),
        "number": lambda f: link(f.quantity, text(f.quantity, "count")),
        "tier": lambda f: markup.tier_link(f.quantity.tier),
        "model": lambda f: markup.model_name(f.quantity.model),
        "leader": lambda figures: markup.leader(figure_list(figures)),  # "tied: A and B" within resolution
        "sources": lambda f: markup.source_links(f.quantity),
        "low": lambda f: Bound(f, "low"),
        "high": lambda f: Bound(f, "high"),
        "count": count,
        "name": identifier,
        "lower": lower_text,  # Jinja's, for text only
        "tojson": page_map_json,
    }


SIGNIFICANT = range(1, 10)  # as a datum's 'sig' (calc/schema_entries.py)


class BadArgument(ValueError):
    """A filter given an argument outside what it takes; the message says what it takes."""


def significant(name: str, n: Any) -> int:
    """A count of significant figures for ``| sig(n)`` or ``| pct(n)``: a whole number from 1 to 9."""
    if isinstance(n, bool) or not isinstance(n, int) or n not in SIGNIFICANT:
        raise BadArgument(f"'| {name}({n!r})' asks for {n!r} significant figures, but a figure is shown to 1 to 9")
    return n


def figure_list(figures: object) -> list[Quantity]:
    """The quantities of a non-empty list of figures (``q.family("bench_hle")``), for the ``leader`` filter."""
    if not isinstance(figures, (list, tuple)) or not figures or not all(isinstance(f, Figure) for f in figures):
        raise jinja2.UndefinedError("leader takes a list of figures, such as q.family(\"bench_hle\")")
    return [f.quantity for f in figures]


def count(number: int) -> SafeText:
    """A count the template computed from what it was given (``{{ tiers | length | count }}``): the one way to
    print a number that is not a figure."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise SecurityError(f"'count' shows a whole number, not {number!r}")
    return SafeText(f"{number:,}")


def page_map_json(pages: Any) -> SafeText:
    """``{{ catalogue_page_of | tojson }}``: names and page paths (text only, no number) as JSON that is safe
    inside a script element and in Markdown."""
    if not isinstance(pages, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in pages.items()):
        raise SecurityError("'tojson' gives only a mapping of names to pages (catalogue_page_of) as JSON")
    return SafeText(htmlsafe_json_dumps(pages, sort_keys=True))


def lower_text(value: Any) -> Any:
    """Jinja's ``lower``, for text only: lowering a number would print it as text (``{{ x.low | lower }}``)."""
    if not isinstance(value, str):
        raise SecurityError(f"'lower' takes text, not {type(value).__name__} ({value!r}): show a figure through q")
    return jinja2.filters.do_lower(value)


def printable(value: Any) -> Any:
    """What ``{{ … }}`` prints: Markdown as it is, text escaped, anything else refused (a bare number, a list or
    a mapping printed whole, a truth value, nothing)."""
    if isinstance(value, SafeText) or hasattr(value, "__html__"):
        return value
    if isinstance(value, str):
        return escape_text(value)
    if isinstance(value, jinja2.Undefined):
        return escape_text(value)  # ``{{ ", " if not loop.last }}``: nothing (a StrictUndefined still fails)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise SecurityError(f"a raw number ({value!r}) cannot be printed: show a figure through q, or a count "
                            "with | count")
    what = "a list" if isinstance(value, (list, tuple, set, frozenset)) else type(value).__name__
    raise SecurityError(f"{what} cannot be printed: print text, a figure through q, or a count with | count")


MAX_NESTING = 30  # the site's templates nest brackets two deep and their syntax trees ten
NESTING_MESSAGE = f"nested more than {MAX_NESTING} deep (brackets, blocks or filters within one another)"


def _bracket_too_deep(env: jinja2.Environment, source: str) -> int | None:
    """The line where brackets in Jinja tags first open more than MAX_NESTING deep, if they do."""
    depth = 0
    try:
        for line, kind, value in env.lex(source):
            if kind == "operator" and value in "([{":
                depth += 1
                if depth > MAX_NESTING:
                    return line
            elif kind == "operator" and value in ")]}":
                depth -= 1
    except jinja2.TemplateSyntaxError:
        return None  # the parser reports it
    return None


def _tree_too_deep(tree: nodes.Node) -> int | None:
    """The line of the first node more than MAX_NESTING * 3 levels down the syntax tree (each bracket level of
    an expression is up to three nodes), walked without recursion."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING * 3:
            return getattr(node, "lineno", None)
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())
    return None


MAX_LOOP_NESTING = 10  # Python compiles each loop to a block, and refuses code nested 20 blocks deep
LOOP_NESTING_MESSAGE = f"loops nested more than {MAX_LOOP_NESTING} deep ({{% for %}} within {{% for %}})"


def _loops_too_deep(tree: nodes.Node) -> int | None:
    """The line of the first {% for %} inside more than MAX_LOOP_NESTING others, walked without recursion."""
    stack = [(tree, 0)]
    while stack:
        node, loops = stack.pop()
        if isinstance(node, nodes.For):
            loops += 1
            if loops > MAX_LOOP_NESTING:
                return node.lineno
        stack.extend((child, loops) for child in node.iter_child_nodes())
    return None


class NoArithmeticEnvironment(SandboxedEnvironment):
    """Arithmetic belongs in calc/, where it is unit-checked and shown as a formula; templates may not do it."""

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])
    intercepted_unops = frozenset(["+", "-"])

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Only what ALLOWED_ATTRIBUTES lists for the object's type (and the sandbox allows), kept per type and
        name: it depends on nothing else, and the Figures page asks it tens of thousands of times."""
        key = (type(obj), attr)
        safe = _SAFE_ATTRIBUTES.get(key)
        if safe is None:
            allowed = type(obj) is Quantities or attr in ALLOWED_ATTRIBUTES.get(type(obj), ())
            safe = _SAFE_ATTRIBUTES[key] = allowed and super().is_safe_attribute(obj, attr, value)
        return safe

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template's syntax tree, or TemplateSyntaxError at the line where it nests deeper than MAX_NESTING
        (brackets, blocks, filters or 'not's): Jinja's parser and compiler recurse once a level, and a template
        thousands of levels deep would end in a RecursionError."""
        line = _bracket_too_deep(self, source)
        if line is None:
            parser = Parser(self, source, name, filename)
            try:
                tree = parser.parse()
            except RecursionError:
                line = parser.stream.current.lineno
            else:
                line = _tree_too_deep(tree)
                if line is None:
                    loop_line = _loops_too_deep(tree)
                    if loop_line is None:
                        return tree
                    raise jinja2.TemplateSyntaxError(LOOP_NESTING_MESSAGE, loop_line, name, filename)
        raise jinja2.TemplateSyntaxError(NESTING_MESSAGE, line, name, filename)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"arithmetic ('{operator}') is not allowed in templates; compute it in calc/")

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        raise SecurityError(f"arithmetic ('{operator}') is not allowed in templates; compute it in calc/")


class Figure:
    """A quantity as a template sees it. Printing it gives the figure in its default style, linked."""

    def __init__(self, quantity: Quantity, markup: Markup):
        self.quantity = quantity
        self._markup = markup

    def __str__(self) -> str:
        return self._markup.link(self.quantity, self._markup.value_text(self.quantity))

    def __html__(self) -> str:
        return str(self)

    # Read-only attributes a template may use for wording and for comparisons (no arithmetic). The numbers
    # (low, high, tier) are for comparisons: printing one is refused (see printable).
    @property
    def name(self) -> SafeText:
        return identifier(self.quantity.name)

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
    def carried(self) -> bool:
        return self.quantity.carried

    @property
    def approximate(self) -> bool:
        return self.quantity.approximate

    @property
    def group(self) -> str:
        return self.quantity.group

    @property
    def range_meaning(self) -> str | None:
        return self.quantity.value.meaning if self.quantity.is_range else None  # type: ignore[union-attr]

    @property
    def as_of(self) -> str | None:
        """The date the figure reflects, as prose writes it ("12 March 2026")."""
        return self.quantity.as_of.display() if self.quantity.as_of else None

    @property
    def formula(self) -> SafeText | None:
        """The formula as written in calc/derivations (code, not data)."""
        return SafeText(self.quantity.formula) if self.quantity.formula else None

    @property
    def inputs(self) -> list[SafeText]:
        return [identifier(name) for name in self.quantity.inputs]

    @property
    def has_sources(self) -> bool:
        return bool(self.quantity.sources)

    @property
    def location(self) -> SafeText:
        """Where the figure is defined ("data/prices.yaml:12"), for a code span."""
        return SafeText(str(self.quantity.location).replace("`", "'"))

    @property
    def source_known(self) -> bool:
        """Whether the figure is a datum from a known source (so the Figures page says where it was read)."""
        entry = self.quantity.entry
        return bool(entry and entry.source in self._markup.project.dataset.sources)

    @property
    def address(self) -> SafeText | None:
        """Where the datum can be checked: its own address or the first in its source's chain (checked)."""
        entry = self.quantity.entry
        found = self._markup.project.dataset.address_of(entry) if entry else None
        return address(found) if found else None

    @property
    def read(self) -> str | None:
        """When the datum was read, as prose writes a date."""
        entry = self.quantity.entry
        when = self._markup.project.dataset.date_read(entry) if entry else None
        return when.display() if when else None

    @property
    def via_ids(self) -> tuple[str, ...]:
        """The sources whose transcription the datum was read through (for cite)."""
        entry = self.quantity.entry
        source = self._markup.project.dataset.sources.get(entry.source or "") if entry else None
        return source.via_ids if source else ()

    @property
    def rationale(self) -> str | None:
        return self.quantity.entry.rationale if self.quantity.entry else None

    @property
    def quote(self) -> str | None:
        return self.quantity.entry.quote if self.quantity.entry else None

    @property
    def notes(self) -> str | None:
        return self.quantity.entry.notes if self.quantity.entry else None


class SourceView:
    """A source as the Sources page sees it: its text fields as they are (escaped when printed), its id and
    address as checked names (for anchors and links)."""

    def __init__(self, source: Source):
        self._source = source
        self.title, self.publisher, self.date, self.tier = source.title, source.publisher, source.date, source.tier
        self.undated, self.unlocated, self.via = source.undated, source.unlocated, source.via
        self.notes, self.kept_because, self.quotes = source.notes, source.kept_because, source.quotes
        self.read, self.searched, self.seed, self.via_ids = source.read, source.searched, source.seed, source.via_ids
        self.id = identifier(source.id)
        self.anchor = SafeText(source.id.replace("_", "-"))
        self.page = page_path(source_page(source.tier))  # the page of sources that lists it (by its tier)
        self.link = address(source.link) if source.link else None
        self.copy = address(source.copy) if source.copy else None
        self.address = address(source.address) if source.address else None
        self.arxiv = SafeText(source.arxiv) if source.arxiv else None  # checked: digits and a dot


class TierView:
    """A tier as the Tiers page sees it: ``number`` to compare, ``shown`` to print."""

    def __init__(self, tier: Tier):
        self.number, self.name, self.confidence = tier.number, tier.name, tier.confidence
        self.description, self.assign_when = tier.description, tier.assign_when
        self.shown = SafeText(str(int(tier.number)))


class ClaimView:
    """A claim as a template sees it: its statement, its figure, its computed tier and its evidence."""

    def __init__(self, result: Any, markup: Markup):
        quantities = markup.project.quantities
        self.statement = result.claim.statement
        self.tier = result.tier
        self.figure = Figure(quantities[result.claim.figure], markup)
        self.evidence = [
            {"figure": Figure(quantities[e.figure], markup), "bears": e.bears, "why": e.why, "tier": tier}
            for e, tier in zip(result.claim.evidence, result.effective)]


class Bound:
    """One end of a range, shown and linked like the figure it belongs to (``{{ q.x | low }}``)."""

    def __init__(self, figure: Figure, end: str):
        self.figure, self.end = figure, end

    def __str__(self) -> str:
        quantity = self.figure.quantity
        one_end = replace(quantity, value=quantity.low if self.end == "low" else quantity.high)
        return self.figure._markup.link(quantity, fmt.value_text(one_end))

    def __html__(self) -> str:
        return str(self)


class Quantities:
    """``q`` in templates: ``q.name`` is a Figure; ``q.family(prefix)`` the figures named prefix_<model>."""

    def __init__(self, markup: Markup):
        self._markup = markup

    def __getattr__(self, name: str) -> Figure:
        quantities = self._markup.project.quantities
        if name.startswith("_") or name not in quantities:
            raise jinja2.UndefinedError(f"unknown quantity '{name}'")
        return Figure(quantities[name], self._markup)

    def pick(self, prefix: str, model_id: str) -> Figure:
        """The figure named ``prefix_<model id>``: for tables that walk a family row by row."""
        return self.__getattr__(f"{prefix}_{model_id}")

    def members(self, family: str) -> list[Figure]:
        """The scenarios a family's range spans (calc.families), each a figure: ``q.members("totals_opus_4_6")``."""
        project = self._markup.project
        if family not in project.families:
            raise jinja2.UndefinedError(f"unknown family '{family}'")
        return [Figure(project.quantities[name], self._markup) for name in project.families[family]]

    def family(self, prefix: str) -> list[Figure]:
        """Figures named ``prefix_<model id>``, in the order of data/models.yaml."""
        project = self._markup.project
        found = [Figure(project.quantities[f"{prefix}_{m}"], self._markup)
                 for m in project.dataset.models if f"{prefix}_{m}" in project.quantities]
        if not found:
            raise jinja2.UndefinedError(f"no quantities named '{prefix}_<model>'")
        return found


# What templates may reach, by type: for wording, comparisons and the generated pages; never a raw value to
# print, a path on this machine or the project itself. Dictionaries give their items by key ({{ d.key }}).
@dataclass(frozen=True)
class CataloguePage:
    """One page of the Figures catalogue: the index (key None) or a group's page, with the figures it holds."""

    page: str  # within docs/, e.g. figures/prices.md
    key: str | None  # e.g. "prices", "throughput-anthropic"; None for the index
    figures: list[Figure]


ALLOWED_ATTRIBUTES: dict[type, frozenset[str]] = {
    Figure: frozenset({"name", "description", "tier", "low", "high", "is_range", "rounded", "model", "origin", "carried",
                       "approximate", "group", "range_meaning", "as_of", "formula", "inputs", "has_sources",
                       "location", "rationale", "quote", "notes", "source_known", "address", "read", "via_ids"}),
    SourceView: frozenset({"id", "anchor", "page", "title", "publisher", "date", "tier", "undated", "link", "arxiv",
                           "unlocated", "via", "notes", "kept_because", "quotes", "read", "copy", "searched", "seed",
                           "via_ids", "address"}),
    TierView: frozenset({"number", "shown", "name", "confidence", "description", "assign_when"}),
    ClaimView: frozenset({"statement", "tier", "figure", "evidence"}),
    PartialDate: frozenset({"display"}),
    Use: frozenset({"page", "section", "anchor"}),
    CataloguePage: frozenset({"page", "key", "figures"}),
    Log: frozenset({"corrections", "note", "truncated", "depth", "figures"}),
    Correction: frozenset({"date", "subject", "body", "changes", "sentences", "anchor", "note"}),
    Change: frozenset({"name", "old", "new", "old_tier", "new_tier", "tier_changed"}),
    Sentence: frozenset({"page", "old", "new"}),
    dict: frozenset({"items", "values", "keys"}),
    jinja2.runtime.LoopContext: frozenset({"first", "last"}),
}


class ClaimBinder:
    """``claim("name")`` in templates: binds the sentence being written to a claim, and prints nothing.

    While a page renders, each call leaves an invisible mark in the text; ``take`` then removes the marks and
    records, for each, the template line of the call and the rendered sentence it stands in (which ``impact``
    shows beside a claim an edit would break).
    """

    MARK = "\x00claim{}\x00"
    PATTERN = re.compile("\x00claim(\\d+)\x00")

    def __init__(self, dataset: Any, usage: Any):
        self.dataset = dataset
        self.usage = usage
        self._calls: list[tuple[str, int]] = []

    def __call__(self, name: str) -> str:
        if name not in self.dataset.assertions:
            raise jinja2.UndefinedError(f"unknown claim '{name}' (define it in data/assertions.yaml)")
        if self.usage.page is None:
            return ""
        self._calls.append((name, self.usage._template_line()))
        return self.MARK.format(len(self._calls) - 1)

    def take(self, text: str, template: str, page: str) -> tuple[str, list[Binding]]:
        """The page without its marks, and the sentences bound to claims."""
        calls, self._calls = self._calls, []
        if "\x00" not in text:
            return text, []
        bindings = []
        for sentence in sentences(text):
            for match in self.PATTERN.finditer(sentence):
                name, line = calls[int(match.group(1))]
                bindings.append(Binding(name, template, line, page, self.PATTERN.sub("", sentence).strip()))
        return self.PATTERN.sub("", text), bindings
