"""What a named record is, when the question asks nothing more specific: a glossary definition, a
project's summary, an organisation's description, an office, a region, a priority area."""

from __future__ import annotations

from ... import messages
from ...content import Record
from ...messages import say
from ..facttype import asks_sum
from ..knowledge import Knowledge, local, partners_text, with_abbrev
from ..model import Proposal
from ..question import Question
from .attributes import area_summary, pa_areas
from .base import offer
from .contacts import contact_text
from .dates import event_line

PRIOR = 0.75
ASKS_MORE = 0.4  # the prior when the question has words of its own beyond the name: it asks something else
# Cues asking for one fact: when no kind could give it, a summary of the record does not answer it.
UNSUMMARISED = ("when", "founded", "founders", "count", "budget", "population", "where", "decide", "start",
                "end", "period", "funding", "host")


def propose(q: Question, kb: Knowledge, unknown: list[str]) -> list[Proposal]:
    """A summary of the record the question names; none when the question asks for one fact a
    summary would not give, or (in Swedish) uses words of its own that the content never uses."""
    if not q.entities or q.reading.has(*UNSUMMARISED) or asks_sum(q) or q.negated:
        return []  # (what a record is never says what it is not: "vad ingår *inte* i …"; "hur mycket
        # pengar lägger vi på …" asks a sum, not what the project is)
    if q.lang == "sv" and set(unknown) & set(q.free_words()):
        return []
    # the region is named in many questions about other things ("kommer RB gå med i fler nätverk
    # utöver SBER"): it is the subject only when nothing else is named
    subject = next((e for e in q.entities if not e.is_region), q.entities[0])
    if subject.is_region and q.free_words():
        return []
    found = summary(q, kb, subject)
    if found is None:
        return []
    if q.free_words():
        found.prior = ASKS_MORE
    return [found]


def summary(q: Question, kb: Knowledge, subject: Record) -> Proposal | None:
    lang, f = q.lang, subject.fields
    if subject.kind == "area":
        return area_summary(q, kb, subject)
    if subject.kind == "contact":
        return offer(kb, "contact", contact_text(kb, subject, lang), [subject], PRIOR)
    if subject.kind == "event":
        return offer(kb, "event", event_line(subject, lang), [subject], PRIOR)
    if subject.kind == "project":
        return offer(kb, "project", project_summary(kb, subject, lang), [subject], PRIOR)
    if subject.kind == "priority_area":
        name = local(f, "name", lang) or subject.name
        parts = [say("pa_purpose", lang, name=name, purpose=f["purpose"])]
        places = [kb.en(c, lang) for c in f.get("countries", [])] + f.get("regions", [])
        if places:
            parts.append(say("pa_countries", lang, name=name, countries=messages.join(places, lang)))
        parts.append(pa_areas(q, kb, subject, name).text)
        return offer(kb, "priority_area", " ".join(parts), [subject], PRIOR)
    if subject.kind == "partner_region":
        parts = [f"{subject.name} ({kb.en(f['country'], lang)}): {f['description']}"]
        if f.get("population"):
            parts.append(say("region_population", lang, name=subject.name, population=local(f, "population", lang)))
        return offer(kb, "partner_region", " ".join(parts), [subject], PRIOR)
    if subject.kind == "office":
        parts = [f"{subject.name}" + (f" ({f['full_name']})" if f.get("full_name") else "") + f": {f['description']}"]
        if f.get("tasks"):
            parts.append(say("office_tasks", lang, name=subject.name) + " " + messages.join(f["tasks"], lang) + ".")
        return offer(kb, "office", " ".join(parts), [subject], PRIOR)
    if subject.kind == "organisation":
        parts = [f"{with_abbrev(subject)}: {f['description']}"]
        relation = f["relation"]
        if relation in messages.RELATIONS and subject.name not in f["description"]:
            parts.append(messages.relation(relation, lang, subject.name))
        return offer(kb, "organisation", " ".join(parts), [subject], PRIOR)
    if subject.kind == "term":
        definition = local(f, "definition", lang)
        if definition and lang == "en" and f.get("definition_en") and f.get("definition"):
            return offer(kb, "term", say("term_definition_en", lang, term=subject.name, definition=definition,
                                         swedish=f["definition"]), [subject], PRIOR)
        if definition:
            return offer(kb, "term", say("term_definition", lang, term=subject.name, definition=definition),
                         [subject], PRIOR)
    return None


def project_summary(kb: Knowledge, p: Record, lang: str) -> str:
    f = p.fields
    title = f.get("full_name") or p.name
    parts = [say("project_summary_head", lang, title=title, areas=kb.areas_text(f.get("areas", []), lang))]
    parts.append(say("project_purpose", lang, name=p.name, purpose=f["purpose"]))
    if f.get("role"):
        parts.append(say("project_role", lang, role=messages.ROLES[f["role"]][lang], name=p.name))
    if f.get("owner"):
        parts.append(say("project_owner", lang, owner=kb.records[f["owner"]].name, name=p.name))
    partners = partners_text(f, lang)
    if partners is not None:
        parts.append(say("project_partners", lang, name=p.name, partners=partners))
    period = kb.period(p, lang)
    if period:
        parts.append(say("project_period", lang, name=p.name, period=period))
    if f.get("budget"):
        parts.append(say("project_budget", lang, name=p.name, budget=local(f, "budget", lang)))
    if f.get("flagship") and f.get("flagship_note") and lang == "sv":
        parts.append(f["flagship_note"])
    return " ".join(parts)
