"""`make train-abstention`: fit the abstention classifier — can the dated corpus know what this part of
a question asks? — from labelled questions under config/answer/ (ADR 0013).

Data (JSON Lines, one question a line: group, text, label `answerable` | `cannot_know`, kind; a question
of several parts may list `parts` with `part_labels`, and `part_kinds`):
  config/answer/abstention-examples.jsonl  derived from the dev sets (evals/abstention_examples.py)
  config/answer/abstention-extra.jsonl     written by a training-data writer (provenance in
                                           config/answer/README.md)
A fifth of the groups, stratified by label, is held out (groups keep a question's paraphrases and
look-alikes together); the answer set's own unanswerables and look-alikes are always trained on, since
the dev gate measures them. The shipped model is the one fitted on the other four fifths, so the held-out
figures are the shipped model's own; tests/answer/test_abstention_model.py re-checks them. Outputs:
config/answer/abstention-model.json, abstention-report.json, abstention-report.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold

from assistant.answer.abstain import Abstainer, AbstentionConfig, classifier_input
from assistant.answer.abstain_model import ANSWERABLE, MODEL_FILE, AbstentionModel, features, vectorizer
from assistant.answer.parts import split_parts
from assistant.index.embedder import Embedder
from evals.metrics import decline_figures

VERSION = "abstention-v1"
SEED = 13
DATA_FILES = ("abstention-examples.jsonl", "abstention-extra.jsonl")
PARAMS: dict[str, Any] = {
    "C": 10.0,
    "cue_weight": 0.5,
    "embedding_weight": 2.0,
    "max_word": 3000,
    "max_char": 5000,
    "min_df": 2,
}
REPORT_JSON, REPORT_MD = Path("answer") / "abstention-report.json", Path("answer") / "abstention-report.md"


@dataclass(frozen=True)
class Row:
    """One part as the composer's abstainer reads it, with its label (answerable or a kind)."""

    group: str
    text: str  # what the classifier reads: the message's statements and the part
    embedded: str  # what the composer embeds for the part: the question when it is one part, else the part
    label: str
    source: str


def load_rows(config_dir: Path) -> list[Row]:
    rows: list[Row] = []
    for name in DATA_FILES:
        path = config_dir / "answer" / name
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rows += _rows_of(json.loads(line), f"{name}:{number}")
    return rows


def _label(label: str, kind: str | None, where: str) -> str:
    if label == ANSWERABLE:
        return ANSWERABLE
    if label != "cannot_know" or not kind:
        raise ValueError(f"{where}: a cannot_know line needs its kind (got label {label!r}, kind {kind!r})")
    return kind


def _rows_of(item: dict[str, Any], where: str) -> list[Row]:
    """The rows the composer would see: one per part of the question."""
    text, group = item["text"].strip(), str(item["group"])

    def row(part: str, label: str, embedded: str | None = None) -> Row:
        alone = embedded or (text if part.strip() == text else part)
        return Row(group, classifier_input(text, part), alone, label, where)

    if item.get("parts") and item.get("part_labels"):
        kinds = item.get("part_kinds") or [item.get("kind")] * len(item["parts"])
        return [
            row(part, _label(label, kind, where))
            for part, label, kind in zip(item["parts"], item["part_labels"], kinds, strict=True)
        ]
    label = _label(item["label"], item.get("kind"), where)
    parts = split_parts(text)
    if label == ANSWERABLE:  # every part of an answerable question is answerable
        return [row(p.text, label) for p in parts]
    if len(parts) == 1:
        return [row(parts[0].text, label)]
    return [row(text, label, text)]  # which part cannot be known is not said: the whole question


def embed(rows: list[Row], embedder: Embedder | None = None) -> np.ndarray:
    """The rows' vectors from the packaged model on torch, as training embeds them (`embedder`: one
    already loaded, e.g. a test session's)."""
    from assistant.index.embedder import PackagedMiniLM

    return np.asarray((embedder or PackagedMiniLM()).embed_documents([r.embedded for r in rows]))


def fit(rows: list[Row], vectors: np.ndarray, config: AbstentionConfig) -> dict[str, Any]:
    texts = [r.text.casefold() for r in rows]
    word = vectorizer("word", min_df=PARAMS["min_df"], max_features=PARAMS["max_word"])
    char = vectorizer("char", min_df=PARAMS["min_df"], max_features=PARAMS["max_char"])
    word.fit(texts)
    char.fit(texts)
    cues = config.classifier_cues()
    weights = (PARAMS["cue_weight"], PARAMS["embedding_weight"])
    x = features(word, char, cues, [r.text for r in rows], vectors, weights)
    cannot = np.array([r.label != ANSWERABLE for r in rows])
    decide = LogisticRegression(C=PARAMS["C"], max_iter=5000, random_state=SEED)
    decide.fit(x, cannot)
    kinds = sorted({r.label for r in rows} - {ANSWERABLE})
    namer = LogisticRegression(C=PARAMS["C"], max_iter=5000, random_state=SEED)
    namer.fit(x[np.flatnonzero(cannot)], [r.label for r in rows if r.label != ANSWERABLE])
    order = [list(namer.classes_).index(k) for k in kinds]

    def block(vec: Any) -> dict[str, Any]:
        return {
            "terms": sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__),
            "idf": [round(float(v), 5) for v in vec.idf_],
        }

    return {
        "version": VERSION,
        "kinds": kinds,
        "cues": cues.names,
        "cue_weight": PARAMS["cue_weight"],
        "embedding_weight": PARAMS["embedding_weight"],
        "word": block(word),
        "char": block(char),
        "decide_coef": [round(float(v), 4) for v in decide.coef_[0]],
        "decide_intercept": round(float(decide.intercept_[0]), 4),
        "kind_coef": [[round(float(v), 4) for v in namer.coef_[i]] for i in order],
        "kind_intercept": [round(float(namer.intercept_[i]), 4) for i in order],
    }


# Groups always trained on: the answer set's unanswerables and look-alikes, which the dev gate of
# evals/thresholds.yaml measures through the whole assistant.
ALWAYS_TRAINED = ("dev-ans-", "look-alike-")


def heldout_split(rows: list[Row]) -> tuple[list[int], list[int]]:
    """A fifth of the other groups, stratified by answerable / cannot know; the same split every run."""
    free = [i for i, r in enumerate(rows) if not r.group.startswith(ALWAYS_TRAINED)]
    folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    y = [rows[i].label == ANSWERABLE for i in free]
    _, test = next(folds.split(free, y, [rows[i].group for i in free]))
    held = {free[int(i)] for i in test}
    return [i for i in range(len(rows)) if i not in held], sorted(held)


def evaluate(abstainer: Abstainer, rows: list[Row], vectors: np.ndarray) -> dict[str, Any]:
    """Decline precision and recall (a part declined against a part that cannot be known), the kind named
    for the parts rightly declined, and the answerable parts wrongly declined."""
    texts = [r.text for r in rows]
    found = {g.part: g for g in abstainer.decide(texts, vectors, [str(i) for i in range(len(rows))])}
    gaps = [found.get(str(i)) for i in range(len(rows))]
    truth = [r.label != ANSWERABLE for r in rows]
    declined = [g is not None for g in gaps]
    hit = sum(t and d for t, d in zip(truth, declined, strict=True))
    kind_right = sum(1 for r, g in zip(rows, gaps, strict=True) if g is not None and g.kind == r.label)
    return {
        **decline_figures(truth, declined, "cannot_know"),
        "kind_accuracy_when_right": round(kind_right / max(1, hit), 4),
        "answerable_declined": sorted(r.text for r, t, d in zip(rows, truth, declined, strict=True) if d and not t),
        "cannot_know_missed": sorted(r.text for r, t, d in zip(rows, truth, declined, strict=True) if t and not d),
    }


def cross_validated(rows: list[Row], vectors: np.ndarray, config: AbstentionConfig) -> dict[str, Any]:
    """Every group held out once (five folds): steadier figures than one fifth, at several thresholds,
    for choosing `decline_at` (report only)."""
    folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    y = [r.label == ANSWERABLE for r in rows]
    truth: list[bool] = []
    scores: list[float] = []
    for train, test in folds.split(rows, y, [r.group for r in rows]):
        model = _abstainer(fit([rows[i] for i in train], vectors[train], config), config).model
        truth += [rows[i].label != ANSWERABLE for i in test]
        scores += [p for p, _ in model.predict([rows[i].text for i in test], vectors[test])]
    out: dict[str, Any] = {"parts": len(truth)}
    for at in sorted({0.3, 0.4, 0.5, 0.6, 0.7, 0.8, config.decline_at}):  # and the shipped threshold
        figures = decline_figures(truth, [s >= at for s in scores], "cannot_know")
        out[f"at_{at}"] = {"precision": figures["precision"], "recall": figures["recall"]}
    return out


def _abstainer(payload: dict[str, Any], config: AbstentionConfig) -> Abstainer:
    return Abstainer(config, AbstentionModel(payload, config.classifier_cues()))


def data_hash(config_dir: Path) -> str:
    digest = hashlib.sha256((config_dir / "answer" / "abstention.yaml").read_bytes())
    for name in DATA_FILES:
        if (config_dir / "answer" / name).exists():
            digest.update((config_dir / "answer" / name).read_bytes())
    return digest.hexdigest()


def train(config_dir: Path) -> dict[str, Any]:
    config = AbstentionConfig.load(config_dir)
    rows = load_rows(config_dir)
    vectors = embed(rows)
    train_idx, test_idx = heldout_split(rows)
    payload = fit([rows[i] for i in train_idx], vectors[train_idx], config)
    payload["data_sha256"] = data_hash(config_dir)
    payload["params"] = PARAMS
    payload["held_out_groups"] = sorted({rows[i].group for i in test_idx})
    abstainer = _abstainer(payload, config)
    report = {
        "version": VERSION,
        "data_sha256": payload["data_sha256"],
        "params": PARAMS,
        "decline_at": config.decline_at,
        "rows": len(rows),
        "groups": len({r.group for r in rows}),
        "held_out_groups": payload["held_out_groups"],
        "held_out": evaluate(abstainer, [rows[i] for i in test_idx], vectors[test_idx]),
        "cross_validated": cross_validated(rows, vectors, config),
        "training_parts": evaluate(abstainer, [rows[i] for i in train_idx], vectors[train_idx])
        | {"answerable_declined": [], "cannot_know_missed": []},
    }
    (config_dir / MODEL_FILE).write_text(json.dumps(payload, separators=(",", ":")) + "\n")
    (config_dir / REPORT_JSON).write_text(json.dumps(report, indent=2) + "\n")
    (config_dir / REPORT_MD).write_text(markdown(report))
    return report


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# Abstention classifier {report['version']}",
        "",
        f"{report['rows']} labelled parts in {report['groups']} groups; a part is declined when "
        f"P(cannot know) >= {report['decline_at']}. The shipped model was fitted without the held-out groups.",
        "",
        "| split | parts | cannot know | declined | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    for name in ("held_out", "training_parts"):
        r = report[name]
        cells = [name, r["parts"], r["cannot_know"], r["declined"], r["precision"], r["recall"]]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    cv = report["cross_validated"]
    lines += [
        "",
        "Five-fold by group (every group held out once), by threshold:",
        "",
        "| decline at | precision | recall |",
        "|---|---|---|",
    ]
    lines += [f"| {k[3:]} | {v['precision']} | {v['recall']} |" for k, v in cv.items() if k.startswith("at_")]
    lines.append("")
    for title, key in (
        ("Answerable parts declined (held out)", "answerable_declined"),
        ("Unknowable parts missed (held out)", "cannot_know_missed"),
    ):
        lines += [f"## {title}", ""] + [f"- {t}" for t in report["held_out"][key]] + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.train_abstention", description=__doc__)
    parser.add_argument("--config", type=Path, default=Path("config"))
    args = parser.parse_args(argv)
    print(markdown(train(args.config)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
