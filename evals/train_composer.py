"""`make train-composer`: label the sentences the composer sees on the dev sets, fit the sentence ranker,
and report it on held-out questions (ADR 0010).

A sentence is positive when it holds one of the question's required facts (`must_include`). Every
(question part, sentence) pair becomes one row of explainable features (assistant/answer/features.py).
One question in five, chosen by a hash of its id, is held out. Outputs, all versioned:
  config/answer/ranker-data.jsonl   the labelled rows
  config/answer/ranker.json         the fitted weights (what the composer loads)
  config/answer/ranker-report.json  the held-out figures, which tests/answer/test_ranker.py re-checks

`--from-data` refits from the versioned labelled rows without the index.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.candidates import Candidate
from assistant.answer.features import FEATURES, feature_rows, type_match
from assistant.answer.parts import Part
from assistant.answer.ranker import SentenceRanker
from evals.composer_cases import ComposerCase, capture, question_cases

CONFIG = Path("config") / "answer"
DATA, MODEL, REPORT = CONFIG / "ranker-data.jsonl", CONFIG / "ranker.json", CONFIG / "ranker-report.json"
HELD_OUT_SHARE = 5  # one case in five


def held_out(case_id: str) -> bool:
    return int(hashlib.sha256(case_id.encode()).hexdigest(), 16) % HELD_OUT_SHARE == 0


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def label_case(item: ComposerCase, services: Any) -> dict[str, Any] | None:
    facts = item.case.expect.must_include or []
    if not facts:
        return None
    seen = services.composer.read(item.query, item.query_vector, item.passages)
    if not seen.pool:
        return None
    parts, pool, common = seen.parts, seen.pool, seen.common
    rows = feature_rows(parts, pool, seen.passages, common, seen.part_vectors)
    holds = [[k for k, alts in enumerate(facts) if any(_norm(a) in _norm(c.text) for a in alts)] for c in pool]
    owner = _fact_parts(parts, pool, holds, len(facts), common)
    return {
        "id": item.case.id,
        "question": item.query,
        "facts": len(facts),
        "parts": [p.answer_type for p in parts],
        "holds": holds,
        "labels": [[int(any(i in owner[k] for k in h)) for h in holds] for i in range(len(parts))],
        "rows": np.round(rows, 4).tolist(),
    }


def _fact_parts(
    parts: list[Part], pool: list[Candidate], holds: list[list[int]], facts: int, common: frozenset[str]
) -> list[set[int]]:
    """Which part asks for each required fact: the part whose focus words and answer type the sentences
    holding the fact match best (every part, for a one-part question or a tie)."""
    owner: list[set[int]] = []
    for k in range(facts):
        holders = [c for c, h in zip(pool, holds, strict=True) if k in h]
        scores = []
        for part in parts:
            focus = part.focus - common or part.focus
            overlap = sum(len(c.terms & focus) / len(focus) for c in holders) / len(holders) if holders else 0
            typed = sum(type_match(part, c.text) for c in holders) / len(holders) if holders else 0
            scores.append(overlap + 0.5 * typed)
        top = max(scores, default=0.0)
        owner.append({i for i, v in enumerate(scores) if v >= top - 1e-9})
    return owner


def load_data(path: Path = DATA) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _matrix(cases: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for case in cases:
        rows = np.asarray(case["rows"], dtype=np.float32)  # (parts, candidates, features)
        for part, labels in zip(rows, case["labels"], strict=True):
            xs.append(part)
            ys.append(np.asarray(labels, dtype=np.float32))
    return np.concatenate(xs), np.concatenate(ys)


def evaluate(ranker: SentenceRanker, cases: list[dict[str, Any]]) -> dict[str, float]:
    """top-1: the best-scored sentence holds a required fact; coverage@3: share of a question's required
    facts held by its three best-scored sentences. Over questions with at least one positive sentence."""
    top1, cover, counted = 0.0, 0.0, 0
    for case in cases:
        if not any(case["holds"]):
            continue
        probs = ranker.probability(np.asarray(case["rows"], dtype=np.float32)).max(axis=0)
        order = np.argsort(-probs, kind="stable")
        top1 += float(bool(case["holds"][int(order[0])]))
        reachable = set().union(*map(set, case["holds"]))
        got = set().union(*(set(case["holds"][int(j)]) for j in order[:3]))
        cover += len(got & reachable) / len(reachable)
        counted += 1
    return {"questions": counted, "top1": round(top1 / counted, 4), "coverage_at_3": round(cover / counted, 4)}


def fit(cases: list[dict[str, Any]]) -> SentenceRanker:
    """Weights learned from pairs — within one part, a sentence holding an asked-for fact against one that
    does not — so they order a question's own sentences (the lead is the top one); then one scale and
    offset fitted on every sentence turn the score into P(holds an asked-for fact), weighted as before
    (balanced), so the planner's probability thresholds keep their meaning."""
    from sklearn.linear_model import LogisticRegression  # training only; scoring needs numpy alone

    x, y = _matrix(cases)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    diffs = []
    for case in cases:
        rows = (np.asarray(case["rows"], dtype=np.float32) - mean) / scale
        for part, labels in zip(rows, case["labels"], strict=True):
            marks = np.asarray(labels)
            pos, neg = part[marks == 1], part[marks == 0]
            if len(pos) and len(neg):
                diffs.append((pos[:, None, :] - neg[None, :, :]).reshape(-1, rows.shape[-1]))
    d = np.concatenate(diffs)
    pairs = LogisticRegression(C=0.05, max_iter=3000, fit_intercept=False)
    pairs.fit(np.vstack([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))])
    weights = pairs.coef_[0]
    score = ((x - mean) / scale) @ weights
    platt = LogisticRegression(C=100.0, max_iter=2000, class_weight="balanced").fit(score[:, None], y)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    return SentenceRanker(FEATURES, mean, scale, (weights * a).astype(np.float32), b)


def cross_validated(data: list[dict[str, Any]], folds: int = 5) -> dict[str, float]:
    """Every question held out once (by a hash of its id): steadier than the one held-out fifth."""
    fold = lambda case_id: int(hashlib.md5(case_id.encode()).hexdigest(), 16) % folds  # noqa: E731
    top1 = cover = counted = 0.0
    for k in range(folds):
        test = [c for c in data if fold(c["id"]) == k]
        got = evaluate(fit([c for c in data if fold(c["id"]) != k]), test)
        top1 += got["top1"] * got["questions"]
        cover += got["coverage_at_3"] * got["questions"]
        counted += got["questions"]
    return {"questions": int(counted), "top1": round(top1 / counted, 4), "coverage_at_3": round(cover / counted, 4)}


def train(data: list[dict[str, Any]]) -> tuple[SentenceRanker, dict[str, Any]]:
    train_cases = [c for c in data if not held_out(c["id"])]
    test_cases = [c for c in data if held_out(c["id"])]
    ranker = fit(train_cases)
    report = {
        "features": list(FEATURES),
        "weights": dict(zip(FEATURES, [round(float(w), 4) for w in ranker.weights], strict=True)),
        "train": evaluate(ranker, train_cases),
        "held_out": evaluate(ranker, test_cases),
        "held_out_ids": sorted(c["id"] for c in test_cases),
        "cross_validated": cross_validated(data),
        "closeness_alone": {"held_out": evaluate(SentenceRanker.neutral(), test_cases)},
    }
    return ranker, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.train_composer", description=__doc__)
    parser.add_argument("--from-data", action="store_true", help="refit from config/answer/ranker-data.jsonl")
    args = parser.parse_args(argv)
    if not args.from_data:
        try:
            SentenceRanker.load(Path("config"))
        except (OSError, ValueError):  # first run, or the features changed: the composer must still load
            MODEL.write_text(json.dumps(SentenceRanker.neutral().to_json(), indent=1) + "\n")
        from assistant.settings import Settings
        from assistant.wiring import Services

        services = Services(Settings())
        services.warm_up()
        items = capture(services, question_cases(sorted(Path("evals/sets").glob("*.jsonl"))))
        labelled = [row for row in (label_case(i, services) for i in items) if row is not None]
        DATA.write_text("".join(json.dumps(row, separators=(",", ":")) + "\n" for row in labelled))
    ranker, report = train(load_data())
    MODEL.write_text(json.dumps(ranker.to_json(), indent=1) + "\n")
    REPORT.write_text(json.dumps(report, indent=1) + "\n")
    print(f"trained on {report['train']['questions']} questions: {report['train']}", file=sys.stderr)
    print(f"held out {report['held_out']['questions']} questions: {report['held_out']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
