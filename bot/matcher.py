"""Finds the records a question names, tolerating typos, missing å/ä/ö and inflection (rapidfuzz)."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import text


@dataclass(frozen=True)
class Match:
    """A record named in the question: which words (start:end) and how sure."""

    record_id: str
    alias: str
    start: int
    end: int
    score: float
    exact: bool


def closest(value: str, choices: list[str], cutoff: float = 70) -> str | None:
    """The choice most like `value`, if any is close enough (for "did you mean" hints)."""
    if not choices:
        return None
    found = process.extractOne(value, choices, scorer=fuzz.WRatio, processor=text.fold, score_cutoff=cutoff)
    return found[0] if found else None


def similarity(a: str, b: str) -> float:
    """0–100 similarity of two already-normalised strings, word order ignored."""
    return fuzz.token_sort_ratio(a, b)


class Lexicon:
    """Every name and alias of every record, folded and stemmed, for matching question words."""

    def __init__(self, names: list[tuple[str, str]]) -> None:
        """`names`: (record id, name or alias) pairs."""
        self.exact: dict[str, set[str]] = {}
        self.stemmed: dict[str, set[str]] = {}
        self.by_length: dict[int, list[str]] = {}
        self.display: dict[str, str] = {}
        self.token_records: dict[str, set[str]] = {}
        for rid, alias in names:
            ws = text.words(alias)
            if not ws:
                continue
            key = " ".join(ws)
            self.exact.setdefault(key, set()).add(rid)
            self.stemmed.setdefault(" ".join(text.stem(w) for w in ws), set()).add(rid)
            self.display.setdefault(key, alias)
            if len(key) >= 5:
                self.by_length.setdefault(len(ws), []).append(key)
            for w in ws:
                if w not in text.STOPWORDS and len(w) >= 4 and not w.isdigit():
                    self.token_records.setdefault(w, set()).add(rid)
        for keys in self.by_length.values():
            keys.sort()

    def find(self, question: str) -> list[Match]:
        """Non-overlapping records named in `question`, best first."""
        ws = text.words(question)
        candidates: list[Match] = []
        for n in range(min(6, len(ws)), 0, -1):
            for i in range(len(ws) - n + 1):
                span = ws[i : i + n]
                if all(w in text.STOPWORDS for w in span):
                    continue
                phrase = " ".join(span)
                candidates.extend(self._lookup(phrase, span, i, i + n))
        candidates.sort(key=lambda m: (-(m.end - m.start) * m.score, not m.exact))
        taken: list[Match] = []
        used: set[int] = set()
        for m in candidates:
            span = set(range(m.start, m.end))
            if span & used:
                if any(t.start == m.start and t.end == m.end and t.score == m.score for t in taken):
                    taken.append(m)  # the same words name several records: keep all, the caller decides
                continue
            taken.append(m)
            used |= span
        return sorted(taken, key=lambda m: m.start)

    def _lookup(self, phrase: str, span: list[str], start: int, end: int) -> list[Match]:
        ids = self.exact.get(phrase)
        if ids:
            return [Match(r, phrase, start, end, 100.0, True) for r in sorted(ids)]
        ids = self.stemmed.get(" ".join(text.stem(w) for w in span))
        if ids:
            return [Match(r, phrase, start, end, 97.0, True) for r in sorted(ids)]
        if len(phrase) < 5 or span[0] in text.STOPWORDS or span[-1] in text.STOPWORDS:
            return []
        if len(span) == 1 and (span[0].isdigit() or len(span[0]) < 6):
            return []
        keys = self.by_length.get(len(span), [])
        cutoff = 86.0 if len(phrase) >= 8 else 82.0
        found = process.extractOne(phrase, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if not found:
            return []
        key = found[0]
        if key[0] != phrase[0] or _numbers(key) != _numbers(phrase):
            return []
        return [Match(r, key, start, end, float(found[1]) - 5, False) for r in sorted(self.exact[key])]

    def records_sharing_word(self, question: str) -> dict[str, set[str]]:
        """For each content word of `question` that is part of several records' names: those records."""
        out: dict[str, set[str]] = {}
        for w in text.words(question):
            ids = self.token_records.get(w)
            if ids and len(ids) > 1:
                out[w] = ids
        return out


def _numbers(s: str) -> list[str]:
    return [w for w in s.split() if w.isdigit() or all(c in "ivx" for c in w)]
