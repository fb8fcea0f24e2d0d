"""Phrasing the decision as an answer: the fact and the sentence that holds it, the sources it
rests on (each once, best first), English framing for English questions, and at most
`MAX_ANSWER` characters. The words themselves live in `bot.messages`."""

from __future__ import annotations

from ..messages import say
from .confidence import THRESHOLD, Decision
from .knowledge import Knowledge
from .model import Answer, Proposal, Source, unique
from .question import Question

MAX_ANSWER = 1200


def single(d: Decision, kb: Knowledge) -> Answer:
    q = d.question
    closest = unique([s for s in (kb.section_source(c.passage.section) for c in d.candidates.passages[:6]) if s])[:3]
    if d.winner is not None:
        w = d.winner
        newer = _newer_document(d, kb)
        if newer is not None:
            older = kb.document_label(w.documents[0], q.lang)
            text = newer.text if w.documents[0] in newer.documents else \
                f"{newer.text}\n{say('older_document', q.lang, document=older, answer=w.text)}"
            return Answer(q.raw, True, _cap(text, MAX_ANSWER), unique(newer.sources + w.sources)[:6], q.lang, w.kind,
                          subjects=[e.id for e in q.entities])
        text = f"{w.text}\n{say('holding', q.lang, quote=w.why['holding'])}" if w.why.get("holding") else w.text
        return Answer(q.raw, d.found, _cap(text, MAX_ANSWER), unique(w.sources)[:6] or closest, q.lang, w.kind,
                      suggestions=list(w.why.get("choices") or []), subjects=[e.id for e in q.entities])
    return refusal(d, closest)


def _newer_document(d: Decision, kb: Knowledge) -> Proposal | None:
    """A sure passage answer from a newer document than the one the winning record answer rests on:
    the newest document leads, the older is mentioned."""
    w = d.winner
    if w is None or w.kind == "passage" or not d.found or not w.documents:
        return None
    for p in d.proposals:
        if p.kind == "passage" and p.support >= THRESHOLD / 2 and p.why.get("known_coverage", 0.0) >= 0.99 \
                and p.documents and p.documents[0] not in w.documents \
                and kb.newest_first([p.documents[0], *w.documents])[0] == p.documents[0]:
            return p
    return None


def refusal(d: Decision, closest: list[Source]) -> Answer:
    """No proposal is sure: say so, with the closest sections."""
    q = d.question
    lang = q.lang
    body = say("not_found_closest" if closest else "not_found", lang)
    if closest:
        body += "\n" + "\n".join(f"• {s.title}" for s in closest)
    return Answer(q.raw, False, body, closest, lang, "not_found", subjects=[e.id for e in q.entities])


def combine(q: Question, decisions: list[Decision], answers: list[Answer], labels: list[str]) -> Answer:
    """One answer for a question that asks several things: each part answered under its label."""
    budget = MAX_ANSWER // max(len(answers), 1) - 20
    lines: list[str] = []
    sources: list[Source] = []
    for label, a in zip(labels, answers):
        lines.append(f"*{label}*\n{_cap(a.answer, budget)}")
        sources += a.sources[:2]
    found = any(a.found for a in answers)
    subjects = list(dict.fromkeys(s for a in answers for s in a.subjects))
    return Answer(q.raw, found, "\n\n".join(lines), unique(sources)[:5], q.lang, "multi", subjects=subjects)


def _cap(value: str, limit: int) -> str:
    """At most `limit` characters, cut at a line or sentence end where possible."""
    if len(value) <= limit:
        return value
    cut = value[:limit]
    for mark in ("\n", ". ", "; ", ", "):
        at = cut.rfind(mark)
        if at > limit * 0.5:
            return cut[:at + (1 if mark != "\n" else 0)].rstrip() + " …"
    return cut.rstrip() + " …"
