"""Questions that ask several things: the parts of "När … och vem …?", and the records a question
sets side by side ("skillnaden mellan A och B", "gemensamt", "TransBaltic och East West TC II")."""

from __future__ import annotations

import re

from .. import text
from ..content import Record
from .question import Question

_SPLIT = re.compile(
    r"\s*(?:\?\s+|;\s*|,?\s+(?:och|samt|and|plus)\s+(?=(?:(?:inom|i|på|pa|för|for|med|av|om|till|från|fran|in|at|"
    r"with|of|from|to|on)\s+)?(?:vad|vem|vilka|vilken|vilket|när|nar|hur|var|vart|"
    r"finns|är|ar|har|what|who|which|when|how|where|does|is|are|do)\b))", re.IGNORECASE)
# "hur lång är projektskolan, hur många tillfällen": a comma between two questions, each asking
_COMMA_SPLIT = re.compile(r",\s+(?=(?:vad|vem|när|nar|hur|what|who|when|how)\s+\w+\s+\w+)", re.IGNORECASE)
_ASKS = re.compile(r"^\s*(?:vad|vem|vilka|vilken|vilket|när|nar|hur|var|vart|what|who|which|when|how|where)\b",
                   re.IGNORECASE)
_DIFFERENCE = re.compile(r"\b(?:skillnaden?|skillnader|skiljer|jämför|jamfor|jämfört|jamfort|difference|differ|"
                         r"differs|compare|compared|versus|vs)\b", re.IGNORECASE)
# "… och är det samma som i Yc³?", "is it the same for Moment?": a part asking the part before it again
_SAME = re.compile(r"^\s*(?:(?:och|and)\s+)?(?:är|ar|is|gäller|galler)\s+(?:det|it|that)\s+(?:också\s+|ocksa\s+|även\s+"
                   r"|aven\s+)?(?:samma|likadant|lika|the\s+same|same)(?:\s+(?:som|as))?"
                   r"(?:\s+(?:i|in|för|for|hos|med|with|at|på|pa|of))?\b", re.IGNORECASE)
_COMMON = re.compile(r"\b(?:både|bade|båda|bada|gemensamt?|gemensamma|both|common|shared)\b", re.IGNORECASE)


def asks_difference(q: Question) -> bool:
    """"skillnaden mellan A och B", "hur skiljer sig …", "compare …"."""
    return bool(_DIFFERENCE.search(q.text))


def asks_common(q: Question) -> bool:
    """"vad har A och B gemensamt", "både A och B", "in common"."""
    return bool(_COMMON.search(q.text))


def same_again(piece: str) -> str | None:
    """What a part that asks whether it is the same elsewhere is about ("är det samma som i Yc³" →
    "Yc³"); None for any other part."""
    m = _SAME.match(piece)
    if m is None:
        return None
    return piece[m.end():].strip() or None


def parts(question: str) -> list[str]:
    """The separate questions in a question that asks several ("När … och vem …?"); one part when
    it asks one thing."""
    pieces = [p.strip(" ,;?") for p in _SPLIT.split(question) if p and p.strip(" ,;?")]
    pieces = [c for p in pieces for c in (_COMMA_SPLIT.split(p) if _ASKS.match(p) else [p])]
    pieces = [p for p in pieces if len(text.words(p)) >= 2]
    return pieces if len(pieces) >= 2 else [question]


def comparison(q: Question) -> list[Record]:
    """The records a comparing question sets side by side ("skillnaden mellan Moment och SoNorA"),
    when it names two or more of one kind."""
    if not asks_difference(q) and not re.search(r"\b(?:gemensamt|common)\b", q.text, re.I) \
            and not (len(q.entities) >= 2 and re.search(r"\b(?:båda|bada|both|samma|same)\b", q.text, re.I)):
        return _joined(q)
    by_kind: dict[str, list[Record]] = {}
    for e in q.entities:
        if not e.is_region:
            by_kind.setdefault(e.kind, []).append(e)
    best = max(by_kind.values(), key=len, default=[])
    return best if len(best) >= 2 else []


_JOINS = frozenset({"och", "samt", "resp", "respektive", "eller", "and", "or"})
JOINED_KINDS = frozenset({"project", "organisation", "office", "event", "partner_region"})


def _joined(q: Question) -> list[Record]:
    """Records of one kind named side by side ("TransBaltic och East West TC II"): a question about
    both asks the same of each."""
    records = {e.id: e for e in q.entities}
    named = sorted((m for m in q.matches if m.record_id in records), key=lambda m: m.start)
    for a, b in zip(named, named[1:]):
        first, second = records[a.record_id], records[b.record_id]
        if first.kind == second.kind and first.kind in JOINED_KINDS and first.id != second.id \
                and not first.is_region and not second.is_region and 0 < b.start - a.end <= 1 and set(q.words[a.end:b.start]) <= _JOINS:
            return [first, second]
    return []
