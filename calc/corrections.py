"""The corrections log: every published figure whose value or tier changed in a commit to data/, from git.

Nothing here is typed by hand. For each of the last ``HISTORY_DEPTH`` commits that touched data/ (merges left
out: the commits they bring are listed themselves), the data of the commit and of its first parent are read
from git into memory, every quantity is computed by the engine (today's code, so a change of formatting never
shows as a correction), and the figures as the site formats them are compared, with their tiers. The sentences
a change touched come from the pages committed with it (docs/ at the commit and at its parent), so the log
quotes what readers actually saw.

Computing a commit costs a run of the engine (a few tenths of a second), so each commit's result is cached
in ``.calc-cache/corrections/`` (ignored by git), keyed by the commit and a hash of the code; a warm log builds in
milliseconds.

The log covers commits up to HEAD. A page rendered before a commit cannot name that commit, so check accepts
the log as it stood just before the newest data commit as well (``without_newest``). A clone whose history is
shallow, or a copy without git, cannot recompute the log: a committed page is then kept as it is (check warns
that it could not verify it), and without one the page says why it is empty.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

import nh3

from calc import engine, fmt, githistory, schema, schema_entries, yamlsafe
from calc.cache import code_key
from calc.githistory import HISTORY_DEPTH
from calc.sentences import sentences
from calc.usage import FIGURE_LINK


CACHE_DIR = Path(".calc-cache") / "corrections"  # within the project (not .cache/: `zensical build -c` empties
# that folder), unless CACHE_ENV names another folder
CACHE_ENV = "CALC_CORRECTIONS_CACHE"  # a commit's id fixes its data and pages, so clones may share one cache
CACHE_FORMAT = 2  # 2: a correction's note
PAGE = "corrections.md"
HISTORY_ANCHOR = re.compile(r"\{: #history-([a-z][a-z0-9_]*) \}")
ARTICLE_EXCLUDED = ("figures", "sources", "tiers", "corrections")  # generated listings: not prose
PAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.md")
MARK = re.compile("\x00([a-z][a-z0-9_]*)\x01([^\x02]*)\x02")


@dataclass(frozen=True)
class Change:
    """One figure's change in one commit, as the site shows it (value text and tier)."""

    name: str
    old: str
    new: str
    old_tier: int | None
    new_tier: int | None

    @property
    def tier_changed(self) -> bool:
        return self.old_tier != self.new_tier


@dataclass(frozen=True)
class Sentence:
    page: str  # e.g. opus-5-claim.md
    old: str
    new: str


@dataclass(frozen=True)
class Correction:
    """A commit that changed at least one published figure."""

    commit: str
    date: str  # the author date, YYYY-MM-DD (kept by amend and rebase)
    subject: str
    body: str
    changes: tuple[Change, ...]
    sentences: tuple[Sentence, ...]
    number: int = 0  # position from the oldest listed, for a stable anchor
    note: str = ""  # when it could not be compared with its parent: with what it was compared instead

    @property
    def anchor(self) -> str:
        return f"correction-{self.number}"


@dataclass
class Log:
    """What the corrections page shows."""

    corrections: list[Correction] = field(default_factory=list)  # newest first
    note: str | None = None  # why the log is empty or incomplete
    newest: str = ""  # the newest commit that touched data/ (a correction or not)
    computed: bool = True  # False: no usable history; the committed page (if any) stands
    truncated: bool = False  # more data commits exist than HISTORY_DEPTH

    @property
    def depth(self) -> int:
        return HISTORY_DEPTH

    @property
    def figures(self) -> dict[str, list[tuple[Correction, Change]]]:
        """Each figure's own history, newest first, in the order figures first appear on the page."""
        found: dict[str, list[tuple[Correction, Change]]] = {}
        for correction in self.corrections:
            for change in correction.changes:
                found.setdefault(change.name, []).append((correction, change))
        return found

    def without_newest(self) -> "Log":
        """The log as it stood before the newest data commit was made (the page committed with it)."""
        if self.corrections and self.corrections[0].commit == self.newest:
            return replace(self, corrections=self.corrections[1:])
        return self


# --- figures at a commit ------------------------------------------------------------------------------------------

def code_digest() -> str:
    """The engine's code, packages and Python: cached results hold only while what computed them is unchanged."""
    return hashlib.sha256(f"{CACHE_FORMAT} {code_key()}".encode()).hexdigest()[:16]


def figures_from(root: Path, texts: dict[str, str]) -> dict[str, tuple[str, int | None]] | None:
    """name → (figure as shown, tier) for data read from ``texts`` (path → YAML), by today's engine; None if the
    data do not load: a file that is not YAML (a syntax error committed), or data that break the engine.

    Entries an old commit holds that today's engine cannot read give no figure (they cannot be compared).
    """
    dataset = schema.DataSet()
    found: list = []
    for path in sorted(texts):
        if not path.endswith(".yaml"):
            continue
        data, problems = yamlsafe.load(texts[path], path)
        found.extend(problems)
        if data is None:
            return None  # its every figure would be missing, and a change to it could not be shown
        engine.SPECIAL_FILES.get(Path(path).name, schema_entries.read_entries)(data, path, dataset, found)
    try:
        project = engine.load(root, dataset=dataset)
    except Exception:  # noqa: BLE001 — an old commit's data may break today's engine in ways not foreseen
        return None
    return {name: (fmt.value_text(q), q.tier) for name, q in project.quantities.items()} or None


def _sentences(page: str) -> list[tuple[str, frozenset[str]]]:
    """A page's sentences as shown, each with the figures it shows."""
    marked = FIGURE_LINK.sub(lambda m: f"\x00{m.group(2)}\x01{m.group(1)}\x02", page)
    return [(MARK.sub(r"\2", s), frozenset(n for n, _ in MARK.findall(s))) for s in sentences(marked)]


def changed_sentences(old_pages: dict[str, str], new_pages: dict[str, str],
                      changes: dict[str, tuple[str, str]]) -> list[Sentence]:
    """Sentences that read differently and show a changed figure, page by page.

    ``changes``: name → (old text, new text). A sentence shows a figure when it links to it, or (alt text,
    which holds no links) when it read the old text before and reads the new text after.
    """
    found = []
    for page in sorted(set(old_pages) | set(new_pages)):
        before, after = _sentences(old_pages.get(page, "")), _sentences(new_pages.get(page, ""))
        matcher = difflib.SequenceMatcher(a=[t for t, _ in before], b=[t for t, _ in after], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            olds, news = before[i1:i2], after[j1:j2]
            for k in range(max(len(olds), len(news))):
                old = olds[k] if k < len(olds) else ("", frozenset())
                new = news[k] if k < len(news) else ("", frozenset())
                if (old[1] | new[1]) & set(changes) or any(
                        shown_old in old[0] and shown_new in new[0] for shown_old, shown_new in changes.values()):
                    found.append(Sentence(page, old[0], new[0]))
    return found


class _Reader:
    """Reads commits' data and pages from git, computing each distinct data/ once."""

    def __init__(self, root: Path):
        self.root = root
        self._figures: dict[str, dict[str, tuple[str, int | None]] | None] = {}

    def _files(self, commit: str, folder: str, keep) -> dict[str, str]:
        tree = {path: blob for path, blob in githistory.tree(self.root, commit, folder).items() if keep(path)}
        contents = githistory.blobs(self.root, sorted(set(tree.values())))
        return {path: contents[blob].decode("utf-8", "replace") for path, blob in tree.items()}

    def figures(self, commit: str) -> dict[str, tuple[str, int | None]] | None:
        tree = {p: b for p, b in githistory.tree(self.root, commit, "data").items() if p.endswith(".yaml")}
        key = json.dumps(sorted(tree.items()))
        if key not in self._figures:
            texts = self._files(commit, "data", lambda p: p.endswith(".yaml"))
            self._figures[key] = figures_from(self.root, texts)
        return self._figures[key]

    def pages(self, commit: str) -> dict[str, str]:
        def article(path: str) -> bool:
            return path.endswith(".md") and Path(path).stem not in ARTICLE_EXCLUDED
        return {Path(p).name: text for p, text in self._files(commit, "docs", article).items()
                if PAGE_NAME.fullmatch(Path(p).name)}  # a page's name opens a link on the log: a plain path

    def correction(self, commit: str, parent: str, date: str, message: str,
                   older: Sequence[tuple[str, str]] = ()) -> Correction:
        """What ``commit`` changed. When its parent's data do not load, it is compared with the nearest of the
        ``older`` data commits (commit, date; newest first) whose data do, and says so; when its own data do not
        load, nothing it changed can be shown (the next commit that loads is compared past it)."""
        subject, _, body = message.partition("\n")
        new = self.figures(commit)
        if new is None:
            return Correction(commit, date, subject.strip(), body.strip(), (), ())
        compared, old, note = parent, self.figures(parent), ""
        if old is None:
            compared, when = next(((c, d) for c, d in older if self.figures(c) is not None), ("", ""))
            old = self.figures(compared) if compared else {}
            note = (f"The data before this commit do not load: compared with the nearest older commit whose data do "
                    f"({when})" if compared else "The data before this commit do not load, nor do any older: what "
                    "it changed cannot be shown")
        assert old is not None
        changes = tuple(Change(name, old[name][0], new[name][0], old[name][1], new[name][1])
                        for name in new if name in old and old[name] != new[name])
        sentences: tuple[Sentence, ...] = ()
        if changes:
            shown = {c.name: (c.old, c.new) for c in changes}
            sentences = tuple(changed_sentences(self.pages(compared), self.pages(commit), shown))
        return Correction(commit, date, subject.strip(), body.strip(), changes, sentences, note=note)


# --- the cache ------------------------------------------------------------------------------------------------

def _cache(root: Path) -> Path:
    return Path(os.environ[CACHE_ENV]) if os.environ.get(CACHE_ENV) else root / CACHE_DIR


def _cached(root: Path, digest: str, commit: str) -> Correction | None:
    try:
        data = json.loads((_cache(root) / digest / f"{commit}.json").read_text(encoding="utf-8"))
        return Correction(data["commit"], data["date"], data["subject"], data["body"],
                          tuple(Change(*c) for c in data["changes"]), tuple(Sentence(*s) for s in data["sentences"]),
                          note=data["note"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(root: Path, digest: str, correction: Correction) -> None:
    folder = _cache(root) / digest
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = {"commit": correction.commit, "date": correction.date, "subject": correction.subject,
                "body": correction.body, "changes": [list(vars(c).values()) for c in correction.changes],
                "sentences": [list(vars(s).values()) for s in correction.sentences], "note": correction.note}
        temporary = folder / f".{correction.commit}.tmp"
        temporary.write_text(json.dumps(data), encoding="utf-8")
        temporary.replace(folder / f"{correction.commit}.json")
    except OSError:
        pass  # a read-only checkout still gets its log, only not cached


# --- the log --------------------------------------------------------------------------------------------------

def read(root: Path) -> Log:
    """The corrections log from git history, or a Log with a note saying why there is none."""
    try:
        commits = githistory.data_commits(root, githistory.heads(root))
    except githistory.NoHistory as exc:
        return Log(note=str(exc), computed=False)
    truncated = len(commits) > HISTORY_DEPTH
    commits = commits[:HISTORY_DEPTH]
    digest = code_digest()
    reader = _Reader(root)
    corrections = []
    for index, (commit, parent, date, message) in enumerate(commits):
        correction = _cached(root, digest, commit)
        if correction is None:
            if not parent:
                continue  # the commit that created data/: nothing was corrected
            try:
                correction = reader.correction(commit, parent, date, message,
                                               [(c[0], c[2]) for c in commits[index + 1:]])
            except githistory.NoHistory:
                continue
            _store(root, digest, correction)
        if correction.changes or correction.note:
            corrections.append(correction)
    count = len(corrections)
    corrections = [replace(c, number=count - i) for i, c in enumerate(corrections)]
    return Log(corrections, None, commits[0][0] if commits else "", True, truncated)


def figures_on_page(text: str) -> set[str]:
    """The figures a rendered corrections page gives a history of (read back from a committed page)."""
    return set(HISTORY_ANCHOR.findall(text))


def shown_sentence(text: str) -> str:
    """A sentence read from a page in git history, as Markdown that shows its words and nothing more: every HTML
    tag taken out by an HTML sanitiser (nh3), and brackets and braces escaped, so that no link, image or
    attribute list a hand edit put there comes back to life on the corrections page."""
    cleaned = nh3.clean(text, tags=set())
    return " ".join(re.sub(r"(?<!\\)([\[\]{}])", r"\\\1", cleaned).split())


def escape(text: str) -> str:
    """A commit message as plain text in Markdown: no markup, no HTML, one paragraph."""
    text = re.sub(r"([\\`*_\[\]#{}])", r"\\\1", text).replace("<", "&lt;")
    return " ".join(text.split())
