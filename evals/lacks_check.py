"""`python -m evals.lacks_check`: measure a "the sources lack this part" check (ADR 0095) — does what the
candidate sentences state answer the part, or should the answer say the sources do not state it? A
measurement, not a deployed component: its five-fold figures did not beat the question-form classifier
alone (config/answer/pending/README.md), so nothing here changes an answer.

Data (JSON Lines, the abstention classifier's line format):
  config/answer/pending/lacks.jsonl   60 groups of one question about a fact the corpus does not state and
                                      two look-alikes it answers (a training-data writer)
  config/answer/abstention-examples.jsonl, abstention-extra.jsonl   the abstention classifier's data
Each question runs through the real retrieval (the composer's input recorded, as `make train-composer`
does) and the composer's own steps up to its plan (`reading`); each part becomes one row of evals/lacks_features.py. The
question-form probability in a row is out of fold (the classifier refitted five times by group), since
at a turn the classifier has not seen the question. Rows go to config/answer/pending/lacks-data.jsonl
(`--from-data` re-measures from them without the index); the report, five-fold by group, to
config/answer/pending/lacks-report.json and .md. The figures are for the composer's whole decision: a
part declined when its question-form probability reaches `decline_at` or P(lacks) reaches `lack_at`.
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
from sklearn.model_selection import StratifiedGroupKFold

from assistant.answer.abstain import AbstentionConfig, classifier_input
from assistant.answer.candidates import Candidate
from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.features import feature_rows
from assistant.answer.parts import Part
from assistant.sources import Passage
from evals.cases import EvalCase
from evals.lacks_features import LACK_FEATURES, LackModel, lack_rows
from evals.metrics import decline_figures

SEED = 13
C = 0.3
DATA_FILES = (Path("pending") / "lacks.jsonl", Path("abstention-examples.jsonl"), Path("abstention-extra.jsonl"))
PENDING = Path("answer") / "pending"
ROWS, REPORT_JSON, REPORT_MD = PENDING / "lacks-data.jsonl", PENDING / "lacks-report.json", PENDING / "lacks-report.md"
SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
LACKS_DATA = "lacks.jsonl"  # the rows from config/answer/pending/lacks.jsonl


def questions(config_dir: Path, without: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Every labelled question once (the first line wins), but those whose source starts with `without`."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name in DATA_FILES:
        for number, line in enumerate((config_dir / "answer" / name).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            item = json.loads(line)
            key = " ".join(item["text"].split()).casefold()
            if key in seen or (without and str(item.get("source", "")).startswith(without)):
                continue
            seen.add(key)
            out.append({**item, "where": f"{name}:{number}"})
    return out


def out_of_fold_form(config_dir: Path) -> dict[str, float]:
    """The question-form classifier's P(cannot know) for each of its own training parts, from a fit
    without that part's group (five folds), keyed by what the classifier reads."""
    from evals.train_abstention import _abstainer, embed, fit, load_rows

    config = AbstentionConfig.load(config_dir)
    rows = load_rows(config_dir)
    vectors = embed(rows)
    folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    y = [r.label == "answerable" for r in rows]
    out: dict[str, float] = {}
    for train, test in folds.split(rows, y, [r.group for r in rows]):
        model = _abstainer(fit([rows[i] for i in train], vectors[train], config), config).model
        for i, (p, _) in zip(test, model.predict([rows[i].text for i in test], vectors[test]), strict=True):
            out[rows[int(i)].text] = p
    return out


def record(config_dir: Path, without: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """One row per part of each labelled question, through the real retrieval and the composer's own steps
    up to its plan (`reading`)."""
    from assistant.settings import Settings
    from assistant.wiring import Services
    from evals.composer_cases import capture

    items = questions(config_dir, without)
    oof = out_of_fold_form(config_dir)
    services = Services(Settings())
    services.warm_up()
    composer = services.composer
    cases = [EvalCase(id=str(n), kind="qa", turns=[item["text"]]) for n, item in enumerate(items)]
    rows: list[dict[str, Any]] = []
    for captured in capture(services, cases):
        item = items[int(captured.case.id)]
        read = reading(composer, captured.query, captured.query_vector, captured.passages)
        if read is None:
            continue  # the composer declines these whatever a check says
        parts, form = read[0], read[4]
        lacks = lack_rows(*read, services.index.rarity)
        labels = _part_labels(item, [p.text for p in parts], lacks)
        for k, (part, label) in enumerate(zip(parts, labels, strict=True)):
            if label is None:
                continue
            x = lacks[k].copy()
            out_of_fold = oof.get(classifier_input(captured.query, part), form[k])
            x[LACK_FEATURES.index("form_probability")] = out_of_fold
            rows.append(
                {
                    "group": str(item["group"]),
                    "source": item.get("source") or item["where"],
                    "text": part.text,
                    "label": label,
                    "form": round(out_of_fold, 4),
                    "x": [round(float(v), 4) for v in x],
                }
            )
    return rows


Reading = tuple[list[Part], list[Candidate], np.ndarray, np.ndarray, list[float], frozenset[str]]


def reading(
    composer: ExtractiveComposer, question: str, query_vector: np.ndarray, passages: list[Passage]
) -> Reading | None:
    """What `ExtractiveComposer.compose` reads before it plans (its own `read`), and from it: the parts, the
    question-form probability of each, the candidate sentences, the ranker's features and probabilities,
    the common terms — as lack_rows' arguments; None when the composer would decline for want of close
    sentences."""
    seen = composer.read(question, query_vector, passages)
    parts, pool, common = seen.parts, seen.pool, seen.common
    form = [
        p
        for p, _ in composer.abstainer.model.predict([classifier_input(question, p) for p in parts], seen.part_vectors)
    ]
    if not pool or seen.best < composer.config.min_sentence_similarity:
        return None
    rows = feature_rows(parts, pool, seen.passages, common, seen.part_vectors)
    return parts, pool, rows, composer.ranker.probability(rows), form, common


def _part_labels(item: dict[str, Any], parts: list[str], lacks: np.ndarray) -> list[int | None]:
    """1 for a part the sources lack, 0 for one they answer, None when the data does not say which part of
    a question that cannot be answered is the one (then the part the sentences support least is it)."""
    if item["label"] == "answerable":
        return [0] * len(parts)
    if item.get("part_labels") and len(item["part_labels"]) == len(parts):
        return [int(label != "answerable") for label in item["part_labels"]]
    if len(parts) == 1:
        return [1]
    weakest = int(np.argmin(lacks[:, LACK_FEATURES.index("best_probability")]))
    return [1 if k == weakest else None for k in range(len(parts))]


def fit(rows: list[dict[str, Any]], decline_at: float) -> LackModel:
    """Fitted on the parts the question form does not decline: the only parts the check decides on."""
    rows = [r for r in rows if r["form"] < decline_at]
    x = np.asarray([r["x"] for r in rows], dtype=np.float64)
    y = np.asarray([r["label"] for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=C, max_iter=5000, random_state=SEED).fit((x - mean) / scale, y)
    return LackModel(mean, scale, model.coef_[0], float(model.intercept_[0]))


def figures(rows: list[dict[str, Any]], declined: list[bool]) -> dict[str, Any]:
    return decline_figures([bool(r["label"]) for r in rows], declined, "lacking")


def cross_validated(rows: list[dict[str, Any]], decline_at: float) -> dict[str, Any]:
    """Every group held out once (five folds by group, stratified): the question form alone, then with the
    check at each `lack_at`; over all parts and over the lacks.jsonl groups apart (the questions it is for)."""
    folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    scored: list[tuple[dict[str, Any], float]] = []
    for train, test in folds.split(rows, [r["label"] for r in rows], [r["group"] for r in rows]):
        model = fit([rows[i] for i in train], decline_at)
        test_rows = [rows[i] for i in test]
        probs = model.probability(np.asarray([r["x"] for r in test_rows], dtype=np.float64))
        scored += list(zip(test_rows, (float(p) for p in probs), strict=True))
    subsets = {"all": scored, "lacks_jsonl": [(r, p) for r, p in scored if LACKS_DATA in str(r["source"])]}
    out: dict[str, Any] = {}
    for name, subset in subsets.items():
        parts = [r for r, _ in subset]
        out[name] = {"question_form_alone": figures(parts, [r["form"] >= decline_at for r in parts])}
        for at in SWEEP:
            out[name][f"at_{at}"] = figures(parts, [r["form"] >= decline_at or p >= at for r, p in subset])
    return out


def measure(config_dir: Path, rows: list[dict[str, Any]]) -> dict[str, Any]:
    decline_at = AbstentionConfig.load(config_dir).decline_at
    model = fit(rows, decline_at)
    report = {
        "features": list(LACK_FEATURES),
        "weights_fitted_on_all": dict(zip(LACK_FEATURES, [round(float(w), 4) for w in model.weights], strict=True)),
        "data_sha256": hashlib.sha256((config_dir / ROWS).read_bytes()).hexdigest(),
        "C": C,
        "decline_at": decline_at,
        "rows": len(rows),
        "groups": len({r["group"] for r in rows}),
        "cross_validated": cross_validated(rows, decline_at),
    }
    (config_dir / REPORT_JSON).write_text(json.dumps(report, indent=1) + "\n")
    (config_dir / REPORT_MD).write_text(markdown(report))
    return report


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# A 'the sources lack this part' check, measured (ADR 0095; not deployed)",
        "",
        f"{report['rows']} labelled parts in {report['groups']} groups, five-fold by group. A part is declined when "
        f"its question-form probability reaches {report['decline_at']} or the check's P(lacks) reaches `lack_at`.",
        "",
        "| lack_at | precision | recall | lacks.jsonl precision | lacks.jsonl recall |",
        "|---|---|---|---|---|",
    ]
    cv = report["cross_validated"]
    for key in cv["all"]:
        a, b = cv["all"][key], cv["lacks_jsonl"][key]
        label = "(question form alone)" if key == "question_form_alone" else key[3:]
        lines.append(f"| {label} | {a['precision']} | {a['recall']} | {b['precision']} | {b['recall']} |")
    lines += ["", "Weights (standardised features; fitted on every part the question form does not decline):", ""]
    lines += [f"- {name}: {w}" for name, w in report["weights_fitted_on_all"].items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.lacks_check", description=__doc__)
    parser.add_argument("--config", type=Path, default=Path("config"))
    parser.add_argument("--from-data", action="store_true", help="re-measure from the recorded rows")
    parser.add_argument("--without", action="append", default=[], help="leave out questions whose source starts so")
    args = parser.parse_args(argv)
    if not args.from_data:
        rows = record(args.config, tuple(args.without))
        (args.config / ROWS).write_text("".join(json.dumps(r, separators=(",", ":")) + "\n" for r in rows))
    rows = [json.loads(line) for line in (args.config / ROWS).read_text().splitlines() if line.strip()]
    print(markdown(measure(args.config, rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
