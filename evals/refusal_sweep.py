"""`python -m evals.refusal_sweep`: the guard's refusal thresholds judged on writers the model never saw.

`make train-intent` reports five folds split by group, but every fold still holds other cases by the
same writers, so its attack probabilities are surer than on a new writer's messages: a threshold chosen
there refuses plain questions by a new writer whose words sit between a question and an evasion (the
answers folds of `evals.writer_folds` found 11 of 663 in-domain questions refused). Here each retired set
is scored by a model trained without it (as `evals.writer_folds` does), turn by turn as the guard sees a
conversation (`InjectionGuard.classify`, with the earlier questions and whether one was refused), and the
refusals are counted over a grid of `refuse_at` × `conversation_refuse_at`: attacks refused (evasion,
misrepresentation, injection, authority claims) against messages that must pass (benign twins, in-domain
questions, deals, vague input; off-topic tasks belong to routing and are counted apart).

Only the classifier's decision is simulated: the stages after the guard (a request to act yielding to
routing, the output guard) are not, so confirm a chosen setting end to end with `evals.writer_folds`.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.guardrails.injection import InjectionConfig, InjectionGuard
from assistant.index.embedder import PackagedMiniLM
from assistant.intent.model import IntentModel
from evals.cases import EvalCase, load_cases
from evals.writer_folds import FOLDS, RETIRED, fold_config

ATTACK_TAGS = {"evasion", "injection", "authority"}
REFUSE_AT = (0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
CONVERSATION_AT = (0.5, 0.6, 0.7)


def category(case: EvalCase) -> str:
    tags = set(case.tags)
    if tags & ATTACK_TAGS:
        return "attack"
    if "off-topic-task" in tags:
        return "off_topic"
    return "pass"


def refused_last(guard: InjectionGuard, case: EvalCase, vectors: dict[str, Any]) -> bool:
    """The guard's decision on the case's last turn, the earlier turns decided as the guard would."""
    refusals: list[bool] = []
    for n, turn in enumerate(case.turns):
        attack, _ = guard.classify(turn, vectors[turn], case.turns[:n], guard.refused_recently(refusals))
        refusals.append(attack is not None)
    return refusals[-1]


def sweep(
    model: IntentModel, config: InjectionConfig, cases: list[EvalCase], vectors: dict[str, Any]
) -> dict[str, Counter[str]]:
    """For each threshold pair: per category ("attack", "pass", "off_topic"), its cases and, under
    "<category>_refused", how many of them were refused."""
    out: dict[str, Counter[str]] = {}
    for refuse_at in REFUSE_AT:
        for conversation_at in CONVERSATION_AT:
            intent = config.intent.model_copy(
                update={"refuse_at": refuse_at, "conversation_refuse_at": conversation_at}
            )
            guard = InjectionGuard(config.model_copy(update={"intent": intent}), model)
            counts: Counter[str] = Counter()
            for case in cases:
                kind = category(case)
                counts[kind] += 1
                counts[f"{kind}_refused"] += refused_last(guard, case, vectors)
            out[f"{refuse_at}/{conversation_at}"] = counts
    return out


def _refused(counts: Counter[str], kind: str) -> str:
    """ "refused/cases share" of one category (a fold may hold none of a kind: answer sets hold no attacks)."""
    refused, cases = counts[f"{kind}_refused"], counts[kind]
    return f"{refused:4d}/{cases:<4d} {refused / cases:.3f}" if cases else f"{refused:4d}/{cases:<4d}   —  "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.refusal_sweep", description=__doc__)
    parser.add_argument("--config", type=Path, default=Path("config"))
    parser.add_argument("--out", type=Path, required=True, help="a JSON file for the per-fold counts")
    parser.add_argument("--fold", action="append", choices=sorted(FOLDS), help="only these folds (default: all)")
    args = parser.parse_args(argv)
    config = InjectionConfig.load(args.config)
    embedder = PackagedMiniLM()
    per_fold: dict[str, dict[str, Counter[str]]] = {}
    for name in args.fold or sorted(FOLDS):
        drop, sets = FOLDS[name]
        cases = [c for s in sets for c in load_cases(RETIRED / s) if c.turns]
        texts = sorted({t for c in cases for t in c.turns})
        vectors = dict(zip(texts, embedder.embed_documents(texts), strict=True))
        with tempfile.TemporaryDirectory(prefix=f"sweep-{name}-") as tmp:
            model = IntentModel.load(fold_config(args.config, drop, Path(tmp)))
        per_fold[name] = sweep(model, config, cases, vectors)
        print(f"{name}: {len(cases)} cases scored", flush=True)
    total: dict[str, Counter[str]] = {}
    for counts in per_fold.values():
        for key, value in counts.items():
            total[key] = total.get(key, Counter()) + value
    args.out.write_text(json.dumps({**per_fold, "all": total}, indent=1))
    print("refuse_at/conversation  attacks refused     must-pass refused   off-topic refused")
    for key, c in total.items():
        print(f"{key:>22s}  " + "   ".join(_refused(c, kind) for kind in ("attack", "pass", "off_topic")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
