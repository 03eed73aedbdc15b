"""A load-time check that a regular expression from data runs in linear time (ADR 0085).

Python's `re` backtracks, so a pattern can take quadratic or exponential time on hostile text. The
check walks the parsed pattern and refuses the three shapes that cause it:

- an unbounded repeat (`*`, `+`, `{n,}`) that can start scanning the same run of characters from many
  places: from many start positions of the search, or right after another unbounded repeat over
  overlapping characters (`\\s*(k|m)?\\s*`, `a.*b.*c`, `\\d\\d+`), with no character between them that the
  repeat cannot match (`\\s+x\\s+`), no anchor (`^`) and no word boundary or look-behind that pins where
  the run starts (`\\b\\w+`, `(?<![\\d,])\\d+`);
- a repeat over alternatives that can begin with the same character (`(a|ab)*`) or over something
  that can match nothing;
- back-references, whose cost no such rule bounds.

Bounded repeats (`{0,30}`) cost a constant per start position and are allowed. The check is
conservative: a pattern it accepts may be rewritten without changing what it matches (as the money
pattern was: `\\s*(k|m)?\\s*` → `\\s*(?:(k|m)\\s*)?`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as sre  # type: ignore[attr-defined]

# The characters the sets are computed over: Latin-1 and a few others that regex classes treat specially.
_ALPHABET = frozenset(chr(i) for i in range(0x180)) | frozenset("\u00a0\u2028\u2029\u212a\u0131\u0663\u4e00\u200b")
_WORD = frozenset(ch for ch in _ALPHABET if re.match(r"\w", ch))
_CATEGORIES = {
    name: frozenset(ch for ch in _ALPHABET if re.match(rx, ch))
    for name, rx in {
        "CATEGORY_DIGIT": r"\d",
        "CATEGORY_NOT_DIGIT": r"\D",
        "CATEGORY_SPACE": r"\s",
        "CATEGORY_NOT_SPACE": r"\S",
        "CATEGORY_WORD": r"\w",
        "CATEGORY_NOT_WORD": r"\W",
    }.items()
}
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
_SAME_LETTER: dict[str, frozenset[str]] = {}  # casefold → the characters of the alphabet that fold to it
for _ch in _ALPHABET:
    _SAME_LETTER[_ch.casefold()] = _SAME_LETTER.get(_ch.casefold(), frozenset()) | {_ch}


class NotLinear(ValueError):
    """The pattern may backtrack more than linearly, or cannot be checked."""


@dataclass
class _Scanner:
    """An unbounded repeat (or the search trying every start position) that may still be scanning."""

    chars: frozenset[str]
    what: str
    cuts: list[tuple[str, frozenset[str]]] = field(default_factory=list)

    def cut_for(self, chars: frozenset[str]) -> bool:
        for kind, limit in self.cuts:
            if kind == "last" and not (limit & chars):
                return True  # a character the repeat cannot match ends every earlier run
            if kind == "boundary" and (chars <= _WORD or not (chars & _WORD)):
                return True  # a run of word (or non-word) characters has one boundary, at its start
            if kind == "not_after" and chars <= limit:
                return True  # the repeat cannot start inside a run of its own characters
        return False

    def after(self, kind: str, limit: frozenset[str] = frozenset()) -> _Scanner:
        return _Scanner(self.chars, self.what, [*self.cuts, (kind, limit)])


def check_linear(pattern: str, name: str = "pattern") -> None:
    """Raise NotLinear, naming the pattern, unless it matches in time linear in the text's length."""
    problem = _problem(pattern)
    if problem is not None:
        raise NotLinear(f"{name}: {problem}")


@functools.lru_cache(maxsize=1024)
def _problem(pattern: str) -> str | None:
    """Why the pattern may not run in linear time, or None; remembered, as every Services build loads them."""
    try:
        parsed = sre.parse(pattern)
    except re.error as exc:
        return f"not a regular expression ({exc})"
    try:
        _Walk(bool(parsed.state.flags & re.IGNORECASE)).sequence(
            list(parsed), [_Scanner(_ALPHABET, "the search's start positions")]
        )
    except NotLinear as exc:
        return str(exc)
    return None


@dataclass
class _Walk:
    ignore_case: bool

    def refuse(self, why: str) -> NotLinear:
        return NotLinear(f"{why}; this can take quadratic or exponential time on hostile text")

    # --- what a piece of pattern can match -------------------------------------------------------------
    def chars(self, items: list) -> frozenset[str]:
        """Every character the items can consume, anywhere."""
        out: frozenset[str] = frozenset()
        for op, av in items:
            out |= self.item_chars(op, av)
        return out

    def item_chars(self, op, av) -> frozenset[str]:
        if op is c.LITERAL:
            return self.cased(frozenset({chr(av)}))
        if op is c.NOT_LITERAL:
            return _ALPHABET - self.cased(frozenset({chr(av)}))
        if op is c.ANY:
            return _ALPHABET
        if op is c.IN:
            return self.in_chars(av)
        if op is c.SUBPATTERN:
            return self.chars(list(av[3]))
        if op is c.BRANCH:
            return frozenset().union(*(self.chars(list(alt)) for alt in av[1]))
        if op in _REPEATS:
            return self.chars(list(av[2])) if av[1] else frozenset()
        if op is c.ATOMIC_GROUP:
            return self.chars(list(av))
        return frozenset()  # anchors and look-arounds consume nothing

    def in_chars(self, items: list) -> frozenset[str]:
        out: set[str] = set()
        negate = False
        for op, av in items:
            if op is c.NEGATE:
                negate = True
            elif op is c.LITERAL:
                out.add(chr(av))
            elif op is c.RANGE:
                out |= {ch for ch in _ALPHABET if av[0] <= ord(ch) <= av[1]}
            elif op is c.CATEGORY:
                out |= _CATEGORIES[str(av)]
            else:
                raise self.refuse(f"unsupported set member {op}")
        cased = self.cased(frozenset(out))
        return _ALPHABET - cased if negate else cased

    def cased(self, chars: frozenset[str]) -> frozenset[str]:
        if not self.ignore_case:
            return chars
        return chars.union(*(_SAME_LETTER.get(ch.casefold(), ()) for ch in chars))

    def first(self, items: list) -> tuple[frozenset[str], bool]:
        """The characters a match of the items can begin with, and whether they can match nothing."""
        out: frozenset[str] = frozenset()
        for op, av in items:
            chars, nullable = self.item_first(op, av)
            out |= chars
            if not nullable:
                return out, False
        return out, True

    def item_first(self, op, av) -> tuple[frozenset[str], bool]:
        if op is c.SUBPATTERN:
            return self.first(list(av[3]))
        if op is c.BRANCH:
            parts = [self.first(list(alt)) for alt in av[1]]
            return frozenset().union(*(p[0] for p in parts)), any(p[1] for p in parts)
        if op in _REPEATS:
            chars, nullable = self.first(list(av[2]))
            return chars, nullable or av[0] == 0
        if op is c.ATOMIC_GROUP:
            return self.first(list(av))
        chars = self.item_chars(op, av)
        return chars, not chars

    def last(self, items: list) -> tuple[frozenset[str], bool]:
        """The characters a match of the items can end with, and whether they can match nothing."""
        out: frozenset[str] = frozenset()
        for op, av in reversed(items):
            if op is c.SUBPATTERN:
                chars, nullable = self.last(list(av[3]))
            elif op is c.BRANCH:
                parts = [self.last(list(alt)) for alt in av[1]]
                chars, nullable = frozenset().union(*(p[0] for p in parts)), any(p[1] for p in parts)
            elif op in _REPEATS:
                chars, nullable = self.last(list(av[2]))
                nullable = nullable or av[0] == 0
            else:
                chars, nullable = self.item_first(op, av)
            out |= chars
            if not nullable:
                return out, False
        return out, True

    # --- the walk ---------------------------------------------------------------------------------------
    def sequence(self, items: list, scanners: list[_Scanner]) -> list[_Scanner]:
        for op, av in items:
            scanners = self.item(op, av, scanners)
        return scanners

    def item(self, op, av, scanners: list[_Scanner]) -> list[_Scanner]:
        if op in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN):
            return [s.after("last", self.item_chars(op, av)) for s in scanners]
        if op is c.SUBPATTERN:
            return self.sequence(list(av[3]), scanners)
        if op is c.BRANCH:
            return [s for alt in av[1] for s in self.sequence(list(alt), scanners)]
        if op in _REPEATS:
            return self.repeat(av[0], av[1], list(av[2]), scanners)
        if op is c.AT:
            if av in (c.AT_BEGINNING, c.AT_BEGINNING_STRING):
                return []  # anchored: nothing before can vary where the match starts
            if av is c.AT_BOUNDARY:
                return [s.after("boundary") for s in scanners]
            return scanners
        if op in (c.ASSERT, c.ASSERT_NOT):
            direction, inner = av
            self.sequence(list(inner), scanners)  # a repeat inside a look-around backtracks too
            if op is c.ASSERT_NOT and direction < 0:
                return [s.after("not_after", self.chars(list(inner))) for s in scanners]
            return scanners
        if op is c.ATOMIC_GROUP:
            return self.sequence(list(av), scanners)
        raise self.refuse(f"{op} is not allowed")  # back-references, conditionals

    def repeat(self, low: int, high: int, body: list, scanners: list[_Scanner]) -> list[_Scanner]:
        if high == 0:
            return scanners
        if high == 1:
            inside = self.sequence(body, scanners)
            return inside if low else scanners + inside
        chars = self.chars(body)
        unbounded = high == c.MAXREPEAT
        if unbounded:
            for scanner in scanners:
                if scanner.chars & chars and not scanner.cut_for(chars):
                    raise self.refuse(f"a repeat can rescan the characters of {scanner.what}")
            _, nullable = self.first(body)
            if nullable:
                raise self.refuse("a repeat of something that can match nothing")
            self.branches_differ(body)
            # Each iteration follows the one before: a repeat inside must be cut off from the outer one.
            self.sequence(body, [_Scanner(chars, "the enclosing repeat")])
            own = _Scanner(chars, "an earlier repeat")
            ends, _ = self.last(body)
            passed = [s.after("last", ends) for s in scanners] if low else scanners
            return [*passed, own]
        inside = self.sequence(body, scanners)
        return inside if low else scanners + inside

    def branches_differ(self, body: list) -> None:
        """Under a repeat, alternatives must begin differently, or each iteration may try them all again."""
        for op, av in body:
            if op is c.BRANCH:
                seen: frozenset[str] = frozenset()
                for alt in av[1]:
                    begins, nullable = self.first(list(alt))
                    if nullable or begins & seen:
                        raise self.refuse("a repeat over alternatives that can begin alike")
                    seen |= begins
                for alt in av[1]:
                    self.branches_differ(list(alt))
            elif op is c.SUBPATTERN:
                self.branches_differ(list(av[3]))
            elif op in _REPEATS:
                self.branches_differ(list(av[2]))
