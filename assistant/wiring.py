"""The one composition root: every component is built here, once, from Settings.

Components are created on first use so that a command that only validates documents never
imports torch, and a server pays the model load once (in `warm_up`), not per request.
"""

from __future__ import annotations

import sys
from functools import cached_property

from assistant.about import About, AboutConfig
from assistant.answer.abstain import Abstainer
from assistant.answer.citations import CitationConfig, CitationVerifier
from assistant.answer.extractive import ExtractiveComposer, ExtractiveConfig
from assistant.answer.llm_composer import LLMComposer, LLMComposerConfig
from assistant.answer.ranker import SentenceRanker
from assistant.conversations.config import ConversationConfig
from assistant.conversations.owners import ConversationOwners
from assistant.conversations.store import ConversationStore
from assistant.eligibility.engine import EligibilityEngine
from assistant.guardrails.injection import InjectionConfig, InjectionGuard
from assistant.health import Health
from assistant.index.builder import IndexBuilder
from assistant.index.embedder import Embedder
from assistant.index.guarded import GuardedVectorStore
from assistant.index.handle import IndexHandle
from assistant.index.layout import IndexLayout
from assistant.index.onnx_embedder import packaged_embedder
from assistant.index.published import PublishedIndex
from assistant.index.vector_store import VectorStore
from assistant.intake.config import IntakeConfig
from assistant.intake.extract import FactExtractor
from assistant.intent.model import IntentModel
from assistant.knowledge.config import KnowledgeConfig
from assistant.knowledge.notes import KnowledgeNotes
from assistant.knowledge.sources import SourceClasses
from assistant.llm import ChatLLM, configured_llm
from assistant.messages import Messages
from assistant.pipeline import stages as s
from assistant.pipeline.compose import AskBack
from assistant.pipeline.condense import CondenseConfig
from assistant.pipeline.runner import Pipeline, Stage
from assistant.retrieval.config import RetrievalConfig
from assistant.retrieval.retriever import HybridRetriever
from assistant.retrieval.rule_links import RuleLinks
from assistant.routing.config import RoutingConfig
from assistant.routing.router import Router
from assistant.settings import Settings
from assistant.staff.cases import CaseStore
from assistant.staff.drafts import DraftWriter
from assistant.staff.inbox import Inbox
from assistant.staff.store import StaffStore
from assistant.storage.engine import make_engine
from assistant.suggestions import Suggester, SuggestionConfig
from assistant.turns import TurnHandler


class Services:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        llm: ChatLLM | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._store = store
        self._llm = llm

    # --- health ----------------------------------------------------------------------------
    @cached_property
    def health(self) -> Health:
        """What each dependency last did; shared by the adapters, the turn handler and /readyz."""
        serving = self.settings.serving
        return Health(serving.circuit_cooldown_seconds, blame_within_seconds=serving.blame_within_seconds)

    # --- index and retrieval -------------------------------------------------------------
    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder or packaged_embedder(self.settings.embedding, self.settings.paths.data_dir)

    @cached_property
    def store(self) -> GuardedVectorStore:
        """The vector store; failures become DependencyUnavailable("chroma"), bounded by CHROMA_TIMEOUT_SECONDS."""
        return GuardedVectorStore(lambda: self._connect_store(self.settings.chroma.timeout_seconds), self.health)

    @cached_property
    def build_store(self) -> GuardedVectorStore:
        """The same store for index builds, whose bulk writes may take longer than a query may."""
        if self.settings.chroma.mode != "http":
            return self.store
        return GuardedVectorStore(lambda: self._connect_store(self.settings.chroma.build_timeout_seconds), self.health)

    def _connect_store(self, timeout_seconds: float) -> VectorStore:
        if self._store is not None:
            return self._store
        from assistant.index.chroma_store import ChromaVectorStore  # chromadb is heavy; import on demand

        chroma = self.settings.chroma
        if chroma.mode == "http":
            assert chroma.host is not None
            return ChromaVectorStore.http(chroma.host, chroma.port, timeout_seconds)
        return ChromaVectorStore.embedded(self.layout.chroma)

    @cached_property
    def layout(self) -> IndexLayout:
        return IndexLayout(self.settings.paths.index_dir)

    @cached_property
    def published_index(self) -> PublishedIndex | None:
        """With a Chroma server and a shared database, builds are published there for every node."""
        if self.settings.chroma.mode != "http" or not self.settings.database_url:
            return None
        return PublishedIndex(self.conversations.engine)

    @cached_property
    def index(self) -> IndexHandle:
        return IndexHandle(self.layout, self.published_index)

    @cached_property
    def retrieval_config(self) -> RetrievalConfig:
        return RetrievalConfig.load(self.settings.paths.config_dir, self.settings.retrieval.profile)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.index, self.store, self.embedder, self.retrieval_config, self.rule_links)

    @cached_property
    def rule_links(self) -> RuleLinks | None:
        """Needs eligibility rules; a knowledge folder without any (a small test corpus) retrieves without."""
        has_rules = (self.settings.paths.knowledge_dir / "rules").is_dir()
        if self.retrieval_config.rule_link_weight == 0 or not has_rules:
            return None
        return RuleLinks(self.fact_extractor, self.eligibility, self.retrieval_config.rule_link_cues)

    def builder(self, progress: bool | None = None) -> IndexBuilder:
        show = self.settings.show_progress if progress is None else progress
        return IndexBuilder(
            documents_dir=self.settings.paths.documents_dir,
            layout=self.layout,
            store=self.build_store,
            embedder=self.embedder,
            collection_prefix=self.settings.chroma.collection_prefix,
            progress=sys.stderr.isatty() if show is None else show,
            published=self.published_index,
        )

    # --- answering ----------------------------------------------------------------------
    @cached_property
    def messages(self) -> Messages:
        return Messages.load(self.settings.paths.config_dir)

    @cached_property
    def composer(self) -> ExtractiveComposer:
        config_dir = self.settings.paths.config_dir
        return ExtractiveComposer(
            self.index,
            ExtractiveConfig.load(config_dir),
            SentenceRanker.load(config_dir),
            Abstainer.load(config_dir),
            self.embedder.embed_documents,
            self.messages.no_content,
        )

    @cached_property
    def llm(self) -> ChatLLM | None:
        return self._llm or configured_llm(self.settings.llm)

    @cached_property
    def verifier(self) -> CitationVerifier:
        return CitationVerifier(self.index, self.embedder, CitationConfig.load(self.settings.paths.config_dir))

    @cached_property
    def injection_guard(self) -> InjectionGuard:
        config_dir = self.settings.paths.config_dir
        return InjectionGuard(InjectionConfig.load(config_dir), IntentModel.load(config_dir))

    @cached_property
    def router(self) -> Router:
        return Router(RoutingConfig.load(self.settings.paths.config_dir), self.embedder, self.retriever)

    @cached_property
    def intake_config(self) -> IntakeConfig:
        return IntakeConfig.load(self.settings.paths.config_dir)

    @cached_property
    def fact_extractor(self) -> FactExtractor:
        return FactExtractor(self.eligibility.countries, self.intake_config)

    @cached_property
    def suggester(self) -> Suggester:
        return Suggester(SuggestionConfig.load(self.settings.paths.config_dir))

    @cached_property
    def about(self) -> About:
        return About(
            AboutConfig.load(self.settings.paths.config_dir), self.index, self.settings.conversation_retention_days
        )

    @cached_property
    def pipeline(self) -> Pipeline:
        """The turn as a table (ADR 0001): the prelude, one branch per route, the finale.
        `clarify`, `out_of_scope` and `handoff` have no branch: `route` ends those turns itself."""
        config_dir = self.settings.paths.config_dir
        llm_composer = LLMComposer(self.llm, LLMComposerConfig.load(config_dir).max_passages) if self.llm else None
        verifier, engine, composer = self.verifier, self.eligibility, self.composer
        attributes, retriever = self.router.config.follow_up_attributes, self.retriever
        vague = self.router.config.vague
        ask_back = AskBack(vague.message, vague.choices["default"], vague.max_message_words)

        def answer() -> list[Stage]:
            compose = s.Compose(composer, llm_composer, ask_back)
            return [s.Retrieve(retriever), compose, s.VerifyCitations(verifier, composer)]

        def deal() -> list[Stage]:
            explain = s.Explain(self.intake_config, engine.countries, self.messages.result)
            return [s.UpdateIntake(engine), s.CheckEligibility(engine), explain]

        return Pipeline(
            prelude=[
                s.Validate(),
                s.RedactPII(self.messages),
                s.EmbedQuestion(self.embedder),
                s.Condense(self.embedder, CondenseConfig.load(config_dir), self.llm, attributes),
                s.ReadFacts(self.fact_extractor),
                s.GuardInjection(self.injection_guard, self.messages, self.router.is_a_request_to_act),
                s.Route(self.router, self.messages),
            ],
            branches={
                "question": answer(),
                "eligibility": deal(),
                "deal_question": [*deal(), s.AnswerQuestions(answer(), self.messages, engine.countries), s.Merge()],
            },
            finale=[s.GuardOutput(self.messages, self.knowledge_notes)],
            unavailable=self.messages.unavailable,
        )

    @cached_property
    def knowledge_notes(self) -> KnowledgeNotes:
        config_dir = self.settings.paths.config_dir
        return KnowledgeNotes(self.index, SourceClasses.load(config_dir), KnowledgeConfig.load(config_dir))

    @cached_property
    def eligibility(self) -> EligibilityEngine:
        return EligibilityEngine.load(self.settings.paths.knowledge_dir, self.settings.paths.config_dir)

    # --- conversations ------------------------------------------------------------------
    @cached_property
    def conversations(self) -> ConversationStore:
        database = self.settings.database
        engine = make_engine(self.settings.database_url, self.settings.paths.data_dir, database, self.health)
        history_turns = ConversationConfig.load(self.settings.paths.config_dir).history_turns
        store = ConversationStore(engine, database.turn_lock_timeout_seconds, history_turns)
        store.migrate()
        return store

    @cached_property
    def staff(self) -> StaffStore:
        return StaffStore(self.conversations.engine)

    @cached_property
    def owners(self) -> ConversationOwners:
        return ConversationOwners(self.conversations.engine, self.settings.conversation_retention_days)

    @cached_property
    def cases(self) -> CaseStore:
        return CaseStore(self.conversations.engine)

    @cached_property
    def inbox(self) -> Inbox:
        return Inbox(self.conversations.engine, self.eligibility.countries.name_of)

    @cached_property
    def drafts(self) -> DraftWriter:
        return DraftWriter(
            self.retriever,
            self.composer,
            self.verifier,
            self.fact_extractor,
            self.eligibility,
            self.intake_config,
            self.messages.draft,
            self.knowledge_notes,
        )

    @cached_property
    def turns(self) -> TurnHandler:
        return TurnHandler(self.pipeline, self.conversations, self.suggester, self.cases, self.health)

    def warm_up(self) -> None:
        """Load the model and embed the labelled examples now, so the first request is not slow."""
        self.embedder.warm_up()
        self.router.warm_up()
        if self.index.is_ready():
            self.retriever.retrieve("warm-up")
