"""Question parts, their answer types, and the parts the sources cannot answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.abstain import Abstainer
from assistant.answer.parts import split_parts
from evals.abstention_examples import LOOK_ALIKES

CONFIG = Path(__file__).resolve().parents[2] / "config"


def test_a_two_question_message_has_two_parts_with_their_answer_types() -> None:
    parts = split_parts("Does medium-term insurance need a cash payment, and how long can the credit terms run?")
    assert [p.answer_type for p in parts] == ["amount", "duration"]
    parts = split_parts("Can an EXIM direct loan support a military buyer? And what is the longest term?")
    assert len(parts) == 2 and parts[0].answer_type == "yes_no"


def test_a_preposition_before_the_second_question_word_still_splits() -> None:
    parts = split_parts("Above what amount does a deal need Board approval, and above what amount is Congress told?")
    assert [p.text for p in parts] == [
        "Above what amount does a deal need Board approval",
        "above what amount is Congress told?",
    ]
    parts = split_parts("On what date did BIS suspend the affiliates rule, and under which executive order?")
    assert len(parts) == 2 and parts[1].text.startswith("under which")


def test_a_piece_with_no_words_of_its_own_stays_with_the_part_before_it() -> None:
    # "and for what?" asks about the first part's subject: it must not vanish from the question.
    parts = split_parts("Can BIS deny our export privileges, and for what?")
    assert [p.text for p in parts] == ["Can BIS deny our export privileges and for what?"]


def test_a_short_clause_between_the_join_and_the_question_word_still_splits() -> None:
    """ADR 0115: "…, and once it's issued, how long is it valid?" asks a second question."""
    parts = split_parts("How long does BIS take to decide, and once it's issued, how long is the licence valid?")
    assert [p.answer_type for p in parts] == ["duration", "duration"] and parts[1].text.startswith("once")
    assert len(split_parts("Is Vietnam in D:1 and D:3?")) == 1  # no question word after the join


def test_statements_are_not_parts_and_a_bare_request_is_one() -> None:
    parts = split_parts("We are a small firm in Ohio. We sell pumps. What down payment does EXIM need?")
    assert [p.text for p in parts] == ["What down payment does EXIM need?"]
    assert len(split_parts("medium-term insurance premium timing")) == 1


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What is the six-questions list", "list"),
        ("Which sectors count as transformational export areas?", "list"),
        ("When did BIS first create ECCNs 3A090 and 4A090?", "date"),
        ("What percentage of U.S. content is needed?", "percent"),
        ("What is a Credit Guarantee Facility?", "definition"),
    ],
)
def test_answer_types(question: str, kind: str) -> None:
    if kind == "list" and "six-questions" in question:
        question = "List the six questions that decide whether a licence is needed."
    assert split_parts(question)[0].answer_type == kind


@pytest.fixture(scope="module")
def abstainer() -> Abstainer:
    return Abstainer.load(CONFIG)


def _gaps(abstainer: Abstainer, embedder, question: str) -> list:  # type: ignore[no-untyped-def]
    """The gaps as the composer finds them: each part with its own vector (the question's when one part)."""
    parts = split_parts(question)
    texts = [question] if len(parts) == 1 else [p.text for p in parts]
    return abstainer.gaps(question, parts, embedder.embed_documents(texts))


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What is this month's CIRR for an eight-year loan?", "live_rate"),
        ("What premium would we pay to insure our buyer in Kenya on a two-year deal?", "one_party_price"),
        ("Has Acme Robotics' application for a working capital guarantee been approved yet?", "named_case"),
        ("What's the status of our BIS licence application?", "named_case"),
        ("How many ExportAI deals has EXIM approved so far?", "count_so_far"),
        ("Is EXIM open for cover in Argentina right now?", "country_cover_now"),
    ],
)
def test_parts_the_sources_cannot_hold_are_recognised(
    abstainer: Abstainer,
    embedder,  # type: ignore[no-untyped-def]
    question: str,
    kind: str,
) -> None:
    gaps = _gaps(abstainer, embedder, question)
    assert len(gaps) == 1 and gaps[0].kind == kind
    assert "do not hold" in gaps[0].statement and "https://" in gaps[0].statement


@pytest.mark.parametrize("question", LOOK_ALIKES)  # also labelled answerable in the classifier's data
def test_answerable_look_alikes_are_not_declined(abstainer: Abstainer, embedder, question: str) -> None:  # type: ignore[no-untyped-def]
    assert _gaps(abstainer, embedder, question) == []


def test_a_part_that_says_it_is_about_what_the_part_before_named() -> None:
    _first, second = split_parts(
        "Who applies for EXIM's Supply Chain Finance Guarantee, and do the U.S.-flag shipping rules apply to it?"
    )
    assert {"supply", "chain", "guarantee"} <= second.focus
    assert "supply" not in split_parts("Do the U.S.-flag shipping rules apply to direct loans?")[0].focus


def test_which_one_leans_on_the_part_before_it() -> None:
    """ "…, and which one did the same for the DNR and LNR regions?" asks for an executive order too."""
    first, second = split_parts(
        "Which executive order created the Crimea embargo, and which one did the same for the DNR and LNR regions?"
    )
    assert first.focus <= second.focus


def test_a_comma_then_what_or_how_after_a_question_starts_another_part() -> None:
    parts = split_parts("Is the guarantee conditional or unconditional, what share of the risk does it cover?")
    assert [p.text for p in parts] == [
        "Is the guarantee conditional or unconditional",
        "what share of the risk does it cover?",
    ]
    # a clause of time is not a question, and "which" after a comma begins a relative clause
    assert (
        len(split_parts("When Commerce started licensing H20s in 2025, what share of revenue went to the government?"))
        == 1
    )
    assert len(split_parts("Does the policy, which covers services, need a cash payment?")) == 1


def test_a_question_after_a_lead_in_phrase_is_a_part() -> None:
    """ "For X, does Y …, and does it …?" asks twice: the first question was taken for a statement."""
    parts = split_parts(
        "For Make More in America, does the jobs metric count construction jobs, and does it count supplier jobs?"
    )
    assert len(parts) == 2 and parts[0].text.startswith("For Make More")
    parts = split_parts(
        "The October 2023 rule: what is its citation, when was it published, and when did it take effect?"
    )
    assert len(parts) == 3
