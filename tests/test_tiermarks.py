"""Tiers as compact marks (calc.markup.tier_link): "T4" in the tier's frame, named "tier 4: speculation" to a
screen reader and in its tooltip, spelled out at each tier's first mark on a page, and nowhere else."""

from __future__ import annotations

import re

import markdown
import pytest

from calc import site
from tests.conftest import ROOT

MARK = re.compile(r'\[(T(\d)(?:: tier \d, [^\]]+)?)\]\([\w./-]*tiers\.md#tier-(\d) "Tier (\d) · ([^"]+)"\)'
                  r'\{ \.tier \.tier--(\d)(?: aria-label="([^"]*)")? \}')
NAMES = {1: "Official disclosure", 2: "Verified third party", 3: "Researcher inference", 4: "Speculation"}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    produced = site.produce(ROOT, draw=False)
    return {o.path: o.content.decode() for o in produced.outputs if o.path.endswith(".md")}


def test_each_tier_is_spelled_out_once_per_page_then_shown_as_its_mark(pages):
    checked = 0
    for path, text in pages.items():
        seen: set[int] = set()
        for match in MARK.finditer(text):
            words, tier = match.group(1), int(match.group(2))
            assert {int(match.group(n)) for n in (2, 3, 4, 6)} == {tier}, (path, match.group(0))
            assert match.group(5) == NAMES[tier], (path, match.group(0))
            if tier in seen:
                assert words == f"T{tier}", (path, words)
                assert match.group(7) == f"T{tier}, tier {tier}: {NAMES[tier].lower()}", (path, match.group(0))
            else:
                assert words == f"T{tier}: tier {tier}, {NAMES[tier].lower()}", (path, words)
                assert match.group(7) is None  # its words are its name
                seen.add(tier)
            checked += 1
    assert checked > 100


def test_no_page_spells_a_tier_the_old_way(pages):
    for path, text in pages.items():
        assert not re.search(r"\[tier \d \([a-z ]+\)\]\(", text), path


def test_the_mark_is_a_link_with_its_class_name_and_tooltip_in_html():
    html = markdown.markdown('[T4](tiers.md#tier-4 "Tier 4 · Speculation"){ .tier .tier--4 aria-label="T4, tier 4: '
                             'speculation" }', extensions=["attr_list"])
    assert html == ('<p><a aria-label="T4, tier 4: speculation" class="tier tier--4" href="tiers.md#tier-4" '
                    'title="Tier 4 · Speculation">T4</a></p>')


def test_a_sentence_read_back_shows_the_mark_as_its_words():
    """The corrections log and impact quote sentences from pages: a mark reads as its text, its attribute list
    gone, and nh3's cleaning (calc.corrections.shown_sentence) leaves the words as they are."""
    from calc import corrections, sentences

    page = ('The claim is at [T4](tiers.md#tier-4 "Tier 4 · Speculation"){ .tier .tier--4 aria-label="T4, tier 4: '
            'speculation" }. It stays there.')
    assert sentences.sentences(page) == ["The claim is at T4.", "It stays there."]
    assert corrections.shown_sentence(sentences.sentences(page)[0]) == "The claim is at T4."
