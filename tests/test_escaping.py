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
from tests.conftest import COPIED, ROOT, edit


def payload(marker: str) -> str:
    return (f"<script>alert('{marker}')</script> <img src=x onerror=alert('{marker}')> "
            f"[{marker}-link](javascript:alert('{marker}')) {{: onclick=\"alert('{marker}')\" }} *{marker}-em* "
            f"|{marker}-cell| `{marker}-code`")


def quoted(text: str) -> str:
    """The payload as a YAML double-quoted scalar (a valid one, whatever it holds)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


SOURCE = "  unexcitedneurons_2026:\n    title: Estimating the Size of Claude Opus 4.5/4.6\n"
FIELDS = {
    # field: (file, old text, new text with {p} for the payload, page where it shows)
    "source_title": ("data/sources.yaml", SOURCE, SOURCE.replace("Estimating the Size of Claude Opus 4.5/4.6", "{p}"),
                     "sources.md"),
    "source_publisher": ("data/sources.yaml", "    publisher: unexcitedneurons (Substack)\n    date: 2026-03-12\n"
                         "    tier: 3\n", "    publisher: {p}\n    date: 2026-03-12\n    tier: 3\n", "sources.md"),
    "source_cite": ("data/sources.yaml", "    cite: the throughput estimate (unexcitedneurons, March 2026)\n",
                    "    cite: {p}\n", "opus-4-6-size.md"),
    "source_unlocated": ("data/sources.yaml", "    unlocated: The draft review names the site, not the article.\n",
                         "    unlocated: {p}\n", "sources.md"),
    "source_via": ("data/sources.yaml", "linked rather than linked to a guess.\n    via: shared/sources/004\n",
                   "linked rather than linked to a guess.\n    via: {p}\n", "sources.md"),
    "source_notes": ("data/sources.yaml", "    notes: >-\n      A calculation from public decode throughput, calibrated "
                     "on three open-weight MoE models. Its parameter\n      counts for the calibration models are the "
                     "author's own count from the released weight files.\n", "    notes: {p}\n", "sources.md"),
    "source_kept_because": ("data/sources.yaml", "    kept_because: >-\n      The draft lists it as the third support "
                            "for the 5 T figure. We could not read it; the throughput estimate\n      we could read is "
                            "the reverse deduction we assess.\n", "    kept_because: {p}\n", "sources.md"),
    "source_quote": ("data/sources.yaml", "      ratio: \"…the current Grok, with its parameter count being half of "
                     "Sonnet and one-tenth of Opus, is a very strong model for its size.\"\n", "      ratio: {p}\n",
                     "opus-5-claim.md"),
    "datum_description": ("data/throughput.yaml", "    description: Decode throughput of Claude Opus 4.6 on Google "
                          "Vertex\n", "    description: {p}\n", "figures.md"),
    "datum_notes": ("data/throughput.yaml", "    value: 43\n", "    value: 43\n    notes: {p}\n", "figures.md"),
    "datum_quote": ("data/throughput.yaml", "    value: 43\n    notes: ", "    value: 43\n    quote: {p}\n    notes: ",
                    "figures.md"),
    "assumption_rationale": ("data/throughput.yaml", "    rationale: DeepSeek releases its weights in FP8, and a "
                             "provider has no reason to serve them wider.\n", "    rationale: {p}\n", "figures.md"),
    "model_name": ("data/models.yaml", "  mythos: {name: Claude Mythos,", "  mythos: {name: {p},", "opus-5-claim.md"),
    "tier_name": ("data/tiers.yaml", "    name: Official disclosure\n", "    name: {p}\n", "tiers.md"),
    "tier_description": ("data/tiers.yaml", "    confidence: High\n", "    confidence: {p}\n", "tiers.md"),
    "claim_evidence_why": ("data/claims.yaml", "      - figure: implied_total_opus\n        bears: carried_over\n"
                           "        why: >-\n", "      - figure: implied_total_opus\n        bears: carried_over\n"
                           "        why: {p}\n        was: >-\n", "opus-5-claim.md"),
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
    for field, (file, old, new, _page) in FIELDS.items():
        edit(root / file, old, new.replace("{p}", quoted(payload(marker(field)))))
    claims = root / "data/claims.yaml"  # the evidence item's own 'why' moved under 'was:'; remove it
    text = claims.read_text(encoding="utf-8")
    start = text.index("        was: >-\n")
    end = text.index("      - figure:", start)
    claims.write_text(text[:start] + text[end:], encoding="utf-8")
    produced = site.produce(root, draw=False)
    assert [str(p) for p in produced.errors] == []
    return {o.path.removeprefix("docs/"): Page(to_html(o.content.decode("utf-8"))) for o in produced.outputs
            if o.path.endswith(".md")}


@pytest.mark.parametrize("field", FIELDS)
def test_a_field_from_data_shows_as_text_and_adds_no_markup(pages, field):
    name = marker(field)
    page = pages[FIELDS[field][3]]
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
        assert not [t for t, a in page.tags if t in ("script", "iframe", "object", "style")
                    or (t == "img" and not (a.get("src") or "").startswith("figures/"))], path
