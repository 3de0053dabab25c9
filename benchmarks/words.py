"""How long the articles are, in words a reader reads: the review's body against its 3,000-word limit.

    .venv/bin/python benchmarks/words.py

A page's body is its rendered Markdown (docs/) as prose: without its References and Frequently asked questions
sections, its collapsed blocks (`??? note "Title"` and the indented lines under it: detail a reader opens, counted
apart), the stamp and other comments, pictures (their alt text included), link targets and tooltips, attribute
lists ({ #anchor }, { .tier … }), HTML tags, table rules and Markdown's own marks. A word is a run of characters
between spaces holding a letter or a digit ("97–103" is one word, "—" none). tests/test_length.py holds the
review to the limit.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ("opus-5-claim.md", "opus-4-6-size.md", "index.md")
REVIEW = "opus-5-claim.md"
REVIEW_LIMIT = 3000  # issue 20: the verdict in one screen, the body at most 3,000 words
COLLAPSED_LIMIT = 1500  # and what it folds away kept modest: cutting is better than hiding
COLLAPSED = re.compile(r"^\?\?\?\+?\s+\w+")  # a collapsed block opens; its content is indented under it
OUTSIDE_THE_BODY = ("References", "Frequently asked questions")


def body_text(markdown: str, collapsed: bool = False) -> str:
    """The prose of a rendered page, as a reader reads it (see the module's docstring); with ``collapsed``, the
    prose of its collapsed blocks instead."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    kept, skipping, folded = [], False, False
    for line in text.splitlines():
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$", line)
        if heading and len(heading.group(1)) <= 2:
            skipping = heading.group(2) in OUTSIDE_THE_BODY
        if COLLAPSED.match(line):
            folded = True
        elif folded and line.strip() and not line.startswith("    "):
            folded = False
        if not skipping and folded == collapsed:
            kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # pictures, with their alt text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their text, not their target or tooltip
    text = re.sub(r"\{[^{}\n]*\}", " ", text)  # attribute lists
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags
    text = re.sub(r"^\s*\|?[\s:|-]+\|[\s:|-]*$", " ", text, flags=re.M)  # table rules
    text = re.sub(r"^\s*(?:[!?]{3}\+?\s+\w+|#{1,6}|[-*+]|\d+\.|>)\s", " ", text, flags=re.M)  # block marks
    return text.replace("\\", "")


def word_count(markdown: str, collapsed: bool = False) -> int:
    return sum(1 for token in body_text(markdown, collapsed).split() if re.search(r"[^\W_]", token))


def counts(root: Path = ROOT) -> dict[str, int]:
    return {page: word_count((root / "docs" / page).read_text(encoding="utf-8")) for page in ARTICLES}


def collapsed_counts(root: Path = ROOT) -> dict[str, int]:
    return {page: word_count((root / "docs" / page).read_text(encoding="utf-8"), collapsed=True) for page in ARTICLES}


def main() -> int:
    folded = collapsed_counts()
    for page, words in counts().items():
        limit = f" (limit {REVIEW_LIMIT:,}: {'within' if words <= REVIEW_LIMIT else 'over by ' + format(words - REVIEW_LIMIT, ',')})" \
            if page == REVIEW else ""
        print(f"{page}: {words:,} words of body{limit}; {folded[page]:,} in collapsed blocks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
