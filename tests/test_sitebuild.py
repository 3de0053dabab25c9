"""What `calc build` keeps between builds (calc.sitebuild) changes nothing in the site it builds.

The built site is compared, file by file, with what a plain `mkdocs build` of the same docs/ gives: with
nothing kept yet, with everything kept, and after a datum changed (some pages converted afresh, the rest
kept). A conversion that warned is not kept, so a strict build fails on it every time, not only the first.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, edit

SONNET_4_5_RATE = "    value: 41\n    unit: token/s\n    model: sonnet_4_5\n"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def calc_build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "calc", "--root", str(root), "build", "--site-dir", "site"],
                          cwd=root, capture_output=True, text=True, env=ENV)


def plain_build(root: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", "site-plain"], cwd=root, check=True,
                   capture_output=True, env=ENV)


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def assert_same_site(root: Path) -> None:
    plain_build(root)
    ours, plain = tree(root / "site"), tree(root / "site-plain")
    assert sorted(ours) == sorted(plain)
    differing = [name for name in ours if ours[name] != plain[name]]
    assert differing == []


def test_kept_conversions_build_the_site_mkdocs_builds(copy: Path):
    (copy / "calc").symlink_to(ROOT / "calc")  # mkdocs.yml watches the code
    first = calc_build(copy)
    assert first.returncode == 0, first.stderr
    assert (copy / ".calc-cache/site.json").is_file()  # what the next build can use
    assert_same_site(copy)
    again = calc_build(copy)  # every page's conversion and search entries now come from .calc-cache/site.json
    assert again.returncode == 0, again.stderr
    assert_same_site(copy)
    edit(copy / "data/throughput.yaml", SONNET_4_5_RATE, SONNET_4_5_RATE.replace("41", "39"))
    changed = calc_build(copy)  # the pages showing the rate are converted afresh, the others are kept
    assert changed.returncode == 0, changed.stderr
    assert "39 tokens/s" in (copy / "site/opus-4-6-size.html").read_text(encoding="utf-8")
    assert_same_site(copy)


def test_a_conversion_that_warned_warns_again(copy: Path):
    """In a build that warnings do not fail (the live preview's), a page that warned warns on every build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from calc import sitebuild

    (copy / "calc").symlink_to(ROOT / "calc")  # mkdocs.yml watches the code
    (copy / "docs/notes.md").write_text("# Notes\n\nSee [the missing page](missing.md).\n", encoding="utf-8")
    edit(copy / "mkdocs.yml", "  - Sources: sources.md\n", "  - Sources: sources.md\n  - Notes: notes.md\n")
    warnings = Recorder()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        for _ in range(2):  # the second build converts the other pages from the store, this one afresh
            config = load_config(config_file=str(copy / "mkdocs.yml"), site_dir=str(copy / "site"), strict=False)
            sitebuild.open_store(None)
            build(config)
    finally:
        logger.removeHandler(warnings)
        sitebuild.close_store()
    said = [m for m in warnings.messages if "contains a link 'missing.md'" in m]
    assert len(said) == 2, warnings.messages


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
