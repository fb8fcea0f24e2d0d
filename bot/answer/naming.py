"""Whether evidence names what a question asks for by name: a person ("vad heter energistrategen",
"vem är ordförande"), an organisation or a place ("vilka japanska universitet", "vilket
konsultbolag"). A sentence about "universitet i Kina" or "energistrategen" names none of them."""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from .. import text
from ..content import Record
from ..index import IndexReader
from ..passages import sentences
from .facttype import COUNTRY
from .knowledge import once
from .question import Question

# a person's role asked for by name ("vad heter energistrategen", "vilka politiker sitter i …",
# "vem är ordförande"): folded endings of Swedish and English role nouns
_PERSON = re.compile(r"(?:strateg|chef|direktor|ledare|samordnare|handlaggare|ordforande|politiker|ledamot|"
                     r"ledamoter|sekreterare|person|personer|informator|kommunikator|koordinator|radgivare|"
                     r"ombud|utvecklare|utredare|analytiker|medarbetare|specialist|expert|assistent|konsult|"
                     r"ekonom|jurist|rektor|ambassador|landshovding|"
                     r"manager|director|chair|chairman|chairperson|coordinator|officer|developer|analyst|"
                     r"assistant|consultant|politician|secretary|adviser|advisor|spokesperson)(?:en|erna|na|er|n|s)?$")
# (a place is named after "på", "i", "vid": "på Campus Gräsvik" names no one)
_CAPITALISED = re.compile(r"(?<![.!?:;]\s)(?<!^)(?<![\w-])(?<!\bpå )(?<!\bi )(?<!\bvid )(?<!\bin )(?<!\bat )"
                          r"([A-ZÅÄÖÉ][a-zåäöéü]+)[ \t]+([A-ZÅÄÖÉ][a-zåäöéü]+)\b", re.MULTILINE)
# (within a line: a title's last word and the next line's first are no name)
_NAMES: WeakKeyDictionary[IndexReader, frozenset[str]] = WeakKeyDictionary()
# that there is no one answers who ("Ingen EU-kontaktperson är registrerad för …")
_NO_ONE = re.compile(r"^(?:ingen|no)\b", re.IGNORECASE | re.MULTILINE)


def is_role(word: str) -> bool:
    """Whether a folded word is a person's role ("energistrategen", "projektledare", "chair")."""
    return bool(_PERSON.search(word))


def names_person(q: Question, evidence: str, reader: IndexReader) -> bool:
    """Whether evidence can answer a question asking for a person by name: it names someone — two
    capitalised words together, mid-sentence, that are not words of the content's own names
    ("Europa Direkt", "Region Blekinge"). True when the question asks for no person, or for how many
    ("hur många personer": a number)."""
    j = q.asked()
    if j is None:
        # "who chairs …": the verb after "who" names the role
        j = next((i + 1 for i, w in enumerate(q.words[:-1]) if w in ("vem", "who")), None)
    span = 2 if q.lang == "en" else 1  # (English roles are often two words: "contact person")

    def role_at(i: int) -> bool:
        return any(map(is_role, q.words[i:i + span]))

    if j is not None and not role_at(j):
        # "vem är Region Blekinges kontaktperson", "who is Region Blekinge's contact person": the role
        # after a name in the genitive ("Blekinge's" is read as "blekinge", "s")
        j = next((k for m in q.matches if m.start == j
                  and role_at(k := m.end + (q.words[m.end:m.end + 1] == ["s"]))), j)
        # "vem är Kustnätverkets ordförande", "vad heter regionens EU-samordnare": a word in the genitive
        # the content has no record for, before the role (past a short word of a compound: "EU")
        after = q.next_content(j)
        j = after if not role_at(j) and q.words[j].endswith("s") and role_at(after) else j
    if j is None or not role_at(j) or q.reading.has("count") or _NO_ONE.search(evidence):
        return True
    known = once(_NAMES, reader, lambda: _name_words(reader))
    # the sentences about whom the question asks: of a network's chair, not another's named beside it
    about = _about([w for w in q.free_words() if not is_role(w)], [evidence], reader)
    return any(not {text.fold(a), text.fold(b)} <= known for a, b in _CAPITALISED.findall("\n".join(about)))


def _name_words(reader: IndexReader) -> frozenset[str]:
    """The folded words of the content's own names: its records', sections' and documents'."""
    names = [v for r in reader.content.records for v in r.names]
    names += [s.title for d in reader.content.documents for s in d.sections] + [d.title for d in reader.content.documents]
    return frozenset(w for n in names for w in text.words(str(n)))


def _about(words: list[str], texts: list[str], reader: IndexReader) -> list[str]:
    """The sentences of each of `texts` that hold some of the question's `words` (all of its
    sentences when none does)."""
    subject = set(reader.analysis.terms(" ".join(words)))
    out: list[str] = []
    for t in texts:
        said = [x for line in t.splitlines() for x in sentences(line) or [line]]
        out += [x for x in said if subject & set(reader.analysis.terms(x))] or said
    return out


# an organisation or place asked for by name ("vilka japanska universitet", "vilket konsultbolag",
# "which companies"): folded endings of Swedish and English nouns for them, compounds included
_ORGANISATION = re.compile(r"(?:universitet|hogskol|hogskolor|foretag|bolag|firma|firmor|organisation|myndighet|"
                           r"kommun|region|stad|stader|hamn|skol|skolor|projekt|natverk|program|restaurang|"
                           r"forening|sjukhus|hotell|museer|institut|university|restaurant|association|hospital|"
                           r"hotel|institute|"
                           r"universities|company|companies|firm|municipality|municipalities|agency|agencies|city|"
                           r"cities|port|school|project|network|programme)"
                           r"(?:en|erna|na|er|ar|arna|or|orna|n|s|et|ets|met|men|mes)?$")
_NOUN_PHRASE = 2  # adjectives before the noun asked for ("vilka *stora japanska* universitet")
_ADJECTIVE = re.compile(r"(?:a|ese|an|ish|ic|al)$")
# capitalised words in a row: a name ("Gdańsk tekniska universitet" starts one, "Kreativa Europa" is one)
_CAPITALISED_RUN = re.compile(r"(?<![\w-])[A-ZÅÄÖÉ][\w-]*(?:\s+[A-ZÅÄÖÉ][\w-]*)*")
_STARTS = re.compile(r"(?:^|[.!?:;]\s+|\s[–—-]\s)$")  # what comes before a sentence's or an item's first word
_CONTINENT = re.compile(r"(?:europa|asien|afrika|amerika|nordamerika|sydamerika|oceanien|europe|asia|africa|america|"
                        r"north america|south america|oceania)", re.IGNORECASE)
_ACRONYM_NOUN = re.compile(r"[A-ZÅÄÖ]{2,}-[a-zåäö][\w-]*")  # "EU-projekt", "IT-bolag": a common noun, no name
_ASKING_WHICH = frozenset({"vilka", "vilken", "vilket", "which", "what"})
_SELF: WeakKeyDictionary[IndexReader, frozenset[str]] = WeakKeyDictionary()


def asks_for_organisation(q: Question) -> bool:
    """Whether the question asks which organisations or places, by name ("vilka japanska universitet")."""
    j = q.asked()
    if j is None or q.reading.has("count") or q.words[max(j - 1, 0)] not in _ASKING_WHICH:
        return False
    noun = j
    while noun < min(j + _NOUN_PHRASE, len(q.words) - 1) and _ADJECTIVE.search(q.words[noun]):
        noun += 1  # "vilka *japanska* universitet", "which *Japanese* universities"
    return bool(_ORGANISATION.search(q.words[noun]))


def names_organisation(q: Question, evidence: str, reader: IndexReader) -> bool:
    """Whether evidence can answer a question asking which organisations or places ("vilka
    universitet samarbetar BTH med", "vilket konsultbolag …"): it names one — capitalised words in a
    row ("Kreativa Europa"), or one capitalised word mid-sentence that is not a country or a
    continent, not all of them the question's own words or the region's name. A sentence about
    "universitet i Kina" names none. True when the question asks for no such thing, or for how many."""
    if not asks_for_organisation(q):
        return True
    asked = set(q.words) | once(_SELF, reader, lambda: frozenset(
        text.fold(w) for r in reader.content.records if r.is_region for n in r.names for w in text.words(str(n))))
    j = q.asked()
    noun = q.words[j] if j is not None else ""
    # a place the content names as such (a partner region) is where they are, not which they are
    # ("universiteten i Andra Pradesh" names no university) — unless places are what is asked for
    places = set() if _PLACE.search(noun) else once(_PLACES, reader, lambda: frozenset(
        " ".join(text.words(str(n))) for r in reader.content.records if r.kind == "partner_region" for n in r.names))
    # of a passage's sentences, those about what the question asks ("vilket konsultbolag ska göra
    # halvtidsutvärderingen": not a network named in the sentence after the one on the evaluation)
    for line in _about(q.free_words(), evidence.splitlines(), reader):
        for m in _CAPITALISED_RUN.finditer(line):
            words = m.group().split()
            if len(words) == 1 and (_STARTS.search(line[:m.start()]) or COUNTRY.fullmatch(words[0])
                                    or _CONTINENT.fullmatch(words[0]) or _ACRONYM_NOUN.fullmatch(words[0])):
                # a sentence's first word is capitalised anyway; a country is where they are, not
                # which they are ("universitet i Japan" names no university); "EU-projekt" is a noun
                continue
            if " ".join(text.fold(w) for w in words) in places:
                continue
            if any(text.fold(w) not in asked for w in words):
                return True
    return False


_PLACE = re.compile(r"(?:kommun|region|stad|stader|hamn|municipalit|city|cities|port|place|plats|ort)\w*$")
_PLACES: WeakKeyDictionary[IndexReader, frozenset[str]] = WeakKeyDictionary()  # partner regions' folded names


def owned_noun(q: Question, record: Record) -> str | None:
    """The noun a question asks about that is the record's, named in the genitive before it ("vad
    kostar TalentLoops studiebesök": "studiebesok"); what the record's own fields say is not about it."""
    last_words = {ws[-1] for n in record.names if (ws := text.words(str(n)))}
    free = set(q.free_words())
    for m in q.matches:
        if m.record_id == record.id and m.end < len(q.words):
            last = q.words[m.end - 1]
            if last not in last_words and last.endswith("s") and last[:-1] in last_words and q.words[m.end] in free:
                return q.words[m.end]
    return None
