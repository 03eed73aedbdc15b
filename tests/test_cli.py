"""`python -m assistant ask` prints an answer with citations, or the API's response object with --json."""

from __future__ import annotations

import json

import pytest

from assistant import cli
from assistant.context import ChatResponse


@pytest.fixture
def env_for(corpus_services, monkeypatch):  # type: ignore[no-untyped-def]
    paths = corpus_services.settings.paths
    monkeypatch.setenv("KNOWLEDGE_DIR", str(paths.knowledge_dir))
    monkeypatch.setenv("DATA_DIR", str(paths.data_dir))
    monkeypatch.setenv("CONFIG_DIR", str(paths.config_dir))
    monkeypatch.delenv("CHROMA_HOST", raising=False)


def test_ask_json_prints_the_contract_response(env_for, capsys) -> None:
    assert cli.main(["ask", "What does CIRR stand for and how often is it set?", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    response = ChatResponse.model_validate(payload)
    assert response.status.value == "answered"
    assert set(payload) == {
        "conversation_id",
        "turn_id",
        "status",
        "answer",
        "citations",
        "eligibility",
        "missing_facts",
        "suggestions",
    }
    # The contract fields, plus the additive optional ones of issue 13 (dates in words, official page).
    assert set(payload["citations"][0]) >= {"ref", "doc_id", "section", "title", "url", "as_of", "quote"}
    assert any(c["doc_id"] == "exim-cirr" for c in payload["citations"])


def test_ask_text_lists_sources(env_for, capsys) -> None:
    assert cli.main(["ask", "Is ExportAI financing available before Commerce approves the licence?"]) == 0
    out = capsys.readouterr().out
    assert "Sources:" in out and "exim-exportai-initiative" not in out.split("Sources:")[0]
    assert ", checked " in out or "not yet checked" in out


def test_index_if_missing_is_a_no_op_when_an_index_exists(env_for, capsys) -> None:
    assert cli.main(["index", "--if-missing"]) == 0
    assert "nothing to do" in capsys.readouterr().out


def test_ask_without_an_index_says_how_to_build_one(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "empty"))
    assert cli.main(["ask", "What is EXIM?"]) == 2
    assert "python -m assistant index" in capsys.readouterr().err
