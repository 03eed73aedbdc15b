"""The turn reads as a table (ADR 0001): prelude, one branch per route, finale; stages carry no routes."""

from __future__ import annotations

from assistant.context import AnswerStatus, TurnContext
from assistant.pipeline.condense import AttributeSwitch
from assistant.pipeline.merge import Merge
from assistant.pipeline.runner import Pipeline
from assistant.sources import Citation


class Mark:
    def __init__(self, name: str, route: str | None = None, end: bool = False) -> None:
        self.name, self.route, self.end = name, route, end

    def __call__(self, turn: TurnContext) -> None:
        turn.notices.append(self.name)
        if self.route:
            turn.route = self.route  # type: ignore[assignment]
        if self.end:
            turn.abort(AnswerStatus.out_of_scope, "no")
        else:
            turn.status = AnswerStatus.answered


def _pipeline(route: str, end: bool = False) -> Pipeline:
    return Pipeline(
        prelude=[Mark("a"), Mark("route", route, end)],
        branches={"question": [Mark("q1"), Mark("q2")], "eligibility": [Mark("e1")]},
        finale=[Mark("final")],
        unavailable="unavailable",
    )


def test_the_prelude_then_the_chosen_branch_then_the_finale() -> None:
    assert _pipeline("eligibility").run(TurnContext(question="x")).notices == ["a", "route", "e1", "final"]
    assert _pipeline("question").run(TurnContext(question="x")).notices == ["a", "route", "q1", "q2", "final"]


def test_a_turn_ended_by_route_runs_nothing_more() -> None:
    turn = _pipeline("out_of_scope", end=True).run(TurnContext(question="x"))
    assert turn.notices == ["a", "route"] and turn.status is AnswerStatus.out_of_scope


def test_the_composition_root_writes_the_table_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from assistant.settings import Settings
    from assistant.wiring import Services

    repo = Path(__file__).resolve().parents[2]
    services = Services(Settings.test_profile(repo / "knowledge", tmp_path, repo / "config"))
    pipeline = services.pipeline
    assert [s.name for s in pipeline.prelude] == [
        "validate",
        "redact_pii",
        "embed_question",
        "condense",
        "read_facts",
        "guard_injection",
        "route",
    ]
    table = pipeline.table()
    assert table["question"] == ["retrieve", "compose", "verify_citations", "guard_output"]
    assert table["eligibility"] == ["update_intake", "check_eligibility", "explain", "guard_output"]
    assert table["deal_question"] == [
        "update_intake",
        "check_eligibility",
        "explain",
        "answer_questions",
        "merge",
        "guard_output",
    ]
    stages = [*pipeline.prelude, *pipeline.finale, *(s for b in pipeline.branches.values() for s in b)]
    assert not any(hasattr(s, "routes") for s in stages)


def test_a_follow_up_naming_another_value_replaces_it() -> None:
    switch = AttributeSwitch({"term": ["medium-term", "medium term", "long-term", "long term"]})
    previous = "What's the cash payment for a medium-term deal?"
    assert switch.replace(previous, "and for long-term?") == "What's the cash payment for a long-term deal?"
    assert switch.replace(previous, "and for medium term?") is None
    assert switch.replace(previous, "and what about the fees?") is None


def _citation(ref: int, doc: str) -> Citation:
    return Citation(ref=ref, doc_id=doc, section="s", title="t", url="https://e.gov", as_of="2026-01-01", quote=doc)


def test_merge_puts_the_answer_first_and_renumbers_the_deal_part() -> None:
    part = TurnContext(question="q", answer="Fifteen percent [1].", citations=[_citation(1, "cash")])
    turn = TurnContext(
        question="q",
        answer="Not eligible [1]. Licence first [2].",
        citations=[_citation(1, "rule"), _citation(2, "cash")],
        status=AnswerStatus.eligibility_result,
    )
    turn.question_part = part
    Merge()(turn)
    assert turn.answer == "Fifteen percent [1].\n\nNot eligible [2]. Licence first [1]."
    assert [c.doc_id for c in turn.citations] == ["cash", "rule"]
    assert turn.status is AnswerStatus.eligibility_result
