"""Calibrated choice: how likely each proposal is to be right, which wins, and whether it is sure
enough to answer (`found`) — or the honest "I found no reliable answer".

Each proposal is described by a few features (for a passage: how much of the question's key words
it holds, weighted by rarity; how near it is in meaning; its margin over the runner-up; whether it
holds the kind of fact asked for; for a record answer: how specific its kind is and how many of the
question's own words its evidence explains). A logistic model per family turns them into a
probability of being right. Its weights and the answering threshold are fitted on the dev questions
by `scripts/calibrate.py` and kept in `calibration.json` beside this file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from .. import text
from ..index import IndexReader
from .candidates import Candidates
from .checks import checks, holds_word
from .facttype import has_answer_type
from .naming import asks_for_organisation, is_role, names_organisation, names_person
from .knowledge import Knowledge
from .model import Proposal
from .question import Question

CALIBRATION = Path(__file__).with_name("calibration.json")
CLOSE = 0.1  # supports this near are "about equally likely"
COSINE_UNRELATED, COSINE_SPAN = 0.80, 0.08
PASSAGE_FEATURES = ("coverage", "semantic", "names_only", "unknown", "type_ok", "margin", "second", "missing",
                    "agreement")
RECORD_FEATURES = ("prior", "explained", "unexplained", "unknown", "states", "type_ok", "described")


def _load() -> dict[str, object]:
    """The fitted model; with no calibration file, one that answers nothing (every proposal 0.5 below
    a threshold of 1), so that a missing fit shows at once instead of answering uncalibrated."""
    try:
        return json.loads(CALIBRATION.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"threshold": 1.0, "passage": {}, "record": {}}


MODEL = _load()
THRESHOLD = float(MODEL["threshold"])  # type: ignore[arg-type]


@dataclass
class Decision:
    """The chosen proposal (if any), whether it is sure, and why."""

    question: Question
    candidates: Candidates
    proposals: list[Proposal]
    winner: Proposal | None
    found: bool
    why: dict[str, object] = field(default_factory=dict)


def choose(q: Question, c: Candidates, proposals: list[Proposal], kb: Knowledge) -> Decision:
    reader = kb.reader
    for p in proposals:
        p.support = support(q, c, p, kb)
    ranked = rank(proposals)
    if len(ranked) > 1 and ranked[0].kind == "passage" and ranked[1].kind != "passage" \
            and ranked[0].support - ranked[1].support < CLOSE and ranked[1].support >= THRESHOLD \
            and _holds(q, c, ranked[1], reader) > _holds(q, c, ranked[0], reader) \
            and _ground(ranked[0], kb) & _ground(ranked[1], kb):
        # a quote and a record answer from the same section, about equally likely: the record answer
        # holds more of the question's words, so it says what was asked
        ranked[0], ranked[1] = ranked[1], ranked[0]
        ranked[0].why["won"] = "holds more of the question's words than an answer from the same section"
    ranked = lead_first(ranked, THRESHOLD)
    winner = ranked[0] if ranked else None
    sure = bool(winner and winner.support >= THRESHOLD)
    found = bool(sure and winner and winner.states)
    why: dict[str, object] = {"proposals": [{"kind": p.kind, "support": round(p.support, 3), "states": p.states,
                                             **p.why} for p in ranked], "threshold": THRESHOLD}
    if winner is not None:
        runner = ranked[1].support if len(ranked) > 1 else 0.0
        why["winner"] = (f"{winner.kind}: {winner.support:.2f} against runner-up {runner:.2f}; "
                         + ("answers" if found else "says the content does not give the fact" if sure
                            else f"below the threshold {THRESHOLD}: no reliable answer"))
    return Decision(q, c, ranked, winner if sure else None, found, why)


def rank(proposals: list[Proposal]) -> list[Proposal]:
    """Proposals by support, best first; a tie goes to the record answer: it is assembled for exactly
    this kind of question."""
    return sorted(proposals, key=lambda p: (-round(p.support, 2), p.kind == "passage"))


def lead_first(ranked: list[Proposal], threshold: float) -> list[Proposal]:
    """`ranked` with a sure answer first when a runner-up passage leads it: a runner-up turns a
    refusal into an answer; it does not displace a sure answer (SweFAQ dev: displacing one lost 4 of
    110 first sources, this loses 2)."""
    lead = next((p for p in ranked if not p.why.get("runner_up") and p.support >= threshold), None)
    if ranked and ranked[0].why.get("runner_up") and lead is not None:
        ranked = [lead, *(p for p in ranked if p is not lead)]
    return ranked


def _ground(p: Proposal, kb: Knowledge) -> set[str]:
    """The sections a proposal rests on: its sections, and its records' own sections."""
    out: set[str] = set()
    for source in p.sources:
        records = kb.cited([source])
        out.update(records[0].sections[:1] if records else [source.id.split("~")[0]])
    return out


def _holds(q: Question, c: Candidates, p: Proposal, reader: IndexReader) -> float:
    """The share of the question's key-word weight whose stems the proposal's evidence holds."""
    evidence = set(reader.analysis.terms(p.evidence))
    figures = set(text.figures(p.evidence))
    return c.coverage({w for w in c.key_words if w in figures or w not in q.figures
                       and (stems := set(reader.analysis.terms(c.spelling.get(w, w)))) and stems <= evidence})


def support(q: Question, c: Candidates, p: Proposal, kb: Knowledge) -> float:
    """The calibrated probability that the proposal is the right answer."""
    family = "passage" if p.kind == "passage" else "record"
    values = features(q, c, p, kb)
    p.why["features"] = {k: round(v, 2) for k, v in values.items()}
    weights = MODEL[family]
    assert isinstance(weights, dict)
    return probability(weights, values) * checks(q, c, p, values, kb)


def probability(weights: dict[str, float], values: dict[str, float]) -> float:
    """The logistic model: `weights` (with "bias") over the feature `values`."""
    z = float(weights.get("bias", 0.0)) + sum(float(weights.get(k, 0.0)) * v for k, v in values.items())
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def _with_lists(p: Proposal, kb: Knowledge) -> str:
    """A passage answer's evidence with the whole of each list it quotes (a list item is quoted with
    its list, so the list's other items are part of what it tells)."""
    by_id = kb.reader.passage_by_id
    items = [by_id[i] for i in p.why.get("passages") or [] if i in by_id and by_id[i].kind == "item"]
    return "\n".join([p.evidence, *dict.fromkeys(o.text for u in items for o in kb.list_of(u))])


def _names_concept(q: Question) -> bool:
    """Whether the question names a glossary term it asks about ("vem beslutar om mässbidragen", "vad
    gör regionen i Kina"): a concept, not a bare name. (A role it names, "projektledare", is who is
    asked for.)"""
    terms = {e.id for e in q.entities if e.kind == "term"}
    return any(m.record_id in terms and not any(map(is_role, q.words[m.start:m.end])) for m in q.matches)


def features(q: Question, c: Candidates, p: Proposal, kb: Knowledge) -> dict[str, float]:
    reader = kb.reader
    # the share of key words the content never uses; English words are unknown to Swedish content
    # by nature, so only Swedish questions count them
    unknown = len(c.unknown) / len(c.key_words) if q.lang == "sv" and c.key_words else 0.0
    if p.kind == "passage":
        dense_z = float(p.why.get("dense_z") or 0.0)
        margin = p.why.get("margin")
        coverage = float(p.why.get("coverage") or 0.0)
        # cosine similarity on the model's own scale (unrelated text scores about 0.78, a paraphrase
        # of the passage 0.88 and up), so that the feature means the same in a small content folder
        dense = p.why.get("dense")
        semantic = min(max((float(dense) - COSINE_UNRELATED) / COSINE_SPAN, -0.5), 1.5) if dense is not None else 0.0
        return {
            "coverage": coverage,
            "semantic": semantic,
            # words and meaning agree: both point at this passage
            "agreement": min(coverage, max(semantic, 0.0)) if c.semantic else coverage,
            "names_only": 0.0 if q.free_words() or _names_concept(q) else 1.0,
            "unknown": unknown,
            "type_ok": 1.0 if has_answer_type(q, p.evidence) and names_person(q, p.evidence, reader)
                and (not asks_for_organisation(q) or names_organisation(q, _with_lists(p, kb), reader)) else 0.0,
            # (a lead of nothing over nothing is no lead: a passage neither the words nor the meaning
            # point at stands out only by chance)
            "margin": 0.0 if coverage == 0 and semantic <= 0 else
            min(max(float(margin), 0.0), 3.0) / 3.0 if isinstance(margin, (int, float)) else 1.0,
            "second": 1.0 if len(p.why.get("passages") or []) > 1 else 0.0,
            "missing": min(float(p.why.get("missing_weight") or 0.0), 6.0) / 6.0,
        }
    # English questions are checked against Swedish evidence: their words cannot be explained by it
    free = [w for w in q.free_words() if w not in c.unknown] if q.lang == "sv" else []
    explained = list(filter(holds_word(reader.analysis, c, p.evidence), free))
    return {
        "prior": p.prior,
        "explained": len(explained) / len(free) if free else 1.0,
        "unexplained": min(len(free) - len(explained), 3) / 3,
        "unknown": unknown,
        "states": 1.0 if p.states else 0.0,
        # a record answer states what its text says: the rest of its records is not what it tells
        "type_ok": 1.0 if not p.states or has_answer_type(q, p.text) and names_person(q, p.text, reader)
        and names_organisation(q, p.text, reader) else 0.0,
        "described": 1.0 if "subject" in p.why else 0.0,
    }
