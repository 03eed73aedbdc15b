"""Write a planned answer: the direct answer first (one short paragraph, or the sentence introducing a
list and its items), what the sources lack and who knows, then the supporting sentences. Every quoted
sentence carries the number of the passage it comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.abstain import Gap
from assistant.answer.candidates import Candidate
from assistant.sources import Citation, Passage


@dataclass(frozen=True)
class Rendered:
    answer: str
    citations: list[Citation]
    cited_chunks: dict[int, str]


def with_marker(sentence: str, ref: int) -> str:
    """'… 15%.' → '… 15% [1].' so the marker sits inside the sentence it supports."""
    match = re.search(r"([.!?][\"')\]]*)$", sentence)
    if match:
        return f"{sentence[: match.start()]} [{ref}]{match.group(1)}"
    return f"{sentence} [{ref}]"


def _numbering(chosen: list[Candidate], order: str, first: int | None = None) -> dict[int, int]:
    """Citation numbers: by the retriever's ranking (its best passages first) or by first appearance.
    `first`: the passage of a rule the asker's own facts trigger is source [1] either way (ADR 0003)."""
    ranks = list(dict.fromkeys(c.passage_rank for c in chosen))
    if order == "retrieval":
        ranks.sort()
    if first is not None and first in ranks:
        ranks.remove(first)
        ranks.insert(0, first)
    return {rank: n for n, rank in enumerate(ranks, 1)}


def _block(sentences: list[Candidate], refs: dict[int, int]) -> list[str]:
    """Paragraphs of running sentences; list items as Markdown bullets under their introducer."""
    paragraphs: list[str] = []
    running: list[str] = []
    bullets: list[str] = []
    for c in sentences:
        text = with_marker(c.text, refs[c.passage_rank])
        if c.list_item:
            bullets.append(f"- {text}")
            continue
        if bullets:
            paragraphs.append(" ".join(running) + "\n" + "\n".join(bullets) if running else "\n".join(bullets))
            running, bullets = [], []
        running.append(text)
    if bullets:
        paragraphs.append(" ".join(running) + "\n" + "\n".join(bullets) if running else "\n".join(bullets))
    elif running:
        paragraphs.append(" ".join(running))
    return paragraphs


def render(
    lead: list[Candidate],
    support: list[Candidate],
    gaps: list[Gap],
    helps: str,
    passages: list[Passage],
    order: str,
) -> Rendered:
    chosen = lead + support
    rule_lead = lead[0].passage_rank if lead and lead[0].rule_quote is not None else None
    refs = _numbering(chosen, order, rule_lead)
    paragraphs = _block(lead, refs) if lead else []
    if gaps:
        paragraphs += [g.statement for g in gaps]
        if support and not lead:
            paragraphs.append(helps)
    # Supporting sentences from one passage read in the passage's own order.
    paragraphs += _block(sorted(support, key=lambda c: c.key), refs)
    by_rank: dict[int, list[str]] = {}
    for c in chosen:
        by_rank.setdefault(c.passage_rank, []).append(c.text)
    ordered = sorted(refs, key=lambda rank: refs[rank])
    citations = [
        Citation(
            ref=refs[rank],
            doc_id=passages[rank].doc_id,
            section=passages[rank].section,
            title=passages[rank].title,
            url=passages[rank].url,
            as_of=passages[rank].as_of,
            quote=" ".join(by_rank[rank]),
        )
        for rank in ordered
    ]
    return Rendered("\n\n".join(paragraphs), citations, {refs[r]: passages[r].chunk_id for r in ordered})
