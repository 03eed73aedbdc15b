"""`make train-intent`: train the intent classifier from config/intent/examples.yaml.

Writes config/intent/model.json (the shipped model, trained on every example) and
config/intent/report.json + report.md: per-label precision and recall on a held-out fifth of the
groups (split by group, so paraphrases never leak), the attack figures that matter to the guard, and
the shipped model's figures on its own data (tests/intent checks them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report
from sklearn.model_selection import StratifiedGroupKFold

from assistant.guardrails.injection import InjectionConfig
from assistant.intent import ATTACKS, LABELS
from assistant.intent.data import Example, load_examples
from assistant.intent.features import TURN_JOIN, Cues, normalise, stack
from assistant.intent.model import MODEL_FILE, IntentModel, vectorizer

VERSION = "intent-v1"
SEED = 11
PARAMS = {"C": 2.0, "cue_weight": 0.6, "embedding_weight": 2.0, "max_word": 3000, "max_char": 4000}


def embed_messages(examples: list[Example]) -> np.ndarray:
    from assistant.index.embedder import PackagedMiniLM

    embedder = PackagedMiniLM()
    return np.asarray(embedder.embed_documents([e.text.rsplit(TURN_JOIN, 1)[-1] for e in examples]))


def fit(examples: list[Example], vectors: np.ndarray, cues: Cues) -> dict[str, Any]:
    texts = [normalise(e.text) for e in examples]
    word = vectorizer("word", min_df=2, max_features=PARAMS["max_word"])
    char = vectorizer("char", min_df=2, max_features=PARAMS["max_char"])
    features = stack(
        word.fit_transform(texts),
        char.fit_transform(texts),
        [cues.row(t) for t in texts],
        vectors,
        PARAMS["cue_weight"],
        PARAMS["embedding_weight"],
    )
    model = LogisticRegression(C=PARAMS["C"], max_iter=3000, class_weight="balanced", random_state=SEED)
    model.fit(features, [e.label for e in examples])
    order = [list(model.classes_).index(label) for label in LABELS]

    def block(vec: Any) -> dict[str, Any]:
        terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
        return {"terms": terms, "idf": [round(float(x), 5) for x in vec.idf_]}

    return {
        "version": VERSION,
        "labels": list(LABELS),
        "cues": cues.names,
        "cue_weight": PARAMS["cue_weight"],
        "embedding_weight": PARAMS["embedding_weight"],
        "word": block(word),
        "char": block(char),
        "coef": [[round(float(x), 4) for x in model.coef_[i]] for i in order],
        "intercept": [round(float(model.intercept_[i]), 4) for i in order],
    }


def evaluate(model: IntentModel, examples: list[Example], vectors: np.ndarray, refuse_at: float) -> dict[str, Any]:
    """Per-label figures of the likeliest label; attack figures by the guard's own rule (the attack
    intents together at least `refuse_at` likely)."""
    scored = [
        model.scores(e.text.rsplit(TURN_JOIN, 1)[-1], v, _earlier(e)) for e, v in zip(examples, vectors, strict=True)
    ]
    predicted = [max(scores, key=scores.__getitem__) for scores in scored]
    truth = [e.label for e in examples]
    report = classification_report(truth, predicted, labels=list(LABELS), output_dict=True, zero_division=0)
    attack_truth = [t in ATTACKS for t in truth]
    attack_pred = [sum(scores[a] for a in ATTACKS) >= refuse_at for scores in scored]
    caught = sum(1 for t, p in zip(attack_truth, attack_pred, strict=True) if t and p)
    false = sum(1 for t, p in zip(attack_truth, attack_pred, strict=True) if p and not t)
    benign = sum(1 for t in truth if t == "benign_compliance")
    benign_refused = sum(1 for t, p in zip(truth, attack_pred, strict=True) if t == "benign_compliance" and p)
    return {
        "examples": len(examples),
        "accuracy": round(float(np.mean([t == p for t, p in zip(truth, predicted, strict=True)])), 4),
        "attack_recall": round(caught / max(1, sum(attack_truth)), 4),
        "attack_false_positives": false,
        "benign_compliance_refused": f"{benign_refused}/{benign}",
        "per_label": {
            label: {k: round(float(report[label][k]), 4) for k in ("precision", "recall", "f1-score", "support")}
            for label in LABELS
        },
    }


def _earlier(example: Example) -> list[str]:
    return example.text.split(TURN_JOIN)[:-1]


def heldout_split(examples: list[Example]) -> tuple[list[int], list[int]]:
    """A fifth of the groups, stratified by label; the same split every run."""
    folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    train, test = next(folds.split(examples, [e.label for e in examples], [e.group for e in examples]))
    return list(train), list(test)


def train(config_dir: Path) -> dict[str, Any]:
    path = config_dir / "intent" / "examples.yaml"
    examples = load_examples(path)
    cues = Cues.load(config_dir)
    vectors = embed_messages(examples)
    train_idx, test_idx = heldout_split(examples)
    pick = lambda idx: [examples[i] for i in idx]  # noqa: E731
    split_model = IntentModel(fit(pick(train_idx), vectors[train_idx], cues), cues)
    refuse_at = InjectionConfig.load(config_dir).intent.refuse_at
    heldout = evaluate(split_model, pick(test_idx), vectors[test_idx], refuse_at)
    payload = fit(examples, vectors, cues)
    payload["data_sha256"] = hashlib.sha256(
        path.read_bytes() + (config_dir / "intent" / "cues.yaml").read_bytes()
    ).hexdigest()
    payload["params"] = PARAMS
    shipped = evaluate(IntentModel(payload, cues), examples, vectors, refuse_at)
    report = {
        "version": VERSION,
        "data_sha256": payload["data_sha256"],
        "params": PARAMS,
        "heldout": heldout,
        "shipped_on_training_data": shipped,
    }
    (config_dir / MODEL_FILE).write_text(json.dumps(payload, separators=(",", ":")) + "\n")
    (config_dir / "intent" / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    (config_dir / "intent" / "report.md").write_text(markdown(report))
    return report


def markdown(report: dict[str, Any]) -> str:
    lines = [f"# Intent classifier {report['version']}", ""]
    for name, title in (
        ("heldout", "Held-out groups (a fifth, split by group)"),
        ("shipped_on_training_data", "Shipped model on its training data"),
    ):
        part = report[name]
        lines += [
            f"## {title}",
            "",
            f"examples {part['examples']}, accuracy {part['accuracy']}, attack recall {part['attack_recall']}, "
            f"false attacks {part['attack_false_positives']}, "
            f"benign compliance refused {part['benign_compliance_refused']}",
            "",
            "| label | precision | recall | f1 | support |",
            "|---|---|---|---|---|",
        ]
        for label, row in part["per_label"].items():
            lines.append(
                f"| {label} | {row['precision']} | {row['recall']} | {row['f1-score']} | {int(row['support'])} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.intent.train", description=__doc__)
    parser.add_argument("--config", type=Path, default=Path("config"))
    args = parser.parse_args(argv)
    report = train(args.config)
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
