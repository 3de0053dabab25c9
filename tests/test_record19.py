"""Issue 19's record-and-tier findings: each new or changed datum with its public value and source, the GPQA tie,
and the tier rules `check` enforces since (a leak, or any source with no address, is not an official disclosure).

Expected values are typed from the pages read (quoted in data/), not taken from the engine's output.
"""

from __future__ import annotations

import pytest

from calc import engine
from tests.conftest import edit, line_of

# name → (the public value as its source gives it, in the datum's unit; the source id)
PUBLIC = {
    "gpqa_diamond_questions": (198, "harbor_gpqa_diamond"),  # "GPQA Diamond subset: 198 … questions"
}


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_each_new_datum_has_its_public_value_and_source(project, name):
    value, source = PUBLIC[name]
    entry = project.dataset.entries[name]
    assert (entry.value, entry.source) == (pytest.approx(value), source)
    assert project.dataset.address_of(entry), name


def test_the_gpqa_lead_is_less_than_one_question(project):
    q = project.quantities
    lead = q["gpqa_diamond_lead_gemini_3_1_pro_over_opus_4_7"].value
    one = q["gpqa_diamond_one_question"].value
    assert lead == pytest.approx((94.3 - 94.2) / 100)  # Google's 94.3% against Anthropic's 94.2%
    assert one == pytest.approx(1 / 198)
    assert lead < one
    # GPT-5.5's 93.6% is more than one question behind Gemini's 94.3%: the tie is only the top two
    assert (94.3 - 93.6) / 100 > one


def test_the_gpqa_row_says_tied_not_highest():
    from tests.conftest import ROOT
    page = (ROOT / "docs/opus-5-claim.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| GPQA Diamond |"))
    assert row.rstrip(" |").split("| ")[-1].startswith("tied: Gemini 3.1 Pro and Claude Opus 4.7")


def problems(root) -> list[str]:
    return [str(p) for p in engine.load(root).problems.items if not p.warning]
