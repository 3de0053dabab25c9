"""From data/ and the derivations to every named quantity, with its range, tier and sources.

Ranges are evaluated exactly: every ranged leaf (a datum, an assumption, or an envelope such as the
bandwidth band) gets an axis of its own, and each formula is called once on numpy arrays that broadcast
over those axes; an array spans only the axes of the leaves it rests on. A quantity's bounds are the
smallest and largest of its values at the corners of the leaves it depends on. Because the axes belong to the leaves, a leaf used twice in one chain (the
always-active share, say) is the same variable both times, not two independent ones.

That is exact when each formula is monotone in each leaf over its range. A second pass evaluates every
quantity on a grid of points inside the ranges and reports any quantity that is not (both passes: calc.evaluation).
Here: reading data/ (calc.schema_sources, calc.schema_entries), the leaves, the graph of derivations, the claims'
tiers and the expectations.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from calc import assertions, families, schema, schema_entries, schema_sources, yamlsafe
from calc.derivation import Derivation
from calc.derivations import ALL
from calc.errors import Location, Problem, Problems
from calc.evaluation import SPECULATION, evaluate
from calc.quantity import DEFAULT_SIG, Quantity, Range
from calc.units import (COUNT, PERCENT, POSSIBLE, RATIO, REGISTRY, Kind, dimension_text,
                        kind_for_unit, unit)

SPECIAL_FILES = {"sources.yaml": schema_sources.read_sources, "tiers.yaml": schema_sources.read_tiers,
                 "models.yaml": schema_sources.read_models, "expectations.yaml": schema_entries.read_expectations,
                 "claims.yaml": schema_sources.read_claims, "assertions.yaml": assertions.read}
# The files the derivations and templates read from: one that is missing is reported once, by name, instead of
# as every figure it held going unknown.
DATA_FILES = tuple(SPECIAL_FILES) + ("architecture.yaml", "benchmarks.yaml", "designs.yaml", "estimates.yaml", "prices.yaml",
                                     "protocol.yaml", "throughput.yaml")


@dataclass
class ExpectationResult:
    expectation: schema.Expectation
    holds: bool | None  # None: not checked, because a quantity it names failed for a reason reported elsewhere
    detail: str


@dataclass(frozen=True)
class ClaimTier:
    """A claim with the tier its evidence earns it: the strongest effective tier among what supports it."""

    claim: schema.Claim
    tier: int
    effective: tuple[int | None, ...]  # per piece of evidence; None for evidence against the claim


@dataclass
class Project:
    """Everything computed from one reading of data/ and the derivations."""

    root: Path
    dataset: schema.DataSet
    quantities: dict[str, Quantity]
    derivations: dict[str, Derivation]
    expectations: list[ExpectationResult]
    problems: Problems
    used_by: dict[str, list[str]] = field(default_factory=dict)
    claims: dict[str, ClaimTier] = field(default_factory=dict)
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)  # family → its members (calc.families)
    assertions: list[assertions.AssertionResult] = field(default_factory=list)

    def sources_of(self, name: str) -> list[schema.Source]:
        return [self.dataset.sources[s] for s in self.quantities[name].sources if s in self.dataset.sources]


def load(root: Path, derivations: Iterable[Derivation] | None = None, data_dir: str = "data",
         dataset: schema.DataSet | None = None) -> Project:
    """Read data/ (or take ``dataset`` as read already), compute every quantity and expectation.

    Problems are collected, never raised.
    """
    if derivations is None:
        derivations = ALL
    problems = Problems(root)
    if dataset is None:
        dataset = read_dataset(root, data_dir, problems)
    check_references(dataset, problems)
    leaves = leaf_quantities(dataset, problems)
    derivations, family_members = families.extend(derivations, set(leaves), dataset.models)
    by_name = _check_derivations(list(derivations), leaves, dataset, problems)
    order = _order(leaves, by_name, problems)
    quantities = evaluate(order, leaves, by_name, problems)
    # With a data file unreadable, a model it names may be missing for that reason alone (reported already).
    quietly = Problems(root) if dataset.unreadable else problems
    quantities = {name: _name_models(q, dataset.models, quietly) for name, q in quantities.items()}
    used_by: dict[str, list[str]] = {}
    for derivation in by_name.values():
        for name in derivation.input_names:
            used_by.setdefault(name, []).append(derivation.name)
    known = set(leaves) | set(by_name)
    results = [check_expectation(e, quantities, lambda n: n in known or dataset.may_define(n))
               for e in dataset.expectations.values()]
    project = Project(root, dataset, quantities, by_name, results, problems, used_by,
                      claim_tiers(dataset, quantities, lambda n: n in known or dataset.may_define(n), problems),
                      family_members,
                      assertions.evaluate_all(dataset, quantities, lambda n: n in known or dataset.may_define(n)))
    for result in results:
        if result.holds is False:
            problems.add(result.expectation.location, f"expectation '{result.expectation.name}' fails: "
                         f"{result.detail}", "Check the figures it names and any sentence that relies on the "
                         "relation; if the relation was stated too tightly, change its tolerance in "
                         "data/expectations.yaml")
    return project


# --- reading --------------------------------------------------------------------------------------------

def read_dataset(root: Path, data_dir: str, problems: Problems) -> schema.DataSet:
    dataset = schema.DataSet()
    directory = root / data_dir
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        problems.add(Location(data_dir), f"no YAML files in {data_dir}/", "Run from the project's top folder")
    found: list[Problem] = []
    if paths and data_dir == "data":
        for missing in sorted(set(DATA_FILES) - {p.name for p in paths}):
            found.append(Problem(Location(f"{data_dir}/{missing}"), f"{data_dir}/{missing} is missing",
                                 "Restore it (`git checkout -- " + f"{data_dir}/{missing}`); the figures it holds are "
                                 "used by the articles"))
            dataset.unreadable.append(f"{data_dir}/{missing}")
    for path in paths:
        shown = path.relative_to(root).as_posix()
        data, yaml_problems = yamlsafe.read(path, shown)
        found.extend(yaml_problems)
        if data is None or not isinstance(data, yamlsafe.LocatedDict) or not data:
            dataset.unreadable.append(shown)  # unknown names that this file may define are not reported again
        if data is None:
            continue
        reader = SPECIAL_FILES.get(path.name, schema_entries.read_entries)
        reader(data, shown, dataset, found)
    problems.extend(found)
    return dataset


def check_references(dataset: schema.DataSet, problems: Problems) -> None:
    for entry in dataset.entries.values():
        if entry.source and entry.source not in dataset.sources and not dataset.may_define(entry.source):
            problems.add(entry.field_location("source"), f"unknown source '{entry.source}' in "
                         f"{schema.ENTRY_KIND[entry.section]} '{entry.name}'",
                         "Add the source to data/sources.yaml, or use the id of one already there")
        if entry.model and entry.model not in dataset.models and not dataset.unreadable:
            problems.add(entry.field_location("model"), f"unknown model '{entry.model}' in "
                         f"{schema.ENTRY_KIND[entry.section]} '{entry.name}'",
                         "Add the model to data/models.yaml, or use the id of one already there")
    for source in dataset.sources.values():
        if dataset.tiers and source.tier not in dataset.tiers:
            problems.add(source.location, f"source '{source.id}' is at tier {source.tier}, which data/tiers.yaml "
                         "does not define", "Define the tier or correct the source's tier")
    check_provenance(dataset, problems)
    if dataset.framework_source and dataset.framework_source not in dataset.sources and not dataset.unreadable:
        problems.add(Location("data/tiers.yaml", 1), f"unknown source '{dataset.framework_source}' for the tier "
                     "framework", "Use the id of a source in data/sources.yaml")


def check_provenance(dataset: schema.DataSet, problems: Problems) -> None:
    """'via' names known sources without a cycle; a tier 1 or 2 datum says where it can be read, or quotes it."""
    broken: set[str] = set()  # sources already reported: their data are not reported again
    for source in dataset.sources.values():
        via_location = source.via_location or source.location
        for via in source.via_ids:
            if via not in dataset.sources and not dataset.may_define(via):
                problems.add(via_location, f"source '{source.id}' is read via unknown source '{via}'",
                             "Use the id of a source in data/sources.yaml")
                broken.add(source.id)
            elif via == source.id:
                problems.add(via_location, f"source '{source.id}' is read via itself",
                             "Name under 'via:' the source whose copy you read, or remove 'via:'")
                broken.add(source.id)
            elif source.id in dataset.via_chain(via):
                problems.add(via_location, f"source '{source.id}' is read via '{via}', which is read via "
                             f"'{source.id}'", "Break the cycle: say which document you actually read")
                broken.add(source.id)
    for entry in dataset.entries.values():
        if entry.section != "data" or entry.source not in dataset.sources:
            continue
        source = dataset.sources[entry.source]
        chain = dataset.via_chain(source.id)
        rejected = any(v not in dataset.sources and dataset.may_define(v) for s in chain
                       for v in dataset.sources[s].via_ids)
        if not (source.link or source.copy or source.unlocated) or broken & set(chain) or rejected:
            continue  # the source itself is reported (no address or reason, a broken or rejected 'via')
        tier = dataset.effective_tier(entry.source)
        if tier is not None and tier < SPECULATION and entry.model and source.about and entry.model not in source.about:
            problems.add(entry.field_location("model"), f"datum '{entry.name}' is about model '{entry.model}', but its "
                         f"source '{source.id}' (tier {tier}) describes {', '.join(source.about)}: a figure carried "
                         "from one model to another is tier 4 (data/tiers.yaml)",
                         f"Take the figure from a source about '{entry.model}', or record it under a tier 4 source "
                         "that says it is carried over")
        if tier is not None and tier < SPECULATION and "_like_" in entry.name:
            problems.add(entry.field_location("source"), f"datum '{entry.name}' rests on another design's routing or "
                         f"split ('_like_' in its name), but its source '{source.id}' is tier {tier}: a figure carried "
                         "from one model to another is tier 4 (data/tiers.yaml)",
                         "Record it under a tier 4 source that says it is carried over")
        if tier is not None and tier <= 2 and not dataset.address_of(entry) and not entry.quote:
            problems.add(entry.location, f"tier {tier} datum '{entry.name}' has no address and no quote",
                         f"Give source '{entry.source}' the 'url:' you read it at (or the datum a 'url:'), or add "
                         "'quote:' with the source's words; if it cannot be located, lower its tier")


def leaf_quantities(dataset: schema.DataSet, problems: Problems) -> dict[str, Quantity]:
    """Data, assumptions and definitions as quantities in canonical units (unknown units are reported)."""
    leaves: dict[str, Quantity] = {}
    for entry in dataset.entries.values():
        try:
            kind = kind_for_unit(entry.unit)
            if entry.show_as and kind.unit == "1":
                kind = {"count": COUNT, "ratio": RATIO, "percent": PERCENT}[entry.show_as]
            elif entry.show_as:  # a style for a quantity with a unit: same dimension, shown as asked
                kind = replace(kind, style=entry.show_as)
        except ValueError as exc:
            problems.add(entry.field_location("unit"), f"unknown unit '{entry.unit}' in "
                         f"{schema.ENTRY_KIND[entry.section]} '{entry.name}': {exc}",
                         "Use a unit defined in calc/units.txt, such as token/s, TB/s, USD/Mtok, param, Tparam, "
                         "byte/param, percent or 1")
            dataset.rejected.add(entry.name)
            continue

        def canonical(number: float | None) -> float:
            return float(REGISTRY.Quantity(number, entry.unit).to(kind.unit).magnitude)

        if not _possible(entry, kind, problems):
            dataset.rejected.add(entry.name)
            continue
        value: float | Range
        value = (canonical(entry.value) if entry.value is not None
                 else Range(canonical(entry.low), canonical(entry.high), entry.range_meaning or "bounds"))
        source = dataset.sources.get(entry.source or "")
        tier = {"data": dataset.effective_tier(source.id) if source else None, "assumptions": entry.tier,
                "definitions": None}[entry.section]
        leaves[entry.name] = Quantity(
            name=entry.name, description=entry.description, kind=kind, value=value,
            origin=schema.ENTRY_KIND[entry.section], location=entry.location, tier=tier,
            sources=(entry.source,) if entry.source else (), as_of=entry.as_of, review_by=entry.review_by,
            group=Path(entry.location.path).stem, entry=entry, model=entry.model, sig=entry.sig or DEFAULT_SIG,
            approximate=entry.approximate)
    return leaves


# A datum's size in its kind's canonical unit, zero apart (the site's data lie between 0.01 and 1e13): a product or
# quotient of a few such figures stays a normal float, so no formula overflows to infinity or loses every digit.
COMPUTABLE = (1e-30, 1e30)


def _possible(entry: schema.Entry, kind: Kind, problems: Problems) -> bool:
    """Whether the entry's numbers are finite in canonical units and possible for their kind (a price is not
    negative, a rate is more than zero, a percentage lies between 0 and 100); each violation at its line."""
    test, breaks = POSSIBLE[kind.possible]
    ok = True
    for field_name, number in (("value", entry.value), ("low", entry.low), ("high", entry.high)):
        if number is None:
            continue
        canonical = float(REGISTRY.Quantity(number, entry.unit).to(kind.unit).magnitude)
        kind_name = schema.ENTRY_KIND[entry.section]
        if not math.isfinite(canonical):
            problems.add(entry.field_location(field_name), f"'{field_name}' of {kind_name} '{entry.name}' is too "
                         f"large to compute with: {number:g} {entry.unit} is not a finite number of {kind.unit}",
                         "Check the number and its unit")
            ok = False
        elif canonical != 0 and not COMPUTABLE[0] <= abs(canonical) <= COMPUTABLE[1]:
            problems.add(entry.field_location(field_name), f"'{field_name}' of {kind_name} '{entry.name}' is too "
                         f"{'large' if abs(canonical) > 1 else 'small'} to compute with: {number:g} {entry.unit} "
                         f"(a datum lies within {COMPUTABLE[0]:g} to {COMPUTABLE[1]:g} {kind.unit}, or is zero, so "
                         "that every figure computed from it stays finite)", "Check the number and its unit")
            ok = False
        elif not test(canonical):
            problems.add(entry.field_location(field_name), f"'{field_name}' of {kind_name} '{entry.name}' is "
                         f"{number:g} {entry.unit}, but a {kind.name} {breaks}",
                         "Check the number, its sign and its unit against the source")
            ok = False
    return ok


# --- the graph ------------------------------------------------------------------------------------------

def _check_derivations(derivations: list[Derivation], leaves: dict[str, Quantity], dataset: schema.DataSet,
                       problems: Problems) -> dict[str, Derivation]:
    by_name: dict[str, Derivation] = {}
    for derivation in derivations:
        if derivation.name in leaves:
            problems.add(derivation.location, f"'{derivation.name}' is defined twice (also at "
                         f"{leaves[derivation.name].location})", "Give each figure one name and one definition")
        elif derivation.name in by_name:
            problems.add(derivation.location, f"'{derivation.name}' is defined twice (also at "
                         f"{by_name[derivation.name].location})", "Give each figure one name and one definition")
        else:
            by_name[derivation.name] = derivation
    known = set(leaves) | set(by_name)
    for derivation in by_name.values():
        for name in derivation.input_names:
            if name not in known and not dataset.may_define(name):
                problems.add(derivation.location, f"unknown quantity '{name}' used by '{derivation.name}'",
                             "Define it in data/ or correct the name")
    return by_name


def _order(leaves: dict[str, Quantity], derivations: dict[str, Derivation], problems: Problems) -> list[str]:
    """Names in dependency order; each cycle is reported once, at every derivation in it."""
    order: list[str] = list(leaves)
    state: dict[str, str] = {name: "done" for name in leaves}

    def visit(name: str, path: list[str]) -> bool:
        if state.get(name) == "done":
            return True
        if name not in derivations:
            return False
        if state.get(name) == "active":
            cycle = path[path.index(name):] + [name]
            for member in dict.fromkeys(cycle[:-1]):
                problems.add(derivations[member].location, f"dependency cycle: {' → '.join(cycle)}",
                             f"A quantity cannot depend on itself; change the inputs of '{member}'")
            for member in cycle:
                state[member] = "failed"
            return False
        if state.get(name) == "failed":
            return False
        state[name] = "active"
        ok = all([visit(dep, path + [name]) for dep in derivations[name].input_names])
        if state.get(name) == "failed":
            return False
        state[name] = "done" if ok else "failed"
        if ok:
            order.append(name)
        return ok

    for name in derivations:
        visit(name, [])
    return order


def claim_tiers(dataset: schema.DataSet, quantities: dict[str, Quantity], is_known: Callable[[str], bool],
                problems: Problems) -> dict[str, ClaimTier]:
    """Each claim's tier: evidence carried over from another model counts as speculation; evidence against counts
    for nothing; a claim with no support left is speculation."""
    results = {}
    for claim in dataset.claims.values():
        names = [(claim.figure, claim.location)] + [(e.figure, e.location) for e in claim.evidence]
        unknown = [(n, where) for n, where in names if n not in quantities and not is_known(n)]
        for name, where in unknown:
            problems.add(where, f"unknown quantity '{name}' in claim '{claim.name}'",
                         "Use a name from the Figures page (or `python -m calc explain`)")
        if unknown or any(n not in quantities for n, _ in names):
            continue
        effective: list[int | None] = []
        for evidence in claim.evidence:
            tier = quantities[evidence.figure].tier
            effective.append(None if evidence.bears == "against" else
                             SPECULATION if evidence.bears == "carried_over" else tier)
        supporting = [t for t in effective if t is not None]
        results[claim.name] = ClaimTier(claim, min(supporting) if supporting else SPECULATION, tuple(effective))
    return results


MODEL_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def _name_models(quantity: Quantity, models: dict[str, schema.Model], problems: Problems) -> Quantity:
    """Replace ``{model_id}`` in a derivation's description by the model's name from data/models.yaml."""
    if "{" not in quantity.description:
        return quantity

    def name(match: re.Match[str]) -> str:
        if match.group(1) in models:
            return models[match.group(1)].name
        problems.add(quantity.location, f"unknown model '{match.group(1)}' in the description of '{quantity.name}'",
                     "Use the id of a model in data/models.yaml")
        return match.group(1)

    return replace(quantity, description=MODEL_PLACEHOLDER.sub(name, quantity.description))


# --- expectations ---------------------------------------------------------------------------------------

def check_expectation(expectation: schema.Expectation, quantities: dict[str, Quantity],
                      is_known: Callable[[str], bool] = lambda name: False) -> ExpectationResult:
    """Whether a declared relation holds. An unknown name fails it; a known one that failed skips it."""
    missing = [n for n in expectation.quantities if n not in quantities]
    unknown = [n for n in missing if not is_known(n)]
    if unknown:
        return ExpectationResult(expectation, False, f"it names '{unknown[0]}', which is not a quantity")
    if missing:
        return ExpectationResult(expectation, None, f"not checked: '{missing[0]}' could not be computed")
    values = [quantities[n] for n in expectation.quantities]
    if len({str(q.kind.dimensionality) for q in values}) > 1:
        return ExpectationResult(expectation, False, "it compares quantities of different dimensions ("
                                 + ", ".join(f"{q.name}: {dimension_text(q.kind.unit)}" for q in values) + ")")
    check = {"equal": _equal, "spread_within": _spread, "contains": _contains, "at_most": _at_most,
             "differs": _differs}
    holds, detail = check[expectation.kind](values, expectation.tolerance)
    return ExpectationResult(expectation, holds, detail)


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b)) + 1e-300


def _pct(x: float) -> str:
    return f"{x * 100:.3g}%"


def _equal(values: list[Quantity], tolerance: float) -> tuple[bool, str]:
    a, b = values
    if a.is_range != b.is_range:
        return False, f"'{a.name}' and '{b.name}' are not both ranges or both single values"
    holds = _close(a.low, b.low, tolerance) and _close(a.high, b.high, tolerance)
    worst = max(abs(a.low - b.low) / max(abs(a.low), abs(b.low), 1e-300),
                abs(a.high - b.high) / max(abs(a.high), abs(b.high), 1e-300))
    return holds, (f"'{a.name}' and '{b.name}' differ by {_pct(worst)}, more than the {_pct(tolerance)} allowed"
                   if not holds else f"they agree within {_pct(tolerance)}")


def _spread(values: list[Quantity], tolerance: float) -> tuple[bool, str]:
    lows, highs = [q.low for q in values], [q.high for q in values]
    spread = (max(highs) - min(lows)) / max(abs(min(lows)), 1e-300)
    holds = spread <= tolerance
    return holds, (f"they spread over {_pct(spread)}, more than the {_pct(tolerance)} allowed" if not holds
                   else f"they spread over {_pct(spread)}, within {_pct(tolerance)}")


def _contains(values: list[Quantity], tolerance: float) -> tuple[bool, str]:
    outer, inner = values
    slack = tolerance * max(abs(outer.low), abs(outer.high))
    holds = outer.low - slack <= inner.low and inner.high <= outer.high + slack
    return holds, (f"'{inner.name}' lies outside the range of '{outer.name}'" if not holds
                   else f"'{inner.name}' lies within '{outer.name}'")


def _at_most(values: list[Quantity], tolerance: float) -> tuple[bool, str]:
    small, large = values
    holds = small.high <= large.low * (1 + tolerance)
    return holds, (f"'{small.name}' is larger than '{large.name}'" if not holds
                   else f"'{small.name}' is at most '{large.name}'")


def _differs(values: list[Quantity], tolerance: float) -> tuple[bool, str]:
    """The two disagree by more than the tolerance (a correction in the prose stays true only while they do)."""
    holds, _ = _equal(values, tolerance)
    a, b = values
    return (not holds), (f"'{a.name}' and '{b.name}' now agree within {_pct(tolerance)}" if holds
                         else f"'{a.name}' and '{b.name}' differ")
