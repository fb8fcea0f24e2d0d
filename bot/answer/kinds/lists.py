"""Lists assembled from records: projects (by insatsområde, role, country, organisation), the
organisations Region Blekinge belongs to or follows, insatsområden, priority areas and regions.
A negated question ("leds inte av …") gets the rest of the list."""

from __future__ import annotations

from ... import messages, text
from ...content import Record
from ...messages import say
from ..knowledge import Knowledge, with_abbrev
from ..model import Proposal
from ..question import Question
from .base import counted, offer

PRIOR = 0.9


def propose(q: Question, kb: Knowledge) -> list[Proposal]:
    out = [p for p in (_projects(q, kb), _members(q, kb), _others(q, kb)) if p is not None]
    if q.excluded:  # "… utom SoNorA": the list says what it left out
        note = say("excluded", q.lang, names=messages.join([r.name for r in q.excluded], q.lang))
        for p in out:
            p.text = f"{p.text}\n{note}"
    return out


def role_asked(q: Question) -> str | None:
    ws = " ".join(q.words)
    if "associer" in ws or "associated" in ws:
        return "associated_partner"
    if q.reading.has("lead"):
        return "lead_partner"
    if q.reading.has("owner"):
        return "owner"
    return None


def project_line(kb: Knowledge, p: Record, lang: str) -> str:
    f = p.fields
    details = []
    if f.get("role"):
        details.append(say("line_role", lang, role=messages.ROLES[f["role"]][lang]))
    # "Region Blekinge är projektägare" says the owner already
    if f.get("owner") and f["owner"] in kb.records and not (f.get("role") == "owner" and kb.region
                                                            and f["owner"] == kb.region.id):
        details.append(say("line_owner", lang, owner=kb.records[f["owner"]].name))
    if not details:
        return p.name
    return say("project_line", lang, name=p.name, detail="; ".join(details))


def _pick(q: Question, everything: list[Record], chosen: list[Record]) -> list[Record]:
    """`chosen`, or the rest of `everything` when the question is negated; never what it leaves out
    ("utom SoNorA")."""
    if q.negated:
        chosen = [r for r in everything if r not in chosen]
    return _keep(q, chosen)


def _keep(q: Question, records: list[Record]) -> list[Record]:
    return [r for r in records if r not in q.excluded]


def _projects(q: Question, kb: Knowledge) -> Proposal | None:
    r, lang = q.reading, q.lang
    if not r.has("projects") or q.first("project", "event", "partner_region"):
        return None
    if not (r.has("list", "count") or q.first("area") or q.words[:1] in (["projekt"], ["projects"])):
        return None
    if q.target():  # "vilken ungdomsgrupp bildade projektet …" asks for something else than projects
        return None
    if r.has("count") and q.asked_cues() and "projects" not in q.asked_cues():
        return None  # "hur många deltagare har projektet …" counts partners, not projects
    if "areas" in q.asked_cues() and "projects" not in q.asked_cues():
        return None  # "inom vilka insatsområden finns det projekt" asks for areas
    projects = kb.of_kind("project")
    areas = q.all("area")
    countries = kb.countries_in(q.words)
    orgs = [o for o in q.all("organisation") if not o.is_region]
    role = role_asked(q)
    neg = "_not" if q.negated else ""
    if areas:
        lines: list[str] = []
        cited: list[Record] = []
        extra = []
        for area in areas:
            label = kb.area_label(area, lang)
            inside = [p for p in projects if area.id in p.fields.get("areas", [])]
            if q.negated and role in ("lead_partner", "associated_partner") and inside:
                # "vilka IO3-projekt är RB inte huvudansvarig för": the negation is the role's, in the area
                # (unnegated, the area's list says each project's role already)
                chosen = _pick(q, inside, [p for p in inside if p.fields.get("role") == role])
                if chosen:
                    lines.append(say(f"projects_area_role{neg}", lang, area=label, role=messages.ROLES[role][lang]))
                    lines += [f"• {project_line(kb, p, lang)}" for p in chosen]
                    cited += chosen
                    continue
            chosen = _pick(q, projects, inside)
            if not chosen:
                lines.append(say("projects_none_in_area", lang, area=label))
                # what the content says of projects and areas: searched with the two cues' words, never
                # a phrase of one document
                hits = kb.reader.search("projekt insatsområden", limit=1, kinds=("passage",))
                if hits:
                    lines.append(hits[0].body.split("\n")[-1])
                    extra.append(kb.hit_source(hits[0]))
                continue
            lines += counted(q, "projects", chosen, [say(f"projects_in_area{neg}", lang, area=label)]
                              + [f"• {project_line(kb, p, lang)}" for p in chosen])
            cited += chosen
        return offer(kb, "list_projects", "\n".join(lines), cited, PRIOR, sources=extra)
    stated = False
    if role and orgs and role in ("owner", "lead_partner"):
        # "… har Regionförbundet i Kalmar som projektägare": the named organisation's role
        org, field = orgs[0], "owner" if role == "owner" else "lead"
        chosen = _pick(q, projects, [p for p in projects if p.fields.get(field) == org.id])
        head = say(f"projects_org{neg}", lang, org=org.name)
    elif role:
        label = messages.ROLES[role][lang]
        chosen = _keep(q, [p for p in projects if p.fields.get("role") == role])
        leads = [p for p in projects if p.fields.get("role") == "lead_partner"]
        if not chosen and role == "owner" and leads and not q.negated:
            lines = [say("projects_owner_as_lead", lang)] + [f"• {project_line(kb, p, lang)}" for p in leads]
            return offer(kb, "list_projects", "\n".join(lines), leads, PRIOR)
        if not chosen and not q.negated:
            # the section on projects and roles, searched with the cues' words
            hits = kb.reader.search("projektägare partner projekt", limit=1, kinds=("section",))
            return offer(kb, "list_projects", say("projects_role_none", lang, role=label), [], PRIOR, states=False,
                         sources=[kb.hit_source(h) for h in hits])
        chosen = _pick(q, projects, chosen)
        head = say(f"projects_role{neg}", lang, role=label)
    elif r.has("funding") and (funders := _funders_named(q, projects)):
        # "vilka projekt finansieras (inte) av Horisont 2020": the funding the question names
        chosen = _pick(q, projects, [p for p in projects if p in funders])
        head = say(f"projects_funding{neg}", lang, funding=funders[0].fields["funding"])
    elif r.has("flagship"):
        chosen = _pick(q, projects, [p for p in projects if p.fields.get("flagship")])
        head = say(f"projects_flagship{neg}", lang)
    elif countries:
        land = countries[0]
        chosen = _pick(q, projects, [p for p in projects if land in p.fields.get("countries", [])])
        head = say(f"projects_country{neg}", lang, country=kb.en(land, lang))
    elif orgs:
        org = orgs[0]
        chosen = _pick(q, projects, [p for p in projects if org.id in (p.fields.get("lead"), p.fields.get("owner"))
                                     or text.fold(org.name) in text.fold(p.fields.get("purpose", ""))])
        head = say(f"projects_org{neg}", lang, org=org.name)
    else:
        if q.negated:
            return None
        chosen = _keep(q, projects)
        head = say("projects_all", lang, n=len(projects))
        stated = True  # the head says how many
    if not chosen:
        return None
    lines = [head] + [f"• {project_line(kb, p, lang)}" for p in chosen]
    if not stated:
        lines = counted(q, "projects", chosen, lines)
    return offer(kb, "list_projects", "\n".join(lines), chosen, PRIOR)


def _funders_named(q: Question, projects: list[Record]) -> list[Record]:
    """The projects whose funding holds every content word the question has beside its cues."""
    free = [w for w in q.free_words() if not w.isdigit()]
    if not free:
        return []
    return [p for p in projects if p.fields.get("funding")
            and all(f" {w}" in f" {' '.join(text.words(p.fields['funding']))}" for w in free)]


def _members(q: Question, kb: Knowledge) -> Proposal | None:
    r, lang = q.reading, q.lang
    subjects = [e for e in q.entities if not e.is_region]
    if not r.has("members", "follows", "networks") or subjects:
        return None
    if not r.has("list", "who", "count") and not r.has("members", "follows"):
        return None
    if "projects" in q.asked_cues() and not q.asked_cues() & {"networks", "members"}:
        return None  # "vilket transportprojekt följer RB utan att vara partner" asks for a project
    if r.has("projects") and r.has("partners") and not any(e.is_region for e in q.entities):
        return None  # "hur många organisationer är med i eu-projektet om stormar": a project's partners
    orgs = kb.of_kind("organisation")
    members = _keep(q, [o for o in orgs if o.fields["relation"] == "member"])
    follows = _keep(q, [o for o in orgs if o.fields["relation"] == "follows"])
    if q.negated and r.has("members"):
        # "nätverk där Region Blekinge inte är medlem": the ones it follows without membership
        members, follows = [], follows
        if not follows:
            return None
        lines = [say("follows_only_head", lang)] + [f"• {with_abbrev(o)}" for o in follows]
        return offer(kb, "members", "\n".join(lines), follows, PRIOR)
    lines: list[str] = []
    if r.has("follows") and not r.has("members"):
        lines.append(say("follows_only_head", lang))
        lines += [f"• {with_abbrev(o)}" for o in follows]
        chosen = follows
    else:
        lines.append(say("members_head", lang))
        lines += [f"• {with_abbrev(o)}" for o in members]
        chosen = members
        # "vilka nätverk är regionen med i" asks for both; "medlem i" only for the memberships
        if follows and (r.has("follows") or not r.has("members")):
            lines.append(say("follows_head", lang))
            lines += [f"• {with_abbrev(o)}" for o in follows]
            chosen = members + follows
    if not chosen:
        return None
    return offer(kb, "members", "\n".join(counted(q, "members", chosen, lines)), chosen, PRIOR)


_AREA_NOUNS = frozenset({"insatsomraden", "insatsomradena", "samarbetsomraden", "samarbetsomradena"})


def _others(q: Question, kb: Knowledge) -> Proposal | None:
    """All insatsområden, all priority areas, all partner regions (of a country, when one is named)."""
    r, lang = q.reading, q.lang
    if any(not (e.is_region or e.kind == "term") for e in q.entities):
        return None
    if not r.has("list", "count", "what"):
        return None
    # "vilka teman går på tvärs över insatsområdena" asks for themes, not the areas; "vilka
    # geografiskt prioriterade samarbetsområden" for the areas, the target's words describing them
    target = q.target()
    at = q.words.index(target) if target else 0
    if target and not set(q.words[at + 1:at + 3]) & _AREA_NOUNS:
        return None
    ws = set(q.words)
    if r.has("areas") and ws & {"insatsomraden", "insatsomrade", "priority", "insatsomradena"}:
        areas = sorted(kb.of_kind("area"), key=lambda a: a.fields["number"])
        if not areas:
            return None
        if r.has("projects"):
            # "Vilka insatsområden har (inga) projekt?"
            with_projects = [a for a in areas if any(a.id in p.fields.get("areas", []) for p in kb.of_kind("project"))]
            chosen = _pick(q, areas, with_projects)
            head = say("areas_without_projects" if q.negated else "areas_with_projects", lang)
            lines = [head] + [f"• {kb.area_label(a, lang)}" for a in chosen]
            return offer(kb, "list_areas", "\n".join(lines), chosen, PRIOR)
        lines = [say("areas_all", lang, n=len(areas))] + [
            f"• {a.fields['number']}. {a.fields.get('name_en') if lang == 'en' and a.fields.get('name_en') else a.name}"
            for a in areas]
        return offer(kb, "list_areas", "\n".join(lines), areas, PRIOR)
    if r.has("areas") and ws & {"samarbetsomraden", "geografiska", "geografiskt", "geographic", "geographical"} \
            or ws & {"samarbetsomraden", "samarbetsomradena"}:
        pas = kb.of_kind("priority_area")
        if not pas:
            return None
        lines = [say("pa_list", lang, n=len(pas))] + [f"• {pa.fields.get('name_en') if lang == 'en' else pa.name}"
                                                      for pa in pas]
        return offer(kb, "list_priority_areas", "\n".join(lines), pas, PRIOR)
    if r.has("regions") and (r.has("list") or r.has("who") or r.has("count")):
        regs = kb.of_kind("partner_region")
        countries = set(kb.countries_in(q.words))
        if countries:
            regs = [g for g in regs if g.fields["country"] in countries]
        if not regs:
            return None
        lines = [say("regions_list", lang)] + [f"• {g.name} ({kb.en(g.fields['country'], lang)})" for g in regs]
        return offer(kb, "list_regions", "\n".join(counted(q, "regions", regs, lines)), regs, PRIOR)
    return None
