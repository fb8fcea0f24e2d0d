"""The fixed checks on a proposal's evidence: what is left of its calibrated probability when the
evidence lacks the years asked about or the kind of fact asked for, speaks of another record than
the one asked about, names only one of the things asked for, or shares words but not meaning with the
question. Each check is a factor; `confidence` multiplies the model's probability by them."""

from __future__ import annotations

import re
from typing import Callable

from .. import text
from ..content import Record
from ..index import Analysis, record_text
from ..passages import sentences
from .candidates import Candidates
from .facttype import asks_what_happened, has_answer_type, mentions_year, polar, told_as_done
from .knowledge import Knowledge, period_years
from .model import Proposal
from .naming import owned_noun
from .question import Question
from .several import comparison

WRONG_TYPE = 0.3  # factor for evidence without the kind of fact asked for (a date, a number, a sum)
UNRELATED_Z = 1.0  # a passage no nearer the question in meaning than this (z) is unrelated to it …
WORDS_WITHOUT_MEANING = 0.5  # … and when the question also has words the content never uses, this factor
WRONG_YEAR = 0.3  # factor for evidence that holds none of the years the question asks about
PLANNED = 0.3  # factor for what happened in a year answered by what a plan says is to happen then
WRONG_FIGURE = 0.3  # factor for evidence that holds none of the figures the question names ("under 500 000 kr")
CONTRADICTED = 0.3  # factor for "the content gives no date" when the record's own text holds a date
ONE_OF_MANY = 0.3  # factor for evidence naming one of several things when the question asks for the others
ONE_SIDED = 0.5  # factor for a passage naming one of the records a question sets side by side
UNNAMED = 0.3  # factor for a record answer silent on a record the question names beside its subject
UNKNOWN_ORGANISATION = 0.3  # factor when the question names an organisation the content never mentions
UNSAID = 0.3  # factor for a yes/no question whose evidence holds none of what it asks about
UNKNOWN_TARGET = 0.3  # factor when what is counted or identified is a word the content never uses
# ("hur många anställda", "vem är ordförande")


def checks(q: Question, c: Candidates, p: Proposal, values: dict[str, float], kb: Knowledge) -> float:
    """The factor the fixed checks leave of a probability: evidence without the years asked about
    (as years: "EU2020" is a name, not the year 2020) or without any of the figures it names,
    without the kind of fact asked for, or (a passage) with words but not meaning in common."""
    factor = 1.0
    # years outside every document's period: the evidence must name them all ("2014–2020" is not
    # answered by a sentence about "EU 2020")
    # (a quote's year may stand earlier in its section: "En kartläggning … hösten 2022 … Kartläggningen
    # pekar på tre hinder")
    said = f"{p.evidence}\n{p.setting}"
    holds = [mentions_year(y, said) for y in q.years]
    if q.years and p.states and not (all(holds) if not q.documents else any(holds)):
        factor *= WRONG_YEAR
    if q.years and p.states and asks_what_happened(q) and (not told_as_done(q.years, said) or _planned(q, p, kb)):
        # "hur många elever skickade konsortiet ut 2026": the plan says what is to happen that year
        factor *= PLANNED
    if q.figures and p.states and not set(q.figures) & set(text.figures(said)):
        factor *= WRONG_FIGURE
    if p.states and not values["type_ok"]:
        factor *= WRONG_TYPE
    if not p.states and p.kind != "passage" and q.reading.has("when") and not has_answer_type(q, "") \
            and has_answer_type(q, p.evidence.replace(p.text, "")):
        # "strategin anger inget datum för SBER", though SBER's own text says "hösten 2025" (dates only:
        # a record's text has numbers of every kind, but a date in it is a date of the record)
        factor *= CONTRADICTED
    if p.states and _one_of_others(q, p):
        # "vilka är de andra pilotområdena": the text names one "av projektets fyra pilotområden"
        factor *= ONE_OF_MANY
    if p.states and p.kind == "passage" and len(compared := comparison(q)) >= 2 and _one_sided(p.evidence, compared):
        # "vilka länder har Moment gemensamt med East West TC II": a sentence on East West TC II alone
        factor *= ONE_SIDED
    if p.states and p.kind != "passage" and _passes_over(q, p, kb):
        # "när bestämde regionstyrelsen att vi skulle gå med i SBER": the board's dates say nothing of SBER
        factor *= UNNAMED
    elif p.states and p.kind == "passage" and not _typed_about(q, p, kb):
        factor *= WRONG_TYPE
    if p.states and c.unknown and q.lang == "sv" and (target := q.target()) in c.unknown \
            and target not in c.abbreviations and q.target_must_be_named():
        factor *= UNKNOWN_TARGET
    if p.states and _names_unknown_organisation(q, c):
        # "vilka östersjöprojekt driver Region Skåne", "samarbetet med Lunds universitet": the content
        # never mentions them, so what it says is about someone else
        factor *= UNKNOWN_ORGANISATION
    if p.states and _unsaid(q, c, p, kb):
        # "har Europa Direkt öppet på lördagar": a quote on Europa Direkt that says nothing of opening
        # hours answers neither yes nor no
        factor *= UNSAID
    if p.kind == "passage" and c.semantic and float(p.why.get("dense_z") or 0.0) < UNRELATED_Z \
            and (c.unknown or q.lang == "en" and values["semantic"] < 0):
        # (an English question shares words with Swedish text only by chance, in English names:
        # "cooperation" of "Youth Cross-border Cooperation"; meaning must vouch for the passage: its
        # similarity above what unrelated text gets, the semantic feature above 0)
        factor *= WORDS_WITHOUT_MEANING
    return factor


def _planned(q: Question, p: Proposal, kb: Knowledge) -> bool:
    """Whether a quote comes only from documents whose period begins before every year the question
    asks about: a plan for 2025–2028 was written by 2025, so what it gives for 2026 (a table's row
    included, which has no "ska") is what was planned, not what came of it."""
    starts = [min(years) for i in p.why.get("passages") or []
              if (d := kb.documents.get(str(i).split("#")[0])) and (years := period_years(d.period))]
    return bool(starts) and len(starts) == len(p.why.get("passages") or []) and min(q.years) > max(starts)


# nouns that a name stands before ("Lunds universitet", "Karlshamns kommun") or after ("Region Skåne")
_ORGANISATION_AFTER = re.compile(r"(?:universitet|hogskola|hogskolan|kommun|landsting|lan|stad|foretag|bolag|ab|"
                                 r"university|college|municipality|council|county|city|company|group)$")
_ORGANISATION_BEFORE = frozenset({"region"})  # ("regionen" is definite: a verb follows it, not a name)


# an authority's or a body's own name ends so ("Livsmedelsverket", "Havs- och vattenmyndigheten")
_BODY = re.compile(r"(?:verket|myndigheten|inspektionen|kassan|institutet)$")
_ACRONYM = re.compile(r"(?<![\w-])[A-ZÅÄÖ]{3,}(?![\w-])")  # "HELCOM", "SLU"


def _names_unknown_organisation(q: Question, c: Candidates) -> bool:
    """Whether the question names an organisation by a word the content never uses: an unknown word
    before "universitet", "kommun" … or after "region" ("Lunds universitet", "Region Skåne"), a
    body's name ("Livsmedelsverket"), or an acronym typed in capitals ("HELCOM"). Swedish questions
    only, but for acronyms: English words are unknown to Swedish content by nature."""
    if not c.unknown:
        return False
    unknown = set(c.unknown) - set(c.abbreviations)
    if any(text.fold(a) in unknown for a in _ACRONYM.findall(q.raw)):
        return True
    if q.lang != "sv":
        return False
    ws = q.words
    # (a name in the genitive: "japanska universitet" is a kind of university, not one by name)
    return any(w in c.unknown and (w.endswith("s") and i + 1 < len(ws) and _ORGANISATION_AFTER.match(ws[i + 1])
                                   or i > 0 and ws[i - 1] in _ORGANISATION_BEFORE or bool(_BODY.search(w)))
               for i, w in enumerate(ws))


def _unsaid(q: Question, c: Candidates, p: Proposal, kb: Knowledge) -> bool:
    """Whether a Swedish yes/no question ("har Europa Direkt öppet på lördagar?") is answered by
    evidence that holds the question's words but none of what it asks about: its free words beyond
    the records it names and the titles of the sections it quotes ("har Vindnätverket öppet på
    helger", quoted from «Medlemskap i Vindnätverket»), by stem or inside a compound. (A passage
    found by meaning alone, holding no word of the question, is left to the model: "finns det nåt
    för unga som vill snacka med beslutsfattare" is answered by "… påverka politiker i frågor som
    ungdomar … tar upp".)"""
    if not polar(q):
        return False
    named = {(m.start, m.end): r for m in q.matches if (r := kb.records.get(m.record_id)) and not r.is_region}
    if len(named) >= 2:
        # "har Yc3 och Moment någon koppling till ERB", "har TransBaltic och East West TC II samma
        # projekttid": what relates or compares the things it names is their evidence side by side;
        # "är Karlshamns kommun partner i East West TC II": evidence silent on one of them says neither
        return p.kind == "passage" and _one_sided(f"{p.evidence}\n{p.setting}", list(named.values()))
    if p.kind == "passage" and not float(p.why.get("coverage") or 0.0):
        return False
    analysis = kb.reader.analysis
    by_id = kb.reader.passage_by_id
    titles = "\n".join(dict.fromkeys(by_id[i].title for i in p.why.get("passages") or [] if i in by_id))
    in_titles = holds_word(analysis, c, titles)
    asked = [w for w in q.free_words() if not in_titles(w)]
    return bool(asked) and not any(map(holds_word(analysis, c, f"{p.evidence}\n{p.setting}"), asked))


def holds_word(analysis: Analysis, c: Candidates, within: str) -> Callable[[str], bool]:
    """Whether `within` holds a question word: its stems (spelling corrected), or a compound the
    word is known inside."""
    terms = set(analysis.terms(within))
    words = set(text.words(within)) if c.inside else set()
    return lambda w: set(analysis.terms(c.spelling.get(w, w))) <= terms or bool(words.intersection(c.inside.get(w, ())))


_OTHERS = frozenset({"andra", "ovriga", "other", "others", "remaining"})
_ONE_OF = re.compile(r"\b(?:en|ett|one) av\b|\bone of\b", re.IGNORECASE)


def _one_of_others(q: Question, p: Proposal) -> bool:
    """Whether the question asks for the others of something ("de andra pilotområdena", "aquatwins
    andra testbäddar") and the evidence only names one of them ("… är ett av projektets fyra
    pilotområden"): the content does not give the others."""
    free = q.free_words()
    words = q.words
    targets = [words[i + 1] for i, w in enumerate(words[:-1]) if w in _OTHERS and w in free and words[i + 1] in free]
    for target in targets:
        # by a common beginning (the stemmer parts "pilotområden" and "pilotområdena")
        k = max(5, len(target) - 3)
        holding = [s for s in sentences(p.evidence) if any(w[:k] == target[:k] for w in text.words(s))]
        if holding and all(_ONE_OF.search(s) for s in holding):
            return True
    return False


def _passes_over(q: Question, p: Proposal, kb: Knowledge) -> bool:
    """Whether a record answer is silent on a record the question names (other than the region and
    the glossary's terms, which questions name in passing): not among the records it rests on, not
    named in its text, and neither referring to them nor referred to by them."""
    cited = kb.cited(p.sources)
    refers = {str(v) for r in cited for v in _values(r.fields)} | {r.id for r in cited}
    evidence = _folded(p.evidence)
    cited_names = [n for r in cited for n in _folded_names(r)]
    for e in q.entities:
        if e.is_region or e.kind in ("faq", "term") or e.id in refers \
                or any(n in evidence for n in _folded_names(e)):
            continue
        own = _folded(record_text(e))
        if not any(n in own for n in cited_names):
            return True
    return False


def _one_sided(evidence_text: str, compared: list[Record]) -> bool:
    """Whether `evidence_text` leaves out one of the records a question sets side by side."""
    evidence = _folded(evidence_text)
    return not all(any(n in evidence for n in _folded_names(r)) for r in compared)


def _folded(value: str) -> str:
    return f" {' '.join(text.words(value))} "


def _folded_names(r: Record) -> list[str]:
    return [f for v in r.names if (f := _folded(v)).strip()]


def _values(value: object) -> list[object]:
    """Every plain value inside a record's fields (the ids it refers to among them)."""
    if isinstance(value, dict):
        return [v for x in value.values() for v in _values(x)]
    if isinstance(value, (list, tuple)):
        return [v for x in value for v in _values(x)]
    return [value]


_ASKED_OF = ("budget", "count", "population")  # facts a question asks of the record it names


def _typed_about(q: Question, p: Proposal, kb: Knowledge) -> bool:
    """Whether a quote gives the fact asked for ("vad kostar medlemskapet i ERB") of the record the
    question names: a sentence holding the fact names the record, or a passage quoted from the
    record's own section holds it (not another network's fee that merely mentions ERB, nor a grant's
    sum quoted beside the record's own section, which gives none)."""
    subjects = [e for e in q.entities if not e.is_region]
    if not subjects or not q.reading.has(*_ASKED_OF):
        return True
    if owned := [n[:max(5, len(n) - 3)] for e in subjects if (n := owned_noun(q, e))]:
        # "vad kostar TalentLoops studiebesök": a sentence with a sum that names the visit, not the project's
        return any(has_answer_type(q, s) and any(w.startswith(tuple(owned)) for w in text.words(s))
                   for s in sentences(p.evidence))
    own = {s for e in subjects for s in e.sections[:1]}
    by_id = kb.reader.passage_by_id
    if any(str(quoted).split("~")[0] in own and (quoted not in by_id or has_answer_type(q, by_id[quoted].text))
           for quoted in p.why.get("passages") or []):
        return True
    names = [n for e in subjects for n in _folded_names(e)]
    return any(has_answer_type(q, sentence) and any(n in _folded(sentence) for n in names)
               for sentence in sentences(p.evidence))
