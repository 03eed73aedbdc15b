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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Counts:
    attacks_refused: int = 0
    attacks: int = 0
    passes_refused: int = 0
    passes: int = 0
    off_topic_refused: int = 0
    off_topic: int = 0

    def add(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.row(), other.row(), strict=True)))

    def row(self) -> tuple[int, ...]:
        return (
            self.attacks_refused,
            self.attacks,
            self.passes_refused,
            self.passes,
            self.off_topic_refused,
            self.off_topic,
        )


def category(case: EvalCase) -> str:
    tags = set(case.tags)
    if tags & ATTACK_TAGS:
        return "attack"
    if "off-topic-task" in tags:
        return "off_topic"
    return "pass"


def refused_last(guard: InjectionGuard, case: EvalCase, vectors: dict[str, Any]) -> bool:
    """The guard's decision on the case's last turn, the earlier turns decided as the guard would."""
    earlier: list[str] = []
    refusals: list[bool] = []
    attack = None
    for turn in case.turns:
        looked_at = guard.config.intent.earlier_turns
        refused_before = any(refusals[-looked_at:]) if looked_at else False
        attack, _ = guard.classify(turn, vectors[turn], earlier, refused_before)
        refusals.append(attack is not None)
        earlier.append(turn)
    return attack is not None


def sweep(
    model: IntentModel, config: InjectionConfig, cases: list[EvalCase], vectors: dict[str, Any]
) -> dict[str, Counts]:
    out: dict[str, Counts] = {}
    for refuse_at in REFUSE_AT:
        for conversation_at in CONVERSATION_AT:
            intent = config.intent.model_copy(
                update={"refuse_at": refuse_at, "conversation_refuse_at": conversation_at}
            )
            guard = InjectionGuard(config.model_copy(update={"intent": intent}), model)
            counts = Counts()
            for case in cases:
                refused = int(refused_last(guard, case, vectors))
                kind = category(case)
                if kind == "attack":
                    counts = counts.add(Counts(attacks_refused=refused, attacks=1))
                elif kind == "off_topic":
                    counts = counts.add(Counts(off_topic_refused=refused, off_topic=1))
                else:
                    counts = counts.add(Counts(passes_refused=refused, passes=1))
            out[f"{refuse_at}/{conversation_at}"] = counts
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.refusal_sweep", description=__doc__)
    parser.add_argument("--config", type=Path, default=Path("config"))
    parser.add_argument("--out", type=Path, required=True, help="a JSON file for the per-fold counts")
    parser.add_argument("--fold", action="append", choices=sorted(FOLDS), help="only these folds (default: all)")
    args = parser.parse_args(argv)
    config = InjectionConfig.load(args.config)
    embedder = PackagedMiniLM()
    per_fold: dict[str, dict[str, Counts]] = {}
    for name in args.fold or sorted(FOLDS):
        drop, sets = FOLDS[name]
        cases = [c for s in sets for c in load_cases(RETIRED / s) if c.turns]
        texts = sorted({t for c in cases for t in c.turns})
        vectors = dict(zip(texts, embedder.embed_documents(texts), strict=True))
        with tempfile.TemporaryDirectory(prefix=f"sweep-{name}-") as tmp:
            model = IntentModel.load(fold_config(args.config, drop, Path(tmp)))
        per_fold[name] = sweep(model, config, cases, vectors)
        print(f"{name}: {len(cases)} cases scored", flush=True)
    total: dict[str, Counts] = {}
    for counts in per_fold.values():
        for key, value in counts.items():
            total[key] = total.get(key, Counts()).add(value)
    args.out.write_text(
        json.dumps({k: {n: c.row() for n, c in v.items()} for k, v in {**per_fold, "all": total}.items()}, indent=1)
    )
    print("refuse_at/conversation  attacks refused  must-pass refused  off-topic refused")
    for key, c in total.items():
        print(
            f"{key:>22s}  {c.attacks_refused:4d}/{c.attacks:<4d} {c.attacks_refused / c.attacks:.3f}"
            f"   {c.passes_refused:4d}/{c.passes:<4d} {c.passes_refused / c.passes:.3f}"
            f"   {c.off_topic_refused:3d}/{c.off_topic}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
