"""The draft a watcher sees: whole sentences as they are finished, without promises or personal data."""

from __future__ import annotations

from assistant.drafting import SentenceGate, draft_gate, watching

TEXT = (
    "For medium-term deals the buyer pays 15% of the net contract price [1]. "
    "Your deal will be approved by EXIM [1]. Write to jane@example.com about U.S. content [2]. EXIM decides"
)


def feed(text: str, size: int) -> list[str]:
    out: list[str] = []
    gate = SentenceGate(out.append)
    for start in range(0, len(text), size):
        gate(text[start : start + size])
    gate.close()
    return out


def test_sentences_pass_whole_however_the_text_is_cut() -> None:
    for size in (1, 3, 7, 500):
        assert feed(TEXT, size) == [
            "For medium-term deals the buyer pays 15% of the net contract price [1]. ",
            "Write to [email removed] about U.S. content [2]. ",
            "EXIM decides ",
        ], size


def test_a_sentence_is_held_until_it_is_finished() -> None:
    out: list[str] = []
    gate = SentenceGate(out.append)
    gate("The buyer pays 15% of the")
    gate(" price [1]. The")
    assert out == ["The buyer pays 15% of the price [1]. "]
    gate(" rest")
    assert len(out) == 1


class Recorder:
    def __init__(self) -> None:
        self.drafts: list[str] = []

    def started(self, conversation_id: str, turn_id: str, conversation_secret: str | None) -> None:
        pass

    def draft(self, text: str) -> None:
        self.drafts.append(text)


def test_only_a_watched_turn_gets_a_gate() -> None:
    assert draft_gate() is None
    recorder = Recorder()
    with watching(recorder):
        gate = draft_gate()
        assert gate is not None
        gate("One sentence [1]. Two")
    assert draft_gate() is None
    assert recorder.drafts == ["One sentence [1]. "]
