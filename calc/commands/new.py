"""``python -m calc new NAME "Title"``: start an article — its template, its place in the nav, its rendered page.

The template opens with the comment naming its context, like every template. Nothing is left half done: the
new page is checked before anything is rendered, and if it does not pass, the template and the nav entry are
taken back out and docs/ is not touched.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from calc.commands.check import report
from calc.commands.render import render

TEMPLATE_SUFFIX = ".md.j2"  # as calc.render names templates; that module (and the engine) is imported when run

NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
NAV_ENTRY = re.compile(r"^\s+- .*?:\s*(\S+\.md)\s*$")
NAV_SECTION = re.compile(r"^\s+- Figures:\s*$")  # the Figures catalogue: a section of generated pages
TEMPLATE = """{{# context: q (quantities), claims, cite, quote, reference, tier_link, model, chart. The article
   {title}. #}}
# {heading}
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the page's file name: lower-case words joined by hyphens")
    parser.add_argument("title", metavar="TITLE", help="the article's title, for its heading and the nav")


def run(args: argparse.Namespace) -> int:
    from calc import site  # lazy: start-up time, the CLI imports every verb to build its parser
    root: Path = args.root
    refusal = refuse(root, args.name, args.title)
    if refusal:
        print(f"new: {refusal}", file=sys.stderr)
        return 1
    template = root / "templates" / f"{args.name}{TEMPLATE_SUFFIX}"
    config = root / "mkdocs.yml"
    original_config = config.read_text(encoding="utf-8")
    from calc.markup import escape_text  # lazy: start-up time, it loads the engine (--help lists every verb)
    # The title lands in Markdown (the heading: escaped as data text is) and in the nav, which the theme puts
    # into every page's HTML as it stands (so no '<', '>' or '&' is accepted: see refuse).
    template.write_text(TEMPLATE.format(title=json.dumps(args.title, ensure_ascii=False),
                                        heading=escape_text(args.title)), encoding="utf-8")
    config.write_text(with_nav_entry(original_config, args.title, f"{args.name}.md"), encoding="utf-8")
    try:
        produced = site.produce(root, draw=False)  # in memory: nothing is written unless the new page passes
        errors = produced.errors
        failed = bool(errors) or render(root, quiet=True) != 0
    except BaseException:  # mkdocs.yml that does not parse, a write that cannot be done, Ctrl-C: take it back
        template.unlink()
        config.write_text(original_config, encoding="utf-8")
        raise
    if failed:
        template.unlink()
        config.write_text(original_config, encoding="utf-8")
        report(errors)
        print("new: the new page does not pass check (above); nothing was kept", file=sys.stderr)
        return 1
    print(f"new: wrote templates/{template.name}, added '{args.title}' to the nav in mkdocs.yml and rendered "
          f"docs/{args.name}.md; write the article in the template, then run `make site`")
    return 0


def refuse(root: Path, name: str, title: str) -> str | None:
    """Why a new page cannot be made with this name and title, or None."""
    if not NAME.fullmatch(name):
        return (f"'{name}' is not a page name: use lower-case letters, digits and single hyphens, starting with a "
                "letter (for example opus-5-pricing)")
    for taken in (f"templates/{name}{TEMPLATE_SUFFIX}", f"docs/{name}.md"):
        if (root / taken).exists():
            return f"{taken} already exists: choose another name, or edit that page's template"
    if not title.strip() or any(c in title for c in "\n{}<>&"):
        return ("the title must be one line of plain text (no braces, no '<', '>' or '&': the theme puts the title "
                "into every page's HTML as it stands), for example \"What Opus 5 would cost\"")
    if not (root / "mkdocs.yml").exists():
        return "mkdocs.yml is missing: run from the project's top folder"
    if "\nnav:" not in "\n" + (root / "mkdocs.yml").read_text(encoding="utf-8"):
        return "mkdocs.yml has no 'nav:' list to add the page to: add one (see the project's mkdocs.yml)"
    return None


def _generated_pages() -> tuple[str, ...]:
    from calc.render import GENERATED_PAGES  # lazy: start-up time, the CLI imports every verb to build its parser
    return GENERATED_PAGES


def with_nav_entry(config: str, title: str, page: str) -> str:
    """mkdocs.yml with the page added to the nav after the last article, before the generated pages."""
    lines = config.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("nav:"))
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    while lines[end - 1].strip() == "":
        end -= 1
    position = end
    for i in range(start + 1, end):
        match = NAV_ENTRY.match(lines[i])
        if NAV_SECTION.match(lines[i]) or match and Path(match.group(1)).stem in _generated_pages() + ("corrections",):
            position = i
            break
    indent = re.match(r"\s*", lines[start + 1]).group(0) if start + 1 < end else "  "
    entry = f"{indent}- {json.dumps(title, ensure_ascii=False)}: {page}\n"
    return "".join(lines[:position] + [entry] + lines[position:])
