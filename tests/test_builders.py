"""Two builders, one site: docs/ and figures/ built by mkdocs (Material for MkDocs) and by Zensical, page by page.

Both builds must give the same pages with the same titles, article text, navigation and table of contents, every
figure link with its tooltip, every chart in both colour variants (each image a file of the built site), the same
search entries, and the project's own CSS and JavaScript. (The browser tests, tests/browser/, drive both builds:
search, the offline opening from disk, the colour schemes and accessibility.)

What differs because each theme writes its own markup is normalised, and listed here (THEME_MARKUP); anything
else that differs fails. Zensical's strict build does not notice an image that is missing, so every <img> is
checked here, on both builds.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from calc import corrections
from tests.builders import BUILDERS, SITE_SOURCES, build_site
from tests.conftest import ROOT
from tests.test_corrections import calc, correct_mythos_price, repo  # noqa: F401 - repo: a fixture

# What each theme writes its own way (not the project's content), and how the comparison sees past it:
THEME_MARKUP = {
    "skip anchor": "Zensical's skip link targets an <a id=\"__skip\"> it puts at the top of the article; mkdocs-"
                   "material's targets the first heading. The anchor is removed from the article before comparing.",
    "relative links": "Zensical writes links as ./page.html, mkdocs as page.html: a leading ./ is dropped.",
    "home page title": "Material titles the home page with the site name alone, Zensical 'Home - <site name>': "
                       "the home page's <title> is compared without the page's own name.",
    "theme assets": "Each theme's own CSS, JavaScript and search files differ (names, hashes, search.json against "
                    "search/search_index.json, no sitemap.xml.gz from Zensical): only the project's files "
                    "(charts/, stylesheets/, javascripts/) are compared byte for byte; the search entries are "
                    "compared by location, title and text.",
    "search box": "Material's header holds the search form; Zensical's a button that opens a search dialog "
                  "(tests/browser drives each).",
}
SKIP_ANCHOR = '<a id="__skip" tabindex="-1"></a>'
PROJECT_ASSETS = ("charts", "stylesheets", "javascripts")  # the project's own files in the site
ARTICLES = ("opus-5-claim.html", "opus-4-6-size.html")
FIGURE_LINK = re.compile(r'<a href="([^"]*figures/[^"]*#[^"]*)" title="([^"]*)">(.*?)</a>', re.S)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str]
    text: str
    within: tuple[str, ...]  # the classes of the elements around it

    def inside(self, css_class: str) -> bool:
        return any(css_class in classes.split() for classes in self.within)

    def has_class(self, css_class: str) -> bool:
        return css_class in self.attrs.get("class", "").split()


class _Elements(HTMLParser):
    """Every element of a page with its attributes, its text and the classes of the elements around it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.feed(html)

    def _within(self) -> tuple[str, ...]:
        return tuple(attrs.get("class", "") for _, attrs, _ in self._open)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag in VOID:
            self.found.append(Element(tag, attributes, "", self._within()))
        else:
            self._open.append((tag, attributes, []))

    def handle_startendtag(self, tag, attrs):
        self.found.append(Element(tag, {k: v or "" for k, v in attrs}, "", self._within()))

    def handle_data(self, data):
        for _, _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag):
        if not any(open_tag == tag for open_tag, _, _ in self._open):
            return
        while self._open:
            open_tag, attrs, text = self._open.pop()
            self.found.append(Element(open_tag, attrs, " ".join("".join(text).split()), self._within()))
            if open_tag == tag:
                return


@dataclass
class Page:
    html: str
    elements: list[Element]

    @classmethod
    def read(cls, file: Path) -> "Page":
        html = file.read_text(encoding="utf-8")
        return cls(html, _Elements(html).found)

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    @property
    def title(self) -> str:
        return self.all("title")[0].text

    @property
    def article(self) -> str:
        match = re.search(r"<article\b.*?</article>", self.html, re.S)
        assert match, "no <article> on the page"
        return re.sub(r"\s*\n", "\n", match.group(0).replace(SKIP_ANCHOR, ""))  # blank lines, trailing spaces

    def links(self, within: str) -> list[tuple[str, str]]:
        """(label, address) of each navigation link inside the element of class ``within``."""
        return [(a.text, _address(a.attrs.get("href", ""))) for a in self.all("a")
                if a.has_class("md-nav__link") and a.inside(within)]

    @property
    def assets(self) -> list[str]:
        """The stylesheets and scripts the page loads, in order."""
        return [_address(e.attrs["href"]) for e in self.all("link") if e.attrs.get("rel") == "stylesheet"] + \
               [_address(e.attrs["src"]) for e in self.all("script") if e.attrs.get("src")]


def _address(href: str) -> str:
    return href.removeprefix("./")


def _pages(site: Path) -> dict[str, Page]:
    return {file.relative_to(site).as_posix(): Page.read(file) for file in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    return {builder: build_site(builder, ROOT, tmp_path_factory.mktemp(builder)) for builder in BUILDERS}


@pytest.fixture(scope="module")
def pages(sites) -> dict[str, dict[str, Page]]:
    return {builder: _pages(site) for builder, site in sites.items()}


def _each_page(pages):
    mkdocs, zensical = pages["mkdocs"], pages["zensical"]
    assert sorted(mkdocs) == sorted(zensical)
    return [(path, mkdocs[path], zensical[path]) for path in sorted(mkdocs)]


def test_both_builders_build_the_same_pages_and_project_files(sites, pages):
    assert len(pages["mkdocs"]) >= 15, sorted(pages["mkdocs"])
    assert sorted(pages["mkdocs"]) == sorted(pages["zensical"])
    for folder in PROJECT_ASSETS:
        files = {builder: {f.relative_to(site).as_posix(): f.read_bytes()
                           for f in sorted((site / folder).rglob("*")) if f.is_file()} for builder, site in sites.items()}
        assert files["mkdocs"], f"no {folder}/ in the site mkdocs built"
        assert files["mkdocs"] == files["zensical"], f"{folder}/ differs between the builders"
    charts = sorted(f.name for f in (sites["zensical"] / "charts").iterdir())
    assert charts == sorted(f.name for f in (ROOT / "figures/charts").iterdir())  # figures/charts/ → charts/


def test_every_page_has_the_same_title(pages):
    for path, mkdocs, zensical in _each_page(pages):
        if path == "index.html":  # THEME_MARKUP["home page title"]
            site_name = mkdocs.title
            assert zensical.title.endswith(f" - {site_name}"), zensical.title
            continue
        assert mkdocs.title == zensical.title, path
        if path != "404.html":
            assert re.fullmatch(r".+ - .+", mkdocs.title), f"{path} has no title of its own: {mkdocs.title!r}"


def test_every_page_has_the_same_article(pages):
    for path, mkdocs, zensical in _each_page(pages):
        assert mkdocs.article == zensical.article, f"the article of {path} differs between the builders"


def test_every_figure_link_has_the_same_address_and_tooltip(pages):
    for path, mkdocs, zensical in _each_page(pages):
        links = FIGURE_LINK.findall(mkdocs.article)
        assert links == FIGURE_LINK.findall(zensical.article), path
        if path in ARTICLES:
            assert len(links) >= 10, f"expected the figures of {path} to link to the catalogue, found {len(links)}"
            untitled = [text for _, title, text in links if not title]
            assert not untitled, f"figure links without a tooltip on {path}: {untitled}"


def test_navigation_and_table_of_contents_are_the_same(pages):
    for path, mkdocs, zensical in _each_page(pages):
        nav = mkdocs.links("md-nav--primary")
        assert len(nav) >= 15, (path, nav)
        assert nav == zensical.links("md-nav--primary"), path
        assert mkdocs.links("md-nav--secondary") == zensical.links("md-nav--secondary"), path


def missing_images(site: Path) -> list[str]:
    """Every <img> of every page whose file is not in the built site (page: src)."""
    missing = []
    for path, page in _pages(site).items():
        for img in page.all("img"):
            src = urlsplit(img.attrs.get("src", ""))
            if src.scheme or src.netloc:
                missing.append(f"{path}: {img.attrs['src']} (from another host)")
            elif not ((site / path).parent / unquote(src.path)).resolve().is_file():
                missing.append(f"{path}: {img.attrs.get('src')}")
    return missing


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_image_is_in_the_built_site(sites, builder):
    assert missing_images(sites[builder]) == []


def test_a_missing_chart_is_caught_though_zensical_builds_strictly(tmp_path):
    """Zensical 0.0.73's --strict passes with a chart missing: missing_images is what catches it."""
    project = tmp_path / "project"
    project.mkdir()
    for name in SITE_SOURCES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    (project / "figures/charts/prices.svg").unlink()
    site = build_site("zensical", project, tmp_path / "zensical")
    assert [m for m in missing_images(site) if m.endswith("charts/prices.svg")], missing_images(site)


@pytest.mark.parametrize("builder", BUILDERS)
def test_each_chart_is_shown_in_both_colour_variants(pages, builder):
    shown = 0
    for path, page in pages[builder].items():
        variants = {}
        for a in page.all("a"):
            for theme in ("light", "dark"):
                if a.has_class("chart") and a.has_class(f"chart--{theme}"):
                    variants.setdefault(theme, []).append(_address(a.attrs["href"]))
        light, dark = variants.get("light", []), variants.get("dark", [])
        assert [h.removesuffix(".svg") + "-dark.svg" for h in light] == dark, path
        assert all(h.startswith(("charts/", "../charts/")) for h in light + dark), (path, light, dark)
        shown += len(light)
        imgs = [_address(i.attrs["src"]) for i in page.all("img") if i.inside("chart")]
        assert imgs == [h for pair in zip(light, dark) for h in pair], path  # each link shows its own drawing
    assert shown >= 5, f"{builder}: only {shown} charts on the site"


COLLAPSED = re.compile(r'^\?\?\? (\w+) "([^"]*)"$', re.M)  # `??? note "Title"` in a docs/ page (pymdownx.details)


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_collapsed_block_is_a_closed_details_element_with_its_title(pages, builder):
    """Each `??? note "Title"` of the Markdown is a closed <details> of that kind, titled by its <summary>, on the
    built page; no "???" is left as text (as it would be if pymdownx.details were not loaded)."""
    found = 0
    for markdown in sorted((ROOT / "docs").rglob("*.md")):
        blocks = COLLAPSED.findall(markdown.read_text(encoding="utf-8"))
        if not blocks:
            continue
        page = pages[builder][markdown.relative_to(ROOT / "docs").with_suffix(".html").as_posix()]
        details, summaries = page.all("details"), [s.text for s in page.all("summary")]
        assert len(details) == len(summaries), markdown
        assert blocks == [(d.attrs.get("class", "").split()[0], title) for d, title in zip(details, summaries)], markdown
        assert all("open" not in d.attrs for d in details), markdown
        assert "???" not in re.sub(r"<[^>]+>", "", page.article), markdown
        found += len(blocks)
    assert found >= 5, f"{builder}: only {found} collapsed blocks on the site"


def test_the_project_css_and_javascript_are_loaded_on_every_page(pages):
    """mkdocs.yml's extra_css, polyfill and extra_javascript, on every page of both builds (the files themselves
    are compared above)."""
    for path, mkdocs, zensical in _each_page(pages):
        prefix = "/" if path == "404.html" else "../" * path.count("/")  # the 404 page may be shown anywhere
        expected = [f"{prefix}stylesheets/extra.css", f"{prefix}javascripts/iframe-worker-shim.js",
                    f"{prefix}javascripts/catalogue.js"]
        for builder, page in (("mkdocs", mkdocs), ("zensical", zensical)):
            assert [a for a in page.assets if not a.startswith(f"{prefix}assets/")] == expected, (builder, path)


def _search_entries(site: Path) -> list[tuple[str, str, str]]:
    if (site / "search/search_index.json").is_file():  # Material's search plugin
        entries = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    else:  # Zensical
        entries = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    return [(e["location"], e["title"], e["text"]) for e in entries]


def test_search_has_the_same_entries_and_works_from_disk(sites):
    mkdocs, zensical = _search_entries(sites["mkdocs"]), _search_entries(sites["zensical"])
    assert len({location.split("#")[0] for location, _, _ in mkdocs}) >= 15
    assert mkdocs == zensical
    # Opened from disk (file://) a browser cannot fetch the index: each build also has it as a script.
    assert (sites["mkdocs"] / "search/search_index.js").is_file()
    assert (sites["zensical"] / "search.js").read_text(encoding="utf-8").startswith("var __index = {")


def test_calc_build_with_zensical_builds_the_site_make_site_builder_zensical_gives(copy):
    """`make site BUILDER=zensical` = `calc build --builder zensical`: docs/ and figures/ rendered and checked, then
    the same site built by Zensical into site/."""
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "build", "--builder", "zensical"],
                            capture_output=True, text=True, cwd=copy)
    assert result.returncode == 0, result.stderr + result.stdout
    assert f"build: the site is in {(copy / 'site').resolve()}/" in result.stdout
    assert missing_images(copy / "site") == []
    assert sorted(f.name for f in (copy / "site/charts").iterdir()) == sorted(
        f.name for f in (copy / "figures/charts").iterdir())
    other = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "build", "--builder", "zensical",
                            "--site-dir", "elsewhere"], capture_output=True, text=True, cwd=copy)
    assert other.returncode == 1
    assert other.stderr == ("build: Zensical builds into mkdocs.yml's site_dir (site/) and has no --site-dir: leave "
                            "--site-dir out, or build with mkdocs\n")


def test_zensical_clean_keeps_the_corrections_cache(repo):
    """`zensical build --clean` empties .cache/; the corrections log keeps its cache in .calc-cache/corrections/."""
    correct_mythos_price(repo)
    assert calc(repo, "check").returncode == 0  # reads the log, which now has a commit to compute, and caches it
    cached = {p.relative_to(repo).as_posix(): p.read_bytes()
              for p in sorted((repo / corrections.CACHE_DIR).rglob("*")) if p.is_file()}
    assert cached, f"nothing cached in {corrections.CACHE_DIR}"
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", "--strict"], cwd=repo,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout
    assert {p.relative_to(repo).as_posix(): p.read_bytes()
            for p in sorted((repo / corrections.CACHE_DIR).rglob("*")) if p.is_file()} == cached
