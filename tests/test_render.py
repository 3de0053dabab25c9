"""Rendering, checking and writing: golden article, lints with file:line, staleness, all-or-nothing writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from calc import engine, outputs, site
from calc.commands.render import render
from tests.conftest import ROOT, edit, line_of

GOLDEN = Path(__file__).parent / "golden"
SIZE_TEMPLATE = "templates/opus-4-6-size.md.j2"


def normalised(content: bytes) -> str:
    """A rendered page without its stamp line (the only volatile part: a hash of the rest)."""
    text = content.decode("utf-8")
    assert outputs.MARKDOWN_STAMP.match(text), "every generated page starts with its stamp"
    return outputs.MARKDOWN_STAMP.sub("", text, count=1)


def problems_after(root: Path) -> list[str]:
    produced = site.produce(root, draw=False)
    return [str(p) for p in produced.problems if not p.warning]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for folder in ("docs", "figures") for p in sorted((root / folder).rglob("*")) if p.is_file()}


# --- the golden article ----------------------------------------------------------------------------------

def test_size_article_matches_its_golden_file(request):
    produced = site.produce(ROOT, draw=False)
    page = next(o for o in produced.outputs if o.path == "docs/opus-4-6-size.md")
    golden = GOLDEN / "opus-4-6-size.md"
    if request.config.getoption("--update-golden"):
        golden.write_text(normalised(page.content), encoding="utf-8")
    assert normalised(page.content) == golden.read_text(encoding="utf-8")


def test_rendering_is_deterministic():
    first = site.produce(ROOT, draw=False).outputs
    second = site.produce(ROOT, draw=False).outputs
    assert [(o.path, o.content) for o in first] == [(o.path, o.content) for o in second]


def test_the_committed_site_is_up_to_date():
    produced = site.produce(ROOT, draw=False)
    assert [p for p in produced.problems if not p.warning] == []
    assert site.stale_files(ROOT, produced) == []


# --- lints: each case injected into a copy of a template, reported with file and line ------------------

PROSE = "Injected sentence: {}.\n"
LINT_CASES = [
    ("about 43 tokens a second", "hand-typed figure in prose: a number ('43')"),
    ("a share of 4.5 TB/s", "hand-typed figure in prose: a number ('4.5')"),
    ("a share of sixty percent", "hand-typed figure in prose: a percentage ('percent')"),
    ("it costs five dollars", "hand-typed figure in prose: a number word ('five')"),
    ("roughly double the price", "hand-typed figure in prose: a comparative ('double')"),
    ("about half the size", "hand-typed figure in prose: a comparative ('half')"),
    ("a tenfold jump", "hand-typed figure in prose: a comparative ('tenfold')"),
    ("one-tenth of Opus", "hand-typed figure in prose: a comparative ('one-tenth')"),
    ("triple the speed", "hand-typed figure in prose: a comparative ('triple')"),
    ("several trillion parameters", "hand-typed figure in prose: a magnitude word ('trillion')"),
    ("it costs $ less", "hand-typed figure in prose: a currency amount ('$')"),
    ("a × more", "hand-typed figure in prose: a multiplier ('×')"),
    ("see TODO", "a TODO marker left in the text ('TODO')"),
    ("see TBD", "a TODO marker left in the text ('TBD')"),
    ("the URL goes here", "a placeholder link left in the text ('URL')"),
    ("link to the post", "a placeholder link left in the text ('link to')"),
    ("then it's x to x", "an \"x to x\" blank left in the text ('x to x')"),
    ("the value is nan", "a missing value left in the text ('nan')"),
    ("the value is None", "a missing value left in the text ('None')"),
    ("drop the research hospital analogy", "a note to the writer left in the text ('drop the research hospital analogy')"),
    ("as in your post", "a note to the writer left in the text ('your post')"),
]
FIX_FIGURE = "Name a quantity instead (see the Figures page), e.g. {{ q.name }} or {{ q.name | multiple }}"
FIX_LEFTOVER = "Finish or remove it before publishing"


@pytest.mark.parametrize("words, message", LINT_CASES, ids=[c[0] for c in LINT_CASES])
def test_prose_lint_case(copy, words, message):
    template = copy / SIZE_TEMPLATE
    with template.open("a", encoding="utf-8") as stream:
        stream.write(PROSE.format(words))
    line = line_of(template, "Injected sentence")
    fix = FIX_LEFTOVER if "left in the text" in message else FIX_FIGURE
    assert f"{SIZE_TEMPLATE}:{line}: {message}. {fix}\n    {line} | {PROSE.format(words).strip()}" \
        in problems_after(copy)


EXPRESSION_CASES = [
    ('{{ "5T" }}', "a figure smuggled through a string literal: a number ('5'). Name a quantity instead of writing "
                   "the figure in a string"),
    ("{{ 5 }}", "a number in a template expression (5). Name a quantity instead; only the sig and pct filters take a "
                "number (significant figures)"),
    ("{{ q.decode_rate_opus_4_6.low * q.decode_rate_opus_4_6.low }}",
     "arithmetic in a template. Compute it in calc/derivations, where units are checked and the formula is shown, and "
     "name the result"),
    ("{{ q.decode_rate_opus_4_6 | default }}", "the 'default' filter hides missing figures. Remove it: a missing figure "
                                                "must fail the render"),
    ("{% if q.decode_rate_opus_4_6 is defined %}x{% endif %}",
     "'is defined' hides missing figures. Remove it: a missing figure must fail the render"),
    ("{{ q.decode_rate_opus_four }}", "unknown quantity 'q.decode_rate_opus_four'. Use a name from the Figures page "
                                      "(or `python -m calc explain`)"),
    ("{% raw %}{{ left over }}{% endraw %}", "unrendered template syntax left in the text ('{{'). Finish or remove it "
                                             "before publishing"),
]


@pytest.mark.parametrize("expression, message", EXPRESSION_CASES, ids=[c[0] for c in EXPRESSION_CASES])
def test_expression_lint_case(copy, expression, message):
    template = copy / SIZE_TEMPLATE
    with template.open("a", encoding="utf-8") as stream:
        stream.write(f"Injected: {expression}\n")
    line = line_of(template, "Injected:")
    assert f"{SIZE_TEMPLATE}:{line}: {message}\n    {line} | Injected: {expression}" in problems_after(copy)


def test_degenerate_range_in_output_is_caught(copy):
    """A range whose ends are equal cannot come from the formatter; the output lint is the safety net."""
    from calc import lint
    assert [str(p) for p in lint.lint_output("docs/x.md", "a\nfrom 40–40 B\n")] == [
        "docs/x.md:2: a range whose ends are equal in the rendered page ('40–40'). Fix the data or the template "
        "that produced it"]


def test_check_fails_with_file_and_line(copy):
    template = copy / SIZE_TEMPLATE
    with template.open("a", encoding="utf-8") as stream:
        stream.write("It is roughly double.\n")
    line = line_of(template, "roughly double")
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "check"], capture_output=True,
                            text=True)
    assert result.returncode == 1
    assert f"{SIZE_TEMPLATE}:{line}: hand-typed figure in prose: a comparative ('double')" in result.stderr


def test_unused_source_is_reported(copy):
    edit(copy / "data/sources.yaml", "    kept_because: A survey the draft lists for routing stability; background "
                                     "reading, no figure taken from it.\n", "")
    edit(copy / "templates/opus-5-claim.md.j2", '"s2moe_2025", "song_2025_moe_survey", "bai_2022_cai"',
         '"s2moe_2025", "bai_2022_cai"')
    line = line_of(copy / "data/sources.yaml", "song_2025_moe_survey:")
    assert (f"data/sources.yaml:{line}: source 'song_2025_moe_survey' is not used by any figure or page. Cite it, "
            "take a figure from it, or say under 'kept_because:' why it is kept\n"
            f"    {line} |   song_2025_moe_survey:") in problems_after(copy)


# --- staleness -----------------------------------------------------------------------------------------

def downstream(project: engine.Project, name: str) -> set[str]:
    """Every quantity computed, directly or not, from ``name`` (walking each quantity's inputs)."""
    found = {name}
    changed = True
    while changed:
        changed = False
        for quantity in project.quantities.values():
            if quantity.name not in found and found.intersection(quantity.inputs):
                found.add(quantity.name)
                changed = True
    return found


OPUS_4_5_RATE = "    value: 40\n    unit: token/s\n    model: opus_4_5\n"


def test_a_changed_datum_makes_exactly_its_figures_and_files_stale(copy):
    """Stale figures are found by comparing page text; the expectation here comes from the dependency graph."""
    before = engine.load(copy)
    pages = {p.relative_to(copy).as_posix(): p.read_text() for p in sorted((copy / "docs").rglob("*.md"))}
    edit(copy / "data/throughput.yaml", OPUS_4_5_RATE, OPUS_4_5_RATE.replace("40", "41"))
    after = engine.load(copy)
    affected = downstream(after, "decode_rate_opus_4_5")
    from calc import fmt
    visibly = {n for n in affected if fmt.value_text(before.quantities[n]) != fmt.value_text(after.quantities[n])}

    produced = site.produce(copy, draw=False)
    stale = {s.path: s for s in site.stale_files(copy, produced)}
    for path, text in pages.items():
        shown = {n for n in affected if f'#{n} "' in text}  # shown as a value (a figure link with its tooltip)
        reported = {change.split(":")[0] for change in stale[path].changes} if path in stale else set()
        assert reported <= shown, f"{path}: reported figures that do not depend on the datum"
        assert visibly & shown <= reported, f"{path}: missed figures whose shown value changed"
        assert (path in stale) == bool(visibly & shown or reported), path
    assert {p for p in stale if p.startswith("figures/charts/")} == {"figures/charts/throughput_calibration.svg",
                                                                  "figures/charts/throughput_calibration-dark.svg"}
    assert "decode_rate_opus_4_5: 40 tokens/s → 41 tokens/s" in stale["docs/opus-4-6-size.md"].changes
    assert "docs/index.md" not in stale and "docs/sources.md" not in stale

    assert render(copy, quiet=True) == 0
    assert site.stale_files(copy, site.produce(copy, draw=False)) == []


@pytest.mark.parametrize("file, old, new, charts", [
    ("data/prices.yaml", "    value: 125\n", "    value: 120\n", {"prices"}),
    ("data/protocol.yaml", "    value: 20260412\n", "    value: 7\n", {"routing_simulation"}),
    ("data/estimates.yaml", "  params_gpt_2:\n    description: GPT-2's parameters (its largest version)\n    value: 1.5\n",
     "  params_gpt_2:\n    description: GPT-2's parameters (its largest version)\n    value: 1.6\n", {"scale_over_time"}),
])
def test_exactly_the_affected_charts_go_stale(copy, file, old, new, charts):
    edit(copy / file, old, new)
    produced = site.produce(copy, draw=False)
    stale = {s.path for s in site.stale_files(copy, produced) if s.path.startswith("figures/charts/")}
    assert stale == {f"figures/charts/{name}{variant}.svg" for name in charts for variant in ("", "-dark")}


def test_check_writes_nothing(copy):
    edit(copy / "data/throughput.yaml", OPUS_4_5_RATE, OPUS_4_5_RATE.replace("40", "41"))
    before = snapshot(copy)
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "check"], capture_output=True,
                            text=True)
    assert result.returncode == 1 and "stale: out of date" in result.stderr
    assert "Run `python -m calc render` (or `make site`) and commit the result" in result.stderr
    assert snapshot(copy) == before


# --- writing --------------------------------------------------------------------------------------------------

def test_a_failed_render_changes_nothing(copy):
    edit(copy / "data/throughput.yaml", OPUS_4_5_RATE, OPUS_4_5_RATE.replace("40", "41"))  # would change files…
    edit(copy / "data/prices.yaml", "    value: 150\n    unit: USD/Mtok\n", "    value: 150\n    unit: USD/Mtk\n")  # …but bad data
    before = snapshot(copy)
    assert render(copy) == 1
    assert snapshot(copy) == before


def test_render_refuses_to_overwrite_a_hand_edit(copy, capsys):
    page = copy / "docs/opus-4-6-size.md"
    page.write_text(page.read_text().replace("The idea", "The idea, edited by hand"))
    edit(copy / "data/throughput.yaml", OPUS_4_5_RATE, OPUS_4_5_RATE.replace("40", "41"))
    before = snapshot(copy)
    assert render(copy) == 1
    assert ("docs/opus-4-6-size.md: docs/opus-4-6-size.md was edited by hand, and render would overwrite it. Move the "
            "change into templates/opus-4-6-size.md.j2 (or data/), or run `python -m calc render --force` to discard "
            "it") in capsys.readouterr().err
    assert snapshot(copy) == before
    assert render(copy, force=True) == 0
    assert "edited by hand" not in page.read_text()


def test_render_skips_identical_files_and_stamps_what_it_writes(copy, capsys):
    assert render(copy) == 0
    assert "render: 0 written" in capsys.readouterr().out
    for path in outputs.generated_files(copy):
        stamp = outputs.read_stamp(copy, path)
        assert stamp is not None and stamp.generated and stamp.intact, path


def test_build_fails_on_a_broken_anchor(copy, tmp_path):
    (copy / "calc").mkdir()  # mkdocs.yml watches it for `mkdocs serve`
    with (copy / SIZE_TEMPLATE).open("a", encoding="utf-8") as stream:
        stream.write("See [the figures](figures.md#no_such_figure).\n")
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "build", "--site-dir",
                             str(tmp_path / "site")], capture_output=True, text=True, cwd=copy)
    assert result.returncode == 1
    assert "no_such_figure" in result.stdout + result.stderr
