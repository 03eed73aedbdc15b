"""`python -m evals add-from-feedback`: reviewed turns become cases, once each."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from assistant.context import AnswerStatus, TurnContext
from assistant.settings import Settings
from assistant.sources import Citation
from assistant.wiring import Services
from evals.__main__ import main
from evals.cases import load_cases


def test_reviewed_turns_become_cases(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    services = Services(Settings())
    conversation = services.conversations.new_conversation()
    for question in ("What does EXIM's medium-term insurance cover?", "And the cash payment?"):
        turn = TurnContext(question=question, turn_id=str(uuid.uuid4()))
        turn.status, turn.answer = AnswerStatus.answered, "…"
        turn.citations = [
            Citation(
                ref=1,
                doc_id="exim-mlt-financing-terms",
                section="cash-payment",
                title="t",
                url="https://x.gov",
                as_of="2026-01-01",
                quote="q",
            )
        ]
        services.conversations.add_turn(conversation, turn)
    services.staff.review_turn(turn.turn_id, "ann", "approved", None, ["15%"], [])
    services.staff.review_turn(turn.turn_id, "ann", "rejected", None, [], [])  # rejected reviews make no case
    out = tmp_path / "reviewed.jsonl"
    assert main(["add-from-feedback", "--out", str(out)]) == 0
    assert main(["add-from-feedback", "--out", str(out)]) == 0  # a second run adds nothing new
    [case] = load_cases(out)
    assert case.kind == "conversation" and len(case.turns) == 2
    assert case.expect.must_include == [["15%"]] and case.expect.sources == ["exim-mlt-financing-terms"]
    assert json.loads(out.read_text().splitlines()[0])["tags"] == ["reviewed", "approved"]
