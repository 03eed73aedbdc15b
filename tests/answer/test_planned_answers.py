"""Planned answers on the real index: the direct answer first, lists kept, what the sources lack said
plainly with who knows, and the staff draft built the same way."""

from __future__ import annotations

from assistant.context import AnswerStatus, TurnContext


def ask(services, question: str) -> TurnContext:  # type: ignore[no-untyped-def]
    return services.pipeline.run(TurnContext(question=question))


def test_the_answer_opens_with_the_sentence_that_answers_and_has_no_sources_paragraph(corpus_services) -> None:
    turn = ask(corpus_services, "What down payment does EXIM require on a medium-term deal?")
    first = turn.answer.split("\n\n")[0]
    assert "15%" in first and "[" in first
    assert "Sources:" not in turn.answer and all(c.dated for c in turn.citations)


def test_an_asked_for_list_is_quoted_with_its_introducer(corpus_services) -> None:
    turn = ask(corpus_services, "What are the six questions that decide whether an export needs a BIS licence?")
    assert "six questions:" in turn.answer
    assert turn.answer.count("\n- ") >= 6 and "U.S. persons" in turn.answer


def test_a_live_figure_is_declined_with_the_authority_and_what_helps(corpus_services) -> None:
    turn = ask(corpus_services, "What is this month's CIRR for an eight-year loan?")
    assert turn.status in {AnswerStatus.partial, AnswerStatus.unanswerable_no_content}
    assert "do not hold" in turn.answer and "exim.gov" in turn.answer


def test_a_two_part_question_gets_both_parts(corpus_services) -> None:
    turn = ask(
        corpus_services,
        "Can an EXIM direct loan support a military buyer? And what is the longest repayment term "
        "for renewable energy exports?",
    )
    assert "18 years" in turn.answer and "military" in turn.answer


def test_the_staff_draft_says_what_the_sources_lack_as_the_chat_does(corpus_services) -> None:
    draft = corpus_services.drafts.write(
        "Hi,\nWhat premium would we pay to insure our buyer in Kenya on a two-year medium-term deal?\nThanks,\nSam Lee"
    )
    assert draft.status is AnswerStatus.partial
    assert "do not hold" in draft.draft and "exposure-fees" in draft.draft


def test_a_section_whose_heading_names_the_list_is_quoted_whole_even_as_prose(corpus_services) -> None:
    """Asked "What certifications …? Give me the whole list.": the section headed "Certifications required
    under the H200 rule" is six sentences, not bullets; every one of them is the answer."""
    turn = ask(
        corpus_services,
        "What certifications do we have to make to get case-by-case review for H200-class chips to China? "
        "Give me the whole list.",
    )
    for fact in ("sufficient", "foundry", "50%", "Know Your Customer", "military end use", "third-party laboratory"):
        assert fact in turn.answer, fact


def test_a_heading_that_only_names_a_list_in_the_singular_is_not_the_list(corpus_services) -> None:
    """ "Which lists …" is answered from "BIS lists of parties of concern", not from "Entity List applies to
    every party in the transaction"."""
    turn = ask(corpus_services, "Which restricted-party lists does BIS itself maintain that we should screen against?")
    for name in ("Denied Persons", "Entity List", "Unverified List", "Military End-User"):
        assert name in turn.answer, name


def test_two_parts_answered_by_sentences_that_share_a_figure_and_most_words_both_get_answered(
    corpus_services,
) -> None:
    """The sentences "wait 35 days before the final vote" and "a notice allowing at least 25 days for
    comment" share "$100 million" and most of their words, but each states a figure the other does not:
    two facts, not a repeat."""
    turn = ask(
        corpus_services,
        "After EXIM's Board votes to notify Congress about a $150 million long-term deal, how long must it wait "
        "before the final vote, and how long does the Federal Register comment period have to be?",
    )
    assert "35 days" in turn.answer and "25 days" in turn.answer


def test_a_caveat_opens_the_answer_only_when_the_question_asks_whether_a_fact_is_settled(corpus_services) -> None:
    """ADR 0120: "has not been verified" is a caveat, which answers only when nothing else does — unless the
    question asks whether the thing is actually so."""
    turn = ask(corpus_services, "Is the 15% revenue cut on H20 sales to China actually written into the regulations?")
    assert "not been verified" in turn.answer.split("\n\n")[0]


def test_a_general_question_opens_with_its_answer_not_with_a_rule_its_words_trigger(corpus_services) -> None:
    """ADR 0121: the facts a general question names are its subject, not the asker's deal."""
    turn = ask(
        corpus_services, "Since what year has EXIM had its dual-use exception for things a foreign military buys?"
    )
    assert "1994" in turn.answer.split("\n\n")[0].split("[1]")[0]
