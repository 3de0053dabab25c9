"""The shapes of the files in data/, checked field by field with the line of every mistake.

data/sources.yaml   where figures come from, each source at one evidence tier
data/tiers.yaml     the evidence tier framework
data/models.yaml    the models the articles name (their names are allowed in prose)
data/expectations.yaml  relations between quantities that must hold
data/*.yaml         any other file: sections ``data`` (sourced figures), ``assumptions`` (choices with a
                    rationale) and ``definitions`` (exact by definition: no source, no tier)
"""

from __future__ import annotations

import difflib
import math
import re
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from calc.errors import Location, Problem
from calc.yamlsafe import LocatedDict

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
NUMBER = re.compile(r"^[+-]?(\d[\d_]*)?(\.\d+)?([eE][+-]?\d+)?$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
TIER_RANGE = range(1, 5)
RANGE_MEANINGS = {"bounds": "hard bounds", "interval": "a stated interval"}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (sources often give only "April 2026")."""

    year: int
    month: int = 0
    day: int = 0

    def __str__(self) -> str:
        return "-".join(f"{part:02d}" if i else str(part)
                        for i, part in enumerate((self.year, self.month, self.day)) if part or i == 0)

    def display(self) -> str:
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"


@dataclass(frozen=True)
class Tier:
    number: int
    name: str
    confidence: str
    description: str
    assign_when: str
    location: Location


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: PartialDate | None
    tier: int
    location: Location
    undated: str | None = None
    url: str | None = None
    arxiv: str | None = None
    unlocated: str | None = None
    via: str | None = None
    notes: str | None = None
    cite: str | None = None
    kept_because: str | None = None
    quotes: tuple[tuple[str, str], ...] = ()
    # Provenance: when we read it, the copy we read (a reader view, repost or archive) when the original was not
    # itself found, what was searched when it could not be located, and the seed document that reports it.
    read: PartialDate | None = None
    copy: str | None = None
    searched: str | None = None
    seed: str | None = None
    via_ids: tuple[str, ...] = ()  # the sources whose transcription we read it through (see DataSet.effective_tier)
    by: str | None = None  # "maker" (the model's or work's maker publishes it) or "weights" (released weights/config)
    about: tuple[str, ...] = ()  # the models it describes (ids in models.yaml), when it describes particular ones

    @property
    def link(self) -> str | None:
        if self.url:
            return self.url
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    @property
    def address(self) -> str | None:
        """Where a reader can check it: its own address, or failing that the copy we read."""
        return self.link or self.copy


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    maker: str
    aliases: tuple[str, ...]
    location: Location
    research: bool = False  # a research design never served at scale: 'research: true' in data/models.yaml


@dataclass(frozen=True)
class Entry:
    """One datum, assumption or definition as written in data/ (before any unit is checked)."""

    name: str
    section: str  # "data", "assumptions" or "definitions"
    description: str
    unit: str
    location: Location
    field_lines: tuple[tuple[str, int], ...]
    value: float | None = None
    low: float | None = None
    high: float | None = None
    range_meaning: str | None = None
    source: str | None = None
    tier: int | None = None
    as_of: PartialDate | None = None
    review_by: PartialDate | None = None
    notes: str | None = None
    quote: str | None = None
    rationale: str | None = None
    approximate: bool = False
    model: str | None = None
    sig: int | None = None
    show_as: str | None = None
    read: PartialDate | None = None  # when this figure was read, if not the day its source was read
    url: str | None = None  # the page the figure was read on, if more precise than its source's address

    def field_location(self, key: str) -> Location:
        return Location(self.location.path, dict(self.field_lines).get(key, self.location.line))


@dataclass(frozen=True)
class Expectation:
    name: str
    description: str
    kind: str  # "equal", "spread_within", "contains", "at_most" or "differs"
    quantities: tuple[str, ...]
    tolerance: float  # relative
    location: Location


@dataclass(frozen=True)
class Evidence:
    figure: str
    bears: str  # "directly", "carried_over" or "against"
    why: str
    location: Location


@dataclass(frozen=True)
class Claim:
    name: str
    statement: str
    figure: str
    evidence: tuple[Evidence, ...]
    location: Location


BEARINGS = ("directly", "carried_over", "against")


@dataclass
class DataSet:
    """Everything read from data/, validated for shape (units and references are checked later)."""

    tiers: dict[int, Tier] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    product_names: list[str] = field(default_factory=list)  # benchmarks, formats, systems: names prose may use
    entries: dict[str, Entry] = field(default_factory=dict)
    expectations: dict[str, Expectation] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    assertions: dict[str, Any] = field(default_factory=dict)  # calc.assertions: claims the prose makes
    qualitative: list[Any] = field(default_factory=list)  # calc.assertions: sentences marked as qualitative
    framework_source: str | None = None
    # Names written in data/ but rejected for a reported problem, and files (or entries) that could not be read:
    # an unknown name that may stand in either is not reported again, so one mistake gives one message.
    rejected: set[str] = field(default_factory=set)
    unreadable: list[str] = field(default_factory=list)

    def may_define(self, name: str) -> bool:
        return name in self.rejected or bool(self.unreadable)

    def effective_tier(self, source_id: str) -> int | None:
        """A source's tier, capped by every source it is known through ('via'): the weakest link wins."""
        return max((self.sources[s].tier for s in self.via_chain(source_id)), default=None)

    def via_chain(self, source_id: str) -> list[str]:
        """The source and every source it is read through, transitively (unknown ids and cycles are skipped)."""
        chain: list[str] = []
        pending = [source_id]
        while pending:
            current = pending.pop()
            if current in chain or current not in self.sources:
                continue
            chain.append(current)
            pending.extend(self.sources[current].via_ids)
        return chain

    def date_read(self, entry: "Entry") -> PartialDate | None:
        """When the figure was read: its own 'read', or its source's (a transcription's date is not the source's)."""
        source = self.sources.get(entry.source or "")
        return entry.read or (source.read if source else None)

    def address_of(self, entry: "Entry") -> str | None:
        """Where the figure can be checked: its own 'url', or the first address in its source's chain."""
        chain = self.via_chain(entry.source) if entry.source else []
        return entry.url or next((self.sources[s].address for s in chain if self.sources[s].address), None)


# --- field checking -------------------------------------------------------------------------------------

class _Fields:
    """Reads the fields of one YAML mapping, recording a problem for each missing, unknown or malformed one."""

    def __init__(self, mapping: Any, what: str, where: Location, problems: list[Problem]):
        self.what = what
        self.where = where
        self.problems = problems
        self.misspelt: set[str] = set()  # allowed keys that an unknown key was probably meant to be
        self.ok = isinstance(mapping, LocatedDict)
        self.mapping: LocatedDict = mapping if self.ok else LocatedDict(where.path, where.line or 1)
        if not self.ok:
            problems.append(Problem(where, f"{what} must be a mapping of fields",
                                    "Write one 'field: value' per line, indented under the name"))

    def location(self, key: str | None = None) -> Location:
        return self.mapping.location(key)

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.mapping:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"Did you mean '{close[0]}'? " if close else ""
                self.misspelt.update(close)
                self.problems.append(Problem(self.location(key), f"unknown key '{key}' in {self.what}",
                                             f"{hint}The keys allowed here are: {', '.join(allowed)}"))

    def has(self, key: str) -> bool:
        return key in self.mapping

    def require(self, key: str, explain: str) -> bool:
        if key in self.mapping and self.mapping[key] not in (None, ""):
            return True
        if self.ok and key not in self.misspelt:  # a misspelt key was reported already
            self.problems.append(Problem(self.location(key) if key in self.mapping else self.where,
                                         f"{self.what} has no '{key}'", f"Add '{key}:' with {explain}"))
        return False

    def text(self, key: str, explain: str = "", required: bool = False) -> str | None:
        if required and not self.require(key, explain):
            return None
        value = self.mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problems.append(Problem(self.location(key), f"'{key}' of {self.what} must be text",
                                         "Write it as text (quote it if it starts with a digit or symbol)"))
            return None
        return value.strip()

    def number(self, key: str) -> float | None:
        value = self.mapping.get(key)
        number = None
        if isinstance(value, bool):
            value = None
        elif isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str) and value.strip() and NUMBER.match(value.strip()):
            number = float(value.replace("_", ""))
        if number is not None and math.isfinite(number):
            return number
        if number is not None:
            self.problems.append(Problem(self.location(key), f"'{key}' of {self.what} must be a finite number (got "
                                         f"{value!r})", "Write the number the source gives; infinity and NaN are "
                                         "not figures"))
            return None
        self.problems.append(Problem(self.location(key), f"'{key}' of {self.what} must be a number (got {value!r})",
                                     "Write a plain number such as 43, 4.5 or 1.5e12; put the unit under 'unit'"))
        return None

    def integer_in(self, key: str, allowed: range, explain: str, required: bool = True) -> int | None:
        if key not in self.mapping:
            if required:
                self.require(key, explain)
            return None
        value = self.mapping[key]
        if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
            self.problems.append(Problem(
                self.location(key), f"'{key}' of {self.what} must be a whole number from {allowed.start} to "
                f"{allowed.stop - 1} (got {value!r})", f"Use {explain}"))
            return None
        return value

    def date(self, key: str, required: bool = False) -> PartialDate | None:
        if required and not self.require(key, "a date such as 2026-03-12 (or 2026-03, or 2026)"):
            return None
        if key not in self.mapping or self.mapping[key] is None:
            return None
        parsed = parse_date(self.mapping[key])
        if parsed is None:
            self.problems.append(Problem(self.location(key), f"'{key}' of {self.what} is not a date "
                                         f"(got {self.mapping[key]!r})",
                                         "Write it as YYYY-MM-DD, YYYY-MM or YYYY, for example 2026-03-12"))
        return parsed

    def flag(self, key: str) -> bool:
        value = self.mapping.get(key, False)
        if not isinstance(value, bool):
            self.problems.append(Problem(self.location(key), f"'{key}' of {self.what} must be true or false",
                                         "Write true or false"))
            return False
        return value


def parse_date(value: Any) -> PartialDate | None:
    if isinstance(value, date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and 1900 <= value <= 2100:
        return PartialDate(value)
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value.strip())
        if match and (not match.group(2) or 1 <= int(match.group(2)) <= 12):
            return PartialDate(int(match.group(1)), int(match.group(2) or 0))
    return None


def _top_section(data: Any, key: str, path: str, problems: list[Problem]) -> LocatedDict | None:
    if not isinstance(data, LocatedDict) or key not in data:
        problems.append(Problem(Location(path, 1), f"{path} has no top-level '{key}:' section",
                                f"Start the file with '{key}:' and indent the entries under it"))
        return None
    section = data[key]
    if not isinstance(section, LocatedDict):
        problems.append(Problem(data.location(key), f"'{key}' must be a mapping of named entries",
                                "Indent each entry's name under it, followed by its fields"))
        return None
    return section


def _named(section: LocatedDict, kind: str, problems: list[Problem]) -> list[tuple[str, Any, Location]]:
    entries = []
    for name, body in section.items():
        where = section.location(name)
        if not isinstance(name, str) or not NAME.match(name):
            problems.append(Problem(where, f"'{name}' is not a valid {kind} name",
                                    "Use lower-case letters, digits and underscores, starting with a letter"))
            continue
        entries.append((name, body, where))
    return entries


# --- the files ------------------------------------------------------------------------------------------

def read_tiers(data: Any, path: str, dataset: DataSet, problems: list[Problem]) -> None:
    if isinstance(data, LocatedDict) and "framework_source" in data:
        dataset.framework_source = _Fields(data, "the tier framework", data.location(), problems).text(
            "framework_source")
    section = _top_section(data, "tiers", path, problems)
    if section is None:
        return
    for number, body, where in ((n, b, section.location(n)) for n, b in section.items()):
        if not isinstance(number, int) or number not in TIER_RANGE:
            problems.append(Problem(where, f"tier '{number}' is out of range",
                                    "Number the tiers 1 (official disclosure) to 4 (speculation)"))
            continue
        fields = _Fields(body, f"tier {number}", where, problems)
        fields.check_keys(("name", "confidence", "description", "assign_when"))
        values = [fields.text(k, f"the tier's {k.replace('_', ' ')}", required=True)
                  for k in ("name", "confidence", "description", "assign_when")]
        if all(values):
            dataset.tiers[number] = Tier(number, *values, where)  # type: ignore[arg-type]
    for missing in sorted(set(TIER_RANGE) - set(dataset.tiers)):
        if not any(p.location.path == path for p in problems):
            problems.append(Problem(section.location(), f"tier {missing} is not defined",
                                    f"Add tier {missing} under 'tiers:'"))


SOURCE_KEYS = ("title", "publisher", "date", "undated", "tier", "url", "arxiv", "unlocated", "via", "notes", "cite",
               "kept_because", "quotes", "read", "copy", "searched", "seed", "by", "about")
SOURCE_BY = ("maker", "weights")
SOURCE_ID_LIST = re.compile(r"^[a-z][a-z0-9_]*(\s*,\s*[a-z][a-z0-9_]*)*$")


def read_sources(data: Any, path: str, dataset: DataSet, problems: list[Problem]) -> None:
    section = _top_section(data, "sources", path, problems)
    if section is None:
        return
    for name, body, where in _named(section, "source", problems):
        fields = _Fields(body, f"source '{name}'", where, problems)
        fields.check_keys(SOURCE_KEYS)
        title = fields.text("title", "the source's title", required=True)
        publisher = fields.text("publisher", "its author or publisher", required=True)
        undated = fields.text("undated")
        when = fields.date("date", required=undated is None)
        tier = fields.integer_in("tier", TIER_RANGE, "1 (official disclosure), 2 (verified third party), "
                                 "3 (researcher inference) or 4 (speculation)")
        url, arxiv, unlocated = fields.text("url"), fields.text("arxiv"), fields.text("unlocated")
        if fields.ok and not (url or arxiv or unlocated or fields.text("copy")):
            problems.append(Problem(where, f"source '{name}' has no 'url', 'arxiv' or 'unlocated'",
                                    "Give its address, its arXiv id, or say under 'unlocated:' why it cannot be "
                                    "linked (never guess an address)"))
        if url and not web_address(url):
            problems.append(Problem(fields.location("url"), f"'url' of source '{name}' is not a web address",
                                    "Write the full address starting with https://, or use 'unlocated:'"))
        if arxiv and not re.match(r"^\d{4}\.\d{4,5}$", arxiv):
            problems.append(Problem(fields.location("arxiv"), f"'arxiv' of source '{name}' is not an arXiv id",
                                    "Write the bare identifier, for example 2204.09179"))
        copy, searched, via = fields.text("copy"), fields.text("searched"), fields.text("via")
        _provenance_problems(fields, name, url, arxiv, unlocated, copy, searched, via, problems)
        quotes = _quotes(fields, name, problems)
        by = fields.text("by")
        if by is not None and by not in SOURCE_BY:
            problems.append(Problem(fields.location("by"), f"'by' of source '{name}' is '{by}'",
                                    "Write 'by: maker' (the maker's own publication) or 'by: weights' (the released "
                                    "weights or configuration, read directly)"))
        if tier == 1 and by not in SOURCE_BY:
            problems.append(Problem(fields.location("tier"), f"source '{name}' is at tier 1, but tier 1 is only for "
                                    "the maker's own publication or the released weights (data/tiers.yaml)",
                                    "Add 'by: maker' or 'by: weights' if it is one; otherwise lower its tier"))
        about = fields.mapping.get("about", [])
        if not isinstance(about, list) or not all(isinstance(a, str) for a in about):
            problems.append(Problem(fields.location("about"), f"'about' of source '{name}' must be a list of model ids",
                                    "Write them as [deepseek_v3_1, kimi_k3]"))
            about = []
        if not (title and publisher and (when or undated) and tier):
            dataset.rejected.add(name)
        else:
            dataset.sources[name] = Source(
                name, title, publisher, when, tier, where, undated, url, arxiv, unlocated, via,
                fields.text("notes"), fields.text("cite"), fields.text("kept_because"), quotes,
                read=fields.date("read"), copy=copy, searched=searched, seed=fields.text("seed"),
                via_ids=tuple(v.strip() for v in via.split(",")) if via and SOURCE_ID_LIST.match(via) else (),
                by=by, about=tuple(about))


def _provenance_problems(fields: _Fields, name: str, url: str | None, arxiv: str | None, unlocated: str | None,
                         copy: str | None, searched: str | None, via: str | None, problems: list[Problem]) -> None:
    """A copy is an address too; 'unlocated' says what was searched; 'via' names sources by id."""
    if copy and not web_address(copy):
        problems.append(Problem(fields.location("copy"), f"'copy' of source '{name}' is not a web address",
                                "Write the full address of the copy you read, starting with https://"))
    if unlocated and not (url or arxiv or copy) and not searched:
        problems.append(Problem(fields.location("unlocated"), f"source '{name}' is unlocated but does not say what "
                                "was searched", "Add 'searched:' with the titles, names and phrases you looked for"))
    if via and not SOURCE_ID_LIST.match(via):
        problems.append(Problem(fields.location("via"), f"'via' of source '{name}' must name sources by id "
                                f"(got {via!r})", "Write the id of the source you read it through, such as "
                                "unexcitedneurons_2026; put a seed document's path under 'seed:'"))


URL_CHARACTERS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+$")  # RFC 3986, less the quote mark


def web_address(url: str) -> bool:
    """Whether ``url`` is an http(s) address with a host and nothing that could leave a link: no quotes, angle
    brackets, spaces or backslashes, and no user name or password."""
    if not URL_CHARACTERS.match(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and "@" not in parts.netloc


def _quotes(fields: _Fields, name: str, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    quotes = fields.mapping.get("quotes")
    if quotes is None:
        return ()
    if not isinstance(quotes, LocatedDict) or not all(isinstance(v, str) for v in quotes.values()):
        problems.append(Problem(fields.location("quotes"), f"'quotes' of source '{name}' must map names to text",
                                "Write each quote as 'name: \"the exact words\"'"))
        return ()
    return tuple((str(k), v) for k, v in quotes.items())


def read_models(data: Any, path: str, dataset: DataSet, problems: list[Problem]) -> None:
    if isinstance(data, LocatedDict) and "products" in data:
        products = data["products"]
        if isinstance(products, list) and all(isinstance(p, str) for p in products):
            dataset.product_names.extend(products)
        else:
            problems.append(Problem(data.location("products"), "'products' must be a list of names",
                                    "Write them as a YAML list, one name per line"))
    for key in data if isinstance(data, LocatedDict) else ():
        if key not in ("models", "products"):
            problems.append(Problem(data.location(key), f"unknown section '{key}' in {path}",
                                    "Use 'models:' for models and 'products:' for other names"))
    section = _top_section(data, "models", path, problems)
    if section is None:
        return
    for name, body, where in _named(section, "model", problems):
        fields = _Fields(body, f"model '{name}'", where, problems)
        fields.check_keys(("name", "maker", "aliases", "research"))
        title = fields.text("name", "the model's name as written in prose", required=True)
        maker = fields.text("maker", "the lab that makes it", required=True)
        aliases = fields.mapping.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(Problem(fields.location("aliases"), f"'aliases' of model '{name}' must be a list of names",
                                    "Write them as [Opus 4.6, Claude Opus 4.6]"))
            aliases = []
        if title and maker:
            dataset.models[name] = Model(name, title, maker, tuple(aliases), where, fields.flag("research"))


ENTRY_KEYS = {
    "data": ("description", "value", "low", "high", "range", "unit", "source", "as_of", "review_by", "notes",
             "quote", "approximate", "model", "sig", "show_as", "read", "url"),
    "assumptions": ("description", "value", "low", "high", "range", "unit", "rationale", "tier", "source",
                    "as_of", "notes", "approximate", "model", "sig", "show_as"),
    "definitions": ("description", "value", "unit", "notes", "sig", "show_as"),
}
ENTRY_KIND = {"data": "datum", "assumptions": "assumption", "definitions": "definition"}


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
        section = _top_section(data, section_name, path, problems)
        named = _named(section, ENTRY_KIND[section_name], problems) if section else []
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
    fields = _Fields(body, f"{kind} '{name}'", where, problems)
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
    return entry if len(problems) == before else None


SHOW_AS = ("count", "ratio", "percent")


def _show_as(fields: _Fields, kind: str, name: str, problems: list[Problem]) -> str | None:
    shown = fields.text("show_as")
    if shown is not None and shown not in SHOW_AS:
        problems.append(Problem(fields.location("show_as"), f"'show_as' of {kind} '{name}' must be one of "
                                f"{', '.join(SHOW_AS)} (got {shown!r})",
                                "Say how a plain number reads: as a count (500), a ratio (6×) or a percentage"))
        return None
    return shown


def _value(fields: _Fields, kind: str, name: str, problems: list[Problem]
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
    section = _top_section(data, "expectations", path, problems)
    for name, body, where in _named(section, "expectation", problems) if section else []:
        fields = _Fields(body, f"expectation '{name}'", where, problems)
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


def _tolerance(fields: _Fields, name: str, problems: list[Problem]) -> float | None:
    raw = fields.mapping.get("tolerance", "0 percent")
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*percent\s*", str(raw))
    percent = float(match.group(1)) if match else math.inf
    if not percent <= 100:  # a tolerance above 100% would let any two figures "agree"
        problems.append(Problem(fields.location("tolerance"), f"'tolerance' of expectation '{name}' must be a "
                                f"percentage from 0 to 100 (got {raw!r})", "Write it as, for example, '10 percent'"))
        return None
    return percent / 100


def read_claims(data: Any, path: str, dataset: DataSet, problems: list[Problem]) -> None:
    section = _top_section(data, "claims", path, problems)
    for name, body, where in _named(section, "claim", problems) if section else []:
        fields = _Fields(body, f"claim '{name}'", where, problems)
        fields.check_keys(("statement", "figure", "evidence"))
        statement = fields.text("statement", "the claim in one sentence", required=True)
        figure = fields.text("figure", "the quantity that states the claimed figure", required=True)
        items = fields.mapping.get("evidence")
        if not isinstance(items, list) or not items:
            problems.append(Problem(fields.location("evidence") if fields.has("evidence") else where,
                                    f"claim '{name}' lists no evidence", "List each piece under 'evidence:'"))
            continue
        evidence = []
        for item, line in zip(items, getattr(items, "item_lines", [])):
            item_fields = _Fields(item, f"evidence for claim '{name}'", Location(path, line), problems)
            item_fields.check_keys(("figure", "bears", "why"))
            bears = item_fields.text("bears", "directly, carried_over or against", required=True)
            if bears is not None and bears not in BEARINGS:
                problems.append(Problem(item_fields.location("bears"), f"'bears' must be one of {', '.join(BEARINGS)} "
                                        f"(got {bears!r})", "Say whether the evidence bears on the claim directly, is "
                                        "carried over from another model, or argues against it"))
                bears = None
            values = (item_fields.text("figure", "the quantity offered as evidence", required=True), bears,
                      item_fields.text("why", "why it bears on the claim that way", required=True))
            if all(values):
                evidence.append(Evidence(*values, Location(path, line)))  # type: ignore[arg-type]
        if statement and figure and len(evidence) == len(items):
            dataset.claims[name] = Claim(name, statement, figure, tuple(evidence), where)
