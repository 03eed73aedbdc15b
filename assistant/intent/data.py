"""The labelled examples (config/intent/examples.yaml): groups of paraphrases, each with one label.

A text may use slots (`{item}`, `{dest}` …, listed under `slots`); it then stands for several
examples, one per filling, all in its group. A text may hold earlier questions of a conversation
before the message, joined by " || ". The held-out split never separates a group, so paraphrases of
one request are never on both sides.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.intent import LABELS
from assistant.yaml_data import load_yaml

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    group: str


def load_examples(path: Path, fillings: int = 3) -> list[Example]:
    data = load_yaml(path.read_text())
    slots: dict[str, list[str]] = data["slots"]
    examples: list[Example] = []
    for number, entry in enumerate(data["groups"]):
        label = entry["label"]
        if label not in LABELS:
            raise ValueError(f"{path}: group {number} has unknown label {label!r}")
        # A group is named by its first text unless named outright, so adding a group elsewhere in the file
        # does not rename (and reshuffle) the others.
        group = entry.get("group") or f"{label}:{entry['texts'][0]}"
        for index, text in enumerate(entry["texts"]):
            if not isinstance(text, str):
                raise ValueError(f"{path}: group {group} has a text that is not a string (quote it): {text!r}")
            for filled in _fill(text, slots, fillings, seed=number * 31 + index):
                examples.append(Example(filled, label, group))
    return examples


def _fill(text: str, slots: dict[str, list[str]], fillings: int, seed: int) -> list[str]:
    names = list(dict.fromkeys(_SLOT.findall(text)))
    if not names:
        return [text]
    out = []
    for k in range(fillings):
        values = {name: slots[name][(seed + k * (7 + i)) % len(slots[name])] for i, name in enumerate(names)}
        out.append(_SLOT.sub(lambda m: values[m.group(1)], text))  # noqa: B023 - used at once
    return list(dict.fromkeys(out))


def example_files(config_dir: Path) -> list[Path]:
    """config/intent/examples.yaml, then every config/intent/examples-*.yaml (other writers' groups), in name
    order; each file has its own provenance header and slots."""
    folder = config_dir / "intent"
    return [folder / "examples.yaml", *sorted(folder.glob("examples-*.yaml"))]


def load_all(config_dir: Path) -> list[Example]:
    return [example for path in example_files(config_dir) for example in load_examples(path)]


def data_digest(config_dir: Path) -> str:
    """What the shipped model was trained from: every example file and the cues."""
    digest = hashlib.sha256()
    for path in [*example_files(config_dir), config_dir / "intent" / "cues.yaml"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()
