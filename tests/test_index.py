from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import content, index
from bot.errors import IndexBusyError, IndexDamagedError, IndexError_

from .conftest import DATA, make_content


@pytest.fixture
def small(tmp_path: Path) -> content.Content:
    return content.load(make_content(tmp_path, {"documents/x.md": DATA / "small" / "documents" / "x.md"}))


def test_build_switches_to_a_new_generation(tmp_path: Path, small: content.Content):
    ix_dir = tmp_path / "index"
    first = index.build(small, ix_dir)
    assert index.current_generation(ix_dir) == first.generation
    second = index.build(small, ix_dir)
    assert index.current_generation(ix_dir) == second.generation
    assert (ix_dir / "PREVIOUS").read_text().strip() == first.generation
    assert sorted(p.name for p in ix_dir.iterdir() if p.name.startswith("gen-")) == sorted(
        [first.generation, second.generation])
    third = index.build(small, ix_dir)
    assert (ix_dir / first.generation / ".retired").exists()  # kept a while for questions in flight
    os.utime(ix_dir / first.generation / ".retired", (0, 0))
    index.build(small, ix_dir)
    assert not (ix_dir / first.generation).exists()
    assert (ix_dir / second.generation).exists() and (ix_dir / third.generation).exists()


def test_rollback_returns_to_the_previous_generation(tmp_path: Path, small: content.Content):
    ix_dir = tmp_path / "index"
    first = index.build(small, ix_dir)
    index.build(small, ix_dir)
    assert index.rollback(ix_dir) == first.generation
    assert index.current_generation(ix_dir) == first.generation


def test_rollback_without_previous_generation(tmp_path: Path, small: content.Content):
    index.build(small, tmp_path / "index")
    with pytest.raises(IndexError_, match="no previous index generation"):
        index.rollback(tmp_path / "index")


def test_a_failed_build_leaves_the_old_index_serving(tmp_path: Path, small: content.Content):
    ix_dir = tmp_path / "index"
    first = index.build(small, ix_dir)

    def refuse(reader: index.IndexReader) -> None:
        raise RuntimeError("sanity check failed")

    with pytest.raises(RuntimeError):
        index.build(small, ix_dir, check=refuse)
    assert index.current_generation(ix_dir) == first.generation
    assert [p.name for p in ix_dir.iterdir() if p.name.startswith((".building", "gen-"))] == [first.generation]


def test_debris_of_an_interrupted_build_is_cleaned_by_the_next(tmp_path: Path, small: content.Content):
    ix_dir = tmp_path / "index"
    index.build(small, ix_dir)
    (ix_dir / ".building-gen-x").mkdir()
    (ix_dir / "gen-orphan").mkdir()
    (ix_dir / "gen-orphan" / ".retired").touch()
    os.utime(ix_dir / "gen-orphan" / ".retired", (0, 0))
    index.build(small, ix_dir)
    assert not (ix_dir / ".building-gen-x").exists() and not (ix_dir / "gen-orphan").exists()


def test_a_second_build_at_once_fails_clearly(tmp_path: Path, small: content.Content):
    ix_dir = tmp_path / "index"
    with index.build_lock(ix_dir):
        with pytest.raises(IndexBusyError, match="another reindex"):
            index.build(small, ix_dir)


def test_open_without_index(tmp_path: Path):
    with pytest.raises(IndexError_, match="run `strategibot index`"):
        index.open_current(tmp_path)


def test_damaged_generation_is_reported(tmp_path: Path, small: content.Content):
    ix_dir = tmp_path / "index"
    result = index.build(small, ix_dir)
    (result.path / "model.json").write_text("{", encoding="utf-8")
    with pytest.raises(IndexError_, match="unreadable"):
        index.open_current(ix_dir)


def test_search_is_swedish(tmp_path: Path, small: content.Content):
    index.build(small, tmp_path / "index")
    reader = index.open_current(tmp_path / "index")
    assert reader.search("naringslivet")[0].title == "Cykelvägar"        # no å/ä/ö, -et
    assert reader.search("östersjöstrategi")[0].title == "Östersjöstrategin"   # compound
    assert reader.search("strategi för Östersjön")[0].title == "Östersjöstrategin"
    assert reader.search("budgeten")[0].title == "Budget"


@pytest.mark.parametrize("question", ["*", "[a TO z]", "title:budget", "budget^5", "budget~2", "\"budget",
                                      "(budget OR", "AND", "NOT budget", "?", "a*b*c*d*"])
def test_query_syntax_is_plain_text(tmp_path: Path, small: content.Content, question: str):
    index.build(small, tmp_path / "index")
    reader = index.open_current(tmp_path / "index")
    hits = reader.search(question)
    if "budget" in question:
        assert hits and hits[0].title == "Budget"
    else:
        assert hits == [] or all(h.kind == "section" for h in hits)


def test_spelling_suggestion_from_unstemmed_words(tmp_path: Path, small: content.Content):
    index.build(small, tmp_path / "index")
    reader = index.open_current(tmp_path / "index")
    assert reader.suggest("cykelvagr") == "cykelvagar"


def test_manifest_records_what_it_was_built_from(tmp_path: Path, small: content.Content):
    index.build(small, tmp_path / "index")
    m = index.manifest(tmp_path / "index")
    assert (m["documents"], m["sections"], m["records"], m["fingerprint"]) == (1, 3, 0, small.fingerprint)


def test_searchers_are_per_thread(tmp_path: Path, small: content.Content):
    import threading

    index.build(small, tmp_path / "index")
    reader = index.open_current(tmp_path / "index")
    seen = []
    barrier = threading.Barrier(3)

    def work() -> None:
        seen.append(reader._searcher())  # keep each alive so no id is reused
        barrier.wait(timeout=10)
        assert reader._searcher() is seen[-1] or reader._searcher() in seen

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(s) for s in seen}) == 3
    assert os.path.isdir(reader.path)


def _segment(generation: Path) -> Path:
    return next(p for p in generation.iterdir() if p.suffix == ".seg")


def test_manifest_records_each_files_size_and_hash(tmp_path: Path, small: content.Content):
    result = index.build(small, tmp_path / "index")
    files = index.manifest(tmp_path / "index")["index_files"]
    assert _segment(result.path).name in files and "model.json" in files and "manifest.json" not in files
    assert index.damage(result.path) is None


def test_a_truncated_segment_is_never_opened_and_the_previous_generation_serves(tmp_path: Path,
                                                                               small: content.Content):
    ix_dir = tmp_path / "index"
    first = index.build(small, ix_dir)
    second = index.build(small, ix_dir)
    segment = _segment(second.path)
    os.truncate(segment, segment.stat().st_size // 2)
    with pytest.raises(IndexDamagedError, match=rf"{second.generation} is damaged .*{segment.name} has"):
        index.open_current(ix_dir)
    reader, why = index.open_serving(ix_dir)
    assert reader.generation == first.generation and second.generation in why
    assert reader.search("regionstyrelsen")
    third = index.build(small, ix_dir)  # a damaged generation is not kept for rollback
    assert index.current_generation(ix_dir) == third.generation
    assert index.previous_generation(ix_dir) == first.generation


def test_same_size_damage_is_found_by_the_hash(tmp_path: Path, small: content.Content):
    result = index.build(small, tmp_path / "index")
    segment = _segment(result.path)
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment.write_bytes(bytes(data))
    assert index.damage(result.path, quick=True) is None
    assert "differs from the file built" in index.damage(result.path)


@pytest.mark.parametrize("garbage", [b"\xff\xfe\x00gen", b"../../etc", b""])
def test_a_garbage_current_pointer_is_repaired_by_the_next_build(tmp_path: Path, small: content.Content,
                                                                 garbage: bytes):
    ix_dir = tmp_path / "index"
    index.build(small, ix_dir)
    (ix_dir / "CURRENT").write_bytes(garbage)
    assert index.current_generation(ix_dir) is None
    result = index.build(small, ix_dir)
    assert (ix_dir / "CURRENT").read_text(encoding="utf-8").strip() == result.generation


def test_a_garbage_current_pointer_falls_back_to_the_previous_generation(tmp_path: Path, small: content.Content):
    ix_dir = tmp_path / "index"
    first = index.build(small, ix_dir)
    index.build(small, ix_dir)
    (ix_dir / "CURRENT").write_bytes(b"\xff\xfe\n")
    reader, why = index.open_serving(ix_dir)
    assert reader.generation == first.generation and "does not name a generation" in why


def test_a_term_in_most_units_is_skipped_once_the_content_is_large(tmp_path: Path, small: content.Content,
                                                                   monkeypatch: pytest.MonkeyPatch):
    index.build(small, tmp_path / "index")
    reader = index.open_current(tmp_path / "index")

    def scores(question: str) -> dict[str, float]:
        return {h.title: h.score for h in reversed(reader.search(question, limit=10))}   # best score per title

    before = scores("cykelvägar budget")
    assert set(before) == {"Cykelvägar", "Budget"}          # under the floors every term counts
    # As if the content were large: 'cykelvägar' (its stem and most of its letter grams) is in more
    # than half of the 6 units (3 sections, 3 passages); 'budget' is in 2.
    for name, value in [("COMMON_STEM", 0.5), ("COMMON_STEM_FLOOR", 0), ("COMMON_GRAM", 0.5),
                        ("COMMON_GRAM_FLOOR", 0), ("KEEP_RAREST", 1)]:
        monkeypatch.setattr(index, name, value)
    after = scores("cykelvägar budget")
    # Only the Budget section has 'budget'; both have 'cykelvägar', whose weight is gone.
    assert after["Cykelvägar"] < before["Cykelvägar"] / 2
    assert after["Cykelvägar"] / after["Budget"] < before["Cykelvägar"] / before["Budget"] / 2
    # The rarest term of a question is always searched, however common.
    assert set(scores("cykelvägar")) == {"Cykelvägar", "Budget"}


def test_a_word_is_found_inside_the_contents_compounds(tmp_path: Path, small: content.Content):
    index.build(small, tmp_path / "index")
    reader = index.open_current(tmp_path / "index")
    assert reader.compounds_holding("strategin") == ["ostersjostrategin"]          # the last part
    assert set(reader.compounds_holding("cykel")) == {"cykelvagar", "cykelvagarna"}  # the first part
    assert reader.compounds_holding("vag") == []                                  # too short to tell
    assert reader.compounds_holding("budget") == []                               # a word, not a part


def test_bm25f_with_cached_field_lengths_scores_as_whoosh_does(tmp_path: Path, small: content.Content):
    """The searcher reads each unit's field length once; its scores are Whoosh's own BM25F's."""
    index.build(small, tmp_path / "index")
    reader = index.open_current(tmp_path / "index")
    questions = ["naringslivet", "strategi för Östersjön", "budgeten cykelvägar", "östersjöstrategi budget"]
    cached = [[(h.id, round(h.score, 9)) for h in reader.search(q, limit=20)] for q in questions]
    again = [[(h.id, round(h.score, 9)) for h in reader.search(q, limit=20)] for q in questions]
    plain = index.open_current(tmp_path / "index")
    plain._local.searcher = plain._ix.searcher(weighting=index.scoring.BM25F(B=0.75, K1=1.2))
    expected = [[(h.id, round(h.score, 9)) for h in plain.search(q, limit=20)] for q in questions]
    assert all(cached) and cached == again == expected
