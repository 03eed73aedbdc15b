"""YAML is read with the safe loader on libyaml, which gives the pure-Python loader's data (ADR 0084)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant import yaml_data
from assistant.yaml_data import load_yaml

REPO = Path(__file__).resolve().parents[1]


def test_the_fast_safe_loader_is_used_and_stays_safe() -> None:
    assert yaml_data._SAFE_LOADER is yaml.CSafeLoader
    assert load_yaml("a: [1, 2.5, x, 2026-06-05, null]") == yaml.safe_load("a: [1, 2.5, x, 2026-06-05, null]")
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")


@pytest.mark.slow  # reads every YAML file twice, once with the slow loader
def test_every_yaml_file_and_front_matter_of_the_repository_reads_the_same_with_both_loaders() -> None:
    texts = [
        p.read_text()
        for folder in ("config", "knowledge", "tests", "evals")
        for p in (REPO / folder).rglob("*.y*ml")
        if "frozen" not in p.parts
    ]
    texts += [
        p.read_text().split("---", 2)[1] for p in (REPO / "knowledge").rglob("*.md") if p.read_text().startswith("---")
    ]
    assert len(texts) > 50
    for text in texts:
        assert load_yaml(text) == yaml.safe_load(text)
