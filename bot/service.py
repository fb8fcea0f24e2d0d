"""Keeps an answer engine on the current index generation: builds it when missing or stale, and
notices a new generation between questions without reopening the index on every question."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from . import content, index
from .engine import Answer, Engine

DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "content"
DEFAULT_INDEX = Path(__file__).resolve().parent.parent / "index"


@dataclass(frozen=True)
class Paths:
    """Where the content and the index live."""

    content: Path
    index: Path

    @classmethod
    def resolve(cls, content_dir: str | None = None, index_dir: str | None = None) -> Paths:
        c = content_dir or os.environ.get("STRATEGIBOT_CONTENT") or DEFAULT_CONTENT
        i = index_dir or os.environ.get("STRATEGIBOT_INDEX") or DEFAULT_INDEX
        return cls(Path(c), Path(i))


def build_index(paths: Paths, wait: float = 0.0) -> index.BuildResult:
    """Validate the content and build a new index generation from it (ContentError on problems)."""
    loaded = content.load(paths.content)
    return index.build(loaded, paths.index, meta={"content_dir": str(paths.content.resolve())}, wait=wait)


def is_stale(paths: Paths) -> bool:
    """True when there is no index or it was built from other content than what is on disk now."""
    m = index.manifest(paths.index)
    if m is None:
        return True
    return m.get("fingerprint") != content.fingerprint(paths.content)


class Service:
    """The engine of the current generation, swapped when another generation becomes current."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._pointer_mtime: float = -1.0

    def engine(self) -> Engine:
        """The engine for the serving generation (a stat of CURRENT per call; reopen only on change)."""
        pointer = self.paths.index / "CURRENT"
        try:
            mtime = pointer.stat().st_mtime_ns
        except OSError:
            mtime = -1
        engine = self._engine
        if engine is not None and mtime == self._pointer_mtime:
            return engine
        with self._lock:
            if self._engine is None or mtime != self._pointer_mtime:
                name = index.current_generation(self.paths.index)
                if self._engine is None or name != self._engine.reader.generation:
                    self._engine = Engine(index.open_current(self.paths.index))
                self._pointer_mtime = mtime
            return self._engine

    def ask(self, question: str) -> Answer:
        return self.engine().answer(question)
