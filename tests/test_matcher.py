from __future__ import annotations

from bot import matcher

LEX = matcher.Lexicon([
    ("baltic-master-ii", "Baltic Master II"), ("baltic-master-ii", "Baltic Master"),
    ("euroregion-baltic", "Euroregion Baltic"), ("euroregion-baltic", "ERB"),
    ("io3", "insatsområde 3"), ("io3", "IO3"), ("io3", "priority area 3"),
    ("utkast-1", "utkast I"), ("utkast-3", "utkast III"),
    ("regionstyrelsen", "Regionstyrelsen"), ("regionstyrelsen", "regional board"),
])


def ids(question: str) -> list[str]:
    return [m.record_id for m in LEX.find(question)]


def test_exact_names_and_abbreviations():
    assert ids("Vem leder Baltic Master II?") == ["baltic-master-ii"]
    assert ids("vad är ERB") == ["euroregion-baltic"]
    assert ids("projekt i IO3") == ["io3"]


def test_typos_and_missing_diacritics():
    assert ids("Vad är Baltik Master?") == ["baltic-master-ii"]
    assert ids("vilka projekt finns inom insatsomrade 3") == ["io3"]
    assert ids("när beslutar regionstyrelssen") == ["regionstyrelsen"]


def test_inflected_forms_match_by_stem():
    assert ids("regionstyrelsens beslut") == ["regionstyrelsen"]


def test_english_names():
    assert ids("When does the regional board decide?") == ["regionstyrelsen"]
    assert ids("Which projects serve priority area 3?") == ["io3"]


def test_roman_numerals_are_not_fuzzed_into_each_other():
    assert ids("När är utkast III klart?") == ["utkast-3"]
    assert ids("När är utkast I klart?") == ["utkast-1"]


def test_numbers_must_match():
    assert ids("insatsområde 4") == []


def test_short_words_are_never_fuzzy():
    assert ids("ERA") == []


def test_records_sharing_a_word():
    assert LEX.records_sharing_word("Vad är Baltic?") == {"baltic": {"baltic-master-ii", "euroregion-baltic"}}


def test_closest_for_hints():
    assert matcher.closest("nmae_en", ["name", "name_en", "aliases"]) == "name_en"
    assert matcher.closest("zzz", ["name"]) is None
