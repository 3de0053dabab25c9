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
    # Snowflake's own card: "resulting in 480B total and 17B active parameters" (was OpenRouter's page)
    "design_total_params_snowflake_arctic": (480, "snowflake_arctic_card"),
    "design_active_params_snowflake_arctic": (17, "snowflake_arctic_card"),
    # the Transformers docs of Switch: "A routing mechanism (top 1 in this case)" (was an index page)
    "experts_active_switch_c_2048": (1, "hf_transformers_switch"),
    # DeepSeek's corrected weight documentation: "Activation parameters: **36.6B** (including 0.9B for the output Head)."
    "maker_active_params_deepseek_v3_1": (36.6, "deepseek_v3_weights_doc_corrected"),
    # Kimi K3's routed experts as released: MXFP4, one E8M0 scale per 32 weights → (4 + 8 / 32) / 8 bytes
    "design_native_bytes_per_param_kimi_k3": ((4 + 8 / 32) / 8, "kimi_k3_release_files"),
    # GLM-5.2 (June 2026): "744B total parameters — only ~40B active per token", "256 experts in each MoE layer —
    # 8 routed + 1 shared", "78 transformer blocks (the first 3 use a dense FFN, the rest are MoE)"
    "design_total_params_glm_5_2": (744, "glm_5_2_reports"), "design_active_params_glm_5_2": (40, "glm_5_2_reports"),
    "experts_total_glm_5_2": (256, "glm_5_2_reports"), "experts_active_glm_5_2": (8, "glm_5_2_reports"),
    "design_shared_experts_glm_5_2": (1, "glm_5_2_reports"), "design_layers_glm_5_2": (78, "glm_5_2_reports"),
    "design_moe_layers_glm_5_2": (75, "glm_5_2_reports"),
    # Qwen3.5's counts from a second page that agrees with SGLang's ("397B-parameter … with 17B activated")
    "design_total_params_qwen3_5_397b": (397, "fireworks_qwen3_5"), "design_active_params_qwen3_5_397b": (17, "fireworks_qwen3_5"),
}

# aggregator and index pages: tier 3 at best unless the maker's page confirms (then the maker is cited, tier 1)
TIERS = {"qwen3_5_sglang": 3, "fireworks_qwen3_5": 2, "snowflake_arctic_card": 1, "vercel_qwen3_next": 3, "hf_transformers_switch": 2, "mythos_leak": 3}


@pytest.mark.parametrize("source", sorted(TIERS))
def test_each_retiered_source_sits_where_the_rules_put_it(project, source):
    assert project.dataset.sources[source].tier == TIERS[source]


def test_no_aggregator_page_is_cited_above_tier_3(project):
    aggregators = ("OpenRouter", "Vercel")
    # a design figure repeated by an aggregator; OpenRouter's speed listing is a measurement anyone can repeat
    # (tier 2 by the rules), read only through the estimate (its 'via' caps it at 3)
    cited = {e.source for e in project.dataset.entries.values() if e.location.path.endswith("designs.yaml")}
    for name in cited:
        source = project.dataset.sources[name]
        assert source.publisher not in aggregators or source.tier >= 3, name
    assert project.quantities["decode_rate_opus_4_6"].tier == 3
    assert project.quantities["experts_total_qwen3_next_80b"].tier == 3


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


def test_a_leak_is_not_tier_1(project):
    # Anthropic's Mythos drafts were exposed, never published: known through one report (tier 3), so tier 3
    leak = project.dataset.sources["mythos_leak"]
    assert leak.tier == 3 and leak.by is None


def test_a_tier_1_source_with_no_address_fails_check_at_its_tier_line(copy):
    sources = copy / "data/sources.yaml"
    edit(sources, "    date: 2026-03-26\n    tier: 3\n    via: mythos_leak_report\n",
         "    date: 2026-03-26\n    tier: 1\n    by: maker\n    via: mythos_leak_report\n")  # the leaked drafts as official
    line = line_of(sources, "    tier: 1", after="  mythos_leak:")
    assert (f"data/sources.yaml:{line}: source 'mythos_leak' is at tier 1, but has no address: tier 1 is only for what "
            "the maker published or released, and a leak or an unpublished draft is not an official disclosure "
            "(data/tiers.yaml). Give the publication's address under 'url:' or 'copy:'; otherwise lower its tier to "
            f"that of the report it is known through\n    {line} |     tier: 1") in problems(copy)


def test_every_tier_1_source_has_an_address(project):
    for source in project.dataset.sources.values():
        assert source.tier != 1 or source.url or source.arxiv or source.copy, source.id


def test_retired_models_are_said_to_be_retired():
    from tests.conftest import ROOT
    review = (ROOT / "docs/opus-5-claim.md").read_text(encoding="utf-8")
    # the price table (in a collapsed block, so its rows are indented under the block's title)
    row = next(line.lstrip() for line in review.splitlines() if line.lstrip().startswith("| Claude Opus 4.1,"))
    assert row.startswith("| Claude Opus 4.1, since retired (")
    size = (ROOT / "docs/opus-4-6-size.md").read_text(encoding="utf-8")
    assert "both older models have been retired since" in size


def test_fast_mode_is_dated_to_the_page_that_listed_opus_4_6(project):
    entry = project.dataset.entries["fast_mode_speedup_opus_4_6"]
    assert (entry.value, entry.source) == (2.5, "anthropic_fast_mode")  # "hasta 2.5x más tokens de salida por segundo"
    assert "no longer lists Opus 4.6" in entry.description


def test_deepseek_shows_the_makers_active_count_beside_the_estimates(project):
    q = project.quantities
    assert q["maker_active_params_deepseek_v3_1"].tier == 1
    assert q["active_params_deepseek_v3_1"].value == 37_554_471_512  # the estimate's count, which the method uses
    from tests.conftest import ROOT
    review = (ROOT / "docs/opus-5-claim.md").read_text(encoding="utf-8")
    row = next(line for line in review.splitlines() if line.lstrip().startswith("| DeepSeek V3.1 | [671 B"))
    assert "#maker_active_params_deepseek_v3_1 " in row and "as the maker counts them" in row


def test_glm_5_2_is_a_whole_design_and_the_set_claims_still_hold(project):
    q = project.quantities
    assert q["expert_expansion_glm_5_2"].value == pytest.approx(256 / 8)  # 32×, GLM-5's: no sparser than Maverick
    assert "opus_4_6_total_fp8_built_like_glm_5_2" in project.families["whole_design_totals_opus_4_6"]
    assert q["design_total_params_glm_5_2"].tier == 2
    assert all(r.holds for r in project.assertions), [r.assertion.name for r in project.assertions if not r.holds]


def test_chart_labels_name_their_own_figure(project):
    from calc.charts import prices, scale
    text = prices.alt(project)
    # the two Opus 5 rows: the draft's $20–40 guess and the $5 / $25 release price, each named for what it is
    assert "Claude Opus 5 (draft's guess): input range $20–40/Mtok, no output price" in text
    assert "Claude Opus 5 (list price): input $5/Mtok, output $25/Mtok" in text
    assert "Claude Opus 4.1 (retired): input $15/Mtok" in text
    # aimagicx.com's ten trillion is for what it calls "Claude Mythos 5": the label says whose name that is
    assert 'Claude Mythos (inferred, as "Mythos 5"): ≈10 T params' in scale.alt(project)
