"""Personal data: found by pattern (cards Luhn-checked, IBANs mod-97-checked, routing numbers ABA-checked)
and replaced by a label naming the kind.

Kinds (README "Personal data"): email (also "name at domain dot com"), phone (formatted, international
and bare 10-digit), ssn (dashed, spaced and bare 9-digit), tax_id (EIN and ITIN), card, iban,
bank_account, routing_number, passport, driver_licence, address (street and PO box) and date_of_birth.

Every pattern runs in linear time: a match can only start where a run of its characters starts
(a look-behind refuses starts in the middle of a run) and every repetition is bounded, so a long
run of digits or letters costs one pass, not one pass per position.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

# Numbers next to these are money or measurements, not identifiers.
_NOT_MONEY_AFTER = r"(?!\s*(?:dollars|usd|us\$|euros?|percent|%|k\b|m\b|mm\b|million|billion|bn\b))"
_NUMBER_START = r"(?<![\w$.,/#-])"
_NUMBER_END = r"(?![\w,/-]|\.\d)"
_TLDS = r"(?:com|org|net|gov|edu|mil|int|io|co|us|uk|ca|de|fr|biz|info|me|ai|app|dev)"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}"
    rf"|{_MONTH}\s{{1,3}}\d{{1,2}}(?:st|nd|rd|th)?,?\s{{1,3}}\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s{{1,3}}(?:of\s{{1,3}})?{_MONTH},?\s{{1,3}}\d{{4}})"
)
_NUMBER_WORD = r"(?:\s{1,3}(?:no\.?|nr\.?|num\.?|number|#))?\s{0,3}(?:is|was|:|#|-)?\s{0,3}"


def _cued(cue: str, value: str) -> re.Pattern[str]:
    """'<cue> [number] [is|:] <value>': only the value is replaced, the words stay for context."""
    return re.compile(rf"(?P<keep>\b(?:{cue}){_NUMBER_WORD})(?P<value>{value})", re.I)


_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b")
_SPELLED_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}\s{0,3}(?:\[at\]|\(at\)|\bat\b)\s{0,3}[\w-]{1,63}"
    rf"(?:\s{{0,3}}(?:\[dot\]|\(dot\)|\bdot\b)\s{{0,3}}[\w-]{{1,63}}){{0,3}}\s{{0,3}}(?:\[dot\]|\(dot\)|\bdot\b)\s{{0,3}}{_TLDS}\b",
    re.I,
)
_PASSPORT = _cued(r"passport", r"[A-Z]{0,2}\d[A-Z0-9]{5,8}\b")
_DRIVER_LICENCE = _cued(
    r"driver'?s?\s{1,3}licen[cs]e|driving\s{1,3}licen[cs]e|DL", r"(?=[A-Z-]{0,4}\d)[A-Z0-9][A-Z0-9-]{4,19}\b"
)
_ROUTING = _cued(r"routing|ABA|RTN|transit", r"\d{9}\b")
_ACCOUNT = _cued(r"(?:bank\s{1,3}|checking\s{1,3}|savings\s{1,3})?(?:account|acct\.?|a/c)", r"\d[\d -]{4,20}\d\b")
_TAX_ID_CUED = _cued(
    r"EIN|employer\s{1,3}identification|tax\s{1,3}id|TIN|ITIN", r"\d{2}-?\d{7}\b|\d{3}-?\d{2}-?\d{4}\b"
)
_DATE_OF_BIRTH = _cued(r"DOB|D\.O\.B\.?|date\s{1,3}of\s{1,3}birth|birth\s{0,3}date|birthday|born(?:\s{1,3}on)?", _DATE)
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
_SSN = re.compile(rf"{_NUMBER_START}(?!000|666|9\d\d)\d{{3}}[- ](?!00)\d{{2}}[- ](?!0000)\d{{4}}{_NUMBER_END}")
_ITIN = re.compile(
    rf"{_NUMBER_START}9\d{{2}}[- ]?(?:5\d|6[0-5]|7\d|8[0-8]|9[0-24-9])[- ]?\d{{4}}{_NUMBER_END}{_NOT_MONEY_AFTER}", re.I
)
_EIN = re.compile(rf"{_NUMBER_START}\d{{2}}-\d{{7}}{_NUMBER_END}")
_PHONE = re.compile(
    r"(?<![\w$.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]\d{3,4}\b"
    r"|(?<![\w$.])\+\d{7,14}\b"
)
_BARE_PHONE = re.compile(rf"{_NUMBER_START}(?:1[ .-]?)?[2-9]\d{{2}}[2-9]\d{{6}}{_NUMBER_END}{_NOT_MONEY_AFTER}", re.I)
_BARE_SSN = re.compile(
    rf"{_NUMBER_START}(?!000|666|9\d\d)\d{{3}}(?!00)\d{{2}}(?!0000)\d{{4}}{_NUMBER_END}{_NOT_MONEY_AFTER}", re.I
)
_STREET = (
    r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|parkway|pkwy|"
    r"highway|hwy|circle|cir|square|sq|trail|trl|plaza"
)
# Street names are capitalised ("1600 Pennsylvania Avenue"), so "5 big trucks on the way" is not an address.
_ADDRESS = re.compile(
    rf"{_NUMBER_START}\d{{1,6}}[A-Za-z]?\s{{1,3}}(?:[NSEW]\.?\s{{1,3}})?(?:[A-Z][\w'.-]{{0,30}}\s{{1,3}}){{1,4}}"
    rf"(?i:{_STREET})\b\.?(?:\s{{1,3}}[NS][EW]\b)?(?:,?\s{{1,3}}(?i:suite|ste\.?|apt\.?|unit|#)\s{{0,3}}[\w-]{{1,8}})?"
    r"|\b(?i:P\.?\s?O\.?\s{1,3}Box)\s{1,3}\d{1,8}\b"
)

SENSITIVE_KINDS = frozenset(
    {"ssn", "tax_id", "card", "iban", "bank_account", "routing_number", "passport", "driver_licence", "date_of_birth"}
)
_LABELS = {
    "email": "[email removed]",
    "phone": "[phone number removed]",
    "ssn": "[SSN removed]",
    "tax_id": "[tax ID removed]",
    "card": "[card number removed]",
    "iban": "[bank account removed]",
    "bank_account": "[bank account removed]",
    "routing_number": "[routing number removed]",
    "passport": "[passport number removed]",
    "driver_licence": "[licence number removed]",
    "address": "[address removed]",
    "date_of_birth": "[date of birth removed]",
}
KINDS = tuple(_LABELS)


@dataclass(frozen=True)
class Redaction:
    text: str
    kinds: tuple[str, ...]

    @property
    def sensitive(self) -> bool:
        return bool(SENSITIVE_KINDS & set(self.kinds))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _card_valid(candidate: str) -> bool:
    digits = _digits(candidate)
    return _luhn(digits) and len(set(digits)) > 1


def _iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def _phone_valid(candidate: str) -> bool:
    return 9 <= len(_digits(candidate)) <= 15


# (pattern, kind, check). Order matters: cued kinds first (their words say what the number is), then
# the checksummed ones, then shapes; a card number would otherwise also look like a phone number.
_RULES: tuple[tuple[re.Pattern[str], str, Callable[[str], bool] | None], ...] = (
    (_EMAIL, "email", None),
    (_SPELLED_EMAIL, "email", None),
    (_PASSPORT, "passport", None),
    (_DRIVER_LICENCE, "driver_licence", None),
    (_ROUTING, "routing_number", None),
    (_TAX_ID_CUED, "tax_id", None),
    (_DATE_OF_BIRTH, "date_of_birth", None),
    (_CARD, "card", _card_valid),
    (_IBAN, "iban", _iban_valid),
    (_ACCOUNT, "bank_account", None),
    (_ITIN, "tax_id", None),
    (_SSN, "ssn", None),
    (_EIN, "tax_id", None),
    (_PHONE, "phone", _phone_valid),
    (_BARE_PHONE, "phone", None),
    (_BARE_SSN, "ssn", None),
    (_ADDRESS, "address", None),
)


# Every kind needs a digit, an "@" or the word "at" (spelled-out emails): text with none is returned as
# it is without running the patterns (most stored citation text).
_MAYBE_PERSONAL = re.compile(r"[\d@]|\bat\b", re.I)


def redact(text: str, published: str = "") -> Redaction:
    """Replace personal data, each kind by its label. What `published` (the cited passages' text) holds
    word for word stays: an agency's own application address in a quoted source sentence is public, not a
    person's data (ADR 0119)."""
    if not _MAYBE_PERSONAL.search(text):
        return Redaction(text, ())
    return _redact(text, published)


@functools.lru_cache(maxsize=8192)
def redact_repeated(text: str) -> Redaction:
    """`redact`, remembered: for the storage layer, whose answers and citations repeat the same corpus
    sentences turn after turn (and whose questions the pipeline has already redacted, so the cache does
    not hold a customer's data). Not for raw user input."""
    return redact(text)


def _redact(text: str, published: str) -> Redaction:
    kinds: list[str] = []
    for pattern, kind, check in _RULES:
        text = _substitute(pattern, kind, check, text, kinds, published)
    return Redaction(text, tuple(dict.fromkeys(kinds)))


def _substitute(
    pattern: re.Pattern[str],
    kind: str,
    check: Callable[[str], bool] | None,
    text: str,
    kinds: list[str],
    published: str,
) -> str:
    def replace(match: re.Match[str]) -> str:
        value = match.group("value") if "value" in pattern.groupindex else match.group(0)
        if (check is not None and not check(value)) or (published and value in published):
            return match.group(0)
        kinds.append(kind)
        keep = match.group("keep") if "keep" in pattern.groupindex else ""
        return keep + _LABELS[kind]

    return pattern.sub(replace, text)


def only_placeholders(text: str) -> bool:
    """True when a message carried nothing but personal data (and a few filler words)."""
    rest = text
    for label in _LABELS.values():
        rest = rest.replace(label, " ")
    words = re.findall(r"[A-Za-z]{3,}", rest)
    # "call me at …" is a request (a hand-off), so call/contact are not filler.
    filler = {
        "my",
        "is",
        "the",
        "and",
        "here",
        "number",
        "card",
        "email",
        "phone",
        "ssn",
        "exp",
        "expiry",
        "social",
        "security",
        "name",
        "me",
        "at",
        "on",
        "its",
        "it's",
        "cvv",
        "account",
        "bank",
        "iban",
        "passport",
        "driver's",
        "drivers",
        "licence",
        "license",
        "routing",
        "address",
        "live",
        "date",
        "birth",
        "dob",
        "born",
        "ein",
        "tax",
    }
    return len([w for w in words if w.lower() not in filler]) < 2
