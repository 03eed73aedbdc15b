"""ADR 0106: a brief first message the sources hold nothing for gets a clarifying question, not "nothing found"."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.context import AnswerStatus, PriorTurn, TurnContext
from assistant.pipeline.compose import AskBack, Compose

ASK = AskBack("What would you like to know?", ["one", "two"], max_words=7)
NOTHING = SimpleNamespace(no_content="I could not find anything.")


def _composed(message: str, history: list[PriorTurn] | None = None, ask_back: AskBack | None = ASK) -> TurnContext:
    turn = TurnContext(question=message, history=history or [])
    Compose(NOTHING, ask_back=ask_back)(turn)  # type: ignore[arg-type]  # no passages: nothing is composed
    return turn


def test_a_brief_first_message_with_nothing_found_is_asked_about() -> None:
    turn = _composed("who signs")
    assert turn.status is AnswerStatus.clarification and turn.suggestions == ["one", "two"]
    assert turn.answer == ASK.message


def test_a_longer_message_or_a_later_turn_still_says_nothing_was_found() -> None:
    long = _composed("who signs the form for a medium-term insurance policy on our deal")
    later = _composed("who signs", history=[PriorTurn(question="What is CIRR?", status=AnswerStatus.answered)])
    for turn in (long, later):
        assert turn.status is AnswerStatus.unanswerable_no_content and turn.answer == NOTHING.no_content
        assert turn.suggestions == []


def test_without_the_setting_nothing_changes() -> None:
    assert _composed("who signs", ask_back=None).status is AnswerStatus.unanswerable_no_content
