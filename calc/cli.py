"""``python -m calc VERB``: one module per verb in calc.commands."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from pathlib import Path

from calc import locking
from calc.errors import CalcError, Location, Problem

VERBS = {
    "check": "load, validate and compute everything; lint templates; report stale docs and figures",
    "explain": "show a quantity's value, formula, inputs down to the data, sources and tiers",
    "render": "write docs/ (pages) and figures/ (charts) from templates/ and data/",
    "build": "render, check, then build the site with mkdocs into site/",
    "impact": "show what a change to data/ would change on the site, before anything is written",
    "new": "start an article: a template opening with its context comment, a nav entry, its rendered page",
}
WRITING_VERBS = ("render", "build", "new")  # they hold the project's lock alone; the others share it


class _OneLineHelp(argparse.HelpFormatter):
    """Help that gives each verb one line, however narrow the terminal."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=16, width=200)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # lazy: start-up time, only for --version
    try:
        return version("calc")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


class _VersionAction(argparse.Action):
    """--version, looked up only when asked for (importlib.metadata is slow to import, and check should be quick)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def project_root(given: Path | None) -> Path:
    """The project: the folder given, or the nearest folder from here upwards holding mkdocs.yml and templates/
    (so a command run in docs/ works on the project); CalcError with one message if it lacks what every command
    reads."""
    if given is None:
        here = Path.cwd()
        folders = (here, *here.parents)
        given = next((folder for folder in folders
                      if (folder / "mkdocs.yml").is_file() and (folder / "templates").is_dir()), None)
        # a project whose templates/ was lost: its mkdocs.yml finds it, and the check below names what is missing
        given = given or next((folder for folder in folders if (folder / "mkdocs.yml").is_file()), None)
        if given is None:
            raise CalcError([Problem(Location("mkdocs.yml"), f"no project here: neither {here} nor a folder above it "
                                     "holds mkdocs.yml and templates/", "Run the command in the project's folder, "
                                     "or name that folder with --root")])
    for name, folder in (("mkdocs.yml", False), ("data", True), ("templates", True)):
        path = given / name
        if (path.is_dir() if folder else path.is_file()):
            continue
        shown = name + ("/" if folder else "")
        what = "is missing" if not path.exists() else f"is not a {'folder' if folder else 'file'}"
        raise CalcError([Problem(Location(shown), f"{shown} {what} in {given}", "Run the command in the project's "
                                 f"folder (or name it with --root); if {shown} was lost, restore it from git")])
    broken = broken_links(given)
    if broken:
        raise CalcError(broken)
    return given


def broken_links(root: Path) -> list[Problem]:
    """A problem for each file in data/ or templates/ (or mkdocs.yml) that cannot be opened because it is a
    symbolic link leading nowhere: a loop of links (ELOOP) or a missing target. Every command reads them all."""
    found = []
    candidates = [root / "mkdocs.yml"] + [Path(folder) / name for directory in ("data", "templates")
                                          for folder, _, names in os.walk(root / directory) for name in names]
    for path in sorted(candidates):
        if not path.is_symlink():
            continue
        try:
            path.stat()
        except OSError as exc:
            shown = path.relative_to(root).as_posix()
            why = ("that leads back to itself (a loop of links)" if exc.errno == errno.ELOOP
                   else "to a file that is not there")
            found.append(Problem(Location(shown), f"cannot be opened: it is a symbolic link {why}",
                                 "Replace the link by the file itself, or remove it"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calc", description="Articles with verified figures.",
                                     formatter_class=_OneLineHelp)
    parser.add_argument("--root", type=Path, default=None,
                        help="the project folder (default: this folder or the nearest one above it holding mkdocs.yml)")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the program's version and exit")
    parser.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                        help="how long to wait for another calc command running in the project (default: 600)")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb, help_text in VERBS.items():
        module = importlib.import_module(f"calc.commands.{verb}")
        module.add_arguments(verbs.add_parser(verb, help=help_text, description=help_text))
    args = parser.parse_args(argv)
    module = importlib.import_module(f"calc.commands.{args.verb}")
    wait = locking.DEFAULT_WAIT if args.wait is None else args.wait
    try:
        args.root = project_root(args.root)
        with locking.project_lock(args.root, args.verb, shared=args.verb not in WRITING_VERBS, wait=wait):
            return int(module.run(args))
    except CalcError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except BrokenPipeError:  # `python -m calc explain x | head`
        sys.stderr.close()
        return 0
