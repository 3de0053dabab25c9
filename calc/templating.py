"""What a template sees: ``q``, the filters, ``cite``, ``quote``, ``chart``… in a sandbox without arithmetic.

``{{ q.active_params_fp8_opus_4_6 }}`` prints the figure in its kind's style, linked (see calc.markup).
Filters choose another style (``| multiple``, ``| fraction``, ``| pct``, ``| approx``…); the template never
does arithmetic and never falls back on a default (``| default`` and ``is defined`` are removed).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from calc import cache, fmt
from calc.markup import Markup
from calc.quantity import Quantity

REFUSED_FILTERS = ("default", "d")
REFUSED_TESTS = ("defined", "undefined")
_SAFE_ATTRIBUTES: dict[tuple[type, str], bool] = {}


def environment(templates_dir: Path, markup: Markup,
                bytecode_cache: jinja2.BytecodeCache | None = None) -> SandboxedEnvironment:
    """The sandbox the templates render in, with the project's figures, sources and charts in reach."""
    env = NoArithmeticEnvironment(
        loader=jinja2.FileSystemLoader(str(templates_dir)), undefined=jinja2.StrictUndefined,
        autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        bytecode_cache=bytecode_cache, auto_reload=False)
    for name in REFUSED_FILTERS:
        env.filters.pop(name, None)
    for name in REFUSED_TESTS:
        env.tests.pop(name, None)
    env.filters.update(filters(markup))
    env.tests["contains"] = lambda sequence, item: item in sequence
    project = markup.project
    env.globals.update({
        "q": Quantities(markup), "cite": markup.cite, "quote": markup.quote, "reference": markup.reference,
        "model": markup.model_name,
        "chart": markup.chart, "tier_link": markup.tier_link, "tiers": project.dataset.tiers,
        "claims": {name: ClaimView(result, markup) for name, result in project.claims.items()},
    })
    return env


def filters(markup: Markup) -> dict[str, Any]:
    """The filters that show a figure in another style (each still a link), or say something about it."""
    link = markup.link
    return {
        "fig": lambda f, style=None: link(f.quantity, fmt.value_text(f.quantity, style)),
        "multiple": lambda f: link(f.quantity, fmt.multiple(f.quantity)),
        "fraction": lambda f: link(f.quantity, fmt.fraction(f.quantity)),
        "pct": lambda f: link(f.quantity, fmt.percent(f.quantity)),
        "sig": lambda f, n: link(f.quantity, fmt.value_text(f.quantity, sig=n)),
        "approx": lambda f: link(f.quantity, (fmt.APPROX if fmt.is_rounded(f.quantity) and not f.quantity.approximate
                                              else "") + fmt.value_text(f.quantity)),
        "exact": lambda f: link(f.quantity, fmt.exact_text(f.quantity)),
        "asof": lambda f: link(f.quantity, fmt.value_text(f.quantity)) + markup.as_of_suffix(f.quantity),
        "plain": lambda f: fmt.value_text(f.quantity),
        "number": lambda f: link(f.quantity, fmt.value_text(f.quantity, "count")),
        "tier": lambda f: markup.tier_link(f.quantity.tier),
        "model": lambda f: markup.model_name(f.quantity.model),
        "sources": lambda f: markup.source_links(f.quantity),
        "low": lambda f: Bound(f, "low"),
        "high": lambda f: Bound(f, "high"),
    }


class CheckedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept between runs (Jinja otherwise compiles every template afresh on every run).

    They live in .calc-cache/jinja/<code key>/, so a change to calc/ (which may change how templates compile)
    starts a fresh folder. Jinja recompiles a template whose source changed; each file also carries a sha256 of
    its content, and a damaged file is compiled afresh, never loaded.
    """

    def __init__(self, root: Path):
        folders = cache.directory(root) / "jinja"
        self.folder = folders / cache.code_key()[:16]
        if folders.is_dir():
            for old in folders.iterdir():
                if old != self.folder:
                    shutil.rmtree(old, ignore_errors=True)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = (self.folder / f"{bucket.key}.bc").read_bytes()
        except OSError:
            return
        digest, body = data[:32], data[32:]
        if hashlib.sha256(body).digest() == digest:
            bucket.bytecode_from_string(body)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        body = bucket.bytecode_to_string()
        try:
            cache.write_atomically(self.folder / f"{bucket.key}.bc", hashlib.sha256(body).digest() + body)
        except OSError:
            pass  # only a slower next run


class NoArithmeticEnvironment(SandboxedEnvironment):
    """Arithmetic belongs in calc/, where it is unit-checked and shown as a formula; templates may not do it."""

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])
    intercepted_unops = frozenset(["+", "-"])

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's judgement, kept per type and name: it depends on nothing else, and the Figures page
        asks it tens of thousands of times."""
        key = (type(obj), attr)
        safe = _SAFE_ATTRIBUTES.get(key)
        if safe is None:
            safe = _SAFE_ATTRIBUTES[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"arithmetic ('{operator}') is not allowed in templates; compute it in calc/")

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        raise SecurityError(f"arithmetic ('{operator}') is not allowed in templates; compute it in calc/")


class Figure:
    """A quantity as a template sees it. Printing it gives the figure in its default style, linked."""

    def __init__(self, quantity: Quantity, markup: Markup):
        self.quantity = quantity
        self._markup = markup

    def __str__(self) -> str:
        return self._markup.link(self.quantity, fmt.value_text(self.quantity))

    # Read-only attributes a template may use for wording and for comparisons (no arithmetic).
    @property
    def name(self) -> str:
        return self.quantity.name

    @property
    def description(self) -> str:
        return self.quantity.description

    @property
    def tier(self) -> int | None:
        return self.quantity.tier

    @property
    def low(self) -> float:
        return self.quantity.low

    @property
    def high(self) -> float:
        return self.quantity.high

    @property
    def is_range(self) -> bool:
        return self.quantity.is_range

    @property
    def rounded(self) -> bool:
        """Whether the figure as shown differs from its exact value (so the Figures page gives both)."""
        return fmt.is_rounded(self.quantity)

    @property
    def model(self) -> str | None:
        return self.quantity.model

    @property
    def origin(self) -> str:
        return self.quantity.origin

    @property
    def entry(self) -> Any:
        return self.quantity.entry


class ClaimView:
    """A claim as a template sees it: its statement, its figure, its computed tier and its evidence."""

    def __init__(self, result: Any, markup: Markup):
        quantities = markup.project.quantities
        self.statement = result.claim.statement
        self.tier = result.tier
        self.figure = Figure(quantities[result.claim.figure], markup)
        self.evidence = [
            {"figure": Figure(quantities[e.figure], markup), "bears": e.bears, "why": e.why, "tier": tier}
            for e, tier in zip(result.claim.evidence, result.effective)]


class Bound:
    """One end of a range, shown and linked like the figure it belongs to (``{{ q.x | low }}``)."""

    def __init__(self, figure: Figure, end: str):
        self.figure, self.end = figure, end

    def __str__(self) -> str:
        quantity = self.figure.quantity
        one_end = replace(quantity, value=quantity.low if self.end == "low" else quantity.high)
        return self.figure._markup.link(quantity, fmt.value_text(one_end))


class Quantities:
    """``q`` in templates: ``q.name`` is a Figure; ``q.family(prefix)`` the figures named prefix_<model>."""

    def __init__(self, markup: Markup):
        self._markup = markup

    def __getattr__(self, name: str) -> Figure:
        quantities = self._markup.project.quantities
        if name.startswith("_") or name not in quantities:
            raise jinja2.UndefinedError(f"unknown quantity '{name}'")
        return Figure(quantities[name], self._markup)

    def pick(self, prefix: str, model_id: str) -> Figure:
        """The figure named ``prefix_<model id>``: for tables that walk a family row by row."""
        return self.__getattr__(f"{prefix}_{model_id}")

    def family(self, prefix: str) -> list[Figure]:
        """Figures named ``prefix_<model id>``, in the order of data/models.yaml."""
        project = self._markup.project
        found = [Figure(project.quantities[f"{prefix}_{m}"], self._markup)
                 for m in project.dataset.models if f"{prefix}_{m}" in project.quantities]
        if not found:
            raise jinja2.UndefinedError(f"no quantities named '{prefix}_<model>'")
        return found
