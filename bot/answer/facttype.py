"""What kind of fact a question asks for, and whether a piece of evidence holds it: a number, a sum,
a date or a day, a day of the week, opening hours, a span of time, how often, a share, a country, a
phone number, an e-mail or street address, an outcome, and whether what came of something in a year
is told as done (a person's, an organisation's or a place's name: `naming`).
Confidence uses it to discount evidence without the fact ("hur mycket kostar …" answered by a
sentence without a sum); the passage kind to look a little further down for a sentence that has it."""

from __future__ import annotations

import re

from .. import text
from ..passages import sentences
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
# what funds something: "finansieras av Interreg Europe", "ur fonden", "bidrag från MUCF"
_FUNDER = re.compile(r"finansi|\bfond|bidrag|stöd från|\bstöds av|program\b|programmet\b|interreg|horisont|"
                     r"horizon|erasmus|eruf|\besf\b|\bfund|financed", re.IGNORECASE)
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
COUNTRY = re.compile(
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


# a day of the week ("onsdagar", "tisdag till torsdag", "helger") or a time of day ("kl. 9–16",
# "10.00"): what "vilken veckodag", "vilka dagar" and opening hours ask for
_WEEKDAY = re.compile(r"\b(?:mån|tis|ons|tors|fre|lör|sön)dag(?:ar|en|arna)?\b|\bvardag(?:ar|arna)?\b|"
                      r"\bhelg(?:er|en|erna)?\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|"
                      r"\bweekdays?\b|\bweekends?\b", re.IGNORECASE)
_CLOCK = re.compile(r"\bkl(?:\.|ockan)?\s*\d{1,2}|\b\d{1,2}[.:]\d{2}\b|\b\d{1,2}\s*(?:am|pm)\b", re.IGNORECASE)
_WEEKDAY_ASKED = frozenset({"dag", "dagar", "dagen", "veckodag", "veckodagar", "day", "days", "weekday", "weekdays"})
_ASKING_DAY = frozenset({"vilken", "vilka", "which", "what"})
# a span of time ("inom fyra veckor", "två år", "30 dagar"): what "hur lång tid" asks for
_DURATION = re.compile(r"\b(?:\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|några|ett par|one|two|"
                       r"three|four|five|six|seven|eight|nine|ten|a few)\s+(?:arbets)?(?:dag|dagar|dygn|vecka|veckor|"
                       r"månad|månader|år|timme|timmar|minuter|days?|weeks?|months?|years?|hours?|minutes?)\b",
                       re.IGNORECASE)
# a sum asked for by what it is ("hur stort är bidraget", "hur mycket stöd", "how big is the grant")
_SUM_NOUN = re.compile(r"(?:bidrag|stod|anslag|check|stipendi|ersattning|avgift|finansiering|pengar|medel|grant|"
                       r"fee|funding|subsid|allowance|scholarship|contribution|support)\w*$")
_HOW_MUCH = frozenset({("hur", "stor"), ("hur", "stort"), ("hur", "mycket"), ("hur", "hog"), ("hur", "hogt"),
                       ("how", "much"), ("how", "big"), ("how", "large"), ("how", "high")})


def asks_duration(q: Question) -> bool:
    """"hur lång tid tar …", "hur lång är handläggningstiden", "how long does it take": a span of time."""
    ws = q.words
    return any(w == "hur" and ws[i + 1:i + 2] in (["lang"], ["langt"]) and any("tid" in x for x in ws[i + 2:i + 5])
               or w == "how" and (ws[i + 1:i + 3] == ["much", "time"] or ws[i + 1:i + 2] == ["long"]
                                  and "take" in ws[i + 2:i + 6]) for i, w in enumerate(ws))


def asks_sum(q: Question) -> bool:
    """"hur stort är Erasmus+-bidraget", "hur mycket stöd kan vi få": a sum, by the noun asked about."""
    ws = q.words
    return any((w, x) in _HOW_MUCH and any(_SUM_NOUN.search(y) for y in ws[i + 2:i + 5])
               for i, (w, x) in enumerate(zip(ws, ws[1:])))


def asks_hours(q: Question) -> bool:
    """Opening hours: "vilka öppettider har …", "när har … öppet", "opening hours"."""
    ws = q.words
    return any(w.startswith("oppettid") for w in ws) or "opening hours" in " ".join(ws) \
        or bool({"oppet", "open"} & set(ws)) and q.reading.has("when")


# a verb in the past tense ("skickade", "nådde", "blev", "deltog"): a question on what happened
_PAST = frozenset({"blev", "fick", "deltog", "tog", "gav", "kom", "gick", "fanns", "hade", "gjorde", "sade", "skedde",
                   "drev", "holls", "was", "were", "did", "had", "got", "became", "took", "received", "reached",
                   "achieved", "participated", "joined", "spent", "sent"})


def asks_what_happened(q: Question) -> bool:
    """Whether the question asks how much or how many it came to (a verb in the past tense with a
    number or a sum asked for, or "vad blev …"): "hur många elever skickade konsortiet ut 2026", "vad
    blev exportvärdet". (Which city hosted it asks a name, which a plan gives as well.)"""
    ws = q.words
    quantity = q.reading.has("count", "budget", "share", "population") or asks_sum(q) \
        or any(w == "vad" and x == "blev" for w, x in zip(ws, ws[1:]))
    # ("var" opens a question on where: "var hålls …"; after it, "hur många var det" is past)
    return quantity and any(w in _PAST or w == "var" and i > 0 or len(w) >= 5 and w.endswith(("ade", "dde"))
                            for i, w in enumerate(ws))


def mentions_year(year: int, evidence: str) -> bool:
    """Whether the evidence names the year as a year ("EU2020" is a name, not the year 2020)."""
    return bool(re.search(rf"(?<!\w){year}(?!\w)", evidence))


def told_as_done(years: list[int], evidence: str) -> bool:
    """Whether a sentence of the evidence tells of one of the years as done or as it is, not as what a
    plan says will happen then ("år 2026 ska exporten vara värd …"); a heading ("Mål till 2026") tells
    nothing."""
    return any(any(mentions_year(y, s) for y in years) and not _FUTURE.search(s)
               and len(s.split()) >= _SENTENCE_WORDS for line in evidence.splitlines() for s in sentences(line))


def states_day(evidence: str) -> bool:
    """Whether evidence gives a day ("28 april", "2023-02-22")."""
    return bool(_DAY.search(evidence))


# the verbs a Swedish yes/no question opens with ("har …", "finns det …", "ingår …")
_POLAR = frozenset({"har", "ar", "kan", "finns", "ska", "skall", "maste", "far", "blir", "hade", "fick", "kommer",
                    "brukar", "behover", "galler", "ingar", "deltar", "stammer", "godkande", "antog", "tar", "ger"})


def _dates(evidence: str) -> set[str]:
    """The different months and seasons the evidence names: two or more are a schedule ("28 april …
    5 maj"), which tells how often; one date tells when."""
    return {m.lower() for m in _DATE.findall(evidence) if not m.isdigit()}


def polar(q: Question) -> bool:
    """Whether a Swedish question asks yes or no ("ingår det någon medlemsavgift i budgeten?"); "kan du
    ge …" asks for something."""
    return q.lang == "sv" and bool(q.words) and q.words[0] in _POLAR and q.words[1:2] not in (["du"], ["ni"])


def has_answer_type(q: Question, evidence: str) -> bool:
    """Whether the evidence holds the kind of fact the question asks for: a number, a sum, a date or a
    weekday, how often, how long, opening hours, a share, a phone number, an e-mail or street address,
    an outcome."""
    r = q.reading
    if r.has("phone") and not _PHONE.search(evidence):
        return False
    if r.has("email") and "@" not in evidence:
        return False
    if _ADDRESS_ASKED.intersection(q.words) and not r.has("email") and not _ADDRESS.search(evidence):
        return False  # "vilken adress har kontoret": "kontoret i Karlskrona" is no address
    if r.has("outcome"):
        # (what a plan says it will assess or lead to is no outcome: "ska bedöma om …"); a number asked
        # of an outcome is in a sentence that tells it ("hur många företag deltog till slut": not "målet
        # är att 200 företag ska ha deltagit", nor "tolv partner" beside "sprida resultaten")
        done = [s for s in sentences(evidence) if _OUTCOME.search(s) and not _FUTURE.search(s)]
        if not done or r.has("count", "budget", "share") and not any(_NUMBER.search(s) for s in done):
            return False
    if _DAY_ASKED.intersection(q.words) and not (_DAY.search(evidence) or _MONTH_OF_YEAR.search(evidence)):
        return False  # "vilka datum går kursen": "på våren" is no date
    if r.has("decide") and r.has("who") and not any(
            _DECISION.search(line) and len(line.split()) >= _SENTENCE_WORDS for line in evidence.splitlines()):
        return False  # "vem fattar beslut om …": a sentence that tells of the decision
    if r.has("founders") and r.has("who") and not _FOUNDING.search(evidence):
        return False  # "vem grundade BTH": a sentence that tells who founded it
    if r.has("countries") and not COUNTRY.search(evidence):
        return False  # "vilka länder kan eleverna åka till": a sentence that names countries
    if r.has("funding") and r.has("who") and not r.has("budget") and not asks_sum(q) \
            and not _FUNDER.search(evidence):
        return False  # "vem betalar för projektet": a sentence that says what funds it
    yes_no = polar(q)  # (a yes or a no is the answer: "ingår det någon ny avgift i budgeten?")
    if r.has("share") and not yes_no and not _SHARE.search(evidence):
        return False
    if r.has("frequency") and not (_FREQUENCY.search(evidence) or len(_dates(evidence)) >= 2):
        return False  # (dates say how often too: "28 april … 5 maj")
    if r.has("count", "population") and not _NUMBER.search(evidence):
        return False
    # "hur många CNC-operatörer": when the evidence names what is counted, a sentence naming it gives the
    # number ("4 700 personer" beside "bristen på … CNC-operatörer" counts no CNC-operatörer)
    counted = text.stem(q.target() or "") if r.has("count") else ""
    naming = [s for s in sentences(evidence) if counted in {text.stem(w) for w in text.words(s)}] if counted else []
    if naming and not any(_NUMBER.search(s) for s in naming):
        return False
    if r.has("budget") and not yes_no and not _MONEY.search(evidence):
        return False
    if asks_sum(q) and not (_MONEY.search(evidence) or _SHARE.search(evidence)):
        return False  # ("hur stort är stödet": "högst 50 procent" tells it too)
    if asks_duration(q) and not (_DURATION.search(evidence) or _DAY.search(evidence)
                                 or r.has("period") and _DATE.search(evidence)):
        return False  # "hur lång handläggningstid har …": "inom fyra veckor" (how long it runs: its years)
    if any(w in _ASKING_DAY and x in _WEEKDAY_ASKED for w, x in zip(q.words, q.words[1:])) \
            and not (_WEEKDAY.search(evidence) or _DAY.search(evidence) or _MONTH_OF_YEAR.search(evidence)):
        return False  # "vilka dagar har …", "which days": days of the week, or dates
    if asks_hours(q) and not (_WEEKDAY.search(evidence) or _CLOCK.search(evidence)):
        return False  # "vilka öppettider har servicepunkten": days or times of day
    # "när bildades …" asks for a date; "vilken grupp bildade …" asks who
    if (r.has("when", "start") or r.has("founded") and not r.has("who", "founders")) and not _DATE.search(evidence) \
            and not (_WEEKDAY_ASKED.intersection(q.words) and _WEEKDAY.search(evidence)):
        return False  # ("vilken dag har de öppet": "onsdagar")
    return True
