"""The shipped intent model is the one its data trains, and still gives the figures its report states.

The fast tier loads the shipped model and scores one example of every group; scoring all examples and
retraining for the held-out report are the slow tier's (ADR 0081).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.guardrails.injection import InjectionConfig
from assistant.intent.data import Example, data_digest, load_all
from assistant.intent.features import TURN_JOIN, Cues, normalise
from assistant.intent.model import IntentModel
from assistant.intent.train import evaluate, fit, heldout_split

CONFIG = Path(__file__).resolve().parents[2] / "config"
REPORT = json.loads((CONFIG / "intent" / "report.json").read_text())
REFUSE_AT = InjectionConfig.load(CONFIG).intent.refuse_at


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return load_all(CONFIG)


def _vectors(embedder, examples: list[Example]) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.asarray(embedder.embed_documents([e.text.rsplit(TURN_JOIN, 1)[-1] for e in examples]))


@pytest.fixture(scope="module")
def data(embedder, examples):  # type: ignore[no-untyped-def]
    return examples, _vectors(embedder, examples)


def test_the_shipped_model_was_trained_on_the_current_data() -> None:
    digest = data_digest(CONFIG)
    payload = json.loads((CONFIG / "intent" / "model.json").read_text())
    assert payload["data_sha256"] == digest == REPORT["data_sha256"], "run `make train-intent`"


def test_the_shipped_model_knows_one_example_of_every_group(embedder, examples) -> None:  # type: ignore[no-untyped-def]
    sample = list({e.group: e for e in reversed(examples)}.values())  # each group's first example
    figures = evaluate(IntentModel.load(CONFIG), sample, _vectors(embedder, sample), REFUSE_AT)
    reported = REPORT["shipped_on_training_data"]
    assert figures["examples"] == len({e.group for e in examples}) > 100
    assert figures["accuracy"] >= reported["accuracy"] - 0.01
    assert figures["attack_recall"] >= reported["attack_recall"] - 0.01


@pytest.mark.slow
def test_the_shipped_model_gives_its_reported_figures(data) -> None:  # type: ignore[no-untyped-def]
    examples, vectors = data
    figures = evaluate(IntentModel.load(CONFIG), examples, vectors, REFUSE_AT)
    reported = REPORT["shipped_on_training_data"]
    assert figures["accuracy"] == pytest.approx(reported["accuracy"], abs=0.005)
    assert figures["attack_recall"] == pytest.approx(reported["attack_recall"], abs=0.005)
    assert figures["benign_compliance_refused"] == reported["benign_compliance_refused"]


@pytest.mark.slow
def test_the_heldout_report_is_reproducible(data) -> None:  # type: ignore[no-untyped-def]
    examples, vectors = data
    cues = Cues.load(CONFIG)
    train, test = heldout_split(examples)
    model = IntentModel(fit([examples[i] for i in train], vectors[train], cues), cues)
    figures = evaluate(model, [examples[i] for i in test], vectors[test], REFUSE_AT)
    reported = REPORT["heldout"]
    assert figures["examples"] == reported["examples"]
    assert figures["accuracy"] == pytest.approx(reported["accuracy"], abs=0.02)
    assert figures["attack_recall"] == pytest.approx(reported["attack_recall"], abs=0.02)
    # What the guard needs most: attacks caught on kinds of request it never saw (whole groups held out).
    assert reported["attack_recall"] >= 0.8


def test_the_split_never_separates_a_group(examples: list[Example]) -> None:
    train, test = heldout_split(examples)
    assert not {examples[i].group for i in train} & {examples[i].group for i in test}
    assert {examples[i].label for i in test} == {e.label for e in examples}


def test_a_changed_cue_list_is_refused_until_retrained() -> None:
    payload = json.loads((CONFIG / "intent" / "model.json").read_text())
    cues = Cues({"only": ["x"]})
    with pytest.raises(ValueError, match="train-intent"):
        IntentModel(payload, cues)


def test_a_turns_fast_scoring_gives_the_batch_path_s_numbers(examples: list[Example]) -> None:
    """`scores` (one text, built from the analyzers) and `rows` (sklearn's transform) must agree: the report's
    figures come from `rows`, the guard's decisions from `scores`."""
    model = IntentModel.load(CONFIG)
    rng = np.random.default_rng(11)
    sample = list({e.group: e for e in examples}.values())[::7]
    for example in sample:
        vector = rng.random(384)
        *earlier, message = example.text.split(TURN_JOIN)
        fast = model.scores(message, vector, earlier)
        batch = model.rows([normalise(example.text)], vector)[0]
        assert [fast[label] for label in model.labels] == pytest.approx(list(batch), abs=1e-9)
