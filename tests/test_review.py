"""The evidence review's key comparisons come from computed values: change a datum, the sentence changes.

Expected texts are worked out by hand from the changed inputs (e.g. 100 / 25 = 4×).
"""

from __future__ import annotations

import re

from calc import site
from calc.render import figure_links
from tests.conftest import ROOT, edit

REVIEW = "docs/opus-5-claim.md"


def shown(root, name: str, page: str = REVIEW) -> list[str]:
    """How a figure reads on a page after rendering ``root`` (every occurrence)."""
    produced = site.produce(root, draw=False)
    assert [str(p) for p in produced.errors] == []
    text = next(o for o in produced.outputs if o.path == page).content.decode()
    return [t for n, t, _ in figure_links(text) if n == name]


def test_as_committed():
    assert shown(ROOT, "price_ratio_output_mythos_vs_opus_4_6") == ["5×"]  # $125 announced, over $25
    assert shown(ROOT, "implied_total_sonnet") == ["1 T params"]
    assert shown(ROOT, "implied_total_opus") == ["5 T params"] * 3  # the evidence, the ratio and the estimates table
    assert shown(ROOT, "scale_gpt_2_to_gpt_3") == ["117×"]
    assert shown(ROOT, "price_ratio_input_opus_4_6_vs_opus_4_1") == ["a third"]
    assert shown(ROOT, "active_share_ten_expert_reading") == ["10–20%"]


def test_price_multiple_follows_the_price(copy):
    edit(copy / "data/prices.yaml", "    value: 125\n", "    value: 100\n")
    assert shown(copy, "price_ratio_output_mythos_vs_opus_4_6") == ["4×"]  # 100 / 25


def test_price_fraction_follows_the_price(copy):
    edit(copy / "data/prices.yaml", "    value: 15\n    unit: USD/Mtok\n    model: opus_4_1\n",
         "    value: 20\n    unit: USD/Mtok\n    model: opus_4_1\n")
    edit(copy / "data/prices.yaml", "    value: 75\n", "    value: 100\n")  # the sentence says "alike": keep it so
    assert shown(copy, "price_ratio_input_opus_4_6_vs_opus_4_1") == ["a quarter"]  # 5 / 20 (and 25 / 100)


def test_implied_totals_follow_grok(copy):
    edit(copy / "data/estimates.yaml", "    value: 0.5\n    unit: Tparam\n    model: grok_4_2\n",
         "    value: 0.6\n    unit: Tparam\n    model: grok_4_2\n")
    # the community's readings must follow too, or the expectations that tie them to the ratio fail the render
    edit(copy / "data/estimates.yaml", "    value: 1\n    unit: Tparam\n    approximate: true\n    source: exchange_account",
         "    value: 1.2\n    unit: Tparam\n    approximate: true\n    source: exchange_account")
    edit(copy / "data/estimates.yaml", "    value: 5\n    unit: Tparam\n    approximate: true\n    source: exchange_account",
         "    value: 6\n    unit: Tparam\n    approximate: true\n    source: exchange_account")
    assert shown(copy, "implied_total_sonnet") == ["1.2 T params"]  # 0.6 / 0.5
    assert shown(copy, "implied_total_opus") == ["6 T params"] * 3  # 0.6 / 0.1


def test_scale_multiples_follow_gpt_3(copy):
    edit(copy / "data/estimates.yaml", "    value: 175\n    unit: Bparam\n    model: gpt_3\n",
         "    value: 200\n    unit: Bparam\n    model: gpt_3\n")
    # the draft's "28×" would no longer be the multiple rounded down (a claim the review binds): move it to 25 too
    edit(copy / "data/estimates.yaml", "    value: 28\n    unit: 1\n    approximate: true\n    source: aithinkerlab_draft\n",
         "    value: 25\n    unit: 1\n    approximate: true\n    source: aithinkerlab_draft\n")
    assert shown(copy, "scale_gpt_2_to_gpt_3") == ["133×"]  # 200 / 1.5
    assert shown(copy, "scale_gpt_3_to_opus_5_claim") == ["≈25×"]  # 5000 / 200, of an approximate claim


def test_active_share_follows_the_total(copy):
    # 680 B keeps DeepSeek one design (its configured split gives back 680 / 37.55 = 18.1 per active within 3%)
    edit(copy / "data/designs.yaml", "    value: 671\n", "    value: 680\n")
    # 37,554,471,512 / 680e9 = 5.52%, shown to two figures as the column's other computed share (≈28%) is
    assert shown(copy, "active_share_deepseek_v3_1") == ["5.5%"]


def test_the_claims_tier_is_computed_from_its_evidence(copy):
    text = shown_text(ROOT)
    mark = '(tiers.md#tier-{0} "Tier {0} · {1}"){{ .tier .tier--{0}'
    assert re.search(r"the claim is at \[T4[^\]]*\]" + re.escape(mark.format(4, "Speculation")), text)
    # as if the post itself had been read (not only through the account of the exchange, which caps it at 4)
    edit(copy / "data/sources.yaml", "    tier: 4\n    via: exchange_account\n    cite: the X post attributed to Elon Musk\n",
         "    tier: 2\n    cite: the X post attributed to Elon Musk\n")
    # and Grok 4.2's size, which the ratio is read against, from a separate post's report (tier 4) raised alike
    edit(copy / "data/sources.yaml", "    tier: 4\n    cite: a report of Musk's post on Grok 4.2's size\n",
         "    tier: 2\n    cite: a report of Musk's post on Grok 4.2's size\n")
    edit(copy / "data/claims.yaml", "      - figure: implied_total_opus\n        bears: carried_over\n",
         "      - figure: implied_total_opus\n        bears: directly\n")
    assert re.search(r"the claim is at \[T2[^\]]*\]" + re.escape(mark.format(2, "Verified third party")),
                     shown_text(copy))


def shown_text(root) -> str:
    produced = site.produce(root, draw=False)
    return next(o for o in produced.outputs if o.path == REVIEW).content.decode()


def test_benchmark_cells_sit_under_their_models_column():
    text = shown_text(ROOT)
    header = next(line for line in text.splitlines() if line.startswith("| Benchmark |"))
    columns = [c.strip() for c in header.strip("|").split("|")][1:4]
    assert columns == ["Claude Opus 4.7", "GPT-5.5", "Gemini 3.1 Pro"]
    suffix = {"Claude Opus 4.7": "_opus_4_7", "GPT-5.5": "_gpt_5_5", "Gemini 3.1 Pro": "_gemini_3_1_pro"}
    rows = [line for line in text.splitlines() if line.startswith("| ") and "figures/benchmarks.md#bench_" in line]
    assert len(rows) == 7
    for row in rows:
        cells = [c for c in re.split(r"\s\|\s", row.strip("| "))][1:4]
        for column, cell in zip(columns, cells):
            name = re.search(r"#(bench_\w+) ", cell).group(1)
            assert name.endswith(suffix[column]), (column, name)
    swe = next(r for r in rows if r.startswith("| SWE-bench Pro"))  # the draft's "SWE-bench Verified" row
    assert re.findall(r"\[([^\]]+)\]", swe)[:3] == ["64.3%", "58.6%", "≈59%"]  # the draft's row, in its order


def test_every_figure_in_the_review_has_an_entry_with_source_and_tier():
    review = (ROOT / REVIEW).read_text()
    figures = "".join(page.read_text() for page in sorted((ROOT / "docs/figures").glob("*.md")))
    names = {name for name, _, _ in figure_links(review)}
    assert len(names) > 100
    for name in names:
        entry = figures[figures.index(f"{{: #{name} }}"):]
        entry = entry[:entry.index("\n\n**")] if "\n\n**" in entry else entry
        assert "(../tiers.md#tier-" in entry or "(../tiers.md#definitions)" in entry, name
        assert "- Sources:" in entry or "(../tiers.md#definitions)" in entry, name
