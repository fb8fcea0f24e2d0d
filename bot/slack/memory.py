"""Short-lived, bounded memories: deliveries already seen, and the subject of each thread."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


class Recent(Generic[V]):
    """A thread-safe map that forgets entries after `ttl` seconds or beyond `size` entries."""

    def __init__(self, size: int = 10_000, ttl: float = 3600.0) -> None:
        self.size, self.ttl = size, ttl
        self._data: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def add_if_new(self, key: str, value: V) -> bool:
        """Remember `key`; True when it was not remembered already (atomically)."""
        with self._lock:
            self._expire()
            if key in self._data:
                return False
            self._data[key] = (time.monotonic(), value)
            self._trim()
            return True

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._data.pop(key, None)
            self._data[key] = (time.monotonic(), value)
            self._trim()

    def get(self, key: str) -> V | None:
        with self._lock:
            self._expire()
            found = self._data.get(key)
            return found[1] if found else None

    def _expire(self) -> None:
        limit = time.monotonic() - self.ttl
        while self._data:
            key, (at, _) = next(iter(self._data.items()))
            if at >= limit:
                break
            self._data.popitem(last=False)

    def _trim(self) -> None:
        while len(self._data) > self.size:
            self._data.popitem(last=False)
