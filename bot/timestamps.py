"""Timestamps as the project writes them: UTC, ISO 8601, to the second."""

from __future__ import annotations

import time


def now() -> str:
    """The current time, e.g. "2026-12-02T10:15:00Z"."""
    return at(time.time())


def at(epoch: float) -> str:
    """`epoch` (seconds since 1970) as "YYYY-MM-DDTHH:MM:SSZ"."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def for_people(stamp: str) -> str:
    """"2026-12-02T10:15:00Z" → "2026-12-02 10:15 UTC", for a person to read."""
    return f"{stamp.replace('T', ' ')[:16]} UTC" if len(stamp) >= 16 else stamp
