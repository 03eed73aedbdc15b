"""The routing decision, separate from the stage so evaluations and tests can call it directly.

Patterns and labelled examples are data (config/routing.yaml); the corpus itself is the last word on
scope: a message close to some passage is in scope whatever the examples say. The whole conversation
counts: an intake left open before a side question is still open (ADR 0020).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.classify import ExampleClassifier, top_margin
from assistant.guardrails.text import folded
from assistant.index.embedder import Embedder, Vectors
from assistant.intake.extract import Extraction
from assistant.retrieval.retriever import HybridRetriever
from assistant.routing.asks import general_questions, question_sentences, topics_asked
from assistant.routing.config import RoutingConfig

# The facts that define a deal; "civil" or "ministry" appear in general questions too, so they do not count.
DEFINING_FACTS = frozenset(
    {"buyer_country", "contract_value_usd", "repayment_months", "item", "us_content_pct", "cash_payment_pct"}
)


@dataclass
class Decision:
    route: str
    asked_about: list[str] = field(default_factory=list)  # deal_question: facts the questions ask about
    choices: list[str] = field(default_factory=list)  # clarify: what the user might mean


_FIRST_PERSON = re.compile(r"\b(we|we're|we've|our|us|i|i'm|my)\b")


def _own_deal(norm: str, stated: Extraction) -> bool:
    """The speaker's own deal ("we're selling…"), not a case asked about ("a Kenyan buyer wants…")."""
    return "exporter_country" in stated.facts or bool(_FIRST_PERSON.search(norm))


def _likely(intent: dict[str, float] | None, label: str, at_least: float) -> bool:
    if not intent:
        return False
    return max(intent, key=intent.__getitem__) == label and intent[label] >= at_least


def _compile(patterns: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


class Router:
    def __init__(self, config: RoutingConfig, embedder: Embedder, retriever: HybridRetriever) -> None:
        self.config = config
        self.retriever = retriever
        self._examples = ExampleClassifier(config.examples, embedder)
        self._domain = _compile(config.domain_terms)
        self._out_of_scope = _compile(config.out_of_scope_patterns)
        self._act = _compile(config.act_patterns)
        self._handoff = _compile(config.handoff_patterns)
        self._eligibility = _compile(config.eligibility_patterns)
        self._financing_ask = _compile(config.financing_ask_patterns)
        self._topics = {name: re.compile(p, re.IGNORECASE) for name, p in config.question_topics.items()}
        self._vague_topics = {name: re.compile(p, re.IGNORECASE) for name, p in config.vague.topics.items()}
        # The same topics as whole words, to find one inside a longer message ("hi" is not in "china").
        self._topic_word = {name: re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for name, p in config.vague.topics.items()}
        self._topic_words = list(self._topic_word.values())
        self._filler = {w.casefold() for w in config.vague.filler}
        self._generic = {w.casefold() for w in config.vague.generic}
        self._statement = {w.casefold() for w in config.vague.statement_words}
        self._pointers = {w.casefold() for w in config.vague.pointers}
        self._goods_words = {w.casefold() for w in config.vague.goods_words}
        self._definition = re.compile(config.vague.definition, re.IGNORECASE)

    def warm_up(self) -> None:
        self._examples.warm_up()

    def route(
        self,
        text: str,
        vector: Vectors,
        stated: Extraction | None = None,
        intake_open: bool = False,
        follow_up: bool = False,
        intent: dict[str, float] | None = None,
        first_message: bool = False,
    ) -> Decision:
        """`follow_up`: the message continues an in-scope conversation, so only an empty corpus
        match can put it out of scope (its words alone often look like small talk). `first_message`: nothing
        came before it, so "it" or "that" in it points at nothing."""
        stated = stated or Extraction()
        norm = folded(text)
        best = self._examples.best_by_label(vector)
        if self._asks_for_a_person(norm, best):
            return Decision("handoff")
        questions = general_questions(text, self._eligibility, self._financing_ask)
        if intake_open and (stated.found_anything or stated.yes or stated.no or not question_sentences(text)):
            return self._deal(questions)  # an answer to the intake (a side question is routed as a question)
        if self.is_a_request_to_act(norm):
            return Decision("out_of_scope")
        facts = len(DEFINING_FACTS & set(stated.facts))
        asks_check = any(p.search(norm) for p in self._eligibility) or (
            any(p.search(norm) for p in self._financing_ask) and facts >= self.config.min_facts_for_financing_ask
        )
        cfg = self.config
        described = facts >= cfg.min_facts_for_a_described_deal or (
            facts >= cfg.min_facts_for_a_likely_deal and _likely(intent, "deal", cfg.intent_deal_at)
        )
        # A deal stated without a single question ("sale to a hospital chain in Quito, MRI scanners, $3.8M,
        # 5 yr repayment, 20% cash") is the speaker's own, however it is phrased (ADR 0111).
        if asks_check or (described and (_own_deal(norm, stated) or not question_sentences(text))):
            return self._deal(questions)
        if not follow_up and self._names_at_most_a_topic(stated):
            choices = self._vague_choices(text, stated, first_message)
            words = len(text.split())
            short = words <= self.config.vague.max_words + 1
            # A longer first message the classifier still reads as asking nothing in particular ("my boss told
            # me to ask you about the thing with the bank, can you help") is asked about too (ADR 0125).
            longer = first_message and words <= self.config.vague.intent_max_words
            if not choices and (
                (short and _likely(intent, "vague", self.config.intent_vague_at))
                or (longer and _likely(intent, "vague", self.config.intent_vague_long_at))
            ):
                choices = list(self.config.vague.choices["default"])
            if choices:
                return Decision("clarify", choices=choices)
        # A place or a sum in a request to act ("plan a trip to Hanoi for our buyer visit") is not a deal.
        scores = intent or {}
        off_topic = 0.0 if follow_up or facts >= cfg.min_facts_for_a_likely_deal else scores.get("off_topic_task", 0.0)
        in_domain = max(scores.get(label, 0.0) for label in ("benign_compliance", "question", "deal"))
        keep = follow_up or in_domain >= cfg.intent_in_domain_at
        # A task of another field as the likeliest reading, less sure than `intent_out_of_scope_at` (ADR 0124).
        likely_task = off_topic > 0 and _likely(scores, "off_topic_task", cfg.intent_out_of_scope_top_at)
        scope = self._scope(norm, vector, best, keep, off_topic, likely_task)
        brief = len(text.split()) <= cfg.vague.max_message_words
        if scope == "out_of_scope" and brief and not follow_up and off_topic < cfg.intent_out_of_scope_at:
            # A short first message the classifier does not take for a task ("who can apply?", "is there a
            # fee?") is an ask without its subject, not another field: ask what it is about (ADR 0101).
            return Decision("clarify", choices=list(cfg.vague.choices["default"]))
        return Decision(scope)

    def is_a_request_to_act(self, norm: str) -> bool:
        """Book, translate, write code, forecast a price: out of scope whatever place or product it names."""
        return any(p.search(norm) for p in self._act)

    def _deal(self, questions: list[str]) -> Decision:
        if not questions:
            return Decision("eligibility")
        return Decision("deal_question", asked_about=topics_asked(questions, self._topics))

    def _scope(
        self,
        norm: str,
        vector: Vectors,
        best: dict[str, float],
        keep: bool,
        off_topic: float,
        likely_task: bool,
    ) -> str:
        """`keep`: a follow-up in an in-scope conversation, or a message the classifier is sure is about the
        rules, is not put out of scope by the nearest examples. `off_topic`: the intent classifier's belief that
        this is a task or subject of another field; sure enough, it outweighs the domain words a task names;
        less sure, it counts only when the corpus is far. `likely_task`: a task is still its likeliest reading,
        which puts a message that names no domain term out of scope when the corpus is not close."""
        cfg = self.config
        if any(p.search(norm) for p in self._out_of_scope) or off_topic >= cfg.intent_out_of_scope_sure:
            return "out_of_scope"
        # Before the domain words: a task that names EXIM or an ECCN ("order lunch near EXIM headquarters")
        # is still far from every passage, while a real question naming them is close to one.
        corpus = self.retriever.best_similarity(vector)
        if off_topic >= cfg.intent_out_of_scope_at and corpus < cfg.corpus_strong:
            return "out_of_scope"
        if any(p.search(norm) for p in self._domain):
            return "question"
        # Less sure, but a task of another field is still the classifier's likeliest reading and the message
        # names no term of the domain (ADR 0124).
        if likely_task and corpus < cfg.corpus_strong:
            return "out_of_scope"
        if corpus < cfg.corpus_floor:
            return "out_of_scope"
        oos_margin = best.get("out_of_scope", -1) - max(best.get("in_scope", -1), best.get("eligibility", -1))
        if not keep and oos_margin >= self.config.out_of_scope_margin and corpus < self.config.corpus_strong:
            return "out_of_scope"
        return "question"

    def _names_at_most_a_topic(self, stated: Extraction) -> bool:
        """Nothing stated, or only a place or an item ("Saudi?", "H100s"): a topic, not yet an ask. (What is
        assumed from an item, its likely ECCN, follows from the item and says nothing more.)"""
        return set(stated.facts) <= set(self.config.vague.topic_facts)

    def _vague_choices(self, text: str, stated: Extraction, first_message: bool = False) -> list[str]:
        """A short message that asks nothing in particular gets choices, not a guess: once the words that
        carry no topic ("I need some help with") and the words that ask nothing by themselves ("what do",
        "can u check", "which program is best") are set aside, what is left is nothing, one broad topic
        ("financing?", "question about chips") or only a place or an item the message names ("Kazakhstan").
        A definition asked of a topic ("what is EXIM?") is a real question, and so is anything with a figure.
        A first message whose subject is only "it", "this" or "that" ("is it legal", "does that apply to us")
        asks about something it never names, unless one of its words names the domain (ADR 0106)."""
        vague = self.config.vague
        everything = re.findall(r"[\w'-]+", text.casefold())
        if not everything or len(everything) > vague.max_message_words or any(ch.isdigit() for ch in text):
            return []
        words = [w for w in everything if w not in self._filler]
        content = [w for w in words if w not in self._generic]
        if len(content) > vague.max_words or (content and self._definition.search(text)):
            return []
        default = list(vague.choices["default"])
        if not content:
            return default
        joined = " ".join(content)
        for topic, pattern in self._vague_topics.items():
            if pattern.fullmatch(joined):
                return list(vague.choices.get(topic, default))
        if (
            first_message
            and not stated.facts
            and not self._pointers.isdisjoint(everything)
            and not any(p.search(joined) for p in [*self._domain, *self._topic_words])
        ):
            return default
        if self._goods_and_place_only(content, stated):
            return list(vague.choices.get("items", default))
        named_only = bool(stated.facts) and len(content) <= vague.max_name_words
        if (
            named_only
            and self._statement.isdisjoint(content)
            and not any(pattern.search(joined) for pattern in self._topic_words)
        ):
            return default
        return []

    def _goods_and_place_only(self, content: list[str], stated: Extraction) -> bool:
        """Goods and where they go, with nothing asked about them ("GPUs to the middle east", "shipment to
        Asia", "AI chips Vietnam"): which of licence, financing or the check is meant is not said (ADR 0106).
        A licence, financing or eligibility word makes it a question ("licence for Vietnam?")."""
        vague = self.config.vague
        rest = " ".join(w for w in content if w not in self._goods_words)
        named = sum(w in self._goods_words for w in content)
        for topic in ("items", "places"):
            rest, found = self._topic_word[topic].subn(" ", rest)
            named += found
        left = rest.split()
        asks = any(p.search(rest) for p in self._topic_words)  # "licence", "financing", "eligible", …
        if left and not asks and "buyer_country" in stated.facts and len(left) <= vague.max_name_words:
            left = []  # what is left names the buyer's country
        return named >= 1 and not left and len(content) > 1

    def _asks_for_a_person(self, norm: str, best: dict[str, float]) -> bool:
        """A request for a person, unless it is an aside to a real question ("call me if needed. …?")."""
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", norm) if s.strip()]
        asking = [s for s in sentences if any(p.search(s) for p in self._handoff)]
        if not asking:
            cfg = self.config.handoff
            return best.get("handoff", -1) >= cfg.example_at and top_margin(best, "handoff") >= cfg.example_margin
        rest = " ".join(s for s in sentences if s not in asking)
        return len(rest.split()) <= self.config.handoff.aside_max_words
