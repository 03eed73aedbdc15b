"""The routing decision over the whole conversation: deals, mixed turns, side questions, vague input,
requests to act. The corpus is faked (a fixed best similarity); the model and patterns are real."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.context import AnswerStatus, PriorTurn, TurnContext
from assistant.eligibility.engine import EligibilityEngine
from assistant.intake.config import IntakeConfig
from assistant.intake.extract import FactExtractor
from assistant.messages import Messages
from assistant.pipeline.route import Route
from assistant.routing.config import RoutingConfig
from assistant.routing.router import Router

REPO = Path(__file__).resolve().parents[2]


class FixedCorpus:
    def best_similarity(self, vector: object) -> float:
        return 0.6


@pytest.fixture(scope="module")
def stage(embedder):  # type: ignore[no-untyped-def]
    router = Router(RoutingConfig.load(REPO / "config"), embedder, FixedCorpus())  # type: ignore[arg-type]
    return Route(router, Messages.load(REPO / "config"))


@pytest.fixture(scope="module")
def extractor() -> FactExtractor:
    engine = EligibilityEngine.load(REPO / "knowledge")
    return FactExtractor(engine.countries, IntakeConfig.load(REPO / "config"))


def _turn(stage, extractor, embedder, message: str, history: list[PriorTurn] | None = None) -> TurnContext:  # type: ignore[no-untyped-def]
    turn = TurnContext(question=message, history=history or [])
    turn.query_vector = turn.message_vector = embedder.embed_query(message)
    turn.stated = extractor.extract(message)
    stage(turn)
    return turn


OPEN = PriorTurn(question="Is my deal eligible?", status=AnswerStatus.need_more_info, intake={"stage": "collecting"})
SIDE = PriorTurn(question="What is CIRR?", status=AnswerStatus.answered)


def test_an_intake_left_open_before_a_side_question_takes_the_next_fact(stage, extractor, embedder) -> None:
    side = _turn(stage, extractor, embedder, "What is CIRR?", [OPEN])
    assert side.route == "question"
    fact = _turn(stage, extractor, embedder, "The buyer is in Vietnam.", [OPEN, SIDE])
    assert fact.route == "eligibility"


def test_a_described_deal_is_checked_without_being_asked(stage, extractor, embedder) -> None:
    turn = _turn(
        stage,
        extractor,
        embedder,
        "We're a U.S. company selling $3 million of AI servers to a private buyer in Vietnam over five years, "
        "15% down.",
    )
    assert turn.route == "eligibility"


@pytest.mark.parametrize(
    "message",
    [
        "sale to a clinic group in Lima - CT scanners, 2.1 million dollars, 6 yr repayment, 15% down",
        "were shipping 12 tractors to a farm co-op in Kenya, about 1.5 mil, 15 pct now and rest over 5 yrs",
        "Is this ok for EXIM: GPU servers for a university in Nairobi, $3M, 5-year repayment, 15% down",
        "Can you run our deal through the checker? We sell $900k of drilling rigs to a buyer in Ghana.",
    ],
)
def test_a_deal_stated_without_a_question_or_put_to_the_checker_is_checked(
    stage, extractor, embedder, message: str
) -> None:
    """No first person needed when nothing is asked; "run it through the checker" and "is this OK for
    EXIM" ask for the check (ADR 0111)."""
    assert _turn(stage, extractor, embedder, message).route == "eligibility"


def test_a_deal_with_questions_takes_the_mixed_branch(stage, extractor, embedder) -> None:
    turn = _turn(
        stage,
        extractor,
        embedder,
        "We're a U.S. maker selling $2M of networking equipment to a buyer in Kenya over 4 years. "
        "How much can EXIM finance, what down payment is needed, and do we need a licence?",
    )
    assert turn.route == "deal_question"
    assert {"cash_payment_pct", "license_status"} <= set(turn.asked_about)


def test_a_case_asked_about_is_a_question_not_our_deal(stage, extractor, embedder) -> None:
    turn = _turn(
        stage,
        extractor,
        embedder,
        "A Kenyan buyer wants 6-year repayment on a $15 million equipment order. Would EXIM treat that as "
        "medium term or long term?",
    )
    assert turn.route == "question"


@pytest.mark.parametrize("message", ["financing?", "licence?", "eligibility?", "help"])
def test_vague_input_gets_a_clarifying_question_with_choices(stage, extractor, embedder, message: str) -> None:
    turn = _turn(stage, extractor, embedder, message)
    assert turn.status is AnswerStatus.clarification and turn.aborted
    assert len(turn.suggestions) >= 2


@pytest.mark.parametrize(
    "message",
    [
        "Book me a flight to Dubai for the EXIM conference.",
        "Translate our ECCN note into Vietnamese.",
        "Write a Python script that screens customers against the Entity List.",
        "Should I buy Nvidia stock after the new export rules?",
        "Give me an Excel formula for the EXIM exposure fee.",
        "Help with my son's homework: what is 12% of a $4M EXIM loan?",
        "Set a reminder to renew our EXIM short-term policy next month.",
        "Write a letter to my landlord saying the BIS licence delay means rent is late.",
        "Design a card game where players trade ECCN cards.",
        "Should I quit? The H200 licensing work is endless.",
        "Which malaria pills before our trip to visit the EXIM-financed plant in Nigeria?",
        "What MACRS class do our export-warehouse racks fall in?",
        "Will ethereum rise if BIS relaxes chip exports?",
        "Explain how a neural network works, since we export AI chips.",
        "Convert our $4M EXIM-backed contract into euros for me.",
        "Write a press release announcing our EXIM working capital guarantee.",
        "Plan a dinner in Riyadh for our buyer after the licence comes through.",
        "Recommend a movie about chip smuggling for our compliance team night.",
        "Who wins the World Cup if Nvidia sponsors it?",
        "Can you write a short poem for our EXIM loan officer's farewell?",
        "Draft an email to our buyer in Chile about the new GPU prices.",
        "Make me a logo for our export compliance team.",
    ],
)
def test_requests_to_act_are_out_of_scope_whatever_they_name(stage, extractor, embedder, message: str) -> None:
    turn = _turn(stage, extractor, embedder, message)
    assert turn.status is AnswerStatus.out_of_scope and turn.citations == []


@pytest.mark.parametrize(
    "message",
    [
        "what do i need",
        "can u check something",
        "question about chips",
        "Vietnam?",
        "AI servers",
        "um. export thing",
        "what program should we use?",
        "what about China?",
        "the gulf",
    ],
)
def test_a_message_that_asks_nothing_in_particular_is_vague(stage, extractor, embedder, message: str) -> None:
    """Nothing asked once the words that ask nothing are set aside, one broad topic, or only a place or an
    item: choices, not a guess."""
    turn = _turn(stage, extractor, embedder, message)
    assert turn.status is AnswerStatus.clarification and len(turn.suggestions) >= 2


@pytest.mark.parametrize(
    "message",
    [
        "What is CIRR?",
        "What is EXIM?",
        "licence for Vietnam?",
        "3A090?",
        "The buyer is in Poland.",
        "who can apply?",
        "Write down the steps to apply for an EXIM working capital loan guarantee.",
        "Draft a checklist of what EXIM needs from us for medium-term insurance.",
    ],
)
def test_a_short_question_with_an_ask_is_not_vague(stage, extractor, embedder, message: str) -> None:
    """A definition, two topics together, a figure, a stated deal fact or a real verb is something to act on."""
    assert _turn(stage, extractor, embedder, message).route != "clarify"


@pytest.mark.parametrize(
    "message", ["is it legal", "how long does it take?", "does that apply to us?", "what does it cover"]
)
def test_a_first_message_about_it_or_that_asks_what_it_is(stage, extractor, embedder, message: str) -> None:
    """A first message whose only subject is a pronoun points at nothing said before (ADR 0106)."""
    turn = _turn(stage, extractor, embedder, message)
    assert turn.status is AnswerStatus.clarification and len(turn.suggestions) >= 2


@pytest.mark.parametrize("message", ["is it legal", "how long does it take?"])
def test_the_same_words_after_a_question_are_not_vague(stage, extractor, embedder, message: str) -> None:
    """After an earlier turn, "it" has something to point at: the condenser and retrieval take it from there."""
    turn = _turn(stage, extractor, embedder, message, history=[SIDE])
    assert turn.route != "clarify"


@pytest.mark.parametrize("message", ["GPUs to the middle east", "shipment to Asia", "servers for Kenya", "ECCN?"])
def test_goods_and_a_place_with_nothing_asked_get_choices(stage, extractor, embedder, message: str) -> None:
    """Which of licence, financing or the check is meant is not said (ADR 0106)."""
    turn = _turn(stage, extractor, embedder, message)
    assert turn.status is AnswerStatus.clarification and len(turn.suggestions) >= 2


@pytest.mark.parametrize("message", ["is it in 3A090?", "does EXIM cover it?", "is that sanctioned?"])
def test_a_pronoun_beside_a_domain_word_is_a_question(stage, extractor, embedder, message: str) -> None:
    assert _turn(stage, extractor, embedder, message).route != "clarify"


def test_a_request_for_a_person_beside_a_question_is_an_aside_by_the_configured_length(embedder) -> None:  # type: ignore[no-untyped-def]
    config = RoutingConfig.load(REPO / "config")
    message = "Please call me. What cash payment does EXIM need on a medium-term deal?"
    vector = embedder.embed_query(message)
    assert len(message.split(". ", 1)[1].split()) > config.handoff.aside_max_words
    router = Router(config, embedder, FixedCorpus())  # type: ignore[arg-type]
    assert router.route(message, vector).route == "question"
    # The same router (its labelled examples embedded once) reading a longer allowance for an aside.
    router.config = config.model_copy(update={"handoff": config.handoff.model_copy(update={"aside_max_words": 20})})
    assert router.route(message, vector).route == "handoff"


class Corpus:
    def __init__(self, similarity: float) -> None:
        self.similarity = similarity

    def best_similarity(self, vector: object) -> float:
        return self.similarity


def test_a_likely_task_far_from_the_corpus_is_out_of_scope_whatever_domain_words_it_names(embedder) -> None:  # type: ignore[no-untyped-def]
    """ADR 0098: the classifier's off-topic belief with a far corpus comes before the domain words; a close
    corpus, or a belief under `intent_out_of_scope_at`, leaves the domain words to keep the message in."""
    config = RoutingConfig.load(REPO / "config")
    message = "Sort out lunch for twelve near EXIM headquarters tomorrow."  # names EXIM; no act pattern
    vector = embedder.embed_query(message)
    at, strong = config.intent_out_of_scope_at, config.corpus_strong
    assert at < config.intent_out_of_scope_sure
    likely = {"off_topic_task": at + 0.01, "question": 1 - at - 0.01}
    unsure = {"off_topic_task": at - 0.01, "question": 1 - at + 0.01}
    router = Router(config, embedder, Corpus(strong - 0.05))  # type: ignore[arg-type]
    assert router.route(message, vector, intent=likely).route == "out_of_scope"
    assert router.route(message, vector, intent=unsure).route == "question"
    # A follow-up in an in-scope conversation is never put out of scope by the classifier's belief.
    assert router.route(message, vector, intent=likely, follow_up=True).route == "question"
    router.retriever = Corpus(strong + 0.05)  # type: ignore[assignment]
    assert router.route(message, vector, intent=likely).route == "question"


def test_a_short_first_question_without_its_subject_is_asked_about_not_put_out_of_scope(embedder) -> None:  # type: ignore[no-untyped-def]
    """A message like "who can apply?" is far from every passage and near no in-scope example, but the
    classifier does not take it for a task: the assistant asks what it is about instead of refusing it."""
    config = RoutingConfig.load(REPO / "config")
    router = Router(config, embedder, Corpus(config.corpus_floor - 0.01))  # type: ignore[arg-type]
    message = "who can apply?"
    vector = embedder.embed_query(message)
    unsure = {"off_topic_task": config.intent_out_of_scope_at - 0.2, "question": 0.5}
    decision = router.route(message, vector, intent=unsure)
    assert decision.route == "clarify" and decision.choices
    likely = {"off_topic_task": config.intent_out_of_scope_at + 0.05, "question": 0.2}
    assert router.route(message, vector, intent=likely).route == "out_of_scope"
    assert router.route(message, vector, intent=unsure, follow_up=True).route != "clarify"


def test_a_task_that_is_the_likeliest_reading_is_out_of_scope_when_no_domain_term_keeps_it(embedder) -> None:  # type: ignore[no-untyped-def]
    """ADR 0124: under `intent_out_of_scope_at`, a task of another field that is still the classifier's top
    reading goes out of scope when the corpus is not close and the message names no domain term."""
    config = RoutingConfig.load(REPO / "config")
    top_at, strong = config.intent_out_of_scope_top_at, config.corpus_strong
    assert top_at < config.intent_out_of_scope_at
    top = {"off_topic_task": top_at + 0.01, "question": 0.3, "deal": 0.69 - top_at}
    router = Router(config, embedder, Corpus(strong - 0.05))  # type: ignore[arg-type]
    plain = "Draft a mutual NDA between us and our new distributor before we meet."
    assert router.route(plain, embedder.embed_query(plain), intent=top).route == "out_of_scope"
    named = "Draft a mutual NDA for our distributor before the EXIM loan closes."  # a domain term keeps it in
    assert router.route(named, embedder.embed_query(named), intent=top).route == "question"
    router.retriever = Corpus(strong + 0.05)  # type: ignore[assignment]
    assert router.route(plain, embedder.embed_query(plain), intent=top).route == "question"


DEAL = "Small business in Ohio, a $400k order from a buyer in Toronto, 90-day terms, 95% US content. "


@pytest.mark.parametrize(
    ("ask", "route"),
    [
        ("Can EXIM help with the working capital, and what share of the loan does EXIM guarantee?", "deal_question"),
        ("Given our content, how much could EXIM support?", "deal_question"),
        ("Can EXIM finance it?", "eligibility"),
        ("Is our deal eligible for EXIM support?", "eligibility"),
    ],
)
def test_a_question_clause_beside_a_request_for_the_check_is_answered_too(  # type: ignore[no-untyped-def]
    stage, extractor, embedder, ask: str, route: str
) -> None:
    """ADR 0122: a question word opening a clause asks about the rules as well as for the check."""
    assert _turn(stage, extractor, embedder, DEAL + ask).route == route


def test_a_longer_first_message_the_classifier_reads_as_vague_gets_choices(embedder) -> None:  # type: ignore[no-untyped-def]
    """ADR 0125: up to `vague.intent_max_words`, a first message read as vague at `intent_vague_long_at`
    gets choices; the same message later in a conversation, or read less surely, does not."""
    config = RoutingConfig.load(REPO / "config")
    router = Router(config, embedder, Corpus(config.corpus_strong - 0.05))  # type: ignore[arg-type]
    message = "hello, my boss told me to ask you about the thing with the bank, can you help"
    vector = embedder.embed_query(message)
    at = config.intent_vague_long_at
    assert at < config.intent_vague_at and len(message.split()) > config.vague.max_words + 1
    vague = {"vague": at + 0.01, "question": 0.99 - at}
    assert router.route(message, vector, intent=vague, first_message=True).route == "clarify"
    assert router.route(message, vector, intent=vague, first_message=False).route != "clarify"
    unsure = {"vague": at - 0.02, "question": 1.02 - at}
    assert router.route(message, vector, intent=unsure, first_message=True).route != "clarify"
