"""The data's history, read from git: the commits that touched data/, and their files.

The corrections log (calc.corrections) is worked out from it, and every cache of a computed result is keyed by
``history_key`` (calc.cache): a result that shows the log holds only while the data commits are the same. Nothing
here computes a figure, so check's quick path reads the key without loading the engine.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

HISTORY_DEPTH = 100  # commits that touched data/, newest first


class NoHistory(Exception):
    """git history that cannot be read here; the message is the note the page shows."""


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)
    if result.returncode != 0:
        raise NoHistory(f"git {args[0]} failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def heads(root: Path) -> list[str]:
    """The commits the log reads history from: HEAD, and while a merge is being made, the commit it brings.

    Raises NoHistory, with a reader's note, unless ``root`` is the top of a git repository with full history.
    """
    try:
        top, shallow, merging = git(root, "rev-parse", "--show-toplevel", "--is-shallow-repository",
                                     "--git-path", "MERGE_HEAD").decode().splitlines()
    except (NoHistory, OSError, ValueError):
        raise NoHistory("This copy of the project has no git history, so the log could not be worked out "
                        "from it.") from None
    if Path(top).resolve() != root.resolve():
        raise NoHistory("This copy of the project is not the top of its git repository, so its history could "
                        "not be read.")
    if shallow == "true":
        raise NoHistory("This clone's git history is shallow, so the log could not be worked out from it "
                        "(fetch the full history with `git fetch --unshallow`).")
    if subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=root, capture_output=True).returncode:
        raise NoHistory("The repository has no commits yet, so there is nothing to log.")
    # A merge in progress: render while resolving it, and the merge commit carries a log of what it brings.
    return ["HEAD", "MERGE_HEAD"] if (root / merging).exists() else ["HEAD"]


def data_commits(root: Path, heads: list[str]) -> list[tuple[str, str, str, str]]:
    """(commit, first parent, author date, message) for the last HISTORY_DEPTH + 1 commits touching data/."""
    # Fields end in NUL, the one byte a commit message cannot hold (any other separator a message could forge).
    out = git(root, "log", "--no-merges", f"-n{HISTORY_DEPTH + 1}", "--date=short",
              "--format=%H%x00%P%x00%ad%x00%B%x00", *heads, "--", "data")
    fields = out.decode("utf-8", "replace").split("\0")
    found = []
    for at in range(0, len(fields) - 3, 4):
        commit, parents, date, message = fields[at:at + 4]
        found.append((commit.strip(), (parents.split() or [""])[0], date, message.strip()))
    return found


def tree(root: Path, commit: str, folder: str) -> dict[str, str]:
    """path → blob id for the files directly under ``folder`` at ``commit``."""
    out = git(root, "ls-tree", "-z", commit, "--", f"{folder}/")
    files = {}
    for item in filter(None, out.decode("utf-8", "replace").split("\0")):
        meta, _, path = item.partition("\t")
        _mode, kind, blob = meta.split()
        if kind == "blob":
            files[path] = blob
    return files


def blobs(root: Path, ids: list[str]) -> dict[str, bytes]:
    """The contents of many blobs in one git process."""
    if not ids:
        return {}
    out = git(root, "cat-file", "--batch", stdin="".join(i + "\n" for i in ids).encode())
    found, position = {}, 0
    for blob in ids:
        end = out.index(b"\n", position)
        size = int(out[position:end].split()[2])
        found[blob] = out[end + 1:end + 1 + size]
        position = end + 1 + size + 1
    return found


def history_key(root: Path) -> str:
    """What the log depends on besides data/, templates/ and calc/: the data commits it reads (for caches)."""
    try:
        commits = git(root, "log", "--no-merges", f"-n{HISTORY_DEPTH + 1}", "--format=%H", *heads(root), "--", "data")
    except (NoHistory, OSError) as exc:
        return f"no history: {exc}"
    return commits.decode()
