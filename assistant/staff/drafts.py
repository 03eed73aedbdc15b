"""Draft replies to pasted inquiries: each question answered with verified citations, the deal
checked when the email holds deal facts, missing facts turned into questions for the customer.

The draft is for a staff member to read, edit and approve; it is never sent by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.answer.citations import CitationVerifier
from assistant.answer.extractive import ExtractiveComposer
from assistant.context import AnswerStatus
from assistant.corpus.sentences import split_sentences
from assistant.eligibility.advice_text import advice_blocks
from assistant.eligibility.engine import EligibilityEngine
from assistant.guardrails.pii import redact
from assistant.guardrails.text import clean_message
from assistant.intake.config import IntakeConfig
from assistant.intake.extract import FactExtractor
from assistant.intake.wording import describe, money
from assistant.knowledge.notes import KnowledgeNotes
from assistant.messages import DraftWording
from assistant.retrieval.retriever import HybridRetriever
from assistant.sources import Citation

MAX_INQUIRY_CHARS = 8000
_INTERROGATIVE = re.compile(
    r"^(what|how|when|where|why|which|who|whom|whose|is|are|can|could|do|does|did|should|would|will|may|"
    r"if|please (tell|let|explain|confirm|advise))\b",
    re.I,
)
# "Hi Sam," / "Dear EXIM team," at the start of a line: the greeting goes, the rest of the line stays.
_GREETING = re.compile(r"^\s*(hi|hello|dear|good (morning|afternoon|evening))\b[^,!?.\n]{0,40}[,!.]?\s*", re.I | re.M)
_SIGN_OFF = re.compile(r"^\s*(thanks|thank you|regards|best|kind regards|sincerely|cheers)\b.*", re.I | re.S | re.M)


@dataclass
class Draft:
    draft: str
    citations: list[dict[str, Any]]
    facts: dict[str, Any]
    eligibility: dict[str, Any] | None
    status: AnswerStatus
    inquiry: str


def questions_in(inquiry: str) -> list[str]:
    """The questions an email asks: sentences ending in '?' or opening like a question."""
    body = _SIGN_OFF.split(_GREETING.sub("", inquiry), maxsplit=1)[0]
    found: list[str] = []
    for line in body.splitlines():
        line = re.sub(r"^\s*(\d+[.)]|[-*•])\s*", "", line).strip()
        for sentence in split_sentences(line):
            if sentence.endswith("?") or (_INTERROGATIVE.match(sentence) and len(sentence.split()) >= 4):
                found.append(sentence)
    return list(dict.fromkeys(found))


def signer(inquiry: str) -> str | None:
    """The name under the sign-off ("Thanks,\nSam Lee"), for the greeting."""
    match = re.search(
        r"^\s*(?i:thanks|thank you|regards|best|kind regards|sincerely|cheers)[^\n]*\n+\s*"
        r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*$",
        inquiry,
        re.M,
    )
    return match.group(1) if match else None


class DraftWriter:
    def __init__(
        self,
        retriever: HybridRetriever,
        composer: ExtractiveComposer,
        verifier: CitationVerifier,
        extractor: FactExtractor,
        engine: EligibilityEngine,
        intake: IntakeConfig,
        wording: DraftWording,
        knowledge: KnowledgeNotes | None = None,
    ) -> None:
        self.wording = wording  # config/messages.yaml `draft`
        self.knowledge = knowledge  # dates sources in words; notes quoted facts that lapse (issue 13)
        self.retriever = retriever
        self.composer = composer
        self.verifier = verifier
        self.extractor = extractor
        self.engine = engine
        self.intake = intake

    def write(self, raw_inquiry: str) -> Draft:
        inquiry = redact(clean_message(raw_inquiry, max_chars=MAX_INQUIRY_CHARS)).text
        citations: list[Citation] = []
        chunk_of: dict[int, str] = {}
        sections: list[str] = []
        unanswered = 0
        for question in questions_in(inquiry) or [inquiry]:
            result = self.retriever.retrieve(question)
            composed = (
                self.composer.compose(question, result.query_vector, result.passages)
                if result.passages and result.query_vector is not None
                else None
            )
            if composed is None or composed.status is AnswerStatus.unanswerable_no_content:
                unanswered += 1
                # What the sources cannot hold is said as the chat says it, with who knows (ADR 0011).
                said = composed.answer if composed is not None and composed.gaps else self.wording.not_covered
                sections.append(f"> {question}\n\n{said}")
                continue
            unanswered += bool(composed.gaps)
            renumber: dict[int, int] = {}
            for citation in composed.citations:
                existing = next(
                    (c for c in citations if (c.doc_id, c.section) == (citation.doc_id, citation.section)), None
                )
                if existing is None:
                    existing = citation.model_copy(update={"ref": len(citations) + 1})
                    citations.append(existing)
                    chunk_of[existing.ref] = composed.cited_chunks[citation.ref]
                renumber[citation.ref] = existing.ref
            answer = _renumber(composed.answer, renumber)
            sections.append(f"> {question}\n\n{answer}")
        facts, eligibility, deal_part = self._deal(inquiry)
        words = self.wording
        parts = [words.greeting.format(name=signer(inquiry) or words.default_name), words.opening]
        parts += sections
        if deal_part:
            parts.append(deal_part)
        if self.knowledge is not None:
            citations, time_notes = self.knowledge.annotate(citations)
            parts += time_notes
        parts += [words.next_steps, words.disclaimer, words.sign_off]
        verified = self._verify("\n\n".join(sections), citations, chunk_of)
        status = AnswerStatus.partial if unanswered else AnswerStatus.answered
        return Draft(
            draft="\n\n".join(parts),
            citations=verified,
            facts=facts,
            eligibility=eligibility,
            status=status,
            inquiry=inquiry,
        )

    def _deal(self, inquiry: str) -> tuple[dict[str, Any], dict[str, Any] | None, str]:
        extraction = self.extractor.extract(inquiry)
        facts = dict(extraction.facts)
        if self.extractor.deal_facts_count(inquiry) == 0:
            return facts, None, ""
        result = self.engine.check(self.engine.parse_facts(facts))
        words = self.wording
        lines = [words.deal.format(outcome=words.outcomes[result.outcome])]
        for check in result.checks:
            if check.result in ("fail", "refer"):
                lines.append(f"- {check.message}")
        if result.term:
            amount = result.supported_amount_usd
            supported = "." if amount is None else words.supported.format(amount=money(amount))
            lines.append(f"- {words.term.format(term=result.term.replace('_', ' '))}{supported}")
        lines += advice_blocks(result, words.advice)  # what would change the outcome, products, boundaries (issue 17)
        missing = [f for f in result.missing_facts]
        assumed = extraction.assumptions
        if missing:
            lines.append(words.ask)
            lines += [f"- {self.intake.questions[f]}" for f in missing]
        for name, value in assumed.items():
            fact, said = (
                name.upper() if name == "eccn" else name,
                describe(name, value, self.engine.countries, self.intake),
            )
            lines.append(f"- {words.assumed.format(fact=fact, value=said)}")
        return facts, result.model_dump(mode="json"), "\n".join(lines)

    def _verify(self, text: str, citations: list[Citation], chunk_of: dict[int, str]) -> list[dict[str, Any]]:
        """Each citation is verified when every sentence citing it is supported by its passage."""
        out = []
        sentences = split_sentences(text)  # line by line: list items are sentences of their own
        for citation in citations:
            marker = f"[{citation.ref}]"
            citing = [s for s in sentences if marker in s]
            supported = bool(citing) and all(self.verifier.supports(s, chunk_of[citation.ref]) for s in citing)
            out.append({**citation.model_dump(mode="json"), "verified": supported})
        return out


def _renumber(answer: str, mapping: dict[int, int]) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{mapping[int(m.group(1))]}]", answer)
