"""Problems found in the project's inputs, reported all at once with file, line and what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CODE_ROOT = Path(__file__).resolve().parent.parent  # derivations are located relative to the repository
MAX_EXCERPT = 1_000  # characters of an offending line shown under its message (a line of megabytes is cut short)


@dataclass(frozen=True, order=True)
class Location:
    """Where something is defined: a path as shown to people (relative to the project) and a 1-based line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Problem:
    """One thing wrong, in one place, with what to do about it.

    ``excerpt`` is the offending line as it stands in the file; it is filled in from the file when the
    problem is reported, so callers only need a location.
    """

    location: Location
    message: str
    fix: str
    warning: bool = False
    excerpt: str | None = None

    def __str__(self) -> str:
        head = f"{self.location}: {'warning: ' if self.warning else ''}{self.message}. {self.fix}"
        if self.excerpt is None or self.location.line is None:
            return head
        return f"{head}\n    {self.location.line} | {self.excerpt}"


@dataclass
class Problems:
    """Collects problems so that one run reports every one of them, not just the first."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, location: Location, message: str, fix: str, *, warning: bool = False) -> None:
        self.items.append(Problem(location, message, fix, warning, self._excerpt(location)))

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem.location, problem.message, problem.fix, warning=problem.warning)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def _excerpt(self, location: Location) -> str | None:
        """The offending line, from the project (data, templates) or else from the code (derivations)."""
        if location.line is None:
            return None
        for base in (self.root, CODE_ROOT):
            try:
                lines = (base / location.path).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            if not 0 < location.line <= len(lines):
                return None
            line = lines[location.line - 1].rstrip()
            return line if len(line) <= MAX_EXCERPT else f"{line[:MAX_EXCERPT]} … ({len(line):,} characters)"
        return None


class CalcError(Exception):
    """Raised when a command cannot go on; carries every problem found so far."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
