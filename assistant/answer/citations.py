"""Citation verification: every kept sentence must be supported by a passage it cites."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.answer.extractive import SentenceSource
from assistant.corpus.sentences import split_sentences
from assistant.index.analysis import terms
from assistant.index.embedder import Embedder
from assistant.sources import Citation
from assistant.yaml_data import load_yaml

MARKER = re.compile(r"\s*\[(\d+)\]")


@dataclass(frozen=True)
class Verified:
    answer: str
    citations: list[Citation]
    cited_chunks: dict[int, str]
    dropped: int


class CitationConfig(BaseModel):
    """config/answer/citations.yaml: how close a sentence must be to a cited passage to stand."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_similarity: float = Field(gt=0, le=1)
    min_overlap: float = Field(gt=0, le=1)

    @classmethod
    def load(cls, config_dir: Path) -> CitationConfig:
        return cls.model_validate(load_yaml((config_dir / "answer" / "citations.yaml").read_text()))


class CitationVerifier:
    """A sentence is supported when a sentence of a cited passage is close in meaning
    (cosine ≥ `min_similarity`) or shares most of its content words (≥ `min_overlap`)."""

    def __init__(self, sentences: SentenceSource, embedder: Embedder, config: CitationConfig) -> None:
        self.sentences = sentences
        self.embedder = embedder
        self.min_similarity = config.min_similarity
        self.min_overlap = config.min_overlap

    def verify(self, answer: str, citations: list[Citation], cited_chunks: dict[int, str]) -> Verified:
        by_ref = {c.ref: c for c in citations}
        drafted = [s for s in split_sentences(answer.replace("\n", " "))]
        bare = [MARKER.sub("", s).strip() for s in drafted]
        vectors = self.embedder.embed_documents(bare) if bare else np.zeros((0, 1), np.float32)
        kept: list[tuple[str, list[int]]] = []
        quotes: dict[int, list[str]] = {}
        for sentence, text, vector in zip(drafted, bare, vectors, strict=True):
            refs = [int(r) for r in MARKER.findall(sentence) if int(r) in by_ref]
            supported = [r for r in dict.fromkeys(refs) if self._support(text, vector, cited_chunks[r], quotes, r)]
            if supported:
                kept.append((text, supported))
        order = list(dict.fromkeys(r for _, refs in kept for r in refs))
        renumber = {old: new for new, old in enumerate(order, 1)}
        sentences = [_with_markers(text, [renumber[r] for r in refs]) for text, refs in kept]
        new_citations = [
            by_ref[old].model_copy(update={"ref": renumber[old], "quote": " ".join(dict.fromkeys(quotes[old]))})
            for old in order
        ]
        return Verified(
            answer=" ".join(sentences),
            citations=new_citations,
            cited_chunks={renumber[old]: cited_chunks[old] for old in order},
            dropped=len(drafted) - len(kept),
        )

    def supports(self, sentence: str, chunk_id: str) -> bool:
        """Whether the passage `chunk_id` supports `sentence` (its [n] markers are ignored)."""
        text = MARKER.sub("", sentence).strip()
        vector = self.embedder.embed_documents([text])[0]
        return self._support(text, vector, chunk_id, {}, 0)

    def _support(self, text: str, vector, chunk_id: str, quotes: dict[int, list[str]], ref: int) -> bool:
        passage_sentences, passage_vectors = self.sentences.sentences_of(chunk_id)
        if not passage_sentences:
            return False
        sims = passage_vectors @ vector
        best = int(np.argmax(sims))
        words = set(terms(text))
        overlap = (
            max((len(words & set(terms(s))) / len(words) for s in passage_sentences), default=0.0) if words else 0.0
        )
        if sims[best] >= self.min_similarity or overlap >= self.min_overlap:
            quotes.setdefault(ref, []).append(passage_sentences[best])
            return True
        return False


def _with_markers(sentence: str, refs: list[int]) -> str:
    marks = "".join(f" [{r}]" for r in refs)
    match = re.search(r"([.!?][\"')\]]*)$", sentence)
    if match:
        return f"{sentence[: match.start()]}{marks}{match.group(1)}"
    return f"{sentence}{marks}"


def check_extractive(answer: str, citations: list[Citation]) -> list[str]:
    """Consistency problems of an extractive answer (there should be none): markers and quotes."""
    problems = []
    refs = {c.ref for c in citations}
    used = {int(m) for m in MARKER.findall(answer)}
    if used - refs:
        problems.append(f"markers without a citation: {sorted(used - refs)}")
    if refs - used:
        problems.append(f"citations never used: {sorted(refs - used)}")
    text = _flat(answer)
    for citation in citations:
        # A quote joins its sentences with spaces, and a sentence that introduces a list ends with a colon, so
        # "… the following items: The program attachment is required: …" is split at such colons as well:
        # each piece is part of one quoted sentence, and the answer shows the list's items on lines of their own.
        pieces = [p for quoted in split_sentences(citation.quote) for p in _AFTER_COLON.split(quoted)]
        for piece in pieces:
            if _flat(piece).rstrip(".!?:")[:60] not in text:
                problems.append(f"quote of [{citation.ref}] is not in the answer")
                break
    return problems


_AFTER_COLON = re.compile(r"(?<=:)\s+(?=[A-Z])")


def _flat(text: str) -> str:
    """Markers, list bullets and line breaks removed: a list reads as the sentences it quotes."""
    return " ".join(re.sub(r"(^|\n)\s*- ", " ", MARKER.sub("", text)).split())
