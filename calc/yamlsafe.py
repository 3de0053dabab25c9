"""Strict YAML reading that remembers line numbers.

PyYAML on its own keeps the last of two duplicate keys without a word and expands anchors and aliases
(which let one edit change figures far from where it was made). Here both are errors, and every mapping
remembers the line of each of its keys so that later validation can point at the exact line.
"""

from __future__ import annotations

from typing import Any

import yaml

from calc.errors import Location, Problem

# libyaml's parser when PyYAML was built with it (about twenty times faster); same events, same marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def load(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Parse ``text`` (from the file shown as ``path``); return the data and any problems found."""
    problems = _anchor_problems(text, path)
    if problems:
        return None, problems
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "the file is not valid YAML"
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            reason += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        return None, [Problem(Location(path, line), f"YAML syntax error: {reason}",
                              "Check the indentation, colons and quotes on this line and the one before it")]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks every error it raises on text
        return None, [Problem(Location(path), f"YAML error: {exc}", "Fix the file so that it is valid YAML")]
    if node is None:
        return LocatedDict(path, 1), []
    converter = _Converter(path)
    data = converter.convert(node)
    return data, converter.problems


def _anchor_problems(text: str, path: str) -> list[Problem]:
    problems: list[Problem] = []
    if "&" not in text and "*" not in text:
        return problems  # no anchor or alias can be written without one of them: no second parse needed
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
                problems.append(Problem(
                    Location(path, event.start_mark.line + 1),
                    f"YAML anchors and aliases are not allowed (found '{sign}{event.anchor}')",
                    "Write the value out in full where it is used, so each figure is edited in one visible place"))
    except yaml.YAMLError:
        return []  # reported with its line by compose()
    return problems


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
        return self._scalars.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode) -> LocatedDict:
        result = LocatedDict(self.path, node.start_mark.line + 1)
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(Location(self.path, line), "a key must be a plain name",
                                             "Write the key as a single word such as 'value' or 'source'"))
                continue
            key = self._scalars.construct_object(key_node)
            if key in result.key_lines:
                self.problems.append(Problem(
                    Location(self.path, line),
                    f"duplicate key '{key}' (first given on line {result.key_lines[key]})",
                    "Keep one of the two; YAML would silently use the last"))
                continue
            result.key_lines[key] = line
            result[key] = self.convert(value_node)
        return result
