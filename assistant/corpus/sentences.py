"""Split passage text into sentences the extractive composer can quote one at a time."""

from __future__ import annotations

import re

# Words ending in a period that do not end a sentence in this corpus.
_ABBREVIATIONS = {
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "etc",
    "vs",
    "no",
    "nos",
    "supp",
    "sec",
    "secs",
    "para",
    "pub",
    "inc",
    "co",
    "corp",
    "ltd",
    "dr",
    "mr",
    "ms",
    "st",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "fig",
    "art",
    "cf",
    "al",
    "op",
    "ch",
    "pt",
    "vol",
    "h.r",
    "p.l",
    "s",
    "c.f.r",
    "u.s.c",
    "fr",
    "reg",
    "gov",
    "dept",
    "est",
    "min",
    "max",
    "mo",
    "yr",
    "yrs",
    "doc",
    "docs",
    "ref",
}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$§])")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_MARKUP = re.compile(r"(\*\*|__|`)")


def _ends_with_abbreviation(fragment: str) -> bool:
    word = fragment.rstrip("\"')]").rsplit(maxsplit=1)[-1] if fragment.strip() else ""
    word = word.lstrip("(\"'[").rstrip(".").lower()
    return (
        word in _ABBREVIATIONS or bool(re.fullmatch(r"[a-z]", word)) or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))
    )


def _split_line(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        candidate = line[start : match.start()]
        if _ends_with_abbreviation(candidate):
            continue
        pieces.append(line[start : match.end()].strip())
        start = match.end()
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table_sentences(rows: list[str]) -> list[str]:
    """A table row becomes 'Header: cell; Header: cell' so it reads on its own."""
    if len(rows) >= 2 and _TABLE_RULE.match(rows[1]):
        header, body = _cells(rows[0]), rows[2:]
    else:
        header, body = [], rows
    out = []
    for row in body:
        cells = _cells(row)
        pairs = [f"{h}: {c}" if h else c for h, c in zip(header + [""] * len(cells), cells, strict=False) if c]
        if pairs:
            out.append(plain("; ".join(pairs)) + ".")
    return out


def plain(text: str) -> str:
    """Inline Markdown emphasis and code marks removed; links reduced to their text."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return _MARKUP.sub("", text)


def split_sentences(text: str) -> list[str]:
    """Sentences in reading order. Bullets and table rows count as sentences of their own."""
    sentences: list[str] = []
    paragraph: list[str] = []
    table: list[str] = []

    def flush() -> None:
        if paragraph:
            sentences.extend(_split_line(plain(" ".join(paragraph))))
            paragraph.clear()
        if table:
            sentences.extend(_table_sentences(table))
            table.clear()

    for raw in text.splitlines():
        line = raw.strip()
        is_row = line.startswith("|")
        if table and not is_row:
            flush()
        if not line or line.startswith("#"):
            flush()
        elif is_row:
            if paragraph:
                flush()
            table.append(line)
        elif _BULLET.match(line):
            flush()
            paragraph.append(_BULLET.sub("", line))
        else:
            paragraph.append(line)
    flush()
    return [s for s in sentences if len(s) > 2]
