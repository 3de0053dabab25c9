"""The Figures catalogue: an index and one page per group, every figure with exactly one entry, at one address."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from calc import site
from calc.render import CATALOGUE_INDEX, figure_links

ROOT = Path(__file__).resolve().parents[1]
ENTRY = re.compile(r"^\{: #([a-z][a-z0-9_]*) \}$", re.M)


@pytest.fixture(scope="module")
def produced() -> site.Produced:
    return site.produce(ROOT, draw=False)


@pytest.fixture(scope="module")
def catalogue(produced) -> dict[str, str]:
    """docs path → text of every catalogue page."""
    return {o.path: o.content.decode() for o in produced.outputs if o.path.startswith("docs/figures/")}


def test_every_figure_has_exactly_one_entry(produced, catalogue):
    entries = [name for text in catalogue.values() for name in ENTRY.findall(text)]
    assert sorted(entries) == sorted(produced.project.quantities)


def test_the_index_maps_every_figure_to_the_page_holding_its_entry(catalogue):
    index = catalogue[f"docs/{CATALOGUE_INDEX}"]
    mapping = json.loads(re.search(r'<script type="application/json" id="catalogue-pages">(.*?)</script>', index).group(1))
    for path, text in catalogue.items():
        for name in ENTRY.findall(text):
            assert mapping[name] == path.removeprefix("docs/"), name
    # and the index links each of those pages, with the key the forwarding script looks for
    for page in set(mapping.values()):
        key = Path(page).stem
        assert f'({Path(page).name}){{: data-catalogue="{key}" }}' in index, page


def test_figure_links_point_at_the_page_holding_the_entry(produced, catalogue):
    holder = {name: path for path, text in catalogue.items() for name in ENTRY.findall(text)}
    for output in produced.outputs:
        if not output.path.endswith(".md"):
            continue
        here = Path(output.path).parent
        for line in output.content.decode().splitlines():
            for match in re.finditer(r'\]\(([\w./-]*\.md)?#([a-z][a-z0-9_]*) "', line):
                target, name = match.groups()
                page = (here / target).as_posix() if target else output.path
                assert Path(page).resolve() == (Path(holder[name])).resolve(), (output.path, name, target)


def test_used_in_names_each_page_once_by_its_short_name(catalogue):
    text = catalogue["docs/figures/prices.md"]
    used = [line for line in text.splitlines() if line.startswith("- Used in: ")]
    assert used, "the prices page lists where its figures are used"
    for line in used:
        assert "How credible is the claim" not in line  # the full title of the review is not repeated
        assert line.count("The Opus 5 claim ›") <= 1


def test_the_catalogue_pages_are_in_the_site_navigation(catalogue):
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"]
    figures = next(item["Figures"] for item in nav if "Figures" in item)
    titled = dict(entry.popitem()[::-1] for entry in figures)  # page → its title in the nav
    assert sorted(titled) == sorted(path.removeprefix("docs/") for path in catalogue)
    # Titled in the nav as headed on the page: mkdocs does not take the heading (the stamp opens the page).
    headings = {path.removeprefix("docs/"): re.search(r"^# (.+)$", text, re.M).group(1)
                for path, text in catalogue.items()}
    assert titled == headings


def test_catalogue_value_links_are_figure_links(catalogue):
    """On its own page a figure's value still counts as a shown figure (staleness reports name it)."""
    text = catalogue["docs/figures/prices.md"]
    assert any(name == "price_output_mythos" for name, _, _ in figure_links(text))


# The sources are listed on two pages by tier (a built page must stay under 200 KB): tiers 1 and 2 on
# sources.md, tiers 3 and 4 on sources-inferred.md.
SOURCE_ENTRY = re.compile(r"^## .* \{ #([a-z0-9-]+) \}$", re.M)
SOURCE_LINK = re.compile(r"\]\(((?:\.\./)?sources(?:-inferred)?\.md)#([a-z0-9-]+)\)")


def test_every_source_is_listed_once_on_the_page_for_its_tier(produced):
    # the tiers as data/sources.yaml states them, read apart from calc's reader
    stated = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    pages = {o.path: o.content.decode() for o in produced.outputs if o.path in ("docs/sources.md",
                                                                             "docs/sources-inferred.md")}
    listed = {page: SOURCE_ENTRY.findall(text) for page, text in pages.items()}
    for source, fields in stated.items():
        expected = "docs/sources.md" if fields["tier"] in (1, 2) else "docs/sources-inferred.md"
        anchor = source.replace("_", "-")
        assert [page for page, anchors in listed.items() if anchor in anchors] == [expected], source


def test_every_source_link_points_at_the_page_listing_it(produced):
    listed = {page: set(SOURCE_ENTRY.findall(o.content.decode())) for o in produced.outputs
              for page in [o.path.removeprefix("docs/")] if page in ("sources.md", "sources-inferred.md")}
    links = [(o.path, page, anchor) for o in produced.outputs if o.path.endswith(".md")
             for page, anchor in SOURCE_LINK.findall(o.content.decode())]
    assert len(links) > 100
    for path, page, anchor in links:
        assert anchor in listed[page.removeprefix("../")], f"{path}: {page}#{anchor} lists no such source"
