"""Sections → chunks that fit the embedding model (256 tokens, special tokens included)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from assistant.corpus.models import Document, Section
from assistant.corpus.sentences import split_sentences

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


def _pieces(section: Section, budget: int, count: TokenCounter) -> list[str]:
    """Greedy packing of paragraphs, falling back to sentences for an oversize paragraph."""
    units: list[str] = []
    for paragraph in section.text.split("\n\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if count(paragraph) <= budget:
            units.append(paragraph)
        else:
            units.extend(_split_oversize(paragraph, budget, count))
    packed: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current}\n\n{unit}" if current else unit
        if current and count(candidate) > budget:
            packed.append(current)
            current = unit
        else:
            current = candidate
    if current:
        packed.append(current)
    return packed


def _split_oversize(paragraph: str, budget: int, count: TokenCounter) -> list[str]:
    out: list[str] = []
    current = ""
    for sentence in split_sentences(paragraph) or [paragraph]:
        if count(sentence) > budget:  # one enormous sentence: cut by words, rare in this corpus
            words, sentence_part = sentence.split(), ""
            for word in words:
                trial = f"{sentence_part} {word}".strip()
                if count(trial) > budget:
                    out.append(sentence_part)
                    sentence_part = word
                else:
                    sentence_part = trial
            sentence = sentence_part
        candidate = f"{current} {sentence}".strip()
        if current and count(candidate) > budget:
            out.append(current)
            current = sentence
        else:
            current = candidate
    if current:
        out.append(current)
    return out


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
                    sentences=tuple(split_sentences(piece)),
                )
            )
    return chunks
