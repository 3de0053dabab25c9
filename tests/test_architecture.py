"""calc's architecture, enforced: the layers of ARCHITECTURE.md (import-linter's contracts in pyproject.toml),
no lazy import that is not there for start-up time or a named reason, and no module past 600 lines."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "calc"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
START_UP = "# lazy: start-up time"
MAX_LINES = 600

# calc/charts' code is hashed into every chart's stamp (calc.site.chart_inputs): a comment added there restamps
# every chart on the site, so its lazy imports are listed here until a chart changes anyway.
CHART_CODE = "calc/charts is hashed into each chart's stamp: left as it is, so that the drawn charts stay the same"
MATPLOTLIB = f"start-up time, matplotlib only when a chart is drawn ({CHART_CODE})"

# Function-local imports without a start-up comment, by "module.function", each with why it is there.
ALLOWED = {
    "calc.charts.base.svg_bytes": MATPLOTLIB,
    "calc.charts.prices.figure": MATPLOTLIB,
    "calc.charts.routing.figure": MATPLOTLIB,
    "calc.charts.scale.figure": MATPLOTLIB,
    "calc.charts.throughput.figure": MATPLOTLIB,
    "calc.charts.totals.figure": MATPLOTLIB,
    "calc.charts.routing._share": f"could be at the top ({CHART_CODE})",
    "calc.charts.routing._pct": f"could be at the top ({CHART_CODE})",
    "calc.charts.style.close": f"could be at the top ({CHART_CODE})",
    "calc.charts.style.percent_ticks": f"could be at the top ({CHART_CODE})",
    "calc.charts.totals.caption": f"could be at the top ({CHART_CODE})",

    "calc.drawing.ChartDrawing.start": "the drawing worker imports calc afresh after calc.reloading forgot it",
    "calc.drawing._draw": "run by the drawing worker, which imports calc afresh after calc.reloading forgot it",
    "calc.drawing._serve_drawings": "the drawing worker's loop imports calc afresh after calc.reloading forgot it",
    "calc.preview.render": "inside hooks.on_pre_build's try: half-edited calc/ shows as the preview's banner",
}


def lint_imports(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=root, capture_output=True,
                          text=True, env=env, timeout=120)


def test_every_contract_of_pyproject_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_layers(tmp_path: Path):
    """The contracts can fail: the units (the ground) importing the site pipeline is reported, line and all."""
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(PACKAGE, tmp_path / "calc", ignore=shutil.ignore_patterns("__pycache__"))
    units = tmp_path / "calc/units.py"
    lines = units.read_text(encoding="utf-8").splitlines()
    units.write_text("\n".join(lines + ["from calc import site  # noqa: E402"]) + "\n", encoding="utf-8")
    result = lint_imports(tmp_path, {**os.environ, "PYTHONPATH": str(tmp_path)})
    assert result.returncode == 1, result.stdout
    assert f"calc.units -> calc.site (l.{len(lines) + 1})" in result.stdout
    assert "calc's layers: no import runs upward BROKEN" in result.stdout
    assert "no import loop among calc's modules BROKEN" in result.stdout


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return found


def _function_local_imports(source: str) -> list[tuple[str, int]]:
    """(qualified function name, line) of every import inside a function."""
    found: list[tuple[str, int]] = []

    def walk(node: ast.AST, scope: list[str], in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                walk(child, scope + [child.name], True)
            elif isinstance(child, ast.ClassDef):
                walk(child, scope + [child.name], in_function)
            elif isinstance(child, (ast.Import, ast.ImportFrom)) and in_function:
                found.append((".".join(scope), child.lineno))
            else:
                walk(child, scope, in_function)

    walk(ast.parse(source), [], False)
    return found


def lazy_import_problems(module: str, source: str, allowed: dict[str, str]) -> list[str]:
    """Each function-local import without a '# lazy: start-up time, …' comment (on its line or the one above)
    and not allowed by name."""
    lines = source.splitlines()
    problems = []
    for function, line in _function_local_imports(source):
        said = " ".join(lines[max(line - 2, 0):line])
        where = f"{module}.{function}"
        if START_UP in said or where in allowed:
            continue
        problems.append(f"{module.replace('.', '/')}.py:{line} ({where}): a function-local import says neither "
                        f"'{START_UP}, …' nor, allowed in tests/test_architecture.py, why it is there")
    return problems


def test_every_function_local_import_says_why():
    problems = [p for module, path in _modules()
                for p in lazy_import_problems(module, path.read_text(encoding="utf-8"), ALLOWED)]
    assert problems == []


def test_every_allowed_lazy_import_still_exists():
    functions = {f"{module}.{function}" for module, path in _modules()
                 for function, _ in _function_local_imports(path.read_text(encoding="utf-8"))}
    assert set(ALLOWED) <= functions


@pytest.mark.parametrize("source, expected", [
    ("def f():\n    import json\n", ["calc/x.py:2 (calc.x.f)"]),
    ("def f():\n    import json  # lazy: it felt right\n", ["calc/x.py:2 (calc.x.f)"]),  # not allowed by name
    ("def f():\n    import json  # lazy: start-up time, json is slow\n", []),
    ("def f():\n    # lazy: start-up time, json is slow\n    import json\n", []),
    ("class C:\n    def g(self):\n        import json\n", []),  # allowed by name: calc.x.C.g
    ("import json\n\ndef f():\n    return json\n", []),
])
def test_the_lazy_import_rule_reads_comments_and_the_allowed_list(source: str, expected: list[str]):
    problems = lazy_import_problems("calc.x", source, {"calc.x.C.g": "reloaded"})
    assert [p[:p.index(")") + 1] for p in problems] == expected


def test_no_module_of_calc_passes_600_lines():
    long = {path.relative_to(ROOT).as_posix(): count for _, path in _modules()
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"split these along their seams (ARCHITECTURE.md): {long}"
