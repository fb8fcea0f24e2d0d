"""Passage vectors of an index generation, and nearest-passage search. numpy is imported here only.

Vectors are stored beside the Whoosh segments (`vectors.npy`, `vectors.json` with one key per
row: a hash of the embedded text), so a reindex embeds only passages whose text changed: the rest
are taken from the previous generation, or from a shared cache folder when one is set
(`STRATEGIBOT_VECTOR_CACHE`, used by the tests and the benchmark). The passages' latent terms
(sparse, see `embed`) are kept the same way, as compressed rows (`latent.npz`, `latent.json`).
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import IO, Any, Callable

import numpy as np

from . import embed


class VectorStore:
    """Rows of passage vectors (float32, normalised), in passage order."""

    FILES = ("vectors.npy", "vectors.json")

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
            meta = json.loads((folder / cls.FILES[1]).read_text(encoding="utf-8"))
            matrix = np.load(folder / cls.FILES[0], allow_pickle=False)
        except (OSError, ValueError, KeyError):
            return None
        if meta.get("model") != embed.NAME or matrix.shape != (len(meta["keys"]), embed.DIM):
            return None
        return cls(list(meta["keys"]), matrix.astype(np.float32, copy=False), meta["model"])

    def save(self, folder: Path) -> None:
        _save(folder, self.FILES, lambda fh: np.save(fh, self.matrix, allow_pickle=False), self.model, self.keys)

    def rows(self) -> dict[str, Any]:
        return {k: self.matrix[i] for i, k in enumerate(self.keys)}

    def nearest(self, vector: Any, k: int) -> Nearest:
        """The `k` rows most like `vector`, with the spread of all rows' similarities."""
        return _nearest(self.matrix @ np.asarray(vector, dtype=np.float32), k)


def _nearest(sims: Any, k: int) -> Nearest:
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


def _save(folder: Path, files: tuple[str, str], write: Callable[[IO[bytes]], None], model: str,
          keys: list[str]) -> None:
    """A store's rows (written by `write`) and its model and keys, each file synced to disk."""
    data, meta = files
    with open(folder / data, "wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    with open(folder / meta, "w", encoding="utf-8") as fh:
        json.dump({"model": model, "keys": keys}, fh)
        fh.flush()
        os.fsync(fh.fileno())


def _known(reuse: list[Any], load: Callable[[Path], Any]) -> dict[str, Any]:
    """Every row of the earlier stores and of the shared cache (read with `load`), by key."""
    cache = _cache_dir()
    known: dict[str, Any] = {}
    for store in [*reuse, load(cache) if cache is not None else None]:
        if store is not None:
            known.update(store.rows())
    return known


def build(keys: list[str], texts: list[str], reuse: list[VectorStore | None],
          progress: Callable[[int, int], None] | None = None) -> tuple[VectorStore, int]:
    """Vectors for `texts` (keyed by `keys`), reusing rows of earlier stores: (store, newly embedded)."""
    known = _known(reuse, VectorStore.load)
    cache = _cache_dir()
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
        every = sorted(known)
        _add_to_cache(cache, VectorStore(every, np.vstack([known[k] for k in every]), embed.NAME))
    return store, len(missing)


def _cache_dir() -> Path | None:
    value = os.environ.get("STRATEGIBOT_VECTOR_CACHE")
    return Path(value) if value else None


def _add_to_cache(cache: Path, store: VectorStore | LatentStore) -> None:
    """Replace the cache's copy of a store's files with `store` (saved aside, then moved in)."""
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache / f".tmp-{store.FILES[0]}-{os.getpid()}"
    tmp.mkdir(exist_ok=True)
    store.save(tmp)
    for name in store.FILES:
        os.replace(tmp / name, cache / name)
    tmp.rmdir()


class LatentStore:
    """Rows of latent terms (sparse, L2-normalised), in passage order, as compressed rows."""

    FILES = ("latent.npz", "latent.json")

    def __init__(self, keys: list[str], indptr: Any, features: Any, weights: Any, model: str) -> None:
        self.keys = keys
        self.indptr = indptr
        self.features = features
        self.weights = weights
        self.model = model

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def from_rows(cls, keys: list[str], rows: list[tuple[Any, Any]], model: str) -> LatentStore:
        lengths = [len(f) for f, _ in rows]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        features = np.concatenate([np.asarray(f, dtype=np.int32) for f, _ in rows]) if rows else np.zeros(0, np.int32)
        weights = np.concatenate([np.asarray(w, dtype=np.float32) for _, w in rows]) if rows else np.zeros(0, np.float32)
        return cls(keys, indptr, features, weights, model)

    @classmethod
    def load(cls, folder: Path) -> LatentStore | None:
        """The store saved in `folder`, or None when it has none (or a different model's)."""
        try:
            meta = json.loads((folder / cls.FILES[1]).read_text(encoding="utf-8"))
            with open(folder / cls.FILES[0], "rb") as fh, np.load(fh, allow_pickle=False) as data:
                indptr, features, weights = data["indptr"], data["features"], data["weights"]
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            return None
        keys = meta.get("keys") if isinstance(meta, dict) else None
        if meta.get("model") != embed.LATENT_NAME or not isinstance(keys, list) or indptr.shape != (len(keys) + 1,) \
                or features.shape != weights.shape or (len(keys) and int(indptr[-1]) != len(features)):
            return None
        return cls(list(keys), indptr, features, weights, meta["model"])

    def save(self, folder: Path) -> None:
        _save(folder, self.FILES, lambda fh: np.savez(fh, indptr=self.indptr, features=self.features,
                                                      weights=self.weights), self.model, self.keys)

    def rows(self) -> dict[str, tuple[Any, Any]]:
        return {k: (self.features[self.indptr[i]:self.indptr[i + 1]], self.weights[self.indptr[i]:self.indptr[i + 1]])
                for i, k in enumerate(self.keys)}

    def nearest(self, features: Any, weights: Any, k: int) -> Nearest:
        """The `k` rows most like a question's latent terms, with the spread of all rows' similarities."""
        return _nearest(self.similarities(features, weights), k)

    def similarities(self, features: Any, weights: Any) -> Any:
        """Each row's cosine similarity with a question's latent terms (all rows, in order)."""
        query = np.zeros(embed.LATENT_DIM, dtype=np.float32)
        w = np.asarray(weights, dtype=np.float32)
        norm = float(np.linalg.norm(w))
        if norm > 0:
            query[np.asarray(features, dtype=np.int64)] = w / norm
        products = np.append(self.weights * query[self.features], np.float32(0.0))
        starts = np.minimum(self.indptr[:-1], len(products) - 1)
        sums = np.add.reduceat(products, starts) if len(starts) else np.zeros(0, np.float32)
        sums[self.indptr[:-1] == self.indptr[1:]] = 0.0  # an empty row has nothing in common
        return sums


def build_latent(keys: list[str], texts: list[str], reuse: list[LatentStore | None],
                 progress: Callable[[int, int], None] | None = None) -> tuple[LatentStore, int]:
    """Latent terms for `texts` (keyed by `keys`), reusing rows of earlier stores: (store, newly computed)."""
    assert embed.LATENT_NAME is not None
    known = _known(reuse, LatentStore.load)
    cache = _cache_dir()
    missing = [i for i, k in enumerate(keys) if k not in known]
    for n, (features, weights) in enumerate(embed.latent_passages([texts[i] for i in missing]), 1):
        w = np.asarray(weights, dtype=np.float32)
        norm = float(np.linalg.norm(w)) or 1.0
        known[keys[missing[n - 1]]] = (np.asarray(features, dtype=np.int32), w / norm)
        if progress and (n % 32 == 0 or n == len(missing)):
            progress(n, len(missing))
    store = LatentStore.from_rows(list(keys), [known[k] for k in keys], embed.LATENT_NAME)
    if cache is not None and missing:
        every = sorted(known)
        _add_to_cache(cache, LatentStore.from_rows(every, [known[k] for k in every], embed.LATENT_NAME))
    return store, len(missing)
