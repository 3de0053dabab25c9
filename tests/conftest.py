"""Shared fixtures: the real project, and throw-away copies of it to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from calc import engine

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("data", "templates", "docs", "figures", "mkdocs.yml", "hooks.py")


@pytest.fixture(scope="session")
def project() -> engine.Project:
    return engine.load(ROOT)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the project's inputs and outputs in a temporary folder."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        elif source.exists():
            shutil.copy2(source, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a file, failing loudly if ``old`` is not there exactly ``count`` times."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """1-based number of the first line containing ``needle`` (after the first line containing ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files from the current output")
