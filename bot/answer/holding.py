"""The sentence that holds a record answer's fact. A record answer says the fact in the bot's words
("Region Blekinge är huvudansvarig i East West TC II"); beside it goes the sentence of the record's
own section that holds most of what the answer adds to the question ("… projektet som leds av
Region Blekinge"), so that every answer shows what it rests on. An English answer is matched by its
Swedish wording, since the sentence is Swedish."""

from __future__ import annotations

import threading
import weakref

from .. import intents
from ..passages import Passage, sentences
from .knowledge import Knowledge
from .model import Proposal
from .question import FRAME_CUES, Question

MAX_HOLDING = 320  # characters of the quoted sentence(s)
MAX_SAID = 300  # characters of a record answer that is one fact; a longer one (a summary) says much already
MAX_RECORDS = 2  # an answer assembled from more records (a list) rests on no one sentence
SAID = 0.8  # share of a sentence's words the answer may say already for it to be worth quoting
CONCEPT = 1.0  # what a concept the sentence shares with the answer counts, against a word's rarity
MIN_HELD = 2.0  # rarity the sentence must hold of what the answer adds (a name's rare word, a number)
# kinds that quote already, or that compute what no one sentence says (what two sets share)
WITHOUT = frozenset({"passage", "faq", "choices", "did_you_mean", "definition", "term"})


def sentence(q: Question, kb: Knowledge, proposal: Proposal, swedish: str) -> str | None:
    """The sentence(s) of the proposal's records' sections that hold its fact, as stated in
    `swedish` (the proposal's text in Swedish); None when no sentence clearly does."""
    if not proposal.states or proposal.kind in WITHOUT or proposal.kind.startswith("set_") \
            or "\n•" in f"\n{swedish}" or len(swedish) > MAX_SAID:
        return None
    if q.negated or q.excluded or q.left_out:  # what the answer leaves out, the sentence says
        return None
    records = kb.cited(proposal.sources)
    sections = list(dict.fromkeys(s for r in records for s in r.sections[:1]))
    if not records or len(records) > MAX_RECORDS or not sections:
        return None
    memo = _memo(kb)
    cited = {r.id for r in records}
    kinds = {r.kind for r in records}
    asked = set(kb.reader.analysis.terms(q.text))
    said = set(kb.reader.analysis.terms(swedish))
    adds = {t: memo.rarity(t) for t in said - asked}
    # what the answer says, as concepts: "huvudansvarig" and "leds av" both say who leads
    concepts = _concepts(swedish)
    best: tuple[float, str] = (0.0, "")
    for section in sections:
        shared_section = any(memo.owners(section, kind) > 1 for kind in kinds)
        for s, terms, shared, named in memo.sentences(section):
            # a sentence about another record of the kind is not this one's evidence ("Inom
            # insatsområde 4 …" for insatsområde 2), nor, in a section several records of the kind
            # share, one that names none of them
            if not named & cited and (shared_section or any(kb.records[n].kind in kinds for n in named
                                                             if n in kb.records)):
                continue
            held = sum(w for t, w in adds.items() if t in terms) + CONCEPT * len(concepts & shared)
            if held > best[0]:
                # a sentence a Swedish answer already says in other words: the answer is its quote
                best = (held, "" if q.lang == "sv" and len(terms & said) >= SAID * len(terms) else s)
    held, found = best
    if held < MIN_HELD or not found or len(found) > MAX_HOLDING:
        return None
    return found


class _Memo:
    """Worked out once an index generation: each section's sentences with their terms and concepts,
    and each term's rarity (two threads may work one out at once; both get the same)."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self._sentences: dict[str, list[tuple[str, frozenset[str], frozenset[str], frozenset[str]]]] = {}
        self._rarity: dict[str, float] = {}
        self._owners: dict[tuple[str, str], int] | None = None

    def sentences(self, section: str) -> list[tuple[str, frozenset[str], frozenset[str], frozenset[str]]]:
        """Each sentence of the section with its terms, its concepts and the records it names."""
        found = self._sentences.get(section)
        if found is None:
            analysis = self.kb.reader.analysis
            found = self._sentences[section] = [
                (s, frozenset(analysis.terms(s)), frozenset(_concepts(s)),
                 frozenset(m.record_id for m in self.kb.lexicon.find(s) if m.exact))
                for p in _passages(self.kb, {section}) for s in sentences(p.text) or [p.text]]
        return found

    def owners(self, section: str, kind: str) -> int:
        """How many records of a kind have the section as their own (the priority areas share one)."""
        if self._owners is None:
            owners: dict[tuple[str, str], int] = {}
            for r in self.kb.content.records:
                for s in r.sections[:1]:
                    owners[s, r.kind] = owners.get((s, r.kind), 0) + 1
            self._owners = owners
        return self._owners.get((section, kind), 0)

    def rarity(self, term: str) -> float:
        found = self._rarity.get(term)
        if found is None:
            found = self._rarity[term] = self.kb.reader.rarity([term])
        return found


_MEMOS: weakref.WeakKeyDictionary[Knowledge, _Memo] = weakref.WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


def _memo(kb: Knowledge) -> _Memo:
    with _MEMOS_LOCK:
        found = _MEMOS.get(kb)
        if found is None:
            found = _MEMOS[kb] = _Memo(kb)
        return found


def _concepts(value: str) -> set[str]:
    return set(intents.read(value).cues) - set(FRAME_CUES)


def _passages(kb: Knowledge, sections: set[str]) -> list[Passage]:
    """Running text: a list item or table row is what the record answer renders already."""
    return [p for s in sorted(sections) for p in kb.passages_of.get(s, []) if p.kind == "sentence"]
