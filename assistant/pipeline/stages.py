"""Every stage a turn can run, in one namespace for the composition root's branch table (ADR 0023)."""

from assistant.pipeline.check_eligibility import CheckEligibility
from assistant.pipeline.compose import Compose
from assistant.pipeline.condense import Condense
from assistant.pipeline.embed_question import EmbedQuestion
from assistant.pipeline.explain import Explain
from assistant.pipeline.guard_injection import GuardInjection
from assistant.pipeline.guard_output import GuardOutput
from assistant.pipeline.merge import AnswerQuestions, Merge
from assistant.pipeline.read_facts import ReadFacts
from assistant.pipeline.redact_pii import RedactPII
from assistant.pipeline.retrieve import Retrieve
from assistant.pipeline.route import Route
from assistant.pipeline.update_intake import UpdateIntake
from assistant.pipeline.validate import Validate
from assistant.pipeline.verify_citations import VerifyCitations

__all__ = [
    "AnswerQuestions",
    "CheckEligibility",
    "Compose",
    "Condense",
    "EmbedQuestion",
    "Explain",
    "GuardInjection",
    "GuardOutput",
    "Merge",
    "ReadFacts",
    "RedactPII",
    "Retrieve",
    "Route",
    "UpdateIntake",
    "Validate",
    "VerifyCitations",
]
