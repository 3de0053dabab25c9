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
    line = line_of(ROOT / "data/prices.yaml", "review_by", after="price_input_opus_4_6:")
    assert (f"data/prices.yaml:{line}: warning: 'price_input_opus_4_6' was due for review on 12 September 2026 (as "
            f"of 12 March 2026). Check the figure against its source, then update value, as_of and review_by\n"
            f"    {line} |     review_by: 2026-09-12") in result.stderr
    assert "price_output_mythos" not in result.stderr  # due on 1 October 2026, not yet
    # due on 12 September 2026: the six Anthropic prices and the nine decode rates, all read on 12 March 2026;
    # the summary names the first three in the order of data/ (prices.yaml: Opus 4.1 input, output, Opus 4.6 input)
    assert result.stdout.strip().endswith(
        "; 15 warnings: 15 figures overdue for review (price_input_opus_4_1, price_output_opus_4_1, "
        "price_input_opus_4_6 and 12 more)")


def test_strict_fails_on_overdue_figures_and_says_which():
    result = check("--today", "2026-09-13", "--strict")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "check: failed under --strict: 15 warnings: 15 figures overdue for review (price_input_opus_4_1, "
        "price_output_opus_4_1, price_input_opus_4_6 and 12 more); without --strict they are warnings")
    assert check("--today", "2026-05-01", "--strict").returncode == 0


def test_prices_show_their_date_on_the_page():
    review = (ROOT / "docs/opus-5-claim.md").read_text()
    assert "#price_input_opus_4_6 " in review
    row = next(line for line in review.splitlines() if line.startswith("| Claude Opus 4.6 (and Opus 4.5)"))
    assert "(as of 12 March 2026)" in row
