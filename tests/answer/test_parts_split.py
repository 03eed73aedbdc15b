"""What counts as a part of a question: not a clause that is only said, not half a sentence cut at "U.S."."""

from __future__ import annotations

from assistant.answer.candidates import GENERIC
from assistant.answer.parts import split_parts


def _texts(question: str) -> list[str]:
    return [p.text for p in split_parts(question, GENERIC)]


def test_a_said_clause_before_but_is_context_not_a_part() -> None:
    question = "I get that Commerce runs the exports program, but what's State's piece?"
    assert _texts(question) == ["what's State's piece?"]


def test_a_clause_that_asks_stays_a_part() -> None:
    assert (
        len(_texts("Under the guarantee, how much can a lender advance on inventory, and how much on receivables?"))
        == 2
    )
    assert len(_texts("ExportAI - can I get a direct loan on a medium-term deal or is it just insurance?")) == 2


def test_an_abbreviation_does_not_end_the_sentence() -> None:
    question = "Is there any legal way for a U.S. company to do this deal, and could EXIM help finance it?"
    assert _texts(question)[0] == "Is there any legal way for a U.S. company to do this deal"


def test_a_part_that_leans_on_an_earlier_one_keeps_its_own_words_apart() -> None:
    """A part asking "…resolve it?" borrows the first part's subject into its focus, but the ranker's `part_own_focus`
    reads only what the part itself asks about, so the first part's asked words do not decide its answer."""
    first, second = split_parts(
        "How many days does BIS have to refer our application to other agencies, and what's the overall "
        "deadline to resolve it?"
    )
    assert {"refer", "agency"} <= second.focus
    assert {"deadline", "resolve"} <= second.own and not {"refer", "agency"} & second.own
    assert first.own == first.focus


def test_a_request_for_the_whole_list_makes_the_part_before_it_a_list_question() -> None:
    parts = split_parts("What kinds of relief can MARAD give us? List them all please.", GENERIC)
    assert len(parts) == 1 and parts[0].answer_type == "list"
    assert [p.answer_type for p in split_parts("What is CIRR? Tell me.", GENERIC)] == ["definition"]
