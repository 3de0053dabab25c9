"""The closest unverified peer, side by side: the same synthetic site built with mkdocs-macros variables.

    .venv/bin/python benchmarks/macros.py [--articles 0 50 100 200] [--runs 3]

For each N, benchmarks/scale.py makes a scratch project with N synthetic articles of 100 figure references each
and renders it. The peer is the same site done the usual unverified way: each article is a Markdown page whose
figures are mkdocs-macros variables (``{{ name }}``, ``{{ source }}``), their values the text calc shows,
written once to a YAML file the plugin reads (``include_yaml``); the other pages are copied as they are. Nothing
there checks a unit, a range, a source or a stale page: it is the floor of what "numbers in Markdown" costs.

Timed, each in a fresh interpreter (median wall-clock / CPU seconds, peak MB): ``calc build`` after a datum
changed (the kept check result dropped: compute, lint, render, write, mkdocs), ``calc build`` with nothing
changed, the mkdocs-macros build of the peer, and a plain ``mkdocs build`` of calc's docs/ (the floor of both).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from scale import calc, scratch_project, timed

QUANTITY = re.compile(r"\{\{ q\.([a-z][a-z0-9_]*)(?: \| [a-z]+(?:\(\d+\))?)? \}\}")
CITE = re.compile(r"\{\{ cite\(\"([a-z][a-z0-9_]*)\"\) \}\}")
LABELS = ("calc build, data changed", "calc build, unchanged", "mkdocs-macros build", "plain mkdocs build")


def figure_texts(root: Path) -> dict[str, str]:
    """Every quantity as the site shows it (calc.fmt's text, without the link), read from the project."""
    script = ("import json; from pathlib import Path; from calc import engine, fmt; p = engine.load(Path('.'));"
              "print(json.dumps({n: fmt.value_text(q) for n, q in p.quantities.items()}))")
    output = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    return yaml.safe_load(output.stdout)


def macros_peer(root: Path, into: Path) -> None:
    """The scratch project's site as mkdocs-macros pages: docs/ copied, each synthetic article re-written from
    its template with a variable per figure and per cited source."""
    shutil.copytree(root / "docs", into / "docs")
    shutil.copy2(root / "hooks.py", into / "hooks.py")
    for folder in ("data", "templates"):
        (into / folder).mkdir()
    (into / "calc").symlink_to(root / "calc")  # mkdocs.yml watches it
    variables: dict[str, str] = {}
    texts = figure_texts(root)
    for template in sorted((root / "templates").glob("synthetic-*.md.j2")):
        body = template.read_text(encoding="utf-8").split("\n", 1)[1]  # without the context comment

        def figure(match: re.Match[str]) -> str:
            variables[f"fig_{match.group(1)}"] = texts[match.group(1)]
            return "{{ fig_" + match.group(1) + " }}"

        def cite(match: re.Match[str]) -> str:
            variables[f"source_{match.group(1)}"] = f"[{match.group(1)}](sources.md#{match.group(1).replace('_', '-')})"
            return "{{ source_" + match.group(1) + " }}"

        page = CITE.sub(cite, QUANTITY.sub(figure, body))
        (into / "docs" / template.name.removesuffix(".j2")).write_text("---\nrender_macros: true\n---\n" + page,
                                                                       encoding="utf-8")
    (into / "figures.yml").write_text(yaml.safe_dump(variables, allow_unicode=True), encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    plugin = ("  - macros:\n      render_by_default: false  # only the articles, as calc renders only templates\n"
              "      include_yaml:\n        - figures.yml\n")
    (into / "mkdocs.yml").write_text(config.replace("plugins:\n", "plugins:\n" + plugin, 1), encoding="utf-8")


def median(samples: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples),
            max(s[2] for s in samples))


def measure(root: Path, peer: Path, runs: int) -> dict[str, tuple[float, float, float]]:
    site = root / "site-bench"

    def forget_result() -> None:  # what a change to data/ does: the kept result no longer applies
        (root / ".calc-cache/check.json").unlink(missing_ok=True)

    build = calc(None, "build", "--site-dir", str(site), root=root)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir"]
    timed(build, root, None)  # warm: the conversions kept, as after any earlier build
    results = {
        LABELS[0]: median([timed(build, root, None, forget_result) for _ in range(runs)]),
        LABELS[1]: median([timed(build, root, None) for _ in range(runs)]),
        LABELS[2]: median([timed(mkdocs + [str(peer / "site-bench")], peer, None) for _ in range(runs)]),
        LABELS[3]: median([timed(mkdocs + [str(root / "site-plain")], root, None) for _ in range(runs)]),
    }
    for page in (peer / "site-bench").glob("synthetic-*.html"):  # the peer really shows the figures
        text = page.read_text(encoding="utf-8")
        if "{{" in text or "fig_" in text:
            raise SystemExit(f"benchmarks/macros.py: mkdocs-macros left a variable unrendered in {page.name}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[0, 50, 100, 200])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"median of {args.runs} runs: wall-clock seconds / CPU seconds (peak MB)")
    print("| articles | " + " | ".join(LABELS) + " | calc (data changed) ÷ macros: wall / CPU |")
    print("| ---: | " + " | ".join("---:" for _ in LABELS) + " | ---: |")
    for count in args.articles:
        with tempfile.TemporaryDirectory(prefix="calc-macros-") as scratch:
            root, peer = Path(scratch) / "calc", Path(scratch) / "macros"
            root.mkdir()
            peer.mkdir()
            scratch_project(root, count, None)
            macros_peer(root, peer)
            results = measure(root, peer, args.runs)
        cells = [f"{results[label][0]:.2f} / {results[label][1]:.2f} ({results[label][2]:.0f})" for label in LABELS]
        wall, cpu = (results[LABELS[0]][i] / results[LABELS[2]][i] for i in (0, 1))
        print(f"| {count} | " + " | ".join(cells) + f" | {wall:.2f} / {cpu:.2f} |", flush=True)


if __name__ == "__main__":
    main()
