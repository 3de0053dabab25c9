"""Words for captions, alt text and labels; every figure in them goes through calc.fmt. No matplotlib here."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from calc import fmt
from calc.errors import Location
from calc.quantity import Quantity, Range
from calc.schema import PartialDate
from calc.units import Kind

if TYPE_CHECKING:  # pragma: no cover - typing only
    from calc.engine import Project

HERE = Location("calc/charts")


def get(project: "Project", name: str) -> Quantity:
    """A quantity the chart draws; a clear message when it was not computed."""
    try:
        return project.quantities[name]
    except KeyError:
        raise KeyError(f"the charts need the quantity '{name}', which is not defined or could not be computed "
                       "(run `python -m calc check`)") from None


def computed(name: str, value: float | tuple[float, float], kind: Kind, description: str = "") -> Quantity:
    """A figure the chart itself computes (a simulation result, a tick), as a Quantity so fmt can show it."""
    shown: float | Range = Range(*value) if isinstance(value, tuple) else float(value)
    return Quantity(name=name, description=description, kind=kind, value=shown, origin="derived", location=HERE,
                    tier=None, sources=(), as_of=None)


# While a caption is written for a page, figures in it become links to their provenance (alt text stays plain).
# Names from data/ in such a caption are escaped for Markdown (the caption is Markdown; a label is not).
_LINK: ContextVar[Callable[[Quantity, str], str] | None] = ContextVar("link", default=None)
_ESCAPE: ContextVar[Callable[[str], str]] = ContextVar("escape", default=str)


@contextmanager
def linking(link: Callable[[Quantity, str], str], escape: Callable[[str], str] = str) -> Iterator[None]:
    token, escaping = _LINK.set(link), _ESCAPE.set(escape)
    try:
        yield
    finally:
        _LINK.reset(token)
        _ESCAPE.reset(escaping)


def _shown(q: Quantity, text: str) -> str:
    link = _LINK.get()
    return link(q, text) if link is not None and q.location != HERE else text


def value(q: Quantity) -> str:
    """A quantity as prose shows it: "1.73–2.16 T params", "≈5 T params", "$30/Mtok"."""
    return _shown(q, fmt.value_text(q))


def short(q: Quantity) -> str:
    """A parameter count without the word "params", for labels on a parameter axis: "≈1.76 T"."""
    return _shown(q, fmt.value_text(q).removesuffix(" params"))


def count(q: Quantity) -> str:
    """A count as a bare number: "16", "20,000"."""
    return _shown(q, fmt.value_text(q, "count"))


def data_text(text: str) -> str:
    """Text from data/ (a name, a maker) as a caption needs it: escaped while a page's caption is written."""
    return _ESCAPE.get()(text)


def model_name(project: "Project", q: Quantity) -> str:
    if q.model and q.model in project.dataset.models:
        return _ESCAPE.get()(project.dataset.models[q.model].name)
    return q.name


def tier_name(project: "Project", tier: int | None) -> str:
    if tier is None:
        return "exact by definition"
    known = project.dataset.tiers.get(tier)
    return _ESCAPE.get()(known.name) if known else "unknown tier"


def tier_label(project: "Project", tier: int | None) -> str:
    """ "T1 · Official disclosure", as the legends show it: the mark the pages show for the tier (calc.markup)."""
    if tier is None:
        return "Definition (no tier)"
    return f"T{tier} · {tier_name(project, tier)}"


def tier_phrase(project: "Project", tier: int | None) -> str:
    """ "tier 3, researcher inference", as alt text says it."""
    if tier is None:
        return "a definition"
    return f"tier {tier}, {tier_name(project, tier).lower()}"


def join(items: Iterable[str], last: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def decimal_year(when: PartialDate) -> float:
    """A date as a position on a time axis; an unknown month is the middle of the year, an unknown day the
    middle of the month."""
    if not when.month:
        return when.year + 0.5
    if not when.day:
        return when.year + (when.month - 0.5) / 12
    start = date(when.year, 1, 1).toordinal()
    length = date(when.year + 1, 1, 1).toordinal() - start
    return when.year + (date(when.year, when.month, when.day).toordinal() - start + 0.5) / length


def date_text(when: PartialDate | None) -> str:
    return when.display() if when else "undated"
