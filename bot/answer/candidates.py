"""Gathering evidence for a question: passages found by their words (BM25F) and by their meaning
(passage vectors), fused by z-score, each with how much of the question it covers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .. import matcher, text
from ..content import Record
from ..passages import Passage
from .knowledge import Knowledge
from .negation import negates
from .question import Question

W_DENSE = 1.5  # weight of the semantic z-score against the lexical one (chosen on the dev questions)
# how much more the semantic z-score weighs when every key word is one the content does not use
# (chosen on the dev questions: 0, 0.5, 1, 1.5 and 2 gave 526, 529, 528, 526 and 525 right)
UNKNOWN_DENSE = 0.5
W_LATENT = 2.0  # weight of the latent-terms z-score (chosen on the dev questions' retrieval)
DESCRIBES_Z = 1.0  # how near in meaning (z) a passage sharing no word with the question must be to describe a record
DESCRIBED = ("project", "office", "partner_region", "organisation", "priority_area")  # kinds found by description
POOL = 40  # passages taken from each retriever
UNKNOWN_WEIGHT = 1.5  # coverage weight of a key word the content does not know (a rare word weighs ~5)
NEGATED = 1.0  # z-points for a passage that negates, when the question is negated (2.0: dev +1, SweFAQ −1)
OTHER_DOCUMENT = 1.5  # z-points off passages of documents other than the one the question's years name


@dataclass
class PassageCandidate:
    """A passage with its evidence: BM25F score, cosine similarity, fused score, covered words."""

    passage: Passage
    lexical: float
    dense: float | None
    fused: float
    covered: list[str]
    coverage: float
    dense_z: float = 0.0
    latent_z: float = 0.0
    assured: float = 0.0  # the fused score as evidence of being right (see `Gatherer.gather`)


@dataclass
class Candidates:
    """Everything gathered for one question."""

    passages: list[PassageCandidate]
    key_words: list[str]
    unknown: list[str] = field(default_factory=list)  # key words the content does not know at all
    spelling: dict[str, str] = field(default_factory=dict)
    semantic: bool = False
    weights: dict[str, float] = field(default_factory=dict)  # how much each key word counts in coverage
    subjects: list[Record] = field(default_factory=list)  # records whose section holds the best passages
    inside: dict[str, list[str]] = field(default_factory=dict)  # key words known only inside compounds
    # the unknown word asked for, when it begins a content word ("org": "organisationer")
    abbreviations: list[str] = field(default_factory=list)
    dense_weight: float = W_DENSE  # what the semantic z-score weighed in the fused score

    def coverage(self, covered: set[str]) -> float:
        return _coverage(self.weights, covered)

    def explain(self) -> dict[str, object]:
        return {"key_words": {w: round(self.weights.get(w, 0.0), 2) for w in self.key_words}, "unknown_words": self.unknown, "spelling": self.spelling,
                "inside_compounds": {w: c[:3] for w, c in self.inside.items()},
                "semantic": self.semantic, "dense_weight": round(self.dense_weight, 2),
                "passages": [{"id": c.passage.id, "lexical": round(c.lexical, 2),
                              "dense": None if c.dense is None else round(c.dense, 3),
                              "latent_z": round(c.latent_z, 2), "fused": round(c.fused, 2),
                              "coverage": round(c.coverage, 2)} for c in self.passages[:5]]}


def _coverage(weights: dict[str, float], covered: set[str] | list[str]) -> float:
    """The share of the key words' weight that `covered` holds."""
    total = sum(weights.values())
    return sum(weights.get(w, 0.0) for w in covered) / total if total else 0.0


class Gatherer:
    """Finds passages for questions over one index generation (caches each passage's terms)."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self.reader = kb.reader
        self._terms: dict[str, frozenset[str]] = {}
        self._folded: dict[str, str] = {}
        self._figures: dict[str, frozenset[str]] = {}

    def terms(self, p: Passage) -> frozenset[str]:
        found = self._terms.get(p.id)
        if found is None:
            found = self._terms[p.id] = frozenset(self.reader.analysis.terms(f"{p.title}\n{p.context}\n{p.text}"))
        return found

    def figures(self, p: Passage) -> frozenset[str]:
        found = self._figures.get(p.id)
        if found is None:
            found = self._figures[p.id] = frozenset(text.figures(f"{p.title}\n{p.context}\n{p.text}"))
        return found

    def folded(self, p: Passage) -> str:
        found = self._folded.get(p.id)
        if found is None:
            found = self._folded[p.id] = f" {' '.join(text.words(f'{p.title} {p.context} {p.text}'))} "
        return found

    def gather(self, q: Question) -> Candidates:
        words = q.key_words()
        keys = words + q.figures  # a figure asked about is evidence to cover (key words hold no digits)
        searched = q.search_words()
        unknown, spelling, inside = self._unknown(list(dict.fromkeys(searched + words)))
        query_words = [spelling.get(w, w) for w in searched if w not in unknown] + [text.grouped(f) for f in q.figures]
        names = [e.name for e in q.entities if e.kind != "faq"]
        lexical_query = " ".join(query_words + names)
        n = max(len(self.reader.passages), 1)
        hits = self.reader.search(lexical_query, limit=POOL, kinds=("passage",)) if lexical_query.strip() else []
        lex = {h.id: h.score for h in hits}
        mean = sum(lex.values()) / n
        std = math.sqrt(max(sum(v * v for v in lex.values()) / n - mean * mean, 1e-9))
        near = self.reader.nearest_passages(q.meaning, POOL) if q.meaning else None
        # latent terms find what words do not: asked only when the question's words fall short (words
        # the content does not use, another language, nothing found by words); a question in the
        # content's own words is answered without them, which saves a second pass of the model
        short = bool(unknown) or q.lang == "en" or not lex
        latent = self.reader.nearest_in_latent_terms(q.meaning, POOL) if q.meaning and short else None
        pool = set(lex)
        for found in (near, latent):
            if found is not None:
                pool.update(self.reader.passages[row].id for row, _ in found.top)
        look = self._lookups(q, keys, spelling, inside)
        weights = self.weights(keys, unknown + list(inside), look)
        subject_sections = {s for e in q.entities for s in e.sections[:1]}
        unknown_keys = [w for w in unknown if w in keys]
        # the fewer of the question's words the content uses, the less its words say and the more
        # its meaning must
        w_dense = W_DENSE * (1 + UNKNOWN_DENSE * len(unknown_keys) / len(keys)) if keys else W_DENSE
        figures = set(q.figures)
        negated_words = [spelling.get(w, w) for w in words] if q.negated else []
        out: list[PassageCandidate] = []
        for pid in pool:
            p = self.reader.passage_by_id[pid]
            lz = ((lex.get(pid, 0.0) - mean) / std) if lex else 0.0
            dense = near.of(self.reader.passage_row[pid]) if near is not None else None
            dz = (dense - near.mean) / near.std if near is not None and dense is not None else 0.0
            fused = lz + w_dense * dz
            tz = (latent.of(self.reader.passage_row[pid]) - latent.mean) / latent.std if latent is not None else 0.0
            fused += W_LATENT * tz
            if q.documents and p.document not in q.documents:
                fused -= OTHER_DOCUMENT
            if q.negated and negates(self.folded(p), negated_words):
                fused += NEGATED  # "vilka länder får *inte* medfinansiering": the sentence that says "inte"
            covered = self.covered(p, keys, look, subject_sections, figures)
            coverage = _coverage(weights, covered)
            # latent terms find a paraphrase; they vouch for it only when the question shares a word
            # with the content ("lorem ipsum dolor" has latent terms too)
            assured = fused if coverage > 0 or len(unknown_keys) < len(keys) else fused - W_LATENT * tz
            out.append(PassageCandidate(p, lex.get(pid, 0.0), dense, fused, covered, coverage, dz, tz, assured))
        if q.lang == "en":
            # an English word the index knows from the records' English names, but no passage found
            # uses, is a word the Swedish text cannot hold: it weighs as one the content does not know
            absent = [w for w in keys if weights.get(w, 0.0) > UNKNOWN_WEIGHT and not any(w in o.covered for o in out)]
            if absent:
                weights.update({w: UNKNOWN_WEIGHT for w in absent})
                for o in out:
                    o.coverage = _coverage(weights, o.covered)
        out.sort(key=lambda c: (-c.fused, c.passage.order))
        # only what the question asks for is checked for being a shortened word ("hur många org")
        target = q.target()
        return Candidates(out, keys, unknown_keys, spelling, near is not None, weights,
                          self._subjects(q, out, keys, unknown_keys), inside,
                          [target] if target in unknown_keys and self._shortened(target) else [], w_dense)

    def _shortened(self, word: str) -> bool:
        """Whether `word` is a content word shortened ("org"), perhaps with a chat plural ("orgs")."""
        return bool(self.reader.words_beginning(word)
                    or len(word) <= 5 and word.endswith("s") and self.reader.words_beginning(word[:-1]))

    def _subjects(self, q: Question, found: list[PassageCandidate], keys: list[str], unknown: list[str]
                  ) -> list[Record]:
        """When the question names no record but describes one ("projektet om säkerhet till sjöss"):
        the record whose own section holds the best passage. A question in words the content never
        uses describes nothing in it (English words are unknown to Swedish content by nature)."""
        if q.entities or not found or (q.lang == "sv" and keys and len(unknown) == len(keys)):
            return []
        if not found[0].covered and found[0].dense_z < DESCRIBES_Z:
            return []  # a passage sharing no word and little meaning with the question describes nothing
        section = found[0].passage.section
        return [r for r in self.kb.content.records if r.kind in DESCRIBED and r.sections[:1] == [section]][:1]

    def weights(self, keys: list[str], unknown: list[str], look: dict[str, tuple[list[str], set[str]]]
                ) -> dict[str, float]:
        """How much each key word counts in coverage: its rarity in the content (a common word such as
        "Blekinge" proves little); a word the content does not know counts as a middling one."""
        return {w: UNKNOWN_WEIGHT if w in unknown else max(self.reader.rarity(sorted(look[w][1])), 0.2)
                for w in keys}

    def covered(self, p: Passage, keys: list[str], look: dict[str, tuple[list[str], set[str]]],
                subject_sections: set[str], figures: set[str]) -> list[str]:
        """The key words of the question that the passage holds: by stem, or — for a word of a name the
        question uses — by any name of that record, or by being in the record's own section."""
        terms = self.terms(p)
        folded = self.folded(p)
        out: list[str] = []
        for w in keys:
            names, stems, parts = look[w]
            if names and (p.section in subject_sections or any(f" {n} " in folded for n in names)):
                out.append(w)
            elif w in figures:
                if w in self.figures(p):
                    out.append(w)
            elif stems and stems <= terms:
                out.append(w)
            elif parts and any(f" {c} " in folded for c in parts):
                out.append(w)
        return out

    def _lookups(self, q: Question, keys: list[str], spelling: dict[str, str], inside: dict[str, list[str]]
                 ) -> dict[str, tuple[list[str], set[str], list[str]]]:
        """For each key word, worked out once a question: the folded names it is part of, its stems,
        and the content's compounds it is part of."""
        named: dict[int, list[str]] = {}
        for m in q.matches:
            r = self.kb.records.get(m.record_id)
            if r is None:
                continue
            folded = [" ".join(text.words(n)) for n in r.names if n]
            for i in range(m.start, m.end):
                named.setdefault(i, []).extend(f for f in folded if f)
        position = {w: i for i, w in enumerate(q.words)}
        # (a figure's stems are its groups as the text writes them: "500 000")
        return {w: (named.get(position.get(w, -1), []),
                    set(self.reader.analysis.terms(text.grouped(spelling.get(w, w)))), inside.get(w, [])) for w in keys}

    def _unknown(self, keys: list[str]) -> tuple[list[str], dict[str, str], dict[str, list[str]]]:
        """Key words the content does not know (after spelling correction), the corrections, and the
        words it knows only inside its compounds ("säkerhet" in "sjösäkerhet"), with those compounds."""
        if not keys:
            return [], {}, {}
        known = self.reader.known_words(keys)
        unknown: list[str] = []
        spelling: dict[str, str] = {}
        inside: dict[str, list[str]] = {}
        for w in keys:
            if w in known:
                continue
            fixed = self.reader.suggest(w) if len(w) >= 5 else None
            if fixed and matcher.similarity(fixed, w) >= 85:
                spelling[w] = fixed
                continue
            compounds = self.reader.compounds_holding(w)
            if compounds:
                inside[w] = compounds
                continue
            unknown.append(w)
        return unknown, spelling, inside
