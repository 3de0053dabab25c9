"""Templates generated from Jinja's grammar (Hypothesis): whatever an editor writes, the lint and the render
give problems or a page, never a traceback; the page shows no raw number and no data as markup.

The generator builds expressions from the names a template sees (figures and their attributes, the globals,
literals, lists and mappings), every one of Jinja's filters and tests and the project's own, operators,
calls, conditionals and subscripts, and statements from them (output, if, for, set, macro, include, with) among
prose that carries raw HTML, attribute lists and links. The data are hostile: the figure's description is
markup with a marker, and its values are numbers no figure style prints as they stand.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2.defaults
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from calc import engine
from calc.lint import Allowance, lint_template
from calc.render import Renderer, TemplateProblem
from tests.conftest import ROOT
from tests.test_escaping import Page, to_html

MARK = "zqmark"
DESCRIPTION = f'<b id="{MARK}" onclick="{MARK}()">x</b> *{MARK}em* [{MARK}](javascript:{MARK}) {{ onmouseover={MARK} }}'
RAW = ("43.21987", "4321987", "1.5e+17", "150000000000000000")  # the values as Python would print them
FIGURE = "q.decode_rate_opus_4_6"

NAMES = [FIGURE, "q.price_input_opus_4_1", "tiers", "figures", "claims", "cite", "model", "q", "loop", "self",
         "range", "lipsum", "dict", "namespace", "cycler", "joiner", "page", "labels", "titles", "sources", "href"]
ATTRIBUTES = ["low", "high", "tier", "description", "name", "notes", "quote", "formula", "inputs", "location",
              "__class__", "__init__", "quantity", "_markup", "items", "values", "keys", "number", "shown", "mro",
              "pick", "family", "members", "statement", "figure", "evidence", "index", "length", "first"]
LITERALS = ['"text"', "'words here'", '"opus_4_6"', '"unexcitedneurons_2026"', "true", "false", "none", "3", "0.5",
            "1e3", '"<b>"', '"%s"']
FILTERS = sorted(set(jinja2.defaults.DEFAULT_FILTERS) | {"plaintext", "rendered"}) + ["fig", "multiple", "fraction",
          "pct", "points", "sig", "approx", "exact", "asof", "plain", "number", "tier", "model", "sources", "low",
          "high", "count", "name", "tojson"]
TESTS = sorted(jinja2.defaults.DEFAULT_TESTS) + ["contains"]
OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "~", "==", "<", "and", "or", "in"]
PROSE = ["Some words. ", "<b onclick=go()>bold</b> ", "<br> ", "[a link](#top){ onclick=go() } ",
         "[a link](javascript:go()) ", "{: #anchor } ", "`code` ", "\n\n## A heading\n\n", "| a | b |\n",
         "<!-- a comment --> ", "&amp; ", "\n- an item\n"]


def expressions() -> st.SearchStrategy[str]:
    atoms = st.sampled_from(NAMES + LITERALS + [f"{FIGURE}.{a}" for a in ATTRIBUTES[:8]])

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(ATTRIBUTES)).map(lambda t: f"{t[0]}.{t[1]}"),
            st.tuples(inner, st.sampled_from(FILTERS)).map(lambda t: f"{t[0]} | {t[1]}"),
            st.tuples(inner, st.sampled_from(FILTERS), inner).map(lambda t: f"{t[0]} | {t[1]}({t[2]})"),
            st.tuples(inner, st.sampled_from(TESTS)).map(lambda t: f"({t[0]} is {t[1]})"),
            st.tuples(inner, st.sampled_from(OPERATORS), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
            st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
            st.tuples(inner, inner).map(lambda t: f"{{{t[0]}: {t[1]}}}"),
            inner.map(lambda e: f"not {e}"),
        )
    return st.recursive(atoms, extend, max_leaves=6)


PLAUSIBLE = [FIGURE, "q.price_input_opus_4_1", f"{FIGURE}.description", f"{FIGURE}.notes", f"{FIGURE}.name",
             f"{FIGURE}.location", f"{FIGURE}.formula", "tiers | length", "figures | first", "claims | list | last",
             'cite("unexcitedneurons_2026")', 'model("opus_4_6")', f"{FIGURE}.low", f"{FIGURE}.tier", "tiers",
             f"[{FIGURE}]", f"{FIGURE}.description | lower", "figures | selectattr(\"is_range\") | list | length"]
ALLOWED_FILTERS = ["multiple", "fraction", "pct", "points", "exact", "asof", "plain", "number", "tier", "model",
                   "sources", "low", "high", "count", "name", "tojson", "lower", "first", "last", "length", "list",
                   "sort", "unique", "reverse"]


def plausible() -> st.SearchStrategy[str]:
    """What an editor would write (mostly allowed), so that most examples reach the render."""
    values = st.sampled_from([f"{FIGURE}.low", f"{FIGURE}.high", f"{FIGURE}.description", f"[{FIGURE}.low]",
                              "q.price_input_opus_4_1.low", f"{FIGURE}.notes"])
    chain = st.lists(st.sampled_from(ALLOWED_FILTERS + FILTERS), min_size=1, max_size=2)
    printed = st.one_of(
        st.tuples(st.sampled_from(PLAUSIBLE), st.lists(st.sampled_from(ALLOWED_FILTERS), max_size=2)),
        st.tuples(values, chain)).map(lambda t: "{{ " + " | ".join([t[0], *t[1]]) + " }}")
    return st.one_of(
        printed,
        st.tuples(st.sampled_from(PLAUSIBLE), printed).map(lambda t: f"{{% if {t[0]} %}}{t[1]}{{% endif %}}"),
        st.tuples(st.sampled_from(["figures | first | list", "tiers", "claims", f"{FIGURE}.inputs"]), printed).map(
            lambda t: f"{{% for v in {t[0]} %}}{t[1]} {{{{ v }}}}{{% endfor %}}"),
        st.sampled_from(PROSE[:1] + PROSE[2:3] + PROSE[5:8] + PROSE[9:]),
    )


def statements() -> st.SearchStrategy[str]:
    e = expressions()
    return st.one_of(
        plausible(), plausible(), plausible(),
        st.sampled_from(PROSE),
        e.map(lambda x: f"{{{{ {x} }}}}"),
        st.tuples(e, e).map(lambda t: f"{{% if {t[0]} %}}{{{{ {t[1]} }}}}{{% endif %}}"),
        st.tuples(e, e).map(lambda t: f"{{% for v in {t[0]} %}}{{{{ {t[1]} }}}}{{{{ v }}}}{{% endfor %}}"),
        e.map(lambda x: f"{{% set v = {x} %}}{{{{ v }}}}"),
        e.map(lambda x: f"{{% macro m(a) %}}{{{{ a }}}}{{{{ m(a) }}}}{{% endmacro %}}{{{{ m({x}) }}}}"),
        e.map(lambda x: f"{{% with w = {x} %}}{{{{ w }}}}{{% endwith %}}"),
        st.sampled_from(['{% include "fuzz.md.j2" %}', '{% include "../data/prices.yaml" %}',
                         "{% raw %}{{ q }}{% endraw %}", "{% for x in tiers %}{% for y in figures %}{% endfor %}"
                         "{% endfor %}", "{% if %}", "{{ ", "{% endfor %}"]),
    )


@pytest.fixture(scope="module")
def fuzzing(tmp_path_factory):
    """A project whose figure has hostile text and raw-looking values, and a templates folder for one template."""
    root = tmp_path_factory.mktemp("grammar")
    for name in ("data", "mkdocs.yml"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, root / name)
    path = root / "data/throughput.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    description: Decode throughput of Claude Opus 4.6 on Google Vertex in OpenRouter's listing of March 2026\n    value: 43\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "    description: '" + DESCRIPTION + "'\n    value: 43.21987\n"),
                    encoding="utf-8")
    prices = root / "data/prices.yaml"
    text = prices.read_text(encoding="utf-8")
    assert text.count("    value: 15\n") >= 1
    prices.write_text(text.replace("    value: 15\n", "    value: 1.5e17\n", 1), encoding="utf-8")
    (root / "templates").mkdir()
    project = engine.load(root)
    assert project.problems.errors == [], project.problems.errors
    return root, project, Allowance.of(project), Renderer(project, root)


def links_removed(text: str) -> str:
    """The page without its links (a figure's text and target are formatted by the code, not raw)."""
    return re.sub(r"\[[^\]\n]*\]\([^)\n]*\)", " ", text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(body=st.lists(statements(), min_size=1, max_size=5))
def test_a_generated_template_gives_problems_or_a_safe_page(fuzzing, body):
    root, project, allowance, renderer = fuzzing
    source = "{# context: generated #}\n" + "".join(body) + "\n"
    path = root / "templates/fuzz.md.j2"
    path.write_text(source, encoding="utf-8")
    renderer.environment.cache.clear()  # the template changed (the environment does not look: auto_reload off)
    problems = lint_template(source, path, "templates/fuzz.md.j2", allowance, renderer.environment)
    if problems:
        event("refused by the lint")
        for problem in problems:
            assert problem.location.path == "templates/fuzz.md.j2" and problem.message and problem.fix
        return
    try:
        page = renderer.render("fuzz.md.j2", "fuzz.md")
    except TemplateProblem as exc:
        event("refused by the render")
        assert exc.problem.location.path == "templates/fuzz.md.j2" and exc.problem.message
        return
    event("rendered")
    shown = links_removed(page.text)
    for raw in RAW:
        assert raw not in shown, (source, page.text)
    html = Page(to_html(page.text))
    for tag, attributes in html.tags:
        assert not any(key.startswith("on") for key in attributes), (source, tag, attributes)
        assert attributes.get("id") != MARK, (source, page.text)
        assert not (attributes.get("href") or "").startswith("javascript:"), (source, attributes)
        assert tag not in ("b", "script", "img", "iframe") or MARK not in str(attributes), (source, tag)
