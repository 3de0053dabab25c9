"""Lints: no figure typed by hand, no placeholder or leftover note, no arithmetic or defaults in templates.

Template prose (the text between Jinja tags) may hold no figure: no digit, percentage, currency, multiplier,
magnitude word or comparative. The allowance is narrow and explicit: names of models and products from
data/models.yaml, citations from data/sources.yaml, dates, arXiv identifiers, section numbers, ordered-list
markers and inline code naming a quantity. A string literal in a template expression may not carry a figure
either; identifiers it names (a quantity family, a source, a chart) are allowed.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import jinja2
from jinja2 import nodes

from calc import cache, charts, prose_markup, yamlsafe
from calc.bytecode import keep_compiled
from calc.engine import Project
from calc.errors import Location, Problem
from calc.schema import MONTHS
from calc.templating import outside_templates

MONTH = "|".join(MONTHS)
DATE_PATTERNS = (
    rf"\b\d{{1,2}} (?:{MONTH}) \d{{4}}\b",
    rf"\b(?:{MONTH}) \d{{1,2}}, \d{{4}}\b",
    rf"\b(?:{MONTH}) \d{{4}}\b",
    r"\b\d{4}-\d{2}(?:-\d{2})?\b",
    r"\b(?:19|20)\d{2}\b",
)
ALLOWED_PATTERNS = DATE_PATTERNS + (
    r"\barXiv:\d{4}\.\d{4,5}\b",
    r"\b[Ss]ection \d+(?:\.\d+)*\b",
    r"§\s?\d+(?:\.\d+)*",
    r"^\s*\d+\.\s",  # an ordered-list marker
    r"^#{1,6}\s",  # a heading marker
    r"\{:?\s*#[\w-]+\s*\}",  # an attribute list giving an anchor: { #opus-4-6-total }
)
ALLOWED_COMPILED = tuple(re.compile(p, re.M) for p in ALLOWED_PATTERNS)
FIGURE_PATTERNS = {
    "a number": r"\d+(?:[.,]\d+)*",
    "a percentage": r"%|\bper ?cent\b",
    "a currency amount": r"[$€£¥]",
    "a multiplier": r"×|\b\d+(?:\.\d+)?\s?x\b",
    "a magnitude word": r"\b(?:dozens?|hundreds?|thousands?|millions?|billions?|trillions?|multi-trillion)\b",
    # a compound ("forty-three", "twenty one") is one figure, so one match
    "a number word": r"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|four|"
                     r"five|six|seven|eight|nine)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
                     r"seventy|eighty|ninety|thrice)\b",
    "a comparative": r"\b(?:double[sd]?|doubling|twice|triple[sd]?|tripling|quadruple[sd]?|quintuple[sd]?|"
                     r"sextuple[sd]?|octuple[sd]?|decuple[sd]?|halve[sd]?|half|halves|"
                     r"\w+fold|one-(?:third|quarter|fifth|tenth)|(?:a|one) (?:third|quarter|fifth|tenth)|"
                     r"two-thirds|two thirds|thirds|quarters|tenths)\b",
}
FIGURE_COMPILED = {what: re.compile(p, 0 if what == "a number" else re.I) for what, p in FIGURE_PATTERNS.items()}
LEFTOVER_PATTERNS = {
    "a TODO marker": r"\b(?:TODO|TBD|FIXME|XXX)\b",
    "a placeholder link": r"\bURL\b|\blink to\b|\]\(\s*\)|\]\(#\)",
    # "???" is a blank, except where it opens a collapsed admonition (`??? note "Title"` at the start of a line)
    "an \"x to x\" blank": r"\b([xX?]{1,3})\s*(?:to|–|-)\s*\1\b|(?:(?<=\n)|^)\?\?\?(?!\+? [a-z]+ \")|(?<=[^\n])\?\?\?",
    "unrendered template syntax": r"\{\{|\}\}|\{%|%\}",
    "a citation placeholder": r"(?i:\[(?:citation needed|citation|cite|ref|reference|source\?|who\?|when\?)\]"
                              r"|\bcitation needed\b)",
    "a missing value": r"\b(?:nan|NaN|inf)\b|\bNone\b(?! [a-z])",
    "a note to the writer": r"\b(?:your (?:post|draft|article)|we already replaced|if it can be located|should be "
                            r"removed|note to (?:self|writer|editor)|editor's note|(?:drop|cut|trust) the (?:\w+ ){0,3}"
                            r"(?:analogy|paragraph|section|sentence|content))\b",
}
LEFTOVER_COMPILED = {what: re.compile(p, re.I if what == "a note to the writer" else 0)
                     for what, p in LEFTOVER_PATTERNS.items()}
# Words one of which every match of a leftover pattern contains (lower case: matched against the lowered text).
# Looking for them first is far quicker than running the pattern over a long page that holds none.
LEFTOVER_HINTS = {
    "a TODO marker": ("todo", "tbd", "fixme", "xxx"),
    "a placeholder link": ("url", "link to", "]("),
    "an \"x to x\" blank": ("x", "?"),
    "unrendered template syntax": ("{{", "}}", "{%", "%}"),
    "a missing value": ("nan", "inf", "none"),
    "a note to the writer": ("your post", "your draft", "your article", "we already replaced", "if it can be located",
                             "should be removed", "note to ", "editor's note", "drop the", "cut the", "trust the"),
    "a citation placeholder": ("citation", "[cite", "[source", "[ref", "[who", "[when"),
}
LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
WEB_ADDRESS = re.compile(r"<?https?://[^\s>]+>?")  # an address shown as text (a source's) is not prose either
DEGENERATE_RANGE = re.compile(r"(?<![\d.,])(\d[\d.,]*)\s?[–-]\s?\1(?![\d.,])")
INLINE_CODE = re.compile(r"`([^`]*)`")
LINT_CACHE = "lint.json"
# Filters that make new text out of what they are given: the words of a page belong in its prose.
TEXT_BUILDING_FILTERS = ("join", "format", "replace", "string", "center", "indent", "wordwrap", "truncate")
ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Neg, nodes.Pos)


@dataclass(frozen=True)
class Allowance:
    """What prose may contain although it looks like a figure."""

    names: re.Pattern[str]  # every allowed name, longest first, so "Claude Opus 4.6" masks before "Opus 4"
    identifiers: frozenset[str]
    quantities: frozenset[str]

    @property
    def fingerprint(self) -> str:
        """A hash of everything allowed: the lint's findings depend on nothing else but the template."""
        text = "\n".join([self.names.pattern, *sorted(self.identifiers), "", *sorted(self.quantities)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @classmethod
    def of(cls, project: Project) -> "Allowance":
        dataset = project.dataset
        names = {m.name for m in dataset.models.values()} | {a for m in dataset.models.values() for a in m.aliases}
        names |= set(dataset.product_names) | {s.cite for s in dataset.sources.values() if s.cite}
        families = {name.rsplit("_" + model, 1)[0] for name in project.quantities for model in dataset.models
                    if name.endswith("_" + model)}
        identifiers = (set(project.quantities) | set(dataset.sources) | set(dataset.models) | families
                       | set(_chart_names()) | set(dataset.assertions))
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
        pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])")
        return cls(pattern, frozenset(identifiers), frozenset(project.quantities))


def _chart_names() -> list[str]:
    return [c.name for c in charts.ALL]


def mask(text: str, allowance: Allowance) -> str:
    """Blank out what prose may contain, keeping every character's position (so columns and lines still match)."""
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    text = allowance.names.sub(blank, text)
    for pattern in ALLOWED_COMPILED:
        text = pattern.sub(blank, text)
    text = INLINE_CODE.sub(lambda m: blank(m) if m.group(1) in allowance.quantities else m.group(0), text)
    text = re.sub(r"\]\([^)\s]*\)", blank, text)  # link targets: page names and anchors, not prose
    return text


def prose_findings(text: str, allowance: Allowance) -> Iterator[tuple[int, str, str]]:
    """(offset, what, matched text) for every hand-typed figure in prose."""
    if not re.search(r"[\w%$€£¥×]", text):
        return
    masked = mask(text, allowance)
    for what, pattern in FIGURE_COMPILED.items():
        for match in pattern.finditer(masked):
            yield match.start(), what, text[match.start():match.end()].strip() or match.group(0)


def leftover_findings(text: str) -> Iterator[tuple[int, str, str]]:
    lowered = text.lower()
    for what, pattern in LEFTOVER_COMPILED.items():
        if not any(hint in lowered for hint in LEFTOVER_HINTS[what]):
            continue
        for match in pattern.finditer(text):
            yield match.start(), what, match.group(0)
    for match in DEGENERATE_RANGE.finditer(text):
        yield match.start(), "a range whose ends are equal", match.group(0)


def _line_at(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


# --- templates ---------------------------------------------------------------------------------------------------

def lint_templates(root: Path, project: Project, environment: jinja2.Environment) -> list[Problem]:
    """Every template's problems. A template's findings are kept (see calc.cache) and reused while its source,
    the names the prose may use and calc/'s code stay the same: parsing and walking every template is most
    of the lint's time."""
    allowance = Allowance.of(project)
    kept = cache.read_document(root, LINT_CACHE) or {}
    found: dict[str, Any] = {}
    problems: list[Problem] = []
    for path in sorted((root / "templates").glob("*.md.j2")):
        shown = path.relative_to(root).as_posix()
        if path.is_symlink() and outside_templates(path, root / "templates"):
            problems.append(Problem(Location(shown), f"{shown} is a link to {os.path.realpath(path)}, outside "
                                    "templates/", "Keep the template itself in templates/ (copy the file there in "
                                    "place of the link), or remove the link"))
            continue
        if not path.is_file():
            problems.append(Problem(Location(shown), f"{shown} is not a file, but is named like a template",
                                    "Rename it (templates are files named NAME.md.j2) or remove it"))
            continue
        source, unreadable = yamlsafe.decode(path.read_bytes(), shown)
        if unreadable is not None:
            problems.append(unreadable)
            continue
        key = hashlib.sha256(f"{cache.code_key()}\n{allowance.fingerprint}\n{source}".encode()).hexdigest()
        if isinstance(kept.get(shown), dict) and kept[shown].get("key") == key:
            try:
                template_problems = [cache.problem(p) for p in kept[shown]["problems"]]
            except (KeyError, TypeError, ValueError):
                template_problems = lint_template(source, path, shown, allowance, environment)
        else:
            template_problems = lint_template(source, path, shown, allowance, environment)
        found[shown] = {"key": key, "problems": [cache.problem_json(p) for p in template_problems]}
        problems.extend(template_problems)
    if found != {k: v for k, v in kept.items() if k in found} or set(kept) - {"format", "root"} != set(found):
        cache.write_document(root, LINT_CACHE, found)
    return problems


def lint_template(source: str, path: Path, shown: str, allowance: Allowance,
                  environment: jinja2.Environment) -> list[Problem]:
    try:
        tree = environment.parse(source, path.name, str(path))
    except jinja2.TemplateSyntaxError as exc:
        message = (exc.message or "").rstrip(".")
        opened = unclosed_block(environment, source) if message.startswith("Unexpected end of template") else None
        if opened:
            line, tag = opened
            return [Problem(Location(shown, line), f"template syntax error: the '{{% {tag} %}}' opened on this line is "
                            f"never closed", f"Close it with {{% end{tag} %}} where it should end")]
        opened_at = open_tag_line(environment, source, exc.lineno)
        if opened_at != exc.lineno:
            message = f"the tag opened on this line is not closed (Jinja gave up on line {exc.lineno}: {message})"
        return [Problem(Location(shown, opened_at), f"template syntax error: {message}",
                        "Fix the Jinja tag on this line")]
    if not source.strip():
        return [Problem(Location(shown, 1), "the template is empty", "Write the article, opening with {# context: … #}, "
                        "or remove the template and its page's nav entry in mkdocs.yml")]
    problems = []
    if not source.startswith("{#"):
        problems.append(Problem(Location(shown, 1), "the template does not open with a comment naming its "
                                "context", "Start it with {# context: … #} saying what it may use"))
    problems.extend(_lint_tree(tree, shown, allowance))
    problems.extend(prose_markup.problems(tree, shown))
    keep_compiled(environment, path.name, source, tree)  # the render then loads it instead of parsing it again
    return problems


def open_tag_line(environment: jinja2.Environment, source: str, line: int) -> int:
    """Where the tag holding line ``line`` opens: Jinja reports an unclosed ``{{`` or ``{%`` where it gives up,
    lines later, at the prose it took for part of the tag."""
    opened = None
    try:
        for at, kind, _ in environment.lex(source):
            if at > line:
                break
            if kind in ("variable_begin", "block_begin"):
                opened = at
            elif kind in ("variable_end", "block_end"):
                opened = None
    except jinja2.TemplateSyntaxError:
        pass  # the lexer gives up at the same place: the tag still open is the one that was never closed
    return opened if opened is not None else line


BLOCK_TAGS = ("for", "if", "macro", "call", "filter", "with", "block", "autoescape", "set")


def unclosed_block(environment: jinja2.Environment, source: str) -> tuple[int, str] | None:
    """The line and name of the innermost block tag still open at the end of ``source`` (Jinja reports an
    unclosed block where the template ends, not where the block opens)."""
    stack: list[tuple[int, str]] = []
    try:
        tokens = [t for t in environment.lex(source) if t[1] != "whitespace"]
    except jinja2.TemplateSyntaxError:
        return None
    for i, (line, kind, value) in enumerate(tokens):
        if kind != "name" or i == 0 or tokens[i - 1][1] != "block_begin":
            continue
        if value == "set":  # a block only without '=' ({% set x %}…{% endset %})
            rest = next((j for j in range(i, len(tokens)) if tokens[j][1] == "block_end"), len(tokens))
            if any(tokens[j][1] == "operator" and tokens[j][2] == "=" for j in range(i, rest)):
                continue
        if value in BLOCK_TAGS:
            stack.append((line, value))
        elif value.startswith("end") and stack and stack[-1][1] == value[3:]:
            stack.pop()
    return stack[-1] if stack else None


def _lint_tree(tree: nodes.Template, shown: str, allowance: Allowance) -> Iterator[Problem]:
    silenced: set[int] = set()  # inside an expression already reported: one mistake, one message
    for parent, node in _walk(tree, None):
        where = Location(shown, node.lineno)
        if id(parent) in silenced:
            silenced.add(id(node))
            continue
        if isinstance(node, nodes.TemplateData):
            for offset, what, found in prose_findings(node.data, allowance):
                yield Problem(Location(shown, _line_at(node.data, offset, node.lineno)),
                              f"hand-typed figure in prose: {what} ('{found}')",
                              "Name a quantity instead (see the Figures page), e.g. {{ q.name }} or {{ q.name | "
                              "multiple }}")
            for offset, what, found in leftover_findings(node.data):
                yield Problem(Location(shown, _line_at(node.data, offset, node.lineno)), f"{what} left in the text "
                              f"('{found}')", "Finish or remove it before publishing")
        elif isinstance(node, ARITHMETIC):
            yield Problem(where, "arithmetic in a template", "Compute it in calc/derivations, where units are "
                          "checked and the formula is shown, and name the result")
        elif isinstance(node, nodes.Concat) or (isinstance(node, nodes.Filter)
                                                 and node.name in TEXT_BUILDING_FILTERS):
            how = "'~'" if isinstance(node, nodes.Concat) else f"'| {node.name}'"  # type: ignore[attr-defined]
            silenced.add(id(node))
            yield Problem(where, f"text built in a template expression ({how})", "Write the words in the "
                          "template's prose, and show figures through q")
        elif isinstance(node, nodes.Filter) and node.name in ("default", "d"):
            yield Problem(where, f"the '{node.name}' filter hides missing figures", "Remove it: a missing figure "
                          "must fail the render")
        elif isinstance(node, nodes.Test) and node.name in ("defined", "undefined"):
            yield Problem(where, f"'is {node.name}' hides missing figures", "Remove it: a missing figure must fail "
                          "the render")
        elif isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name == "q":
            if node.attr not in ("family", "pick", "members") and node.attr not in allowance.quantities:
                yield Problem(where, f"unknown quantity 'q.{node.attr}'", "Use a name from the Figures page (or "
                              "`python -m calc explain`)")
        elif isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and node.node.name == "q":
            yield Problem(where, "a quantity looked up by a string", "Write q.name, so the name is checked")
        elif isinstance(node, nodes.Const):
            yield from _lint_constant(parent, node, where, allowance)


def _lint_constant(parent: nodes.Node | None, node: nodes.Const, where: Location,
                   allowance: Allowance) -> Iterator[Problem]:
    value = node.value
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        if isinstance(parent, nodes.Filter) and parent.name in ("sig", "pct"):
            return
        yield Problem(where, f"a number in a template expression ({value!r})", "Name a quantity instead; only "
                      "the sig and pct filters take a number (significant figures)")
        return
    if isinstance(parent, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        return  # a template's name, not prose
    if isinstance(value, str) and value not in allowance.identifiers:
        for _, what, found in prose_findings(value, allowance):
            yield Problem(where, f"a figure smuggled through a string literal: {what} ('{found}')",
                          "Name a quantity instead of writing the figure in a string")
            return


def _walk(node: nodes.Node, parent: nodes.Node | None) -> Iterator[tuple[nodes.Node | None, nodes.Node]]:
    yield parent, node
    for child in node.iter_child_nodes():
        yield from _walk(child, node)


# --- rendered pages -------------------------------------------------------------------------------------------

def lint_output(path: str, text: str) -> list[Problem]:
    """Leftovers that reach a rendered page from data (a missing value, an empty range): the safety net."""
    problems = []
    body = LINK_TARGET.sub("] ", text)  # link targets and tooltips are not prose (and links stay on one line)
    body = WEB_ADDRESS.sub(lambda m: " " * len(m.group(0)), body)
    for offset, what, found in leftover_findings(body):
        if what == "unrendered template syntax" and offset == 0:
            continue
        problems.append(Problem(Location(path, _line_at(body, offset, 1)), f"{what} in the rendered page "
                                f"('{found}')", "Fix the data or the template that produced it"))
    return problems
