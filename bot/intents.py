"""Reads what kind of question a user asks: its language and its cue words (when, who, how many …).

Cues are words and phrases, folded (no å/ä/ö) so that "nar" and "när" are the same. A cue names
what the user wants to know; which record it is about is the matcher's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import text

# cue → folded words or phrases (a phrase matches consecutive words; a word also matches by stem)
CUES: dict[str, tuple[str, ...]] = {
    "when": ("nar", "datum", "vilket datum", "vilken dag", "when", "date", "what date", "which date"),
    "decide": ("beslutar", "beslut", "besluta", "beslutas", "fattar", "behandlar", "behandlas", "tar upp",
               "decide", "decides", "decision", "decided", "approve", "approves", "klubba", "klubbar", "klubbas",
               "klubbade", "klubbades", "godkanna", "godkanner", "godkanns", "godkande"),
    "who": ("vem", "vilka", "vilken organisation", "who", "whom"),
    "lead": ("leder", "leds", "ledde", "lead", "leads", "led", "leading", "huvudansvarig", "lead partner",
             "leadpartner", "ansvarig", "ansvarar", "drivs", "driver", "koordinator", "coordinator", "run by"),
    "owner": ("ager", "ags", "projektagare", "agare", "owner", "owns", "owned"),
    "role": ("roll", "rollen", "role", "associerad", "associated", "delaktig", "medverkar"),
    "count": ("hur manga", "antal", "antalet", "how many", "number of"),
    # a sum over parts ("totalt", "sammanlagt"): the text says it in either word, or in a "Totalt" column
    "total": ("totalt", "sammanlagt", "sammantaget", "totala", "sammanlagda", "total", "in total", "altogether",
              "allt som allt"),
    "frequency": ("hur ofta", "how often"),  # ("hur många gånger större" is a ratio)
    "share": ("hur stor del", "hur stor andel", "vilken andel", "hur manga procent", "what share", "what percentage",
              "what proportion", "how large a share", "how big a share"),
    "partners": ("partner", "partners", "partnerna", "parter", "samarbetspartner", "organisationer",
                 "deltagare", "partnerorganisationer"),
    "budget": ("budget", "budgeten", "kostar", "kostnad", "kostnaden", "omslutning", "euro", "cost",
               "costs", "how much money", "hur mycket pengar", "pay", "pays", "paid", "betalar", "betala", "avgift",
               "avgiften", "medlemsavgift", "medlemsavgiften", "fee", "fees", "lon", "lonen", "loner", "salary",
               "salaries", "wage", "wages"),
    "phone": ("telefonnummer", "telefonnumret", "telefon", "ringa", "phone", "phone number", "call"),
    "email": ("e post", "e postadress", "e postadressen", "epost", "epostadress", "mejl", "mejladress",
              "mailadress", "email", "e mail", "email address"),
    "outcome": ("resultat", "resultatet", "resultaten", "uppnatt", "uppnadde", "uppnaddes", "nadde", "naddes",
                "reached", "effekt", "effekter",
                "effekten", "utfall", "utfallet", "result", "results", "outcome", "outcomes", "achieved",
                "impact", "till slut", "i slutandan", "fortsattning", "fortsattningen", "in the end",
                "follow up", "successor", "came out of", "come out of", "kom ut av", "blev det av", "hittills",
                "so far", "to date"),
    "funding": ("finansiering", "finansieras", "finansierat", "finansierad", "delfinansierat", "finansierar",
                "fond", "fonder", "fonden", "funding", "funded", "financed", "fund", "funds", "stod"),
    "period": ("hur lange", "pagar", "period", "perioden", "varaktighet", "tidsperiod", "how long",
               "duration", "runs", "last", "lasts", "lopa", "loper", "tidsram"),
    "start": ("startade", "startar", "borjade", "borjar", "start", "starts", "started", "begin", "began"),
    "end": ("slutar", "avslutas", "tar slut", "end", "ends", "klart", "klar", "finish", "finished"),
    "full_name": ("star for", "fullstandiga namn", "fullstandiga namnet", "hela namnet", "full name",
                  "stand for", "stands for", "forkortning", "forkortningen", "heter", "called", "named", "namn"),
    "purpose": ("syfte", "syftet", "mal", "malet", "handlar om", "purpose", "aim", "goal", "about", "uppna",
                "vill uppna", "achieve", "aims",
                "vad gor", "what does", "uppdrag"),
    "countries": ("lander", "land", "landerna", "countries", "country", "nationer"),
    "areas": ("insatsomrade", "insatsomraden", "insatsomradet", "priority area", "priority areas",
              "omrade", "omraden", "area", "areas", "fokuserar", "fokus", "focus", "serve", "serves",
              "tjanar", "tillhor", "hor till", "belong", "belongs", "galler", "io"),
    "population": ("invanare", "befolkning", "befolkningen", "bor", "inhabitants", "population", "how many people"),
    "flagship": ("flaggskepp", "flaggskeppsprojekt", "flagship"),
    "members": ("medlem", "medlemmar", "medlemskap", "member", "members", "membership"),
    "follows": ("bevakar", "foljer", "konferenser", "follows", "follow", "monitors", "monitor", "observer",
                "utan medlemskap"),
    "networks": ("natverk", "natverken", "organisationer", "organisationerna", "samarbetsorganisationer",
                 "networks", "organisations", "organizations", "network"),
    "projects": ("projekt", "projekten", "projektet", "projects", "project", "utvecklingsprojekt"),
    "contact": ("kontaktperson", "kontaktpersonen", "kontaktpersoner", "kontaktpersonerna", "eu kontaktperson",
                "contact person", "contact persons", "contact people"),
    "reach": ("kontakt", "kontakta", "contact", "ringa", "mejla", "e post", "email", "telefon", "phone",
              "namn", "name"),
    "tasks": ("gor", "gora", "uppgifter", "uppgift", "huvuduppgifter", "arbetar med", "hjalper", "hjalpa", "erbjuder",
              "does", "do", "tasks", "help", "helps", "offer", "offers", "sysslar"),
    "where": ("where", "ligger", "placerat", "placerad", "adress", "located", "location"),
    "founded": ("bildades", "grundades", "startades", "founded", "established", "created", "bildat"),
    "founders": ("bildade", "grundade", "bakom", "founded by", "behind", "huvudman", "huvudman"),
    "host": ("vardorganisation", "vard", "host", "hosts", "hosted", "driver"),
    "list": ("vilka", "vilket", "vilken", "which", "lista", "list", "alla", "all", "what are", "name the",
             "namn pa", "rakna upp"),
    "what": ("vad ar", "vad betyder", "vad innebar", "vad menas", "vad star", "what is", "what are",
             "what does", "beratta om", "beskriv", "forklara", "tell me about", "explain", "describe",
             "vem ar", "who is", "vilka ar"),
    # how long a document holds ("till när gäller strategin"), not when it was made
    "valid": ("galler", "giltig", "giltigt", "giltighet", "valid", "apply", "applies", "in force"),
    "timeline": ("tidplan", "tidplanen", "tidsplan", "timeline", "schedule", "tidslinje"),
    "regions": ("regioner", "regionerna", "partnerregioner", "regions", "vilken region", "which region"),
}

# Phrases that only say what a question is about ("när det gäller länder" is not "när"): their words
# ask nothing.
REGARDING = ("nar det galler", "vad galler", "nar det kommer till", "when it comes to", "as for", "with regard to")

# Cues matched only as written, never by stem ("regioner" asks for regions; "region" does not).
EXACT = frozenset({"regions"})
# Generic heads whose compounds name other things ("havsområde", "närområde" are not insatsområden):
# they are cues alone, never as the head of a compound.
NOT_HEADS = frozenset({"omrade", "omraden"})

# Words that open a question by asking something (a later "när" opens a clause instead).
_ASKING = frozenset({"vad", "vem", "vilka", "vilken", "vilket", "hur", "varfor", "what", "who", "which", "how", "why"})

# Longer "words" are not words (a pasted hash, a key held down): a question reads without them.
LONGEST_WORD = 40

# Words a question may carry that say nothing about its subject.
FILLER = frozenset(text.fold(w) for w in """
    säger sägs sagt sades skriver skrivs står nämns nämner nämnt berätta beskriv förklara menas kallas heter snälla tack hej hejsan undrar
    vet veta fråga frågan hitta hittar finner strategin strategi strategins internationella internationell egentligen
    typ exakt info ge lista visa kolla slags sorts sort kort kortfattat mer mera
    nån nåt nånting nånsin nånstans sån såna sånt dom mej dej sej
    lite gärna alltså just bara också väl ens dock nog sådär ungefär ok okej idag numera today currently
    tar ta tas tog sker ske händer hände kommer kom blir gå går gick görs gjorde gång gången
    tell say says mention mentioned please thanks hi hello know give show find explain describe about
    strategy international regarding kind sort type briefly more exactly
""".split())

_EN_MARKERS = frozenset("""
    the which what who when where how does do is are of many much serve serves priority area board
    council project projects partner partners member members in with there this that from for
""".split())
_SV_MARKERS = frozenset(text.fold(w) for w in """
    vad vilka vilket vilken vem när hur är och i på för som det har finns inom om med till av en ett
    den de kan ska var projekt
""".split())


@dataclass
class Reading:
    """What the question asks: its language, its folded words and the cues found in them."""

    words: list[str]
    lang: str
    cues: set[str] = field(default_factory=set)
    cue_words: set[int] = field(default_factory=set)  # positions of words that are cues
    cue_positions: dict[str, set[int]] = field(default_factory=dict)
    # what a compound adds to the cue that is its head: "sjösäkerhetsprojektet" asks about projects,
    # and which one: "sjosakerhet"
    modifiers: dict[int, str] = field(default_factory=dict)

    def add(self, cue: str, positions: range) -> None:
        """Note `cue`, found in the words at `positions`."""
        self.cues.add(cue)
        self.cue_words.update(positions)
        self.cue_positions.setdefault(cue, set()).update(positions)

    def has(self, *cues: str) -> bool:
        return any(c in self.cues for c in cues)

    def without_words(self, positions: set[int]) -> None:
        """Forget cues found only inside `positions` (words that are part of a name)."""
        for cue, where in list(self.cue_positions.items()):
            if where <= positions:
                del self.cue_positions[cue]
                self.cues.discard(cue)
        self.cue_words = set().union(*self.cue_positions.values()) if self.cue_positions else set()


def language(words: list[str]) -> str:
    """"en" when the words look English, else "sv"."""
    en = sum(1 for w in words if w in _EN_MARKERS and w not in ("in", "for", "det", "har"))
    sv = sum(1 for w in words if w in _SV_MARKERS)
    return "en" if en > sv else "sv"


def _occurrences(ws: list[str], stems: list[str], phrase: str, loose: bool) -> list[int]:
    """Where `phrase` stands in the words: as written, or (a single word, when `loose`) by its stem
    or as a compound's first part or head."""
    parts = phrase.split()
    n = len(parts)
    return [i for i in range(len(ws) - n + 1)
            if ws[i:i + n] == parts or loose and n == 1 and _like(ws[i], stems[i], parts[0])]


def _like(word: str, stem: str, cue: str) -> bool:
    if len(cue) < 5 or len(word) < 5:
        return False
    return (stem == text.stem(cue)
            # a compound that starts with a long cue word: "flaggskeppsstatus"
            or len(cue) >= 8 and word.startswith(cue)
            # or ends with one, its head: "totalbudgeten", "medlemsavgiften"
            or _is_head(word, cue))


def _is_head(word: str, cue: str) -> bool:
    """Whether the cue word is the head of the compound `word`: "totalbudgeten", "sjösäkerhetsprojektet"."""
    return len(cue) >= 6 and len(word) >= len(cue) + 4 and word.endswith(cue) and cue not in NOT_HEADS


_PAYING = frozenset({"betalar", "betala", "betalas", "bekostar", "pay", "pays", "paid"})
_WHO_OR_WHICH = frozenset({"vem", "vilken", "vilket", "vilka", "who", "which"})


def read(question: str) -> Reading:
    """Find the language and cues of `question`."""
    ws = [w for w in text.words(question) if len(w) <= LONGEST_WORD]
    reading = Reading(ws, language(ws))
    stems = [text.stem(w) for w in ws]
    for _, i, cue, n in sorted(_cue_matches(ws, stems)):
        reading.add(cue, range(i, i + n))
    for i in reading.cue_words:
        head = max((c for phrases in CUES.values() for c in phrases if " " not in c and _is_head(ws[i], c)),
                   key=len, default=None)
        if head:
            modifier = ws[i][:-len(head)]
            reading.modifiers[i] = modifier[:-1] if modifier.endswith("s") and len(modifier) > 4 else modifier
    for phrase in REGARDING:
        for i in _occurrences(ws, stems, phrase, loose=False):
            reading.without_words(set(range(i, i + len(phrase.split()))))
    if ws and ws[0] in _ASKING and ws[0] not in ("nar", "when"):
        # "hur röstade partierna när fullmäktige tog strategin": a "när" inside a question that asks
        # something else opens a clause; it does not ask for a date
        reading.without_words({i for i, w in enumerate(ws) if w in ("nar", "when") and i >= 2})
    paying = {i for i, w in enumerate(ws) if w in _PAYING}
    if ws and ws[0] in _WHO_OR_WHICH and paying and reading.cue_positions.get("budget", set()) <= paying:
        # "vem betalar för projektet", "vilken eu-pott betalar …": who pays is its funding, not a sum
        reading.without_words(paying)
        reading.add("funding", range(min(paying), min(paying) + 1))
    if ws and ws[0] == "var":
        reading.add("where", range(1))
    if ws and ws[0] in ("ar", "har", "is", "are", "does", "do", "has", "finns", "blev"):
        reading.cues.add("yes_no")
    if ws and ws[0] == "blev":
        # "blev avtalet påskrivet?", "blev det något …?": what came of it, an outcome
        reading.add("outcome", range(1))
    return reading


@dataclass
class _CueTable:
    """CUES indexed for reading: every phrase by its first word, and the single words that may also
    match loosely (`_like` decides) by stem and by themselves, to be looked up as a compound's first
    part or head. Each phrase keeps its place in CUES, so that cues are added in the same order as a
    scan of CUES would."""

    by_first: dict[str, list[tuple[int, str, tuple[str, ...]]]] = field(default_factory=dict)
    by_stem: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    by_word: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)


def _cue_table() -> _CueTable:
    table = _CueTable()
    order = 0
    for cue, phrases in CUES.items():
        for phrase in phrases:
            parts = tuple(phrase.split())
            table.by_first.setdefault(parts[0], []).append((order, cue, parts))
            if len(parts) == 1 and cue not in EXACT:
                table.by_stem.setdefault(text.stem(phrase), []).append((order, cue, phrase))
                table.by_word.setdefault(phrase, []).append((order, cue, phrase))
            order += 1
    return table


_TABLE = _cue_table()


def _cue_matches(ws: list[str], stems: list[str]) -> set[tuple[int, int, str, int]]:
    """(phrase's place in CUES, position, cue, length) of every cue phrase in the words: what
    `_occurrences` finds for each phrase, looked up by word instead of scanned phrase by phrase."""
    found: set[tuple[int, int, str, int]] = set()
    for i, word in enumerate(ws):
        for order, cue, parts in _TABLE.by_first.get(word, ()):
            if tuple(ws[i:i + len(parts)]) == parts:
                found.add((order, i, cue, len(parts)))
        # the single words that may match loosely: by stem, or as the word's beginning or end
        maybe = list(_TABLE.by_stem.get(stems[i], ()))
        for k in range(1, len(word) + 1):
            maybe += _TABLE.by_word.get(word[:k], [])
            maybe += _TABLE.by_word.get(word[-k:], [])
        found.update((order, i, cue, 1) for order, cue, phrase in maybe if _like(word, stems[i], phrase))
    return found
