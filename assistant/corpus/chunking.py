"""Sections → chunks that fit the embedding model (256 tokens, special tokens included)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from assistant.corpus.models import Document, Section
from assistant.corpus.sentences import split_sentences
from assistant.corpus.timebound import TimeBound

TokenCounter = Callable[[str], int]


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    section: str
    heading_path: tuple[str, ...]
    title: str
    doc_type: str
    url: str
    as_of: str
    text: str
    sentences: tuple[str, ...]
    time_bound: tuple[TimeBound, ...] = ()  # the chunk's sentences that hold only until a date

    @property
    def context_line(self) -> str:
        return " > ".join(self.heading_path)

    @property
    def embed_text(self) -> str:
        """What the dense model sees: the heading trail gives a short passage its topic."""
        return f"{self.context_line}\n{self.text}"

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.embed_text.encode()).hexdigest()


def _pack(units: list[str], joiner: str, budget: int, count: TokenCounter) -> list[str]:
    """Greedy packing: join units while the result fits the budget, then start a new piece."""
    packed: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current}{joiner}{unit}" if current else unit
        if current and count(candidate) > budget:
            packed.append(current)
            current = unit
        else:
            current = candidate
    if current:
        packed.append(current)
    return packed


def _pieces(section: Section, budget: int, count: TokenCounter) -> list[str]:
    """Paragraphs packed together; an oversize paragraph falls back to sentences."""
    units: list[str] = []
    for paragraph in (p.strip() for p in section.text.split("\n\n")):
        if paragraph:
            units += [paragraph] if count(paragraph) <= budget else _split_oversize(paragraph, budget, count)
    return _pack(units, "\n\n", budget, count)


def _split_oversize(paragraph: str, budget: int, count: TokenCounter) -> list[str]:
    pieces: list[str] = []
    for sentence in split_sentences(paragraph) or [paragraph]:
        # One enormous sentence is cut by words; rare in this corpus.
        pieces += [sentence] if count(sentence) <= budget else _pack(sentence.split(), " ", budget, count)
    return _pack(pieces, " ", budget, count)


def chunk_document(doc: Document, count_tokens: TokenCounter, max_tokens: int = 256) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in doc.sections:
        trail = " > ".join(section.heading_path)
        budget = max_tokens - count_tokens(trail + "\n")  # the heading trail is embedded with the text
        if budget < 32:
            budget = 32
        pieces = _pieces(section, budget, count_tokens)
        for n, piece in enumerate(pieces):
            suffix = f"~{n + 1}" if len(pieces) > 1 else ""
            sentences = tuple(split_sentences(piece))
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.id}#{section.anchor}{suffix}",
                    doc_id=doc.id,
                    section=section.anchor,
                    heading_path=section.heading_path,
                    title=doc.meta.title,
                    doc_type=doc.meta.doc_type,
                    url=doc.section_url(section),
                    as_of=doc.meta.as_of.isoformat(),
                    text=piece,
                    sentences=sentences,
                    time_bound=tuple(t for t in section.time_bound if t.sentence in sentences),
                )
            )
    return chunks
