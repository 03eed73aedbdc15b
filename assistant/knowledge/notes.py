"""What an answer says about its sources' age: dates in words, and facts that lapse (ADR 0041).

Called by the output guard. Every citation gets its source named and dated in words ("EXIM page of
March 2023, checked 30 Nov 2026") and the document's official page. A quoted sentence marked as
holding until a date gets a plain note: after that date, that it has passed, pointing to the primary
source; within the configured window before it, when it lapses. A rate for a past period is said to
be past. The clock is injected, so tests (and the knowledge check) can pass any day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.corpus.timebound import TimeBound
from assistant.errors import IndexNotReady
from assistant.index.handle import IndexHandle
from assistant.knowledge.config import KnowledgeConfig
from assistant.knowledge.sources import SourceClasses
from assistant.knowledge.wording import dated_label, in_days, long_date, parse_published, possessive
from assistant.sources import Citation

Clock = Callable[[], date]


@dataclass(frozen=True)
class TimeNote:
    """One quoted time-bound fact of one citation, before notes on the same fact are merged."""

    ref: int
    fact: TimeBound
    state: str  # "lapsed" or "lapsing"
    url: str


def time_state(fact: TimeBound, today: date, window_days: int) -> str | None:
    """'lapsed' after the end date, 'lapsing' within the window before it, else None."""
    if today > fact.until:
        return "lapsed"
    if (fact.until - today).days <= window_days:
        return "lapsing"
    return None


class KnowledgeNotes:
    def __init__(
        self, index: IndexHandle, classes: SourceClasses, config: KnowledgeConfig, clock: Clock = date.today
    ) -> None:
        self.index = index
        self.classes = classes
        self.config = config
        self.clock = clock

    def annotate(self, citations: list[Citation]) -> tuple[list[Citation], list[str]]:
        """The citations dated in words, and a note for each quoted fact that has lapsed or soon will.

        Several citations quoting the same fact (the same end date and kind) share one note."""
        today = self.clock()
        try:
            snapshot = self.index.snapshot()
            documents, section_chunks = snapshot.documents(), snapshot.section_chunks
        except IndexNotReady:
            snapshot, documents, section_chunks = None, {}, {}
        found: list[TimeNote] = []
        headings: dict[int, str] = {}
        for citation in citations:
            facts: list[TimeBound] = []
            if snapshot is not None:
                for chunk_id in section_chunks.get((citation.doc_id, citation.section), []):
                    chunk = snapshot.get(chunk_id).chunk
                    facts += chunk.time_bound
                    if chunk.heading_path:
                        headings.setdefault(citation.ref, chunk.heading_path[-1])
            found += self._time_notes(citation, documents.get(citation.doc_id, {}), facts, today)
        groups: dict[tuple[str, str, date], list[TimeNote]] = {}
        for note in found:
            groups.setdefault((note.state, note.fact.kind, note.fact.until), []).append(note)
        notes: list[str] = []
        note_of: dict[int, str] = {}
        for (state, kind, until), group in groups.items():
            refs = sorted({n.ref for n in group})
            wording = self.config.notes.lapsed if state == "lapsed" else self.config.notes.lapsing
            text = wording[kind].format(
                refs=_refs(refs),
                until=long_date(until),
                when=in_days((until - today).days),
                source=self._source_name(group[0].url),
                url=group[0].url,
            )
            notes.append(text)
            for ref in refs:
                note_of.setdefault(ref, text)
        dated = [
            self._dated(c, documents.get(c.doc_id, {}), note_of.get(c.ref), headings.get(c.ref, c.heading))
            for c in citations
        ]
        return dated, notes

    def _dated(self, citation: Citation, doc: dict[str, Any], note: str | None, heading: str | None) -> Citation:
        found = self.classes.classify(citation.url)
        label = found.label if found else "source page"
        checked = date.fromisoformat(doc["checked"]) if doc.get("checked") else None
        official = doc.get("official_url")
        official_label = None
        if official:
            subject = self.config.subjects.get(doc.get("doc_type", ""), "subject")
            words = self.config.official_page.format(name=self._source_name(official), subject=subject)
            official_label = words[:1].upper() + words[1:]
        # The linked source's own date when its front matter gives one; a page that gives none is called
        # undated and the document's as-of date is shown as the date of the facts.
        published = (doc.get("sources") or {}).get(citation.url)
        own = parse_published(published)
        when, precision = own or (citation.as_of, doc.get("as_of_precision", "day"))
        undated = own is None and citation.url in (doc.get("sources") or {})
        return citation.model_copy(
            update={
                "checked": checked,
                "source_label": label,
                "dated": dated_label(label, when, precision, checked, self.config.not_checked, undated),
                "official_url": official,
                "official_label": official_label,
                "note": note,
                "heading": heading,
                "source_date": when,
            }
        )

    def _time_notes(
        self, citation: Citation, doc: dict[str, Any], facts: list[TimeBound], today: date
    ) -> list[TimeNote]:
        out = []
        for fact in dict.fromkeys(facts):
            if fact.sentence not in citation.quote:
                continue  # only what the answer actually quotes
            state = time_state(fact, today, self.config.lapse_window_days)
            if state is not None:
                out.append(TimeNote(citation.ref, fact, state, doc.get("official_url") or citation.url))
        return out

    def _source_name(self, url: str) -> str:
        """'EXIM's page' for an agency, 'the eCFR text' for a regulation."""
        found = self.classes.classify(url)
        if found is None:
            return "the source"
        if found.class_id in {"agency", "intergovernmental", "manufacturer"}:
            return f"{possessive(found.name)} page"
        return f"the {found.label}"


def _refs(refs: list[int]) -> str:
    """[1] / [1] and [3] / [1], [2] and [3]"""
    marks = [f"[{r}]" for r in refs]
    return marks[0] if len(marks) == 1 else f"{', '.join(marks[:-1])} and {marks[-1]}"
