"""The pipeline every verb shares: compute, lint, render in memory, and compare with what is on disk.

Nothing here writes a file. ``render`` writes what ``produce`` returns; ``check`` compares it with disk.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from calc import assertions, cache, charts, corrections, engine, fmt, lint, number_lint, outputs, prose_lint, prose_markup
from calc.bytecode import CheckedBytecodeCache
from calc.engine import Project
from calc.errors import Location, Problem, Problems
from calc.markup import SafeText
from calc.outputs import CHART_THEMES, Output
from calc.render import Rendered, Renderer, TemplateProblem, figure_links
from calc.schema import PartialDate


@dataclass
class Produced:
    project: Project
    outputs: list[Output] = field(default_factory=list)
    pages: list[Rendered] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors and warnings, in the order found
    charts: dict[str, tuple[str, str]] = field(default_factory=dict)  # chart name → (inputs hash, listing)
    reviews: list[tuple[tuple[int, int, int], Problem]] = field(default_factory=list)  # every review-by warning
    review_position: int = 0  # where the overdue ones stand among the problems
    pending: list["PendingChart"] = field(default_factory=list)  # charts to draw (draw="later"; see draw_pending)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


def produce(root: Path, *, draw: bool | str = True, today: date | None = None, project: Project | None = None,
            despite_expectations: bool = False, log: corrections.Log | None = None) -> Produced:
    """Everything render would write, and every problem found on the way.

    ``draw``: True draws every chart; "changed" draws only charts whose inputs differ from the stamp of the file
    on disk (the rest are kept byte for byte); "later" is "changed" with the drawing left to ``draw_pending``
    (so that the pages can be used before the charts are drawn); False draws none (check and impact compare
    stamps instead).

    ``despite_expectations`` renders even when declared expectations fail (the impact report shows what a
    change would do, broken expectations included); any other error stops before rendering.

    ``log``: the corrections log to render (read from git when not given). When nothing is written
    (``draw`` False), a corrections page rendered just before the newest data commit counts as fresh too.
    """
    project = project or engine.load(root)
    produced = Produced(project, problems=list(project.problems.items))
    produced.review_position = len({str(p): p for p in produced.problems})
    produced.reviews = review_warnings(project)
    today = today or date.today()
    produced.problems.extend(p for due, p in produced.reviews if due < (today.year, today.month, today.day))
    failing = {r.expectation.location for r in project.expectations if r.holds is False}
    if [p for p in project.problems.errors if not (despite_expectations and p.location in failing)]:
        return produced  # figures that could not be computed cannot be rendered; the data errors say why
    renderer = Renderer(project, root, CheckedBytecodeCache(root))
    log = _corrections_log(root, renderer, log, judging=not draw)
    template_problems = lint.lint_templates(root, project, renderer.environment)
    produced.problems.extend(template_problems)
    linted = {p.location.path for p in template_problems if not p.warning}
    pages, render_problems = renderer.render_all(skip=linted)  # a template's lint errors are its one report
    produced.problems.extend(render_problems)
    produced.pages = pages
    for page in pages:
        path = f"docs/{page.page}"
        if page.page == corrections.PAGE and log is not None:
            # From git history: an old commit message cannot be linted into shape, so the page is not linted.
            content, warning = _corrections_page(root, page, log)
            produced.problems.extend([warning] if warning else [])
            produced.outputs.append(Output(path, content, page.template))
            continue
        if page.template not in linted:  # a leftover in a template's prose is reported there, not again here
            produced.problems.extend(lint.lint_output(path, page.text))
        stamped = outputs.stamp_markdown(page.text, page.template)
        produced.problems.extend(number_lint.lint_page(path, stamped.decode("utf-8"), project.quantities))
        produced.outputs.append(Output(path, stamped, page.template))
    orphans = orphaned_pages(root, renderer.nav_titles)
    produced.problems.extend(orphans)
    # Else a claim's sentence may be on a page that failed (or whose template is gone).
    rendered_all = not render_problems and not linted and not orphans
    produced.problems.extend(integrity(project, pages, renderer, complete=rendered_all))
    produced.problems.extend(prose_markup.nav_title_problems(root, renderer.nav_titles))
    produced.problems.extend(prose_markup.offline_problems(root))
    page_folders: dict[str, set[str]] = {}
    for page in pages:
        page_folders.setdefault(page.template, set()).add(page.page)
    produced.problems.extend(prose_markup.page_link_problems(root, page_folders))
    produced.problems.extend(assertions.binding_problems(project.assertions, [b for p in pages for b in p.bindings],
                                                         every_page=rendered_all))
    gone = frozenset(p.message.rsplit("its template ", 1)[1].split()[0] for p in orphans)
    renamed = frozenset(unlisted_templates(root, renderer.nav_titles)) if orphans else frozenset()
    failed = frozenset(p.location.path for p in template_problems if not p.warning)  # its lint error is its message
    produced.problems.extend(prose_lint.lint_claims(root, project, reported=gone | failed, unchecked=renamed))
    produced.problems.extend(number_lint.lint_leads(project, (b for page in pages for b in page.bindings)))
    produced.problems.extend(number_lint.lint_benchmarks(project))
    for name, chart in sorted(renderer.charts.items()):
        inputs_hash, listing = chart_inputs(chart, project)
        produced.charts[name] = (inputs_hash, listing)
        for theme in CHART_THEMES:
            path = outputs.chart_path(name, theme)
            if draw in ("changed", "later") and _drawn_from(root, path, inputs_hash):
                produced.outputs.append(Output(path, (root / path).read_bytes(), _module_path(chart), inputs_hash))
            elif draw == "later":
                produced.pending.append(PendingChart(chart, theme, path, inputs_hash, listing))
            elif draw:
                content = drawing(chart, project, theme, inputs_hash, listing)
                produced.outputs.append(Output(path, content, _module_path(chart), inputs_hash))
    unique = list({str(p): p for p in produced.problems}.values())  # lint and render may both see one
    collector = Problems(root)  # fills in each problem's offending line
    collector.extend(unique)
    produced.problems = collector.items
    return produced


@dataclass(frozen=True)
class PendingChart:
    """A chart whose drawing on disk is stale, to be drawn by draw_pending."""

    chart: Any
    theme: str
    path: str
    inputs_hash: str
    listing: str

    @property
    def key(self) -> str:
        return drawing_key(self.inputs_hash, self.theme)


def drawing_key(inputs_hash: str, theme: str) -> str:
    """What names one drawing of a chart: the inputs it is drawn from and the scheme it is drawn for."""
    return f"{inputs_hash}:{theme}"


def _drawn_from(root: Path, path: str, inputs_hash: str) -> bool:
    """Whether the drawing at ``path`` is on disk as render wrote it, from these inputs."""
    on_disk = outputs.read_stamp(root, path)
    return bool(on_disk and on_disk.intact and on_disk.inputs_hash == inputs_hash)


def draw_pending(produced: Produced, drawn: dict[str, tuple[str, bytes]] | None = None) -> None:
    """Draw the charts ``produce(draw="later")`` left pending and put them among the outputs where
    ``draw="changed"`` would have: after the pages, by chart name, light before dark.

    ``drawn``: drawings made already (path → inputs hash, stamped SVG), used where the inputs hash matches.
    """
    for pending in produced.pending:
        inputs_hash, content = (drawn or {}).get(pending.path, (None, b""))
        if inputs_hash != pending.inputs_hash:
            content = drawing(pending.chart, produced.project, pending.theme, pending.inputs_hash, pending.listing)
        produced.outputs.append(Output(pending.path, content, _module_path(pending.chart), pending.inputs_hash))
    produced.pending = []
    order = {outputs.chart_path(name, theme): (name, i) for name in produced.charts
             for i, theme in enumerate(CHART_THEMES)}
    pages = [o for o in produced.outputs if o.path not in order]
    charts = sorted((o for o in produced.outputs if o.path in order), key=lambda o: order[o.path])
    produced.outputs = pages + charts


def drawing(chart: Any, project: Project, theme: str, inputs_hash: str, listing: str) -> bytes:
    """A chart drawn in ``theme``, stamped with what it was drawn from."""
    svg = charts.svg_bytes(chart, project, theme)
    return outputs.stamp_svg(svg, _module_path(chart), inputs_hash, listing)


def stale_drawings(root: Path, project: Project, candidates: Any) -> list[PendingChart]:
    """Of ``candidates`` (charts), the drawings whose file on disk is missing, edited or drawn from other inputs."""
    found = []
    for chart in candidates:
        inputs_hash, listing = chart_inputs(chart, project)
        for theme in CHART_THEMES:
            path = outputs.chart_path(chart.name, theme)
            if not _drawn_from(root, path, inputs_hash):
                found.append(PendingChart(chart, theme, path, inputs_hash, listing))
    return found


def _corrections_log(root: Path, renderer: Renderer, log: corrections.Log | None,
                     judging: bool) -> corrections.Log | None:
    """Read the corrections log (if the project has a page for it) and hand it to the templates.

    When judging (check), the log as it stood before the newest data commit counts as fresh too, if that is
    what the committed page shows: a page cannot name the commit it is committed in.
    """
    template = corrections.PAGE.removesuffix(".md") + ".md.j2"
    renderer.environment.globals["corrected"] = set()  # figures with a history to link to (none without a log)
    if not (renderer.templates_dir / template).exists():
        return None
    log = corrections.read(root) if log is None else log
    committed = root / "docs" / corrections.PAGE
    renderer.environment.filters["plaintext"] = lambda text: SafeText(corrections.escape(text))
    # Sentences as the pages in history show them: their words, with any markup a hand edit left taken out.
    renderer.environment.filters["rendered"] = lambda text: SafeText(corrections.shown_sentence(text))
    corrected = set(log.figures)
    if not log.computed and committed.exists():
        corrected = corrections.figures_on_page(committed.read_text(encoding="utf-8", errors="replace"))
    elif judging and log.corrections and committed.exists():
        earlier = log.without_newest()
        renderer.environment.globals.update(corrections=earlier, corrected=set(earlier.figures))
        try:
            text = renderer.render(template, corrections.PAGE).text
        except TemplateProblem:
            text = ""  # render_all reports it
        if outputs.stamp_markdown(text, f"templates/{template}") == committed.read_bytes():
            log, corrected = earlier, set(earlier.figures)
    renderer.environment.globals.update(corrections=log, corrected=corrected)
    return log


def _corrections_page(root: Path, page: Rendered, log: corrections.Log) -> tuple[bytes, Problem | None]:
    """The corrections page's content, and a warning when it could not be worked out from history.

    Without usable history, a committed page (intact) is kept as it is: it was worked out from the full
    history, which this copy lacks.
    """
    path = f"docs/{corrections.PAGE}"
    content = outputs.stamp_markdown(page.text, page.template)
    on_disk = outputs.read_stamp(root, path)
    if not log.computed and on_disk and on_disk.intact:
        return (root / path).read_bytes(), Problem(
            Location(path), f"the corrections log could not be checked: {(log.note or '').rstrip('.')}",
            "It is kept as committed", warning=True)
    return content, None


def review_warnings(project: Project) -> list[tuple[tuple[int, int, int], Problem]]:
    """For each datum with a review-by date and not read again since, that date and the warning it gives once
    the date has passed (the cache keeps them all; check picks the overdue ones for the day it runs)."""
    found = []
    collector = Problems(project.root)  # fills in each warning's offending line
    for quantity in project.quantities.values():
        entry = quantity.entry
        if not (entry and entry.review_by):
            continue
        read = project.dataset.date_read(entry)
        if read and _day(read, last=False) >= _day(entry.review_by):
            continue  # read again on or after the day it fell due
        when = f"as of {entry.as_of.display() if entry.as_of else '?'}" + (f", read {read.display()}" if read else "")
        collector.add(entry.field_location("review_by"), f"'{quantity.name}' was due for review on "
                      f"{entry.review_by.display()} ({when})",
                      "Check the figure against its source, then update value, as_of, read and review_by",
                      warning=True)
        found.append((_day(entry.review_by), collector.items[-1]))
    return found


def _day(when: PartialDate, last: bool = True) -> tuple[int, int, int]:
    """A partial date as a day: its last possible day (or its first, with last=False)."""
    if last:
        return when.year, when.month or 12, when.day or 28
    return when.year, when.month or 1, when.day or 1


def kept_result(produced: Produced) -> "cache.Result":
    """What check needs to answer again without computing, while data/, templates/ and calc/ stay as they are."""
    reviews = {str(p) for _, p in produced.reviews}
    pages = {o.path: cache.page_digest(o.content) for o in produced.outputs if o.path.endswith(".md")}
    held = sum(1 for r in produced.project.expectations if r.holds)
    return cache.Result(
        problems=[p for p in produced.problems if str(p) not in reviews], reviews=produced.reviews,
        review_position=produced.review_position, pages=pages,
        charts={name: inputs_hash for name, (inputs_hash, _) in produced.charts.items()},
        summary={"quantities": len(produced.project.quantities), "expectations_held": held,
                 "pages": len(produced.pages), "charts": len(produced.charts), "complete": int(not produced.errors)})


def orphaned_pages(root: Path, nav: dict[str, str]) -> list[Problem]:
    """Pages the nav lists that were rendered from a template no longer there: one message each, at the nav
    (naming the templates whose pages the nav does not list, which may be the same template renamed)."""
    problems = []
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8", errors="replace").splitlines()
    unlisted = unlisted_templates(root, nav)
    for page in nav:
        path = root / "docs" / page
        try:
            stamp = outputs.MARKDOWN_STAMP.match(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if stamp and stamp.group(1).startswith("templates/") and not (root / stamp.group(1)).is_file():
            line = next((i + 1 for i, text in enumerate(lines) if text.rstrip().endswith(page)), None)
            renamed = (f" ({' and '.join(unlisted)}, whose page the nav does not list, may be it renamed: if so, "
                       f"rename it back, or rename the page in the nav and the template in data/assertions.yaml's "
                       f"marks)" if unlisted else "")
            problems.append(Problem(Location("mkdocs.yml", line), f"the nav lists {page}, but its template "
                                    f"{stamp.group(1)} is gone{renamed}", f"Put the template back, or take the page "
                                    f"out of the nav (render then removes docs/{page})"))
    return problems


def unlisted_templates(root: Path, nav: dict[str, str]) -> list[str]:
    """Article templates whose page the nav does not list."""
    return [f"templates/{path.name}" for path in sorted((root / "templates").glob("*.md.j2"))
            if path.name not in prose_lint.GENERATED and path.is_file()
            and path.name.removesuffix(".md.j2") + ".md" not in nav]


def integrity(project: Project, pages: list[Rendered], renderer: Renderer, complete: bool = True) -> list[Problem]:
    """Sources no page uses (judged only when every page rendered: a failed page's citations are unknown) and
    figures shown without a source."""
    problems = []
    dataset = project.dataset
    used = {e.source for e in dataset.entries.values() if e.source} | renderer.cited_sources
    used |= {dataset.framework_source} if dataset.framework_source else set()
    for source in dataset.sources.values() if complete else ():
        if source.id not in used and not source.kept_because:
            problems.append(Problem(source.location, f"source '{source.id}' is not used by any figure or page",
                                    "Cite it, take a figure from it, or say under 'kept_because:' why it is kept"))
    shown = {name for page in pages for name, _ in page.uses}
    for name in sorted(shown):
        quantity = project.quantities[name]
        if quantity.origin == "definition":
            continue
        if quantity.tier is None or not quantity.sources:
            problems.append(Problem(quantity.location, f"'{name}' is shown on the site without a source and a tier",
                                    "Give its data a source (and an assumption a tier)"))
    return problems


def chart_inputs(chart: object, project: Project) -> tuple[str, str]:
    """A hash of what a chart draws (its input values and tiers, and its code) and a readable listing.

    Staleness is judged on this, not on the SVG's bytes, so a patch release of matplotlib that moves a path
    by a hair does not make every chart stale, while any change to a figure it draws or to its code does.
    """
    lines = []
    for name in chart.inputs(project):  # type: ignore[attr-defined]
        quantity = project.quantities[name]
        lines.append(f"{name} {quantity.low!r} {quantity.high!r} tier:{quantity.tier}")
    listing = "".join(line + "\n" for line in lines)
    paths = sorted(Path(charts.__file__).parent.glob("*.py"))
    paths += [Path(importlib.import_module(module).__file__) for module in chart.computed_by]  # type: ignore[attr-defined]
    code = "".join(path.read_text(encoding="utf-8") for path in paths)
    digest = hashlib.sha256(json.dumps([chart.name, listing, code]).encode("utf-8")).hexdigest()[:16]  # type: ignore
    return digest, listing


def _module_path(chart: object) -> str:
    module = sys.modules[chart.figure.__module__]  # type: ignore[attr-defined]
    return Path(module.__file__).resolve().relative_to(Path(__file__).resolve().parent.parent).as_posix()


# --- staleness ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stale:
    path: str
    reason: str
    changes: tuple[str, ...] = ()  # "name: old → new" for each figure that changed


def stale_files(root: Path, produced: Produced) -> list[Stale]:
    """Files on disk that differ from a fresh render, with the figures that changed in each."""
    found: list[Stale] = []
    planned = {o.path for o in produced.outputs}
    for output in produced.outputs:
        file = root / output.path
        if not file.exists():
            found.append(Stale(output.path, "missing"))
        elif file.read_bytes() != output.content:
            stamp = outputs.read_stamp(root, output.path)
            if stamp is not None and not stamp.intact:
                found.append(Stale(output.path, "edited by hand"))
                continue
            old = file.read_text(encoding="utf-8", errors="replace")
            new = output.content.decode("utf-8")
            found.append(Stale(output.path, "out of date", figure_changes(old, new)))
    for name, (inputs_hash, listing) in produced.charts.items():
        for path in (outputs.chart_path(name, theme) for theme in CHART_THEMES):
            if path in planned:
                continue
            stamp = outputs.read_stamp(root, path)
            if stamp is None:
                found.append(Stale(path, "missing"))
            elif not stamp.intact:  # the SVG's own hash, not only its inputs': a hand edit to the drawing shows here
                found.append(Stale(path, "edited by hand"))
            elif stamp.inputs_hash != inputs_hash:
                found.append(Stale(path, "drawn from other inputs or code",
                                   listing_changes(stamp.inputs_listing, listing, produced.project)))
    produced_paths = planned | {outputs.chart_path(n, t) for n in produced.charts for t in CHART_THEMES}
    for path in outputs.generated_files(root):
        if path not in produced_paths:
            found.append(Stale(path, "no longer generated (its template or chart is gone)"))
    return found


def figure_changes(old: str, new: str) -> tuple[str, ...]:
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for name, text, _ in figure_links(old):
        before.setdefault(name, []).append(text)
    for name, text, _ in figure_links(new):
        after.setdefault(name, []).append(text)
    changes = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            old_text = ", ".join(dict.fromkeys(before.get(name, ["(absent)"])))
            new_text = ", ".join(dict.fromkeys(after.get(name, ["(absent)"])))
            changes.append(f"{name}: {old_text} → {new_text}")
    if not changes:
        changes.append("prose changed (no figure did)")
    return tuple(changes)


def listing_changes(old: str, new: str, project: Project) -> tuple[str, ...]:
    def parse(listing: str) -> dict[str, str]:
        return {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in listing.splitlines() if " " in line}

    before, after = parse(old), parse(new)
    changes = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            shown = fmt.value_text(project.quantities[name]) if name in project.quantities else "(absent)"
            changes.append(f"{name}: now {shown}" if name in before else f"{name}: newly drawn, {shown}")
    return tuple(changes) or ("the chart's code changed",)


def stale_problems(stale: list[Stale]) -> list[Problem]:
    problems = []
    for item in stale:
        if item.reason == "edited by hand":
            problems.append(Problem(Location(item.path), f"{item.path} was edited by hand", "Move the change into "
                                    "its template or chart (or data/), then run `python -m calc render --force`"))
            continue
        detail = "".join(f"\n      {change}" for change in item.changes)
        problems.append(Problem(Location(item.path), f"stale: {item.reason}",
                                f"Run `python -m calc render` (or `make site`) and commit the result{detail}"))
    return problems

