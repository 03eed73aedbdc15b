""" "What is X?" leads with the sentence that defines X (assistant/answer/definition.py)."""

from __future__ import annotations

import pytest

from assistant.answer.candidates import Candidate
from assistant.answer.definition import asked_term, definition_lead


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("What is CIRR?", "CIRR"),
        ("what is a VEU?", "VEU"),
        ("whats an MEU", "MEU"),
        ("What does ECCN mean?", "ECCN"),
        ("actually before that — what is CIRR?", "CIRR"),
        ("define deemed export", "deemed export"),
        ("What is the down payment on a medium-term deal for a buyer in Kenya?", None),  # asks about something
        ("How is the CIRR set?", None),
    ],
)
def test_the_asked_term(question: str, term: str | None) -> None:
    assert asked_term(question) == term


def _candidate(text: str, similarity: float) -> Candidate:
    return Candidate(
        passage_rank=0,
        position=0,
        doc_id="d",
        text=text,
        vector=None,
        similarity=similarity,  # type: ignore[arg-type]
        terms=frozenset(),
        figures=frozenset(),
        list_item=False,
        introducer=False,
        dangling=False,
        meta=False,
    )


def test_the_sentence_that_spells_the_term_out_and_defines_it_leads() -> None:
    near_miss = _candidate("A VEU authorization is a BIS export decision only: EXIM decides on financing.", 0.8)
    about = _candidate("For data centres, VEUs are based on a security review.", 0.9)
    defining = _candidate("The Data Center Validated End-User (VEU) authorization is a way to approve a site.", 0.6)
    assert definition_lead("what is a VEU?", [near_miss, about, defining]) is defining
    assert definition_lead("what is a VEU?", [near_miss, about]) is near_miss  # the shape, without spelling out
    assert definition_lead("what is a VEU?", [about]) is None  # "are based on" says something about it
    assert definition_lead("Do VEUs need a licence?", [defining]) is None  # not a what-is question
