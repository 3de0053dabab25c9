"""Data go stale: figures past their review-by date are warnings, errors with --strict; prices show their date."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, line_of


def check(*options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "calc", "check", *options], capture_output=True, text=True,
                          cwd=ROOT)


def test_nothing_is_overdue_before_the_review_dates():
    result = check("--today", "2026-05-01")
    assert result.returncode == 0, result.stderr
    assert "due for review" not in result.stderr


def test_overdue_figures_are_warnings():
    result = check("--today", "2026-09-13")  # the day after the March 2026 data were due
    assert result.returncode == 0
    line = line_of(ROOT / "data/throughput.yaml", "review_by", after="decode_rate_opus_4_6:")
    assert (f"data/throughput.yaml:{line}: warning: 'decode_rate_opus_4_6' was due for review on 12 September 2026 "
            f"(as of 12 March 2026). Check the figure against its source, then update value, as_of, read and "
            f"review_by\n    {line} |     review_by: 2026-09-12") in result.stderr
    assert "price_input_opus_4_6" not in result.stderr  # read again on 23 November 2026, due again in May 2027
    assert "price_output_mythos" not in result.stderr  # due on 1 October 2026, not yet
    # due on 12 September 2026: the nine decode rates, a March 2026 snapshot nobody has read again; the summary
    # names the first three in the order of data/throughput.yaml
    assert result.stdout.strip().endswith(
        "; 9 warnings: 9 figures overdue for review (decode_rate_deepseek_v3_1, decode_rate_glm_4_7, "
        "decode_rate_kimi_k2_thinking and 6 more)")


def test_strict_fails_on_overdue_figures_and_says_which():
    result = check("--today", "2026-09-13", "--strict")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "check: failed under --strict: 9 warnings: 9 figures overdue for review (decode_rate_deepseek_v3_1, "
        "decode_rate_glm_4_7, decode_rate_kimi_k2_thinking and 6 more); without --strict they are warnings")
    assert check("--today", "2026-05-01", "--strict").returncode == 0


def test_prices_show_their_date_on_the_page():
    review = (ROOT / "docs/opus-5-claim.md").read_text()
    assert "#price_input_opus_4_6 " in review
    row = next(line for line in review.splitlines() if line.lstrip().startswith("| Claude Opus 4.6 (and Opus 4.5)"))
    assert "(as of 12 March 2026)" in row


def test_a_derived_figure_is_as_of_its_oldest_reading(project):
    q = project.quantities
    # Opus 4.6 built like Ling-3.1-flash: Ling's card is of October 2026, the decode rates a reading of 12 March 2026
    # that goes stale (review_by): the figure is only as current as that reading
    assert str(q["design_total_params_ling_3_1_flash"].as_of) == "2026-10"
    assert str(q["decode_rate_opus_4_6"].as_of) == "2026-03-12"
    assert str(q["opus_4_6_total_fp8_built_like_ling_3_1_flash"].as_of) == "2026-03-12"
    assert str(q["whole_design_totals_opus_4_6"].as_of) == "2026-03-12"
    # with no reading among its inputs (disclosed designs only), a figure holds from its newest fact
    assert str(q["expert_expansions_served"].as_of) == "2026-10"


def test_the_page_dates_a_total_by_the_speeds_it_rests_on():
    page = (ROOT / "docs/opus-5-claim.md").read_text()
    link = next(line for line in page.splitlines() if "families.md#whole_design_totals_opus_4_6 " in line)
    assert "as of 12 March 2026" in link and "as of October 2026" not in link
