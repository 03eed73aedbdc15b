"""`make train-intent`: train the intent classifier from config/intent/examples*.yaml.

Writes config/intent/model.json (the shipped model, trained on every example) and
config/intent/report.json + report.md: per-label precision and recall on a held-out fifth of the
groups (split by group, so paraphrases never leak), the attack figures that matter to the guard, and
the shipped model's figures on its own data (tests/intent checks them).
"""

from __future__ import annotations

import argparse
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
from assistant.intent.data import Example, data_digest, load_all
from assistant.intent.features import TURN_JOIN, Cues, normalise, split_turns
from assistant.intent.model import BLOCKS, MODEL_FILE, IntentModel, features, vectorizer

VERSION = "intent-v2"
SEED = 11
# Chosen by grouped five-fold cross-validation over the examples (the held-out fifth below is one of the
# folds): the attack head (any attack against anything else) pools the three attack labels' examples and
# is averaged with the multinomial head (`attack_mix`); the message and the earlier questions have
# vocabularies of their own; the embedding counts less than in intent-v1 (2.0), which leaned on topic.
PARAMS: dict[str, Any] = {
    "C": 2.0,
    "attack_mix": 0.5,
    "weights": {"cue": 0.6, "embedding": 1.0, "context": 1.0},
    "max_features": {"word": 3000, "char": 4000, "context": 2000},
}


def embed_messages(examples: list[Example]) -> np.ndarray:
    from assistant.index.embedder import PackagedMiniLM

    embedder = PackagedMiniLM()
    return np.asarray(embedder.embed_documents([e.text.rsplit(TURN_JOIN, 1)[-1] for e in examples]))


def fit(examples: list[Example], vectors: np.ndarray, cues: Cues) -> dict[str, Any]:
    texts = [normalise(e.text) for e in examples]
    parts = [split_turns(t) for t in texts]
    sources = {"word": [p[1] for p in parts], "char": [p[1] for p in parts], "context": [p[0] for p in parts]}
    vectorizers = {
        kind: vectorizer(kind, min_df=2, max_features=PARAMS["max_features"][kind]).fit(sources[kind])
        for kind in BLOCKS
    }
    x = features(vectorizers, cues, texts, vectors, PARAMS["weights"])
    labels = [e.label for e in examples]

    def head() -> LogisticRegression:
        # newton-cg: the same optimum as lbfgs here, several times faster on these sparse blocks
        return LogisticRegression(
            C=PARAMS["C"], max_iter=3000, class_weight="balanced", random_state=SEED, solver="newton-cg"
        )

    model = head().fit(x, labels)
    attack = head().fit(x, [label in ATTACKS for label in labels])
    order = [list(model.classes_).index(label) for label in LABELS]

    def block(vec: Any) -> dict[str, Any]:
        terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
        return {"terms": terms, "idf": [round(float(x), 5) for x in vec.idf_]}

    return {
        "version": VERSION,
        "labels": list(LABELS),
        "cues": cues.names,
        "weights": PARAMS["weights"],
        **{kind: block(vectorizers[kind]) for kind in BLOCKS},
        "coef": [[round(float(x), 4) for x in model.coef_[i]] for i in order],
        "intercept": [round(float(model.intercept_[i]), 4) for i in order],
        "attack_coef": [round(float(x), 4) for x in attack.coef_[0]],
        "attack_intercept": round(float(attack.intercept_[0]), 4),
        "attack_mix": PARAMS["attack_mix"],
    }


def evaluate(model: IntentModel, examples: list[Example], vectors: np.ndarray, refuse_at: float) -> dict[str, Any]:
    """Per-label figures of the likeliest label; attack figures by the guard's own rule (the attack
    intents together at least `refuse_at` likely)."""
    rows = model.rows([normalise(e.text) for e in examples], vectors)
    scored = [dict(zip(model.labels, (float(p) for p in row), strict=True)) for row in rows]
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


def group_folds(examples: list[Example]) -> list[tuple[list[int], list[int]]]:
    """Five folds of the groups, stratified by label; the same folds every run."""
    folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    split = folds.split(examples, [e.label for e in examples], [e.group for e in examples])
    return [(list(train), list(test)) for train, test in split]


def heldout_split(examples: list[Example]) -> tuple[list[int], list[int]]:
    """A fifth of the groups (the first fold)."""
    return group_folds(examples)[0]


def crossval(examples: list[Example], vectors: np.ndarray, cues: Cues, refuse_at: float) -> dict[str, Any]:
    """Every fold held out once: steadier than one fifth, whose figures move with which groups it draws."""
    totals = {"examples": 0, "correct": 0.0, "attacks": 0, "caught": 0.0, "false": 0, "benign": 0, "refused": 0}
    for train, test in group_folds(examples):
        model = IntentModel(fit([examples[i] for i in train], vectors[train], cues), cues)
        part = evaluate(model, [examples[i] for i in test], vectors[test], refuse_at)
        attacks = sum(1 for i in test if examples[i].label in ATTACKS)
        refused, benign = (int(n) for n in part["benign_compliance_refused"].split("/"))
        totals["examples"] += part["examples"]
        totals["correct"] += part["accuracy"] * part["examples"]
        totals["attacks"] += attacks
        totals["caught"] += part["attack_recall"] * attacks
        totals["false"] += part["attack_false_positives"]
        totals["benign"] += benign
        totals["refused"] += refused
    return {
        "examples": totals["examples"],
        "accuracy": round(totals["correct"] / totals["examples"], 4),
        "attack_recall": round(totals["caught"] / max(1, totals["attacks"]), 4),
        "attack_false_positives": totals["false"],
        "benign_compliance_refused": f"{totals['refused']}/{totals['benign']}",
    }


def train(config_dir: Path) -> dict[str, Any]:
    examples = load_all(config_dir)
    cues = Cues.load(config_dir)
    vectors = embed_messages(examples)
    train_idx, test_idx = heldout_split(examples)
    pick = lambda idx: [examples[i] for i in idx]  # noqa: E731
    split_model = IntentModel(fit(pick(train_idx), vectors[train_idx], cues), cues)
    refuse_at = InjectionConfig.load(config_dir).intent.refuse_at
    heldout = evaluate(split_model, pick(test_idx), vectors[test_idx], refuse_at)
    folds = crossval(examples, vectors, cues, refuse_at)
    payload = fit(examples, vectors, cues)
    payload["data_sha256"] = data_digest(config_dir)
    payload["params"] = PARAMS
    shipped = evaluate(IntentModel(payload, cues), examples, vectors, refuse_at)
    report = {
        "version": VERSION,
        "data_sha256": payload["data_sha256"],
        "params": PARAMS,
        "heldout": heldout,
        "crossval": folds,
        "shipped_on_training_data": shipped,
    }
    (config_dir / MODEL_FILE).write_text(json.dumps(payload, separators=(",", ":")) + "\n")
    (config_dir / "intent" / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    (config_dir / "intent" / "report.md").write_text(markdown(report))
    return report


def markdown(report: dict[str, Any]) -> str:
    lines = [f"# Intent classifier {report['version']}", ""]
    if "crossval" in report:
        cv = report["crossval"]
        lines += [
            "## All five folds of groups, each held out once",
            "",
            f"examples {cv['examples']}, accuracy {cv['accuracy']}, attack recall {cv['attack_recall']}, "
            f"false attacks {cv['attack_false_positives']}, "
            f"benign compliance refused {cv['benign_compliance_refused']}",
            "",
        ]
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
