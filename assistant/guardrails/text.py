"""Message cleaning: the characters an attacker can hide instructions in are removed first."""

from __future__ import annotations

import re
import unicodedata

from assistant.errors import InvalidInput

MAX_MESSAGE_CHARS = 2000

# C0/C1 controls except tab and newline; zero-width and bidi controls; the Unicode "tag" block
# (U+E0000-U+E007F), which renders as nothing but can spell out hidden instructions.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\U000e0000-\U000e007f]"
)


def clean_message(raw: str, max_chars: int = MAX_MESSAGE_CHARS) -> str:
    """The message as the pipeline sees it; raises InvalidInput when nothing usable is left."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", raw))
    text = re.sub(r"[ \t]+", " ", text).strip()
    if not text:
        raise InvalidInput("the message is empty")
    if len(text) > max_chars:
        raise InvalidInput(f"the message is {len(text)} characters long; the limit is {max_chars}")
    return text


def folded(text: str) -> str:
    """Lower-case NFKC text for pattern matching (full-width and stylised letters fold to ASCII)."""
    return unicodedata.normalize("NFKC", text).casefold()


# Digits and symbols that stand for letters in "1gn0r3 y0ur 1n5truct10n5". Only a token that mixes them
# with letters is read this way; the result is matched against the jailbreak patterns only, so a code
# such as "3a090" read as letters can do no harm there.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_MIXED_TOKEN = re.compile(r"(?=[\w@$]*[a-z])(?=[\w@$]*[013457@$])[\w@$]+")


def unleet(norm: str) -> str:
    """`norm` (folded) with the look-alike digits of its mixed tokens read as letters (ADR 0107)."""
    return _MIXED_TOKEN.sub(lambda m: m.group().translate(_LEET), norm)
