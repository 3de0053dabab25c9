"""Benchmark corrections: how far a score the draft states under a wrong label is from the public one."""

from __future__ import annotations

from calc.derivation import Registry
from calc.units import Count, Share

registry = Registry("benchmarks")


def score_gap(public: Share, stated: Share) -> Share:
    """In percentage points: the public score minus the score stated for the same benchmark."""
    return public - stated


# Only scores on one benchmark are subtracted: the draft's mislabelled cells hold scores on other benchmarks, and a
# difference between two benchmarks' scores means nothing (the prose says which benchmark each cell holds instead).
GAPS = {  # name → (public score, stated score, what the gap says)
    "gap_terminal_bench_2_gemini_3_1_pro": (
        "bench_terminal_bench_2_gemini_3_1_pro", "stated_bench_terminal_bench_2_gemini_3_1_pro",
        "Percentage points between {gemini_3_1_pro}'s public Terminal-Bench 2.0 score and the draft's estimate"),
}

for _name, (_public, _stated, _description) in GAPS.items():
    registry.add(_name, score_gap, description=_description, inputs={"public": _public, "stated": _stated})


def one_question(questions: Count) -> Share:
    """In percentage points: how much one question moves a score on a benchmark of this many questions."""
    return 1 / questions


registry.add("gpqa_diamond_one_question", one_question, description="Percentage points one GPQA Diamond question is worth",
             inputs={"questions": "gpqa_diamond_questions"})
# two models on one benchmark: the lead on GPQA Diamond, set against what one question is worth
registry.add("gpqa_diamond_lead_gemini_3_1_pro_over_opus_4_7", score_gap,
             description="Percentage points by which {gemini_3_1_pro} leads {opus_4_7} on GPQA Diamond",
             inputs={"public": "bench_gpqa_diamond_gemini_3_1_pro", "stated": "bench_gpqa_diamond_opus_4_7"})
