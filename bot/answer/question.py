"""Understanding a question: its clean text, language, cue words, the records it names, the years
and documents it asks about, whether it is negated, and its parts when it asks several things."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import intents, matcher, text, wordforms
from ..content import Record
from . import negation
from .knowledge import Knowledge, period_years

MAX_QUESTION = 1000  # characters read of a question; the rest is ignored (and the user told)

# Which record a question is about when it names several: the more specific kinds first.
KIND_ORDER = ["project", "event", "partner_region", "office", "priority_area", "contact", "area",
              "organisation", "term", "faq"]
# Cues that only frame a question ("var ligger", "hur många", "vilka"): not what it is about.
FRAME_CUES = ("where", "when", "who", "count", "list", "what", "frequency", "share")
_SLACK_USER = re.compile(r"<[@#!][^>]*>")
_SLACK_LINK = re.compile(r"<(https?://[^>|]+)(?:\|([^>]+))?>")
_MARKUP = re.compile(r"[*_~`]+")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def clean(raw: str) -> tuple[str, bool]:
    """Strip chat markup and cap the length: (question, was_truncated)."""
    q = _SLACK_USER.sub(" ", raw)
    q = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), q)
    q = _MARKUP.sub(" ", q)
    q = text.normalize_space(q.replace("\x00", " "))
    q = text.spelled_out_shorthand(q)
    truncated = len(q) > MAX_QUESTION
    return q[:MAX_QUESTION], truncated


@dataclass
class Question:
    """A question as understood."""

    raw: str
    text: str
    truncated: bool
    reading: intents.Reading
    matches: list[matcher.Match]
    entities: list[Record]
    follow_up: bool = False
    negated: bool = False
    years: list[int] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # ids of documents whose period the years fall in
    explain: dict[str, Any] = field(default_factory=dict)
    meaning: str = ""  # what the semantic layer reads: a Swedish question spelled out with å, ä, ö
    excluded: list[Record] = field(default_factory=list)  # "… utom SoNorA": left out of a list
    left_out: list[list[str]] = field(default_factory=list)  # "… utom Polen och Litauen": [["polen"], ["litauen"]]
    figures: list[str] = field(default_factory=list)  # figures other than years, groups joined: "500000"

    def __post_init__(self) -> None:
        self.meaning = self.meaning or self.text

    @property
    def lang(self) -> str:
        return self.reading.lang

    @property
    def words(self) -> list[str]:
        return self.reading.words

    def leaves_out(self, name: str) -> bool:
        """Whether `name` (a list item's head, a country) is what the question leaves out."""
        if not self.left_out:
            return False
        ws = text.words(name)
        stems = {text.stem(w) for w in ws}
        return any(all(w in ws or text.stem(w) in stems for w in group) for group in self.left_out)

    def first(self, *kinds: str) -> Record | None:
        return next((r for r in self.entities if r.kind in kinds), None)

    def all(self, *kinds: str) -> list[Record]:
        return [r for r in self.entities if r.kind in kinds]

    def free_words(self) -> list[str]:
        """Content words that are neither cue words nor part of a name: what the question is about
        beyond the records it names."""
        named = {i for m in self.matches for i in range(m.start, m.end)}
        return [w for i, w in enumerate(self.words)
                if i not in named and i not in self.reading.cue_words and _content_word(w)]

    def asked(self) -> int | None:
        """The position of the first word after the asking words ("vilka", "hur många", "which"), past
        fillers: where the noun the question asks for stands. None when it asks no such thing."""
        ws = self.words
        named = {i for m in self.matches for i in range(m.start, m.end)}
        for i, w in enumerate(ws):
            # "vilka …", "hur många …", and "vem är …" ("vem är ordförande i …": a role asked by name)
            # … and "vad heter …" ("vad heter chefen för …": whose name is asked)
            if w in _ASKING or w in ("hur", "how") and ws[i + 1:i + 2] in (["manga"], ["many"]) \
                    or w in ("vem", "who") and ws[i + 1:i + 2] in (["ar"], ["is"]) \
                    or w == "vad" and ws[i + 1:i + 2] == ["heter"]:
                j = i + 1 if w in _ASKING else i + 2
                while j < len(ws) and j not in named and j not in self.reading.cue_words \
                        and (ws[j] in _ASKING_FILLER or not _content_word(ws[j])):
                    j += 1
                if w == "how":
                    # "how many project school participants": what is counted is plural; a singular
                    # noun before another word only says which ones (English has no compounds)
                    while j + 1 < len(ws) and j not in named and not ws[j].endswith("s") \
                            and _content_word(ws[j + 1]) and j + 1 not in named:
                        j += 1
                return j if j < len(ws) else None
        return None

    def next_content(self, i: int) -> int:
        """The position of the first content word after position `i` (the end when there is none)."""
        return next((k for k in range(i + 1, len(self.words)) if _content_word(self.words[k])), len(self.words))

    def target_must_be_named(self) -> bool:
        """Whether the evidence must use the target's own word: "hur många anställda", "vem är
        ordförande", "vad heter chefen" count, identify or name it by that word; "vilken stad" is
        answered by naming a city."""
        j = self.asked()
        before = self.words[max(j - 2, 0):j] if j else []
        return before in (["hur", "manga"], ["how", "many"], ["vem", "ar"], ["who", "is"], ["vad", "heter"])

    def asked_cues(self) -> set[str]:
        """The cues of the noun the question asks for ("hur många *deltagare*": partners)."""
        j = self.asked()
        return {c for c, where in self.reading.cue_positions.items() if j in where} if j is not None else set()

    def target(self) -> str | None:
        """The noun the question asks for ("vilka *resultat* har …", "hur många *besökare*"), when no
        cue word or name accounts for it."""
        j = self.asked()
        ws = self.words
        named = {i for m in self.matches for i in range(m.start, m.end)}
        if j is None or j in named or j in self.reading.cue_words or not _content_word(ws[j]):
            return None
        # "vilka stora projekt": an adjective before the noun a cue or name accounts for
        nouns = set().union(*(self.reading.cue_positions.get(c, set()) for c in _NOUN_CUES))
        if j + 1 < len(ws) and (j + 1 in named or j + 1 in nouns):
            return None
        return ws[j]

    def key_words(self) -> list[str]:
        """Content words that are not cue words ("när", "hur länge", "vilka"): what evidence must cover.
        Names count; what kind of fact is asked for is checked apart (a date, a number)."""
        keys = [w if i not in self.reading.cue_words else self.reading.modifiers.get(i, "")
                for i, w in enumerate(self.words)]
        keys = [w for w in keys if w and _content_word(w)]
        # a question of cue words only ("budget?") is about them
        return keys or self.search_words()

    def search_words(self) -> list[str]:
        """What to search for: the content words, with cue words that carry content ("budget",
        "partner", "länder") but without the frame ("när", "vilka", "hur många")."""
        frame = set().union(*(self.reading.cue_positions.get(c, set()) for c in FRAME_CUES))
        return [w for i, w in enumerate(self.words) if i not in frame and _content_word(w)]


_ASKING = frozenset({"vilka", "vilken", "vilket", "which", "what"})
_NOUN_CUES = ("projects", "partners", "countries", "networks", "areas", "regions", "members", "contact")
_ASKING_FILLER = frozenset({"manga", "many", "the", "ganger", "times", "slags", "sorts", "sort", "typ", "typer",
                            "kind", "kinds", "of", "av", "for", "sorters", "slag"})


def _content_word(w: str) -> bool:
    return (w not in text.STOPWORDS and w not in intents.FILLER and w not in negation.NEGATIONS
            and not w.isdigit() and len(w) >= 3)


def understand(raw: str, kb: Knowledge, context: list[str] | None = None) -> Question:
    """Read a question against the content's names."""
    question, truncated = clean(raw or "")
    reading = intents.read(question)
    matches = kb.lexicon.find(question) if reading.words else []
    if reading.lang == "sv":  # (English words are in no Swedish passage by nature)
        matches += kb.named_by_word(reading.words, matches)
    entities = _entities(kb, matches, reading)
    # a cue word inside a proper name ("Region" of Region Blekinge) asks nothing; glossary terms
    # are concepts, and keep theirs ("EU-kontaktpersoner")
    proper = {e.id for e in entities if e.kind != "term"}
    reading.without_words({i for m in matches if m.record_id in proper for i in range(m.start, m.end)})
    excluded, left_out, excluding = negation.excluded(kb, matches, reading.words)
    entities = [e for e in entities if e not in excluded]
    earlier = [kb.records[i] for i in context or [] if i in kb.records]
    follow_up = not entities and bool(context)
    # "… och hur mycket av budgeten får RB?": a part that names only the region asks about the
    # record before it (the region takes part in it), as if it named that record too
    inherited = [r for r in earlier if not r.is_region]
    region_only = bool(entities) and all(e.is_region for e in entities) and bool(inherited)
    if (follow_up and _refers(reading.words) or region_only) \
            and (named := [r.name for r in (inherited if region_only else earlier)][:1]):
        # "… och hur många organisationer är med i det?": the question as if it named what "det"
        # stands for, so that the name is searched for, weighed and read for meaning like a named one
        resolved = understand(f"{question} {named[0]}", kb)
        if resolved.entities:
            resolved.raw, resolved.truncated, resolved.follow_up = raw or "", truncated, True
            resolved.explain["context"] = [e.id for e in resolved.entities]
            return resolved
    if follow_up:
        entities = earlier
    years = sorted({int(y) for y in _YEAR.findall(question)})
    documents = [d.id for d in kb.content.documents if years and set(years) & period_years(d.period)]
    # "utom SoNorA" leaves something out; it does not ask for the rest of the list
    unexcluded = ["" if i in excluding else w for i, w in enumerate(reading.words)]
    q = Question(raw or "", question, truncated, reading, matches, entities, follow_up,
                 negation.negated(unexcluded) or negation.negated_english(question), years, documents, excluded=excluded,
                 left_out=left_out, figures=list(dict.fromkeys(text.figures(question))))
    q.meaning = question if reading.lang == "en" else wordforms.spell_out(question, kb.reader.spellings)
    q.explain = {
        "language": reading.lang,
        "cues": sorted(reading.cues),
        "entities": [{"id": m.record_id, "words": m.alias, "score": round(m.score, 1), "exact": m.exact}
                     for m in matches],
        "negated": q.negated,
        **({"excluded": [e.id for e in excluded]} if excluded else {}),
        **({"left_out": [" ".join(g) for g in left_out]} if left_out else {}),
        "years": years,
        **({"figures": q.figures} if q.figures else {}),
        "documents": documents,
    }
    if q.meaning != question:
        q.explain["spelled_out"] = q.meaning
    if follow_up:
        q.explain["context"] = [e.id for e in entities]
    return q


_PRONOUNS = frozenset({"det", "den", "dem", "dess", "it", "its", "them", "they", "their"})


def _refers(words: list[str]) -> bool:
    """Whether the question refers back with a pronoun ("vem leder det", "when does it end"), not
    one that only fills a place ("finns det …", "det som …", "there is")."""
    return any(w in _PRONOUNS and words[i + 1:i + 2] not in (["som"], ["that"], ["which"])
               and words[i - 1:i] not in (["finns"], ["fanns"], ["there"])
               for i, w in enumerate(words))


def _entities(kb: Knowledge, matches: list[matcher.Match], reading: intents.Reading) -> list[Record]:
    found: list[Record] = []
    for m in matches:
        r = kb.records.get(m.record_id)
        if r is None or r in found:
            continue
        # a name that is only a cue word ("projekt", "insatsområde") is not a subject
        if r.kind == "term" and all(i in reading.cue_words for i in range(m.start, m.end)):
            continue
        found.append(r)
    found.sort(key=lambda r: (r.fields.get("relation") == "self",
                              KIND_ORDER.index(r.kind) if r.kind in KIND_ORDER else 99))
    return found
