"""``python -m calc build``: render, check, then build the site with mkdocs (strict) into site/.

One computation serves all three steps: the pages and charts are rendered once, written (all or nothing, as
``render`` does), checked, and the site is built by mkdocs in this same process. When data/, templates/,
calc/ and the generated files are as the last run left them, the kept result (calc.cache) stands in for the
computation and only mkdocs runs.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site-dir", default="site", help="where to build the site (default: site/)")


def run(args: argparse.Namespace) -> int:
    from calc import cache, outputs
    from calc.commands.check import report, summary_line
    root = args.root
    recovered = outputs.recover(root)  # what an interrupted render left, finished or undone before anything else
    if recovered:
        print(f"build: {recovered}")
    today = date.today()
    key = cache.inputs_key(root)
    kept = cache.load(root, key)
    if kept is not None and kept.summary["complete"] and cache.unchanged_on_disk(root, kept):
        problems = kept.problems_on((today.year, today.month, today.day))
    else:
        rendered = _render(root, key, today)
        if rendered is None:
            return 1
        problems, kept = rendered
    if report([p for p in problems if not p.warning]):
        print(summary_line(problems, kept.summary), file=sys.stderr)
        return 1
    print(summary_line(problems, kept.summary))
    if _mkdocs_build(root, args.site_dir) != 0:
        print("build: mkdocs reported problems (above); the site was not built", file=sys.stderr)
        return 1
    print(how_to_look(root / args.site_dir))
    return 0


def how_to_look(site_dir: Path) -> str:
    """What to do with the built site: it opens from disk (the offline plugin), or from any static server."""
    site_dir = site_dir.resolve()
    return (f"build: the site is in {site_dir}/\n"
            f"  open it from disk:  {(site_dir / 'index.html').as_uri()}  (navigation and search work offline)\n"
            f"  or serve it:        python3 -m http.server --directory {site_dir} 8000, "
            f"then open http://127.0.0.1:8000/\n"
            f"  while editing:      .venv/bin/python -m mkdocs serve  (re-renders on every edit)")


def _render(root: Path, key: str, today: date):
    """Render and write docs/ (pages and charts); the problems found and the result kept for the next run, or None."""
    from calc import cache, outputs, site
    from calc.commands.check import report
    from calc.commands.render import written_report
    produced = site.produce(root, draw="changed", today=today)
    errors = produced.errors or outputs.hand_edits(root, produced.outputs)
    if errors:
        report(errors)
        print(f"build: nothing written ({len(errors)} error{'' if len(errors) == 1 else 's'})", file=sys.stderr)
        return None
    written, removed = outputs.write(root, produced.outputs)
    print(written_report(len(produced.outputs), written, removed))
    kept = site.kept_result(produced)
    cache.store(root, key, kept)  # what was just written is what the inputs give: the next check is instant
    return produced.problems, kept


def _mkdocs_build(root: Path, site_dir: str) -> int:
    """``mkdocs build --strict`` in this process (no second interpreter, no second import of Jinja and YAML)."""
    import logging

    from mkdocs import exceptions
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from calc import sitebuild

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logger.addHandler(handler)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / site_dir), strict=True)
        sitebuild.keep_theme_compiled(config, root)
        sitebuild.open_store(root)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
            sitebuild.save_store(root)  # only a build that succeeded keeps what it converted
        finally:
            sitebuild.close_store()
            config.plugins.on_shutdown()
    except exceptions.MkDocsException as exc:
        if str(exc):
            logger.error(str(exc))
        return 1
    finally:
        logger.removeHandler(handler)
    return 0
