"""data/sources.yaml, data/tiers.yaml, data/models.yaml and data/claims.yaml: where figures come from, read
field by field into the DataSet (calc.schema), with the line of every mistake."""

from __future__ import annotations

import re
from typing import Any

from calc.errors import Location, Problem
from calc.schema import (BEARINGS, implausible_date, TIER_RANGE, Claim, DataSet, Evidence, Fields, Model, Source, Tier, named_items,
                         top_section, web_address)
from calc.yamlsafe import LocatedDict


def read_tiers(data: Any, path: str, dataset: DataSet, problems: list[Problem]) -> None:
    if isinstance(data, LocatedDict) and "framework_source" in data:
        dataset.framework_source = Fields(data, "the tier framework", data.location(), problems).text(
            "framework_source")
    section = top_section(data, "tiers", path, problems)
    if section is None:
        return
    for number, body, where in ((n, b, section.location(n)) for n, b in section.items()):
        if not isinstance(number, int) or number not in TIER_RANGE:
            problems.append(Problem(where, f"tier '{number}' is out of range",
                                    "Number the tiers 1 (official disclosure) to 4 (speculation)"))
            continue
        fields = Fields(body, f"tier {number}", where, problems)
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
    section = top_section(data, "sources", path, problems)
    if section is None:
        return
    for name, body, where in named_items(section, "source", problems):
        fields = Fields(body, f"source '{name}'", where, problems)
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
        if tier == 1 and unlocated and not (url or arxiv or copy):
            problems.append(Problem(fields.location("tier"), f"source '{name}' is at tier 1, but has no address: tier 1 "
                                    "is only for what the maker published or released, and a leak or an unpublished "
                                    "draft is not an official disclosure (data/tiers.yaml)",
                                    "Give the publication's address under 'url:' or 'copy:'; otherwise lower its tier "
                                    "to that of the report it is known through"))
        about = fields.mapping.get("about", [])
        if not isinstance(about, list) or not all(isinstance(a, str) for a in about):
            problems.append(Problem(fields.location("about"), f"'about' of source '{name}' must be a list of model ids",
                                    "Write them as [deepseek_v3_1, kimi_k3]"))
            about = []
        read = fields.date("read")
        problems.extend(warning for key, date in (("date", when), ("read", read))
                        if (warning := implausible_date(key, date, f"source '{name}'", fields.location(key))))
        if not (title and publisher and (when or undated) and tier):
            dataset.rejected.add(name)
        else:
            dataset.sources[name] = Source(
                name, title, publisher, when, tier, where, undated, url, arxiv, unlocated, via,
                fields.text("notes"), fields.text("cite"), fields.text("kept_because"), quotes,
                read=read, copy=copy, searched=searched, seed=fields.text("seed"),
                via_ids=tuple(v.strip() for v in via.split(",")) if via and SOURCE_ID_LIST.match(via) else (),
                by=by, about=tuple(about), via_location=fields.location("via") if via else None)


def _provenance_problems(fields: Fields, name: str, url: str | None, arxiv: str | None, unlocated: str | None,
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


def _quotes(fields: Fields, name: str, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
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
    section = top_section(data, "models", path, problems)
    if section is None:
        return
    for name, body, where in named_items(section, "model", problems):
        fields = Fields(body, f"model '{name}'", where, problems)
        fields.check_keys(("name", "maker", "aliases", "research", "retired"))
        title = fields.text("name", "the model's name as written in prose", required=True)
        maker = fields.text("maker", "the lab that makes it", required=True)
        aliases = fields.mapping.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(Problem(fields.location("aliases"), f"'aliases' of model '{name}' must be a list of names",
                                    "Write them as [Opus 4.6, Claude Opus 4.6]"))
            aliases = []
        if title and maker:
            dataset.models[name] = Model(name, title, maker, tuple(aliases), where, fields.flag("research"),
                                          fields.flag("retired"))


def read_claims(data: Any, path: str, dataset: DataSet, problems: list[Problem]) -> None:
    section = top_section(data, "claims", path, problems)
    for name, body, where in named_items(section, "claim", problems) if section else []:
        fields = Fields(body, f"claim '{name}'", where, problems)
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
            item_fields = Fields(item, f"evidence for claim '{name}'", Location(path, line), problems)
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
