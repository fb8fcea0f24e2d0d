"""What a question negates ("vilka projekt leds *inte* av …") and what it leaves out ("… utom SoNorA",
"vilka länder utom Polen"): a negation asks for the rest of a list, a left-out name is taken out of it."""

from __future__ import annotations

import re

from .. import matcher, text
from ..content import Record
from .knowledge import Knowledge

NEGATIONS = frozenset({"inte", "ej", "icke", "not", "except", "utom", "forutom", "utan", "aldrig", "never",
                       "saknar", "saknas", "ingen", "inga", "none", "isnt", "arent", "doesnt", "dont", "nt"})

_NOT_ONLY = frozenset({"bara", "enbart", "endast", "only", "just", "minst", "least"})


def negation_at(words: list[str]) -> int | None:
    """Where the question's first negation stands, but not "inte bara" / "not only" (which adds, not
    excludes); None when it has none."""
    return next((i for i, w in enumerate(words)
                 if w in NEGATIONS and not (i + 1 < len(words) and words[i + 1] in _NOT_ONLY)), None)


EXCLUDING = frozenset({"utom", "forutom", "utover", "except", "besides", "excluding"})
_EXCLUDING_PAIRS = frozenset({("bortsett", "fran"), ("apart", "from"), ("other", "than"), ("aside", "from")})
_AND = frozenset({"och", "and", "samt", "eller", "or"})


def excluded(kb: Knowledge, matches: list[matcher.Match], words: list[str]
             ) -> tuple[list[Record], list[list[str]], set[int]]:
    """What a question leaves out ("vilka projekt i IO3 utom SoNorA", "vilka länder utom Polen",
    "besides the CPMR"): the records named right after the excluding word, the word groups after it
    ("horisont 2020"; "polen", "litauen" of "utom Polen och Litauen"), and the positions of the
    excluding words."""
    records: list[Record] = []
    groups: list[list[str]] = []
    at: set[int] = set()
    for i, w in enumerate(words):
        span = 1 if w in EXCLUDING else 2 if tuple(words[i:i + 2]) in _EXCLUDING_PAIRS else 0
        if not span:
            continue
        start = i + span
        for m in sorted(matches, key=lambda m: m.start):
            r = kb.records.get(m.record_id)
            if m.start < start or r is None or r.kind == "term" or set(words[start:m.start]) - _AND:
                continue
            if r not in records:
                records.append(r)
            start = m.end
        group: list[str] = []
        for word in words[i + span:i + span + 4]:
            if word in _AND or word in text.STOPWORDS:
                if group:
                    groups.append(group)
                group = []
                if word not in _AND:
                    break
            else:
                group.append(word)
        if group:
            groups.append(group)
        if records or groups:
            at.update(range(i, i + span))
    return records, groups, at


def negated(words: list[str]) -> bool:
    return negation_at(words) is not None


def negated_english(question: str) -> bool:
    return bool(re.search(r"\b\w+n't\b", question.lower()))


NEGATION_NEAR = 4  # words: how near a negation must stand to a word of the question to be about it


def negates(folded: str, keys: list[str]) -> bool:
    """Whether a passage's folded words state a negation ("inte", "ingen", "utan") of what the
    question asks about: near one of its key words (by a common beginning, so that "använda" finds
    "kan inte användas"), not in a clause on something else ("kostnader som inte ersätts")."""
    ws = folded.split()
    at = [i for i, w in enumerate(ws) if w in NEGATIONS]
    if not at or not keys:
        return bool(at)
    stems = {k[:max(4, min(len(k) - 2, 6))] for k in keys}
    return any(any(w.startswith(tuple(stems)) for w in ws[max(0, i - NEGATION_NEAR):i + NEGATION_NEAR + 1])
               for i in at)
