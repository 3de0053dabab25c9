"""``python -m calc build``: render, check, then build the site with mkdocs (strict) into site/."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from calc import site
from calc.commands.check import report
from calc.commands.render import render


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site-dir", default="site", help="where to build the site (default: site/)")


def run(args: argparse.Namespace) -> int:
    root = args.root
    if render(root) != 0:
        return 1
    produced = site.produce(root, draw=False)
    problems = [p for p in produced.problems if not p.warning] + site.stale_problems(site.stale_files(root, produced))
    if report(problems):
        return 1
    # --strict without -q: with -q, mkdocs exits 0 on warnings (broken links and anchors among them).
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", args.site_dir],
                            cwd=root)
    if result.returncode != 0:
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
