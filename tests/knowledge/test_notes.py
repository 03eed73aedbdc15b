"""Answers date their sources in words and say plainly when a quoted fact has lapsed or soon will."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.context import AnswerStatus, TurnContext
from assistant.corpus.timebound import TimeBound
from assistant.errors import IndexNotReady
from assistant.knowledge.config import KnowledgeConfig
from assistant.knowledge.notes import KnowledgeNotes
from assistant.knowledge.sources import SourceClasses
from assistant.messages import Messages
from assistant.pipeline.guard_output import GuardOutput
from assistant.sources import Citation

CONFIG = Path(__file__).resolve().parents[2] / "config"
SUSPENDED = "BIS suspended the Affiliates Rule until 10 November 2026."
CHARTER = "EXIM's charter runs through 31 December 2026."
RATE = "For 15 March to 14 April 2023, the CIRR for up to 5 years was 5.23%."


class FakeIndex:
    """The two things the notes read from a build: document metadata and each chunk's dated sentences."""

    def __init__(self) -> None:
        self.chunks = {
            "rps#affiliates": (SUSPENDED, TimeBound(SUSPENDED, date(2026, 11, 10), "suspension")),
            "overview#charter": (CHARTER, TimeBound(CHARTER, date(2026, 12, 31), "charter")),
            "cirr#example": (RATE, TimeBound(RATE, date(2023, 4, 14), "rate")),
        }
        self.docs = {
            "rps": {
                "doc_type": "rule_summary",
                "checked": "2026-11-30",
                "as_of_precision": "day",
                "official_url": "https://www.bis.gov/entity-list",
            },
            "overview": {
                "doc_type": "program",
                "checked": None,
                "as_of_precision": "month",
                "official_url": "https://www.exim.gov/about",
            },
            "cirr": {"doc_type": "program", "checked": "2026-11-30", "as_of_precision": "year", "official_url": None},
        }

    def snapshot(self) -> SimpleNamespace:
        return SimpleNamespace(
            documents=lambda: self.docs,
            section_chunks={tuple(k.split("#")): [k] for k in self.chunks},
            get=lambda chunk_id: SimpleNamespace(
                chunk=SimpleNamespace(
                    time_bound=(self.chunks[chunk_id][1],),
                    heading_path=(chunk_id.split("#")[0], chunk_id.split("#")[1].capitalize() + " heading"),
                )
            ),
        )


def cite(ref: int, doc_id: str, section: str, quote: str, url: str, as_of: date) -> Citation:
    return Citation(ref=ref, doc_id=doc_id, section=section, title=doc_id, url=url, as_of=as_of, quote=quote)


RPS = cite(1, "rps", "affiliates", SUSPENDED, "https://www.federalregister.gov/d/2025-19001", date(2025, 11, 10))
OVERVIEW = cite(2, "overview", "charter", CHARTER, "https://www.exim.gov/about", date(2026, 6, 15))
CIRR = cite(3, "cirr", "example", f"Intro. {RATE}", "https://www.exim.gov/cirr", date(2023, 1, 1))


def notes_on(day: date, index: object | None = None) -> KnowledgeNotes:
    config_dir = CONFIG
    return KnowledgeNotes(
        index or FakeIndex(), SourceClasses.load(config_dir), KnowledgeConfig.load(config_dir), clock=lambda: day
    )


def test_a_lapsed_suspension_is_said_to_have_passed_and_points_to_the_primary_source() -> None:
    cited, notes = notes_on(date(2026, 11, 30)).annotate([RPS])
    assert len(notes) == 1
    assert "10 November 2026" in notes[0] and "has passed" in notes[0]
    assert "BIS's page" in notes[0] and "https://www.bis.gov/entity-list" in notes[0]
    assert cited[0].note == notes[0]


def test_before_the_end_date_and_within_the_window_the_answer_says_when_it_lapses() -> None:
    _, notes = notes_on(date(2026, 11, 30)).annotate([OVERVIEW])
    assert notes == [notes[0]] and "31 December 2026 (in 31 days)" in notes[0] and "renewed" in notes[0]
    _, early = notes_on(date(2026, 11, 1)).annotate([RPS])
    assert "10 November 2026 (in 9 days)" in early[0]


def test_far_from_the_end_date_nothing_is_added() -> None:
    _, notes = notes_on(date(2026, 6, 1)).annotate([RPS, OVERVIEW])
    assert notes == []


def test_a_rate_for_a_past_period_is_never_presented_as_current() -> None:
    _, notes = notes_on(date(2026, 11, 30)).annotate([CIRR])
    assert "past rate, not today's" in notes[0] and "14 April 2023" in notes[0]


def test_an_unquoted_time_bound_sentence_of_the_section_adds_nothing() -> None:
    other = RPS.model_copy(update={"quote": "The rule itself stays in the EAR."})
    assert notes_on(date(2026, 11, 30)).annotate([other])[1] == []


def test_citations_are_dated_in_words_with_the_official_page() -> None:
    cited, _ = notes_on(date(2026, 11, 30)).annotate([RPS, OVERVIEW, CIRR])
    assert cited[0].dated == "Federal Register document of 10 November 2025, checked 30 Nov 2026"
    assert cited[0].checked == date(2026, 11, 30) and cited[0].source_label == "Federal Register document"
    assert cited[0].official_label == "BIS's page for this rule"
    assert cited[1].dated == "EXIM page of June 2026, not yet checked against its primary sources"
    assert cited[1].official_label == "EXIM's page for this product"
    assert cited[2].dated == "EXIM page of 2023, checked 30 Nov 2026" and cited[2].official_url is None


def test_without_an_index_citations_are_still_dated() -> None:
    class NoIndex:
        def snapshot(self):  # type: ignore[no-untyped-def]
            raise IndexNotReady("none")

    cited, notes = notes_on(date(2026, 11, 30), NoIndex()).annotate([OVERVIEW])
    assert notes == [] and cited[0].dated.startswith("EXIM page of 15 June 2026")


@pytest.mark.parametrize(("day", "noted"), [(date(2026, 11, 30), True), (date(2026, 6, 1), False)])
def test_the_output_guard_adds_the_notes_and_dates_the_citations_not_the_text(day: date, noted: bool) -> None:
    guard = GuardOutput(Messages.load(CONFIG), notes_on(day))
    turn = TurnContext(question="Is the Affiliates Rule in force?", route="question", status=AnswerStatus.answered)
    turn.answer, turn.citations = f"{SUSPENDED} [1]", [RPS]
    guard(turn)
    assert ("has passed" in turn.answer) is noted
    assert "Sources:" not in turn.answer and "checked 30 Nov 2026" not in turn.answer
    assert turn.citations[0].dated == "Federal Register document of 10 November 2025, checked 30 Nov 2026"


def test_citations_quoting_the_same_fact_share_one_note() -> None:
    again = RPS.model_copy(update={"ref": 4, "doc_id": "rps", "url": "https://www.federalregister.gov/d/2025-19001"})
    cited, notes = notes_on(date(2026, 11, 30)).annotate([RPS, OVERVIEW, again])
    suspension = [n for n in notes if "suspension" in n]
    assert len(suspension) == 1 and suspension[0].startswith("Note on [1] and [4]:")
    assert cited[0].note == cited[2].note == suspension[0]


def test_the_linked_source_is_dated_by_its_own_date_when_the_front_matter_gives_one() -> None:
    index = FakeIndex()
    index.docs["rps"]["sources"] = {RPS.url: "2025-11"}
    index.docs["overview"]["sources"] = {OVERVIEW.url: "n.d."}
    cited, _ = notes_on(date(2026, 11, 30), index).annotate([RPS, OVERVIEW])
    assert cited[0].dated == "Federal Register document of November 2025, checked 30 Nov 2026"
    assert cited[1].dated == "EXIM page (undated; facts as of June 2026), not yet checked against its primary sources"


def test_citations_carry_the_section_heading_and_the_source_date() -> None:
    index = FakeIndex()
    index.docs["rps"]["sources"] = {RPS.url: "2025-11"}
    cited, _ = notes_on(date(2026, 11, 30), index).annotate([RPS, OVERVIEW])
    assert cited[0].heading == "Affiliates heading" and cited[1].heading == "Charter heading"
    assert cited[0].source_date == date(2025, 11, 1), "the linked source's own date, as precise as it gives it"
    assert cited[1].source_date == OVERVIEW.as_of, "no date of its own: the document's as-of date"
