"""Every place a value lands escapes for that place: an attribute's quotes, a link's title, a heading, the
navigation, `calc new`'s title, and sentences the corrections log reads from git history."""

from __future__ import annotations

from calc import site
from calc.cli import main
from calc.corrections import shown_sentence
from calc.markup import escape_text
from tests.test_escaping import Page, to_html

HOSTILE = 'x" onclick="go()" { onmouseover=go() } </title><img src=x onerror=go()> [l](javascript:go())'


def no_live_markup(page: Page) -> None:
    for tag, attributes in page.tags:
        assert tag != "script" and (tag != "img" or attributes["src"].startswith("charts/")), (tag, attributes)
        assert not any(key.startswith("on") for key in attributes), (tag, attributes)
        assert not (attributes.get("href") or "").startswith("javascript:"), attributes


def test_data_text_escapes_the_quote_that_closes_an_attribute():
    assert escape_text('say "x"') == "say &quot;x&quot;"
    assert escape_text("a < b & c > d") == "a &lt; b &amp; c &gt; d"


def test_data_in_a_heading_and_a_table_stays_text(copy):
    # A value inside a link title is refused outright (tests/corpus.py); a heading and a table cell take data as text.
    path = copy / "data/throughput.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    description: Decode throughput of Claude Opus 4.6 on Google Vertex in OpenRouter's listing of March 2026\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "    description: '" + HOSTILE.replace("'", "''") + "'\n"), encoding="utf-8")
    with (copy / "templates/opus-4-6-size.md.j2").open("a", encoding="utf-8") as stream:
        stream.write("\n## About {{ q.decode_rate_opus_4_6.description }}\n\n"
                     "| What | Which |\n|---|---|\n| it | {{ q.decode_rate_opus_4_6.description }} |\n")
    produced = site.produce(copy, draw=False)
    assert [str(p) for p in produced.errors] == []
    page = next(o for o in produced.outputs if o.path == "docs/opus-4-6-size.md").content.decode("utf-8")
    html = Page(to_html(page))
    no_live_markup(html)
    assert "".join(html.text).count("</title><img src=x onerror=go()>") == 2  # heading and cell, as text


def test_calc_new_refuses_a_title_the_theme_would_put_into_html_as_it_stands(copy, capsys):
    config = (copy / "mkdocs.yml").read_bytes()
    status = main(["--root", str(copy), "new", "evil", "<img src=x onerror=go()>"])
    assert status == 1
    assert capsys.readouterr().err == (
        "new: the title must be one line of plain text (no braces, no '<', '>' or '&': the theme puts the title "
        "into every page's HTML as it stands), for example \"What Opus 5 would cost\"\n")
    assert not (copy / "templates/evil.md.j2").exists() and (copy / "mkdocs.yml").read_bytes() == config


def test_calc_new_escapes_its_title_in_the_heading(copy, capsys):
    assert main(["--root", str(copy), "new", "asterisks", "A *bold* [claim] with `code`"]) == 0
    heading = (copy / "templates/asterisks.md.j2").read_text(encoding="utf-8").splitlines()[2]
    assert heading == r"# A \*bold\* \[claim\] with \`code\`"


def test_a_sentence_from_history_shows_its_words_only():
    shown = shown_sentence("Before: <img src=x onerror=go()> it read { onclick=go() } and [a](javascript:go()).")
    page = Page(to_html(shown))
    no_live_markup(page)
    assert "".join(page.text) == "Before:  it read { onclick=go() } and [a](javascript:go()).".replace("  ", " ")
