"""Tunables that used to sit in code are read from config/ by the composition root."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.answer.citations import CitationConfig
from assistant.answer.extractive import ExtractiveConfig
from assistant.answer.llm_composer import LLMComposerConfig
from assistant.conversations.config import ConversationConfig
from assistant.health import Health
from assistant.settings import Settings
from assistant.suggestions import SuggestionConfig
from assistant.wiring import Services

REPO = Path(__file__).resolve().parents[1]


def _set(path: Path, key: str, value: float) -> None:
    lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in path.read_text().splitlines()]
    path.write_text("\n".join(lines) + "\n")


def test_the_shipped_values_load() -> None:
    config = REPO / "config"
    assert ConversationConfig.load(config).history_turns > 0
    assert SuggestionConfig.load(config).per_answer > 0
    assert LLMComposerConfig.load(config).max_passages > 0
    assert 0 < CitationConfig.load(config).min_similarity <= 1


def test_the_composition_root_uses_the_configured_values(config_dir: Path, tmp_path: Path) -> None:
    _set(config_dir / "conversations.yaml", "history_turns", 2)
    _set(config_dir / "suggestions.yaml", "per_answer", 1)
    _set(config_dir / "answer" / "citations.yaml", "min_similarity", 0.9)
    (config_dir / "answer" / "extractive.yaml").write_text(
        (config_dir / "answer" / "extractive.yaml")
        .read_text()
        .replace("words_said_margin: 0.2", "words_said_margin: 0.1")
    )
    settings = Settings.test_profile(REPO / "knowledge", tmp_path / "data", config_dir)
    settings.serving.blame_within_seconds, settings.serving.circuit_cooldown_seconds = 5, 1.5
    services = Services(settings)
    assert services.conversations.history_turns == 2
    assert services.suggester.limit == 1
    assert services.verifier.min_similarity == 0.9
    assert ExtractiveConfig.load(config_dir).limits.words_said_margin == 0.1
    assert (services.health.blame_within, services.health.cooldown) == (5, 1.5)


def test_a_failure_is_blamed_only_within_the_configured_window() -> None:
    now = [100.0]
    health = Health(cooldown_seconds=1, clock=lambda: now[0], blame_within_seconds=5)
    health.failed("database", "connection refused")
    now[0] += 5
    assert health.blame() is not None and health.blame().dependency == "database"  # type: ignore[union-attr]
    now[0] += 0.1
    assert health.blame() is None


@pytest.mark.parametrize(
    ("loader", "file", "key"),
    [
        (ConversationConfig.load, "conversations.yaml", "history_turns"),
        (SuggestionConfig.load, "suggestions.yaml", "per_answer"),
        (LLMComposerConfig.load, "llm.yaml", "max_passages"),
        (CitationConfig.load, "answer/citations.yaml", "min_similarity"),
    ],
)
def test_a_value_that_is_not_positive_is_refused(config_dir: Path, loader, file: str, key: str) -> None:  # type: ignore[no-untyped-def]
    _set(config_dir / file, key, 0)
    with pytest.raises(ValidationError, match=key):
        loader(config_dir)
