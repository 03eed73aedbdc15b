"""The answer-quality measures of issue 10, on hand-made replies."""

from __future__ import annotations

from evals.answer_quality import aggregate_quality, cited_sentences, measure, repeats_a_fact
from evals.cases import EvalCase


def case(question: str, must: list[list[str]], status: list[str], tags: list[str] | None = None) -> EvalCase:
    return EvalCase.model_validate(
        {
            "id": "x",
            "kind": "qa",
            "turns": [question],
            "expect": {"status": status, "must_include": must},
            "tags": tags or [],
        }
    )


def test_lead_hit_reads_the_first_cited_sentence() -> None:
    c = case("What down payment is needed?", [["15%"]], ["answered"])
    assert measure(c, "answered", "The buyer pays at least 15% in cash [1]. Other text [2].").lead_hit is True
    assert measure(c, "answered", "Cover is conditional [1]. The buyer pays 15% [1].").lead_hit is False


def test_list_items_count_as_sentences_and_list_completeness_is_a_share() -> None:
    answer = "There are two tests: [1]\n- The first test is size [1]\n- The second test is age [1]"
    assert len(cited_sentences(answer)) == 3
    c = case("What are the tests?", [["size"], ["age"], ["colour"]], ["answered"], ["list"])
    assert abs(measure(c, "answered", answer).list_completeness - 2 / 3) < 1e-9


def test_abstention_precision_and_recall() -> None:
    unknowable = case("What is this month's rate?", [], ["partial", "unanswerable_no_content"])
    knowable = case("What is the cash payment?", [["15%"]], ["answered"])
    rows = [
        measure(unknowable, "partial", ""),
        measure(knowable, "answered", "15% [1]."),
        measure(knowable, "partial", "15% [1]."),
    ]
    agg = aggregate_quality(rows)
    assert agg["abstention_recall"] == 1.0 and agg["abstention_precision"] == 0.5


def test_a_repeated_fact_is_the_same_figures_about_the_same_thing() -> None:
    assert repeats_a_fact(["The cap is $135 billion under the charter.", "The charter cap remains $135 billion."])
    assert not repeats_a_fact(["The cap is $135 billion.", "Medium-term deals need 15% cash."])
    assert not repeats_a_fact(
        ["Cover is 90% of principal.", "Advances reach 90% of receivables in the borrowing base."]
    )
