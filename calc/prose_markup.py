"""Markup an editor writes in a template's prose: no raw HTML, no attribute a script could hide in, no link
that runs script, and no printed value where it could become any of those.

A template's prose is read as the page will be: its text with every ``{{ … }}`` standing in its place (a
*skeleton*). HTML is found by the standard library's HTML parser, not by a pattern: a tag other than ``<br>``
and the catalogue's JSON ``<script>`` is refused, as is a value printed inside any tag. Markdown's attribute
lists (``{ .class #id key=value }``, attr_list) may set an id, classes and a few harmless keys, never an event
handler or a printed value; a link's target may not name a scheme other than http, https or mailto, and a
value printed where a target's scheme would be must be a page path made by the code (``href``,
``catalogue_page_of``, a page's ``.page``). No image comes from another host, and a literal relative link names
a page of the site (checked against the pages rendered, at the template's line). mkdocs.yml names no script,
stylesheet, font, favicon, logo or emoji from another host, no analytics, no repository widget, no HTML in the
copyright, no nav link that runs script and no hook but the project's own (the site works offline, and mkdocs.yml
is an editor's input like any other).
"""

from __future__ import annotations

import bisect
import posixpath
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import yaml
from jinja2 import nodes

from calc.errors import Location, Problem

VALUE = "\x00"  # a printed value in the skeleton
PATH = "\x01"  # a printed page path made by the code
NAME = "\x02"  # a printed identifier checked by the code (| name, an anchor, a tier's number, a catalogue key)
NAME_ATTRIBUTES = frozenset({"anchor", "shown", "key", "id"})  # code-made identifiers on the views templates see
ALLOWED_TAGS = {"br": frozenset()}
JSON_SCRIPT = {"type": "application/json"}
ATTRIBUTE_KEYS = frozenset({"loading", "width", "height", "title", "lang", "align"})  # and data-…
ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*([#.\x00\x01\x02][^}\n]*|[A-Za-z_][\w-]*=[^}\n]*)\}")
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S*)", re.M)
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
SCHEME_CHARS = re.compile(r"[A-Za-z0-9+.-]*")
SAFE_SCHEMES = ("http", "https", "mailto")
CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
FIX_HTML = "Write Markdown instead: templates may use <br> as their only HTML"


@dataclass
class Skeleton:
    """The prose with a marker for each printed value, and where each piece came from."""

    text: str
    starts: list[int]  # offset of each piece in text
    lines: list[int]  # the template line each piece starts on

    def line(self, offset: int) -> int:
        piece = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[piece] + self.text.count("\n", self.starts[piece], offset)


def _is_name(node: nodes.Node) -> bool:
    """An expression the code guarantees is an identifier (so it may give an id or an attribute's value)."""
    if isinstance(node, nodes.Filter):
        return node.name == "name"
    return isinstance(node, nodes.Getattr) and node.attr in NAME_ATTRIBUTES


def _is_path(node: nodes.Node) -> bool:
    """An expression the code guarantees is a page path (so it may open a link's target)."""
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
        return node.node.name == "href"
    if isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name):
        return node.node.name == "catalogue_page_of"
    return isinstance(node, nodes.Getattr) and node.attr == "page"


def skeleton(tree: nodes.Template) -> Skeleton:
    text, starts, lines = [], [], []
    offset = 0

    def add(piece: str, line: int) -> None:
        nonlocal offset
        text.append(piece)
        starts.append(offset)
        lines.append(line)
        offset += len(piece)

    def walk(node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    add(child.data, child.lineno)
                else:
                    add(PATH if _is_path(child) else NAME if _is_name(child) else VALUE, child.lineno)
            return
        for child in node.iter_child_nodes():
            walk(child)

    walk(tree)
    if not starts:
        add("", 1)
    return Skeleton("".join(text), starts, lines)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[tuple[int, int], str, list[tuple[str, str | None]], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((self.getpos(), tag, attrs, self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _blank_code(text: str) -> str:
    return CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _offset(text: str, position: tuple[int, int]) -> int:
    line, column = position
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column


def _shown(text: str) -> str:
    shown = text.replace(VALUE, "{{ … }}").replace(PATH, "{{ … }}").replace(NAME, "{{ … }}").strip()
    return shown if len(shown) <= 60 else shown[:57] + "…"


def problems(tree: nodes.Template, shown: str) -> Iterator[Problem]:
    """Every refused piece of markup in a template's prose, at its line."""
    prose = skeleton(tree)
    text = _blank_code(prose.text)
    yield from _html(text, prose, shown)
    yield from _attribute_lists(text, prose, shown)
    yield from _links(text, prose, shown)
    yield from _link_titles(text, prose, shown)


def _html(text: str, prose: Skeleton, shown: str) -> Iterator[Problem]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    for position, tag, attrs, source in parser.found:
        if ":" in tag or "@" in tag:
            continue  # an autolink (<https://…>) is Markdown, not HTML
        where = Location(shown, prose.line(_offset(text, position)))
        if VALUE in source or PATH in source or NAME in source:
            yield Problem(where, f"a value printed inside an HTML tag ('{_shown(source)}')",
                          "Print values in the text, never inside a tag; " + FIX_HTML[0].lower() + FIX_HTML[1:])
        elif tag == "script" and dict(attrs).get("type") == JSON_SCRIPT["type"] and set(dict(attrs)) <= {"type", "id"}:
            continue  # data for the page's own script (the catalogue's map of pages): never run
        elif tag not in ALLOWED_TAGS or attrs:
            yield Problem(where, f"raw HTML in template prose ('{_shown(source)}')", FIX_HTML)


def _attribute_lists(text: str, prose: Skeleton, shown: str) -> Iterator[Problem]:
    for match in ATTRIBUTE_LIST.finditer(text):
        where = Location(shown, prose.line(match.start()))
        if VALUE in match.group(0) or PATH in match.group(0):
            yield Problem(where, f"a value printed inside an attribute list ('{_shown(match.group(0))}')",
                          "An attribute list may hold only literal ids, classes and keys; print the value in the text")
            continue
        for key in re.findall(r"([^\s=#.'\"][^\s=]*)=", match.group(1)):
            if key.lower() not in ATTRIBUTE_KEYS and not key.lower().startswith("data-"):
                yield Problem(where, f"an attribute list setting '{key}' ('{_shown(match.group(0))}')",
                              "An attribute list may set an id, classes and " + ", ".join(sorted(ATTRIBUTE_KEYS)))
                break


def _as_a_browser_reads(target: str) -> str:
    """A link's target as a browser takes it: character references decoded (``javascript&#58;`` is
    ``javascript:``), tabs and line breaks dropped and leading spaces and control characters stripped (the URL
    standard ignores them), so no spelling hides a scheme."""
    decoded = html.unescape(target)
    return re.sub(r"[\t\n\r]", "", decoded).lstrip("".join(map(chr, range(3, 0x21))))  # not the markers (VALUE, PATH, NAME)


def _image_labels(text: str) -> set[str]:
    """The reference labels images use (``![alt][label]``, ``![label][]``, ``![label]``), lower-cased."""
    labels = set()
    for match in IMAGE_REFERENCE.finditer(text):
        labels.add((match.group(2) or match.group(1)).strip().lower())
    return labels


def _links(text: str, prose: Skeleton, shown: str) -> Iterator[Problem]:
    image_labels = _image_labels(text)
    for match in LINK_TARGET.finditer(text):
        written = match.group(1) if match.group(1) is not None else match.group(2)
        target = _as_a_browser_reads(written)
        start = match.start(1) if match.group(1) is not None else match.start(2)
        where = Location(shown, prose.line(start))
        if REMOTE.match(target) and _is_image(text, match, image_labels):
            yield Problem(where, f"an image from another host ('{_shown(written)}')", FIX_IMAGE)
            continue
        scheme = SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            yield Problem(where, f"a link to '{scheme.group(0)}' ('{_shown(written)}')",
                          "Link to a page of the site or to an http or https address")
            continue
        lead = SCHEME_CHARS.match(target).group(0)  # where a scheme could still be made up
        rest = target[len(lead):]
        if rest.startswith(VALUE):
            yield Problem(where, f"a value printed where a link's address begins ('{_shown(written)}')",
                          "Open a link's target with a page path from the code (href(…), catalogue_page_of[…]) or "
                          "with literal text")


IMAGE_REFERENCE = re.compile(r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?(?!\()")
FIX_IMAGE = ("The site works offline and loads nothing from other hosts: draw the image as a chart, or keep the file "
             "in docs/ and name its path")


def _is_image(text: str, match: re.Match[str], image_labels: set[str]) -> bool:
    """Whether the link target ``match`` found is an image's: ``![alt](target)``, or a reference definition an
    image uses."""
    if match.group(1) is not None:
        opening = text.rfind("[", 0, match.start())
        return opening > 0 and text[opening - 1] == "!"
    label = re.match(r"[ ]{0,3}\[([^\]\n]+)\]", match.group(0))
    return bool(label) and label.group(1).strip().lower() in image_labels


LINK_TITLE_OPENS = re.compile(r"(?:\]\(\s*<?[^)\s>]*>?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?\S*?>?)[ \t]+([\"'(])", re.M)
MARKERS = (VALUE, PATH, NAME)


def _link_titles(text: str, prose: Skeleton, shown: str) -> Iterator[Problem]:
    """A value printed inside a link's title (``[text](url "title")``, or a reference's): a figure prints as a
    link with a title of its own, and its quotes would end the title early, so no value is printed there."""
    for match in LINK_TITLE_OPENS.finditer(text):
        delimiter = match.group(1)
        closing = ")" if delimiter == "(" else delimiter
        end = text.find(closing, match.end())
        line_end = text.find("\n", match.end())
        stop = min(i for i in (end, line_end, len(text)) if i >= 0)
        title = text[match.end():stop]
        if any(marker in title for marker in MARKERS):
            yield Problem(Location(shown, prose.line(match.start(1))),
                          f"a value printed inside a link's title ('{_shown(delimiter + title + closing)}')",
                          "A link's title may hold only literal text; print the value in the sentence")


def nav_title_problems(root: Path, titles: dict[str, str]) -> list[Problem]:
    """Navigation titles (mkdocs.yml) holding '<', '>' or '&': the theme puts them into every page's HTML as they
    stand (and strips tags from the page's <title> after decoding entities, so escaping cannot help)."""
    found = []
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8", errors="replace").splitlines()
    for page, title in titles.items():
        if any(c in title for c in "<>&"):
            line = next((i + 1 for i, text in enumerate(lines) if title in text and page in text), None)
            found.append(Problem(Location("mkdocs.yml", line), f"a navigation title holding HTML ('{title}')",
                                 "Write the title as plain text, without '<', '>' or '&'"))
    return found


REMOTE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.-]*:)?//")  # https://…, http://…, //host/… (protocol-relative)
FIX_OFFLINE = "The site works offline and loads nothing from other hosts: keep the file in docs/ and name its path"


def offline_problems(root: Path) -> list[Problem]:
    """mkdocs.yml settings that would make the built site load from another host: a script or stylesheet named by
    address (extra_javascript, extra_css), or the theme's web fonts (theme.font anything but false; left out,
    Material loads Google Fonts)."""
    try:
        document = yaml.compose((root / "mkdocs.yml").read_text(encoding="utf-8", errors="replace"),
                                Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return []  # reported where the nav is read
    if not isinstance(document, yaml.MappingNode):
        return []
    found = []
    settings = {key.value: value for key, value in document.value if isinstance(key, yaml.ScalarNode)}
    for setting in ("extra_javascript", "extra_css"):
        items = settings.get(setting)
        for item in items.value if isinstance(items, yaml.SequenceNode) else []:
            if isinstance(item, yaml.MappingNode):  # {path: …, type: module}
                item = next((v for k, v in item.value if getattr(k, "value", None) == "path"), item)
            if isinstance(item, yaml.ScalarNode) and REMOTE.match(item.value):
                found.append(Problem(Location("mkdocs.yml", item.start_mark.line + 1),
                                     f"{setting} names a file on another host ('{item.value}')", FIX_OFFLINE))
    found.extend(_loading_settings(document))
    theme = settings.get("theme")
    if isinstance(theme, yaml.MappingNode):
        font = next(((k, v) for k, v in theme.value if getattr(k, "value", None) == "font"), None)
        if font is None:
            theme_line = next(k.start_mark.line + 1 for k, v in document.value if v is theme)
            found.append(Problem(Location("mkdocs.yml", theme_line), "the theme has no 'font: false', so "
                                 "Material loads Google Fonts from another host", "Add 'font: false' under theme"))
        elif not (isinstance(font[1], yaml.ScalarNode) and font[1].value.lower() == "false"):
            found.append(Problem(Location("mkdocs.yml", font[0].start_mark.line + 1), "theme.font is not false, so "
                                 "Material loads Google Fonts from another host", "Set it to false: 'font: false'"))
    return found


JINJA_PIECE = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
FIX_PAGE_LINK = "Link to a page of the site by its path from this page (e.g. tiers.md, or ../tiers.md from the catalogue)"


def page_link_problems(root: Path, pages: dict[str, set[str]]) -> list[Problem]:
    """Literal relative links in templates' prose that name no page of the site: a template's page folders
    (``pages``: template path → the pages within docs/ it renders) give the folders each link starts from, and
    the site's pages are the pages rendered and the files in docs/ and the charts."""
    known = {page for folders in pages.values() for page in folders}
    site = set(known)
    site.update(path.relative_to(root / "docs").as_posix() for path in (root / "docs").rglob("*") if path.is_file())
    site.update(f"charts/{path.name}" for path in (root / "figures" / "charts").glob("*.svg"))
    found = []
    for template, rendered in sorted(pages.items()):
        try:
            source = (root / template).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the lint
        text = _blank_code(JINJA_PIECE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source))
        folders = {posixpath.dirname(page) for page in rendered}
        for match in LINK_TARGET.finditer(text):
            written = match.group(1) if match.group(1) is not None else match.group(2)
            target = _as_a_browser_reads(written).split("#", 1)[0].split("?", 1)[0]
            if not target.strip() or SCHEME.match(target) or REMOTE.match(target):
                continue  # an anchor on this page, or an address (checked by _links)
            start = match.start(1) if match.group(1) is not None else match.start(2)
            end = match.end(1) if match.group(1) is not None else match.end(2)
            if source[end:end + 2] in ("{{", "{%"):
                continue  # the rest of the target is printed by the code (a page path: _links sees to that)
            line = text.count("\n", 0, start) + 1
            if target.startswith("/"):
                found.append(Problem(Location(template, line), f"a link to an absolute path ('{written}')",
                                     FIX_PAGE_LINK))
                continue
            for folder in sorted(folders):
                resolved = posixpath.normpath(posixpath.join(folder, target))
                if resolved.startswith("../") or resolved == ".." or resolved not in site:
                    found.append(Problem(Location(template, line), f"a link to '{written}', which is no page of "
                                         "the site", FIX_PAGE_LINK))
                    break
    return found


OWN_HOOKS = ("hooks.py",)  # the project's own: the live preview's (the built site needs no hook)
INLINE_EMOJI = ("material.extensions.emoji.to_svg", "pymdownx.emoji.to_alt")  # emoji drawn into the page, not fetched


def _entries(node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """A mapping node's entries by key: key → (key node, value node)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _at(node: yaml.Node) -> Location:
    return Location("mkdocs.yml", node.start_mark.line + 1)


def _loading_settings(document: yaml.MappingNode) -> Iterator[Problem]:
    """Settings that make the built site load or run what the project does not hold, or run code at build time:
    analytics, a repository widget (Material asks GitHub's API from the browser), HTML in the copyright, a nav
    link that runs script, a favicon or logo from another host, emoji from a CDN, a hook not the project's."""
    entries = _entries(document)
    settings = {key: value for key, (_, value) in entries.items()}
    extra = _entries(settings.get("extra"))
    if "analytics" in extra:
        yield Problem(_at(extra["analytics"][0]), "extra.analytics sends every visit to another host",
                      "Remove it: the site works offline and loads nothing from other hosts")
    for key in ("repo_url", "repo_name", "edit_uri"):
        if key in entries:
            yield Problem(_at(entries[key][0]), f"{key} makes the theme fetch the repository's facts from another host in the "
                          "reader's browser", f"Remove {key}; link the repository from a page's prose instead")
    copyright_node = settings.get("copyright")
    if isinstance(copyright_node, yaml.ScalarNode) and re.search(r"[<>&]", copyright_node.value):
        yield Problem(_at(copyright_node), f"raw HTML in the copyright ('{copyright_node.value[:60]}')",
                      "Write the copyright as plain text, without '<', '>' or '&'")
    yield from _nav_links(settings.get("nav"))
    theme = _entries(settings.get("theme"))
    for key in ("favicon", "logo"):
        value = theme.get(key, (None, None))[1]
        if isinstance(value, yaml.ScalarNode) and (REMOTE.match(value.value) or SCHEME.match(value.value.strip())):
            yield Problem(_at(value), f"theme.{key} names a file on another host ('{value.value}')", FIX_OFFLINE)
    yield from _emoji(settings.get("markdown_extensions"))
    hooks = settings.get("hooks")
    for hook in hooks.value if isinstance(hooks, yaml.SequenceNode) else ([hooks] if hooks else []):
        if not (isinstance(hook, yaml.ScalarNode) and hook.value in OWN_HOOKS):
            shown = hook.value if isinstance(hook, yaml.ScalarNode) else "…"
            yield Problem(_at(hook), f"a hook other than the project's own ('{shown}'): it would run its code on "
                          "every build", "Remove it: the built site needs no hook, and hooks.py is the live preview's")


def _nav_links(nav: yaml.Node | None) -> Iterator[Problem]:
    """Nav entries whose target names a scheme other than http or https (javascript:, data:, …)."""
    stack = [nav] if nav is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for _, v in node.value)
        elif isinstance(node, yaml.ScalarNode):
            target = _as_a_browser_reads(node.value)
            scheme = SCHEME.match(target)
            if scheme and scheme.group(1).lower() not in ("http", "https"):
                yield Problem(_at(node), f"a nav entry linking to '{scheme.group(0)}' ('{node.value[:60]}')",
                              "Name a page of the site (e.g. tiers.md) or an http or https address")


def _emoji(extensions: yaml.Node | None) -> Iterator[Problem]:
    """pymdownx.emoji unless its generator draws the emoji into the page: its default fetches each one from a CDN."""
    for item in extensions.value if isinstance(extensions, yaml.SequenceNode) else []:
        name, options = item, None
        if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
            name, options = item.value[0]
        if not (isinstance(name, yaml.ScalarNode) and name.value == "pymdownx.emoji"):
            continue
        generator = _entries(options).get("emoji_generator", (None, None))[1]
        written = f"{generator.tag} {generator.value}" if isinstance(generator, yaml.ScalarNode) else ""
        if not any(inline in written for inline in INLINE_EMOJI):
            yield Problem(_at(name), "pymdownx.emoji fetches each emoji from a CDN on another host",
                          "Give it 'emoji_generator: !!python/name:material.extensions.emoji.to_svg' with 'emoji_index: "
                          "!!python/name:material.extensions.emoji.twemoji' (drawn into the page), or remove it")
