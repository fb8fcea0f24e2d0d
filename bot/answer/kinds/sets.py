"""Two named records set side by side on a list both have — the countries of their partners, the
insatsområden they focus on: what one has that the other lacks ("med i A men inte i B", "länder i
närområdet som inte är med i Moment"), what both have ("både A och B", "gemensamt"), or both sides
("skillnaden mellan A och B")."""

from __future__ import annotations

from ... import messages
from ...content import Record
from ...messages import say
from ..knowledge import Knowledge, local
from ..model import Proposal
from ..negation import negation_at
from ..question import Question
from ..several import asks_common, asks_difference
from .base import offer

PRIOR = 1.0  # rests on two named records and the relation the question asks between them

# The list fields a question can compare, by the cue that asks for them.
FIELDS = {"countries": ("countries",), "areas": ("areas", "areas_table")}


def propose(q: Question, kb: Knowledge) -> list[Proposal]:
    cue = next((c for c in FIELDS if q.reading.has(c)), None)
    if cue is None:
        return []
    named = _named_in_order(q, kb, FIELDS[cue])
    if len(named) < 2:
        return []
    values = {r.id: _values(r, FIELDS[cue]) for r in named}
    a, b = named[:2]
    if asks_difference(q):
        lines = [_only(q, kb, cue, a, b, values), _only(q, kb, cue, b, a, values)]
        if any(v in values[b.id] for v in values[a.id]):
            lines.append(_both(q, kb, cue, a, b, values))
        return [offer(kb, f"set_{cue}", "\n".join(lines), [a, b], PRIOR)]
    if q.negated:
        base, other = _sides(q, named)
        return [offer(kb, f"set_{cue}", _only(q, kb, cue, base, other, values), [base, other], PRIOR)]
    if asks_common(q):
        return [offer(kb, f"set_{cue}", _both(q, kb, cue, a, b, values), [a, b], PRIOR)]
    return []


def _named_in_order(q: Question, kb: Knowledge, fields: tuple[str, ...]) -> list[Record]:
    """The records the question names that have the list, in the order it names them."""
    out: list[Record] = []
    for m in sorted(q.matches, key=lambda m: m.start):
        r = kb.records.get(m.record_id)
        if r is not None and r in q.entities and r not in out and _values(r, fields):
            out.append(r)
    return out


def _values(r: Record, fields: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for f in fields:
        for v in r.fields.get(f) or []:
            if v not in out:
                out.append(v)
    return out


def _sides(q: Question, named: list[Record]) -> tuple[Record, Record]:
    """(the record whose list is kept, the one whose list is taken away): the one named right after
    the negation is taken away ("med i A men inte i B", "inte med i A men i B"); when both come
    before it ("som B inte har"), the first is kept."""
    negation = negation_at(q.words)
    negation = len(q.words) if negation is None else negation
    starts = {m.record_id: m.start for m in q.matches}
    after = [r for r in named if starts.get(r.id, -1) > negation]
    other = after[0] if after else named[1]
    base = next(r for r in named if r is not other)
    return base, other


def _only(q: Question, kb: Knowledge, cue: str, x: Record, y: Record, values: dict[str, list[str]]) -> str:
    """What `x` has that `y` lacks, or that it lacks nothing."""
    only = [v for v in values[x.id] if v not in values[y.id]]
    key = f"set_{cue}_only" if only else f"set_{cue}_none_only"
    return _say_values(say(key, q.lang, first=_name(x, q.lang), other=_name(y, q.lang)), only, cue, kb, q.lang)


def _both(q: Question, kb: Knowledge, cue: str, x: Record, y: Record, values: dict[str, list[str]]) -> str:
    """What `x` and `y` both have, or that they have nothing in common."""
    both = [v for v in values[x.id] if v in values[y.id]]
    key = f"set_{cue}_both" if both else f"set_{cue}_none_both"
    return _say_values(say(key, q.lang, first=_name(x, q.lang), other=_name(y, q.lang)), both, cue, kb, q.lang)


def _say_values(head: str, values: list[str], cue: str, kb: Knowledge, lang: str) -> str:
    if not values:
        return head
    if cue == "areas":
        return f"{head} {kb.areas_text(values, lang)}."
    return f"{head} {messages.join([kb.en(v, lang) for v in values], lang)}."


def _name(r: Record, lang: str) -> str:
    return local(r.fields, "name", lang) or r.name
