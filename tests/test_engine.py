"""The answer engine on the shipped content: kinds of questions, not particular strings."""

from __future__ import annotations


import dataclasses
import shutil
from pathlib import Path
from typing import Callable

import pytest

from bot import content, index
from bot.answer import Engine, clean_question

from .conftest import DATA, SHIPPED_CONTENT, make_content


def shipped_with(folder: Path, vector_cache: Path, change: Callable[[Path], object]) -> Engine:
    """An engine over a copy of the shipped content in `folder`, after `change` (given the copy)."""
    root = folder / "content"
    shutil.copytree(SHIPPED_CONTENT, root)
    change(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STRATEGIBOT_VECTOR_CACHE", str(vector_cache))
        index.build(content.load(root), folder / "index")
    return Engine(index.open_current(folder / "index"))


def engine_of(tmp_path: Path, files: dict[str, str | Path]) -> Engine:
    """An engine over a content folder of `files` alone, indexed on disk."""
    folder = make_content(tmp_path, files)
    index.build(content.load(folder), tmp_path / "index")
    return Engine(index.open_current(tmp_path / "index"))


def ask(engine: Engine, q: str):
    a = engine.answer(q)
    assert isinstance(a.answer, str) and a.answer
    if a.found:
        assert a.sources, q
    return a


@pytest.mark.parametrize("q, present, absent", [
    ("Vilka projekt finns inom IO 3?", ["Baltic Master II", "East West TC II", "TransBaltic", "Moment", "SoNorA"], ["Yc"]),
    ("projekt insatsområde fem", ["Yc³"], ["SoNorA"]),
    ("Which projects are in priority area 3?", ["Baltic Master II", "SoNorA"], ["Yc"]),
    ("Vilka projekt leds av Region Blekinge?", ["Baltic Master II", "East West TC II"], ["Moment", "SoNorA", "Yc"]),
    ("Vilka projekt har parter i Litauen?", ["East West TC II", "Moment", "Yc³"], ["SoNorA", "TransBaltic"]),
    ("Vilka projekt är flaggskeppsprojekt?", ["Baltic Master II"], ["Moment"]),
])
def test_project_lists(engine: Engine, q: str, present: list[str], absent: list[str]):
    a = ask(engine, q)
    assert a.found and a.kind == "list_projects"
    for term in present:
        assert term in a.answer
    for term in absent:
        assert term not in a.answer


def test_a_list_with_no_projects_says_so(engine: Engine):
    a = ask(engine, "Vilka projekt finns inom insatsområde 2?")
    assert a.found and "inga projekt" in a.answer and a.sources[0].title == "Internationella projekt"


@pytest.mark.parametrize("q, expected", [
    ("När behandlar regionfullmäktige strategin?", "5 maj 2010"),
    ("när beslutar AU", "14 april 2010"),
    ("när är forankringsprocessen", "15 mars 2010"),
    ("När kommer utkast 2?", "15 februari 2010"),
    ("When does the regional council decide?", "5 May 2010"),
])
def test_dates(engine: Engine, q: str, expected: str):
    a = ask(engine, q)
    assert a.found and expected in a.answer
    assert a.sources[0].title == "TIDPLAN för framtagning av internationell strategi"


def test_a_date_two_places_give_is_quoted_from_either(engine: Engine):
    # the section on action plans says "ska vara klar i december 2010", the timeline "31 december
    # 2010": the quote that holds the question's words as well as the record does may answer
    a = ask(engine, "När ska handlingsplanerna vara klara?")
    assert a.found and "december 2010" in a.answer
    assert a.sources[0].title in ("Handlingsplaner", "TIDPLAN för framtagning av internationell strategi")


@pytest.mark.parametrize("q, expected", [
    ("Vem leder East West TC II?", "Region Blekinge"),
    ("Vem äger projektet Moment?", "Regionförbundet i Kalmar"),
    ("Vilken roll har Region Blekinge i SoNorA?", "associerad partner"),
    ("Hur många partner har BM II?", "48"),
    ("Vad är budgeten för Baltic Master II?", "fyra miljoner euro"),
    ("Hur finansieras Baltic Master II?", "Europeiska regionala utvecklingsfonden"),
    ("Hur länge pågår East West?", "tre år"),
    ("När startade TransBaltic?", "juni 2009"),
    ("Vilka länder deltar i Moment?", "Litauen, Ryssland, Polen och Sverige"),
    ("Vad står SoNorA för?", "South North Axis"),
    ("Vad är syftet med TransBaltic?", "sammanhängande transportsystem"),
    ("Vilket insatsområde tillhör Moment?", "insatsområde 3"),
    ("Är Baltic Master II ett flaggskeppsprojekt?", "flaggskeppsprojekt"),
])
def test_project_attributes(engine: Engine, q: str, expected: str):
    a = ask(engine, q)
    assert a.found, a.answer
    assert expected in a.answer
    # a record answer cites the record, titled by the section its facts come from; a passage its section
    assert a.sources[0].id.startswith(("project:", "internationell-strategi-2010-2013#"))
    assert a.sources[0].document == "Internationell strategi 2010–2013"


@pytest.mark.parametrize("q", ["Vad är budgeten för TransBaltic?", "Vem leder TransBaltic?",
                               "Hur många partner har SoNorA?"])
def test_facts_the_strategy_does_not_give_are_not_guessed(engine: Engine, q: str):
    a = ask(engine, q)
    assert not a.found
    assert "anger" in a.answer and a.sources


def test_english_question_gets_english_answer(engine: Engine):
    a = ask(engine, "Which countries take part in East West TC II?")
    assert a.lang == "en" and a.found
    assert "Denmark" in a.answer and "Belarus" in a.answer


def test_an_english_date_gives_the_swedish_date_where_it_reads_otherwise(engine: Engine):
    from bot import messages

    # the source says "5 maj": a reader who looks it up finds it; "28 april" reads the same in both
    assert messages.date("2010-05-05", "en") == "5 May 2010 (5 maj 2010)"
    assert messages.date("2010-04-28", "en") == "28 April 2010"
    assert messages.date("2010-05-05", "sv") == "5 maj 2010"
    a = ask(engine, "When does the regional council decide on the strategy?")
    assert a.found and "5 May 2010 (5 maj 2010)" in a.answer, a.answer


def test_conflicting_sources_are_both_reported(engine: Engine):
    a = ask(engine, "Vilka insatsområden gäller för framstående europeiska regioner?")
    assert a.found and "skiljer sig" in a.answer
    assert "insatsområde 4" in a.answer and "insatsområde 5" in a.answer
    titles = [s.title for s in a.sources]
    assert "Intressanta europeiska regioner" in titles
    assert "Schematisk översikt över de geografiskt prioriterade samarbetsområdena" in titles


def test_agreeing_sources_give_one_list(engine: Engine):
    a = ask(engine, "Vilka insatsområden fokuserar närområdet på?")
    assert "skiljer sig" not in a.answer and "Kompetensförsörjning" not in a.answer


@pytest.mark.parametrize("q, expected", [
    ("Vad är BSSSC?", "bevakar"),
    ("Är Region Blekinge medlem i Baltic Development Forum?", "inte medlem"),
    ("Vilka organisationer är Region Blekinge medlem i?", "Öresundsinstitutet"),
    ("Vad betyder ERUF?", "Europeiska regionala utvecklingsfonden"),
    ("Vad är triple helix?", "universitet"),
    ("Hur många invånare har Andhra Pradesh?", "80 miljoner"),
    ("Var ligger Brysselkontoret?", "Sweden House"),
    ("När bildades Brysselkontoret?", "hösten 2009"),
    ("Vem är värdorganisation för Europa Direkt?", "Region Blekinge"),
    ("Vilka länder ingår i närområdet?", "Estland"),
    ("Vad är St Petersburg?", "fordonsindustrin"),
    ("Vad är visionen?", "spelplan"),
    ("Vilka insatsområden finns?", "Kompetensförsörjning och utökat arbetskraftsutbud"),
])
def test_organisations_terms_places(engine: Engine, q: str, expected: str):
    a = ask(engine, q)
    assert a.found, a.answer
    assert expected in a.answer


def test_faq_answers_with_its_section(engine: Engine):
    a = ask(engine, "Hur kan vår kommun använda kontoret i Bryssel?")
    assert a.found and a.kind == "faq"
    assert a.sources[0].title == "Sydsveriges kontor i Bryssel"


def test_fallback_search_cites_the_section(engine: Engine):
    a = ask(engine, "Vilket samarbetsavtal ska skrivas under 2010?")
    assert a.found and a.kind == "passage"
    assert a.sources[0].title == "Indien" and "samarbetsavtal" in a.answer
    assert "Internationell strategi 2010–2013" in a.answer  # the document quoted is named


@pytest.mark.parametrize("q", ["Vad kostar en kanelbulle i Karlshamn?", "Vem vann melodifestivalen 2010?",
                               "Vem är ordförande i regionstyrelsen?", "Hur många anställda har Region Blekinge?",
                               "What is the weather in Stockholm?"])
def test_out_of_scope_is_not_found(engine: Engine, q: str):
    a = ask(engine, q)
    assert not a.found
    assert a.answer.startswith(("Jag hittade inget säkert svar", "I found no reliable answer"))


@pytest.mark.parametrize("q", [
    "Vilket telefonnummer har Sydsveriges kontor i Bryssel?",  # a phone number it never gives
    "Vad är e-postadressen till Europa Direkt Blekinge?",  # an e-mail address
    "Vilka resultat gav Moment?",  # an outcome ("är ett resultat av" is where it comes from)
    "What results did TransBaltic achieve?",
    "Vad säger strategin om perioden 2021-2027?",  # a period no document covers
    "Hur många besökare kom till Världsutställningen?",  # a count of something it never counts
    "Blev Yc³ förlängt när projekttiden var slut?",  # what came of a plan: an outcome it never reports
    "Fick Moment någon fortsättning?",
    "What came out of Baltic Master II?",  # what came of it, asked in other words
    "Vad kom ut av Yc³?",
    "Vem grundade BTH?",  # who founded it: a sentence about the university tells of no founding
])
def test_a_fact_of_a_kind_the_evidence_does_not_hold_is_not_found(engine: Engine, q: str):
    assert not ask(engine, q).found


@pytest.mark.parametrize("q, expected", [
    ("Hur många invånare har Shanghai?", "17 miljoner"),
    ("vem leder baltic master II", "lead partner"),
    ("Vad vill man uppnå med Moment?", "övergödning"),
    ("När ska samarbetsavtalet med Andra Pradesh skrivas?", "2010"),
    ("Vem grundade Sydsveriges kontor i Bryssel?", "Regionförbundet i Kalmar län"),
])
def test_the_same_kinds_answered_when_the_evidence_holds_them(engine: Engine, q: str, expected: str):
    a = ask(engine, q)
    assert a.found and expected in a.answer


def test_the_asked_noun_decides_what_a_question_asks_for(engine: Engine):
    from bot.answer.question import understand

    def target(q: str) -> str | None:
        return understand(q, engine.kb).target()

    assert target("vilka skolor har Baltic Master II nått") == "skolor"
    assert target("Vilken ungdomsgrupp bildade projektet?") == "ungdomsgrupp"
    # cue words and names answer the question's noun; an adjective before one is not it
    assert target("vilka stora projekt finns") is None and target("hur många partner har Moment") is None
    assert target("vilka svenska partner har moment") is None and target("Vilka EU-projekt finns i IO3") is None
    # a question about another noun is not a list of projects or a role
    assert ask(engine, "vilka ungdomsgrupper har projekten bildat").kind != "list_projects"
    assert ask(engine, "vilka skolor har Baltic Master II nått").kind != "project_role"


def test_ambiguous_name_offers_choices(engine: Engine):
    a = ask(engine, "Vad är Baltic?")
    assert not a.found and a.kind == "did_you_mean"
    assert {"Baltic Master II", "Euroregion Baltic", "Baltic Link Association"} <= set(a.suggestions)


@pytest.mark.parametrize("q", ["", "   ", ")))***", "*", "[a TO z]", "title:x", "<@U123>", "?" * 40_000,
                               "Baltic Master " * 4000, "\x00\x01", "🙂"])
def test_hostile_input_gives_a_well_formed_answer(engine: Engine, q: str):
    a = engine.answer(q)
    assert isinstance(a.found, bool) and a.answer
    assert a.question == q


def test_long_question_is_truncated_and_said_so(engine: Engine):
    a = engine.answer("Hur många partner har Baltic Master II? " + "x " * 20_000)
    assert "48" in a.answer and "läste bara början" in a.answer


def test_slack_markup_is_plain_text(engine: Engine):
    assert clean_question("<@U024BE7LH> *När* beslutar <https://x.se|regionstyrelsen>?") == (
        "När beslutar regionstyrelsen?", False)
    a = engine.answer("<@U024BE7LH> *När* beslutar _regionstyrelsen_?")
    assert a.found and "28 april 2010" in a.answer


def test_explain_shows_every_stage(engine: Engine):
    a = engine.answer("Hur många partner har Baltik Master?")
    assert a.explain["entities"][0]["id"] == "baltic-master-ii"
    assert {"count", "partners"} <= set(a.explain["cues"])
    kinds = [p["kind"] for p in a.explain["proposals"]]
    assert kinds[0] == "project_partners" and "passage" in kinds
    assert a.explain["winner"].startswith("project_partners")
    assert a.explain["passages"] and {"lexical", "dense", "fused"} <= set(a.explain["passages"][0])


@pytest.fixture(scope="module")
def contacts_engine(tmp_path_factory: pytest.TempPathFactory, vector_cache: Path) -> Engine:
    return shipped_with(tmp_path_factory.mktemp("contacts"), vector_cache,
                        lambda root: shutil.copy(DATA / "contacts" / "contacts.yaml", root / "contacts.yaml"))


def test_contact_person_from_the_contacts_file(contacts_engine: Engine):
    a = ask(contacts_engine, "Vem är EU-kontaktperson i Ronneby?")
    assert a.found and "Testa Testsson" in a.answer and "testa.testsson@example.invalid" in a.answer
    assert a.sources[-1].id == "contact:kontakt-ronneby"


def test_contact_person_not_registered_says_who_to_ask(contacts_engine: Engine):
    a = ask(contacts_engine, "vem ar eu-kontaktperson i karlshamn")
    assert "Ingen EU-kontaktperson är registrerad för Karlshamns kommun" in a.answer
    assert "Region Blekinge" in a.answer
    # the content does not say who it is: found is false, as for any fact it does not hold
    assert not a.found and a.sources[-1].id == "contact:kontakt-karlshamn", a.sources


def test_a_contact_person_asked_without_eu_gets_the_same_answer(engine: Engine):
    # "kontaktperson" asks for a person by name; that none is registered is the content's answer
    contact = next(c for c in engine.kb.of_kind("contact") if not c.fields.get("name") and c.aliases)
    place = contact.aliases[0].lower()
    a = ask(engine, f"vem är kontaktperson i {place}?")
    b = ask(engine, f"vem är eu-kontaktperson i {place}?")
    assert not a.found and not b.found and a.answer == b.answer and contact.name in a.answer, a.answer


def test_contact_question_without_municipality_lists_registered(contacts_engine: Engine):
    a = ask(contacts_engine, "Vilka EU-kontaktpersoner finns?")
    assert "Testa Testsson" in a.answer


def test_random_input_never_raises(engine: Engine):
    import random

    rng = random.Random(20261128)
    alphabet = "abcåäöxyz ÅÄÖ0123456789*?[](){}:^~\"'<>@#!|&\\/-_.,;\t\n\u00a0\u200b🙂³ЖИ中"
    words = ["insatsområde", "projekt", "Baltic", "när", "vem", "hur", "många", "IO3", "regionstyrelsen", "OR", "AND"]
    for _ in range(150):
        parts = [rng.choice(words) if rng.random() < 0.4 else
                 "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(0, 8))]
        q = " ".join(parts)
        a = engine.answer(q)
        assert isinstance(a.found, bool) and a.answer and a.question == q
        assert all(s.id and s.title for s in a.sources)


def test_help_examples_come_from_the_content_and_are_answered(tmp_path: Path, engine: Engine):
    """The example questions in Slack's help name records of the content being served, and the
    engine answers each of them; with other content, other names."""
    from bot import messages
    from bot.slack.app import example_names

    def examples(records: list) -> list[str]:
        region = next((r for r in records if r.kind == "organisation" and r.fields.get("relation") == "self"), None)
        return messages.examples(example_names(records, region))

    shipped = examples(engine.reader.content.records)
    # every example but the contact one: the shipped content names no municipal contact person
    assert len(shipped) == len(messages.EXAMPLES) - 1 and not any("kontaktperson" in q for q in shipped)
    for q in shipped:
        assert ask(engine, q).found, q
    projects = [r for r in engine.reader.content.records if r.kind == "project"]
    renamed = [dataclasses.replace(r, name=f"Nytt {r.name}") if r in projects else r
               for r in engine.reader.content.records]
    other = examples(renamed)
    assert any("Nytt " in q for q in other) and not any("Nytt " in q for q in shipped)
    assert examples([]) == []


def test_question_reading_generalises(engine: Engine):
    """Swedish compounds, "inte bara", a second question after a preposition, the noun counted."""
    from bot import intents
    from bot.answer.question import understand
    from bot.answer.several import parts

    # a compound's head decides: "totalbudgeten" asks for a budget, "medlemsavgiften" for a sum
    assert intents.read("hur stor är totalbudgeten").has("budget")
    assert intents.read("vad är medlemsavgiften").has("budget")
    # who pays is what funds it; how much is paid is a sum
    assert intents.read("vem betalar för vattenprojektet?").has("funding")
    assert not intents.read("vilken eu-pott betalar projektet?").has("budget")
    assert intents.read("hur mycket betalar regionen för medlemskapet?").has("budget")
    # … but "havsområde" and "närområde" are places, not insatsområden
    assert not intents.read("vilket havsområde ska projektet knyta samman").has("areas")
    assert not intents.read("vilket närområde prioriteras").has("areas")
    assert intents.read("vilket insatsområde tillhör projektet").has("areas")
    assert intents.read("vilket område tillhör projektet").has("areas")
    # "inte bara partner" adds, it does not exclude
    assert not understand("vilka projekt leder region blekinge själv, inte bara som partner", engine.kb).negated
    assert understand("vilka projekt leds inte av region blekinge", engine.kb).negated
    # "… och inom vilka områden …" is a second question
    assert parts("hur många bor i shanghaiområdet och inom vilka områden växer det") == [
        "hur många bor i shanghaiområdet", "inom vilka områden växer det"]
    # "hur många deltagare" counts partners, not projects
    a = ask(engine, "hur många deltagare har projektet om säkerhet till sjöss")
    assert a.kind != "list_projects"
    assert understand("hur många projekt finns", engine.kb).asked_cues() == {"projects"}


@pytest.mark.parametrize("q, present, absent", [
    ("vilka länder är med i east west tc ii men inte i moment", ["Danmark", "Tyskland", "Vitryssland"],
     ["Polen", "Litauen"]),
    ("vilka länder i närområdet deltar inte i moment", ["Finland", "Estland", "Lettland", "Tyskland", "Danmark"],
     ["Polen", "Vitryssland"]),
    ("vilka länder har moment och yc3 gemensamt", ["Litauen", "Ryssland", "Polen", "Sverige"], ["Danmark"]),
    ("which countries does Yc3 have that Moment does not", ["Denmark"], ["Lithuania", "Poland"]),
    ("vilka insatsområden har närområdet som tillväxtmarknaderna inte har", ["Attraktivitet"], ["Tillgänglighet"]),
])
def test_two_named_records_are_set_side_by_side(engine: Engine, q: str, present: list[str], absent: list[str]):
    a = ask(engine, q)
    assert a.found and a.kind.startswith("set_"), (q, a.kind, a.answer)
    for term in present:
        assert term in a.answer, (q, a.answer)
    for term in absent:
        assert term not in a.answer, (q, a.answer)
    assert len(a.sources) == 2                       # both records, each once


def test_a_difference_question_gets_both_sides_in_one_answer(engine: Engine):
    a = ask(engine, "skillnaden mellan moment och east west tc ii när det gäller länder")
    assert a.found and a.kind == "set_countries"
    only_moment, only_east_west, both = a.answer.split("\n")
    assert "Polen" in only_moment and "Tyskland" in only_east_west and "Litauen" in both


SETS_DOC = """---
title: Plan för testregionen
organisation: Testregionen
period: 2030
source: tests
---

# Projekt

## Havsvind

Havsvind är ett projekt med partner i Norge, Danmark och Island.

## Skogsväg

Skogsväg är ett projekt med partner i Norge och Finland.
"""
SETS_AREAS = """
- id: io1
  number: 1
  name: Energi
  section: Projekt
"""
SETS_PROJECTS = """
- id: havsvind
  name: Havsvind
  areas: [io1]
  countries: [Norge, Danmark, Island]
  purpose: Vind på havet.
  section: Havsvind
- id: skogsvag
  name: Skogsväg
  areas: [io1]
  countries: [Norge, Finland]
  purpose: Vägar i skogen.
  section: Skogsväg
"""


def test_set_answers_work_on_content_of_any_kind(tmp_path: Path):
    engine = engine_of(tmp_path, {"documents/plan.md": SETS_DOC, "insatsomraden.yaml": SETS_AREAS,
                                  "projects.yaml": SETS_PROJECTS})
    a = engine.answer("vilka länder är med i havsvind men inte i skogsväg")
    assert a.found and "Danmark" in a.answer and "Island" in a.answer and "Norge" not in a.answer
    a = engine.answer("vilka lander har skogsvag och havsvind gemensamt")
    assert a.found and "Norge" in a.answer and "Finland" not in a.answer


def test_the_list_of_areas_names_only_what_the_content_says(tmp_path: Path):
    # the content here says nothing of a growth programme: the answer must not bring one in
    engine = engine_of(tmp_path, {"documents/plan.md": SETS_DOC, "insatsomraden.yaml": SETS_AREAS,
                                  "projects.yaml": SETS_PROJECTS})
    for q in ("vilka insatsområden finns", "which priority areas are there"):
        a = engine.answer(q)
        assert a.found and a.kind == "list_areas" and "Energi" in a.answer, q
        assert "RTP" not in a.answer and "programme" not in a.answer and "program" not in a.answer, q


def test_a_word_the_content_uses_only_in_compounds_is_not_unknown(engine: Engine):
    # "säkerhet" stands only in "sjösäkerhet" and "säkerhetspolitiska"
    a = engine.answer("hur många partner har projektet om säkerhet till sjöss")
    assert "sakerhet" not in a.explain["unknown_words"] and "sakerhet" in a.explain["inside_compounds"]
    assert a.found and "48" in a.answer


def test_a_figure_the_question_names_must_be_in_the_evidence(engine: Engine):
    # the content says Baltic Master II gathers 48 partners; nothing has 49
    a = ask(engine, "vilket projekt har 48 partner")
    assert a.explain["figures"] == ["48"] and "48" in a.explain["key_words"]
    assert a.found and "Baltic Master II" in a.answer and "48" in a.answer
    a = ask(engine, "vilket projekt har 49 partner")
    assert not a.found
    a = ask(engine, "vilken region har 80 miljoner invånare?")
    assert a.found and "Andra Pradesh" in a.answer


def test_an_english_word_no_passage_uses_weighs_as_an_unknown_one(engine: Engine):
    from bot.answer.candidates import UNKNOWN_WEIGHT

    # "main" stands in the records' English names, never in the Swedish text
    a = ask(engine, "What are the main tasks of Europa Direkt Blekinge?")
    assert a.explain["key_words"]["main"] == UNKNOWN_WEIGHT and a.explain["key_words"]["direkt"] > UNKNOWN_WEIGHT
    assert a.found and "huvuduppgifter" in a.answer
    # a Swedish question's words keep their rarity, English ones among them
    a = ask(engine, "vilka main tasks har europa direkt blekinge")
    assert a.explain["language"] == "sv" and a.explain["key_words"]["main"] > UNKNOWN_WEIGHT


def test_a_question_in_words_the_content_never_uses_describes_no_record(engine: Engine):
    a = engine.answer("Vem vann melodifestivalen 2012?")
    assert not a.found and a.kind == "not_found" and not a.explain.get("winner", "").startswith("project")


@pytest.mark.parametrize("q, evidence, fits", [
    ("när bildades kontoret", "Kontoret bildades av tre regioner.", False),     # a date is asked for
    ("vilket år bildades kontoret", "Kontoret bildades hösten 2009.", True),
    ("vilken grupp bildade projektet", "Projektet är bildat av Youth Board.", True),   # who, not when
    ("vem grundade kontoret", "Regionerna grundade kontoret.", True),
])
def test_founded_asks_for_a_date_only_when_it_asks_when(engine: Engine, q: str, evidence: str, fits: bool):
    from bot.answer.facttype import has_answer_type
    from bot.answer.question import understand

    assert has_answer_type(understand(q, engine.kb), evidence) is fits


@pytest.mark.parametrize("q, evidence, fits", [
    ("vilka länder kan eleverna åka till", "Konsortiet har elva medlemmar i länets fem kommuner.", False),
    ("vilka länder kan eleverna åka till", "Mottagande länder är bl.a. Irland och Malta.", True),
    ("vilka lander deltar i projektet", "Parter från Polen och Litauen deltar.", True),
    ("which countries take part", "Parter från Polen och Litauen deltar.", True),
    ("finns det länder man inte rekryterar ifrån", "Regionen rekryterar inte från länder på WHO:s lista.", True),
])
def test_a_country_question_needs_countries_in_the_evidence(engine: Engine, q: str, evidence: str, fits: bool):
    from bot.answer.facttype import has_answer_type
    from bot.answer.question import understand

    assert has_answer_type(understand(q, engine.kb), evidence) is fits


def test_a_comparison_is_not_answered_by_a_passage_on_one_side(engine: Engine):
    # East West TC II's own sentence names its countries, but not Moment's
    a = ask(engine, "vilka länder har moment gemensamt med east west tc ii")
    assert a.found and "både Moment och East West TC II" in a.answer and "Litauen" in a.answer
    assert a.explain["winner"].startswith("set_countries")


def test_a_phrase_that_says_what_a_question_is_about_asks_nothing():
    from bot import intents

    r = intents.read("skillnaden mellan moment och yc3 när det gäller länder")
    assert r.has("countries") and not r.has("when") and not r.has("areas")
    assert intents.read("när gäller avtalet").has("when")
    assert intents.read("vilka IO har projekt").has("areas")


FUND_DOC = """---
title: Plan för testregionen
organisation: Testregionen
period: 2030
source: tests
---

# Projekt

## Havsvind

Havsvind är ett projekt med partner i Norge, Danmark och Island. Projektet bygger vindkraft till havs och finansieras av Nordiska fonden.

## Skogsväg

Skogsväg är ett projekt med partner i Norge och Finland. Projektet finansieras av Interreg Nord.

## Medlemskap i Vindnätverket

Regionen är medlem i Vindnätverket sedan länge. Nätverket har sitt kansli i Bergen och samlar regioner runt Nordsjön. Medlemmarna träffas två gånger om året. Medlemsavgiften är 2 000 euro per år.
"""
FUND_PROJECTS = SETS_PROJECTS.replace("  purpose: Vind på havet.\n", "  purpose: Vind på havet.\n  funding: Nordiska fonden\n") \
    .replace("  purpose: Vägar i skogen.\n", "  purpose: Vägar i skogen.\n  funding: Interreg Nord\n")


@pytest.fixture(scope="module")
def fund_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    tmp = tmp_path_factory.mktemp("fund")
    folder = make_content(tmp, {"documents/plan.md": FUND_DOC, "insatsomraden.yaml": SETS_AREAS,
                                "projects.yaml": FUND_PROJECTS})
    index.build(content.load(folder), tmp / "index")
    return Engine(index.open_current(tmp / "index"))


def test_chat_shorthand_is_read_as_its_words_and_a_sum_asked_gets_no_summary(fund_engine: Engine, engine: Engine):
    from bot.answer.question import understand

    q = understand("hur mkt pengar far Havsvind o Skogsväg", fund_engine.kb)
    assert q.words[:2] == ["hur", "mycket"] and "och" in q.words
    # ("o" inside a name or a word is left as it is)
    assert understand("vad gör o-gruppen", fund_engine.kb).words[:3] == ["vad", "gor", "o"]
    # a sum asked of a project: its summary is no answer, though it holds the project's budget
    a = engine.answer("hur mycket regionala medel går till Moment")
    assert a.explain["proposals"] and all(p["kind"] != "project" for p in a.explain["proposals"])


def test_projects_by_the_funding_named_and_its_negation(fund_engine: Engine):
    a = fund_engine.answer("vilka projekt finansieras av interreg nord")
    assert a.found and "Skogsväg" in a.answer and "Havsvind" not in a.answer
    a = fund_engine.answer("vilka projekt finansieras inte av interreg nord")
    assert a.found and "Havsvind" in a.answer and "Skogsväg" not in a.answer


def test_a_projects_members_and_countries_told_only_in_notes(tmp_path: Path):
    # an editor may give the partners and the countries as sentences, without a list of countries
    projects = SETS_PROJECTS.replace("  countries: [Norge, Danmark, Island]\n", """  partners: 3
  partners_note: två gymnasieskolor och vuxenutbildningen i Skogsby
  countries_note: Mottagande länder är Irland och Malta.
""")
    engine = engine_of(tmp_path, {"documents/plan.md": FUND_DOC, "insatsomraden.yaml": SETS_AREAS,
                                  "projects.yaml": projects})
    a = engine.answer("vilka är medlemmar i havsvind?")
    # a note that lists the members follows the count after a colon, not as if it went on a phrase
    assert a.found and "3 partner: två gymnasieskolor och vuxenutbildningen i Skogsby" in a.answer, a.answer
    a = engine.answer("vilka länder ingår i havsvind?")
    assert a.found and "Irland och Malta" in a.answer and "räknar inte upp" not in a.answer


@pytest.mark.parametrize("q", ["vem är ordförande i vindnätverket", "hur många anställda har vindnätverket"])
def test_what_is_counted_or_identified_must_be_a_word_the_content_uses(fund_engine: Engine, q: str):
    assert not fund_engine.answer(q).found


def test_a_yes_no_question_is_answered_only_by_evidence_of_what_it_asks(fund_engine: Engine):
    # the section on the project or network says nothing of an office or opening hours: neither yes
    # nor no is in it, whether the subject is a record's name or only a section's title
    for q in ("har havsvind ett kontor i oslo?", "har vindnätverket öppet på helger?"):
        a = fund_engine.answer(q)
        assert not a.found, (q, a.answer)
    # what the section does say answers
    for q, said in (("har vindnätverket sitt kansli i bergen?", "Bergen"),
                    ("ska havsvind bygga vindkraft till havs?", "vindkraft till havs"),
                    ("är regionen medlem i vindnätverket?", "medlem i Vindnätverket")):
        a = fund_engine.answer(q)
        assert a.found and said in a.answer, (q, a.answer)


def test_a_yes_no_question_on_two_records_needs_evidence_naming_both(fund_engine: Engine):
    # the section on Havsvind never names Skogsväg: whether one is part of the other is not told
    for q in ("är havsvind en del av skogsväg?", "ingår havsvind i skogsväg?"):
        a = fund_engine.answer(q)
        assert not a.found, (q, a.answer)


def test_a_quote_from_two_sections_names_both_in_the_order_quoted(fund_engine: Engine):
    a = fund_engine.answer("har havsvind och skogsväg samma finansiär?")
    assert a.found
    for line in a.answer.splitlines():
        if "Havsvind är ett projekt" in line and "Skogsväg är ett projekt" in line:
            assert "avsnitten «Havsvind» och «Skogsväg»:" in line, line
            break
    else:
        raise AssertionError(a.answer)


def test_who_with_a_role_as_its_verb_asks_for_a_person(fund_engine: Engine):
    # "who chairs" asks for a chair by name, as "vem är ordförande" does: the network's section names no one
    a = fund_engine.answer("who chairs Vindnätverket?")
    assert not a.found, a.answer


def test_which_thing_is_answered_by_naming_one_not_by_its_category_word(fund_engine: Engine):
    a = fund_engine.answer("i vilken stad har nätverket sitt kansli")     # the content never says "stad"
    assert a.found and "Bergen" in a.answer


def test_a_passage_nothing_points_at_gets_no_credit_for_standing_out(engine: Engine):
    # no word of the question is in the content and the nearest passage in meaning is no nearer
    # than unrelated text: that it leads the others is chance, not evidence
    a = ask(engine, "Vem vann melodifestivalen 2010?")
    assert not a.found
    lead = next(p for p in a.explain["proposals"] if p["kind"] == "passage")
    assert lead["margin"] > 0 and lead["features"]["coverage"] == 0 and lead["features"]["semantic"] <= 0
    assert lead["features"]["margin"] == 0


UNIVERSITY_DOC = """---
title: Högskolans samarbeten
organisation: Testregionen
period: 2024–2026
source: tests
---

# Högskolans samarbeten

## Samarbete i Asien

Högskolan samarbetar med flera universitet i Japan och Kina. Samarbetet gäller forskning om hamnlogistik.

## Partner i Europa

Högskolans partner i Polen är Gdańsk tekniska universitet. Utbytet omfattar både studenter och lärare.
"""


def test_which_organisations_is_answered_by_naming_one_not_by_where_they_are(tmp_path: Path):
    engine = engine_of(tmp_path, {"documents/plan.md": UNIVERSITY_DOC})
    # the content says there are universities in Japan, but names none: which ones is not told
    a = engine.answer("vilka japanska universitet samarbetar högskolan med?")
    assert not a.found, a.answer
    a = engine.answer("vilka polska universitet samarbetar högskolan med?")
    assert a.found and "Gdańsk tekniska universitet" in a.answer, a.answer
    # what the research is about is no organisation: the same sentence answers it
    a = engine.answer("vad forskar högskolan om tillsammans med universiteten i Japan?")
    assert a.found and "hamnlogistik" in a.answer, a.answer
    # restaurants, associations, hospitals are named too ("vilka restauranger …"): the unit asked for
    from bot.answer.naming import asks_for_organisation
    from bot.answer.question import understand
    for q in ("vilka restauranger testar fiskbullarna?", "vilka föreningar får bidraget?", "which hospitals take part?"):
        assert asks_for_organisation(understand(q, engine.kb)), q


PARTNER_REGION = """
- id: norrsund
  name: Norrsund
  country: Norge
  description: En region i Norge med stark tillväxt.
  section: Nordiskt samarbete
"""


def test_a_partner_region_names_where_organisations_are_not_which(tmp_path: Path):
    doc = UNIVERSITY_DOC + "\n## Nordiskt samarbete\n\nHögskolan samarbetar med universiteten i Norrsund om " \
                           "sjöfart. Norrsund är en region med stark tillväxt.\n"
    engine = engine_of(tmp_path, {"documents/plan.md": doc, "partner_regions.yaml": PARTNER_REGION})
    # "universiteten i Norrsund": a place the content has a record of, where they are, not which
    a = engine.answer("vilka norska universitet samarbetar högskolan med?")
    assert not a.found, a.answer
    lead = next(p for p in a.explain["proposals"] if p["kind"] == "passage"
                and p["passages"][0].startswith("plan#nordiskt-samarbete"))
    assert lead["features"]["type_ok"] == 0.0, lead
    # … but it is a name when places are what is asked for
    a = engine.answer("vilka regioner samarbetar högskolan med om sjöfart?")
    assert a.found and "Norrsund" in a.answer, a.answer


OFFICE_DOC = """---
title: Kontorsplan
organisation: Testregionen
period: 2024–2026
source: tests
---

# Kontorsplan

## Regionkontoret

Regionkontoret ligger i Ekby och tar emot besökare på vardagar. {where}

## Nätverk

Regionen är medlem i Kustnätverket, som arbetar med hamnar och sjöfart.
"""


@pytest.mark.parametrize("where, found", [("Besöksadressen är Storgatan 12, 371 30 Ekby.", True),
                                          ("Kontoret har ett tjugotal anställda.", False)])
def test_an_address_is_answered_by_a_street_address_not_by_a_town(tmp_path: Path, where: str, found: bool):
    engine = engine_of(tmp_path, {"documents/plan.md": OFFICE_DOC.format(where=where)})
    a = engine.answer("vilken adress har regionkontoret?")
    # "ligger i Ekby" says which town, not which street: without a street address none is given
    assert a.found == found and (not found or "Storgatan 12" in a.answer), a.answer


def test_an_organisation_the_content_never_names_is_not_answered_for(tmp_path: Path):
    engine = engine_of(tmp_path, {"documents/plan.md": UNIVERSITY_DOC})
    # "Lunds universitet", "Region Skåne": names the content never uses; what it says of the
    # university's partners is about others
    # an authority's name and an acronym in capitals are names too ("Trafikverket", "HELCOM")
    for q in ("vad står det om samarbetet med Lunds universitet?", "vad forskar högskolan om med Region Skåne?",
              "vad forskar högskolan om med Trafikverket?", "hur samarbetar högskolan med HELCOM i Polen?"):
        a = engine.answer(q)
        assert not a.found, (q, a.answer)
    a = engine.answer("vad står det om samarbetet med universitet i Polen?")
    assert a.found and "Gdańsk" in a.answer, a.answer


def test_a_question_for_a_sum_is_answered_by_the_sentence_with_the_sum(fund_engine: Engine):
    for q in ("vad betalar regionen för medlemskapet i vindnätverket",
              "hur mycket kostar det att vara med i vindnätverket",
              "hur mkt kostar det att vara med i vindnätverket"):  # chat shorthand read as the word
        a = fund_engine.answer(q)
        assert a.found and "2 000 euro" in a.answer, (q, a.answer)
        # a passage answer led by the sentence with the sum is among the proposals
        leads = [fund_engine.reader.passage_by_id[p["passages"][0]].text for p in a.explain["proposals"]
                 if p["kind"] == "passage"]
        assert any("2 000 euro" in t for t in leads)


def test_a_list_of_areas_is_no_answer_to_a_question_for_something_else(engine: Engine):
    a = engine.answer("vilka teman går på tvärs över insatsområdena")
    assert a.kind != "list_areas"


def test_people_asks_for_a_population_only_when_counted():
    from bot import intents

    assert not intents.read("what issues can young people raise").has("population")
    assert intents.read("how many people live in Kaliningrad").has("population")


def test_an_abbreviated_word_asked_for_is_not_an_unknown_one(engine: Engine):
    # "org" begins "organisationer": what is counted is a word the content uses, shortened
    a = engine.answer("hur manga org samarbetar i east west tc II")
    assert "org" in a.explain["unknown_words"] and a.found and "70-tal" in a.answer
    assert engine.reader.words_beginning("org") and not engine.reader.words_beginning("anstallda")


def test_an_office_answers_for_its_full_name_but_not_for_a_name_it_never_gives(engine: Engine):
    a = ask(engine, "vad är det fullständiga namnet på kontoret i bryssel")
    assert a.found and "South Sweden European Office" in a.answer
    assert a.sources[0].id == "office:brysselkontoret"
    # "vad heter ordföranden för …" asks for a person's name, not the office's
    a = ask(engine, "vad heter ordföranden för kontoret i bryssel")
    assert not a.found


def test_a_negated_priority_area_question_never_lists_nothing(engine: Engine):
    # a priority area that covers every insatsområde has none outside it: that is said, not "inte på ."
    for pa in engine.kb.of_kind("priority_area"):
        a = ask(engine, f"vilka insatsområden fokuserar {pa.name} inte på?")
        assert a.found and " på ." not in a.answer and "på ." not in a.answer, a.answer
        assert "inte på insatsområde" in a.answer or "alla insatsområden" in a.answer, a.answer


def _area_projects(engine: Engine, number: int) -> list:
    area = next(a for a in engine.kb.of_kind("area") if a.fields["number"] == number)
    return [p for p in engine.kb.of_kind("project") if area.id in p.fields.get("areas", [])]


def test_a_record_left_out_is_left_out_of_the_list_not_asked_about(engine: Engine):
    inside = _area_projects(engine, 3)
    assert len(inside) >= 3
    left_out = inside[-1]
    for q in (f"vilka projekt finns i io3 utom {left_out.name}", f"projekt inom insatsområde 3 förutom {left_out.name}?"):
        a = ask(engine, q)
        assert a.found and a.kind == "list_projects", q
        bullets = [line for line in a.answer.splitlines() if line.startswith("•")]
        assert not any(left_out.name in line for line in bullets), a.answer
        assert all(any(p.name in line for line in bullets) for p in inside[:-1]), a.answer
        assert f"Utelämnat, som frågan bad om: {left_out.name}" in a.answer
        assert a.explain["excluded"] == [left_out.id] and not a.explain["negated"]
    members = [o for o in engine.kb.of_kind("organisation") if o.fields.get("relation") == "member"]
    a = ask(engine, f"vilka organisationer är RB medlem i utöver {members[0].name}?")
    bullets = [line for line in a.answer.splitlines() if line.startswith("•")]
    assert a.kind == "members" and not any(members[0].name in line for line in bullets)
    assert all(any(m.name in line for line in bullets) for m in members[1:])


def test_a_negation_beside_a_role_in_an_area_negates_the_role(engine: Engine):
    inside = _area_projects(engine, 3)
    leads = [p for p in inside if p.fields.get("role") == "lead_partner"]
    others = [p for p in inside if p not in leads]
    assert leads and others
    a = ask(engine, "vilka io3-projekt är RB inte huvudansvarig för?")
    bullets = "\n".join(line for line in a.answer.splitlines() if line.startswith("•"))
    assert all(p.name in bullets for p in others) and not any(p.name in bullets for p in leads), a.answer


def test_two_records_side_by_side_are_each_answered(engine: Engine):
    a, b = [p for p in engine.kb.of_kind("project") if p.fields.get("partners")][:2]
    answer = ask(engine, f"hur många partner har {a.name} och {b.name}?")
    assert answer.found
    for p in (a, b):
        assert str(p.fields["partners"]) in answer.answer or p.name in answer.answer
        assert any(p.name in s.title for s in answer.sources), answer.sources
    both = ask(engine, "hur länge håller transbaltic och east west tc ii på, slutar de samma år?")
    assert "TransBaltic" in both.answer and "East West TC II" in both.answer and "2012" in both.answer


def test_who_with_other_words_is_not_answered_with_a_role(engine: Engine):
    # "vem ska projektet samarbeta med" asks who it works with, not the region's role in it
    a = ask(engine, "vem ska transbaltic främst jobba med för att lösa flaskhalsarna?")
    assert "roll i TransBaltic" not in a.answer
    # a person the content never names is still "not stated"
    b = ask(engine, "vem är projektledare för transbaltic?")
    assert not b.found


def test_a_when_inside_a_question_that_asks_something_else_opens_a_clause():
    from bot import intents

    assert not intents.read("hur röstade partierna när fullmäktige tog strategin").has("when")
    assert not intents.read("what happened when the council adopted it").has("when")
    assert intents.read("när beslutar fullmäktige").has("when")
    assert intents.read("vet du när regionstyrelsen beslutar").has("when")
    assert intents.read("vilket datum beslutar regionstyrelsen").has("when")


@pytest.fixture(scope="module")
def added_engine(tmp_path_factory: pytest.TempPathFactory, vector_cache: Path) -> Engine:
    """The shipped content with the added fixture: a 2014–2020 document and its records."""
    return shipped_with(tmp_path_factory.mktemp("added"), vector_cache,
                        lambda root: shutil.copytree(DATA / "added", root, dirs_exist_ok=True))


def test_an_item_left_out_is_left_out_of_a_quoted_list(added_engine: Engine):
    a = ask(added_engine, "vilka program ska vi prioritera 2014-2020 utom horisont 2020")
    quote, note = a.answer.split("\n")[0], a.answer.split("\n")[1]
    assert "Interreg Södra Östersjön" in quote and "Erasmus+" in quote and "Horisont 2020" not in quote
    assert note == "Utelämnat, som frågan bad om: Horisont 2020."
    assert a.explain["left_out"] == ["horisont 2020"] and not a.explain["negated"]


def test_countries_left_out_are_left_out(added_engine: Engine):
    a = ask(added_engine, "vilka länder deltar i smartport utom polen och litauen")
    first = a.answer.split("\n")[0]
    assert "Sverige" in first and "Tyskland" in first and "Polen" not in first and "Litauen" not in first
    assert "Utelämnat, som frågan bad om: Polen och Litauen." in a.answer


def test_a_part_with_words_of_its_own_asks_its_own_question(engine: Engine):
    a = ask(engine, "transbaltic - startade när, och hur långt norrut ska transportsystemet nå?")
    assert "Västerbotten" in a.answer and "2009" in a.answer


def test_a_compound_keeps_what_it_adds_to_the_cue_that_is_its_head(engine: Engine):
    from bot import intents

    reading = intents.read("vad kostar sjösäkerhetsprojektet totalt")
    assert reading.has("projects") and reading.modifiers == {2: "sjosakerhet"}
    assert intents.read("vilka projekt finns").modifiers == {}
    a = ask(engine, "vad kostar sjösäkerhetsprojektet totalt?")
    assert a.found and a.explain["winner"].startswith("project_budget") and "Baltic Master II" in a.answer


def test_a_part_asking_where_after_a_part_asking_when_asks_where(engine: Engine):
    a = ask(engine, "när bildades brysselkontoret och var ska det sitta?")
    first, second = a.answer.split("\n\n")[:2]
    assert "2009" in first and "Sweden House" in second and "2009" not in second


@pytest.mark.parametrize("q, second_has, second_lacks", [
    ("vilka länder deltar i moment, och är det samma som i yc3?", ["Danmark", "Yc³"], ["Syftet"]),
    ("who leads baltic master II and is it the same for moment?", ["Kalmar", "project owner"], ["Syftet", "purpose"]),
])
def test_a_part_asking_if_it_is_the_same_elsewhere_asks_the_part_before_again(engine: Engine, q, second_has, second_lacks):
    a = ask(engine, q)
    second = a.answer.split("\n\n")[1]
    assert a.found and all(t in second for t in second_has) and not any(t in second for t in second_lacks), second


def test_saknas_negates_and_sags_asks_nothing(engine: Engine):
    pa = next(p for p in engine.kb.of_kind("priority_area")
              if len(engine.kb.of_kind("area")) > len(set(p.fields["areas"]) | set(p.fields.get("areas_table") or [])))
    a = ask(engine, f"vilket insatsområde saknas i fokus för {pa.name}?")
    assert "inte på insatsområde" in a.answer, a.answer
    b = ask(engine, "vad sägs om turismen")
    assert b.found and "sags" not in b.explain["unknown_words"]


def test_a_project_the_region_owns_is_not_said_to_be_owned_twice(added_engine: Engine):
    for p in added_engine.kb.of_kind("project"):
        a = ask(added_engine, f"vem äger {p.name}?")
        assert a.answer.split("\n")[0].count("projektägare") <= 1, a.answer
    lines = [line for line in ask(added_engine, "vilka projekt har RB som projektägare").answer.splitlines()
             if line.startswith("•")]
    assert all(line.count("projektägare") <= 1 for line in lines), lines


def test_messages_name_the_contents_own_region_not_one_in_code(tmp_path: Path, vector_cache: Path):
    def rename(root: Path) -> None:
        orgs = root / "organisations.yaml"
        orgs.write_text(orgs.read_text(encoding="utf-8").replace("  name: Region Blekinge\n", "  name: Region Testland\n", 1),
                        encoding="utf-8")

    engine = shipped_with(tmp_path, vector_cache, rename)
    for q in ("vilka projekt leds av regionen", "vilka nätverk är regionen medlem i", "which networks is the region a member of"):
        a = ask(engine, q)
        assert "Region Testland" in a.answer and "Region Blekinge" not in a.answer, a.answer
    # the offices a contact answer points to are the ones the content's region hosts
    a = ask(engine, "vem är eu-kontaktperson i karlskrona")
    assert "Fråga Region Testland" in a.answer and "Europa Direkt" not in a.answer, a.answer
    # outside an answer, a message names no region it was not told of
    from bot.messages import say

    assert say("members_head") == "regionen är medlem i:"


def test_a_priority_areas_countries_leave_out_what_is_left_out(engine: Engine):
    a = ask(engine, "vilka länder omfattar närområdet utom polen och ryssland")
    first = a.answer.split("\n")[0]
    assert "Finland" in first and "Polen" not in first and "Ryssland" not in first, a.answer
    assert "Utelämnat, som frågan bad om: Polen och Ryssland." in a.answer


def test_an_english_question_leaves_out_by_the_english_name(engine: Engine):
    a = ask(engine, "which countries take part in moment except poland")
    assert "Poland" not in a.answer.split("\n")[0] and "Left out, as asked: Poland." in a.answer, a.answer


def test_a_pronoun_stands_for_the_record_named_before_it(engine: Engine):
    a = ask(engine, "vad heter brysselkontoret officiellt och vilka regioner driver det ihop med oss?")
    second = a.answer.split("\n\n")[1]
    assert "Kalmar" in second and "Jönköping" in second, a.answer
    follow = engine.answer("vem leder det?", ["east-west-tc-ii"])
    assert follow.found and "East West TC II" in follow.answer and follow.explain["context"] == ["east-west-tc-ii"]
    # "finns det …" fills a place; it stands for nothing
    expletive = engine.answer("finns det en budget", ["east-west-tc-ii"])
    assert "context" in expletive.explain and "east west" not in expletive.explain.get("key_words", {})


def test_a_shortened_word_with_a_chat_plural_is_a_shortening(engine: Engine):
    a = engine.answer("hur många orgs samarbetar i east west tc II?")
    assert a.explain["unknown_words"] == ["orgs"] and a.found and "70" in a.answer, a.answer


def test_a_question_for_memberships_lists_memberships_only(engine: Engine):
    members = ask(engine, "vilka organisationer är regionen medlem i?")
    networks = ask(engine, "vilka nätverk är regionen med i?")
    follows = [o.name for o in engine.kb.of_kind("organisation") if o.fields.get("relation") == "follows"]
    assert follows and not any(f in members.answer for f in follows)
    assert all(f in networks.answer for f in follows)
    english = ask(engine, "Which organisations does the region follow without being a member?")
    assert all(f in english.answer for f in follows)
    # the organisations taking part in a project are its partners, not the region's memberships
    a = ask(engine, "hur många organisationer är med i det där projektet om sjösäkerhet")
    assert all(p["kind"] != "members" for p in a.explain["proposals"])
    assert ask(engine, "hur många organisationer är vi med i").kind == "members"


def test_a_date_question_naming_a_body_and_an_event_gives_both_dates(engine: Engine):
    from bot import messages

    body = next(e for e in engine.kb.of_kind("event") if e.fields.get("body"))
    event = next(e for e in engine.kb.of_kind("event")
                 if e.fields.get("aliases") and e.fields["date"] != body.fields["date"])
    a = ask(engine, f"{body.fields['body']} vilket datum, {event.fields['aliases'][0]}?")
    for e in (body, event):
        assert messages.date(e.fields["date"], "sv") in a.answer, a.answer


def test_a_record_answer_quotes_the_sentence_that_holds_its_fact(engine: Engine):
    region = next(r for r in engine.kb.of_kind("partner_region") if r.fields.get("population"))
    english = ask(engine, f"how many people live in {region.name}?")
    said, quoted = english.answer.split("\n")[:2]
    assert quoted.startswith("In Swedish, the strategy says: “") and region.name in quoted
    # the sentence is found by the answer's Swedish wording: the population as the content states it
    assert str(region.fields["population"]).split()[0] in quoted and not said.startswith("In Swedish")
    swedish = ask(engine, "vilken roll har region blekinge i sonora?")
    assert "\nStrategin: «" in swedish.answer and "associerad partner i transportprojektet" in swedish.answer
    assert swedish.explain["holding"] in swedish.answer


def test_answers_no_one_sentence_holds_quote_none(engine: Engine):
    for q in ("vilka projekt leds av region blekinge?",  # a list
              "vilka länder i närområdet har inga partner i east west tc ii",  # a negation
              "vilka länder har moment gemensamt med east west tc ii"):  # what two sets share
        a = ask(engine, q)
        assert a.found and "Strategin: «" not in a.answer, (q, a.answer)


def test_who_founded_a_project_is_not_asked_as_its_role(engine: Engine):
    a = ask(engine, "vem har bildat yc3")
    assert a.found and "Youth Board" in a.answer and a.kind == "passage", a.answer


def test_the_holding_sentence_is_found_by_what_it_says_in_other_words(engine: Engine):
    lead = next(p for p in engine.kb.of_kind("project") if p.fields.get("role") == "lead_partner"
                and "leds av" in " ".join(s.text for s in engine.reader.passages if s.section in p.sections[:1]))
    a = ask(engine, f"vem leder {lead.name}?")
    # "huvudansvarig" in the answer, "leds av" in the sentence: both say who leads
    assert "Strategin: «" in a.answer and "leds av" in a.explain["holding"], a.answer
    # a Swedish answer that is its sentence in other words is not followed by it; an English one is
    said = ask(engine, "vem leder baltic master II?")
    assert "Strategin: «" not in said.answer
    assert "huvudansvarig (lead partner)" in ask(engine, "who leads baltic master II?").answer


def test_meaning_weighs_more_when_the_content_does_not_use_the_question_words(engine: Engine):
    from bot.answer.candidates import UNKNOWN_DENSE, W_DENSE

    known = ask(engine, "vad är syftet med sonora")
    assert known.explain["unknown_words"] == [] and known.explain["dense_weight"] == W_DENSE
    odd = ask(engine, "vad ar den stora drombilden for blekinge")
    share = len(odd.explain["unknown_words"]) / len(odd.explain["key_words"])
    assert share > 0 and odd.explain["dense_weight"] == round(W_DENSE * (1 + UNKNOWN_DENSE * share), 2)


def test_what_costs_nothing_answers_what_it_costs(engine: Engine):
    from bot.answer.facttype import has_answer_type
    from bot.answer.question import understand

    q = understand("vad kostar broschyrerna", engine.kb)
    assert has_answer_type(q, "sprida kostnadsfritt informationsmaterial")
    assert not has_answer_type(q, "sprida informationsmaterial")


def test_two_windows_of_one_paragraph_are_quoted_as_their_sentences_once(engine: Engine):
    from bot.answer.candidates import Candidates, PassageCandidate
    from bot.answer.kinds import passage
    from bot.answer.question import understand
    from bot.passages import sentences

    ps = engine.reader.passages
    a, b = next((x, y) for x, y in zip(ps, ps[1:]) if x.section == y.section and x.kind == y.kind == "sentence"
                and y.order == x.order + 1 and len(sentences(x.text)) == 2 and len(sentences(y.text)) == 2)
    first = PassageCandidate(a, 10.0, None, 5.0, [], 1.0)
    second = PassageCandidate(b, 9.0, None, 5.0 - passage.SECOND_WITHIN / 2, [], 1.0)
    q = understand("vad säger strategin", engine.kb)
    proposal = passage.propose(q, Candidates([first, second], []), engine.kb)[0]
    quoted = sentences(a.text) + sentences(b.text)[1:]
    assert proposal.why["passages"] == [a.id, b.id]
    assert all(proposal.text.count(s) == 1 for s in quoted) and " … " not in proposal.text


def test_absence_is_not_claimed_of_a_record_the_question_only_seems_to_describe(engine: Engine):
    a = ask(engine, "vilka lander raknas som vara grannar runt havet?")
    described = [p for p in a.explain["proposals"] if str(p.get("subject", "")).startswith("described")]
    assert all(p["states"] for p in described) and "räknar inte upp" not in a.answer, a.answer


def test_words_describing_the_areas_asked_for_do_not_make_another_target(engine: Engine):
    a = ask(engine, "vilka geografiskt prioriterade samarbetsomraden finns det")
    assert a.kind == "list_priority_areas" and all(pa.name in a.answer for pa in engine.kb.of_kind("priority_area"))
    themes = ask(engine, "vilka teman går på tvärs över insatsområdena")
    assert themes.kind != "list_areas"


def test_today_asks_nothing_of_its_own(engine: Engine):
    a = ask(engine, "vilka insatsomraden har inga internationella projekt idag")
    without = [x for x in engine.kb.of_kind("area")
               if not any(x.id in p.fields.get("areas", []) for p in engine.kb.of_kind("project"))]
    assert without and a.kind == "list_areas" and all(f"insatsområde {x.fields['number']} " in a.answer for x in without)


def test_a_contact_person_at_an_office_the_content_names_none_for_is_not_found(engine: Engine):
    office = engine.kb.of_kind("office")[0]
    a = ask(engine, f"vem är kontaktperson på {office.name}?")
    assert not a.found and a.answer == f"Strategin anger ingen kontaktperson för {office.name}.", a.answer


def test_a_question_for_the_areas_that_have_projects_is_not_a_list_of_projects(engine: Engine):
    a = ask(engine, "inom vilka insatsomraden finns det projekt")
    with_projects = [x for x in engine.kb.of_kind("area")
                     if any(x.id in p.fields.get("areas", []) for p in engine.kb.of_kind("project"))]
    assert a.kind == "list_areas" and all(f"insatsområde {x.fields['number']} " in a.answer for x in with_projects)
    assert ask(engine, "vilka projekt finns inom insatsområde 3").kind == "list_projects"


@pytest.fixture(scope="module")
def added2_engine(tmp_path_factory: pytest.TempPathFactory, vector_cache: Path) -> Engine:
    """The shipped content with the second added fixture: an action plan for 2023–2027 and its records."""
    return shipped_with(tmp_path_factory.mktemp("added2"), vector_cache,
                        lambda root: shutil.copytree(DATA / "added2", root, dirs_exist_ok=True))


def test_a_word_two_names_share_is_no_choice_when_the_question_asks_more(added2_engine: Engine, engine: Engine):
    # "arbetet" is in both decisions' names ("… Handlingsplan för EU-arbetet 2023–2027"), but the
    # question asks for the themes: the quote answers it, no "Menade du …"
    a = ask(added2_engine, "vilka teman ska eu-arbetet fokusera pa under perioden?")
    assert a.found and a.kind != "did_you_mean"
    assert "energiomställning" in a.answer and "digitalisering" in a.answer
    # one shared word, and nothing else asked: the choice is still offered
    assert ask(engine, "Vad är Baltic?").kind == "did_you_mean"


def test_a_year_that_sets_the_scene_may_stand_earlier_in_the_section(added2_engine: Engine):
    # the year is in the paragraph before ("En kartläggning … hösten 2022 …"); the quoted one says
    # "Kartläggningen pekar på tre hinder"
    a = ask(added2_engine, "vilka hinder hittade kartläggningen hösten 2022?")
    assert a.found and "medfinansiering" in a.answer and "kompetens" in a.answer
    # a year the section does not hold at all still counts against the quote
    assert not ask(added2_engine, "vilka hinder hittade kartläggningen hösten 2019?").found


def test_how_often_is_answered_by_a_sentence_that_says_how_often(added2_engine: Engine):
    from bot import intents

    assert intents.read("hur ofta träffas gruppen").has("frequency")
    assert not intents.read("hur många gånger större blir handeln").has("frequency")  # a ratio
    a = ask(added2_engine, "hur ofta träffas EU-samordningsgruppen?")
    assert a.found and "sex gånger per år" in a.answer
    a = ask(added2_engine, "hur ofta redovisas uppföljningen för regionstyrelsen?")
    assert a.found and "årligen" in a.answer


def test_a_runner_up_passage_that_holds_the_fact_can_answer(added2_engine: Engine):
    # the passage first by words and meaning speaks of co-financing in general; the one that says who
    # decides under 500 000 kronor comes second or later ("how big is the co-financing budget in
    # 2026?", whose table row comes later still, is answered at 0.56, below the threshold of 0.60)
    a = ask(added2_engine, "vem beslutar om medfinansiering under 500 000 kr?")
    assert a.found and "regiondirektören" in a.answer, a.answer


def test_who_gavels_a_decision_asks_who_decides(added2_engine: Engine):
    from bot import intents

    assert intents.read("vem klubbar budgeten").has("decide") and intents.read("vem godkänner ansökan").has("decide")
    # "klubba" is to decide: a sentence on how to apply tells no one who decides, so it is no answer
    a = ask(added2_engine, "vem får klubba stödet när regionens bidrag till ett projekt understiger en halv mille?")
    assert not a.found or "regiondirektör" in a.answer, a.answer


def test_a_runner_up_does_not_displace_a_sure_answer(added2_engine: Engine):
    # a runner-up passage of the decision section scores higher, but the best passages already answer
    a = ask(added2_engine, "när antogs eu-handlingsplanen av regionstyrelsen?")
    proposals = a.explain["proposals"]
    assert any(p.get("runner_up") for p in proposals[1:]) and proposals[0]["support"] < max(
        p["support"] for p in proposals if p.get("runner_up"))
    assert a.found and not proposals[0].get("runner_up") and proposals[0]["support"] >= a.explain["threshold"]


def test_a_singular_noun_before_another_only_says_which_ones_are_counted(added2_engine: Engine):
    # "project" says which participants; the participants are counted, not the projects
    a = ask(added2_engine, "How many project school participants per year is the target for 2027?")
    assert a.kind != "list_projects", a.answer
    a = ask(added2_engine, "how many project partners does Offshore Skills Baltic have?")
    assert a.kind != "list_projects", a.answer
    a = ask(added2_engine, "how many projects does Region Blekinge lead?")
    assert a.found and a.kind == "list_projects", a.answer


@pytest.mark.parametrize("q, counted", [
    ("hur många nätverk är RB medlem i?", "Det är {n} nätverk"),
    ("how many networks is Region Blekinge a member of?", "{n} networks"),
    ("hur många projekt finns i IO3?", "Det är {n} projekt."),
    ("hur många partnerregioner har vi?", "Det är {n} regioner."),
])
def test_how_many_of_a_list_says_how_many_then_which(engine: Engine, q: str, counted: str):
    _says_how_many_then_which(ask(engine, q), counted)


def _says_how_many_then_which(a, counted: str) -> None:
    listed = [line for line in a.answer.split("\n") if line.startswith("• ")]
    assert a.found and len(listed) > 1 and a.answer.startswith(counted.format(n=len(listed))), a.answer


def test_how_many_projects_of_a_role_says_how_many_then_which(added2_engine: Engine):
    for q, counted in (("hur många projekt leder RB?", "Det är {n} projekt."),
                       ("how many projects does Region Blekinge lead?", "{n} projects.")):
        _says_how_many_then_which(ask(added2_engine, q), counted)


def test_who_with_a_project_in_a_clause_is_not_a_list_of_projects(added2_engine: Engine):
    a = ask(added2_engine, "vem får klubba stödet när regionens bidrag till ett projekt understiger en halv mille?")
    assert a.kind != "list_projects"
    # a list asked for, or the projects of an area, are still listed
    assert ask(added2_engine, "vilka projekt leder RB?").kind == "list_projects"
    assert ask(added2_engine, "vem leder projekten i IO3?").kind == "list_projects"


def test_a_fee_is_not_given_for_another_network_than_the_one_named(added2_engine: Engine):
    # the quote with a fee is the new network's ("Medlemsavgiften … 4 200 euro"); the section only
    # mentions Euroregion Baltic in passing
    a = ask(added2_engine, "vad kostar medlemskapet i Euroregion Baltic per år?")
    assert not a.found and "4 200" not in a.answer
    a = ask(added2_engine, "vad kostar medlemskapet i SBER per år?")
    assert a.found and "4 200 euro" in a.answer


def test_an_english_question_is_not_answered_by_words_an_english_name_shares_with_it(
        tmp_path_factory: pytest.TempPathFactory, vector_cache: Path):
    # "cooperation" is in Yc³'s English name ("Youth Cross-border Cooperation and Communication");
    # a passage no nearer the question in meaning than unrelated text does not answer it by that word
    e = shipped_with(tmp_path_factory.mktemp("added7"), vector_cache,
                     lambda root: shutil.copytree(DATA / "added7", root, dirs_exist_ok=True))
    a = ask(e, "what are the four themes of the food cooperation plan")
    assert not (a.found and "Yc³" in a.answer), a.answer


def test_a_negated_question_is_answered_by_the_sentence_that_negates(added2_engine: Engine):
    a = ask(added2_engine, "vilka program prioriteras inte i RB:s eget projektarbete?")
    assert a.found and "prioriteras inte" in a.answer and "Kreativa Europa" in a.answer


def test_a_summary_answers_neither_a_negated_question_nor_one_about_something_else_than_the_region(
        added2_engine: Engine):
    # the glossary's "handlingsplaner" says what action plans are, not what this one leaves out
    assert ask(added2_engine, "vad ingår INTE i handlingsplanen?").kind != "term"
    # "RB" is named, but the question is about networks: the region's summary is no answer
    assert ask(added2_engine, "kommer RB ga med i fler natverk utover sber?").kind != "organisation"
    assert ask(added2_engine, "Vad är Region Blekinge?").kind == "organisation"


def test_a_list_is_not_its_own_rival(added2_engine: Engine):
    # the items and the lead-in of one list are quoted together: no margin is lost to them
    a = ask(added2_engine, "vilka insatser prioriterar RB för att nå målen?")
    assert a.found and "projektskola" in a.answer


def test_a_person_asked_for_by_name_needs_a_name_in_the_evidence(added2_engine: Engine, engine: Engine):
    from bot.answer import naming
    from bot.answer.question import understand

    # the text names the role, never the person
    assert not ask(added2_engine, "vad heter energistrategen som sitter i SBERs styrgrupp?").found
    assert not ask(added2_engine, "vilka politiker sitter i den politiska referensgruppen?").found
    q = understand("vad heter projektledaren för Moment?", engine.kb)
    assert naming.names_person(q, "Projektledare är Anna Berg på Regionförbundet i Kalmar.", engine.reader)
    # a job title is a role as well: its holder is asked for by name
    assert naming.is_role("naringslivsutvecklaren") and naming.is_role("analytikerna")
    q = understand("vad heter näringslivsutvecklaren som leder Moment?", engine.kb)
    assert not naming.names_person(q, "Region Blekinge är lead partner i Moment.", engine.reader)
    # a place after "på", "i" or "vid" names no person
    assert not naming.names_person(q, "Kontoret har en samordnare och ligger på Campus Gräsvik i Karlskrona.",
                                       engine.reader)
    assert naming.names_person(q, "Samordnare är Karin Holm, på kontoret sedan 2024.", engine.reader)
    # roles by other names ask for a person too
    for role in ("informatören", "rådgivaren", "the adviser"):
        asked = understand(f"vad heter {role} på europa direkt?", engine.kb)
        assert not naming.names_person(asked, "Europa Direkt sprider information om EU till invånarna.",
                                         engine.reader)
    # the content's own names ("Region Blekinge", "Europa Direkt") name no person
    assert not naming.names_person(q, "Projektet leds av Region Blekinge och Europa Direkt Blekinge.",
                                       engine.reader)
    # a question that asks for no person is not checked
    q = understand("vad heter projektet om säkerhet till sjöss?", engine.kb)
    assert naming.names_person(q, "Projektet heter Baltic Master II.", engine.reader)
    # how many people is a number, not a name
    q = understand("hur många personer ska ha utbildats i Moment?", engine.kb)
    assert naming.names_person(q, "Minst 450 personer ska ha gått utbildningen.", engine.reader)
    assert ask(added2_engine, "Hur många personer ska ha utbildats i Offshore Skills Baltic när projektet "
                              "är slut?").found


def test_whether_a_goal_was_reached_is_an_outcome_the_plan_cannot_give(added2_engine: Engine):
    assert not ask(added2_engine, "nådde vi delmålen för 2025?").found
    # what the plan says an evaluation will assess is not what came of it
    assert not ask(added2_engine, "blev sber-medlemskapet förlängt efter halvtidsutvärderingen?").found
    from bot.answer import facttype
    from bot.answer.question import understand
    q = understand("vad blev resultatet?", added2_engine.kb)
    assert facttype.has_answer_type(q, "Projektet resulterade i tre nya färjelinjer.")
    assert not facttype.has_answer_type(q, "Utvärderaren ska bedöma om projekten har lett till resultat.")


def test_a_share_is_answered_by_a_share(added2_engine: Engine):
    # the total budget is no answer to what share of it goes to the region
    assert not ask(added2_engine, "hur stor del av budgeten i offshore skills baltic går till region blekinge?").found
    a = ask(added2_engine, "hur stor del av den egna insatsen kan regionens medfinansiering ta?")
    assert a.found and "25 procent" in a.answer


def test_opening_hours_a_weekday_a_span_of_time_and_a_sum_by_its_noun_are_kinds_of_fact(engine: Engine):
    from bot.answer.facttype import has_answer_type
    from bot.answer.question import understand

    def holds(question: str, evidence: str) -> bool:
        return has_answer_type(understand(question, engine.kb), evidence)

    # opening hours: days or times of day
    assert not holds("vilka öppettider har Europa Direkt?", "Europa Direkt sprider information om EU till invånarna.")
    assert holds("vilka öppettider har Europa Direkt?", "Kontoret har öppet tisdag till torsdag kl. 10–15.")
    # a weekday answers which day
    assert holds("vilken dag har Europa Direkt öppet?", "Mobilitetspunkten har öppet på onsdagar.")
    # how long it takes: a span of time; how long it runs: its years too
    assert not holds("hur lång handläggningstid har en ansökan?", "Ansökningar handläggs av enheten för EU-frågor.")
    assert holds("hur lång handläggningstid har en ansökan?", "Region Blekinge beslutar inom fyra veckor.")
    assert holds("hur lång tid pågår Baltic Master II?", "Projektet pågår från 2009 till 2012.")
    # a sum asked for by the noun it is about ("bidraget", "stöd"): a sum or a share
    assert not holds("hur stort är bidraget till ungdomsutbytet?", "Utbytena söks som Erasmus+ ungdomsutbyten hos MUCF.")
    assert holds("hur stort är bidraget till ungdomsutbytet?", "Bidraget är högst 15 000 kronor per deltagare.")
    assert holds("hur mycket stöd kan ett företag få?", "Checken täcker högst 50 procent av kostnaderna.")
    # a number asked of an outcome is told as done, not as a plan's aim beside a word of results
    outcome = "hur många företag deltog till slut?"
    assert not holds(outcome, "Målet är att 200 företag ska ha deltagit. Projektet har tolv partner. Partnerna sprider resultaten.")
    assert holds(outcome, "Projektet resulterade i att 45 företag deltog.")
    # which days: days of the week or dates
    assert not holds("vilka dagar har mobilitetspunkten öppet?", "Mobilitetspunkten ger vägledning om utlandsstudier.")
    assert holds("vilka dagar har mobilitetspunkten öppet?", "Mobilitetspunkten har öppet onsdagar.")
    # and on the shipped content: the text gives no opening hours for the Brussels office
    assert not ask(engine, "vilka öppettider har brysselkontoret?").found


def test_how_many_it_came_to_in_a_year_is_not_what_a_plan_says_is_to_happen_then(engine: Engine):
    from bot.answer.facttype import asks_what_happened, told_as_done
    from bot.answer.question import understand

    assert asks_what_happened(understand("hur många elever skickade konsortiet ut 2026?", engine.kb))
    assert asks_what_happened(understand("vad blev exportvärdet 2026?", engine.kb))
    # a name asked for is what a plan gives as well
    assert not asks_what_happened(understand("which city hosted the 2010 world expo that RB took part in?", engine.kb))
    assert not asks_what_happened(understand("hur många elever ska konsortiet skicka ut 2026?", engine.kb))
    # a plan's aim for the year, or a heading naming it, tells nothing of what came of it
    assert not told_as_done([2026], "Mål till 2026\nÅr 2026 ska konsortiet skicka ut 180 elever och 40 lärare.")
    assert told_as_done([2026], "År 2026 skickade konsortiet ut 150 elever till sju länder.")


def plan_document(title: str, period: str, body: str) -> str:
    """A test region's document: front matter and Markdown."""
    return f"---\ntitle: {title}\norganisation: Testregionen\nperiod: {period}\nsource: tests\n---\n\n{body}"


PLAN_DOC = plan_document("Plan för ungdomsutbyten 2025–2028", "2025–2028", """# Konsortiet

## Utbyten för elever

Testregionens konsortium för yrkesutbildningar samlar länets gymnasieskolor i en gemensam ackreditering. År 2026 ska konsortiet skicka ut 180 elever och 40 lärare till praktik i andra länder. Eleverna gör sin praktik i tre till sex veckor.
""")


def test_a_plan_s_aim_for_a_year_does_not_answer_how_many_it_came_to(tmp_path: Path):
    e = engine_of(tmp_path, {"documents/plan.md": PLAN_DOC})
    a = ask(e, "hur många elever ska konsortiet skicka ut 2026?")
    assert a.found and "180 elever" in a.answer
    assert not ask(e, "hur många elever skickade konsortiet ut 2026?").found


def test_a_plan_s_table_row_for_a_later_year_is_no_outcome(tmp_path: Path):
    # a table row has no "ska": what a plan for 2025–2028 gives for 2027 is still what was planned
    doc = plan_document("Plan för ungdomsutbyten 2025–2028", "2025–2028", """# Konsortiet

## Elever på praktik per år

| År | Elever | Lärare |
| --- | --- | --- |
| 2025 | 120 elever | 25 lärare |
| 2027 | 170 elever | 35 lärare |
""")
    e = engine_of(tmp_path, {"documents/plan.md": doc})
    assert "170 elever" in ask(e, "hur många elever på praktik 2027 enligt planen?").answer
    assert not ask(e, "hur många elever skickade konsortiet på praktik 2027?").found


NEGATED_DOC = plan_document("Plan för stipendier 2025–2028", "2025–2028", """# Stipendier

## Resestipendiet

Testregionen inför ett resestipendium för unga mellan 18 och 25 år. Stipendiet är högst 12 000 kronor per person och kan användas för praktik eller en kortare kurs utomlands. Stipendiet ska täcka kostnader som inte ersätts på annat sätt, till exempel resa och boende.

## Vad planen inte omfattar

Resestipendiet ersätter inte studiemedel och kan inte användas för hela utbildningar utomlands. Planen omfattar inte heller mottagandet av unga från andra länder.
""")


def test_a_negation_counts_when_it_is_about_what_the_question_asks(tmp_path: Path):
    # both sections say "inte"; only one says it of using the grant ("kan inte användas"), the other
    # of costs ("kostnader som inte ersätts")
    e = engine_of(tmp_path, {"documents/plan.md": NEGATED_DOC})
    a = ask(e, "vad kan man inte använda resestipendiet till?")
    assert a.found and "hela utbildningar" in a.answer


def test_a_yes_no_question_naming_the_budget_is_answered_without_a_sum(tmp_path: Path):
    # "ingår det …": a yes or a no answers it, not a sum; the sentence that says so holds none
    doc = plan_document("Plan för kustsamarbetet 2025–2028", "2025–2028", """# Kustsamarbetet

## Budget

Testregionen avsätter totalt 4 miljoner kronor för planen under perioden. Medlen fördelas på tre samverkansområden.

## Vad planen inte omfattar

Planen innebär inga nya medlemskap i nätverk, och ingen ny medlemsavgift ingår i budgeten. Samarbete utanför Europa hanteras i andra planer.
""")
    e = engine_of(tmp_path, {"documents/plan.md": doc})
    a = ask(e, "ingår det någon ny medlemsavgift i budgeten för planen?")
    assert a.found and "ingen ny medlemsavgift" in a.answer, a.answer


def test_how_often_is_told_by_a_frequency_or_a_schedule_not_by_one_date(engine: Engine):
    from bot.answer.facttype import has_answer_type
    from bot.answer.question import understand

    q = understand("hur ofta träffas gruppen, nån gång i kvartalet?", engine.kb)
    assert has_answer_type(q, "Gruppen träffas fyra gånger per år.")
    assert has_answer_type(q, "Gruppen träffas den 28 april och den 5 maj.")  # a schedule
    assert not has_answer_type(q, "Fullmäktige antog planen den 18 juni 2019.")  # one date: when
    # "nån gång" says when, vaguely: no key word (it would find "Beslutsgång"); "hur många gånger" counts
    assert "gang" not in q.key_words()
    assert "ganger" in understand("hur många gånger om året träffas gruppen?", engine.kb).words


def test_who_pays_is_told_by_what_funds_it(engine: Engine):
    from bot.answer.facttype import has_answer_type
    from bot.answer.question import understand

    q = understand("vem betalar för projektet om utbyten?", engine.kb)
    assert has_answer_type(q, "Projektet finansieras av Interreg Europe och pågår till 2028.")
    assert not has_answer_type(q, "Syftet är att locka tillbaka utflyttade och behålla kompetens.")


def test_a_records_own_fields_do_not_answer_for_a_thing_of_the_record(engine: Engine):
    from bot.answer.naming import owned_noun
    from bot.answer.question import understand

    transbaltic = engine.kb.records["transbaltic"]
    # "TransBaltics transportsystem": the system is the project's; its cost is not the project's budget
    assert owned_noun(understand("vad kostar TransBaltics transportsystem?", engine.kb), transbaltic) == "transportsystem"
    assert owned_noun(understand("vad är TransBaltics budget?", engine.kb), transbaltic) is None  # the cue itself
    assert owned_noun(understand("hur länge pågår TransBaltic?", engine.kb), transbaltic) is None
    a = ask(engine, "vad kostar TransBaltics transportsystem?")
    assert not a.found and all(p["kind"] != "project_budget" for p in a.explain["proposals"])


def test_a_school_year_in_short_is_read_as_its_years(engine: Engine):
    from bot.answer.question import understand

    assert understand("vilka skolor var med läsåret 23/24?", engine.kb).years == [2023, 2024]
    # (not two numbers that are not one year after the other)
    assert understand("hur många svarade 12/30?", engine.kb).years == []


def test_a_question_about_a_glossary_term_is_not_a_bare_name(engine: Engine):
    def names_only(question: str) -> set[float]:
        proposals = ask(engine, question).explain["proposals"]
        return {p["features"]["names_only"] for p in proposals if p["kind"] == "passage"}

    # a record named and nothing else asked: a bare name, which a summary answers better than a quote
    assert names_only("vad är Baltic Master II?") == {1.0}
    # a country of the glossary ("Kina") is a concept the question asks about
    assert names_only("Vad gör Region Blekinge i Kina?") == {0.0}
    # a role the glossary knows ("projektledare": lead partner) is who is asked for, not a concept
    assert names_only("vem är projektledare för Baltic Master II?") == {1.0}


FORUM_DOC = plan_document("Plan för matsamarbete 2030–2034", "2030–2034", """# Insatser

## Konferensen Matforum

Varje år i oktober anordnar Testregionen konferensen Matforum i Ekby, där resultaten från projekten redovisas och företag kan träffa partner från andra länder. Målet är minst 150 deltagare varje år.

## Mässbidrag för företag

Mässbidraget är ett stöd till små företag som vill delta i en mässa utomlands, t.ex. i samband med Matforum. Bidraget är högst 40 000 kronor och får täcka högst 60 procent av kostnaderna.
""")
FORUM_TERM = """- id: term-matforum
  term: Matforum
  en: Matforum
  definition: En konferens som Testregionen anordnar varje år i oktober i Ekby.
  section: Konferensen Matforum
"""


def test_a_sum_asked_of_a_record_is_in_its_own_section_not_quoted_beside_it(tmp_path: Path):
    e = engine_of(tmp_path, {"documents/plan.md": FORUM_DOC, "glossary.yaml": FORUM_TERM})
    # the grant's sum, quoted beside the conference's own section, is not what the conference costs
    assert not ask(e, "vad kostar det att delta på Matforum?").found
    a = ask(e, "hur mycket är mässbidraget?")
    assert a.found and "40 000 kronor" in a.answer


def test_what_came_of_it_so_far_and_how_many_there_were_ask_for_what_happened(engine: Engine):
    from bot.answer.facttype import asks_what_happened, has_answer_type
    from bot.answer.question import understand

    q = understand("vilka företag har fått checkar hittills?", engine.kb)
    assert q.reading.has("outcome")
    assert not has_answer_type(q, "Checkarna ska ges till små företag som vill samarbeta med partner i andra länder.")
    assert asks_what_happened(understand("hur många deltagare var det på konferensen 2022?", engine.kb))
    assert not asks_what_happened(understand("hur många deltagare ska det vara på konferensen 2022?", engine.kb))


def test_a_role_after_a_genitive_and_a_compound_part_asks_for_a_person(engine: Engine):
    from bot.answer.naming import names_person
    from bot.answer.question import understand

    # "regionens EU-samordnare": "EU" is part of the role's compound, not the role
    q = understand("vad heter regionens EU-samordnare?", engine.kb)
    assert not names_person(q, "Regionens EU-samordnare är ordförande och sammankallande i gruppen.", engine.reader)
    assert names_person(q, "Regionens EU-samordnare Karin Holm är ordförande i gruppen.", engine.reader)


def test_a_date_asked_for_is_a_day_not_a_season(added2_engine: Engine, engine: Engine):
    # the course is given "en gång på våren": no date
    assert not ask(added2_engine, "vilka datum går projektskolan i vår?").found
    a = ask(engine, "vilket datum ska regionfullmaktige ta strategin")
    assert a.found and "maj" in a.answer
    # a month of a year is a date when the content gives no day
    a = ask(added2_engine, "aquatwin, mellan vilka datum pågår det?")
    assert a.found and "oktober 2022" in a.answer and "september 2026" in a.answer


def test_a_record_answer_silent_on_a_record_the_question_names_is_discounted(added2_engine: Engine, engine: Engine):
    # the board's dates say nothing of SBER: the sentence about joining SBER answers
    a = ask(added2_engine, "när bestämde regionstyrelsen att vi skulle gå med i SBER?")
    assert a.found and "november 2022" in a.answer
    # a record the answer's record is described by counts as spoken of ("… driver de Sydsveriges kontor")
    a = ask(engine, "vad heter det gemensamma brysselkontoret med smalandsregionerna")
    assert a.found and "South Sweden European Office" in a.answer


def test_the_newest_document_leads_a_record_answer_from_an_older_one(added2_engine: Engine):
    # the shipped timeline's "remiss" event (2010) is a record answer; the action plan's passage about
    # its own consultation is not the best passage overall, but the best of the newer document: it
    # leads, measured against its own document's passages, and the older answer is mentioned
    a = ask(added2_engine, "när var förslaget ute på remiss?")
    assert a.found
    newer, older = a.answer.index("Handlingsplan för EU-arbetet 2023–2027"), a.answer.index("2010")
    assert newer < older and "Den äldre" in a.answer


def test_a_sentence_that_introduces_a_list_or_table_is_quoted_with_it(added2_engine: Engine):
    # "Tabellen visar …": the rows follow the sentence in the quote
    a = ask(added2_engine, "vilka indikatorer följs handlingsplanen upp med?")
    assert a.found and "Tabellen visar" in a.answer
    assert "Andel beviljade ansökningar" in a.answer and "Deltagare i projektskolan" in a.answer
    # a list's lead-in quoted with its items, each item once (not again as a passage of its own)
    a = ask(added2_engine, "när antogs handlingsplanen")
    assert a.found and "22 februari 2023" in a.answer
    assert a.answer.count("Regionstyrelsen antar Handlingsplan för EU-arbetet 2023–2027") == 1
    a = ask(added2_engine, "fr o m vilket datum gäller planen")
    assert a.found and "1 mars 2023" in a.answer


def test_a_partys_part_of_a_budget_is_not_the_total(added2_engine: Engine):
    # the project's total is no answer to the region's part: the sentence that gives the part is
    a = ask(added2_engine, "Vad är Region Blekinges del av budgeten i Coastal Heritage Routes?")
    assert a.found and "165 000" in a.answer and a.kind == "passage"
    # "oss", "vi": the region, as its staff ask
    a = ask(added2_engine, "hur mycket av budgeten i Coastal Heritage Routes går till oss?")
    assert all(p["kind"] != "project_budget" for p in a.explain["proposals"]), a.answer
    # the total is still the project's budget
    a = ask(added2_engine, "vad är budgeten för Coastal Heritage Routes?")
    assert a.found and a.kind == "project_budget" and "1,35 miljoner" in a.answer


def test_a_passage_sharing_neither_words_nor_meaning_describes_no_record(engine: Engine):
    # the best passage of this English question is TransBaltic's ("startades"), but it shares no
    # word with it and is not near it in meaning: the project's period is not the answer
    a = ask(engine, "When does the strategy start to apply?")
    assert "TransBaltic runs" not in a.answer


def test_a_part_naming_only_the_region_asks_about_the_record_before_it(added2_engine: Engine):
    # "… och hur mkt av budgeten får RB": RB's part of AquaTwin's budget, which is none
    a = ask(added2_engine, "nar slutar aquatwin och hur mkt av budgeten far RB?")
    second = a.answer.split("*hur mycket av budgeten far RB*", 1)[1]  # (the part as understood: "mkt" read)
    assert "ingen del av projektbudgeten" in second


def test_the_others_of_something_the_text_names_one_of_are_not_given(added2_engine: Engine):
    # "Blekinges kustnära grundvattenmagasin är en av projektets tre testbäddar": the others are not named
    a = ask(added2_engine, "var ligger aquatwins andra testbäddar?")
    assert not a.found
    a = ask(added2_engine, "vilka är de andra pilotområdena i coastal heritage routes förutom karlskrona?")
    assert not a.found
    # the one it names is still given ("Andra Pradesh" is a name, not "the others")
    a = ask(added2_engine, "vilka testbäddar har aquatwin?")
    assert a.found and "grundvattenmagasin" in a.answer


def test_how_long_a_document_holds_is_its_period_not_its_timeline(engine: Engine, added2_engine: Engine):
    a = ask(engine, "hur länge gäller strategin?")
    assert a.found and a.kind == "document_period" and "2010–2013" in a.answer and "TIDPLAN" not in a.answer
    assert a.sources
    # with several documents, the newest first
    a = ask(added2_engine, "till när gäller strategin?")
    assert a.found and a.answer.index("2023–2027") < a.answer.index("2010–2013")
    # when it was made is still the timeline
    assert ask(engine, "när ska strategin vara klar?").kind == "dates"


def test_a_comma_between_two_questions_splits_them(added2_engine: Engine):
    from bot.answer.several import parts

    assert parts("hur lång är projektskolan, hur många tillfällen?") == ["hur lång är projektskolan",
                                                                       "hur många tillfällen"]
    assert parts("vad gör kontoret, vem leder det?") == ["vad gör kontoret", "vem leder det"]
    # a statement before the comma is the question's setting, not a question of its own
    q = "vi är ett litet bolag och vill få papper granskade, hur mycket stöd kan vi få?"
    assert parts(q) == [q]
    a = ask(added2_engine, "hur lång är projektskolan, hur många tillfällen?")
    assert a.found and "fyra halvdagar" in a.answer


def test_a_salary_is_a_sum_the_content_does_not_give(engine: Engine):
    # "lön"/"salary" asks for a sum: the office's description holds none
    assert not ask(engine, "vad är lönen för en handläggare på Europa Direkt Blekinge?").found
    assert not ask(engine, "What is the salary of the staff at the Brussels office?").found


def test_cue_lookup_finds_what_a_scan_of_every_cue_phrase_finds():
    """Cues are looked up by word; the scan phrase by phrase they replace finds the same, in order."""
    from bot import evaluate, intents, text

    questions = [c.q for f in sorted(DATA.glob("*.yaml")) if f.name.startswith(("dev", "question_variants"))
                 for c in evaluate.load_cases(f)]
    assert len(questions) > 500
    for question in questions:
        ws = [w for w in text.words(question) if len(w) <= intents.LONGEST_WORD]
        stems = [text.stem(w) for w in ws]
        scanned = [(cue, i, len(phrase.split())) for cue, phrases in intents.CUES.items() for phrase in phrases
                   for i in intents._occurrences(ws, stems, phrase, loose=cue not in intents.EXACT)]
        looked_up = [(cue, i, n) for _, i, cue, n in sorted(intents._cue_matches(ws, stems))]
        assert looked_up == scanned, question


def test_prepositions_are_no_key_words(engine: Engine):
    # "hos", "enligt", "bland" … carry no content: evidence need not hold them, and their rarity in
    # the content must not make them the word an answer hinges on
    a = engine.answer("vem driver projekten hos regionen enligt strategin, bland annat via bryssel?")
    keys = set(a.explain["key_words"])
    assert not keys & {"hos", "enligt", "bland", "annat", "via"} and "bryssel" in keys, keys


def test_a_section_title_and_the_first_word_after_it_are_no_persons_name(added_engine: Engine):
    from bot.answer.naming import names_person
    from bot.answer.question import understand

    q = understand("vem är projektledare för talent baltic", added_engine.kb)
    # a passage's evidence is its title, context and text on lines of their own
    assert not names_person(q, "Talent Baltic\n\nSyftet är att ge unga möjlighet till praktik.", added_engine.reader)
    assert names_person(q, "Talent Baltic\n\nProjektet leds av Anna Berg på regionen.", added_engine.reader)
    # the section says who owns the project, not who manages it
    assert not added_engine.answer("vem är projektledare för talent baltic").found


@pytest.mark.parametrize("q", ["Who is Region Blekinge's contact person for Moment?",
                               "vem är Region Blekinges kontaktperson för Moment?"])
def test_a_role_after_a_name_in_the_genitive_asks_for_a_person(engine: Engine, q: str):
    # the content says who owns Moment, and names no contact person for it
    a = engine.answer(q)
    assert not a.found, a.answer


def test_a_question_for_a_project_is_not_answered_by_the_networks_followed(engine: Engine):
    for q in ("vilket transportprojekt bevakar Region Blekinge utan att vara partner?",
              "vilka projekt bevakar RB utan att vara med?"):
        a = engine.answer(q)
        assert a.kind != "members", (q, a.answer)
    assert engine.answer("vilka nätverk följer Region Blekinge utan att vara medlem?").kind == "members"


WELCOME_DOC = """---
title: Välkomstplan
organisation: Testregionen
period: 2024–2026
source: tests
---

# Välkomstplan

## Välkomstkontoret

Välkomstkontoret öppnar den 2 september 2024 i Ekby. Det har öppet för besök tisdag till torsdag, och varje
måndag hålls en digital drop-in på engelska.
"""
WELCOME_OFFICE = """- id: valkomstkontoret
  name: Välkomstkontoret
  founded: 2 september 2024
  founded_en: 2 September 2024
  description: >-
    Kontoret öppnar den 2 september 2024 i Ekby. Det har öppet för besök tisdag till torsdag, och
    varje måndag hålls en digital drop-in på engelska.
  section: Välkomstkontoret
"""


def test_an_office_date_answers_when_it_began_not_when_something_else_happens(tmp_path: Path):
    engine = engine_of(tmp_path, {"documents/plan.md": WELCOME_DOC, "offices.yaml": WELCOME_OFFICE})
    for q in ("när öppnar välkomstkontoret?", "när bildades välkomstkontoret"):
        a = engine.answer(q)
        assert a.found and a.kind == "dates" and "2 september 2024" in a.answer, (q, a.answer)
    a = engine.answer("when was välkomstkontoret founded")
    assert a.kind == "dates" and "founded on 2 September 2024" in a.answer, a.answer
    # the drop-in's day is not the day the office opened: its description says what that date is of
    a = engine.answer("när har välkomstkontoret drop-in")
    assert a.kind != "dates" and "måndag" in a.answer, a.answer
    a = engine.answer("när kan man prata med välkomstkontoret på engelska?")
    assert a.kind != "dates" and "bildades" not in a.answer, a.answer


VALID_DOC = """---
title: Välkomstplan
organisation: Testregionen
period: 2024–2026
source: tests
---

# Välkomstplan

## Planens ställning

Regionstyrelsen antog planen i februari 2024. {valid} Den följs upp varje år.

## Välkomstkontoret

Välkomstkontoret öppnar i Ekby och har fyra medarbetare.
"""


def test_how_long_documents_hold_quotes_the_days_one_states(tmp_path: Path):
    newer = VALID_DOC.format(valid="Planen gäller från och med den 1 april 2024 till och med den 31 december 2026.")
    older = (VALID_DOC.replace("2024–2026", "2020–2023").replace("Välkomstplan", "Äldre välkomstplan")
             .replace("{valid}", "Den ersattes 2024.").replace("februari 2024", "mars 2020")
             .replace("Välkomstkontoret", "Informationskontoret"))
    engine = engine_of(tmp_path, {"documents/plan.md": newer, "documents/old.md": older})
    a = engine.answer("when does the plan start to apply?")
    # each document's period from its heading, the newest first, and the sentence stating the days
    # of the one that states them
    assert a.found and a.kind == "document_period", a.answer
    assert a.answer.index("2024–2026") < a.answer.index("1 april 2024") < a.answer.index("2020–2023"), a.answer
    assert a.answer.count("In Swedish") == 1 and a.sources[0].title == "Planens ställning", (a.answer, a.sources)


EVALUATION_DOC = """---
title: Uppföljningsplan
organisation: Testregionen
period: 2024–2026
source: tests
---

# Uppföljningsplan

## Uppföljning och utvärdering

Planen följs upp varje år. Hösten 2025 genomförs en halvtidsutvärdering {who}. Utvärderaren ska bland annat
bedöma om medlemskapet i Kustnätverket ska fortsätta.
"""


@pytest.mark.parametrize("who, named", [("av en extern utvärderare", False),
                                        ("av konsultbolaget Ekby Analys", True)])
def test_an_organisation_asked_for_is_named_in_the_sentence_about_what_is_asked(tmp_path: Path, who: str,
                                                                               named: bool):
    engine = engine_of(tmp_path, {"documents/plan.md": EVALUATION_DOC.format(who=who)})
    a = engine.answer("vilket konsultbolag ska göra halvtidsutvärderingen?")
    # the network named in the next sentence is not who evaluates: without a name there, no answer
    assert a.found == named and (not named or "Ekby Analys" in a.answer), a.answer


NETWORKS_DOC = """---
title: Nätverksplan
organisation: Testregionen
period: 2024–2026
source: tests
---

# Nätverksplan

## Kustnätverket

Regionen är medlem i Kustnätverket, som arbetar med hamnar, sjöfart och kustturism. Nätverket leds av en ordförande
som väljs för ett år i taget.

## Skogsnätverket

Regionen är medlem i Skogsnätverket, som arbetar med skogsbruk och trävaror. Ordförande i Skogsnätverket är Anna
Lind från Ekby kommun.
"""


def test_a_person_asked_for_is_named_in_a_sentence_about_whom_it_asks(tmp_path: Path):
    engine = engine_of(tmp_path, {"documents/plan.md": NETWORKS_DOC})
    # the other network's chair, quoted beside this network's section, is not this network's chair
    for q in ("vem är ordförande i Kustnätverket", "vem är Kustnätverkets ordförande"):
        a = engine.answer(q)
        assert not a.found and "Anna Lind" not in a.answer, (q, a.answer)
    for q in ("vem är ordförande i skogsnätverket", "vem är Skogsnätverkets ordförande"):
        a = engine.answer(q)
        assert a.found and "Anna Lind" in a.answer, (q, a.answer)


@pytest.mark.parametrize("evidence, names", [
    ("En kartläggning visar att 22 EU-projekt pågick och att EU-medlen uppgick till 11 miljoner euro.", False),
    ("Ekby kommun och Skogsby kommun deltog i flest EU-projekt.", True)])
def test_an_acronym_joined_to_a_noun_names_no_organisation(engine: Engine, evidence: str, names: bool):
    from bot.answer.naming import names_organisation
    from bot.answer.question import understand

    # "EU-projekt" and "EU-medlen" are nouns, not names of the municipalities asked for
    q = understand("vilka kommuner deltog i eu-projekt 2022?", engine.kb)
    assert names_organisation(q, evidence, engine.reader) is names



def test_a_record_answer_quotes_no_sentence_about_another_record(engine: Engine):
    """The priority areas share one section: a sentence there is an area's evidence only when it
    names that area ("Inom insatsområde 4 …" is not insatsområde 2's, nor one naming no area)."""
    areas = engine.kb.of_kind("area")
    assert len({a.sections[0] for a in areas}) == 1 and len(areas) > 2
    for area in areas:
        for q in (f"vad omfattar insatsområde {area.fields['number']}?",
                  f"what does priority area {area.fields['number']} cover?"):
            a = ask(engine, q)
            assert a.found and a.sources, (q, a.answer)
            held = a.explain.get("holding")
            if held:
                named = {m.record_id for m in engine.kb.lexicon.find(held) if m.exact}
                assert area.id in named, (q, held)


NAMED_OFFICE = """
- id: infopunkt
  name: Europa Direkt Ekby
  aliases: [EU-informationskontoret]
  description: Kontoret sprider kunskap om EU till invånarna.
  host: Testregionen
  section: Regionkontoret
"""


def test_a_word_only_one_records_name_uses_names_that_record(tmp_path: Path):
    doc = OFFICE_DOC.format(where="Testregionen är värdorganisation för Europa Direkt Ekby.")
    engine = engine_of(tmp_path, {"documents/plan.md": doc, "offices.yaml": NAMED_OFFICE})
    # "informationskontoret" is in no passage, only in the office's name "EU-informationskontoret"
    a = engine.answer("vem står värd för informationskontoret om EU?")
    assert [e["id"] for e in a.explain["entities"]] == ["infopunkt"], a.explain["entities"]
    assert a.found and "Testregionen" in a.answer, a.answer
    # a word a passage uses is evidence like any other, not a name
    a = engine.answer("vem tar emot besökare på kontoret?")
    assert a.explain["entities"] == [], a.explain["entities"]


def test_who_is_in_an_office_is_who_is_behind_it_and_what_is_left_out_stays_out(engine: Engine):
    office = next(o for o in engine.kb.of_kind("office") if len(o.fields.get("founders", [])) > 2)
    founders = office.fields["founders"]
    left, kept = founders[1], [f for f in founders if f != founders[1]]
    a = ask(engine, f"vilka regioner utom {left} är med i {office.name}?")
    assert a.found and all(f in a.answer for f in kept), a.answer
    # named once, as what was left out
    assert a.answer.count(left) == 1 and "Utelämnat" in a.answer, a.answer
    # who is *at* the office is not who is behind it
    a = ask(engine, f"vilka myndigheter besöker {office.name}?")
    assert a.kind != "office_founders", a.answer


_NAMES = ["Havsvind", "Skogsväg", "Fjällbro", "Kustljus", "Sjöfart", "Älvdal", "Myrmark", "Ängsblom", "Bergslag",
          "Dalgång", "Hedland", "Ödebygd", "Strandäng", "Klippkust", "Granskog", "Ekhage", "Björkdal", "Lövsal",
          "Tallmo", "Sandvik", "Stenbro", "Vattenfall", "Isvik", "Solberg", "Månviken", "Stjärnö", "Molnby",
          "Regnbåge", "Åskvik", "Snödal"]
TABLE_DOC = SETS_DOC.split("# Projekt")[0] + "# Projekt\n\n" + "".join(
    f"## {n}\n\n{n} är ett projekt om {n.lower()} i regionen. Projektet pågår i tre år och har fem partner.\n\n"
    for n in _NAMES) + (
    "## Budget\n\nRegionen följer upp alla projekt varje år. Tabellen visar regionens medfinansiering per projekt "
    "i kronor.\n\n| Projekt | Kronor |\n|---|---|\n"
    + "".join(f"| {n} | {100_000 + 10_000 * i:,} |\n".replace(",", " ") for i, n in enumerate(_NAMES)))


def test_a_table_row_is_found_by_the_words_of_the_sentence_that_introduces_its_table(tmp_path: Path):
    # the table is too long to quote with the sentence that says what its sums are: the row itself
    # must be found by those words
    engine = engine_of(tmp_path, {"documents/plan.md": TABLE_DOC})
    a = ask(engine, "hur stor medfinansiering får sjöfart?")
    assert a.found and "140 000" in a.answer, a.answer


@pytest.mark.parametrize("q, term", [
    ("finns det nat samarbete om att minska algblomning och naringslackage i havet soder om oss", "övergödning"),
    ("vilken hogskola i lanet har redan avtal med skolor i asien", "BTH"),
])
def test_a_passage_holding_more_of_the_question_than_any_other_has_no_rival_in_them(engine: Engine, q, term):
    # in other words than the content's, the passage that holds the fact holds few of the question's
    # words, but more than any other: passages near by meaning that hold fewer do not make its lead
    # doubtful
    a = ask(engine, q)
    assert a.found and term in a.answer, a.answer


TOTAL_DOC = SETS_DOC.split("# Projekt")[0] + "# Projekt\n\n" + "".join(
    f"## {n}\n\n{n} är ett projekt om {n.lower()} i regionen. Projektet pågår i tre år. Sammanlagt deltar fem "
    f"partner.\n\n" for n in _NAMES) + (
    "## Budget\n\nTabellen visar regionens medfinansiering per projekt och år i kronor.\n\n"
    "| Projekt | 2021 | 2022 | Totalt |\n|---|---|---|---|\n"
    + "".join(f"| {n} | {50_000 + 10_000 * i:,} | 60 000 | {110_000 + 10_000 * i:,} |\n".replace(",", " ")
              for i, n in enumerate(_NAMES)))


@pytest.mark.parametrize("q", ["hur mycket medfinansiering får sjöfart sammanlagt?",
                               "hur stor är den sammanlagda medfinansieringen till sjöfart?"])
def test_a_sum_asked_in_other_words_than_the_texts_is_not_a_word_to_cover(tmp_path: Path, q):
    # "sammanlagt", "totalt", "in total" ask for a sum; the text says it in any of them (here a
    # "Totalt" column): the question's word is no key word the evidence must hold
    engine = engine_of(tmp_path, {"documents/plan.md": TOTAL_DOC})
    a = ask(engine, q)
    assert a.found and "150 000" in a.answer, a.answer
    assert not {"sammanlagt", "sammanlagda"} & set(a.explain["key_words"]), a.explain["key_words"]


SHORTAGE_DOC = """---
title: Kompetensplan
organisation: Testregionen
period: 2024–2026
source: tests
---

# Kompetensplan

## Kompetensläget

Fram till 2030 går ungefär 9 000 personer i pension i länet. Gapet på ungefär 2 400 personer kan inte fyllas
genom utbildning. Störst är bristen på svetsare, barnmorskor och lärare i matematik.

## Utbildning

Yrkesskolan utbildar varje år tolv svetsare i samarbete med länets verkstäder. Skolan har egna lokaler i hamnen.
"""


@pytest.mark.parametrize("q, counted", [
    # the sentence naming barnmorskor gives no number; the gap beside it counts people, not them
    ("hur många barnmorskor saknas i länet?", None),
    ("hur många svetsare utbildar yrkesskolan per år?", "tolv svetsare"),  # (a number in words)
])
def test_a_count_is_a_number_in_a_sentence_that_names_what_is_counted(tmp_path: Path, q: str, counted: str | None):
    a = engine_of(tmp_path, {"documents/plan.md": SHORTAGE_DOC}).answer(q)
    assert a.found is (counted is not None) and (counted or "") in a.answer, a.answer
