"""Contacts: who the EU contact person of a municipality is, or that none is registered (`found:
false`: the content does not say who it is, and the answer says whom to ask instead)."""

from __future__ import annotations

from ...content import Record
from ... import text
from ...messages import join, say
from ..knowledge import Knowledge
from ..model import Proposal
from ..question import Question
from .base import offer

PRIOR = 0.95


def propose(q: Question, kb: Knowledge) -> list[Proposal]:
    r = q.reading
    contact = q.first("contact")
    if contact is None:
        org = q.first("organisation")
        contact = next((c for c in kb.of_kind("contact") if org and c.fields.get("org") == org.id), None)
    if contact is not None and not r.has("contact", "reach"):
        return []
    if contact is None and (not r.has("contact") or q.entities and not q.first("term")
                            or not r.has("who", "list", "reach") or r.has("tasks", "purpose")):
        return []
    if contact is not None:
        # (no name registered: the content does not say who it is; the answer says whom to ask instead)
        return [offer(kb, "contact", contact_text(kb, contact, q.lang), [contact], PRIOR,
                      states=bool(contact.fields.get("name")))]
    contacts = kb.of_kind("contact")
    if not contacts:
        return []
    named = [c for c in contacts if c.fields.get("name")]
    if not named:
        return [offer(kb, "contact", say("contacts_none", q.lang, also=_also(kb, q.lang)), contacts, PRIOR)]
    lines = [say("contacts_head", q.lang)] + [f"• {contact_text(kb, c, q.lang)}" for c in named]
    return [offer(kb, "contact", "\n".join(lines), named, PRIOR)]


def _also(kb: Knowledge, lang: str) -> str:
    """", eller Europa Direkt Blekinge": the offices the region hosts, who answer the public too."""
    region = text.fold(kb.region.name) if kb.region else None
    hosted = [o.name for o in kb.of_kind("office") if region and text.fold(o.fields.get("host") or "") == region]
    return say("or_also", lang, names=join(hosted, lang)) if hosted else ""


def contact_text(kb: Knowledge, c: Record, lang: str) -> str:
    f = c.fields
    if not f.get("name"):
        return say("contact_missing", lang, org=c.name, also=_also(kb, lang))
    details = [f["name"]] + [f[k] for k in ("title", "email", "phone") if f.get(k)]
    return say("contact_found", lang, org=c.name, person=", ".join(details))
