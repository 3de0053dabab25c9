"""The impact report: what one changed datum changes on the site, listed before anything is written."""

from __future__ import annotations

import subprocess
import sys

from calc import cli, impact
from tests.conftest import edit, line_of
from tests.test_render import snapshot

# Expected by hand: the Mythos output price goes from $150 to $120, so its multiple of Opus 4.6's $25 goes from
# 6× to 120 / 25 = 4.8×; every sentence that shows either figure changes, and nothing else does.
FIGURES = [("price_output_mythos", "$150/Mtok", "$120/Mtok"),
           ("price_ratio_output_mythos_vs_opus_4_6", "6×", "4.8×")]
SENTENCES = [
    ("docs/opus-5-claim.md",
     "Claude Mythos: input $30/Mtok, output $150/Mtok (tier 3, researcher inference; reported, not published by "
     "Anthropic);",
     "Claude Mythos: input $30/Mtok, output $120/Mtok (tier 3, researcher inference; reported, not published by "
     "Anthropic);"),
    ("docs/opus-5-claim.md",
     "Claude Mythos's $30/Mtok and $150/Mtok are reported, not published by Anthropic; the $20–40/Mtok input price "
     "for Claude Opus 5 is speculation.*",
     "Claude Mythos's $30/Mtok and $120/Mtok are reported, not published by Anthropic; the $20–40/Mtok input price "
     "for Claude Opus 5 is speculation.*"),
    ("docs/opus-5-claim.md",
     "| Claude Mythos, reported | $30/Mtok (as of April 2026) | $150/Mtok | tier 3 (researcher inference) |",
     "| Claude Mythos, reported | $30/Mtok (as of April 2026) | $120/Mtok | tier 3 (researcher inference) |"),
    ("docs/opus-5-claim.md",
     "- The reported Mythos price is 6× the Opus 4.6 price for input and 6× for output.",
     "- The reported Mythos price is 6× the Opus 4.6 price for input and 4.8× for output."),
    ("docs/figures.md", "- Value: $150/Mtok", "- Value: $120/Mtok"),  # exact, so no "in full" beside them
    ("docs/figures.md", "- Value: 6×", "- Value: 4.8×"),
]


def test_impact_of_a_value_set_on_the_command_line(copy):
    before = snapshot(copy)
    result = impact.of_settings(copy, {"price_output_mythos": "120"})
    assert result.errors == [] and result.broken == []
    assert result.quantities == FIGURES
    assert result.sentences == SENTENCES
    assert result.charts == ["figures/prices.svg"]
    assert snapshot(copy) == before  # nothing written


def test_impact_of_uncommitted_changes(copy):
    git = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run(git + ["add", "-A"], cwd=copy, check=True)
    subprocess.run(git + ["commit", "-qm", "base"], cwd=copy, check=True)
    edit(copy / "data/prices.yaml", "    value: 150\n", "    value: 120\n")
    result = impact.of_uncommitted(copy)
    assert result.quantities == FIGURES and result.sentences == SENTENCES
    assert result.data_changes == ["data/prices.yaml | 2 +-"]


def test_impact_reports_a_broken_expectation_and_exits_1(copy):
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "impact", "--set",
                             "price_output_mythos=50"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Expectations that now fail (1):" in result.stdout
    assert "expectation 'mythos_price_is_not_the_drafts_multiple' fails" in result.stdout
    assert "price_ratio_output_mythos_vs_opus_4_6  6× → 2×" in result.stdout  # 50 / 25


def test_a_value_tried_with_set_is_not_said_to_be_applied_by_make_site(copy, capsys):
    assert cli.main(["--root", str(copy), "impact", "--set", "price_output_mythos=120"]) == 0
    output = capsys.readouterr().out
    line = line_of(copy / "data/prices.yaml", "value:", after="price_output_mythos:")
    assert output.splitlines()[-1] == (
        f"Nothing was written: --set only tries a value. To keep it, write it in data/ at price_output_mythos "
        f"(data/prices.yaml:{line}), then run `make site`.")
    assert "to apply the change" not in output


def test_a_set_value_that_is_not_a_number_is_told_the_datums_unit(copy, capsys):
    assert cli.main(["--root", str(copy), "impact", "--set", "price_output_mythos=120 USD"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "--set: '120 USD' is not a number or a range for 'price_output_mythos', whose unit is USD/Mtok. Write "
        "price_output_mythos=VALUE or price_output_mythos=LOW..HIGH with plain numbers in USD/Mtok")


def test_impact_names_a_mistyped_datum(copy):
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "impact", "--set",
                             "price_output_mytos=50"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "--set: no datum named 'price_output_mytos'. Did you mean 'price_output_mythos'?" in result.stderr
