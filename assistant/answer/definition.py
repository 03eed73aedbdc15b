""" "What is X?" is answered by the sentence that says what X is.

A question that only asks what a term is ("What is CIRR?", "what's a VEU", "What does ECCN mean?")
has one right lead: a sentence of the sources whose subject is the term and whose verb defines it
("Commercial Interest Reference Rates (CIRRs) are the official fixed interest rates …", "The Data Center
Validated End-User (VEU) authorization is a way …"). The sentence ranker's features cannot tell that
sentence from one that merely names the term near a verb ("A VEU authorization is a BIS export
decision only …"), so the shape is checked directly: the term (or its plural, or in brackets after
its expansion) within the sentence's first words, then a defining verb soon after.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answer.candidates import Candidate

_ASKS_WHAT = re.compile(
    r"^\s*(?:[^?.!]{0,40}?(?:—|–|\s-|:|,)\s*)?(?:so\s+|and\s+|ok\s+|okay\s+)?(?:what|who)(?:\s+is|\s+are|'s|’s|s)\s+(?:a\s+|an\s+|the\s+)?"
    r"(?P<term>[^?.!,;:]{1,60}?)\s*[?.!]*\s*$"
    r"|^\s*(?:[^?.!]{0,40}?(?:—|–|\s-|:|,)\s*)?what\s+(?:does|do)\s+(?:a\s+|an\s+|the\s+)?(?P<term2>[^?.!,;:]{1,60}?)\s+(?:mean|stand\s+for)\s*[?.!]*\s*$"
    r"|^\s*(?:define|definition\s+of)\s+(?:a\s+|an\s+|the\s+)?(?P<term3>[^?.!,;:]{1,60}?)\s*[?.!]*\s*$",
    re.I,
)
_MAX_TERM_WORDS = 5  # longer "what is …" questions ask about something, not for a definition
_LEAD_WORDS = 12  # the term must be the sentence's subject: within this many words of its start
# "is a …", "are the …", "means …": not "are based on …", which says something about the term.
_DEFINING = r"(?:(?:is|are)\s+(?:a|an|the|one|two|three|any|what|how)\b|means\b|refers\s+to\b|stands\s+for\b)"


def asked_term(question: str) -> str | None:
    """The term a what-is question asks about, or None when the question asks something else."""
    match = _ASKS_WHAT.match(question)
    if match is None:
        return None
    term = next(t for t in match.group("term", "term2", "term3") if t).strip()
    words = term.split()
    if not words or len(words) > _MAX_TERM_WORDS:
        return None
    return term


@lru_cache(maxsize=1024)
def _defines(term: str) -> re.Pattern[str]:
    name = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(
        rf"^(?:\S+\s+){{0,{_LEAD_WORDS}}}?\(?{name}(?:s|es)?\)?"  # the term near the start (or "(CIRRs)")
        rf"(?:\s+\([^)]{{1,80}}\))?"  # its expansion or reference in brackets
        rf"(?:\s+[\w-]+){{0,3}}?\s*,?\s+{_DEFINING}",  # a few more words of the subject, then the verb
        re.I,
    )


def definition_lead(question: str, pool: list[Candidate]) -> Candidate | None:
    """The most question-like sentence that defines the asked-about term, if the question asks for one."""
    term = asked_term(question)
    if term is None:
        return None
    pattern = _defines(term)
    defining = [c for c in pool if not c.meta and not c.dangling and not c.caveat and pattern.match(c.text)]
    # A sentence that spells the term out beside it ("… Validated End-User (VEU) authorization is a …")
    # is the definition; another that fits the shape ("A VEU authorization is a BIS decision only") is not.
    spelled = re.compile(rf"\(\s*{re.escape(term)}s?\s*\)|{re.escape(term)}s?\s*\(", re.I)
    return max(defining, key=lambda c: (bool(spelled.search(c.text)), c.similarity)) if defining else None
