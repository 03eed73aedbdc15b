"""The shipped sentence ranker still gives the held-out figures its training run reported."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answer.features import FEATURES
from assistant.answer.ranker import SentenceRanker
from evals.train_composer import evaluate, held_out, load_data

CONFIG = Path(__file__).resolve().parents[2] / "config"


def test_the_shipped_ranker_reproduces_its_reported_held_out_figures() -> None:
    report = json.loads((CONFIG / "answer" / "ranker-report.json").read_text())
    ranker = SentenceRanker.load(CONFIG)
    data = load_data(CONFIG / "answer" / "ranker-data.jsonl")
    test_cases = [c for c in data if held_out(c["id"])]
    assert sorted(c["id"] for c in test_cases) == report["held_out_ids"]
    assert evaluate(ranker, test_cases) == report["held_out"]
    assert report["held_out"]["questions"] >= 30


def test_the_ranker_beats_closeness_in_meaning_alone_on_held_out_questions() -> None:
    data = [c for c in load_data(CONFIG / "answer" / "ranker-data.jsonl") if held_out(c["id"])]
    learned = evaluate(SentenceRanker.load(CONFIG), data)
    assert learned["coverage_at_3"] >= evaluate(SentenceRanker.neutral(), data)["coverage_at_3"]


def test_the_ranker_file_names_the_features_the_composer_computes() -> None:
    assert tuple(json.loads((CONFIG / "answer" / "ranker.json").read_text())["features"]) == FEATURES


def test_phrases_names_and_ranks_are_features_a_person_can_check() -> None:
    import numpy as np

    from assistant.answer.features import _rank_share, names_of

    assert names_of("Is Russia open for cover under 3A090.a to A:5?", frozenset()) >= {"russia", "3a090.a", "a:5"}
    assert _rank_share(np.array([[0.1, 0.5, 0.5, 0.2]])).tolist() == [[1 / 3, 1.0, 1.0, 0.5]]
