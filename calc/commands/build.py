"""``python -m calc build``: render, check, then build the site with mkdocs (strict) into site/."""

from __future__ import annotations

import argparse
import subprocess
import sys



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site-dir", default="site", help="where to build the site (default: site/)")


def run(args: argparse.Namespace) -> int:
    from calc import site
    from calc.commands.check import report
    from calc.commands.render import render
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
    index = (root / args.site_dir / "index.html").resolve()
    print(f"build: the site is in {index.parent}/ — open {index}")
    return 0
