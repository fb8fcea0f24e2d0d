"""What every answer kind uses to make a proposal."""

from __future__ import annotations

from ...content import Record
from ...index import record_text
from ..knowledge import Knowledge
from ..model import Proposal, Source, unique


def offer(kb: Knowledge, kind: str, text: str, records: list[Record] | tuple[Record, ...] = (), prior: float = 0.9,
          states: bool = True, sources: list[Source] | None = None) -> Proposal:
    """A proposal resting on `records` (cited, with their sections' documents) or on `sources`."""
    cited = unique((sources or []) + kb.record_sources(*records))
    evidence = "\n".join([text, *(record_text(r) for r in records)])
    return Proposal(kind, text, cited, prior, states, evidence, kb.documents_of(*records))
