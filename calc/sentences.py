"""A rendered page read as a reader reads it: its prose as sentences, each figure shown as its text.

Three users compare pages sentence by sentence: the claims binder (calc.templating.ClaimBinder) records the
sentence each ``claim()`` stands in, ``impact`` lists the sentences an edit changes, and the corrections log
quotes the sentences a commit changed.
"""

from __future__ import annotations

import re

from calc.usage import FIGURE_LINK

SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=[A-Z“\"(*\x00])")  # \x00: a claim mark opens a sentence
ADMONITION = ("??? ", "???+ ", "!!! ")  # `??? note "Title"`: its content follows, indented
DARK_CHART = re.compile(r"^\[!\[.*\{ \.chart \.chart--dark \}$", re.M)


def sentences(page: str) -> list[str]:
    """A page's prose as sentences, figures shown as their text, Markdown table rows and list items kept whole
    (in a collapsed or boxed block too: its title line is a sentence of its own)."""
    text = DARK_CHART.sub("", page)  # the same picture and alt text as the light drawing above it
    text = FIGURE_LINK.sub(r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)(?:\{[^{}\n]*\})?", r"\1", text)  # a link, and its attribute list
    text = re.sub(r"<!--.*?-->\n?", "", text, flags=re.S)
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and lines[0].startswith(ADMONITION):  # a block's title, apart from the table or prose it opens
            found.append(lines.pop(0))
        if lines and all(line.startswith("|") for line in lines):
            found.extend(lines)
            continue
        joined = " ".join(lines)
        for item in re.split(r"\s(?=- |\d+\. )", joined):
            found.extend(s.strip() for s in SENTENCE_END.split(item) if s.strip())
    return found
