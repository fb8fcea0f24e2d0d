"""Curated FAQ entries: the entry worded most like the question, supported by how alike they are."""

from __future__ import annotations

from ... import intents, text
from ..knowledge import Knowledge, local
from ..model import Proposal
from ..question import Question
from .base import offer

MIN_OVERLAP = 0.6  # Dice overlap of terms needed to propose an FAQ entry
CLOSE_OVERLAP = 0.85  # … above which no further check is needed


class FaqIndex:
    """Each FAQ wording's terms, and its core terms (without filler such as "nämns i strategin")."""

    def __init__(self, kb: Knowledge) -> None:
        pairs = [(r, w) for r in kb.of_kind("faq") for w in [r.name, *r.fields.get("alternatives", [])]]
        analysis = kb.reader.analysis
        self.records = [r for r, _ in pairs]
        self.terms = [set(analysis.terms(w)) for _, w in pairs]
        self.core = [set(analysis.terms(" ".join(x for x in text.words(w) if x not in intents.FILLER)))
                     for _, w in pairs]


def propose(q: Question, kb: Knowledge, faq: FaqIndex, unknown: list[str]) -> list[Proposal]:
    terms = set(kb.reader.analysis.terms(q.text))
    if not faq.terms or len(terms) < 2:
        return []
    scores = [2 * len(terms & t) / (len(terms) + len(t)) for t in faq.terms]
    best = max(range(len(scores)), key=lambda i: scores[i])
    q.explain["faq"] = {"id": faq.records[best].id, "score": round(scores[best], 2)}
    for i in sorted(range(len(scores)), key=lambda i: -scores[i]):
        if scores[i] < MIN_OVERLAP:
            return []
        core = faq.core[i]
        fits = scores[i] >= CLOSE_OVERLAP or (
            (len(terms & faq.terms[i]) >= 3 or (len(core) >= 2 and core <= terms)) and not unknown)
        if fits:
            r = faq.records[i]
            return [offer(kb, "faq", local(r.fields, "answer", q.lang), [r], prior=scores[i])]
    return []
