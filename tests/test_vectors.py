"""The semantic layer's stores on disk: dense vectors and latent terms, reused across generations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot import content, embed, index, vectors
from bot.answer.engine import Engine
from bot.answer.question import understand

from .conftest import DATA, make_content


def _rows() -> list[tuple[np.ndarray, np.ndarray]]:
    def unit(w: list[float]) -> np.ndarray:
        a = np.asarray(w, dtype=np.float32)
        return a / np.linalg.norm(a)
    return [(np.array([3, 7, 9], np.int32), unit([1.0, 2.0, 2.0])),
            (np.array([], np.int32), np.array([], np.float32)),  # a passage with no latent terms
            (np.array([7, 100], np.int32), unit([1.0, 1.0])),
            (np.array([5], np.int32), unit([4.0]))]


def test_latent_similarity_is_the_cosine_of_the_sparse_vectors(tmp_path: Path):
    store = vectors.LatentStore.from_rows(["a", "b", "c", "d"], _rows(), embed.LATENT_NAME or "none")
    store.save(tmp_path)
    loaded = vectors.LatentStore.load(tmp_path)
    assert loaded is not None and loaded.keys == ["a", "b", "c", "d"]
    features, weights = np.array([7, 9, 5]), np.array([1.0, 1.0, 0.0], np.float32)
    dense = np.zeros((4, embed.LATENT_DIM), np.float32)
    for i, (f, w) in enumerate(_rows()):
        dense[i, f] = w
    q = np.zeros(embed.LATENT_DIM, np.float32)
    q[features] = weights / np.linalg.norm(weights)
    assert np.allclose(loaded.similarities(features, weights), dense @ q, atol=1e-6)
    near = loaded.nearest(features, weights, 2)
    assert [row for row, _ in near.top] == [0, 2] and near.of(1) == 0.0


@pytest.mark.parametrize("damage", ["truncate", "other model", "keys"])
def test_a_damaged_or_foreign_latent_store_is_not_used(tmp_path: Path, damage: str):
    vectors.LatentStore.from_rows(["a", "b", "c", "d"], _rows(), embed.LATENT_NAME or "none").save(tmp_path)
    meta = json.loads((tmp_path / "latent.json").read_text())
    if damage == "truncate":
        (tmp_path / "latent.npz").write_bytes((tmp_path / "latent.npz").read_bytes()[:50])
    elif damage == "other model":
        (tmp_path / "latent.json").write_text(json.dumps({**meta, "model": "another-model"}))
    else:
        (tmp_path / "latent.json").write_text(json.dumps({**meta, "keys": meta["keys"][:2]}))
    assert vectors.LatentStore.load(tmp_path) is None


def test_a_rebuild_computes_latent_terms_only_for_changed_passages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("STRATEGIBOT_LATENT", "1")
    monkeypatch.delenv("STRATEGIBOT_VECTOR_CACHE")  # only the previous generation may be reused
    folder = make_content(tmp_path, {"documents/x.md": DATA / "small" / "documents" / "x.md"})
    first = index.build(content.load(folder), tmp_path / "index")
    manifest = json.loads((first.path / "manifest.json").read_text())
    n = manifest["passages"]
    assert manifest["latent"] == embed.LATENT_NAME and manifest["latent_computed"] == n > 0
    second = index.build(content.load(folder), tmp_path / "index")
    assert json.loads((second.path / "manifest.json").read_text())["latent_computed"] == 0
    doc = folder / "documents" / "x.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n## Nytt avsnitt\n\nEn helt ny mening om fyrar.\n",
                   encoding="utf-8")
    third = index.build(content.load(folder), tmp_path / "index")
    assert json.loads((third.path / "manifest.json").read_text())["latent_computed"] == 1
    reader = index.open_current(tmp_path / "index")
    assert reader.latent is not None and len(reader.latent) == len(reader.passages)


@pytest.fixture
def latent_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The engine over the shipped content with latent terms on."""
    monkeypatch.setenv("STRATEGIBOT_LATENT", "1")
    from .conftest import SHIPPED_CONTENT

    index.build(content.load(SHIPPED_CONTENT), tmp_path / "index")
    return Engine(index.open_current(tmp_path / "index"))


def test_latent_terms_join_only_when_the_question_s_words_fall_short(latent_engine: Engine):
    engine = latent_engine
    described = understand("vad är det lilla ryska området mellan polen och litauen", engine.kb)
    c = engine.gatherer.gather(described)
    assert c.unknown and any(p.latent_z != 0.0 for p in c.passages)
    own_words = understand("Vilka projekt leder Region Blekinge?", engine.kb)
    c = engine.gatherer.gather(own_words)
    assert not c.unknown and all(p.latent_z == 0.0 for p in c.passages)


def test_latent_terms_do_not_vouch_for_a_question_without_a_word_of_the_content(latent_engine: Engine):
    for q in ("lorem ipsum dolor sit amet", "asdfgh jkl qwerty"):
        assert not latent_engine.answer(q).found, q


def test_latent_terms_are_off_by_default_and_the_index_still_answers(tmp_path: Path):
    folder = make_content(tmp_path, {"documents/x.md": DATA / "small" / "documents" / "x.md"})
    built = index.build(content.load(folder), tmp_path / "index")
    assert not (built.path / "latent.npz").exists()
    assert json.loads((built.path / "manifest.json").read_text())["latent"] is None
    assert index.open_current(tmp_path / "index").latent is None


@pytest.mark.parametrize("given, expected", [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_the_model_s_idle_threads_sleep_unless_told_otherwise(given: str | None, expected: str):
    # another process using the model at once (a reindex beside the server) made spinning threads
    # take answers from 25 ms to 1.7 s at p99 (scripts/bench.py, "during a reindex"); an operator's
    # own setting stands
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    if given:
        env["OMP_WAIT_POLICY"] = given
    code = "import os; from bot import embed; embed.query('hej'); print(os.environ['OMP_WAIT_POLICY'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == expected
