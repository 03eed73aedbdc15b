"""Text → lexical terms for BM25, keeping the codes exporters search for intact.

Generic tokenizers drop "D:5" (one-letter pieces) and split "4A090.a", so ECCNs, country groups
and hyphenated names get their own patterns, plus their parts as extra terms.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_TOKEN = re.compile(
    r"""
    \d[a-e]\d{3}(?:\.[a-z0-9]+)*         # ECCNs: 3a090, 4a090.a, 5a992.z
  | [a-e]:\d                             # country groups: d:5, a:6
  | \$?\d+(?:[.,]\d+)*%?                 # numbers, money and percentages
  | [a-z][a-z0-9]*(?:[-'.][a-z0-9]+)*    # words, hyphenated words, dotted abbreviations (u.s)
    """,
    re.VERBOSE,
)
# British and American spellings, and a few equivalent forms, meet in one term.
_NORMAL = {
    "license": "licence",
    "licenses": "licence",
    "licensed": "licenced",
    "licensing": "licencing",
    "defense": "defence",
    "center": "centre",
    "centers": "centre",
    "u.s": "usa",
    "us-made": "usa",
    "program": "programme",
    "programs": "programme",
    "authorisation": "authorization",
}


@cache
def _stopwords() -> frozenset[str]:
    text = (files("assistant.index") / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _stem(word: str) -> str:
    """A light plural/verb stemmer: enough for 'loans'~'loan' without a stemming dependency."""
    if len(word) <= 4 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    stop = _stopwords()
    out: list[str] = []
    for raw in _TOKEN.findall(text.lower()):
        raw = raw[:-2] if raw.endswith("'s") else raw
        token = _NORMAL.get(raw, raw)
        if token in stop:
            continue
        if re.fullmatch(r"\d[a-e]\d{3}\..+", token):
            out += [token, token.split(".", 1)[0]]
        elif re.fullmatch(r"[a-e]:\d", token):
            out.append(token)
        elif token[0] in "$0123456789":
            bare = token.lstrip("$").rstrip("%")
            out += [token] if token == bare else [token, bare]
        elif "-" in token or "'" in token:
            parts = [p for p in re.split(r"[-']", token) if len(p) > 1 and p not in stop]
            out += [token, *(_stem(_NORMAL.get(p, p)) for p in parts)]
        elif "." in token:
            out.append(token.replace(".", ""))
        elif len(token) > 1:
            out.append(_stem(token))
    return out
