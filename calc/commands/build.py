"""``python -m calc build``: render, check, then build the site with mkdocs (strict) into site/.

``--builder zensical`` builds the same site with Zensical instead (``zensical build --strict``, which reads
mkdocs.yml, runs no hooks.py and builds into mkdocs.yml's site_dir; tests/test_builders.py compares the two).

One computation serves all three steps: the pages and charts are rendered once, written (all or nothing, as
``render`` does) and checked, and mkdocs builds the site from them. mkdocs runs in a second process forked at
the start (calc.background): it loads while the figures are computed and converts the pages while the charts
are drawn. When data/, templates/, calc/ and the generated files are as the last run left them, the kept
result (calc.cache) stands in for the computation and only mkdocs runs, in this process. Either way mkdocs
reuses what earlier builds converted (calc.sitebuild).
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from calc import cache, outputs
from calc.background import SiteBuild
from calc.commands.check import report, summary_line
from calc.commands.render import written_report
from calc.errors import Location, Problem, Problems

if TYPE_CHECKING:  # pragma: no cover - typing only
    from calc.site import Produced


BUILDERS = ("mkdocs", "zensical")
ZENSICAL_SITE_DIR = "site"  # mkdocs.yml's site_dir: Zensical has no --site-dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site-dir", default="site", help="where to build the site (default: site/)")
    parser.add_argument("--builder", choices=BUILDERS, default="mkdocs",
                        help="what builds the site from docs/ and figures/: mkdocs (Material for MkDocs, the default) "
                             "or zensical (the same site; into site/ only)")


def run(args: argparse.Namespace) -> int:
    root = args.root
    zensical = args.builder == "zensical"
    if zensical and Path(args.site_dir) != Path(ZENSICAL_SITE_DIR):
        print(f"build: Zensical builds into mkdocs.yml's site_dir ({ZENSICAL_SITE_DIR}/) and has no --site-dir: "
              "leave --site-dir out, or build with mkdocs", file=sys.stderr)
        return 1
    site_builder = _zensical_build if zensical else _mkdocs_build
    if _refused_config(root, args.site_dir):  # before mkdocs loads it: a hook it names would run at once
        return 1
    recovered = outputs.recover(root)  # what an interrupted render left, finished or undone before anything else
    if recovered:
        print(f"build: {recovered}")
    today = date.today()
    key = cache.inputs_key(root)
    kept = cache.load(root, key)
    if kept is not None and kept.summary["complete"] and cache.unchanged_on_disk(root, kept):
        problems = kept.problems_on((today.year, today.month, today.day))
        if report([p for p in problems if not p.warning]):
            print(summary_line(problems, kept.summary), file=sys.stderr)
            return 1
        print(summary_line(problems, kept.summary))
        return _finish(root, args.site_dir, site_builder(root, args.site_dir), args.builder)
    before = outputs.as_they_are(root)  # put back if the site cannot be built: a failed build changes nothing
    # mkdocs loads meanwhile in a second process (None: one process, or Zensical, which builds afterwards)
    site_build = None if zensical else SiteBuild.start(root, root / args.site_dir)
    try:
        rendered = _render(root, key, today, site_build)
    except BaseException:  # a bug, or Ctrl-C: the mkdocs process stops too (or finishes what it was sent)
        if site_build is not None:
            site_build.cancel()
        raise
    if rendered is None:
        if site_build is not None:
            site_build.cancel()
        return 1
    problems, kept = rendered  # warnings only: an error stops _render before anything is written
    print(summary_line(problems, kept.summary))
    if site_build is None:
        status = site_builder(root, args.site_dir)
    else:
        outcome = site_build.finish()
        sys.stderr.write(outcome.log)
        status = outcome.status
    if status != 0:
        outputs.write(root, before)  # docs/ and figures/ back as they were (CalcError if that cannot be done)
        print(f"build: {args.builder} reported problems (above); the site was not built, and docs/ and figures/ "
              "are as they were", file=sys.stderr)
        return 1
    return _finish(root, args.site_dir, status)


def _refused_config(root: Path, site_dir: str) -> bool:
    """Whether mkdocs.yml names what the site may not load or run (a hook, a script from another host…), or the
    site cannot be built where it would go: reported, and nothing is built, before mkdocs reads mkdocs.yml and
    imports the hooks it names."""
    from calc import prose_markup  # lazy: start-up time, the CLI imports every verb to build its parser
    collector = Problems(root)  # fills in each problem's offending line
    collector.extend([p for p in prose_markup.offline_problems(root) if not p.warning])
    collector.extend(site_dir_problems(root, site_dir))
    if not collector.items:
        return False
    report(collector.items)
    print(f"build: nothing written ({len(collector.items)} error{'' if len(collector.items) == 1 else 's'})",
          file=sys.stderr)
    return True


def site_dir_problems(root: Path, site_dir: str) -> list[Problem]:
    """The site's folder as a link leading out of the project (mkdocs would empty the folder it leads to and
    build there), or a folder that cannot be written (a read-only mount)."""
    path = root / site_dir
    shown = f"{site_dir.rstrip('/')}/"
    target = Path(os.path.realpath(path))
    if path.is_symlink() and not target.is_relative_to(Path(os.path.realpath(root))):
        return [Problem(Location(shown), f"{shown} is a link to {target}, outside the project: building there would "
                        "delete what that folder holds", f"Remove the link ({shown} then is built in the project), "
                        "or name a folder in the project with --site-dir")]
    if path.is_dir() and not os.access(path, os.W_OK | os.X_OK):
        return [Problem(Location(shown), f"{shown} cannot be written (a read-only folder or mount)",
                        f"Make {shown} writable, or name another folder with --site-dir")]
    return []


def _finish(root: Path, site_dir: str, status: int, builder: str = "mkdocs") -> int:
    if status != 0:
        print(f"build: {builder} reported problems (above); the site was not built", file=sys.stderr)
        return 1
    print(how_to_look(root / site_dir))
    return 0


def how_to_look(site_dir: Path) -> str:
    """What to do with the built site: it opens from disk (the offline plugin), or from any static server."""
    site_dir = site_dir.resolve()
    return (f"build: the site is in {site_dir}/\n"
            f"  open it from disk:  {(site_dir / 'index.html').as_uri()}  (navigation and search work offline)\n"
            f"  or serve it:        python3 -m http.server --directory {site_dir} 8000, "
            f"then open http://127.0.0.1:8000/\n"
            f"  while editing:      make serve  (a live preview: every edit to data/, templates/ or calc/ shows at once)")


def _render(root: Path, key: str, today: date, site_build: SiteBuild | None):
    """Render and write docs/ and figures/ (pages and charts); the problems found and the result kept for the next
    run, or None.

    With a ``site_build`` running, it is sent the pages as soon as they are rendered, and the charts that
    changed once they are drawn and written.
    """
    from calc import engine, site  # lazy: start-up time, the CLI imports every verb to build its parser
    from calc.drawing import ChartDrawing  # lazy: start-up time, the CLI imports every verb to build its parser
    project = engine.load(root)
    drawing = ChartDrawing.start(root, project) if site_build else None  # drawn while the pages render
    try:
        produced = site.produce(root, draw="later" if site_build else "changed", today=today, project=project)
        errors = produced.errors or outputs.hand_edits(root, produced.outputs,
                                                       tuple(p.path for p in produced.pending))
    except BaseException:
        if drawing is not None:
            drawing.cancel()
        raise
    if errors:
        if drawing is not None:
            drawing.cancel()
        report(errors)
        print(f"build: nothing written ({len(errors)} error{'' if len(errors) == 1 else 's'})", file=sys.stderr)
        return None
    if site_build is not None:
        site_build.send_pages(*_pages_for_mkdocs(root, produced))
        try:
            site.draw_pending(produced, drawing.take() if drawing else None)
            written, removed = outputs.write(root, produced.outputs)
        except BaseException:
            site_build.send_charts(None)
            raise
        site_build.send_charts([outputs.site_path(path) for path in written if outputs.is_chart(path)])
    else:
        written, removed = outputs.write(root, produced.outputs)
    print(written_report(len(produced.outputs), written, removed))
    kept = site.kept_result(produced)
    cache.store(root, key, kept)  # what was just written is what the inputs give: the next check is instant
    return produced.problems, kept


def _pages_for_mkdocs(root: Path, produced: "Produced") -> tuple[dict[str, bytes], list[str], list[str]]:
    """The pages as mkdocs knows them, the generated files render will remove, and the charts still to be drawn,
    by src_uri (calc.outputs.site_path: a page within docs/, a chart within figures/)."""
    planned = {o.path for o in produced.outputs} | {p.path for p in produced.pending}
    pages = {outputs.site_path(o.path): o.content for o in produced.outputs if o.path.endswith(".md")}
    removed = [outputs.site_path(path) for path in outputs.generated_files(root) if path not in planned]
    return pages, removed, [outputs.site_path(p.path) for p in produced.pending]


def _mkdocs_build(root: Path, site_dir: str) -> int:
    """``mkdocs build --strict`` in this process (no second interpreter, no second import of Jinja and YAML)."""
    from mkdocs import exceptions  # lazy: start-up time, the CLI imports every verb to build its parser

    from calc import sitebuild  # lazy: start-up time, the CLI imports every verb to build its parser

    handler = sitebuild.mkdocs_log_handler(sys.stderr)
    try:
        sitebuild.run_build(sitebuild.prepare(root, root / site_dir), root, root / site_dir)
    except exceptions.MkDocsException as exc:
        if str(exc):
            logging.getLogger("mkdocs").error(str(exc))
        return 1
    except OSError as exc:  # site/ or a file in it cannot be written
        logging.getLogger("mkdocs").error(sitebuild.write_failure(exc))
        return 1
    finally:
        sitebuild.remove_log_handler(handler)
    return 0


def _zensical_build(root: Path, site_dir: str) -> int:
    """``zensical build --strict`` of the project (into mkdocs.yml's site_dir). Zensical keeps its own cache in
    .cache/, which ``zensical build -c`` empties: calc keeps none of its own there (they are in .calc-cache/)."""
    if importlib.util.find_spec("zensical") is None:
        print("build: Zensical is not installed in this environment: `make .venv/.installed` installs it "
              "(pyproject.toml's test extra pins it)", file=sys.stderr)
        return 1
    return subprocess.run([sys.executable, "-m", "zensical", "build", "--strict",
                           "--config-file", str(root / "mkdocs.yml")], cwd=root).returncode
