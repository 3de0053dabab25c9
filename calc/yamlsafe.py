"""Strict YAML reading that remembers line numbers.

PyYAML on its own keeps the last of two duplicate keys without a word and expands anchors and aliases
(which let one edit change figures far from where it was made). Here both are errors, and every mapping
remembers the line of each of its keys so that later validation can point at the exact line.

Whatever the bytes, reading gives data or problems, never an exception: bytes that are not UTF-8, characters
YAML does not allow, tags (``!!python/name:…``, ``!include``), merge keys (``<<``), nesting deep enough to
exhaust the stack, and scalars that cannot be built (``2026-02-30``) are each reported once, at their line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from calc.errors import Location, Problem

# libyaml's parser when PyYAML was built with it (about twenty times faster); same events, same marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 20  # the data files nest four levels deep; far more is a mistake (or an attack on the stack)
# What YAML 1.1 allows in a stream (its "printable" set); anything else is reported at its line.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
SYNTAX_FIX = "Check the indentation, colons and quotes on this line and the one before it"


class LocatedDict(dict):
    """A mapping read from YAML: ``line`` is where it starts, ``key_lines[k]`` where key ``k`` stands."""

    def __init__(self, path: str, line: int):
        super().__init__()
        self.path = path
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def location(self, key: Any = None) -> Location:
        return Location(self.path, self.key_lines.get(key, self.line) if key is not None else self.line)


class LocatedList(list):
    """A sequence read from YAML, with the line of each item."""

    def __init__(self, path: str, line: int):
        super().__init__()
        self.path = path
        self.line = line
        self.item_lines: list[int] = []


def read(file: Path, path: str) -> tuple[Any, list[Problem]]:
    """Read and parse the file ``file`` (shown as ``path``): its data and any problems, never an exception."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        return None, [Problem(Location(path), f"cannot read {path}: {exc.strerror or exc}",
                              "Make it a readable YAML file (or restore it from git)")]
    return load_bytes(data, path)


def load_bytes(data: bytes, path: str) -> tuple[Any, list[Problem]]:
    """Decode ``data`` as UTF-8, reporting the line of the first byte that is not, then parse it."""
    text, problem = decode(data, path)
    if problem is not None:
        return None, [problem]
    return load(text, path)


def decode(data: bytes, path: str) -> tuple[str, Problem | None]:
    """``data`` as UTF-8 text, or a problem at the line of the first byte that is not UTF-8 (data or templates)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", Problem(Location(path, line), f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} on "
                           "this line)", "Save the file as UTF-8, or retype the character")


def load(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Parse ``text`` (from the file shown as ``path``); return the data and any problems found."""
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        return None, [Problem(Location(path, text.count("\n", 0, bad.start()) + 1),
                              f"a character YAML does not allow (U+{ord(bad.group()):04X})",
                              "Delete it (or retype the line); it is invisible in most editors")]
    marker = _document_marker(text)
    if marker:
        line, sign = marker
        return None, [Problem(Location(path, line), f"a YAML document marker ('{sign}') in the middle of the file",
                              "Remove it: a data file is one document (YAML would stop reading, or start another, "
                              "here)")]
    problems = _event_problems(text, path) if _may_need_event_pass(text) else []
    if problems:
        return None, problems
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:  # the event pass (if it was skipped) finds where an open quote began
        return None, _event_problems(text, path) or [_syntax_problem(exc, path)]
    except (yaml.YAMLError, RecursionError) as exc:  # pragma: no cover - the event pass reports these first
        return None, [Problem(Location(path), f"YAML error: {exc}", "Fix the file so that it is valid YAML")]
    if node is None:
        return LocatedDict(path, 1), []
    converter = _Converter(path)
    data = converter.convert(node)
    if data is None and not converter.problems:  # "---", "~" or "null": no data, like an empty file
        return LocatedDict(path, 1), []
    return data, converter.problems


def _document_marker(text: str) -> tuple[int, str] | None:
    """The line of a '---' or '...' that is not the file's opening line (nor a '...' with nothing after it)."""
    lines = text.split("\n")
    meaningful = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    for i in meaningful:
        match = re.match(r"(---|\.\.\.)(?:\s|$)", lines[i])
        if match and not (i == meaningful[0] and match.group(1) == "---") and not (
                match.group(1) == "..." and i == meaningful[-1]):
            return i + 1, match.group(1)
    return None


def syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    return _syntax_problem(exc, path)


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    """A syntax error at the line of the fault: an unclosed bracket or quote is reported where it opens, not
    where the parser gave up on it (often the end of the file)."""
    mark = exc.problem_mark or exc.context_mark
    context = exc.context or ""
    opens = exc.context_mark is not None and (context in ("while scanning a quoted scalar",
                                                          "while scanning a simple key") or "flow" in context)
    if opens:
        mark = exc.context_mark
    line = mark.line + 1 if mark else None
    reason = exc.problem or context or "the file is not valid YAML"
    if opens:
        gave_up = f"; the parser gave up on line {exc.problem_mark.line + 1}" if exc.problem_mark else ""
        reason = f"{reason} ({context} that starts on this line{gave_up})"
    elif context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        reason += f" ({context} that starts on line {exc.context_mark.line + 1})"
    return Problem(Location(path, line), f"YAML syntax error: {reason}", SYNTAX_FIX)


def _may_need_event_pass(text: str) -> bool:
    """Whether the file could hold an anchor, an alias, a tag or deep nesting (most data files cannot, and are
    spared a second parse): each needs one of '&*!', a flow bracket, or a line indented that deep."""
    if re.search(r"[&*!\[{]", text):
        return True
    return max((len(m.group()) for m in re.finditer(r"^[ -]*", text, re.M)), default=0) >= MAX_DEPTH - 1


def _event_problems(text: str, path: str) -> list[Problem]:
    """One pass over the parser's events, before anything is built: anchors and aliases, tags, and nesting.

    Each is reported once per file (an alias bomb holds hundreds of aliases; its first anchor is the fault).
    """
    depth = 0
    last = None
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            last = event
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
                return [Problem(Location(path, line),
                                f"YAML anchors and aliases are not allowed (found '{sign}{event.anchor}')",
                                "Write the value out in full where it is used, so each figure is edited in one "
                                "visible place")]
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            if tag and not (implicit is True or (isinstance(implicit, tuple) and implicit[0])):
                return [Problem(Location(path, line), f"YAML tags are not allowed (found '{tag}')",
                                "Remove the tag and write the value as plain text, a number or a date")]
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return [Problem(Location(path, line), f"the data is nested more than {MAX_DEPTH} levels deep",
                                    "Flatten it: entries are a name, then their fields, one level down")]
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if (isinstance(last, yaml.ScalarEvent) and last.style in ("'", '"')
                and last.end_mark.line > last.start_mark.line):  # a quote left open swallows the lines after it
            return [Problem(Location(path, last.start_mark.line + 1), "YAML syntax error: the quoted text that "
                            f"starts on this line runs on to line {last.end_mark.line + 1}",
                            "Close the quote at the end of this line")]
        return [_syntax_problem(exc, path)]
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        return [Problem(Location(path, line), f"YAML error: {getattr(exc, 'reason', exc)}", SYNTAX_FIX)]
    return []


_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
# What PyYAML (YAML 1.1) reads as a number and YAML 1.2 reads otherwise: 0117 (octal: 79), 0b101, 1:30 (base 60).
YAML_1_1_NUMBER = re.compile(r"^[-+]?(?:0[0-9_]+|0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$")
# Underscores in a number group its digits in threes (1_000_000, as the data write large counts); any other
# (4_3, which YAML 1.1 reads as 43 and YAML 1.2 as text) is text, which a field wanting a number reports.
GROUPED_DIGITS = re.compile(r"^[-+]?[0-9]{1,3}(?:_[0-9]{3})+(?:\.[0-9]+)?$")


def _as_yaml_1_2(text: str) -> int | str:
    """What YAML 1.2 reads where PyYAML reads YAML 1.1: 0117 is a hundred and seventeen (not 79); 1:30 and
    0b101 are text (which a field wanting a number then reports, at its line)."""
    return int(text.replace("_", ""), 10) if re.fullmatch(r"[-+]?[0-9]+", text.replace("_", "")) else text


class _Converter:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self._scalars = yaml.SafeLoader("")

    def convert(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            result = LocatedList(self.path, node.start_mark.line + 1)
            for item in node.value:
                result.append(self.convert(item))
                result.item_lines.append(item.start_mark.line + 1)
            return result
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        """The scalar's value; one that cannot be built (a date such as 2026-02-30) stays as its text, so the
        field's own check reports it in its own words ("is not a date")."""
        if node.tag in (_INT_TAG, _FLOAT_TAG) and YAML_1_1_NUMBER.match(str(node.value)):
            return _as_yaml_1_2(str(node.value))
        if node.tag in (_INT_TAG, _FLOAT_TAG) and "_" in str(node.value) and not GROUPED_DIGITS.match(node.value):
            return str(node.value)
        try:
            return self._scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            if node.tag == _TIMESTAMP_TAG and isinstance(node.value, str):
                return node.value
            self.problems.append(Problem(Location(self.path, node.start_mark.line + 1),
                                         f"cannot read the value {str(node.value)[:40]!r}",
                                         "Write it as plain text (in quotes), a number or a date"))
            return None

    def _mapping(self, node: yaml.MappingNode) -> LocatedDict:
        result = LocatedDict(self.path, node.start_mark.line + 1)
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(Location(self.path, line), "a key must be a plain name",
                                             "Write the key as a single word such as 'value' or 'source'"))
                continue
            if key_node.tag == _MERGE_TAG:
                self.problems.append(Problem(Location(self.path, line), "YAML merge keys ('<<') are not allowed",
                                             "Write each field out in full where it is used"))
                continue
            key = self._scalar(key_node)
            if key in result.key_lines:
                self.problems.append(Problem(
                    Location(self.path, line),
                    f"duplicate key '{key}' (first given on line {result.key_lines[key]})",
                    "Keep one of the two; YAML would silently use the last"))
                continue
            result.key_lines[key] = line
            result[key] = self.convert(value_node)
        return result
