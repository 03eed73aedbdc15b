"""What an answer stands on: the passages retrieval finds and the citations an answer gives.

Kept apart from the turn (assistant/context.py) so retrieval, the eligibility rules and the knowledge
notes can use them without knowing anything about turns.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class Citation(BaseModel):
    """A numbered pointer from an answer to the passage that supports it."""

    ref: int = Field(ge=1)
    doc_id: str
    section: str
    title: str
    url: str
    as_of: date
    quote: str
    # Additive and optional (issue 13): how old the source is and when it was last confirmed, in words,
    # filled by the output guard from the document's front matter (assistant/knowledge/notes.py).
    checked: date | None = None
    source_label: str | None = None  # "EXIM page"
    dated: str | None = None  # "EXIM page of March 2023, checked 30 Nov 2026"
    official_url: str | None = None  # the agency's own page for the document's subject
    official_label: str | None = None  # "EXIM's page for this product"
    note: str | None = None  # a quoted fact that has lapsed or is about to, in plain words
    # Additive and optional (issue 15): the section's own heading ("Cash payment") for people to read
    # beside the `section` anchor, and the date of the linked source itself (its own date when it gives
    # one, else the document's as-of date), so a page can say how old a source is.
    heading: str | None = None
    source_date: date | None = None


class Passage(BaseModel):
    """A retrieved chunk with everything needed to cite it."""

    model_config = ConfigDict(frozen=True)

    chunk_id: str
    doc_id: str
    section: str
    heading_path: str
    title: str
    doc_type: str
    url: str
    as_of: date
    text: str
    score: float = 0.0
    dense_similarity: float | None = None
    lexical_score: float | None = None
    # The words an eligibility rule quotes from this passage, when the question's own stated facts make
    # that rule fail or refer; None for an ordinary search result.
    rule_quote: str | None = None

    @property
    def rule_linked(self) -> bool:
        return self.rule_quote is not None
