"""Plan an answer: for each part of the question the sentence that answers it (the lead), lists kept whole
with the sentence that introduces them, then at most a few supporting sentences, each about a part.

A sentence whose subject leans on the one before it ("It also…") is quoted only right after that
sentence. A sentence is a repeat when it states no fact that is not already said (figures, dates, codes
and key words, not counting the product name every sentence of its passage repeats) — ADR 0012.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from assistant.answer.candidates import Candidate


@dataclass(frozen=True)
class PlanLimits:
    lead_min_probability: float
    support_min_probability: float
    max_support: int
    max_words: int
    max_list_items: int
    min_words: int
    redundancy_similarity: float
    choices_per_part: int = 5
    top_documents: int = 3
    corroborate_min_probability: float = 0.3
    lead_caveat_penalty: float = 0.15
    # When is a sentence with figures redundant (config/answer/extractive.yaml `redundant`)?
    all_figures_said_margin: float = 0.25
    some_figures_said_margin: float = 0.15
    figures_shared_words: float = 0.5
    words_said_share: float = 0.8
    words_said_margin: float = 0.2


@dataclass
class Plan:
    lead: list[Candidate] = field(default_factory=list)
    support: list[Candidate] = field(default_factory=list)

    @property
    def chosen(self) -> list[Candidate]:
        return self.lead + self.support


class Planner:
    def __init__(self, limits: PlanLimits) -> None:
        self.limits = limits

    def plan(
        self,
        pool: list[Candidate],
        probs: np.ndarray,
        list_parts: list[bool],
        support_probs: np.ndarray,
        common: frozenset[str],
        focus: frozenset[str] = frozenset(),
        lead_first: Candidate | None = None,
        list_sections: list[int] | None = None,
        caveats_answer: bool = False,
    ) -> Plan:
        """`probs` is (parts to answer, candidates) and `list_parts[i]` says whether part i asks for a list;
        `support_probs` is (all parts, candidates), including parts the sources cannot answer; a
        supporting sentence must share a word of `focus` (the question's) to be about the question."""
        state = _State(pool, common, self.limits, focus)
        if lead_first is not None:
            state.add(lead_first, state.plan.lead)
        # A caveat (a confidence note, a conflict, history) answers only when nothing else does.
        # …unless the question asks whether something is settled ("is it actually in the regulations?").
        penalty = 0.0 if caveats_answer else self.limits.lead_caveat_penalty
        caveats = np.asarray([c.caveat for c in pool], dtype=np.float32) * penalty
        adjusted = probs - caveats[None, :] if probs.size else probs
        picks = self._assign(pool, adjusted, state)
        # The surest direct answer opens the answer, whichever part it answers (ADR 0093); a sentence that
        # leans on an earlier one ("Under that pricing, …") never opens it.
        picks.sort(key=lambda pick: (pool[pick[1]].dangling, -float(adjusted[pick])))
        for i, j in picks:
            cand = pool[j]
            if state.fits(cand, answer=True):
                state.add_with_list(cand, list_parts[i] or self._list_wanted(cand, pool, probs[i]), state.plan.lead)
        for rank in list_sections or []:  # a section whose heading names the list asked for, in its own order
            for cand in sorted((c for c in pool if c.passage_rank == rank and not c.meta), key=lambda c: c.position):
                if not state.taken(cand):  # every item, even one close in wording to the lead: it is the list
                    state.add(cand, state.plan.lead)
        if support_probs.size:
            best = support_probs.max(axis=0)
            self._corroborate(pool, best, state)
            corroborating = len(state.plan.support)
            for j in np.argsort(-best):
                more = len(state.plan.support) - corroborating
                if more >= self.limits.max_support or best[j] < self.limits.support_min_probability:
                    break
                cand = pool[int(j)]
                if not state.taken(cand) and state.about(cand) and state.fits(cand) and state.within_budget(cand):
                    state.add_with_list(cand, False, state.plan.support)
        return state.plan

    def _corroborate(self, pool: list[Candidate], best: np.ndarray, state: _State) -> None:
        """The retriever's best documents not yet cited each give their likeliest sentence, when it is
        likely enough: the sources list keeps the retriever's best first (ADR 0010)."""
        cited = {c.doc_id for c in state.plan.chosen}
        top_docs = list(dict.fromkeys(c.doc_id for c in sorted(pool, key=lambda c: c.key)))[: self.limits.top_documents]
        for doc in top_docs:
            if doc in cited:
                continue
            own = [j for j, c in enumerate(pool) if c.doc_id == doc]
            for j in sorted(own, key=lambda j: -best[j]):
                if best[j] < self.limits.corroborate_min_probability:
                    break
                if state.about(pool[j]) and state.fits(pool[j]) and state.within_budget(pool[j]):
                    state.add_with_list(pool[j], False, state.plan.support)
                    break

    def _assign(self, pool: list[Candidate], probs: np.ndarray, state: _State) -> list[tuple[int, int]]:
        """One sentence per part, each a different sentence, with the highest total probability: (part,
        candidate) index pairs in the order asked. A part whose best sentence is not likely enough stays
        unanswered."""
        options: list[list[int | None]] = []
        for i in range(probs.shape[0]):
            ranked = [int(j) for j in np.argsort(-probs[i])[: self.limits.choices_per_part * 3]]
            good = [j for j in ranked if probs[i, j] >= self.limits.lead_min_probability and state.fits(pool[j])]
            options.append([*good[: self.limits.choices_per_part], None])
        scored = []
        for combo in itertools.islice(itertools.product(*options), 5000):
            picked = [j for j in combo if j is not None]
            if len(picked) == len(set(picked)):
                scored.append((sum(float(probs[i, j]) for i, j in enumerate(combo) if j is not None), combo))
        scored.sort(key=lambda item: -item[0])
        for _, combo in scored:  # the likeliest set whose sentences do not repeat one another
            if state.copy().all_fit([pool[j] for j in combo if j is not None], answer=True):
                return [(i, j) for i, j in enumerate(combo) if j is not None]
        return []

    def _list_wanted(self, cand: Candidate, pool: list[Candidate], probs: np.ndarray) -> bool:
        """A list is quoted whole when several of its items are among the part's likeliest sentences."""
        if not cand.list_item and not cand.introducer:
            return False
        top = [pool[int(j)] for j in np.argsort(-probs)[:8]]
        return sum(1 for c in top if c.list_item and c.passage_rank == cand.passage_rank) >= 2


class _State:
    def __init__(
        self, pool: list[Candidate], common: frozenset[str], limits: PlanLimits, focus: frozenset[str] = frozenset()
    ) -> None:
        self.by_key = {c.key: c for c in pool}
        self.common = common
        self.limits = limits
        self.focus = focus
        self.plan = Plan()
        self.keys: set[tuple[int, int]] = set()
        self.words = 0

    def copy(self) -> _State:
        other = _State.__new__(_State)
        other.by_key, other.common, other.limits, other.focus = self.by_key, self.common, self.limits, self.focus
        other.plan, other.keys, other.words = Plan(), set(self.keys), self.words
        return other

    def all_fit(self, cands: list[Candidate], answer: bool = False) -> bool:
        """Whether the sentences can all be quoted together (this state is changed: use a copy)."""
        for cand in cands:
            if not self.fits(cand, answer):
                return False
            self.add(cand, [])
        return True

    def about(self, cand: Candidate) -> bool:
        """A supporting sentence must share a word with the question."""
        return not self.focus or bool(cand.terms & self.focus)

    def taken(self, cand: Candidate) -> bool:
        return cand.key in self.keys

    def within_budget(self, cand: Candidate) -> bool:
        return self.words + cand.words <= self.limits.max_words

    def fits(self, cand: Candidate, answer: bool = False) -> bool:
        """`answer`: the sentence is the best answer to a part of the question. When it states a figure no
        quoted sentence states, it is a new fact however many words and figures it shares with them ("wait
        35 days before the final vote" beside "a notice allowing at least 25 days for comment"); only saying
        the same thing in other words (closer than `redundancy_similarity`) makes it a repeat."""
        if cand.key in self.keys or cand.meta:
            return False
        if cand.words < self.limits.min_words and not (cand.list_item or cand.introducer):
            return False
        if cand.dangling and (cand.passage_rank, cand.position - 1) not in self.keys:
            return False
        if answer and self.says_a_new_figure(cand):
            return not self.too_close(cand)
        return not self.repeats(cand)

    def says_a_new_figure(self, cand: Candidate) -> bool:
        said = frozenset().union(*(self.by_key[k].figures for k in self.keys))
        return bool(cand.figures - said)

    def closeness(self, cand: Candidate) -> dict[tuple[int, int], float]:
        """Cosine similarity of `cand` to each quoted sentence, by the quoted sentence's key."""
        return {k: float(np.dot(cand.vector, self.by_key[k].vector)) for k in self.keys}

    def too_close(self, cand: Candidate, close: dict[tuple[int, int], float] | None = None) -> bool:
        """Saying what a quoted sentence says, in other words (`close`: `closeness(cand)`, if known)."""
        close = self.closeness(cand) if close is None else close
        return bool(close) and max(close.values()) >= self.limits.redundancy_similarity

    def repeats(self, cand: Candidate) -> bool:
        """Close in meaning to a quoted sentence, or stating the same figures about the same thing, or
        (without figures) nothing but words already said — the product name not counted."""
        chosen = [self.by_key[k] for k in self.keys]
        if not chosen:
            return False
        close = self.closeness(cand)
        if self.too_close(cand, close):
            return True
        words = _words(cand, self.common)
        if cand.figures:
            for c in chosen:
                if not cand.figures & c.figures:
                    continue
                other = _words(c, self.common)
                shared = len(words & other) / min(len(words), len(other)) if words and other else 1.0
                # All its figures said already by one sentence: a looser bar than figures merely shared.
                limits = self.limits
                margin = (
                    limits.all_figures_said_margin if cand.figures <= c.figures else limits.some_figures_said_margin
                )
                if close[c.key] >= limits.redundancy_similarity - margin or shared >= limits.figures_shared_words:
                    return True
            return False
        said = frozenset().union(*(_words(c, self.common) for c in chosen))
        share = len(words & said) / len(words) if words else 1.0
        return (
            share >= self.limits.words_said_share
            and max(close.values()) >= self.limits.redundancy_similarity - self.limits.words_said_margin
        )

    def add(self, cand: Candidate, into: list[Candidate]) -> None:
        if cand.key in self.keys:
            return
        self.keys.add(cand.key)
        self.words += cand.words
        into.append(cand)

    def add_with_list(self, cand: Candidate, whole_list: bool, into: list[Candidate]) -> None:
        """The sentence, with the sentence that introduces its list and, when the list is asked for or the
        sentence announces it, the list's items."""
        introducer, items = self._list_around(cand)
        if introducer is not None and introducer.key != cand.key:
            self.add(introducer, into)
        if items and (whole_list or cand.introducer or cand.announces):
            if not cand.list_item:
                self.add(cand, into)
            for item in items[: self.limits.max_list_items]:  # in the list's own order
                self.add(item, into)
        self.add(cand, into)

    def _list_around(self, cand: Candidate) -> tuple[Candidate | None, list[Candidate]]:
        """The sentence before a run of list items introduces it, colon or not."""
        rank, position = cand.key
        start: Candidate | None = None
        if (cand.introducer or cand.announces) and not cand.list_item:
            start = cand
        elif cand.list_item:
            p = position - 1
            while (rank, p) in self.by_key and self.by_key[(rank, p)].list_item:
                p -= 1
            start = self.by_key.get((rank, p))
        if start is None:
            return None, []
        items = []
        p = start.position + 1
        while (rank, p) in self.by_key and self.by_key[(rank, p)].list_item:
            items.append(self.by_key[(rank, p)])
            p += 1
        if not items and start.announces:  # "built on three pillars." then three sentences, not bullets
            following = [self.by_key.get((rank, start.position + k)) for k in range(1, start.announces + 1)]
            if all(c is not None and not c.meta for c in following):
                items = [c for c in following if c is not None]
        return start, items


def _words(cand: Candidate, common: frozenset[str]) -> frozenset[str]:
    return _without_figures(cand.terms) - common


@lru_cache(maxsize=32768)
def _without_figures(terms: frozenset[str]) -> frozenset[str]:
    """A corpus sentence's terms without those holding digits: once per sentence, not per comparison (ADR 0056)."""
    return frozenset(t for t in terms if not any(ch.isdigit() for ch in t))
