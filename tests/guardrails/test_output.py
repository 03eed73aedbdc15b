from assistant.guardrails.output import drop_promises, is_eligibility_topic


def test_promises_are_dropped_but_negated_mentions_stay() -> None:
    answer = (
        "Your deal will be approved by EXIM [1]. "
        "Nothing in this document promises that an ExportAI deal will be approved [2].\n\n"
        "EXIM offers guaranteed financing for you [3]. The buyer pays 15% in cash [1]."
    )
    kept, dropped = drop_promises(answer)
    assert dropped == 2
    assert "will be approved by EXIM" not in kept and "guaranteed financing" not in kept
    assert "Nothing in this document promises" in kept and "15% in cash" in kept


def test_eligibility_topics_are_recognised() -> None:
    assert is_eligibility_topic("Is our deal eligible for EXIM support?")
    assert is_eligibility_topic("Do we need an export licence for 4A090 servers to Vietnam?")
    assert not is_eligibility_topic("What does CIRR stand for?")
