"""Passage answers: the sentence, list item or table row that holds the fact, quoted with its
section and document. A second passage joins when it covers question words the first misses, and the
window before or after in the same paragraph when it is about as near; when two documents answer,
the newest leads and the older is mentioned."""

from __future__ import annotations

import re

from ...messages import join, say
from ...passages import Passage, last_sentence, sentences
from ..candidates import Candidates, PassageCandidate
from ..facttype import has_answer_type
from ..knowledge import Knowledge
from ..model import Proposal
from ..question import Question

SECOND_WITHIN = 1.5  # fused z-points: how close a second passage (or the next window) must be to join the first
OTHER_DOCUMENT_WITHIN = 2.0  # fused z-points: how close another document's passage must be to be shown too
MAX_QUOTE = 900  # characters of quotation in one answer
NEWER_WITHIN = 5  # how far down the candidates a newer document's passage is looked for
TYPED_WITHIN = 6  # how far down the candidates a passage holding the kind of fact asked for is looked for
ALTERNATIVES = 5  # the top passages each proposed as an answer (chosen on dev: 3, 5, 8 → +2, +3, +3)


def propose(q: Question, c: Candidates, kb: Knowledge) -> list[Proposal]:
    """The best passage; when it lacks the kind of fact asked for (a sum, a date, a number), the best
    one near it that holds it ("vad betalar …": the sentence with the fee); and the runners-up, each an
    answer of its own, which the calibrated choice weighs against the best (the best by words and
    meaning is not always the one that holds the fact)."""
    if not c.passages:
        return []
    top = c.passages[0]
    leads = [top]
    if not has_answer_type(q, _text(top)):
        leads += [o for o in c.passages[1:TYPED_WITHIN] if has_answer_type(q, _text(o))][:1]
    out = [_from(q, c, kb, o) for o in leads]
    for o in c.passages[1:ALTERNATIVES]:
        if o not in leads and not _overlaps(top, o) and not _same_list(top, o):
            out.append(_from(q, c, kb, o))
            out[-1].why["runner_up"] = True
    # a newer document's best passage near the top: when a record answer from an older document wins,
    # the newest document leads (see compose)
    documents = kb.newest_first(list(dict.fromkeys(o.passage.document for o in c.passages[:NEWER_WITHIN])))
    if documents and documents[0] != c.passages[0].passage.document:
        newest = next(o for o in c.passages[:NEWER_WITHIN] if o.passage.document == documents[0])
        out.append(_from(q, c, kb, newest, own_document=True))
    return out


def _text(p: PassageCandidate) -> str:
    """What a passage holds as evidence: its section title, its context and its text."""
    return f"{p.passage.title}\n{p.passage.context}\n{p.passage.text}"


def _from(q: Question, c: Candidates, kb: Knowledge, top: PassageCandidate, own_document: bool = False) -> Proposal:
    """A passage answer led by `top`, with a second passage when it adds to it; with `own_document`,
    an answer from its document alone, whose rivals are that document's passages."""
    chosen = [top]
    quoted = _quote(top, kb)
    for other in [o for o in c.passages[:5] if o is not top][:3]:
        if _overlaps(top, other) and other.fused >= top.fused - SECOND_WITHIN:
            # the window before or after in the same paragraph, about as near: its new sentence joins
            # (chosen on dev: joining within 0.5, 1, 1.5–3 z-points gave 528, 530, 531 of 628)
            chosen.append(other)
            break
        if _overlaps(top, other) or _same_list(top, other) or other.passage.text in quoted \
                or top.passage.text in _quote(other, kb, whole=False):
            continue
        adds = set(other.covered) - set(top.covered)
        close = other.fused >= top.fused - SECOND_WITHIN
        if close and (adds or other.passage.section == top.passage.section) \
                and len(top.passage.text) + len(other.passage.text) < MAX_QUOTE:
            chosen.append(other)
        break
    older = _older_document(kb, c, chosen)
    proposal = _proposal(q, kb, chosen, older)
    covered = set().union(*(set(p.covered) for p in chosen))
    missing = [c.weights.get(w, 0.0) for w in c.key_words if w not in covered]

    known = [w for w in c.key_words if w not in c.unknown]
    # (a list or table quoted after the sentence that introduces it counts as a passage of the answer)
    introduced = [u.id for p in chosen for u in _introduces(p.passage, kb)]
    proposal.why = {"passages": [p.passage.id for p in chosen] + introduced, "coverage": round(c.coverage(covered), 2),
                    # of the key words the content uses (none covers a word it never uses)
                    "known_coverage": round(c.coverage(covered & set(known)) / c.coverage(set(known)), 2) if known else 0.0,
                    "missing_weight": round(max(missing, default=0.0), 2),
                    "fused": round(top.fused, 2), "dense_z": round(top.dense_z, 2),
                    "dense": None if top.dense is None else round(top.dense, 4),
                    "margin": _margin(c, top, quoted, own_document)}
    return proposal


def _margin(c: Candidates, top: PassageCandidate, quoted: str, own_document: bool = False) -> float | None:
    """How far the passage leads the best one that is not a window over the same sentences, an item
    of the same list or its lead-in, nor inside its quote `quoted` (a list is quoted whole, after its
    lead-in); with `own_document`, the best one of its own document. Only a passage holding as much
    of the question's key words is a rival: one near by meaning that holds fewer of them does not make
    the lead doubtful (held-out 536 → 543 right of 719, 90 → 91 wrong; paraphrase 44 → 53 of 117).
    None: no rival."""
    rivals = [o.fused for o in c.passages if o is not top and not _overlaps(top, o) and not _same_list(top, o)
              and o.passage.text not in quoted and (not own_document or o.passage.document == top.passage.document)
              and o.coverage >= top.coverage]
    return round(top.assured - rivals[0], 2) if rivals else None


def _same_list(a: PassageCandidate, b: PassageCandidate) -> bool:
    return (a.passage.kind == b.passage.kind == "item" and a.passage.section == b.passage.section
            and a.passage.context == b.passage.context)


def _overlaps(a: PassageCandidate, b: PassageCandidate) -> bool:
    """Two windows of one paragraph that share a sentence."""
    return (a.passage.section == b.passage.section and a.passage.kind == b.passage.kind == "sentence"
            and abs(a.passage.order - b.passage.order) <= 1)


def _older_document(kb: Knowledge, c: Candidates, chosen: list[PassageCandidate]) -> PassageCandidate | None:
    """A passage of another document that answers about as well: shown after the newest one."""
    lead = chosen[0]
    for other in c.passages[1:8]:
        if other.passage.document != lead.passage.document and other.fused >= lead.fused - OTHER_DOCUMENT_WITHIN \
                and set(other.covered) >= set(lead.covered):
            return other
    return None


def _quote(p: PassageCandidate, kb: Knowledge, q: Question | None = None, left: list[str] | None = None,
           whole: bool = True) -> str:
    """What to quote of a passage: a list item with its lead-in and the whole list (a list is
    answered whole, without the items the question leaves out, which go to `left`), a table row or
    sentences as they stand; with `whole`, a sentence with the list or table it introduces."""
    passage = p.passage
    if passage.kind == "sentence" and whole:
        return _introduced(passage, kb)
    if passage.kind != "item":
        return passage.text
    items = [o.text for o in kb.list_of(passage)]
    if q is not None and q.left_out:
        kept = [i for i in items if not q.leaves_out(_head(i))]
        if kept and len(kept) < len(items):
            if left is not None:
                left.extend(_head(i) for i in items if i not in kept)
            items = kept
    listed = _listed(items) if sum(len(i) for i in items) < MAX_QUOTE else passage.text
    return f"{passage.context} {listed}".strip()


def _introduced(passage: Passage, kb: Knowledge) -> str:
    """A sentence with the list or table it introduces, when they fit in a quote."""
    units = _introduces(passage, kb)
    return f"{passage.text} {_listed([u.text for u in units])}" if units else passage.text


def _listed(items: list[str]) -> str:
    """Items in one line: separated by "; ", or by a space after an item that ends a sentence."""
    return "".join(f"{i}{'' if n == len(items) - 1 else ' ' if i.endswith(('.', '!', '?')) else '; '}"
                   for n, i in enumerate(items))


def _introduces(passage: Passage, kb: Knowledge) -> list[Passage]:
    """The items or rows a sentence introduces ("Följande ingår inte i strategin:" and its items;
    "Tabellen visar …" and its rows), when they fit in a quote with it; else none."""
    if passage.kind != "sentence":
        return []
    last = last_sentence(passage.text)
    following = [o for o in kb.passages_of.get(passage.section, []) if o.order > passage.order]
    lead = bool(following) and (following[0].kind == "item" and following[0].context == last
                                or following[0].kind == "row" and (last.endswith(":") or bool(_TABLE.search(last))))
    units: list[Passage] = []
    for o in following if lead else []:
        if o.kind != following[0].kind or o.kind == "item" and o.context != last:
            break
        units.append(o)
    return units if len(passage.text) + sum(len(u.text) + 2 for u in units) <= MAX_QUOTE else []


_TABLE = re.compile(r"\b(?:tabell|table)", re.IGNORECASE)


def _head(item: str) -> str:
    """A list item's name: "Horisont 2020" of "Horisont 2020 – EU:s ramprogram …"."""
    return re.split(r"\s[–—-]\s|:\s", item, maxsplit=1)[0].strip()


def _proposal(q: Question, kb: Knowledge, chosen: list[PassageCandidate], older: PassageCandidate | None) -> Proposal:
    lang = q.lang
    groups: list[list[PassageCandidate]] = [chosen]
    if older is not None:
        newest = kb.newest_first([chosen[0].passage.document, older.passage.document])
        groups = [chosen, [older]] if newest[0] == chosen[0].passage.document else [[older], chosen]
    lines: list[str] = []
    left: list[str] = []
    for n, group in enumerate(groups):
        first = group[0].passage
        # (an item or row is quoted once: with the sentence that introduces it, when that is quoted)
        introduced = {u.id for p in group for u in _introduces(p.passage, kb)}
        ordered = [p for p in sorted(group, key=lambda p: p.passage.order) if p.passage.id not in introduced]
        quoted = [_quote(p, kb, q, left) for p in ordered]
        if len(group) == 2 and _overlaps(*group):  # two windows of one paragraph: their sentences once
            quoted = [" ".join(dict.fromkeys(s for t in quoted for s in sentences(t)))]
        quotes = " … ".join(dict.fromkeys(quoted))
        # the sections in the order they are quoted: a quote from two sections names both
        titles = list(dict.fromkeys(p.passage.title for p in ordered)) or [first.title]
        key = ("passage" if n == 0 else "passage_older") + ("_two" if len(titles) > 1 else "")
        lines.append(say(key, lang, document=kb.document_label(first.document, lang), title=titles[0],
                         other=titles[-1], quote=quotes))
    if left:
        lines.append(say("excluded", lang, names=join(list(dict.fromkeys(left)), lang)))
    sources = []
    for group in groups:
        for p in group:
            src = kb.section_source(p.passage.section)
            if src is not None:
                sources.append(src)
    evidence = "\n".join(_text(p) for g in groups for p in g)
    documents = list(dict.fromkeys(p.passage.document for g in groups for p in g))
    sections = list(dict.fromkeys(p.passage.section for g in groups for p in g)) if q.years else []
    setting = "\n".join(o.text for s in sections for o in kb.passages_of.get(s, []))
    return Proposal("passage", "\n".join(lines), sources, 1.0, True, evidence, documents, setting=setting)
