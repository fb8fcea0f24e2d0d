"""Choices: the question is one word that several records' names share ("Vad är Baltic?"), so the
honest answer is to ask which one is meant."""

from __future__ import annotations

import re

from ... import intents, messages, text
from ...messages import say
from ..knowledge import Knowledge
from ..model import Proposal
from ..question import Question
from .base import offer

PRIOR = 0.95
MOST = 6  # more names than this is no choice but a list


def propose(q: Question, kb: Knowledge) -> list[Proposal]:
    names = ambiguous(q, kb)
    if not names:
        return []
    lang = q.lang
    options = messages.join([f"«{n}»" for n in names], lang).replace(
        f" {messages.T['and'][lang]} ", " eller " if lang == "sv" else " or ")
    found = offer(kb, "did_you_mean", say("did_you_mean", lang, options=options), [], PRIOR, states=False)
    found.why["choices"] = names
    return [found]


def ambiguous(q: Question, kb: Knowledge) -> list[str]:
    """Names to choose from, when the question is about one word that 2–6 records' names share."""
    if q.entities or not 1 <= len(q.free_words()) <= 2:
        return []
    cues = {w for i, w in enumerate(q.words) if i in q.reading.cue_words}
    for word, ids in kb.lexicon.records_sharing_word(q.text).items():
        if word in intents.FILLER or word in cues:
            continue
        records = [kb.records[i] for i in sorted(ids) if i in kb.records and kb.records[i].kind != "contact"]
        names = list(dict.fromkeys(r.name for r in records if word in text.words(r.name)))
        named = {w for n in names for w in text.words(n)}
        if any(w not in named for w in q.free_words()):
            continue  # "vilka teman ska EU-arbetet ha": the question asks more than which one is meant
        if 2 <= len(names) <= MOST:
            q.explain["ambiguous"] = next((w for w in re.findall(r"\w+", q.text) if text.fold(w) == word), word)
            return names
    return []
