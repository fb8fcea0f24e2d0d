"""Spelling out a question typed without å, ä and ö, in the content's own spelling."""

from __future__ import annotations

import json
from pathlib import Path

from bot import index, wordforms
from bot.answer import Engine


def test_the_contents_usual_spelling_is_learned():
    usual = wordforms.spellings(["Länet och länets kommuner.", "Regionfullmäktige beslutar.", "Länet växer."])
    assert usual["lanet"] == "länet" and usual["regionfullmaktige"] == "regionfullmäktige"
    assert "och" not in usual and "kommuner" not in usual  # only words whose spelling differs


def test_function_words_are_known_and_a_word_typed_as_another_stays():
    usual = wordforms.spellings([])
    assert usual["for"] == "för" and usual["pa"] == "på" and usual["nar"] == "när"
    # "var" and "har" are words of their own: never turned into "vår" and "här"
    assert "var" not in usual and "har" not in usual


def test_the_more_frequent_spelling_wins():
    usual = wordforms.spellings(["inga projekt", "inga mål", "ingå i"])
    assert "inga" not in usual  # the content writes "inga" more often than "ingå"


def test_spell_out_keeps_capitals_and_words_already_spelled():
    usual = wordforms.spellings(["Östersjön och länet"])
    assert wordforms.spell_out("Ostersjon, lanet och länet pa 2010", usual) == "Östersjön, länet och länet på 2010"
    assert wordforms.spell_out("nar", {}) == "nar"


def test_a_swedish_question_is_spelled_out_for_the_semantic_layer(engine: Engine):
    a = engine.answer("nar beslutar regionfullmaktige om strategin")
    assert a.explain["spelled_out"].startswith("när beslutar regionfullmäktige")
    assert a.found and "2010" in a.answer
    english = engine.answer("when does the regional council decide on the strategy")
    assert "spelled_out" not in english.explain  # "for" in English is not "för"


def test_a_generation_without_spellings_still_serves(shipped_index: Path, tmp_path: Path):
    import shutil

    copy = tmp_path / "index"
    shutil.copytree(shipped_index, copy)
    gen = copy / (copy / "CURRENT").read_text().strip()
    (gen / "spellings.json").unlink()
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    del manifest["index_files"]["spellings.json"]
    (gen / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    reader = index.open_current(copy)
    assert reader.spellings == {}
    a = Engine(reader).answer("nar beslutar regionfullmaktige om strategin")
    assert "spelled_out" not in a.explain and a.found
