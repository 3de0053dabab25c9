"""The claims lint: a sentence that compares, bounds or quantifies must be bound to a claim the engine checks.

Words such as "below", "every", "only", "far" or "not" make a sentence a claim as much as a figure does. In
an article template, each sentence, list item or table cell holding one either carries
``{{ claim("name") }}`` (calc.assertions: the engine evaluates the claim over every scenario it names) or is
marked in data/assertions.yaml under ``qualitative:`` with the reason it compares nothing the data hold.

This pass reads the template source only (the Jinja tags blanked out, positions kept), so it runs before and
apart from rendering and from calc.lint's figure lint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from calc.engine import Project
from calc.errors import Location, Problem

GENERATED = ("figures.md.j2", "sources.md.j2", "tiers.md.j2", "corrections.md.j2")  # listings, not arguments: no claims to bind
TRIGGERS = re.compile(
    r"\b(?:below|above|beyond|exceeds?|every|all|only|far|not|none|never|nothing|more than|less than|"
    r"fewer than|at most|at least|most|least|larger|smaller|bigger|higher|lower|greater|faster|slower|within|"
    r"outside)\b", re.I)
BOUND = "\u27e6C\u27e7"  # what a {{ claim(…) }} tag becomes in the blanked source
FIGURE = "FIG"
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
SENTENCE_END = re.compile(r"(?<=[.!?])[)\"”*]*\s+(?=[A-Z“\"(*\[\u27e6])")
LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s")


@dataclass(frozen=True)
class Unit:
    """A sentence, list item or table cell of a template: its text (tags blanked) and where it starts."""

    text: str
    offset: int

    @property
    def bound(self) -> bool:
        return BOUND in self.text

    def words(self) -> str:
        return " ".join(self.text.replace(BOUND, " ").split())


def blanked(source: str) -> str:
    """The template with every tag replaced by spaces (a claim tag by a mark, a figure by FIG), newlines kept."""
    def blank(match: re.Match[str]) -> str:
        tag = match.group(0)
        keep = BOUND if tag.startswith("{{") and "claim(" in tag else FIGURE if tag.startswith("{{") else ""
        body = keep + re.sub(r"[^\n]", " ", tag[len(keep):])
        return body
    return JINJA.sub(blank, source)


def units(source: str) -> Iterator[Unit]:
    """Sentences, list items and table cells of the blanked template, each with its offset."""
    text = blanked(source)
    position = 0
    paragraph: list[tuple[str, int]] = []

    def flush() -> Iterator[Unit]:
        if not paragraph:
            return
        joined_start = paragraph[0][1]
        joined = text[joined_start:paragraph[-1][1] + len(paragraph[-1][0])]
        start = 0
        for match in SENTENCE_END.finditer(joined):
            yield Unit(joined[start:match.start()], joined_start + start)
            start = match.end()
        yield Unit(joined[start:], joined_start + start)
        paragraph.clear()

    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "!!!", "```")) or stripped.startswith("|"):
            yield from flush()
            if stripped.startswith("|"):
                cell_start = position
                for cell in line.split("|"):
                    if cell.strip() and not re.fullmatch(r"\s*-+\s*", cell):
                        yield Unit(cell, cell_start)
                    cell_start += len(cell) + 1
            elif stripped.startswith(("#", "!!!")):
                yield Unit(line, position)
        elif LIST_ITEM.match(line):
            yield from flush()
            paragraph.append((line, position))
        else:
            paragraph.append((line, position))
        position += len(line)
    yield from flush()


def lint_claims(root: Path, project: Project, reported: frozenset[str] = frozenset(),
                unchecked: frozenset[str] = frozenset()) -> list[Problem]:
    """Every comparative or quantifier in an article's prose bound to a claim or marked qualitative.
    ``reported``: templates already reported as gone or failing (their marks are not reported again);
    ``unchecked``: templates whose sentences are not judged (a template renamed: the nav's message says so)."""
    problems: list[Problem] = []
    marks = project.dataset.qualitative
    used: set[int] = set()
    unreadable: set[str] = set()
    for path in sorted((root / "templates").glob("*.md.j2")):
        if path.name in GENERATED:
            continue
        shown = path.relative_to(root).as_posix()
        if shown in unchecked:
            continue
        try:
            source = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, IsADirectoryError):
            unreadable.add(shown)
            continue  # the template lint reports it, once
        for unit in units(source):
            if unit.bound:
                continue
            trigger = TRIGGERS.search(unit.text)
            if trigger is None:
                continue
            words = unit.words()
            mark = next((i for i, m in enumerate(marks) if m.template == shown
                         and " ".join(m.sentence.split()) in words), None)
            if mark is not None:
                used.add(mark)
                continue
            line = source.count("\n", 0, unit.offset + trigger.start()) + 1
            excerpt = words if len(words) <= 90 else words[:87] + "…"
            problems.append(Problem(Location(shown, line), f"'{trigger.group(0)}' makes a claim in a sentence bound "
                                    f"to none: “{excerpt}”", "Bind the sentence to a claim with {{ claim(\"name\") }} "
                                    "(data/assertions.yaml), or mark it there under 'qualitative:' with the reason "
                                    "it compares nothing the data hold"))
    gone: set[str] = set()
    for index, mark in enumerate(marks):
        if index in used or mark.template in unreadable or mark.template in gone | reported:
            continue
        if not (root / mark.template).is_file():  # one message for the template, not one for each of its marks
            gone.add(mark.template)
            problems.append(Problem(mark.location, f"qualitative marks name {mark.template}, which is gone",
                                    "Put the template back, or remove its marks from 'qualitative:'"))
        else:
            problems.append(Problem(mark.location, f"the qualitative mark for “{mark.sentence}” matches no unbound "
                                        f"sentence of {mark.template}", "Correct the words or remove the mark"))
    return problems
