"""The site built from a project's docs/ and figures/ by each builder the project supports, into a folder of the
caller's: mkdocs (Material for MkDocs, what `make site` uses) and Zensical (its successor, which reads
mkdocs.yml and runs no hooks.py: `make site BUILDER=zensical`).

Zensical has no --site-dir and keeps a cache in .cache/ beside mkdocs.yml, so it builds a copy of what the site
is made from (mkdocs.yml, docs/, figures/ — no hooks.py, no calc/: the built site must not need them) in the
caller's folder. Both builds are strict; mkdocs without --quiet, which would hide its warnings from --strict.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

BUILDERS = ("mkdocs", "zensical")
SITE_SOURCES = ("mkdocs.yml", "docs", "figures")  # all a builder that runs no hooks reads


class BuildFailed(Exception):
    """A strict build that failed, with what the builder printed."""


def build_site(builder: str, project: Path, into: Path) -> Path:
    """Build ``project``'s site with ``builder`` inside the empty folder ``into``; the built site's folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if builder == "mkdocs":
        site = into / "site"
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(project / "mkdocs.yml"),
                   "--site-dir", str(site)]
        cwd = project
    elif builder == "zensical":
        copy = into / "project"
        copy.mkdir(parents=True)
        for name in SITE_SOURCES:
            source = project / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, copy / name)
        site = copy / "site"  # mkdocs.yml's site_dir
        command = [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(copy / "mkdocs.yml")]
        cwd = copy
    else:
        raise ValueError(f"unknown builder {builder!r}: one of {', '.join(BUILDERS)}")
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0 or not (site / "index.html").is_file():
        raise BuildFailed(f"{builder} build --strict of {project} failed (exit status {result.returncode}):\n"
                          f"{result.stderr}{result.stdout}")
    return site
