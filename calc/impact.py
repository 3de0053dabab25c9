"""What a change to data/ would change on the site, worked out before anything is written.

Two computations of the whole site, in memory: before the change and after it. The report lists each
quantity whose value changes (as the site shows it), each sentence that reads differently, each chart that
would be redrawn, and each expectation the change breaks.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from calc import corrections, engine, fmt, outputs, site
from calc.engine import Project
from calc.errors import Location, Problem
from calc.quantity import Range
from calc.sentences import sentences



@dataclass
class Impact:
    data_changes: list[str] = field(default_factory=list)
    quantities: list[tuple[str, str, str]] = field(default_factory=list)  # name, before, after
    sentences: list[tuple[str, str, str]] = field(default_factory=list)  # page, before, after
    charts: list[str] = field(default_factory=list)
    broken: list[Problem] = field(default_factory=list)
    # claims (data/assertions.yaml) the change makes false: (name, what it says, why it fails, bound sentences)
    claims: list[tuple[str, str, str, list[str]]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)  # --set: where each datum tried is written ("name (file:line)")


# --- the two sides --------------------------------------------------------------------------------------

def with_settings(project: Project, settings: dict[str, str]) -> tuple[Project, list[str], list[Problem]]:
    """The project recomputed with some data set from the command line (in the datum's own unit)."""
    changed, problems = [], []
    dataset = project.dataset
    for name, text in settings.items():
        entry = dataset.entries.get(name)
        if entry is None:
            close = difflib.get_close_matches(name, dataset.entries, n=1)
            problems.append(Problem(Location("--set"), f"no datum named '{name}'",
                                    f"Did you mean '{close[0]}'?" if close else "Use a name from data/"))
            continue
        try:
            low, _, high = text.partition("..")
            values = (float(low), float(high)) if high else (float(low),)
        except ValueError:
            problems.append(Problem(Location("--set"), f"'{text}' is not a number or a range for '{name}', whose "
                                    f"unit is {entry.unit}", f"Write {name}=VALUE or {name}=LOW..HIGH with plain "
                                    f"numbers in {entry.unit}"))
            continue
        new = (replace(entry, value=None, low=values[0], high=values[1], range_meaning=entry.range_meaning or "bounds")
               if len(values) == 2 else replace(entry, value=values[0], low=None, high=None, range_meaning=None))
        dataset.entries[name] = new
        changed.append(f"{name}: set to {text} {entry.unit}")
    if problems:
        return project, changed, problems
    return engine.load(project.root, dataset=dataset), changed, []


def committed_copy(root: Path, into: Path) -> Path:
    """data/ as committed (git HEAD), beside the working tree's templates and code, in a scratch folder."""
    for name in ("templates", "docs"):
        if (root / name).exists():
            shutil.copytree(root / name, into / name)
    if (root / "mkdocs.yml").exists():  # the navigation's short page names appear on the Figures pages
        shutil.copy2(root / "mkdocs.yml", into / "mkdocs.yml")
    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", "HEAD", "data"], cwd=root, capture_output=True,
                             text=True, check=True).stdout.split()
    for path in listing:
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(subprocess.run(["git", "show", f"HEAD:{path}"], cwd=root, capture_output=True,
                                          check=True).stdout)
    return into


def data_diff(root: Path) -> list[str]:
    result = subprocess.run(["git", "diff", "--stat", "HEAD", "--", "data"], cwd=root, capture_output=True, text=True)
    return [line.strip() for line in result.stdout.splitlines()[:-1]]


# --- comparing -----------------------------------------------------------------------------------------------

def compare(before: Project, after: Project, data_changes: list[str]) -> Impact:
    impact = Impact(data_changes=data_changes)
    failing_before = {r.expectation.name for r in before.expectations if r.holds is False}
    impact.broken = [p for p in after.problems.errors
                     if any(p.location == r.expectation.location and r.expectation.name not in failing_before
                            for r in after.expectations if r.holds is False)]
    impact.errors = [p for p in after.problems.errors if p not in impact.broken
                     and not any(p.location == r.expectation.location for r in after.expectations)]
    if impact.errors:
        return impact
    for name, quantity in after.quantities.items():
        old = before.quantities.get(name)
        if old is None or _value(old) != _value(quantity):
            impact.quantities.append((name, fmt.value_text(old) if old else "(new)", fmt.value_text(quantity)))
    log = corrections.read(after.root)  # the same history on both sides: a data change is not a correction yet
    old_site = site.produce(before.root, draw=False, project=before, despite_expectations=True, log=log)
    new_site = site.produce(after.root, draw=False, project=after, despite_expectations=True, log=log)
    old_pages = {o.path: o.content.decode() for o in old_site.outputs}
    for output in new_site.outputs:
        impact.sentences.extend(_changed_sentences(output.path, old_pages.get(output.path, ""),
                                                   output.content.decode()))
    impact.claims = broken_claims(before, after, [b for page in old_site.pages for b in page.bindings])
    impact.charts = sorted(outputs.chart_path(name) for name, (digest, _) in new_site.charts.items()
                           if old_site.charts.get(name, ("",))[0] != digest)
    return impact


def broken_claims(before: Project, after: Project, bindings: list) -> list[tuple[str, str, str, list[str]]]:
    """Claims that held before the change and fail after it, each with the sentences (as they read now) bound to it."""
    held = {r.assertion.name for r in before.assertions if r.holds}
    found = []
    for result in after.assertions:
        if result.holds is False and result.assertion.name in held:
            sentences = [f"{b.template}:{b.line}: {b.sentence}" for b in bindings if b.claim == result.assertion.name]
            found.append((result.assertion.name, result.assertion.says, result.detail, sentences))
    return found


def _value(quantity) -> tuple[float, float]:
    value = quantity.value
    return (value.low, value.high) if isinstance(value, Range) else (value, value)


def _changed_sentences(path: str, old: str, new: str) -> list[tuple[str, str, str]]:
    before, after = sentences(old), sentences(new)
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old_part, new_part = before[i1:i2], after[j1:j2]
        for k in range(max(len(old_part), len(new_part))):
            changes.append((path, old_part[k] if k < len(old_part) else "", new_part[k] if k < len(new_part) else ""))
    return changes


# --- the two ways in ----------------------------------------------------------------------------------------------

def of_settings(root: Path, settings: dict[str, str]) -> Impact:
    before = engine.load(root)
    after, changed, problems = with_settings(engine.load(root), settings)
    if problems:
        return Impact(errors=problems)
    result = compare(before, after, changed)
    result.tried = [f"{name} ({before.dataset.entries[name].field_location('value')})" for name in settings]
    return result


def of_uncommitted(root: Path) -> Impact:
    with tempfile.TemporaryDirectory() as scratch:
        before = engine.load(committed_copy(root, Path(scratch)))
        after = engine.load(root)
        return compare(before, after, data_diff(root))
