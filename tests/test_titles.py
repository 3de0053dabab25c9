"""Page and navigation titles are written, never derived from file names.

Every generated page opens with its stamp comment, not its heading, and mkdocs takes a page's title from its first
heading only when that heading opens the page: without a title written in mkdocs.yml's nav, a plain `mkdocs build`
falls back to the file name ("Throughput anthropic", "Ratio argument"). So each page is titled in the nav: the
generated pages and the catalogue by their heading, the articles by a short name written for them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from tests.builders import build_site
from tests.conftest import ROOT

SHORT_NAMES = {"index.md": "Home", "opus-5-claim.md": "The Opus 5 claim", "opus-4-6-size.md": "How big is Opus 4.6?"}


def nav_titles() -> dict[str, str]:
    """page → its title as written in mkdocs.yml's nav (an entry without a title is recorded with None)."""
    titles: dict[str, str] = {}

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, str):
                titles[item] = None  # type: ignore[assignment]
                continue
            for title, target in item.items():
                walk(target) if isinstance(target, list) else titles.__setitem__(target, title)
    walk(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])
    return titles


def heading(page: str) -> str:
    return re.search(r"^# (.+)$", (ROOT / "docs" / page).read_text(encoding="utf-8"), re.M).group(1)


def derived_from_file_name(page: str) -> str:
    """The title mkdocs makes from a file name when it has nothing else: "figures/ratio_argument.md" → "Ratio argument"."""
    stem = Path(page).stem.replace("-", " ").replace("_", " ")
    return stem[:1].upper() + stem[1:]


def test_every_page_has_a_written_title_in_the_nav():
    titles = nav_titles()
    pages = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))
    assert sorted(titles) == pages
    for page, title in titles.items():
        assert title, f"mkdocs.yml: {page} has no title in the nav"
        assert title == SHORT_NAMES.get(page, heading(page)), page
        assert not title.startswith("Other figures:"), f"{page}: '{title}' is the catalogue's fallback for a group"


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory) -> Path:
    return build_site("mkdocs", ROOT, tmp_path_factory.mktemp("plain"))


def test_a_plain_mkdocs_build_titles_every_page_as_written(plain_site: Path):
    site_name = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
    for page, title in nav_titles().items():
        built = (plain_site / page).with_suffix(".html").read_text(encoding="utf-8")
        shown = html.unescape(re.search(r"<title>(.*?)</title>", built, re.S).group(1))
        expected = site_name if page == "index.md" else f"{title} - {site_name}"
        assert shown == expected, page
        if title != derived_from_file_name(page):  # "Prices" is both
            assert f"<title>{derived_from_file_name(page)} - " not in built, page
