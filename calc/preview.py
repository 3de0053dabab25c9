"""Live preview under `mkdocs serve` (see hooks.py): the site rendered in memory, served without touching docs/.

Before each build the pages and charts are rendered from data/ and templates/ in memory and handed to mkdocs
as the content of their files, so an edit shows on the served page after one build (writing docs/ would make
mkdocs see a change of its own and build a second time). Nothing is written: docs/ changes only
with `make site` or `python -m calc render`.

A render that fails keeps the last good pages and charts on the site, with a banner on every page that says
what is wrong, file and line, until the edit is fixed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from calc.errors import Location, Problem

ARTICLE = re.compile(r"<article\b[^>]*>")


@dataclass
class Rendering:
    """The site's generated files as mkdocs should serve them, by path within docs/ (src_uri)."""

    contents: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # errors: the render failed, contents are empty


def render(root: Path, docs_dir: Path, drawings: dict[str, bytes], worker: Any = None) -> Rendering:
    """Every page and chart as a render would write it, in memory. ``drawings`` keeps charts already drawn
    ("inputs hash:theme" → stamped SVG) so that a chart is drawn once per change of what it shows, not once per
    build; ``worker`` (calc.drawing.DrawingWorker) draws the charts an edit changed while the pages render."""
    from calc import engine, outputs, site  # lazy: inside hooks.on_pre_build's try, half-edited calc/ shows as the banner
    if worker is not None and worker.alive:
        worker.ask(drawings)
    try:
        produced = site.produce(root, draw="later", project=engine.load(root))
    finally:
        drawn = worker.take() if worker is not None else {}  # every request answered, so none is answered late
    if produced.errors:
        return Rendering(problems=produced.errors)
    for pending in produced.pending:
        kept = drawings.get(pending.key)
        if kept is not None:
            drawn[pending.path] = (pending.inputs_hash, kept)
    site.draw_pending(produced, drawn)  # what the worker did not draw (or drew from other inputs) is drawn here
    themes = {outputs.chart_path(name, theme): theme for name in produced.charts for theme in outputs.CHART_THEMES}
    for output in produced.outputs:
        if output.path in themes:
            drawings[site.drawing_key(output.inputs_hash, themes[output.path])] = output.content
    return Rendering({_src_uri(root / output.path, root, docs_dir): output.content for output in produced.outputs})


def _src_uri(path: Path, root: Path, docs_dir: Path) -> str:
    """Where mkdocs knows a generated file: relative to docs/ (pages and charts), else relative to the project."""
    try:
        return path.resolve().relative_to(docs_dir.resolve()).as_posix()
    except ValueError:
        return path.resolve().relative_to(root.resolve()).as_posix()


def crash(exc: Exception) -> Problem:
    """A failure of calc/ itself (an edit to the code half done), as a problem the banner can show."""
    return Problem(Location("calc/"), f"rendering failed: {type(exc).__name__}: {exc}",
                   "Fix the code; the preview keeps the last pages that rendered")


def serve_from_memory(files: Any, config: Any, contents: dict[str, bytes]) -> Any:
    """Give each generated file mkdocs builds the content rendered in memory (adding any not on disk)."""
    for src_uri, content in contents.items():
        file = files.get_file_from_path(src_uri)
        if file is None:
            file = File.generated(config, src_uri, content=content)
            files.append(file)
        elif src_uri.endswith(".md"):
            file.content_string = content.decode("utf-8")
        else:
            file.content_bytes = content
    return files


def banner(problems: list[Problem]) -> str:
    """An alert for the top of every served page: the edit does not render, and why (file, line, what to do)."""
    listed = "\n".join(str(problem) for problem in problems)
    return ('<div class="admonition failure" role="alert"><p class="admonition-title">The last edit does not '
            'render: this page shows the last figures that did. Fix the problem below and save again.</p>'
            f'<pre><code>{html.escape(listed)}</code></pre></div>')


def with_banner(page_html: str, alert: str) -> str:
    """``page_html`` with ``alert`` at the top of the article (or of the body, for a theme without one)."""
    match = ARTICLE.search(page_html)
    if match:
        return page_html[:match.end()] + alert + page_html[match.end():]
    return re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + alert, page_html, count=1)
