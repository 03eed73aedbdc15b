"""Canned replies and the fixed words around computed text come from config/messages.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from assistant.context import AnswerStatus, TurnContext
from assistant.messages import Messages
from assistant.settings import Settings
from assistant.wiring import Services
from assistant.yaml_data import load_yaml

REPO = Path(__file__).resolve().parents[1]


def _edit(config_dir: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = config_dir / "messages.yaml"
    data = load_yaml(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_every_outcome_and_comparison_row_must_be_worded(config_dir: Path) -> None:
    _edit(config_dir, lambda d: d["result"]["headlines"].pop("refer_to_human"))
    with pytest.raises(ValidationError, match="refer_to_human"):
        Messages.load(config_dir)


def test_the_composition_root_speaks_the_configured_words(config_dir: Path, tmp_path: Path) -> None:
    def change(data: dict) -> None:  # type: ignore[type-arg]
        data["unavailable"] = "Down for a moment."
        data["no_content"] = "Nothing on that."
        data["draft"]["sign_off"] = "Yours,\nThe desk"

    _edit(config_dir, change)
    services = Services(Settings.test_profile(REPO / "knowledge", tmp_path / "data", config_dir))
    assert services.pipeline.unavailable == "Down for a moment."
    assert services.composer.no_content == "Nothing on that."
    assert services.drafts.wording.sign_off == "Yours,\nThe desk"

    class Exploding:
        name = "exploding"

        def __call__(self, turn: TurnContext) -> None:
            raise RuntimeError("boom")

    part = services.pipeline.branches["deal_question"][3]  # answer_questions runs a pipeline of its own
    assert part.name == "answer_questions"
    part.pipeline.prelude = [Exploding()]  # type: ignore[attr-defined]
    turn = TurnContext(question="q")
    part(turn)
    assert turn.status is AnswerStatus.error_unavailable and turn.answer == "Down for a moment."
