"""The answer pipeline: understand → gather candidates → each kind proposes → calibrated choice →
compose with sources. Knows nothing of Slack or the command line; never raises for any text."""

from __future__ import annotations

import dataclasses
import time

from ..content import Record
from ..index import IndexReader
from ..messages import say, speaking_for
from . import compose, confidence, holding, kinds
from .candidates import Candidates, Gatherer
from .kinds.faq import FaqIndex
from .knowledge import Knowledge
from .model import Answer, Proposal
from .question import FRAME_CUES, Question, understand
from .several import comparison, parts, same_again


class Engine:
    """Answers questions from one opened index generation."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self.kb = Knowledge(reader)
        self.gatherer = Gatherer(self.kb)
        self.faq = FaqIndex(self.kb)

    def answer(self, raw: str, context: list[str] | None = None) -> Answer:
        """Answer one question. `context`: the subjects of the previous answer in a conversation,
        used when the question names none itself ("Vem leder det?")."""
        with speaking_for(self.kb.region.name if self.kb.region else None):
            return self._answer(raw, context)

    def _answer(self, raw: str, context: list[str] | None) -> Answer:
        started = time.perf_counter()
        q = understand(raw, self.kb, context)
        if not q.text:
            return Answer(raw or "", False, say("empty", "sv"), [], kind="empty")
        if not q.words:
            return Answer(raw, False, say("no_words", q.lang), [], q.lang, kind="no_words")
        pieces = parts(q.text)
        if len(pieces) > 1:
            subs = self._parts(pieces, context)
            result = compose.combine(q, [d for d, _ in subs], [a for _, a in subs], pieces)
        else:
            decision, result = self._decide(q)
            compared = comparison(q)
            if compared and not _rests_on(decision, compared):
                # no one answer sets the compared records side by side: each gets its own
                others = [e for e in q.entities if e not in compared]
                subs = [self._decide(dataclasses.replace(q, entities=[e, *others])) for e in compared]
                result = compose.combine(q, [d for d, _ in subs], [a for _, a in subs], [e.name for e in compared])
            else:
                q.explain.update(decision.candidates.explain())
                q.explain.update(decision.why)
        result.question = raw
        result.lang = q.lang
        if q.truncated:
            result.answer = f"{result.answer}\n\n{say('truncated', q.lang)}"
        q.explain["ms"] = round((time.perf_counter() - started) * 1000, 2)
        result.explain = q.explain
        return result

    def _parts(self, pieces: list[str], context: list[str] | None) -> list[tuple[confidence.Decision, Answer]]:
        """Each part answered on its own; a part that names nothing inherits the subject before it."""
        out = []
        subjects = context
        asked = ""  # the words that said what the part before asked for ("vilka länder deltar")
        cues: set[str] = set()  # and its cues
        for piece in pieces:
            q = understand(piece, self.kb, subjects)
            if asked and (elsewhere := same_again(piece)):
                # "… och är det samma som i Yc³?": what the part before asked, about Yc³
                q = understand(f"{asked} {elsewhere}", self.kb, subjects)
            elif asked and set(q.reading.cues) <= cues & set(FRAME_CUES) and not q.free_words():
                # "… och vilka i Yc³?": the part asks what the part before it asked ("… och var ska
                # det sitta?" and "… och hur långt norrut …?" ask their own)
                q = understand(f"{piece} {asked}", self.kb, subjects)
            asked = " ".join(w for i, w in enumerate(q.words) if i in q.reading.cue_words) or asked
            cues = set(q.reading.cues) or cues
            decision, answer = self._decide(q)
            subjects = [e.id for e in q.entities] or subjects
            out.append((decision, answer))
        return out

    def _decide(self, q: Question) -> tuple[confidence.Decision, Answer]:
        candidates = self.gatherer.gather(q)
        proposals = kinds.propose(q, candidates, self.kb, self.faq)
        decision = confidence.choose(q, candidates, proposals, self.kb)
        w = decision.winner
        if w is not None and decision.found:
            found = holding.sentence(q, self.kb, w, self._swedish(q, candidates, w))
            if found:
                w.why["holding"] = decision.why["holding"] = found
        return decision, compose.single(decision, self.kb)

    def _swedish(self, q: Question, candidates: Candidates, winner: Proposal) -> str:
        """The winning proposal's text in Swedish: an English question's answer proposed again in
        Swedish, to be matched with the Swedish sentence that holds it."""
        if q.lang == "sv" or winner.kind == "passage":
            return winner.text
        swedish = dataclasses.replace(q, reading=dataclasses.replace(q.reading, lang="sv"))
        ids = [s.id for s in winner.sources]
        return next((p.text for p in kinds.records(swedish, candidates, self.kb, self.faq)
                     if p.kind == winner.kind and [s.id for s in p.sources] == ids), "")


def _rests_on(decision: confidence.Decision, records: list[Record]) -> bool:
    """Whether the chosen answer cites every one of `records`."""
    cited = {s.id for s in decision.winner.sources} if decision.winner else set()
    return all(f"{r.kind}:{r.id}" in cited for r in records)
