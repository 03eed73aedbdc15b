"""The planner: a lead per part, lists kept with their introducer, no dangling subjects, no repeated facts."""

from __future__ import annotations

import numpy as np

from assistant.answer.candidates import Candidate, figures_of
from assistant.answer.planner import PlanLimits, Planner
from assistant.index.analysis import terms

LIMITS = PlanLimits(
    lead_min_probability=0.2,
    support_min_probability=0.6,
    max_support=2,
    max_words=150,
    max_list_items=12,
    min_words=3,
    redundancy_similarity=0.95,
)


def cand(position: int, text: str, *, item: bool = False, intro: bool = False, rank: int = 0) -> Candidate:
    vector = np.zeros(8, dtype=np.float32)
    vector[position % 8] = 1.0
    return Candidate(
        passage_rank=rank,
        position=position,
        doc_id=f"doc-{rank}",
        text=text,
        vector=vector,
        similarity=0.5,
        terms=frozenset(terms(text)),
        figures=figures_of(text),
        list_item=item,
        introducer=intro,
        dangling=text.split()[0] in {"It", "This"},
        meta=False,
    )


def test_each_part_gets_its_own_sentence() -> None:
    pool = [cand(0, "The guarantee covers 90% of the loan."), cand(1, "The lender sets the interest rate.")]
    probs = np.array([[0.9, 0.8], [0.2, 0.95]])  # part 1 likes both; part 2 only the second
    plan = Planner(LIMITS).plan(pool, probs, [False, False], probs, frozenset())
    assert [c.position for c in plan.lead] == [1, 0]  # each its own; the surest (0.95) first (ADR 0093)


def test_an_asked_for_list_is_quoted_whole_after_its_introducer() -> None:
    pool = [
        cand(0, "The licence question has three steps:", intro=True),
        cand(1, "Classify the item.", item=True),
        cand(2, "Check the destination.", item=True),
        cand(3, "Screen the end user.", item=True),
        cand(4, "Penalties for violations are severe and apply per shipment."),
    ]
    probs = np.array([[0.3, 0.4, 0.5, 0.9, 0.1]])
    plan = Planner(LIMITS).plan(pool, probs, [True], probs, frozenset())
    assert [c.position for c in plan.lead] == [0, 1, 2, 3]


def test_a_dangling_sentence_needs_the_one_before_it() -> None:
    pool = [cand(0, "Medium-term insurance covers one buyer."), cand(1, "It also covers services sold with it.")]
    probs = np.array([[0.1, 0.9]])
    plan = Planner(LIMITS).plan(pool, probs, [False], probs, frozenset())
    assert plan.chosen == []


def test_a_sentence_stating_no_new_fact_is_a_repeat_even_from_another_passage() -> None:
    pool = [
        cand(0, "Medium-term insurance needs a cash payment of 15% before delivery."),
        cand(1, "Medium-term insurance needs a 15% cash payment.", rank=1),
        cand(2, "Medium-term insurance covers 100% of the financed portion."),
    ]
    probs = np.array([[0.9, 0.85, 0.8]])
    plan = Planner(LIMITS).plan(pool, probs, [False], probs, frozenset({"medium-term", "insurance"}))
    assert [c.position for c in plan.chosen] == [0, 2]


def test_a_sentence_that_counts_what_follows_brings_those_sentences() -> None:
    # "… built on three pillars." then three sentences, not bullets: the count says how many follow.
    from dataclasses import replace

    pool = [
        replace(cand(0, "The plan is built on three pillars."), announces=3),
        cand(1, "Pillar I is accelerating innovation."),
        cand(2, "Pillar II is building infrastructure."),
        cand(3, "Pillar III is diplomacy and security."),
        cand(4, "Penalties for violations are severe and apply per shipment."),
    ]
    probs = np.array([[0.9, 0.3, 0.3, 0.3, 0.1]])
    plan = Planner(LIMITS).plan(pool, probs, [True], probs, frozenset())
    assert [c.position for c in plan.lead] == [0, 1, 2, 3]


def test_the_count_is_read_from_the_sentence() -> None:
    from assistant.answer.candidates import _announced_count

    assert _announced_count("EXIM can base its credit decision on one of three approaches.") == 3
    assert _announced_count("America's AI Action Plan is built on three pillars.") == 3
    assert _announced_count("EO 14320 was one of three AI executive orders.") == 0  # orders are not announced items
