"""What each content file kind may contain: its fields, their types, and what is required."""

from __future__ import annotations

from dataclasses import dataclass

# Reference targets: every record kind whose ids a `ref` field may name.
ENTITY_KINDS = (
    "area", "project", "organisation", "event", "priority_area", "partner_region", "office", "term",
    "faq", "contact",
)


@dataclass(frozen=True)
class Field:
    """One field of a record: its type and whether it must be present."""

    type: str  # str text int int_or_str bool date strlist section sectionlist ref:K reflist:K enum:a|b
    required: bool = False
    help: str = ""


COMMON = {
    "id": Field("id", True, "a unique id: lower-case letters, digits and hyphens, e.g. baltic-master-ii"),
    "aliases": Field("strlist", False, "other names users type, e.g. [BMII, Baltic Master]"),
    "section": Field("section", True, "the heading of the document section the facts come from"),
    "mentioned_in": Field("sectionlist", False, "further section headings that mention this"),
    "note": Field("text"),
}

KINDS: dict[str, dict[str, Field]] = {
    "area": {
        "number": Field("int", True, "the area's number, 1–5"),
        "name": Field("str", True),
        "name_en": Field("str"),
        "variant_names": Field("strlist"),
        "description": Field("text"),
    },
    "project": {
        "name": Field("str", True),
        "full_name": Field("str"),
        "subtitle": Field("str"),
        "areas": Field("reflist:area", True, "the insatsområden ids, e.g. [io3]"),
        "role": Field("enum:lead_partner|partner|associated_partner|owner",
                      help="Region Blekinge's role in the project"),
        "lead": Field("ref:organisation", help="id of the organisation that leads the project"),
        "owner": Field("ref:organisation", help="id of the project owner"),
        "partners": Field("int_or_str", help="number of partners, e.g. 48 or 'ett 70-tal'"),
        "partners_en": Field("str"),
        "partners_note": Field("str"),
        "countries": Field("strlist"),
        "countries_note": Field("str"),
        "start": Field("date", help="start as YYYY, YYYY-MM or YYYY-MM-DD"),
        "end": Field("date", help="end as YYYY, YYYY-MM or YYYY-MM-DD"),
        "duration_years": Field("int"),
        "budget": Field("str"),
        "budget_en": Field("str"),
        "funding": Field("text"),
        "flagship": Field("bool", help="true or false"),
        "flagship_note": Field("str"),
        "geography": Field("text"),
        "topics": Field("strlist"),
        "purpose": Field("text", True),
        "url": Field("str"),
    },
    "organisation": {
        "name": Field("str", True),
        "name_en": Field("str"),
        "full_name": Field("str"),
        "relation": Field("enum:self|member|follows|decision_body|partner|other", True),
        "description": Field("text", True),
        "url": Field("str"),
    },
    "event": {
        "date": Field("date", True, "the date as YYYY-MM-DD"),
        "event": Field("text", True),
        "event_en": Field("text"),
        "body": Field("ref:organisation", help="id of the body that acts, e.g. regionstyrelsen"),
    },
    "priority_area": {
        "name": Field("str", True),
        "name_en": Field("str"),
        "countries": Field("strlist"),
        "regions": Field("strlist"),
        "purpose": Field("text", True),
        "areas": Field("reflist:area", True, "insatsområden named in the area's own section"),
        "areas_table": Field("reflist:area", False, "insatsområden named in the schematic table"),
        "table_section": Field("section"),
    },
    "partner_region": {
        "name": Field("str", True),
        "country": Field("str", True),
        "population": Field("str"),
        "population_en": Field("str"),
        "description": Field("text", True),
        "priority_area": Field("ref:priority_area"),
    },
    "office": {
        "name": Field("str", True),
        "full_name": Field("str"),
        "founded": Field("str"),
        "founded_en": Field("str"),
        "founders": Field("strlist"),
        "location": Field("str"),
        "host": Field("str"),
        "tasks": Field("strlist"),
        "serves": Field("strlist"),
        "description": Field("text", True),
        "url": Field("str"),
    },
    "term": {
        "term": Field("str", True),
        "en": Field("str"),
        "definition": Field("text"),
        "definition_en": Field("text"),
        "refers_to": Field("ref:*", help="id of the record this term is another name for"),
        "related": Field("reflist:*"),
    },
    "faq": {
        "question": Field("str", True),
        "alternatives": Field("strlist"),
        "answer": Field("text", True),
        "answer_en": Field("text"),
    },
    "contact": {
        "organisation": Field("str", True),
        "org": Field("ref:organisation"),
        "kind": Field("enum:municipality|county_council|region", True),
        "name": Field("str"),
        "title": Field("str"),
        "email": Field("str"),
        "phone": Field("str"),
    },
}

FILES: dict[str, str] = {
    "insatsomraden.yaml": "area",
    "projects.yaml": "project",
    "organisations.yaml": "organisation",
    "timeline.yaml": "event",
    "priority_areas.yaml": "priority_area",
    "partner_regions.yaml": "partner_region",
    "offices.yaml": "office",
    "glossary.yaml": "term",
    "faq.yaml": "faq",
    "contacts.yaml": "contact",
}



def kind_of_file(name: str) -> str | None:
    """The record kind a YAML file holds: `projects.yaml`, or a further file of the same kind named
    `projects-<anything>.yaml` (e.g. `projects-2014.yaml`); None for an unknown name."""
    stem, dot, ext = name.rpartition(".")
    if ext not in ("yaml", "yml"):
        return None
    if f"{stem}.yaml" in FILES:
        return FILES[f"{stem}.yaml"]
    base, dash, rest = stem.partition("-")
    return FILES.get(f"{base}.yaml") if dash and rest else None


# Kinds whose records need no section (their facts are the editors' own, not the document's).
SECTION_OPTIONAL = {"contact", "term"}

# The field that names a record of each kind.
NAME_FIELD = {"term": "term", "faq": "question", "contact": "organisation", "event": "event"}

FRONT_MATTER = {
    "title": Field("str", True),
    "organisation": Field("str", True),
    "period": Field("str", True),
    "source": Field("str", True),
    "url": Field("str"),
    "language": Field("enum:sv|en"),
}


def fields_of(kind: str) -> dict[str, Field]:
    """Every field a record of `kind` may have."""
    out = dict(COMMON)
    out.update(KINDS[kind])
    if kind in SECTION_OPTIONAL:
        out["section"] = Field("section", False, COMMON["section"].help)
    return out
