"""A question split into the parts it asks, each with the kind of answer it wants.

"Does medium-term insurance cover services, and what down payment does it need?" has two parts: a
yes/no part and an amount part. Sentences that state facts rather than ask ("We're a small firm in
Ohio.") are not parts; a message with no question form at all is one part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.index.analysis import terms

ANSWER_TYPES = ("amount", "percent", "date", "duration", "list", "yes_no", "definition", "procedure", "entity", "other")

_WH = r"what|what's|whats|how|when|where|why|which|who|whom|whose"
_AUX = r"is|are|was|were|can|could|do|does|did|should|would|will|may|might|must|has|have|shall"
_ASKS = re.compile(rf"^\s*(?:and|also|or|but|so|then|plus)?\s*(?:{_WH}|{_AUX})\b", re.I)
# A clause that asks somewhere in it: a question word, or an auxiliary before its subject ("ExportAI - can I …").
# "For Make More in America, does EXIM's jobs metric count…": an auxiliary after a comma or colon asks too.
_WH_ANYWHERE = re.compile(
    rf"\b(?:{_WH})\b|\b(?:{_AUX})\s+(?:i|we|you|they|it|there|he|she|this|that|my|our|the|a|an)\b"
    rf"|[,:;]\s*(?:{_AUX})\s+[\w']+",
    re.I,
)
_REQUEST = re.compile(
    r"^\s*(?:please\s+)?(?:tell me|explain|list|name|describe|give me|show me|i need to know)\b", re.I
)
# Where one sentence holds two questions: ", and does …", "; what …", " and how long …".
# "…, and once it's issued, how long is it valid?": a short clause may stand between the join and the
# question word it introduces.
_LEAD_IN = r"(?:(?:once|after|when|before|for|in|on|under|with)\b[^,?;]{0,40},\s*)?"
# "…, and above what amount does Congress have to be notified?": a preposition may stand before the question word.
_PREP = r"(?:(?:above|below|over|under|up to|at|by|from|to|for|in|on|with|of|since|until|within|during)\s+)?"
_JOIN = re.compile(
    rf"(?:,\s*|;\s*|\s+)(?:and|or|also|but|plus)\s+(?={_LEAD_IN}(?:{_PREP}(?:{_WH})|{_AUX}|if|whether)\b)", re.I
)
# "Is it conditional or unconditional, what share does it cover?": after a question, a comma and "what" or
# "how" (or "when"/"where" with an auxiliary) start another; "which" and "who" after a comma mostly begin a
# relative clause ("the policy, which covers…") and do not.
_COMMA_ASK = re.compile(rf",\s+(?={_PREP}(?:what|what's|how)\b|(?:when|where)\s+(?:{_AUX})\b)", re.I)
# Words before such a comma that ask: a question word at the start, "what"/"how"/"why" anywhere ("The
# October 2023 rule: what is its cite, when was it published?"), or an auxiliary after a colon.
_ASKS_HERE = re.compile(rf"^\s*(?:{_WH}|{_AUX})\b|\b(?:what|what's|whats|how|why)\b|[:;]\s*(?:{_AUX})\s+[\w']+", re.I)
# "When Commerce started licensing H20s, what share…": a clause of time or place, not a question.
_SUBORDINATE = re.compile(rf"^\s*(?:when|where)\s+(?!(?:{_AUX})\b)", re.I)
_PLURALS = (
    r"tests|steps|conditions|requirements|items|documents|areas|sectors|categories|layers|types|kinds|criteria|"
    r"options|products|programs|programmes|ways|questions|pillars|factors|exceptions|countries|groups|stages|forms|"
    r"certifications|certificates|reasons|duties|obligations|lists|restrictions|flags|records|benefits|risks|"
    r"penalties|parties|destinations|agencies|licences|licenses|fees|phases|elements|components|members"
)
# A piece that only asks for the whole of what the part before it asks ("Give me the whole list.", "List
# them all please."): it makes that part a list question instead of being a part of its own.
_LIST_REQUEST = re.compile(
    r"^(?=.*\b(?:list|all|lot)\b)\s*(?:please\s+)?(?:(?:give|show|tell)\s+me\s+|list\s+|name\s+)?(?:the\s+|them\s+)?"
    r"(?:whole|full|complete|entire|all)?\s*(?:list|lot|of them|them)?(?:\s+(?:all|of them|please|pls))*\s*[.!?]*\s*$",
    re.I,
)
# A later part whose subject is a pronoun for what an earlier part named.
_LEANS = re.compile(r"\b(it|its|they|them|their|this one|that one|which one|the same)\b", re.I)
# A sentence ends at ? . or ! and a space, but not after "U.S." or "e.g." ("a U.S. company" is one sentence).
_SENTENCE = re.compile(r"(?<=[?.!])(?<!U\.S\.)(?<!e\.g\.)(?<!i\.e\.)(?<!\bNo\.)(?<!\bvs\.)\s+")
_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "list",
        re.compile(
            rf"\b(which|what)( are| were)?( the)?( [\w-]+)? ({_PLURALS})\b|\b(list|name|enumerate)\b"
            r"|\bwhat can\b.*\bpay for\b|\bwho\b.*\beach\b|\bwhat (does|do) .* (include|need|cover)\b",
            re.I,
        ),
    ),
    ("percent", re.compile(r"\b(percent|percentage|what share|how much of|what portion|what proportion)\b|%", re.I)),
    (
        "amount",
        re.compile(
            r"\bhow (much|many|large|big|high)\b|\b(cap|limit|maximum|minimum|fee|fees|cost|rate|"
            r"amount|premium|threshold|(down|cash) ?payment|price)\b",
            re.I,
        ),
    ),
    ("duration", re.compile(r"\bhow long\b|(?<!-)\b(term|tenor|period|deadline|within how)\b", re.I)),
    ("date", re.compile(r"\bwhen\b|\b(what|which) (date|day|year|month)\b|\bsince when\b|\buntil when\b", re.I)),
    (
        "procedure",
        re.compile(
            r"\bhow (do|does|can|should|would) (i|we|you|one|a|an|the|my|our)\b.*\b(apply|get|"
            r"file|submit|obtain|start|register|request|claim)\b|\bwhat steps\b|\bprocess\b",
            re.I,
        ),
    ),
    (
        "definition",
        re.compile(
            r"^\s*(what|who) (is|are|was|were|does) (a |an |the )?[^?]{0,60}\??$|\bwhat does .* mean\b|"
            r"\bdefin",
            re.I,
        ),
    ),
    ("entity", re.compile(r"^\s*(who|which|where)\b", re.I)),
    ("yes_no", re.compile(rf"^\s*(?:and|also|or|but|so)?\s*(?:{_AUX}|if|whether)\b", re.I)),
)


@dataclass(frozen=True)
class Part:
    text: str
    answer_type: str
    focus: frozenset[str]
    # The part's own words, before it leans on the rest of the question for its subject: in "how many days
    # does BIS have to refer it, and what's the overall deadline to resolve it?" the second part's focus
    # holds "refer" and "days" from the first, its own words only "overall deadline resolve".
    own: frozenset[str] = frozenset()


_LIST_NOUN = re.compile(rf"\b({_PLURALS})\b", re.I)


def asked_list_nouns(text: str) -> frozenset[str]:
    """The things a list question asks for, as written ("what certifications …" → "certifications"). The
    plural matters: a heading about "the Entity List" is not a list of lists."""
    return frozenset(match.group(1).casefold() for match in _LIST_NOUN.finditer(text))


def answer_type(text: str) -> str:
    for name, pattern in _TYPE_PATTERNS:
        if pattern.search(text):
            return name
    return "other"


def _is_question(text: str) -> bool:
    return text.rstrip().endswith("?") or bool(_ASKS.match(text)) or bool(_REQUEST.match(text))


def context_of(question: str) -> str:
    """The message's statements, not its questions: "Our banker says the CIRR went up." """
    return " ".join(s for s in _SENTENCE.split(question.strip()) if not _is_question(s))


def split_parts(question: str, generic: frozenset[str] = frozenset()) -> list[Part]:
    """The parts of a question in the order asked; at least one."""
    pieces: list[str] = []
    sentences = _SENTENCE.split(question.strip())
    context = [s for s in sentences if not _is_question(s)]
    for sentence in sentences:
        if not _is_question(sentence):
            continue
        split: list[str] = []
        for piece in (p.strip(" ,;") for p in _JOIN.split(sentence) for p in _after_comma(p)):
            if terms(piece):
                split.append(piece)
            elif split and piece:  # "…, and for what?" adds to the part before it, never vanishes
                split[-1] = f"{split[-1]} and {piece}"
        # "I get that Commerce runs it, but what is State's piece?": the clause before the question is said,
        # not asked (every later piece starts with a question word, by _JOIN's construction).
        if len(split) > 1 and not (_ASKS.match(split[0]) or _REQUEST.match(split[0]) or _WH_ANYWHERE.search(split[0])):
            context.append(split.pop(0))
        pieces += split
    if not pieces:
        pieces = [question.strip()]
    parts: list[Part] = []
    for piece in pieces:
        own = focus = frozenset(terms(piece)) - generic
        if not focus:  # "and how long?" leans on the rest of the question for its subject
            focus = frozenset(terms(" ".join(context) or question)) - generic
        parts.append(Part(piece, answer_type(piece), focus, own))
    return _lean_on_earlier(_merge_fragments(parts))


def _after_comma(piece: str) -> list[str]:
    """A piece cut where a comma is followed by another question, when what comes before it asks too."""
    out: list[str] = []
    for sub in _COMMA_ASK.split(piece):
        if out and _ASKS_HERE.search(out[-1]) and not _SUBORDINATE.match(out[-1]) and len(out[-1].split()) >= 3:
            out.append(sub)
        elif out:
            out[-1] = f"{out[-1]}, {sub}"
        else:
            out.append(sub)
    return out


def _lean_on_earlier(parts: list[Part]) -> list[Part]:
    """A later part's "it" ("… and do the shipping rules apply to it?") is what the part before it named."""
    out = parts[:1]
    for part in parts[1:]:
        if _LEANS.search(part.text):
            part = Part(part.text, part.answer_type, part.focus | out[-1].focus, part.own)
        out.append(part)
    return out


def _merge_fragments(parts: list[Part]) -> list[Part]:
    """A piece too short to stand alone ("or not?") joins the part before it."""
    out: list[Part] = []
    for part in parts:
        if out and _LIST_REQUEST.match(part.text):
            prev = out[-1]
            out[-1] = Part(f"{prev.text} {part.text}", "list", prev.focus, prev.own)
        elif out and len(part.focus) <= 1 and len(part.text.split()) <= 3:
            prev = out[-1]
            out[-1] = Part(f"{prev.text} {part.text}", prev.answer_type, prev.focus | part.focus, prev.own | part.own)
        else:
            out.append(part)
    return out
