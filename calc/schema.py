"""The shapes of the files in data/: what each file gives (the records and the DataSet that holds them), and
how a field is checked, with the line of every mistake.

The files are read by the module for their kind:

calc.schema_sources  data/sources.yaml (where figures come from, each source at one evidence tier),
                     data/tiers.yaml (the tier framework), data/models.yaml (the models the articles name)
                     and data/claims.yaml (the claim under review, and the evidence that bears on it)
calc.schema_entries  data/expectations.yaml (relations between quantities that must hold) and any other
                     data/*.yaml: sections ``data`` (sourced figures), ``assumptions`` (choices with a
                     rationale) and ``definitions`` (exact by definition: no source, no tier)
calc.assertions      data/assertions.yaml (the claims the prose makes, checked over whole ranges)
"""

from __future__ import annotations

import difflib
import math
import re
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from calc.errors import Location, Problem
from calc.yamlsafe import GROUPED_DIGITS, LocatedDict

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
NUMBER = re.compile(r"^[+-]?(\d[\d_]*)?(\.\d+)?([eE][+-]?\d+)?$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
TIER_RANGE = range(1, 5)
RANGE_MEANINGS = {"bounds": "hard bounds", "interval": "a stated interval"}
ENTRY_KIND = {"data": "datum", "assumptions": "assumption", "definitions": "definition"}


EARLIEST_YEAR = 1950  # before any figure this review could cite
YEARS_AHEAD = {"review_by": 5}  # how far past this year a date may be; any other date (as_of, read, date): 1


def implausible_date(key: str, when: PartialDate | None, what: str, where: Location) -> Problem | None:
    """A warning for a date that parses but cannot be meant: a year before EARLIEST_YEAR, or far ahead of today
    (the same rule for a datum's as_of, review_by and read and a source's date and read)."""
    if when is None or EARLIEST_YEAR <= when.year <= date.today().year + YEARS_AHEAD.get(key, 1):
        return None
    return Problem(where, f"'{key}' of {what} is {when.display()}, which cannot be meant",
                   "Check the year against the source", warning=True)


TEMPLATE_TAG = re.compile(r"\{\{|\}\}|\{%|%\}")  # what the page lint calls unrendered template syntax


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
    via_location: Location | None = None  # the line of its 'via:', where a problem with it is reported

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
    retired: bool = False  # no longer served by its maker: 'retired: true' in data/models.yaml


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

# Characters of one data text field: a description, a claim's inequality (which its parser bounds by depth and
# terms, with messages of its own), anything else.
MAX_TEXT = {"description": 2_000, "holds": 1_000_000, None: 10_000}


class Fields:
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
        longest = MAX_TEXT.get(key, MAX_TEXT[None])
        if len(value) > longest:  # shown on several pages, it would make them too long to build or read
            self.problems.append(Problem(self.location(key), f"'{key}' of {self.what} is {len(value):,} characters "
                                         f"long, more than the {longest:,} it may be",
                                         f"Shorten it to at most {longest:,} characters (a description is one "
                                         "sentence; detail belongs in the source)"))
            return None
        tag = TEMPLATE_TAG.search(value)
        if tag:  # shown as written, it would read as a tag left unrendered (and be reported at the page, not here)
            self.problems.append(Problem(self.location(key), f"'{key}' of {self.what} holds template syntax "
                                         f"('{tag.group(0)}')", "Reword it without '{{', '}}', '{%' or '%}': Jinja "
                                         "tags belong in templates, and data text is shown as written"))
            return None
        return value.strip()

    def number(self, key: str) -> float | None:
        value = self.mapping.get(key)
        number = None
        if isinstance(value, bool):
            value = None
        elif isinstance(value, (int, float)):
            number = float(value) if abs(value) < 1e308 else math.inf  # an int too large for a float is not finite
        elif (isinstance(value, str) and value.strip() and NUMBER.match(value.strip())
              and ("_" not in value or GROUPED_DIGITS.match(value.strip()))):
            try:
                number = float(value.replace("_", ""))
            except ValueError:  # '+' or 'e5': the pattern's loose ends; below, it is not a number
                number = None
        if number is not None and math.isfinite(number):
            return number
        if number is not None:
            self.problems.append(Problem(self.location(key), f"'{key}' of {self.what} must be a finite number (got "
                                         f"{value!r})", "Write the number the source gives; infinity and NaN are "
                                         "not figures"))
            return None
        grouping = " (an underscore may only group digits in threes: 1_000_000)" if "_" in str(value) else ""
        self.problems.append(Problem(self.location(key), f"'{key}' of {self.what} must be a number (got {value!r})",
                                     f"Write a plain number such as 43, 4.5 or 1.5e12{grouping}; put the unit under "
                                     "'unit'"))
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


def top_section(data: Any, key: str, path: str, problems: list[Problem]) -> LocatedDict | None:
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


def named_items(section: LocatedDict, kind: str, problems: list[Problem]) -> list[tuple[str, Any, Location]]:
    entries = []
    for name, body in section.items():
        where = section.location(name)
        if not isinstance(name, str) or not NAME.match(name):
            problems.append(Problem(where, f"'{name}' is not a valid {kind} name",
                                    "Use lower-case letters, digits and underscores, starting with a letter"))
            continue
        entries.append((name, body, where))
    return entries


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
