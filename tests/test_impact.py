"""The impact report: what one changed datum changes on the site, listed before anything is written."""

from __future__ import annotations

import subprocess
import sys

from calc import impact
from tests.conftest import edit
from tests.test_render import snapshot

# Expected by hand: the Mythos output price Anthropic announced goes from $125 to $100, so its multiple of Opus 4.6's
# $25 goes from 125 / 25 = 5× to 100 / 25 = 4×; every sentence that shows either figure changes, and nothing else does.
FIGURES = [("price_output_mythos", "$125/Mtok", "$100/Mtok"),
           ("price_ratio_output_mythos_vs_opus_4_6", "5×", "4×")]
SENTENCES = [
    ("docs/opus-5-claim.md",
     "Claude Mythos Preview: input $25/Mtok, output $125/Mtok (tier 3, researcher inference; announced by Anthropic, read in "
     "a summary);",
     "Claude Mythos Preview: input $25/Mtok, output $100/Mtok (tier 3, researcher inference; announced by Anthropic, read in "
     "a summary);"),
    ("docs/opus-5-claim.md",
     "Claude Mythos Preview's $25/Mtok and $125/Mtok are announced by Anthropic, read in a summary; the $20–40/Mtok input "
     "price for Claude Opus 5 (draft's guess) is speculation.*",
     "Claude Mythos Preview's $25/Mtok and $100/Mtok are announced by Anthropic, read in a summary; the $20–40/Mtok input "
     "price for Claude Opus 5 (draft's guess) is speculation.*"),
    ("docs/opus-5-claim.md",
     "- The Mythos Preview price Anthropic announced to its Project Glasswing participants is 5× the Opus 4.6 price "
     "for input and 5× for output, as a summary of the announcement quotes it.",
     "- The Mythos Preview price Anthropic announced to its Project Glasswing participants is 5× the Opus 4.6 price "
     "for input and 4× for output, as a summary of the announcement quotes it."),
    ("docs/opus-5-claim.md",  # a row of the table in a collapsed block, read as a row
     "| Claude Mythos Preview, announced | $25/Mtok (as of 7 April 2026) | $125/Mtok | T3 |",
     "| Claude Mythos Preview, announced | $25/Mtok (as of 7 April 2026) | $100/Mtok | T3 |"),
    ("docs/opus-5-claim.md",
     "It announced a price for Project Glasswing participants: $25/Mtok for input and $125/Mtok for output.",
     "It announced a price for Project Glasswing participants: $25/Mtok for input and $100/Mtok for output."),
    ("docs/figures/prices.md", "- Value: $125/Mtok", "- Value: $100/Mtok"),  # exact, so no "in full" beside them
    ("docs/figures/prices.md", "- Value: 5×", "- Value: 4×"),
]


def test_impact_of_a_value_set_on_the_command_line(copy):
    before = snapshot(copy)
    result = impact.of_settings(copy, {"price_output_mythos": "100"})
    assert result.errors == [] and result.broken == []
    assert result.quantities == FIGURES
    assert result.sentences == SENTENCES
    assert result.charts == ["figures/charts/prices.svg"]
    assert snapshot(copy) == before  # nothing written


def test_impact_of_uncommitted_changes(copy):
    git = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t"]
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run(git + ["add", "-A"], cwd=copy, check=True)
    subprocess.run(git + ["commit", "-qm", "base"], cwd=copy, check=True)
    edit(copy / "data/prices.yaml", "    value: 125\n", "    value: 100\n")
    result = impact.of_uncommitted(copy)
    assert result.quantities == FIGURES and result.sentences == SENTENCES
    assert result.data_changes == ["data/prices.yaml | 2 +-"]


def test_impact_reports_a_broken_expectation_and_exits_1(copy):
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "impact", "--set",
                             "stated_kimi_active_params=30000000000"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Expectations that now fail (1):" in result.stdout
    assert "expectation 'kimi_parts_sum_to_stated_total' fails" in result.stdout  # 32.86 B of parts, not 30 B


def test_impact_reports_a_broken_claim_with_its_sentence_and_exits_1(copy):
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "impact", "--set",
                             "price_input_mythos=10"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Claims that now fail (1):" in result.stdout
    assert "  mythos_price_not_the_drafts_multiple: " in result.stdout  # 10 / 5 = 2×, the draft's own multiple
    assert "price_ratio_input_mythos_vs_opus_4_6  5× → 2×" in result.stdout  # 25 / 5, then 10 / 5
    assert "templates/opus-5-claim.md.j2:" in result.stdout.split("Claims that now fail")[1]


def test_impact_names_a_mistyped_datum(copy):
    result = subprocess.run([sys.executable, "-m", "calc", "--root", str(copy), "impact", "--set",
                             "price_output_mytos=50"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "--set: no datum named 'price_output_mytos'. Did you mean 'price_output_mythos'?" in result.stderr
