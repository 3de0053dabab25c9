"""How check, render and build grow with the number of articles (speed is measured here, not in tests).

    .venv/bin/python benchmarks/scale.py [--articles 0 50 100 200] [--runs 3] [--code DIR]

In a scratch copy of the project, writes N synthetic articles of 100 figure references each (ten sections of
ten, through the filters the real articles use), renders them once, then times each command in a fresh
interpreter, ``--runs`` times, and prints the median wall-clock and CPU time and the peak memory (largest
resident set of the command's processes). ``check`` is timed three ways: cold (no cache: the first run after a
change to the code, or on a fresh clone), data changed (the kept result dropped, as an edit to data/ does; the
compiled templates and their lint findings stay) and unchanged (run again with nothing changed). ``mkdocs`` is a plain
``mkdocs build`` of the same docs/, the floor that ``calc build`` is compared with.

``--code DIR`` runs another checkout of calc/ (e.g. the commit before an optimisation) on the same scratch
projects, so before and after are measured on the same machine in the same session.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from environment import command_environment

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("data", "templates", "docs", "figures", "mkdocs.yml", "hooks.py")
CACHE_DIRS = (".calc-cache",)
LABELS = ("check cold", "check data changed", "check unchanged", "render", "build", "mkdocs")
REFERENCES = 100
SECTIONS = 10
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett")
FORMS = ("{{{{ q.{} }}}}", "{{{{ q.{} | asof }}}}", "{{{{ q.{} | approx }}}}", "{{{{ q.{} | sig(2) }}}}",
         "{{{{ q.{} }}}}")


def article(index: int, names: list[str], source: str) -> str:
    """A synthetic article: ten sections of ten figure references (a sentence each, a table for the last)."""
    lines = ["{# context: q, cite. Synthetic article for benchmarks/scale.py. #}",
             f"# Synthetic article {WORDS[index % len(WORDS)]}", ""]
    for section in range(SECTIONS):
        lines += [f"## Part {WORDS[section]}", ""]
        picks = [names[(index * 37 + section * SECTIONS + k) % len(names)] for k in range(REFERENCES // SECTIONS)]
        if section == SECTIONS - 1:
            lines += ["| Figure | Value |", "| --- | --- |"]
            lines += [f"| `{name}` | {{{{ q.{name} }}}} |" for name in picks]
        else:
            for k, name in enumerate(picks):
                form = FORMS[k % len(FORMS)].format(name)
                lines.append(f"The figure named `{name}` comes out at {form}, as {{{{ cite(\"{source}\") }}}} "
                             "reports or as the data imply.")
        lines.append("")
    return "\n".join(lines) + "\n"


def scratch_project(into: Path, count: int, code: Path | None) -> None:
    """A copy of the project with ``count`` synthetic articles, rendered and in the nav."""
    for name in COPIED:  # the project as that checkout has it (its code may not read newer data)
        source = (code or ROOT) / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        elif source.exists():
            shutil.copy2(source, into / name)
    (into / "calc").symlink_to((code or ROOT) / "calc")  # mkdocs.yml watches it; `-m calc` finds it here
    names, source = _names(into, code)
    stems = [f"synthetic-{i:04d}" for i in range(count)]
    for i, stem in enumerate(stems):
        (into / "templates" / f"{stem}.md.j2").write_text(article(i, names, source), encoding="utf-8")
    if stems:
        config = into / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        entries = "".join(f"    - {stem}.md\n" for stem in stems)
        marker = "\n  - Figures:"  # the synthetic section goes just before the catalogue in the nav
        if marker not in text:
            raise SystemExit("benchmarks/scale.py: mkdocs.yml's nav has no '  - Figures:' entry to insert before")
        config.write_text(text.replace(marker, f"\n  - Synthetic:\n{entries}" + marker.lstrip("\n"), 1),
                          encoding="utf-8")
    run(calc(code, "render", "--force", root=into), into, check=True)


def _names(root: Path, code: Path | None) -> tuple[list[str], str]:
    """The quantities the synthetic articles name (those shown without range-only filters) and a source to cite."""
    script = ("from pathlib import Path; from calc import engine; p = engine.load(Path('.'));"
              "print(' '.join(n for n, q in p.quantities.items() if q.origin != 'definition' and q.sources));"
              "print(next(iter(p.dataset.sources)))")
    output = run([sys.executable, "-c", script], root, code=code, check=True).stdout.splitlines()
    return sorted(output[0].split()), output[1]


def calc(code: Path | None, *args: str, root: Path) -> list[str]:
    return [sys.executable, "-m", "calc", "--root", str(root), *args]


def run(command: list[str], cwd: Path, code: Path | None = None, check: bool = False):
    env = command_environment(code)
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def timed(command: list[str], cwd: Path, code: Path | None, before=None) -> tuple[float, float, float]:
    """Wall-clock seconds, CPU seconds and peak resident memory (MB) of one run of ``command``.

    CPU time (user + system, the command's processes together) is what the command costs; wall-clock time
    also holds the waits for a CPU when other work shares the machine.
    """
    if before:
        before()
    env = command_environment(code)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0,):
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n{errors}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(root: Path, code: Path | None, runs: int, labels: tuple[str, ...]) -> dict[str, tuple[float, float, float]]:
    site = root / "site-bench"

    def clear_cache() -> None:
        for name in CACHE_DIRS:
            shutil.rmtree(root / name, ignore_errors=True)

    def forget_result() -> None:  # what a change to data/ does: the kept result no longer applies
        (root / ".calc-cache/check.json").unlink(missing_ok=True)

    commands = {
        "check cold": (calc(code, "check", root=root), clear_cache),
        "check data changed": (calc(code, "check", root=root), forget_result),
        "check unchanged": (calc(code, "check", root=root), None),
        "render": (calc(code, "render", root=root), None),
        "build": (calc(code, "build", "--site-dir", str(site), root=root), None),
        "mkdocs": ([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)], None),
    }
    results = {}
    for label, (command, before) in commands.items():
        if label not in labels:
            continue
        samples = [timed(command, root, code, before) for _ in range(runs)]
        results[label] = (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples),
                          max(s[2] for s in samples))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[0, 50, 100, 200])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=None, help="a checkout whose calc/ to run instead of this one")
    parser.add_argument("--commands", nargs="+", default=list(LABELS), choices=LABELS, metavar="COMMAND",
                        help=f"what to time (default: all of {', '.join(LABELS)})")
    args = parser.parse_args()
    code = args.code.resolve() if args.code else None
    labels = tuple(args.commands)
    print(f"median of {args.runs} runs: wall-clock seconds / CPU seconds (peak MB); code: {code or ROOT}")
    compare = "build" in labels and "mkdocs" in labels
    print("| articles | " + " | ".join(labels) + (" | build ÷ mkdocs |" if compare else " |"))
    print("| ---: | " + " | ".join("---:" for _ in labels) + (" | ---: |" if compare else " |"))
    for count in args.articles:
        with tempfile.TemporaryDirectory(prefix="calc-scale-") as scratch:
            root = Path(scratch)
            scratch_project(root, count, code)
            results = measure(root, code, args.runs, labels)
        cells = [f"{results[label][0]:.2f} / {results[label][1]:.2f} ({results[label][2]:.0f})" for label in labels]
        ratio = f" {results['build'][0] / results['mkdocs'][0]:.2f} |" if compare else ""
        print(f"| {count} | " + " | ".join(cells) + f" |{ratio}", flush=True)


if __name__ == "__main__":
    main()
