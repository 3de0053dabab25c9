"""The charts: deterministic SVG, known inputs, alt text and captions that state the drawn figures via calc.fmt."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from calc import engine, fmt
from calc.charts import ALL, svg_bytes

ROOT = Path(__file__).resolve().parents[1]
CHARTS = {chart.name: chart for chart in ALL}

# Quantities whose formatted value each chart's alt text must state (the data charts: every one they draw).
ALT_MUST_STATE = {
    # the bars and the claim lines; the FP4-throughout top and the calibrated band are named in the caption only
    "opus_4_6_totals": tuple(f"total_params_{p}_{r}_opus_4_6" for p in ("bf16", "fp8", "mixed")
                             for r in ("glm_like", "deepseek_like", "kimi_like"))
                       + ("claim_opus_5_total", "claim_opus_ten_trillion"),
    "routing_simulation": ("stress_concentration_threshold", "stress_concentration_experts", "sim_experts",
                           "sim_tokens"),
}


@pytest.fixture(scope="module")
def project() -> engine.Project:
    return engine.load(ROOT)


@pytest.fixture(scope="module")
def drawn(project: engine.Project) -> dict[str, tuple[bytes, bytes]]:
    """Every chart drawn twice (once here for all the tests that look at the SVG)."""
    return {chart.name: (svg_bytes(chart, project), svg_bytes(chart, project)) for chart in ALL}


@pytest.fixture(scope="module")
def drawn_dark(project: engine.Project) -> dict[str, bytes]:
    """Every chart drawn for the site's dark scheme."""
    return {chart.name: svg_bytes(chart, project, "dark") for chart in ALL}


def test_the_five_charts_are_listed_once() -> None:
    assert list(CHARTS) == ["scale_over_time", "throughput_calibration", "opus_4_6_totals", "prices",
                            "routing_simulation"]
    assert len(CHARTS) == len(ALL)
    assert all(re.fullmatch(r"[a-z0-9_]+", name) for name in CHARTS)


def test_importing_the_charts_does_not_import_matplotlib() -> None:
    code = "import sys, calc.charts; assert calc.charts.ALL; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


@pytest.mark.parametrize("name", list(CHARTS))
def test_svg_is_byte_identical_when_drawn_twice(name: str, drawn: dict[str, tuple[bytes, bytes]]) -> None:
    first, second = drawn[name]
    assert first == second
    assert first.startswith(b"<?xml") and b"<svg" in first


@pytest.mark.parametrize("name", list(CHARTS))
def test_svg_needs_no_fonts_and_carries_no_date(name: str, drawn: dict[str, tuple[bytes, bytes]]) -> None:
    svg = drawn[name][0].decode("utf-8")
    assert "<text" not in svg and "@font-face" not in svg  # text drawn as paths
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert 'width="576pt" height="324pt"' in svg  # 8 × 4.5 inches
    assert "fill: #ffffff" in svg  # drawn on white, for the light scheme


@pytest.mark.parametrize("name", list(CHARTS))
def test_the_dark_drawing_is_drawn_on_the_dark_page_colour(name: str, drawn_dark: dict[str, bytes]) -> None:
    svg = drawn_dark[name].decode("utf-8")
    assert "fill: #1e2029" in svg and "fill: #ffffff" not in svg  # Material's slate background, no white slab
    assert "<text" not in svg


@pytest.mark.parametrize("name", list(CHARTS))
def test_no_chart_text_is_smaller_than_the_minimum(name: str, project: engine.Project) -> None:
    """The browser tests show charts at their drawn size on a phone: MIN_FONT_SIZE points is then 10 CSS px."""
    from matplotlib.text import Text

    from calc.charts import style

    with style.context("light"):
        figure = CHARTS[name].figure(project)
        try:
            figure.canvas.draw()  # tick labels exist once drawn
            sizes = {t.get_fontsize() for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()}
        finally:
            style.close(figure)
    assert sizes and min(sizes) >= style.MIN_FONT_SIZE, sorted(sizes)


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_label_is_distinct(name: str, project: engine.Project) -> None:
    """No two ticks of an axis and no two legend entries say the same thing: a reader can tell every bar, point and
    key apart by its words (the price chart once had two rows labelled "Claude Opus 5")."""
    from calc.charts import style

    with style.context("light"):
        figure = CHARTS[name].figure(project)
        try:
            figure.canvas.draw()
            groups = [[t.get_text() for t in ticks() if t.get_text().strip()] for ax in figure.axes
                      for ticks in (ax.get_xticklabels, ax.get_yticklabels)]
            groups += [[t.get_text() for t in legend.get_texts()] for legend in figure.legends]
            groups += [[t.get_text() for t in ax.get_legend().get_texts()] for ax in figure.axes if ax.get_legend()]
        finally:
            style.close(figure)
    repeated = [[label for label in set(group) if group.count(label) > 1] for group in groups]
    assert not any(repeated), repeated


def test_the_price_chart_labels_the_two_opus_5_rows_by_how_the_price_is_known(project: engine.Project) -> None:
    from calc.charts import prices, style

    with style.context("light"):
        figure = prices.figure(project)
        try:
            figure.canvas.draw()
            rows = [t.get_text() for t in figure.axes[0].get_yticklabels()]
        finally:
            style.close(figure)
    assert "Claude Opus 5 (draft's guess)" in rows and "Claude Opus 5 (list price)" in rows, rows


def test_the_pages_tier_marks_have_the_charts_colours() -> None:
    """A tier looks the same on a page (docs/stylesheets/extra.css) as in a chart's legend."""
    from calc.charts import style

    css = (ROOT / "docs" / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    shown = {int(n): c.upper() for n, c in re.findall(r"a\.tier--(\d) \{ --tier-colour: (#[0-9A-Fa-f]{6}); \}", css)}
    assert shown == {t: c.upper() for t, c in style.TIER_COLOURS.items() if t is not None}


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour such as "#0077bb"."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_on_known_pairs() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_meaningful_colour_has_3_to_1_contrast_on_its_background(theme: str) -> None:
    """Marks that carry meaning (tier colours, the simulation's two series) stand out without an outline."""
    from calc.charts import style

    background = style.THEMES[theme]
    colours = {f"tier {t}": c for t, c in style.TIER_COLOURS.items()}
    colours |= {"balanced series": style.SKY_BLUE, "highlight": style.VERMILLION,
                "unbalanced series": background.neutral, "text": background.text, "axes": background.muted}
    weak = {what: round(contrast(c, background.background), 2) for what, c in colours.items()
            if contrast(c, background.background) < 3.0}
    assert weak == {}, f"below 3:1 on the {theme} background"
    assert contrast(background.text, background.background) >= 7.0  # chart text: far above 4.5:1


def test_every_tier_has_its_own_marker_shape() -> None:
    """Tier is never shown by colour alone."""
    from calc.charts import style

    assert set(style.TIER_MARKERS) == set(style.TIER_COLOURS)
    assert len(set(style.TIER_MARKERS.values())) == len(style.TIER_MARKERS)


@pytest.mark.parametrize("name", list(CHARTS))
def test_inputs_are_known_quantities(name: str, project: engine.Project) -> None:
    names = CHARTS[name].inputs(project)
    assert names and len(set(names)) == len(names)
    assert [n for n in names if n not in project.quantities] == []


@pytest.mark.parametrize("name", list(CHARTS))
def test_alt_text_states_the_values_drawn(name: str, project: engine.Project) -> None:
    alt = CHARTS[name].alt(project)
    names = ALT_MUST_STATE.get(name, CHARTS[name].inputs(project))
    missing = [n for n in names if fmt.value_text(project.quantities[n]) not in alt]
    assert missing == [], f"{name}: alt text does not state {missing}"


@pytest.mark.parametrize("name", list(CHARTS))
def test_caption_is_one_or_two_plain_sentences(name: str, project: engine.Project) -> None:
    caption = CHARTS[name].caption(project)
    assert caption.endswith(".") and "\n" not in caption
    assert not re.search(r"[*_`#\[\]<>]", caption), "no Markdown or HTML in a caption"
    assert 1 <= len(re.findall(r"\.(?:\s|$)", caption)) <= 2


def test_captions_state_figures_through_fmt(project: engine.Project) -> None:
    q = project.quantities
    assert fmt.value_text(q["bandwidth_band"]) in CHARTS["throughput_calibration"].caption(project)
    assert fmt.value_text(q["claim_opus_5_total"]) in CHARTS["opus_4_6_totals"].caption(project)
    totals = CHARTS["opus_4_6_totals"].caption(project)
    assert "(BF16, FP8, and FP8 with FP4 experts)" in totals
    # Kimi-like pairing at FP4 throughout with Kimi's split: 4.4395e12 / 43 / 0.5 × 31.23 ≈ 6.45 T, past the 5 T claim
    assert "with every weight at FP4 (not drawn) the top reaches 6.45 T params, past it." in totals
    assert "only if Claude is served like the open models" in totals
    assert fmt.value_text(q["price_input_opus_5_speculative"]) in CHARTS["prices"].caption(project)
    assert fmt.value_text(q["stress_concentration_threshold"]) in CHARTS["routing_simulation"].caption(project)


def test_the_simulation_says_so(project: engine.Project) -> None:
    chart = CHARTS["routing_simulation"]
    assert chart.title.startswith("Simulation")
    assert chart.caption(project).startswith("Simulation")
    assert chart.alt(project).startswith("Simulation")


# --- golden files: the committed charts are the reviewed ones ----------------------------------------------

def normalised_svg(svg: bytes) -> str:
    """An SVG without what may vary without the drawing changing: our stamp, the metadata block, and float noise
    beyond two decimals."""
    text = svg.decode("utf-8")
    text = re.sub(r"<!-- generated by `python -m calc render`.*?-->\n", "", text, flags=re.S)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    return re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group(0)):.2f}", text)


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_matches_the_committed_golden_file(drawn, name):
    """The committed figures/charts/<name>.svg was looked at and approved; a fresh drawing must match it.

    (``check`` judges staleness by the inputs stamp instead, so that a matplotlib patch release does not make
    every chart stale; this test is the stricter one, for the pinned version.)"""
    committed = (ROOT / "figures" / "charts" / f"{name}.svg").read_bytes()
    assert normalised_svg(drawn[name][0]) == normalised_svg(committed)


@pytest.mark.parametrize("name", list(CHARTS))
def test_dark_chart_matches_the_committed_golden_file(drawn_dark, name):
    committed = (ROOT / "figures" / "charts" / f"{name}-dark.svg").read_bytes()
    assert normalised_svg(drawn_dark[name]) == normalised_svg(committed)
