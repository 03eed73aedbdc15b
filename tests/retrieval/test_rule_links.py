"""Rule-linked retrieval: the passage a rule cites reaches the answer when the asker's own stated facts
trigger that rule, and only for questions about EXIM support. Real corpus, model, Chroma and engine."""

from __future__ import annotations

from assistant.retrieval.retriever import HybridRetriever
from assistant.retrieval.rule_links import RuleLink

MEXICAN = (
    "We're a Mexican manufacturer shipping from Monterrey to distributors in Peru. "
    "Can we get EXIM export credit insurance on those sales?"
)
US_EXPORTER_RULE = RuleLink(
    "exim-who-can-apply",
    "the-exporter-must-be-a-us-exporter",
    "A company that exports from outside the United States is not eligible for EXIM support, "
    "even when it sells similar products to foreign buyers.",
)


def test_a_non_us_exporter_asking_about_exim_is_linked_to_the_us_exporter_rule(corpus_services) -> None:
    assert corpus_services.retriever.rule_links.sections(MEXICAN) == [US_EXPORTER_RULE]


def test_no_link_when_the_question_is_not_about_exim_support_or_states_no_failing_fact(corpus_services) -> None:
    links = corpus_services.retriever.rule_links
    # A foreign company asking how U.S. export rules reach it: no EXIM finding belongs in that answer.
    assert links.sections("We're a server maker in South Korea. Do U.S. export rules reach our boards?") == []
    # A U.S. exporter selling to a German buyer breaks no rule.
    assert links.sections("We're selling machine tools to a German buyer. Can EXIM insure the receivable?") == []
    assert links.sections("What is EXIM's working capital loan guarantee?") == []


def test_the_linked_passage_is_retrieved_although_neither_ranker_finds_it(corpus_services) -> None:
    full = corpus_services.retriever
    two_way = HybridRetriever(full.index, full.store, full.embedder, full.config, rule_links=None)
    assert "exim-who-can-apply" not in two_way.retrieve(MEXICAN, top_k=20).ranked_doc_ids[:5]

    result = full.retrieve(MEXICAN)
    assert "exim-who-can-apply" in result.ranked_doc_ids[:5]
    linked = [p for p in result.passages if p.rule_linked]
    assert [p.chunk_id for p in linked] == ["exim-who-can-apply#the-exporter-must-be-a-us-exporter"]
    assert linked[0].rule_quote == US_EXPORTER_RULE.quote


def test_a_zero_weight_turns_the_signal_off(corpus_services) -> None:
    full = corpus_services.retriever
    off = HybridRetriever(full.index, full.store, full.embedder, replace_weight(full.config, 0.0), full.rule_links)
    assert not any(p.rule_linked for p in off.retrieve(MEXICAN, top_k=20).passages)


def test_the_answer_leads_with_the_rule_the_facts_trigger(corpus_services) -> None:
    result = corpus_services.retriever.retrieve(MEXICAN)
    composed = corpus_services.composer.compose(MEXICAN, result.query_vector, result.passages)
    # The rule's sentence opens the lead paragraph (the planner may follow it with the direct answer to
    # the question's own part), and its passage is source [1] whatever the retriever's order.
    assert composed.answer.startswith(US_EXPORTER_RULE.quote[:-1] + " [1]."), composed.answer
    assert composed.citations[0].doc_id == "exim-who-can-apply"


def replace_weight(config, weight: float):  # type: ignore[no-untyped-def]
    return config.model_copy(update={"rule_link_weight": weight})
