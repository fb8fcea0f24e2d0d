"""Passage vectors of an index generation, and nearest-passage search. numpy is imported here only.

Vectors are stored beside the Whoosh segments (`vectors.npy`, `vectors.json` with one key per
row: a hash of the embedded text), so a reindex embeds only passages whose text changed: the rest
are taken from the previous generation, or from a shared cache folder when one is set
(`STRATEGIBOT_VECTOR_CACHE`, used by the tests and the benchmark).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

import numpy as np

from . import embed


class VectorStore:
    """Rows of passage vectors (float32, normalised), in passage order."""

    def __init__(self, keys: list[str], matrix: Any, model: str) -> None:
        self.keys = keys
        self.matrix = matrix
        self.model = model

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def load(cls, folder: Path) -> VectorStore | None:
        """The store saved in `folder`, or None when it has none (or a different model's)."""
        try:
            meta = json.loads((folder / "vectors.json").read_text(encoding="utf-8"))
            matrix = np.load(folder / "vectors.npy", allow_pickle=False)
        except (OSError, ValueError, KeyError):
            return None
        if meta.get("model") != embed.NAME or matrix.shape != (len(meta["keys"]), embed.DIM):
            return None
        return cls(list(meta["keys"]), matrix.astype(np.float32, copy=False), meta["model"])

    def save(self, folder: Path) -> None:
        with open(folder / "vectors.npy", "wb") as fh:
            np.save(fh, self.matrix, allow_pickle=False)
            fh.flush()
            os.fsync(fh.fileno())
        with open(folder / "vectors.json", "w", encoding="utf-8") as fh:
            json.dump({"model": self.model, "keys": self.keys}, fh)
            fh.flush()
            os.fsync(fh.fileno())

    def rows(self) -> dict[str, Any]:
        return {k: self.matrix[i] for i, k in enumerate(self.keys)}

    def nearest(self, vector: Any, k: int) -> Nearest:
        """The `k` rows most like `vector`, with the spread of all rows' similarities."""
        sims = self.matrix @ np.asarray(vector, dtype=np.float32)
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k] if k else np.zeros(0, dtype=int)
        top = top[np.argsort(-sims[top])]
        return Nearest([(int(i), float(sims[i])) for i in top], float(sims.mean()) if len(sims) else 0.0,
                       float(sims.std()) if len(sims) else 1.0, sims)


class Nearest:
    """Rows nearest a question, and the similarity of any row on demand."""

    def __init__(self, top: list[tuple[int, float]], mean: float, std: float, sims: Any) -> None:
        self.top = top
        self.mean = mean
        self.std = std or 1.0
        self._sims = sims

    def of(self, row: int) -> float:
        return float(self._sims[row])


def build(keys: list[str], texts: list[str], reuse: list[VectorStore | None],
          progress: Callable[[int, int], None] | None = None) -> tuple[VectorStore, int]:
    """Vectors for `texts` (keyed by `keys`), reusing rows of earlier stores: (store, newly embedded)."""
    known: dict[str, Any] = {}
    for store in reuse:
        if store is not None:
            known.update(store.rows())
    cache = _cache_dir()
    if cache is not None:
        cached = VectorStore.load(cache)
        if cached is not None:
            known.update(cached.rows())
    missing = [i for i, k in enumerate(keys) if k not in known]
    done = 0
    if missing:
        for batch_start, batch in zip(range(0, len(missing), 32), embed.passages([texts[i] for i in missing])):
            for j, row in enumerate(np.asarray(batch, dtype=np.float32).reshape(-1, embed.DIM)):
                known[keys[missing[batch_start + j]]] = row
            done = min(batch_start + 32, len(missing))
            if progress:
                progress(done, len(missing))
    matrix = np.vstack([known[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, embed.DIM), np.float32)
    store = VectorStore(list(keys), matrix, embed.NAME)
    if cache is not None and missing:
        _add_to_cache(cache, known)
    return store, len(missing)


def _cache_dir() -> Path | None:
    value = os.environ.get("STRATEGIBOT_VECTOR_CACHE")
    return Path(value) if value else None


def _add_to_cache(cache: Path, known: dict[str, Any]) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache / f".tmp-{os.getpid()}"
    tmp.mkdir(exist_ok=True)
    keys = sorted(known)
    VectorStore(keys, np.vstack([known[k] for k in keys]), embed.NAME).save(tmp)
    for name in ("vectors.npy", "vectors.json"):
        os.replace(tmp / name, cache / name)
    tmp.rmdir()
