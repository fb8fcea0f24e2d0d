"""What kind of fact a question asks for, and whether a piece of evidence holds it: a number, a sum,
a date or a day, how often, a share, a country, a phone number, an e-mail or street address, an
outcome, a person's name, an organisation's or a place's name.
Confidence uses it to discount evidence without the fact ("hur mycket kostar …" answered by a
sentence without a sum); the passage kind to look a little further down for a sentence that has it."""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from .. import text
from ..index import IndexReader
from ..passages import sentences
from .knowledge import once
from .question import Question

_NUMBER = re.compile(r"\b(?!(?:19|20)\d\d\b)\d|\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|(?:tret|fjor|fem|sex|"
                     r"sjut|ar|nit)ton|(?:tjugo|(?:tret|fyr|fem|sex|sjut|åt|nit)tio|hundra|tusen|miljon|miljard)\w*|dussin|"
                     r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)"
                     r"teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|hundred|thousand|(?:m|b)illion\w*|dozen)\b", re.I)
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|"
                   r"november|december|jan|feb|dec|hösten|våren|sommaren|vintern|january|february|march|may|june|"
                   r"july|august|october|autumn|spring|summer|winter)\b", re.IGNORECASE)


# (what costs nothing answers what it costs: "kostnadsfritt informationsmaterial")
_MONEY = re.compile(r"\b(?:euro|eur|kronor|kr|sek|miljoner|miljarder|million|billion|dollar)\b|€|\$|"
                    r"\b(?:kostnadsfri|avgiftsfri|gratis|free of charge)", re.IGNORECASE)


# how often: "sex gånger per år", "årligen", "i mars varje år", "twice a year"
_FREQUENCY = re.compile(r"\bgång(?:er)?\b|\bårlig|\bvarje\b|\bper (?:år|månad|vecka|kvartal)\b|\bi månaden\b|"
                        r"\bom året\b|\bkvartalsvis|\bveckovis|\bmånatlig|\bdaglig|\btimes?\b|\btwice\b|"
                        r"\bannual|\byearly\b|\bmonthly\b|\bweekly\b|\bevery\b|\beach (?:year|month|week)\b",
                        re.IGNORECASE)
# a share: "25 procent", "andelen", "hälften", "ingen del av budgeten"
_SHARE = re.compile(r"procent|%|\bandel|\bdel(?:en)? av\b|hälft|tredjedel|fjärdedel|percent|\bshare|\bhalf\b|"
                    r"\bthird\b|\bquarter\b", re.IGNORECASE)
# a day: "28 april", "3 oktober–11 november", "2023-02-22", "May 5" (what "vilket datum" asks for)
_MONTHS = r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|january|" \
          r"february|march|may|june|july|august|october)"
_DAY = re.compile(rf"\b\d{{1,2}}(?::e|:a)?\s+{_MONTHS}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b{_MONTHS}\s+\d{{1,2}}\b",
                  re.IGNORECASE)
# a month of a year is a date when the content gives no day ("pågår från november 2024 till oktober 2027")
_MONTH_OF_YEAR = re.compile(rf"\b{_MONTHS}\s+(?:19|20)\d\d\b", re.IGNORECASE)
_DAY_ASKED = frozenset({"datum", "datumet", "datumen", "date", "dates"})
# a street address ("Storgatan 12", "Rue du Luxembourg 3", "371 79 Karlskrona"): what "vilken adress" asks for
_ADDRESS_ASKED = frozenset({"adress", "adressen", "address", "besoksadress", "besoksadressen", "postadress",
                            "postadressen", "gatuadress", "gatuadressen", "addresses", "adresser"})
_ADDRESS = re.compile(r"\b\w*(?:gatan|gata|vägen|väg|gränd|torget|torg|allén|allé|backe|kajen|street|road|"
                      r"avenue|lane|straat|straße|strasse|gade|vej|ulica)\.?\s+\d+|"
                      r"\b(?:rue|avenue|boulevard|bd|place|square|plac|ul\.)\s+\S+(?:\s+\S+){0,3}?\s+\d+|"
                      r"\b\d{3}\s?\d{2}\s+[A-ZÅÄÖ]|\bbox\s+\d+", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+\d{2}|\b0)\d{1,3}[- /]?\d{2,3}[ -]?\d{2}[ -]?\d{2}\b")
# ("är ett resultat av …" tells where a thing comes from, not what it achieved)
_OUTCOME = re.compile(r"(?<!ett )\bresultat(?:et|en)?\b(?! av)|uppnå|effekt|resulter|lett till|ledde till|"
                      r"utfall|\bresults?\b|\bachiev|\boutcomes?\b", re.IGNORECASE)

# a country, by its Swedish or English name, or countries described ("länder som finns på WHO:s lista"):
# what "vilka länder" asks for
_COUNTRY = re.compile(
    r"\b(?:sverige|danmark|norge|finland|island|estland|lettland|litauen|polen|tyskland|ryssland|vitryssland|"
    r"belarus|ukraina|nederländerna|holland|belgien|luxemburg|frankrike|spanien|portugal|italien|grekland|malta|"
    r"cypern|irland|storbritannien|england|skottland|wales|österrike|schweiz|tjeckien|slovakien|ungern|slovenien|"
    r"kroatien|rumänien|bulgarien|serbien|bosnien|albanien|nordmakedonien|montenegro|kosovo|moldavien|turkiet|"
    r"georgien|armenien|kina|indien|japan|sydkorea|korea|vietnam|thailand|indonesien|brasilien|argentina|chile|"
    r"mexiko|kanada|usa|australien|sydafrika|kenya|egypten|marocko|tunisien|israel|färöarna|grönland|åland|"
    r"sweden|denmark|norway|iceland|estonia|latvia|lithuania|poland|germany|russia|ukraine|netherlands|belgium|"
    r"france|spain|italy|greece|cyprus|ireland|united kingdom|britain|austria|switzerland|czechia|czech republic|"
    r"slovakia|hungary|slovenia|croatia|romania|bulgaria|serbia|turkey|china|india|canada|united states|"
    r"brazil|south africa|länder\w*|land|landet|countries|country|nations?)\b", re.IGNORECASE)

# who decides: a decision and who makes it ("fattar beslut", "beslutar", "på delegation", "approves")
_DECISION = re.compile(r"\bbeslut|\bfatta[rs]?\b|\bfattade\b|\bgodkän|\bdelegation|\bdecid|\bdecision|\bapprov",
                       re.IGNORECASE)
# who founded it: a sentence that tells of the founding ("bildades … av", "grundade", "står bakom")
_FOUNDING = re.compile(r"\b(?:bilda\w*|grunda\w*|starta\w*|inrätta\w*|etablera\w*|bakom|huvudm[aä]n\w*|"
                       r"found\w*|establish\w*|set up|created|behind)", re.IGNORECASE)
_SENTENCE_WORDS = 6  # fewer words are a heading ("Beslut om handlingsplanen"), not a sentence that tells

# a sentence about what is to come: a plan's aims and checks, not what came of them
_FUTURE = re.compile(r"\b(?:ska|skall|kommer att|planeras|avses|will|shall|is to|are to)\b", re.IGNORECASE)


# a person's role asked for by name ("vad heter energistrategen", "vilka politiker sitter i …",
# "vem är ordförande"): folded endings of Swedish and English role nouns
_PERSON = re.compile(r"(?:strateg|chef|direktor|ledare|samordnare|handlaggare|ordforande|politiker|ledamot|"
                     r"ledamoter|sekreterare|person|personer|informator|kommunikator|koordinator|radgivare|"
                     r"ombud|manager|director|chair|chairman|chairperson|coordinator|officer|"
                     r"politician|secretary|adviser|advisor|spokesperson)(?:en|erna|na|er|n|s)?$")
# (a place is named after "på", "i", "vid": "på Campus Gräsvik" names no one)
_CAPITALISED = re.compile(r"(?<![.!?:;]\s)(?<!^)(?<![\w-])(?<!\bpå )(?<!\bi )(?<!\bvid )(?<!\bin )(?<!\bat )"
                          r"([A-ZÅÄÖÉ][a-zåäöéü]+)[ \t]+([A-ZÅÄÖÉ][a-zåäöéü]+)\b", re.MULTILINE)
# (within a line: a title's last word and the next line's first are no name)
_NAMES: WeakKeyDictionary[IndexReader, frozenset[str]] = WeakKeyDictionary()
# that there is no one answers who ("Ingen EU-kontaktperson är registrerad för …")
_NO_ONE = re.compile(r"^(?:ingen|no)\b", re.IGNORECASE | re.MULTILINE)


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
        return any(_PERSON.search(w) for w in q.words[i:i + span])

    if j is not None and not role_at(j):
        # "vem är Region Blekinges kontaktperson", "who is Region Blekinge's contact person": the role
        # after a name in the genitive ("Blekinge's" is read as "blekinge", "s")
        j = next((k for m in q.matches if m.start == j
                  and role_at(k := m.end + (q.words[m.end:m.end + 1] == ["s"]))), j)
        # "vem är Kustnätverkets ordförande": a word in the genitive the content has no record for
        j = j + 1 if not role_at(j) and q.words[j].endswith("s") and role_at(j + 1) else j
    if j is None or not role_at(j) or q.reading.has("count") or _NO_ONE.search(evidence):
        return True
    known = once(_NAMES, reader, lambda: _name_words(reader))
    # the sentences about whom the question asks: of a network's chair, not another's named beside it
    about = _about([w for w in q.free_words() if not _PERSON.search(w)], [evidence], reader)
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
                           r"kommun|region|stad|stader|hamn|skol|skolor|projekt|natverk|program|university|"
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
            if len(words) == 1 and (_STARTS.search(line[:m.start()]) or _COUNTRY.fullmatch(words[0])
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


def states_day(evidence: str) -> bool:
    """Whether evidence gives a day ("28 april", "2023-02-22")."""
    return bool(_DAY.search(evidence))


def has_answer_type(q: Question, evidence: str) -> bool:
    """Whether the evidence holds the kind of fact the question asks for: a number, a sum, a date,
    how often, a share, a phone number, an e-mail or street address, an outcome."""
    r = q.reading
    if r.has("phone") and not _PHONE.search(evidence):
        return False
    if r.has("email") and "@" not in evidence:
        return False
    if _ADDRESS_ASKED.intersection(q.words) and not r.has("email") and not _ADDRESS.search(evidence):
        return False  # "vilken adress har kontoret": "kontoret i Karlskrona" is no address
    if r.has("outcome") and not any(_OUTCOME.search(s) and not _FUTURE.search(s) for s in sentences(evidence)):
        return False  # (what a plan says it will assess or lead to is no outcome: "ska bedöma om …")
    if _DAY_ASKED.intersection(q.words) and not (_DAY.search(evidence) or _MONTH_OF_YEAR.search(evidence)):
        return False  # "vilka datum går kursen": "på våren" is no date
    if r.has("decide") and r.has("who") and not any(
            _DECISION.search(line) and len(line.split()) >= _SENTENCE_WORDS for line in evidence.splitlines()):
        return False  # "vem fattar beslut om …": a sentence that tells of the decision
    if r.has("founders") and r.has("who") and not _FOUNDING.search(evidence):
        return False  # "vem grundade BTH": a sentence that tells who founded it
    if r.has("countries") and not _COUNTRY.search(evidence):
        return False  # "vilka länder kan eleverna åka till": a sentence that names countries
    if r.has("share") and not _SHARE.search(evidence):
        return False
    if r.has("frequency") and not (_FREQUENCY.search(evidence) or _DATE.search(evidence)):
        return False  # (dates say how often too: "28 april … 5 maj")
    if r.has("count", "population") and not _NUMBER.search(evidence):
        return False
    # "hur många CNC-operatörer": when the evidence names what is counted, a sentence naming it gives the
    # number ("4 700 personer" beside "bristen på … CNC-operatörer" counts no CNC-operatörer)
    counted = text.stem(q.target() or "") if r.has("count") else ""
    naming = [s for s in sentences(evidence) if counted in {text.stem(w) for w in text.words(s)}] if counted else []
    if naming and not any(_NUMBER.search(s) for s in naming):
        return False
    if r.has("budget") and not _MONEY.search(evidence):
        return False
    # "när bildades …" asks for a date; "vilken grupp bildade …" asks who
    if (r.has("when", "start") or r.has("founded") and not r.has("who", "founders")) and not _DATE.search(evidence):
        return False
    return True
