"""One fact of one named record: a project's countries, partners, budget, funding, period, roles,
areas, full name or purpose; a region's population or country; a priority area's countries,
purpose or insatsområden; an office's host, founders, location or tasks; an organisation's
relation to Region Blekinge."""

from __future__ import annotations

from ... import messages
from ...content import Record
from ...messages import say
from ..naming import asks_for_organisation, owned_noun
from ..knowledge import Knowledge, local, partners_text
from ..model import Proposal
from ..question import Question
from .base import leaving_out, offer
from .lists import role_asked

PRIOR = 0.9


def propose(q: Question, kb: Knowledge) -> list[Proposal]:
    subject = q.entities[0] if q.entities else None
    if subject is None:
        return []
    handler = {"project": _project, "partner_region": _region, "priority_area": _priority_area,
               "office": _office, "organisation": _organisation, "area": _area}.get(subject.kind)
    found = handler(q, kb, subject) if handler else None
    return [found] if found else []


_PART = frozenset({"del", "delen", "andel", "andelen", "part", "share", "portion"})
_WE = frozenset({"vi", "oss", "we", "us", "our"})  # the region speaking ("vår" folds to "var": "where")


def _part_for(q: Question, p: Record) -> bool:
    """Whether the question asks for a party's part of a record's budget ("RB:s del av budgeten",
    "hur mycket av budgeten får RB", "the region's share"): a part word, or "av budgeten", and
    another record named beside it (the region, an organisation)."""
    words = q.words
    part = _PART.intersection(words) or any(a == "av" and b.startswith("budget") for a, b in zip(words, words[1:]))
    named = any(e.id != p.id and (e.is_region or e.kind == "organisation") for e in q.entities)
    return bool(part) and (named or bool(_WE.intersection(words)))


def _project(q: Question, kb: Knowledge, p: Record) -> Proposal | None:
    r, lang, f, name = q.reading, q.lang, p.fields, p.name
    if owned_noun(q, p):
        return None  # "vad kostar TalentLoops studiebesök": not what the record's fields say

    def yes(kind: str, text: str) -> Proposal:
        return offer(kb, kind, text, [p], PRIOR)

    def no(kind: str, text: str) -> Proposal:
        return offer(kb, kind, text, [p], PRIOR, states=False)

    if r.has("countries"):
        countries = f.get("countries")
        if not countries:
            if f.get("geography"):
                return yes("project_countries", f["geography"])
            if f.get("countries_note") and lang == "sv":
                return yes("project_countries", f["countries_note"])  # the countries told in a sentence
            if f.get("partners_note") and f.get("partners") is not None and lang == "sv":
                where = say("project_partners", lang, name=name, partners=partners_text(f, lang))
                return yes("project_countries", f"{say('project_countries_missing', lang, name=name)} {where}")
            return no("project_countries", say("project_countries_missing", lang, name=name))
        kept, left = leaving_out(q, kb, countries)
        text_ = say("project_countries", lang, name=name, countries=messages.join(kept, lang))
        if f.get("countries_note") and lang == "sv" and not left:
            text_ += f" {f['countries_note']}"
        return yes("project_countries", text_ + left)
    # (a project's members are its partners: "vilka är medlemmar i konsortiet")
    if r.has("count") and r.has("partners") or (r.has("partners") and r.has("count", "list") and not r.has("who")) \
            or r.has("members") and r.has("count", "list"):
        partners = partners_text(f, lang)
        if partners is None:
            return no("project_partners", say("project_partners_missing", lang, name=name))
        return yes("project_partners", say("project_partners", lang, name=name, partners=partners))
    if r.has("budget") and _part_for(q, p):
        return None  # "Region Blekinges del av budgeten": a party's part, which the total is not
    if r.has("budget"):
        if not f.get("budget"):
            return no("project_budget", say("project_budget_missing", lang, name=name))
        return yes("project_budget", say("project_budget", lang, name=name, budget=local(f, "budget", lang)))
    if r.has("funding"):
        if not f.get("funding"):
            return no("project_funding", say("project_funding_missing", lang, name=name))
        return yes("project_funding", say("project_funding", lang, name=name, funding=f["funding"]))
    if r.has("flagship"):
        if f.get("flagship"):
            return yes("project_flagship", say("project_flagship", lang, note=f.get("flagship_note") or "", name=name))
        return no("project_flagship", say("project_not_flagship", lang, name=name))
    if r.has("period", "start", "end", "when"):
        period = kb.period(p, lang)
        if period is None:
            return no("project_period", say("project_period_missing", lang, name=name))
        return yes("project_period", say("project_period", lang, name=name, period=period))
    # "vem …" asks for a role; "vilka resultat …" asks for something else, and so does "vem ska
    # projektet samarbeta med": words of the content beside the name, which no role explains; "vem
    # har bildat …" asks who founded it, which is not a role in it
    if r.has("lead", "owner", "role") or r.has("who") and not q.target() and not r.has("founders", "founded") \
            and not kb.reader.known_words(q.free_words()):
        return _project_people(q, kb, p)
    if r.has("areas") and not r.has("purpose"):
        return yes("project_areas", say("project_areas", lang, name=name, areas=kb.areas_text(f["areas"], lang)))
    if r.has("full_name") and f.get("full_name") and not q.target():
        return yes("project_full_name", say("project_full_name", lang, full_name=f["full_name"]))
    if r.has("purpose"):
        return yes("project_purpose", say("project_purpose", lang, name=name, purpose=f["purpose"]))
    return None


def _project_people(q: Question, kb: Knowledge, p: Record) -> Proposal:
    lang, f, name = q.lang, p.fields, p.name
    asked = role_asked(q)
    region = kb.region.id if kb.region else None
    parts: list[str] = []
    # "Region Blekinge är projektägare i …" says the owner already when the region owns it
    if f.get("owner") and not (f.get("role") == "owner" and f["owner"] == region):
        parts.append(say("project_owner", lang, owner=kb.records[f["owner"]].name, name=name))
    if f.get("role"):
        parts.append(say("project_role", lang, role=messages.ROLES[f["role"]][lang], name=name))
    elif f.get("lead"):
        parts.append(say("project_lead", lang, name=name, lead=kb.records[f["lead"]].name))
    if f.get("lead") and f.get("role") != "lead_partner" and f["lead"] != region:
        parts.append(say("project_lead", lang, name=name, lead=kb.records[f["lead"]].name))
    if not parts:
        key = "project_role_missing" if asked in (None, "associated_partner") else "project_lead_missing"
        return offer(kb, "project_role", say(key, lang, name=name), [p], PRIOR, states=False)
    if asked == "lead_partner" and not f.get("lead") and not f.get("owner") and f.get("role") != "lead_partner":
        return offer(kb, "project_role", " ".join([say("project_lead_missing", lang, name=name), *parts]), [p], PRIOR,
                     states=False)
    return offer(kb, "project_role", " ".join(parts), [p], PRIOR)


def _region(q: Question, kb: Knowledge, reg: Record) -> Proposal | None:
    r, lang, f = q.reading, q.lang, reg.fields
    # "hur många bor …", or "hur många?" of a region; not "hur många besökare …"
    if r.has("population") or (r.has("count") and not r.has("projects") and not q.target()):
        pop = local(f, "population", lang)
        if not pop:
            return offer(kb, "region_population", say("region_population_missing", lang, name=reg.name), [reg], PRIOR,
                         states=False)
        return offer(kb, "region_population", say("region_population", lang, name=reg.name, population=pop), [reg],
                     PRIOR)
    if r.has("countries", "where"):
        return offer(kb, "region_country", say("region_country", lang, name=reg.name,
                                               country=kb.en(f["country"], lang)), [reg], PRIOR)
    return None


def _priority_area(q: Question, kb: Knowledge, pa: Record) -> Proposal | None:
    r, lang, f = q.reading, q.lang, pa.fields
    name = local(f, "name", lang) or pa.name
    if r.has("areas") and not (r.has("countries") or r.has("purpose") and not r.has("list")):
        return pa_areas(q, kb, pa, name)
    if r.has("countries", "regions"):
        places, left = leaving_out(q, kb, f.get("countries", []) + f.get("regions", []))
        if not places:
            return None
        return offer(kb, "pa_countries",
                     say("pa_countries", lang, name=name, countries=messages.join(places, lang)) + left, [pa], PRIOR)
    if r.has("purpose"):
        return offer(kb, "pa_purpose", say("pa_purpose", lang, name=name, purpose=f["purpose"]), [pa], PRIOR)
    return None


def pa_areas(q: Question, kb: Knowledge, pa: Record, name: str) -> Proposal:
    """The insatsområden a priority area focuses on (both versions where text and table differ);
    negated: the ones it does not focus on."""
    lang, f = q.lang, pa.fields
    text_areas, table_areas = f["areas"], f.get("areas_table") or f["areas"]
    table = kb.section_source(pa.sections[1]) if f.get("table_section") and len(pa.sections) > 1 else None
    extra = [table] if table else []
    if q.negated:
        every = sorted(kb.of_kind("area"), key=lambda a: a.fields.get("number", 0))
        outside = [a.id for a in every if a.id not in text_areas and a.id not in table_areas]
        answer = say("pa_areas_not", lang, name=name, areas=kb.areas_text(outside, lang)) if outside else \
            say("pa_areas_all", lang, name=name, areas=kb.areas_text([a.id for a in every], lang))
        return offer(kb, "pa_areas", answer, [pa], PRIOR, sources=extra)
    if set(text_areas) == set(table_areas):
        answer = say("pa_areas_same", lang, name=name, areas=kb.areas_text(text_areas, lang))
    else:
        section = kb.section_source(pa.sections[0])
        answer = say("pa_areas_differ", lang, name=name, section=section.title if section else pa.name,
                     text_areas=kb.areas_text(text_areas, lang), table_areas=kb.areas_text(table_areas, lang))
    return offer(kb, "pa_areas", answer, [pa], PRIOR, sources=extra)


def _office(q: Question, kb: Knowledge, o: Record) -> Proposal | None:
    r, lang, f = q.reading, q.lang, o.fields
    if r.has("contact"):
        # "vem är kontaktperson på …": contact persons belong to organisations; an office has none
        return offer(kb, "office_contact", say("office_contact_missing", lang, name=o.name), [o], PRIOR, states=False)
    if r.has("host") and f.get("host"):
        return offer(kb, "office_host", say("office_host", lang, host=f["host"], name=o.name), [o], PRIOR)
    # (the organisations behind an office are who "is in" it: "vilka regioner är med i kontoret")
    if (r.has("founders") or r.has("who") and r.has("founded") or asks_for_organisation(q) and _in_it(q)) \
            and f.get("founders"):
        founded = local(f, "founded", lang, "")
        founders, note = leaving_out(q, kb, f["founders"])
        return offer(kb, "office_founders", say("office_founders", lang, name=o.name, founded=founded,
                                                founders=messages.join(founders, lang)) + note, [o], PRIOR)
    if r.has("where") and f.get("location"):
        return offer(kb, "office_location", say("office_location", lang, name=o.name, location=f["location"]), [o],
                     PRIOR)
    if r.has("tasks", "purpose") and f.get("tasks"):
        lines = [say("office_tasks", lang, name=o.name)] + [f"• {t}" for t in f["tasks"]]
        return offer(kb, "office_tasks", "\n".join(lines), [o], PRIOR)
    if r.has("full_name") and f.get("full_name") and not q.target():
        return offer(kb, "office_full_name", say("project_full_name", lang, full_name=f["full_name"]), [o], PRIOR)
    return None


def _in_it(q: Question) -> bool:
    """Whether the question asks who is in something ("är med i", "ingår i", "part of")."""
    return any(q.words[i:i + 2] in (["med", "i"], ["ingar", "i"], ["part", "of"]) for i in range(len(q.words)))


def _organisation(q: Question, kb: Knowledge, o: Record) -> Proposal | None:
    r, lang = q.reading, q.lang
    relation = o.fields["relation"]
    if relation == "self":
        return None
    if r.has("members", "follows") and relation in messages.RELATIONS:
        return offer(kb, "organisation_relation", messages.relation(relation, lang, o.name), [o], PRIOR)
    if r.has("members") and relation not in messages.RELATIONS:
        return offer(kb, "organisation_relation", say("not_member", lang, name=o.name), [o], PRIOR, states=False)
    if r.has("full_name") and o.fields.get("full_name") and not q.target():
        return offer(kb, "organisation_name", f"{o.name}: {o.fields['full_name']}", [o], PRIOR)
    return None


def _area(q: Question, kb: Knowledge, a: Record) -> Proposal | None:
    r = q.reading
    if r.has("full_name", "what") or r.has("areas") and r.has("list"):
        return area_summary(q, kb, a)
    return None


def area_summary(q: Question, kb: Knowledge, a: Record) -> Proposal:
    """An insatsområde: its name, other names, description, projects and priority areas."""
    lang = q.lang
    name = local(a.fields, "name", lang) or a.name
    lines = [say("area_name", lang, number=a.fields["number"], name=name)]
    if a.fields.get("variant_names") and lang == "sv":
        lines.append(say("area_variant", lang, variants=messages.join(a.fields["variant_names"], lang)))
    if a.fields.get("description"):
        lines.append(a.fields["description"])
    projects = [p for p in kb.of_kind("project") if a.id in p.fields.get("areas", [])]
    if projects:
        lines.append(say("area_projects", lang, projects=messages.join([p.name for p in projects], lang)))
    else:
        lines.append(say("area_no_projects", lang))
    pas = [pa for pa in kb.of_kind("priority_area")
           if a.id in pa.fields["areas"] or a.id in pa.fields.get("areas_table", [])]
    if pas:
        names = [pa.fields.get("name_en", pa.name) if lang == "en" else pa.name for pa in pas]
        lines.append(say("area_priority", lang, areas=messages.join(names, lang)))
    return offer(kb, "area", " ".join(lines), [a, *projects], PRIOR)
