"""Personal data: found by pattern (cards Luhn-checked, IBANs mod-97-checked) and replaced."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}\b")
_CARD = re.compile(r"\b\d(?:[ -]?\d){12,18}\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
_PHONE = re.compile(
    r"(?<![\w$.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]\d{3,4}\b"
    r"|(?<![\w$.])\+\d{7,14}\b"
)

SENSITIVE_KINDS = frozenset({"ssn", "card", "iban"})
_LABELS = {
    "email": "[email removed]",
    "phone": "[phone number removed]",
    "ssn": "[SSN removed]",
    "card": "[card number removed]",
    "iban": "[bank account removed]",
}


@dataclass(frozen=True)
class Redaction:
    text: str
    kinds: tuple[str, ...]

    @property
    def sensitive(self) -> bool:
        return bool(SENSITIVE_KINDS & set(self.kinds))


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def redact(text: str) -> Redaction:
    """Replace personal data; the order matters (a card number also looks like a phone number)."""
    kinds: list[str] = []

    def sub(pattern: re.Pattern[str], kind: str, value: str, check=None) -> str:
        def replace(match: re.Match[str]) -> str:
            if check is not None and not check(match.group(0)):
                return match.group(0)
            kinds.append(kind)
            return _LABELS[kind]

        return pattern.sub(replace, value)

    text = sub(_EMAIL, "email", text)
    text = sub(_CARD, "card", text, lambda m: _luhn(re.sub(r"\D", "", m)) and len(set(re.sub(r"\D", "", m))) > 1)
    text = sub(_IBAN, "iban", text, _iban_valid)
    text = sub(_SSN, "ssn", text)
    text = sub(_PHONE, "phone", text, lambda m: 9 <= len(re.sub(r"\D", "", m)) <= 15)
    return Redaction(text, tuple(dict.fromkeys(kinds)))


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
    }
    return len([w for w in words if w.lower() not in filler]) < 2
