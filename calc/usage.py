"""Where each figure is shown: recorded while a page renders, then placed under the page's headings.

The Figures page says where every figure is used ("Used in: The Opus 5 claim › The ratio argument"), and the
integrity check refuses a shown figure without a source. Both read what is recorded here: each time a
template shows a figure, the page, the template line and (once the page is rendered) the section it falls
under. The same log keeps the sources a page cites and the charts it draws.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from markdown.extensions.toc import slugify

from calc.quantity import Quantity

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{:?\s*#([\w-]+)\s*\})?\s*$")
FIGURE_LINK = re.compile(r"\[([^\]]*)\]\((?:[\w./-]*\.md)?#([a-z][a-z0-9_]*) \"[^\"]*\"\)")  # a figure always has a title


@dataclass(frozen=True)
class Use:
    """One place a figure is shown: the page, the template line, and the section it falls under."""

    page: str
    template: str
    line: int
    section: str = ""
    anchor: str = ""


class UsageLog:
    """What the pages rendered so far show and cite: figures (with their template line), sources and charts."""

    def __init__(self) -> None:
        self.cited_sources: set[str] = set()
        self.charts: dict[str, Any] = {}
        self.page: str | None = None  # the page being rendered, e.g. "opus-4-6-size.md"
        self._template_file: str | None = None
        self._template: Any = None
        self._uses: list[tuple[str, Use]] = []
        self._code_lines: list[int] = []
        self._template_lines: list[int] = []

    def begin(self, page: str, template: str) -> list[tuple[str, Use]]:
        """Start recording for one page; returns the list its uses are appended to."""
        self.page, self._shown_template = page, template
        self._template = self._template_file = None
        self._uses = []
        return self._uses

    def rendering(self, template: Any) -> None:
        """The compiled template whose frames name the line a figure is shown on."""
        self._template = template
        self._template_file = template.filename
        # Jinja's own lookup (get_corresponding_lineno) parses the template's whole line table on every call:
        # quadratic in the template's length. Parsed once here, looked up by bisection.
        table = sorted(((code, line) for line, code in template.debug_info), key=lambda pair: pair[0])
        self._code_lines = [code_line for code_line, _ in table]
        self._template_lines = [template_line for _, template_line in table]

    def end(self) -> None:
        self.page = self._template = self._template_file = None

    def record(self, quantity: Quantity) -> None:
        """Note that the page being rendered shows ``quantity``, at the template line being rendered."""
        if self.page is None:
            return
        self._uses.append((quantity.name, Use(self.page, self._shown_template, self._template_line())))

    def cite(self, source_id: str) -> None:
        self.cited_sources.add(source_id)

    def _template_line(self) -> int:
        """The template line being rendered, from the Jinja frame on the call stack."""
        frame = sys._getframe(2)
        filename = self._template_file
        while frame is not None and filename is not None:
            if frame.f_code.co_filename == filename:
                return self._template_line_of(frame.f_lineno)
            frame = frame.f_back  # type: ignore[assignment]
        return 0


    def _template_line_of(self, code_line: int) -> int:
        """The template line of a line of the compiled code: that of the last mapping at or before it."""
        index = bisect.bisect_right(self._code_lines, code_line)
        return self._template_lines[index - 1] if index else 1


def page_title(text: str, default: str) -> str:
    """The text of a page's first top-level heading, figure links reduced to their text."""
    for line in text.splitlines():
        match = HEADING.match(line)
        if match and len(match.group(1)) == 1:
            return FIGURE_LINK.sub(r"\1", match.group(2))
    return default


def add_sections(text: str, uses: list[tuple[str, Use]]) -> list[tuple[str, Use]]:
    """Give each use the heading it falls under, found by scanning the rendered page for figure links.

    The n-th use of a figure recorded while rendering is the n-th link to it in the page.
    """
    headings: list[tuple[int, str, str]] = []  # (output line, text, anchor)
    positions: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = HEADING.match(line) if line.startswith("#") else None
        if match:
            heading = FIGURE_LINK.sub(r"\1", match.group(2))
            headings.append((number, heading, match.group(3) or slugify(heading, "-")))
        if "](" in line:
            for link in FIGURE_LINK.finditer(line):
                positions.setdefault(link.group(2), []).append(number)
    seen: dict[str, int] = {}
    located = []
    for name, use in uses:
        index = seen.get(name, 0)
        seen[name] = index + 1
        lines = positions.get(name, [])
        line = lines[index] if index < len(lines) else (lines[-1] if lines else 0)
        section, anchor = _heading_above(headings, line)
        located.append((name, Use(use.page, use.template, use.line, section, anchor)))
    return located


def _heading_above(headings: list[tuple[int, str, str]], line: int) -> tuple[str, str]:
    """The last heading at or above ``line`` (headings are in page order): a binary search."""
    low, high = 0, len(headings)
    while low < high:
        middle = (low + high) // 2
        if headings[middle][0] <= line:
            low = middle + 1
        else:
            high = middle
    return (headings[low - 1][1], headings[low - 1][2]) if low else ("", "")


def collect_uses(pages: Iterable[Iterable[tuple[str, Use]]]) -> dict[str, list[Use]]:
    """Where each figure is shown: once per section of a page, however often the section shows it."""
    uses: dict[str, list[Use]] = {}
    seen: set[tuple[str, str, str]] = set()
    for page_uses in pages:
        for name, use in page_uses:
            key = (name, use.page, use.anchor)
            if key not in seen:
                seen.add(key)
                uses.setdefault(name, []).append(use)
    return uses


def figure_links(text: str) -> Iterator[tuple[str, str, int]]:
    """(quantity name, shown text, line) for every figure link in a rendered page."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in FIGURE_LINK.finditer(line):
            yield match.group(2), match.group(1), number
