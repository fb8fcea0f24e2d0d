"""Watches the content folder and reindexes after an edit, debounced; a broken edit changes nothing."""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Callable

from . import content
from .service import Paths, Reindex, reindex_in_child

log = logging.getLogger("strategibot.watch")

Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: Paths) -> Snapshot:
    """Each content file with its modification time and size."""
    out: Snapshot = {}
    for p in content.content_files(paths.content) if paths.content.is_dir() else []:
        try:
            st = os.stat(p)
        except OSError:
            continue
        out[str(p)] = (st.st_mtime_ns, st.st_size)
    return out


class Watcher:
    """Polls the content files every `interval` s; once they have been still for `debounce` s after
    a change, reindexes and hands the outcome to `on_result`."""

    def __init__(self, paths: Paths, on_result: Callable[[Reindex], None], interval: float = 0.5,
                 debounce: float = 1.0) -> None:
        self.paths = paths
        self.on_result = on_result
        self.interval = interval
        self.debounce = debounce
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="content-watch")

    def start(self) -> Watcher:
        self._seen = snapshot(self.paths)  # taken now, so an edit right after start() is noticed
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        seen = self._seen
        changed_at: float | None = None
        while not self._stop.wait(self.interval):
            now = snapshot(self.paths)
            if now != seen:
                seen = now
                changed_at = time.monotonic()
                continue
            if changed_at is not None and time.monotonic() - changed_at >= self.debounce:
                changed_at = None
                try:
                    outcome = reindex_in_child(self.paths)
                except Exception as exc:  # keep watching whatever happens
                    log.error("reindex failed", exc_info=exc)
                    continue
                self.on_result(outcome)
