"""Dates from records: when a body decides, when an event of a timeline happens, when a project
runs, when an office was founded. A year in the question picks the entries of that year."""

from __future__ import annotations

import weakref

from ... import intents, messages, text
from ...content import Record
from ...messages import say
from ...passages import sentences
from .. import facttype
from ..knowledge import Knowledge, date_key, local, once
from ..model import Proposal
from ..question import Question
from .base import offer

PRIOR = 0.9
PERIOD_PRIOR = 0.4  # a document's period from its heading: less specific than a sentence giving the days


def propose(q: Question, kb: Knowledge) -> list[Proposal]:
    r = q.reading
    wants_date = r.has("when") or (r.has("founded") and not r.has("who"))
    if r.has("valid") and r.has("when", "period") and not q.entities:
        return _periods(q, kb)
    if not (wants_date or r.has("timeline")):
        return []
    lang = q.lang
    events = kb.of_kind("event")
    subject = q.entities[0] if q.entities else None
    chosen: list[Record] = []
    bodies = {e.id for e in q.entities if e.kind == "organisation"} & {e.fields.get("body") for e in events}
    if bodies and (subject is None or subject.kind == "event"):
        # "När beslutar regionfullmäktige?": every date of that body, in every timeline, and of the
        # events the question names beside it ("arbetsutskottet … färdigt förslag")
        chosen = [e for e in events if e.fields.get("body") in bodies or e in q.entities]
    elif subject is not None and subject.kind == "event":
        chosen = q.all("event")
    elif subject is not None and subject.kind == "organisation":
        chosen = [e for e in events if e.fields.get("body") == subject.id]
        if not chosen and subject.fields["relation"] != "self":
            return [offer(kb, "dates", say("no_dates", lang, name=subject.name), [subject], PRIOR, states=False)]
    elif subject is not None and subject.kind == "term" and subject.fields.get("related"):
        chosen = [kb.records[i] for i in subject.fields["related"] if kb.records[i].kind == "event"]
    elif subject is not None and subject.kind == "project":
        period = kb.period(subject, lang)
        if period is None:
            return [offer(kb, "dates", say("project_period_missing", lang, name=subject.name), [subject], PRIOR,
                          states=False)]
        return [offer(kb, "dates", say("project_period", lang, name=subject.name, period=period), [subject], PRIOR)]
    elif subject is not None and subject.kind == "office" and subject.fields.get("founded"):
        if not _asks_founding(q, kb, subject):
            return []
        founded = local(subject.fields, "founded", lang)
        if lang == "en":  # "on 2 September 2024", "in autumn 2009"
            founded = f"{'on' if founded[:1].isdigit() else 'in'} {founded}"
        return [offer(kb, "dates", say("founded", lang, name=subject.name, founded=founded), [subject], PRIOR)]
    if not chosen and (subject is None or subject.fields.get("relation") == "self"):
        return timeline(q, kb, events)
    chosen = of_years(q, chosen)
    if not chosen:
        return []
    chosen = sorted(chosen, key=date_key, reverse=True)  # the newest first
    bodies = {e.fields.get("body") for e in chosen}
    if len(bodies) == 1 and None not in bodies:
        body = kb.records[chosen[0].fields["body"]]
        body_name = body.fields.get("name_en", body.name) if lang == "en" else body.name
        if lang == "en":
            body_name = f"{body_name[:1].upper()}{body_name[1:]} ({body.name})"
        lines = [say("body_date", lang, body=body_name, date=messages.date(e.fields["date"], lang), source=_where(kb, e))
                 if len(text.words(e.fields.get("event", ""))) <= 2  # the event is the body's meeting itself
                 else event_line(e, lang) for e in chosen]
        answer = "\n".join(lines)
    else:
        answer = "\n".join(event_line(e, lang) for e in chosen)
    return [offer(kb, "dates", answer, chosen, PRIOR)]


def _asks_founding(q: Question, kb: Knowledge, office: Record) -> bool:
    """Whether a question for a date asks when the office began: by a cue ("bildades", "started"), or
    with the content's words that its description's sentence of that date holds ("när öppnar IHB":
    "Kontoret öppnar den 2 september 2024 …"); "när kan man prata med kontoret på engelska" asks when
    something else is."""
    if q.reading.has("founded", "start"):
        return True
    founded = str(office.fields["founded"])
    held = [x for x in sentences(str(office.fields.get("description") or "")) if founded in x]
    if not held:
        return True  # (no sentence says what the date is of: nothing to tell the question by)
    terms = set(kb.reader.analysis.terms(" ".join(held)))
    # (a word the content never uses tells nothing of what it says: "när drogs kontoret igång")
    words = kb.reader.known_words(q.free_words())
    return all(set(kb.reader.analysis.terms(w)) <= terms for w in words)


def _periods(q: Question, kb: Knowledge) -> list[Proposal]:
    """How long a document holds ("till när gäller strategin"): the period of the documents the
    question's years name, else of each document, the newest first, each with the sentence that
    states the days it holds from, when it has one. A passage answering the question more closely is
    more specific: this is the answer when none does."""
    ids = q.documents or kb.newest_first(list(kb.documents))
    lines: list[str] = []
    sources = []
    for i in ids:
        lines.append(say("document_period", q.lang, document=kb.document_label(i, q.lang), period=kb.documents[i].period))
        section, stated = _validity(kb, i)
        if stated:  # "Strategin gäller från och med den 1 april 2024 …": the days, quoted
            lines.append(say("holding", q.lang, quote=stated))
        section = section or next((x.id for x in kb.documents[i].sections), None)
        if section is not None and (source := kb.section_source(section)):
            sources.append(source)
    return [offer(kb, "document_period", "\n".join(lines), prior=PERIOD_PRIOR, sources=sources)] if lines else []


def _validity(kb: Knowledge, document: str) -> tuple[str | None, str]:
    """The first sentence of a document that says from which day it holds ("gäller från och med den
    1 april 2024"), with its section; looked for once an index generation (two threads may both look;
    they find the same)."""
    found = once(_VALIDITY, kb, dict)
    if document not in found:
        found[document] = next(((section.id, x) for section in kb.documents[document].sections
                                for p in kb.passages_of.get(section.id, []) if p.kind == "sentence"
                                for x in sentences(p.text)
                                if facttype.states_day(x) and intents.read(x).has("valid")), (None, ""))
    return found[document]


_VALIDITY: weakref.WeakKeyDictionary[Knowledge, dict[str, tuple[str | None, str]]] = weakref.WeakKeyDictionary()


def of_years(q: Question, events: list[Record]) -> list[Record]:
    """The events in the years the question names (all of them when it names none, or none match)."""
    if not q.years:
        return events
    picked = [e for e in events if int(str(e.fields.get("date", "0"))[:4] or 0) in q.years]
    return picked or events


def _where(kb: Knowledge, e: Record) -> str:
    section = kb.section_source(e.sections[0]) if e.sections else None
    return section.title if section else e.file


def timeline(q: Question, kb: Knowledge, events: list[Record]) -> list[Proposal]:
    """A date question about no particular body or event: the decisions, or a whole timeline."""
    r, lang = q.reading, q.lang
    if r.has("decide"):
        chosen = [e for e in events if e.fields.get("body")]
        key = "decisions_head"
    elif r.has("timeline") or (r.has("when") and "strategi" in " ".join(q.words) and not r.has("valid")):
        chosen = events
        key = "timeline_head"
    else:
        return []
    chosen = of_years(q, chosen)
    if not chosen:
        return []
    if not q.years:
        # without a year asked for, the newest timeline (the section of the newest event)
        newest = max(chosen, key=date_key)
        chosen = [e for e in chosen if e.sections[:1] == newest.sections[:1]] or chosen
    years = sorted({str(e.fields.get("date", ""))[:4] for e in chosen})
    head = say(key, lang, source=_where(kb, chosen[0]), years="–".join(dict.fromkeys([years[0], years[-1]])))
    lines = [head] + [f"• {event_line(e, lang)}" for e in sorted(chosen, key=date_key)]
    return [offer(kb, "dates", "\n".join(lines), chosen, PRIOR)]


def event_line(e: Record, lang: str) -> str:
    name = local(e.fields, "event", lang)
    if lang == "en" and e.fields.get("event_en"):
        name = f"{name} ({e.fields['event']})"
    return say("event_date", lang, event=name, date=messages.date(e.fields["date"], lang))
