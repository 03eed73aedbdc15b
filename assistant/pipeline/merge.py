"""The deal_question branch's own stages (ADR 0001, 0021): answer the questions of a mixed turn, then
merge that answer with the deal part.

The questions are answered on a copy of the turn, so an answer the sources cannot give (which ends a
question turn) does not end the eligibility check. `merge` puts the answer first and the deal part
second, renumbering citations into one list; the turn keeps the eligibility path's status.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.context import AnswerStatus, TurnContext
from assistant.pipeline.runner import Pipeline, Stage
from assistant.sources import Citation

_MARKER = re.compile(r"\[(\d+)\]")


class AnswerQuestions:
    name = "answer_questions"

    def __init__(self, stages: Sequence[Stage], unavailable: str) -> None:
        self.pipeline = Pipeline(stages, unavailable=unavailable)

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.pipeline.prelude]

    def __call__(self, turn: TurnContext) -> None:
        part = turn.model_copy(
            update={"route": "question", "status": None, "answer": "", "citations": [], "aborted": False, "timings": []}
        )
        self.pipeline.run(part)
        turn.timings.extend(part.timings)
        if part.status is AnswerStatus.error_unavailable:
            turn.abort(part.status, part.answer)
            return
        turn.question_part = part


class Merge:
    name = "merge"

    def __call__(self, turn: TurnContext) -> None:
        part: TurnContext | None = turn.question_part
        if part is None or not part.answer:
            return
        citations = list(part.citations)
        refs: dict[int, int] = {}
        for citation in turn.citations:
            same = next((c for c in citations if (c.doc_id, c.section, c.quote) == _key(citation)), None)
            if same is None:
                same = citation.model_copy(update={"ref": len(citations) + 1})
                citations.append(same)
            refs[citation.ref] = same.ref
        deal = _MARKER.sub(lambda m: f"[{refs.get(int(m.group(1)), int(m.group(1)))}]", turn.answer)
        turn.answer = "\n\n".join(p for p in (part.answer, deal) if p)
        turn.citations = citations
        turn.cited_chunks = part.cited_chunks
        turn.passages = part.passages
        turn.composer = part.composer


def _key(citation: Citation) -> tuple[str, str, str]:
    return citation.doc_id, citation.section, citation.quote
