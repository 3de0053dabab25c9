"""Every input in the hostile corpus (tests/corpus.py): exit status 1, exactly one message, at the right file and
line, and docs/ and figures/ byte for byte as they were.

The cases run in-process (the CLI's main() on a copy of the project) to keep the suite fast; a few run as real
subprocesses to prove the exit status the shell sees.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from calc.cli import main
from tests.conftest import line_of
from tests.corpus import CASES, Case

# A problem's first line starts with its location (warnings, such as figures due for review, are not counted).
MESSAGE = re.compile(r"^(?!render: |check: )(\S+?): (?!warning: )", re.M)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for folder in ("docs", "figures") for p in sorted((root / folder).rglob("*")) if p.is_file()}


def expected_location(case: Case, root: Path) -> str:
    if case.at is None:
        return case.file
    path = root / case.file
    lines = path.read_bytes().decode("utf-8", "replace").split("\n")
    return f"{case.file}:{next(i for i, line in enumerate(lines) if case.at in line) + 1}"


def messages(stderr: str) -> list[str]:
    return [m.group(1) for m in MESSAGE.finditer(stderr)]


def test_the_corpus_is_large_and_unique():
    assert len(CASES) >= 80
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(copy, capsys, case):
    case.change(copy)
    before = snapshot(copy)
    where = expected_location(case, copy)
    capsys.readouterr()
    status = main(["--root", str(copy), case.verb])
    err = capsys.readouterr().err
    assert status == 1, err
    assert messages(err) == [where], err
    assert case.words in err, err
    assert "Traceback" not in err
    assert snapshot(copy) == before


SUBPROCESS_CASES = ("python_name_tag", "non_utf8_byte", "alias_bomb", "hand_edited_chart")


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_bad_input_through_the_shell(copy, name):
    case = next(c for c in CASES if c.id == name)
    case.change(copy)
    before = snapshot(copy)
    where = expected_location(case, copy)
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), case.verb], capture_output=True,
                            text=True)
    assert result.returncode == 1, result.stderr
    assert messages(result.stderr) == [where], result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(copy) == before
