"""The answer kinds. Each looks at the understood question (and the gathered candidates) and
proposes what it can answer, with its evidence; none decides alone which answer is given."""

from __future__ import annotations

import dataclasses

from ..candidates import Candidates
from ..knowledge import Knowledge
from ..model import Proposal
from ..question import Question
from . import attributes, choices, contacts, dates, definitions, faq, lists, passage, sets


def propose(q: Question, c: Candidates, kb: Knowledge, faq_index: faq.FaqIndex) -> list[Proposal]:
    """Every kind's proposals for one question."""
    return records(q, c, kb, faq_index) + passage.propose(q, c, kb)


def records(q: Question, c: Candidates, kb: Knowledge, faq_index: faq.FaqIndex) -> list[Proposal]:
    """The proposals assembled from records and the FAQ (every kind but the quoted passage)."""
    out: list[Proposal] = []
    out += contacts.propose(q, kb)
    out += faq.propose(q, kb, faq_index, c.unknown)
    out += lists.propose(q, kb)
    out += sets.propose(q, kb)
    out += dates.propose(q, kb)
    out += attributes.propose(q, kb)
    out += definitions.propose(q, kb, c.unknown)
    out += choices.propose(q, kb)
    if c.subjects:
        # the question describes a record instead of naming it: the record kinds answer about it too
        described = dataclasses.replace(q, entities=c.subjects)
        for p in lists.propose(described, kb) + dates.propose(described, kb) + attributes.propose(described, kb):
            if not p.states:
                continue  # what the content does not say of a record the question only seems to describe
            p.why["subject"] = f"described: {c.subjects[0].id}"
            out.append(p)
    return out
