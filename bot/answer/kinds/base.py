"""What every answer kind uses to make a proposal."""

from __future__ import annotations

from ... import messages
from ...content import Record
from ...index import record_text
from ...messages import say
from ..knowledge import Knowledge
from ..model import Proposal, Source, unique
from ..question import Question


def offer(kb: Knowledge, kind: str, text: str, records: list[Record] | tuple[Record, ...] = (), prior: float = 0.9,
          states: bool = True, sources: list[Source] | None = None) -> Proposal:
    """A proposal resting on `records` (cited, with their sections' documents) or on `sources`."""
    cited = unique((sources or []) + kb.record_sources(*records))
    evidence = "\n".join([text, *(record_text(r) for r in records)])
    return Proposal(kind, text, cited, prior, states, evidence, kb.documents_of(*records))


def counted(q: Question, what: str, chosen: list[Record], lines: list[str]) -> list[str]:
    """A list asked for by "hur många" / "how many": how many (`what`_counted), then which."""
    if not q.reading.has("count"):
        return lines
    n = len(chosen)
    return [say(f"{what}_counted_one", q.lang) if n == 1 else say(f"{what}_counted", q.lang, n=n), *lines]


def leaving_out(q: Question, kb: Knowledge, names: list[str]) -> tuple[list[str], str]:
    """`names` (places, organisations) in the question's language without those it leaves out ("utom
    Polen"), and the line that says what was left out ("" when nothing was, or when everything would be)."""
    kept = [p for p in names if not q.leaves_out(p) and not q.leaves_out(kb.en(p, q.lang))]
    if not kept or len(kept) == len(names):
        return [kb.en(p, q.lang) for p in names], ""
    left = messages.join([kb.en(p, q.lang) for p in names if p not in kept], q.lang)
    return [kb.en(p, q.lang) for p in kept], "\n" + say("excluded", q.lang, names=left)
