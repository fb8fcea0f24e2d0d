"""Workers: a fixed number of threads working through a bounded queue, so that slow work (answers,
Web API calls) never holds up the threads that acknowledge Slack's requests."""

from __future__ import annotations

import logging
import queue
import threading
from typing import Callable

log = logging.getLogger("strategibot.workers")


class Workers:
    """`threads` threads taking jobs from a queue of at most `size` waiting jobs."""

    def __init__(self, name: str, threads: int, size: int) -> None:
        self.name = name
        self._queue: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=size)
        self._threads = [threading.Thread(target=self._run, daemon=True, name=f"{name}-{n}") for n in range(threads)]
        for t in self._threads:
            t.start()

    def submit(self, job: Callable[[], None]) -> bool:
        """Queue `job`; False, at once, when the queue is full."""
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            return False
        return True

    @property
    def waiting(self) -> int:
        """Jobs queued and not started yet."""
        return self._queue.qsize()

    def close(self) -> None:
        """Let the threads end once the jobs queued before have run."""
        for _ in self._threads:
            self._queue.put(None)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                job()
            except Exception as exc:  # a job handles its own errors; this is the last line of defence
                log.error("job failed", exc_info=exc, extra={"fields": {"workers": self.name}})
