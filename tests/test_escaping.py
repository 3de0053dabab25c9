"""Text from data/ reaches a page as the text it is, never as markup: one test per kind of field.

Each field gets the same hostile payload with its own marker: a script tag, an image with an event handler, a
javascript: link, an attribute list that would add an onclick, emphasis and a table-cell break. The project is
rendered once; each page is turned into HTML with Python-Markdown and the site's own extensions (what mkdocs
does), and the test reads the HTML back: the marker must show as text, and no element, attribute or link may
come from it.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from calc import site
from tests.conftest import COPIED, ROOT
from tests.corpus import field


def payload(marker: str) -> str:
    return (f"<script>alert('{marker}')</script> <img src=x onerror=alert('{marker}')> "
            f"[{marker}-link](javascript:alert('{marker}')) {{: onclick=\"alert('{marker}')\" }} *{marker}-em* "
            f"|{marker}-cell| `{marker}-code`")


def quoted(text: str) -> str:
    """The payload as a YAML double-quoted scalar (a valid one, whatever it holds)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def block(file: str, first_line: str, new: str):
    """Replace the first line starting with ``first_line`` and the lines indented under it by ``new``."""
    def change(root: Path) -> None:
        path = root / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if line.startswith(first_line))
        indent = len(first_line) - len(first_line.lstrip())
        end = next((i for i in range(at + 1, len(lines)) if len(lines[i]) - len(lines[i].lstrip()) <= indent
                    or not lines[i].strip()), len(lines))
        lines[at:end] = [new]
        path.write_text("".join(lines), encoding="utf-8")
    return change


def in_entry(file: str, entry: str, key: str):
    """A change that sets ``key`` of ``entry`` to the payload (see tests.corpus.field)."""
    return lambda text: field(file, entry, key, f"    {key}: {text}\n")


SOURCES, THROUGHPUT = "data/sources.yaml", "data/throughput.yaml"
FIELDS = {
    # field: (a function from the payload (a YAML scalar) to a change of the copy, the page where it shows)
    "source_title": (in_entry(SOURCES, "unexcitedneurons_2026", "title"), "sources-inferred.md"),
    "source_publisher": (in_entry(SOURCES, "unexcitedneurons_2026", "publisher"), "sources-inferred.md"),
    "source_cite": (in_entry(SOURCES, "unexcitedneurons_2026", "cite"), "opus-4-6-size.md"),
    "source_notes": (in_entry(SOURCES, "unexcitedneurons_2026", "notes"), "sources-inferred.md"),
    "source_unlocated": (in_entry(SOURCES, "kr36_estimation", "unlocated"), "sources-inferred.md"),
    "source_searched": (in_entry(SOURCES, "kr36_estimation", "searched"), "sources-inferred.md"),
    "source_seed": (in_entry(SOURCES, "kr36_estimation", "seed"), "sources-inferred.md"),
    "source_kept_because": (in_entry(SOURCES, "kr36_estimation", "kept_because"), "sources-inferred.md"),
    "source_quote": (lambda text: block(SOURCES, "      ratio: ", f"      ratio: {text}\n"), "opus-5-claim.md"),
    "datum_description": (in_entry(THROUGHPUT, "decode_rate_opus_4_6", "description"), "figures/throughput-anthropic.md"),
    "datum_notes": (in_entry(THROUGHPUT, "decode_rate_opus_4_6", "notes"), "figures/throughput-anthropic.md"),
    "datum_quote": (in_entry(THROUGHPUT, "decode_rate_opus_4_6", "quote"), "figures/throughput-anthropic.md"),
    "assumption_rationale": (in_entry(THROUGHPUT, "serving_bytes_per_param_deepseek_v3_1", "rationale"),
                             "figures/throughput.md"),
    "model_name": (lambda text: block("data/models.yaml", "  mythos: ", "  mythos: {name: " + text
                                      + ", maker: Anthropic, aliases: [Mythos, Capybara]}\n"), "opus-5-claim.md"),
    "tier_name": (in_entry("data/tiers.yaml", "1", "name"), "tiers.md"),
    "tier_confidence": (in_entry("data/tiers.yaml", "1", "confidence"), "tiers.md"),
    "claim_evidence_why": (lambda text: block("data/claims.yaml", "        why: ", f"        why: {text}\n"),
                           "opus-5-claim.md"),
}
TOOLTIP_FIELDS = ("source_cite", "tier_name")  # these also reach a figure link's title (the tooltip)


def marker(field: str) -> str:
    return field.replace("_", "")


class Page(HTMLParser):
    """The elements, attributes and text of an HTML page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def to_html(text: str) -> str:
    """Markdown to HTML as the site builds it: Python-Markdown with the extensions mkdocs.yml lists."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name = item if isinstance(item, str) else next(iter(item))
        names.append(name)
        if isinstance(item, dict) and item[name]:
            options[name] = item[name]
    return markdown.markdown(text, extensions=names, extension_configs=options)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Page]:
    root = tmp_path_factory.mktemp("hostile")
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    for field_name, (change, _page) in FIELDS.items():
        change(quoted(payload(marker(field_name))))(root)
    produced = site.produce(root, draw=False)
    assert [str(p) for p in produced.errors] == []
    return {o.path.removeprefix("docs/"): Page(to_html(o.content.decode("utf-8"))) for o in produced.outputs
            if o.path.endswith(".md")}


@pytest.mark.parametrize("field", FIELDS)
def test_a_field_from_data_shows_as_text_and_adds_no_markup(pages, field):
    name = marker(field)
    page = pages[FIELDS[field][1]]
    shown = "".join(page.text)
    assert f"<script>alert('{name}')</script>" in shown  # the reader sees what the data says
    assert f"*{name}-em*" in shown and f"[{name}-link](javascript:alert('{name}'))" in shown
    for tag, attributes in page.tags:
        assert tag not in ("script", "img", "em", "code") or not any(  # text in alt or title stays text
            name in (value or "") for key, value in attributes.items() if key not in ("alt", "title")), tag
        assert not any(key.startswith("on") for key in attributes), (tag, attributes)
        href = attributes.get("href") or ""
        assert not href.lower().startswith(("javascript:", "data:", "vbscript:")), href


@pytest.mark.parametrize("field", TOOLTIP_FIELDS)
def test_a_tooltip_keeps_the_text_inside_its_title(pages, field):
    name = marker(field)
    titles = [attributes.get("title") or "" for page in pages.values() for tag, attributes in page.tags
              if tag == "a"]
    carrying = [t for t in titles if f"alert('{name}')" in t]
    assert carrying, f"no tooltip shows the {field}"
    assert all("<script>" in t for t in carrying)  # inside the attribute, as text


def test_no_page_gains_an_element_from_data(pages):
    for path, page in pages.items():
        # The catalogue's index carries one script element of its own: a JSON map of figure → page (not run; its
        # keys are names checked as identifiers), which forwards old figures.md#name links.
        assert not [t for t, a in page.tags if t in ("script", "iframe", "object", "style")
                    and not (t == "script" and a.get("type") == "application/json" and a.get("id") == "catalogue-pages")
                    or (t == "img" and not (a.get("src") or "").startswith("charts/"))], path
