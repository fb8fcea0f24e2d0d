from __future__ import annotations

from bot import text


def test_fold_strips_diacritics_and_case():
    assert text.fold("Östersjön") == "ostersjon"
    assert text.fold("Yc³") == "yc3"


def test_words_keep_numbers_and_single_characters():
    assert text.words("Insatsområde 3 och IO 5") == ["insatsomrade", "3", "och", "io", "5"]


def test_figures_join_digit_groups_and_leave_out_years_and_single_digits():
    assert text.figures("under 500 000 kr, 4\u00a0200 euro och 7,5 miljoner") == ["500000", "4200", "7,5"]
    assert text.figures("IO3, EU2020, insatsområde 3, våren 2026 och 2014–2020") == []
    assert text.figures("48 partner och 25 procent") == ["48", "25"]


def test_words_drop_swedish_genitive_colon():
    assert text.words("EU:s strategi och RTP:ns insatsområden") == ["eu", "strategi", "och", "rtp", "insatsomraden"]


def test_stem_handles_definite_et_and_inflection():
    assert text.stem("naringslivet") == text.stem("naringsliv")
    assert text.stem("malet") == text.stem("mal")
    assert text.stem("samarbetet") == text.stem("samarbete")
    assert text.stem("insatsomraden") == text.stem("insatsomrade")


def test_with_and_without_diacritics_meet():
    assert text.analyze("insatsområde") == text.analyze("insatsomrade")


def test_analyze_keeps_the_number_of_insatsomrade_3():
    assert "3" in text.analyze("insatsområde 3")


def test_decompounder_splits_compounds_into_known_words():
    vocab = text.vocabulary(["Östersjön och en strategi för utveckling"])
    parts = text.Decompounder(vocab).parts("ostersjostrategin")
    assert parts == [text.stem("ostersjo"), text.stem("strategin")]
    assert text.stem("strategin") == text.stem("strategi")
    assert text.Decompounder(vocab).parts("utvecklingsstrategi") == [text.stem("utveckling"), text.stem("strategi")]


def test_decompounder_leaves_unknown_words_alone():
    assert text.Decompounder(set()).parts("kanelbullar") == []
