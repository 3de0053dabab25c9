"""What the last full run found, kept so that `check` with nothing changed answers in a blink.

The cache lives in .calc-cache/ (ignored by git) and is keyed by the content of everything a result depends
on: every file under data/ and templates/, the code of calc/, the installed packages and the Python version.
A change to any of them gives another key, so a changed datum is never answered from the cache. A cache file
that does not parse, whose checksum does not match its content, or that was written for another project or
another key is ignored and replaced: it is never trusted.

What is kept: the problems found (with the review dates of the warnings that depend on today's date), a
hash of each page as rendered, each chart's inputs hash, and the summary line's counts. The files on disk
are still compared with those hashes on every run; anything stale sends check down the full path, which
explains what changed.

The same folder holds Jinja's compiled templates (calc.bytecode), checked the same way.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calc.errors import Location, Problem
from calc.githistory import history_key
from calc.outputs import CHART_THEMES, chart_path, generated_files, read_stamp

CACHE_DIR = ".calc-cache"
FORMAT = 1
HASHED_DIRS = ("data", "templates")
HASHED_FILES = ("mkdocs.yml",)  # its navigation names the pages in the Figures catalogue's "Used in" lines
CODE_DIR = Path(__file__).resolve().parent


def _files(directory: Path) -> list[Path]:
    found = []
    for folder, subfolders, names in os.walk(directory):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        found.extend(Path(folder) / name for name in sorted(names) if not name.endswith((".pyc", ".tmp")))
    return found


def _installed_packages() -> list[str]:
    """The installed distributions with their versions, from the names of their metadata folders."""
    names = []
    for entry in sys.path:
        if entry.endswith("site-packages") and os.path.isdir(entry):
            names.extend(n for n in os.listdir(entry) if n.endswith(".dist-info"))
    return sorted(names)


@functools.cache
def code_key() -> str:
    """A hash of calc/'s code, the installed packages and the Python version."""
    digest = hashlib.sha256(f"format {FORMAT} {sys.version}\n".encode())
    for name in _installed_packages():
        digest.update(name.encode() + b"\n")
    for path in _files(CODE_DIR):
        digest.update(path.relative_to(CODE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def inputs_key(root: Path) -> str:
    """A hash of data/, templates/, the code and the data's git history: what every computed result depends on."""
    digest = hashlib.sha256(code_key().encode() + b"\n")
    digest.update(history_key(root).encode() + b"\n")  # the corrections log is worked out from git history
    for directory in HASHED_DIRS:
        for path in _files(root / directory):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in HASHED_FILES:
        if (root / name).is_file():
            digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    return digest.hexdigest()


def directory(root: Path) -> Path:
    return root / CACHE_DIR


# --- the kept result of a check ------------------------------------------------------------------------------

@dataclass
class Result:
    """What a full run found, as check reports it."""

    problems: list[Problem]  # every problem but the review warnings
    reviews: list[tuple[tuple[int, int, int], Problem]]  # review-by date (y, m, d) → its warning
    review_position: int  # where the review warnings go among the problems
    pages: dict[str, str]  # docs/<page> → sha256 of its content, stamp included
    charts: dict[str, str]  # chart name → inputs hash
    summary: dict[str, int]  # counts for the summary line

    def problems_on(self, today: tuple[int, int, int]) -> list[Problem]:
        overdue = [p for due, p in self.reviews if due < today]
        return self.problems[:self.review_position] + overdue + self.problems[self.review_position:]


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"path": problem.location.path, "line": problem.location.line, "message": problem.message,
            "fix": problem.fix, "warning": problem.warning, "excerpt": problem.excerpt}


def problem(data: dict[str, Any]) -> Problem:
    return Problem(Location(str(data["path"]), data["line"]), str(data["message"]), str(data["fix"]),
                   bool(data["warning"]), data["excerpt"])


def read_document(root: Path, name: str) -> Any:
    """The content of cache file ``name``, or None when it is missing, damaged or for another project."""
    try:
        document = json.loads((directory(root) / name).read_text(encoding="utf-8"))
        payload = document["payload"]
        if document.get("checksum") != _checksum(payload):
            return None
        if payload["format"] != FORMAT or payload["root"] != str(root.resolve()):
            return None
        return payload
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_document(root: Path, name: str, payload: dict[str, Any]) -> None:
    """Keep ``payload`` in cache file ``name``; a cache that cannot be written is only a slower next run."""
    payload = {**payload, "format": FORMAT, "root": str(root.resolve())}
    document = json.dumps({"payload": payload, "checksum": _checksum(payload)}, ensure_ascii=False)
    try:
        write_atomically(directory(root) / name, document.encode("utf-8"))
    except OSError:
        pass


def load(root: Path, key: str) -> Result | None:
    """The result kept for ``key``, or None when there is none that can be trusted."""
    payload = read_document(root, "check.json")
    if payload is None or payload.get("key") != key:
        return None
    try:
        return Result(
            problems=[problem(p) for p in payload["problems"]],
            reviews=[((int(d[0]), int(d[1]), int(d[2])), problem(p)) for d, p in payload["reviews"]],
            review_position=int(payload["review_position"]),
            pages={str(k): str(v) for k, v in payload["pages"].items()},
            charts={str(k): str(v) for k, v in payload["charts"].items()},
            summary={str(k): int(v) for k, v in payload["summary"].items()})
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # missing, corrupt or of another shape: computed afresh and rewritten


def store(root: Path, key: str, result: Result) -> None:
    """Keep ``result`` for ``key``; a cache that cannot be written is only a slower next run."""
    write_document(root, "check.json", {
        "key": key,
        "problems": [problem_json(p) for p in result.problems],
        "reviews": [[list(due), problem_json(p)] for due, p in result.reviews],
        "review_position": result.review_position, "pages": result.pages, "charts": result.charts,
        "summary": result.summary,
    })


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore = directory_of(path) / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# written by calc: nothing here is committed\n*\n", encoding="utf-8")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def directory_of(path: Path) -> Path:
    """The cache folder a cache file lies in (the folder right under the project)."""
    while path.name != CACHE_DIR and path.parent != path:
        path = path.parent
    return path


def _checksum(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def page_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def unchanged_on_disk(root: Path, kept: Result) -> bool:
    """Whether docs/ (pages and charts) holds exactly what the kept result says a render gives."""
    for path, digest in kept.pages.items():
        file = root / path
        if not file.is_file() or page_digest(file.read_bytes()) != digest:
            return False
    charts = {chart_path(name, theme): inputs_hash for name, inputs_hash in kept.charts.items() for theme in CHART_THEMES}
    for path, inputs_hash in charts.items():
        stamp = read_stamp(root, path)
        if stamp is None or not stamp.intact or stamp.inputs_hash != inputs_hash:  # intact: not edited by hand
            return False
    expected = set(kept.pages) | set(charts)
    return set(generated_files(root)) <= expected
