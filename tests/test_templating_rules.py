"""The template rules are closed: of Jinja's whole set of filters, tests and globals, a template reaches only
those on the allow-list (calc.templating), besides the project's own."""

from __future__ import annotations

import jinja2.defaults
import pytest

from calc import templating
from calc.render import Renderer

# Written out here, not read from the code: a filter added to the environment must be added here too, on purpose.
OURS_FILTERS = {"fig", "multiple", "fraction", "pct", "points", "sig", "approx", "exact", "asof", "plain", "number",
                "tier", "model", "leader", "sources", "low", "high", "count", "name", "tojson",
                "lower"}  # Jinja's lower, for text only: `x.low | lower` would print a number as text
JINJA_FILTERS = {"first", "last", "length", "list", "sort", "reverse", "unique", "groupby", "selectattr",
                 "rejectattr"}
OURS_TESTS = {"contains"}
OURS_GLOBALS = {"q", "cite", "quote", "reference", "model", "chart", "tier_link", "tiers", "claims",
                "figure_description", "claim"}


@pytest.fixture(scope="module")
def environment(project):
    return Renderer(project).environment


def test_the_allow_lists_name_only_jinjas_own():
    assert templating.JINJA_FILTERS <= set(jinja2.defaults.DEFAULT_FILTERS)
    assert templating.JINJA_TESTS <= set(jinja2.defaults.DEFAULT_TESTS)
    assert templating.JINJA_GLOBALS <= set(jinja2.defaults.DEFAULT_NAMESPACE)


@pytest.mark.parametrize("name", sorted(jinja2.defaults.DEFAULT_FILTERS))
def test_each_of_jinjas_filters_is_allowed_or_gone(environment, name):
    if name in JINJA_FILTERS:
        assert environment.filters[name] is jinja2.defaults.DEFAULT_FILTERS[name]
    elif name in OURS_FILTERS:  # the same name, the project's meaning
        assert environment.filters[name] is not jinja2.defaults.DEFAULT_FILTERS[name]
    else:
        assert name not in environment.filters


@pytest.mark.parametrize("name", sorted(jinja2.defaults.DEFAULT_TESTS))
def test_each_of_jinjas_tests_is_allowed_or_gone(environment, name):
    assert (name in environment.tests) == (name in templating.JINJA_TESTS)
    for refused in ("defined", "undefined", "divisibleby", "callable", "escaped", "test", "filter", "number",
                    "integer", "float", "odd", "even"):
        assert refused not in environment.tests


@pytest.mark.parametrize("name", sorted(jinja2.defaults.DEFAULT_NAMESPACE))
def test_none_of_jinjas_globals_is_left(environment, name):
    assert name not in environment.globals


def test_nothing_else_is_in_reach(environment):
    assert set(environment.filters) == OURS_FILTERS | JINJA_FILTERS
    assert set(environment.tests) == OURS_TESTS | templating.JINJA_TESTS
    assert set(environment.globals) == OURS_GLOBALS
