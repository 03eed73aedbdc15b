"""`{until DATE[: kind]}` marks a sentence as time-bound: stripped from the text, kept as metadata."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.corpus.chunking import chunk_document
from assistant.corpus.markdown import load_markdown
from assistant.corpus.sentences import split_sentences
from assistant.corpus.timebound import MarkerError, TimeBound, strip_markers
from assistant.errors import CorpusError

BODY = """Intro.

## Affiliates Rule
<!-- sources: s1 -->
BIS suspended the Affiliates Rule for one year. {until 2026-11-10: suspension} The rule itself stays in the EAR.

- EXIM's charter runs through 31 December 2026 {until 2026-12-31: charter}.
- A plain bullet.
"""


def test_markers_are_stripped_and_kept_on_their_sentences() -> None:
    text, facts = strip_markers("One fact holds for now. {until 2026-11-10} Another is permanent.")
    assert text == "One fact holds for now. Another is permanent."
    assert facts == (TimeBound("One fact holds for now.", date(2026, 11, 10), "term"),)
    assert facts[0].sentence in split_sentences(text)


def test_a_marker_before_the_full_stop_dates_the_same_sentence() -> None:
    text, facts = strip_markers("The rate for March 2023 was 5.23% {until 2023-04-14: rate}. Next.")
    assert text == "The rate for March 2023 was 5.23%. Next."
    assert facts[0].sentence == "The rate for March 2023 was 5.23%." and facts[0].kind == "rate"


@pytest.mark.parametrize(
    "marker",
    ["{until 10 November 2026}", "{until 2026-13-01}", "{until 2026-11-10: someday}", "{ until 2026-11-10 }"],
)
def test_malformed_markers_are_refused(marker: str) -> None:
    with pytest.raises(MarkerError):
        strip_markers(f"A sentence. {marker}")


def test_the_loader_strips_markers_and_chunks_carry_them(write_doc) -> None:
    doc = load_markdown(write_doc("bis-sample", BODY))
    section = doc.sections[1]
    assert "{until" not in section.text
    assert [(f.until, f.kind) for f in section.time_bound] == [
        (date(2026, 11, 10), "suspension"),
        (date(2026, 12, 31), "charter"),
    ]
    assert section.time_bound[1].sentence == "EXIM's charter runs through 31 December 2026."
    chunks = chunk_document(doc, lambda text: len(text.split()))
    timed = [c for c in chunks if c.time_bound]
    assert len(timed) == 1 and timed[0].time_bound == section.time_bound
    assert all("{until" not in s for c in chunks for s in c.sentences)


def test_a_bad_marker_names_the_file_and_section(write_doc) -> None:
    path = write_doc("bis-bad", "## Rule\nIt holds. {until soon}\n")
    with pytest.raises(CorpusError) as err:
        load_markdown(path)
    assert "bis-bad.md" in str(err.value) and "section 'Rule'" in str(err.value)
