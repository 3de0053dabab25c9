"""data/*.yaml (sections ``data``, ``assumptions`` and ``definitions``) and data/expectations.yaml: the
figures and the relations between them, read field by field into the DataSet (calc.schema), with the line of
every mistake."""

from __future__ import annotations

import math
import re
from typing import Any, Callable

from calc.errors import Location, Problem
from calc.schema import (ENTRY_KIND, implausible_date, RANGE_MEANINGS, TIER_RANGE, DataSet, Entry, Expectation, Fields,
                         PartialDate, named_items,
                         top_section, web_address)
from calc.yamlsafe import LocatedDict


ENTRY_KEYS = {
    "data": ("description", "value", "low", "high", "range", "unit", "source", "as_of", "review_by", "notes",
             "quote", "approximate", "model", "sig", "show_as", "read", "url"),
    "assumptions": ("description", "value", "low", "high", "range", "unit", "rationale", "tier", "source",
                    "as_of", "notes", "approximate", "model", "sig", "show_as"),
    "definitions": ("description", "value", "unit", "notes", "sig", "show_as"),
}


def read_entries(data: Any, path: str, dataset: DataSet, problems: list[Problem]) -> None:
    if not isinstance(data, LocatedDict) or not any(k in data for k in ENTRY_KEYS):
        problems.append(Problem(Location(path, 1), f"{path} has none of the sections 'data:', 'assumptions:' "
                                "or 'definitions:'", "Put each entry under one of those top-level sections"))
        return
    for key in data:
        if key not in ENTRY_KEYS:
            problems.append(Problem(data.location(key), f"unknown section '{key}' in {path}",
                                    "Use 'data:' for sourced figures, 'assumptions:' for choices with a rationale "
                                    "and 'definitions:' for exact values"))
    for section_name in ENTRY_KEYS:
        if section_name not in data:
            continue
        section = top_section(data, section_name, path, problems)
        named = named_items(section, ENTRY_KIND[section_name], problems) if section else []
        if section and len(named) < len(section):  # an entry whose name is malformed may be one others use
            dataset.unreadable.append(f"{path}: an entry with a malformed name")
        for name, body, where in named:
            entry = _entry(section_name, name, body, where, problems)
            if entry is None:
                dataset.rejected.add(name)
                continue
            if name in dataset.entries:
                first = dataset.entries[name].location
                problems.append(Problem(where, f"'{name}' is defined twice (first at {first})",
                                        "Give each figure one name and one definition"))
                continue
            dataset.entries[name] = entry


def _entry(section: str, name: str, body: Any, where: Location, problems: list[Problem]) -> Entry | None:
    kind = ENTRY_KIND[section]
    fields = Fields(body, f"{kind} '{name}'", where, problems)
    if not fields.ok:
        return None
    before = len(problems)
    fields.check_keys(ENTRY_KEYS[section])
    description = fields.text("description", "one sentence saying what the figure is", required=True)
    if fields.mapping.get("unit") == 1:  # "unit: 1" (a plain ratio) reads as a number in YAML
        fields.mapping["unit"] = "1"
    unit = fields.text("unit", "its unit, such as token/s, USD/Mtok, param or 1 for a plain ratio", required=True)
    value, low, high, meaning = _value(fields, kind, name, problems)
    source = fields.text("source", "the id of a source in data/sources.yaml", required=section == "data")
    tier = fields.integer_in("tier", TIER_RANGE, "the evidence tier of the assumption, 1 to 4",
                             required=section == "assumptions")
    rationale = fields.text("rationale", "why this assumption is reasonable", required=section == "assumptions")
    as_of = fields.date("as_of", required=section == "data")
    sig = fields.integer_in("sig", range(1, 10), "how many significant figures to show, 1 to 9", required=False)
    entry = Entry(
        name=name, section=section, description=description or "", unit=unit or "", location=where,
        field_lines=tuple(fields.mapping.key_lines.items()), value=value, low=low, high=high,
        range_meaning=meaning, source=source, tier=tier, as_of=as_of, review_by=fields.date("review_by"),
        notes=fields.text("notes"), quote=fields.text("quote"), rationale=rationale,
        approximate=fields.flag("approximate"), model=fields.text("model"), sig=sig,
        show_as=_show_as(fields, kind, name, problems), read=fields.date("read"), url=fields.text("url"))
    if entry.url and not web_address(entry.url):
        problems.append(Problem(fields.location("url"), f"'url' of {kind} '{name}' is not a web address",
                                "Write the full address of the page the figure was read on, starting with https://"))
    if len(problems) != before:
        return None
    problems.extend(_date_warnings(entry, fields, f"{kind} '{name}'"))
    return entry


def _date_warnings(entry: Entry, fields: Fields, what: str) -> list[Problem]:
    """Dates that parse but cannot be meant: an as-of year long past or ahead, a review due before the as-of."""
    found = [warning for key, when in (("as_of", entry.as_of), ("review_by", entry.review_by), ("read", entry.read))
             if (warning := implausible_date(key, when, what, fields.location(key))) is not None]
    if not found and entry.as_of and entry.review_by and _ordinal(entry.review_by) < _ordinal(entry.as_of):
        found.append(Problem(fields.location("review_by"), f"'review_by' of {what} ({entry.review_by.display()}) "
                             f"is before its 'as_of' ({entry.as_of.display()})",
                             "A figure is reviewed after the date it reflects: check both dates", warning=True))
    return found


def _ordinal(when: PartialDate) -> tuple[int, int, int]:
    return when.year, when.month or 0, when.day or 0


SHOW_AS = ("count", "ratio", "percent")


def _show_as(fields: Fields, kind: str, name: str, problems: list[Problem]) -> str | None:
    shown = fields.text("show_as")
    if shown is not None and shown not in SHOW_AS:
        problems.append(Problem(fields.location("show_as"), f"'show_as' of {kind} '{name}' must be one of "
                                f"{', '.join(SHOW_AS)} (got {shown!r})",
                                "Say how a plain number reads: as a count (500), a ratio (6×) or a percentage"))
        return None
    return shown


def _value(fields: Fields, kind: str, name: str, problems: list[Problem]
           ) -> tuple[float | None, float | None, float | None, str | None]:
    has_value, has_range = fields.has("value"), fields.has("low") or fields.has("high")
    if has_value and has_range:
        problems.append(Problem(fields.location("value"), f"{kind} '{name}' has both 'value' and 'low'/'high'",
                                "Give either one value or a low–high range, not both"))
        return None, None, None, None
    if has_value:
        if fields.has("range"):
            problems.append(Problem(fields.location("range"), f"'range' of {kind} '{name}' needs 'low' and 'high'",
                                    "Remove 'range:' or replace 'value:' with 'low:' and 'high:'"))
        return fields.number("value"), None, None, None
    if not has_range:
        fields.require("value", "its number (or 'low:' and 'high:' for a range)")
        return None, None, None, None
    if not (fields.require("low", "the lower end of the range") and fields.require("high", "the upper end")):
        return None, None, None, None
    low, high = fields.number("low"), fields.number("high")
    meaning = fields.text("range", required=True,
                          explain="'bounds' (hard bounds) or 'interval' (an interval the source states)")
    if meaning is not None and meaning not in RANGE_MEANINGS:
        problems.append(Problem(fields.location("range"), f"'range' of {kind} '{name}' must be 'bounds' or "
                                f"'interval' (got {meaning!r})",
                                "Write 'bounds' for hard limits or 'interval' for an interval the source states"))
    if low is not None and high is not None:
        if low > high:
            problems.append(Problem(fields.location("low"), f"low ({low:g}) is greater than high ({high:g}) in "
                                    f"{kind} '{name}'", "Swap the two numbers"))
        elif low == high:
            problems.append(Problem(fields.location("low"), f"low equals high ({low:g}) in {kind} '{name}'",
                                    "Write a single 'value:' instead of a range"))
    return None, low, high, meaning


def read_expectations(data: Any, path: str, dataset: DataSet, problems: list[Problem]) -> None:
    section = top_section(data, "expectations", path, problems)
    for name, body, where in named_items(section, "expectation", problems) if section else []:
        fields = Fields(body, f"expectation '{name}'", where, problems)
        fields.check_keys(("description", "tolerance") + EXPECTATION_KINDS)
        description = fields.text("description", "what the relation checks and why", required=True)
        kinds = [k for k in EXPECTATION_KINDS if fields.has(k)]
        if len(kinds) != 1:
            if fields.ok:
                problems.append(Problem(where, f"expectation '{name}' needs exactly one of "
                                        f"{', '.join(EXPECTATION_KINDS)}", "Say which relation must hold"))
            continue
        names = fields.mapping[kinds[0]]
        arity = EXPECTATION_ARITY[kinds[0]]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or not arity(len(names)):
            problems.append(Problem(fields.location(kinds[0]), f"'{kinds[0]}' of expectation '{name}' must list "
                                    f"{EXPECTATION_SHAPES[kinds[0]]}", "Write the names as [first, second]"))
            continue
        tolerance = _tolerance(fields, name, problems)
        if description is not None and tolerance is not None:
            dataset.expectations[name] = Expectation(name, description, kinds[0], tuple(names), tolerance, where)


EXPECTATION_KINDS = ("equal", "spread_within", "contains", "at_most", "differs")
EXPECTATION_ARITY: dict[str, Callable[[int], bool]] = {
    "equal": lambda n: n == 2, "spread_within": lambda n: n >= 2, "contains": lambda n: n == 2,
    "at_most": lambda n: n == 2, "differs": lambda n: n == 2}
EXPECTATION_SHAPES = {"equal": "two quantity names", "spread_within": "two or more quantity names",
                      "contains": "a range and then the quantity it must contain",
                      "at_most": "two quantity names, the smaller first",
                      "differs": "two quantity names that must not agree"}


def _tolerance(fields: Fields, name: str, problems: list[Problem]) -> float | None:
    raw = fields.mapping.get("tolerance", "0 percent")
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*percent\s*", str(raw))
    percent = float(match.group(1)) if match else math.inf
    if not percent <= 100:  # a tolerance above 100% would let any two figures "agree"
        problems.append(Problem(fields.location("tolerance"), f"'tolerance' of expectation '{name}' must be a "
                                f"percentage from 0 to 100 (got {raw!r})", "Write it as, for example, '10 percent'"))
        return None
    return percent / 100
