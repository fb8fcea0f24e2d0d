"""The feedback log: votes and unanswered questions, append-only JSON Lines, pseudonymised users."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any, Mapping

from . import timestamps

_LOCK = threading.Lock()
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def default_path(env: Mapping[str, str] | None = None) -> Path:
    """The feedback log: feedback.jsonl in $STRATEGIBOT_DATA, or in data/ of the project."""
    env = os.environ if env is None else env
    return Path(env.get("STRATEGIBOT_DATA", "").strip() or DEFAULT_DATA) / "feedback.jsonl"


def pseudonym(user_id: str, key: str) -> str:
    """A stable pseudonym for a Slack user id (HMAC-SHA256; the id itself is never stored)."""
    return "u-" + hmac.new(key.encode(), user_id.encode(), hashlib.sha256).hexdigest()[:16]


class FeedbackLog:
    """Appends one JSON object per line; a line is written whole or not at all."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key

    def record(self, kind: str, question: str, user: str | None, **fields: Any) -> None:
        """kind: "up", "down" or "unanswered"."""
        entry = {"ts": timestamps.now(), "kind": kind, "question": question,
                 "user": pseudonym(user, self.key) if user else None, **fields}
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _LOCK:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)


def read(path: Path) -> list[dict[str, Any]]:
    """Every well-formed entry of a feedback log (a torn last line is skipped)."""
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("question"), str):
            out.append(entry)
    return out


def report(entries: list[dict[str, Any]]) -> str:
    """For content editors: unanswered and down-voted questions, most frequent first."""
    def norm(q: str) -> str:
        return " ".join(q.split()).rstrip("?!. ").casefold()

    sections = []
    for kind, title in (("unanswered", "Unanswered questions"), ("down", "Down-voted answers")):
        counts: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for e in entries:
            if e.get("kind") == kind and e["question"].strip():
                key = norm(e["question"])
                counts[key] += 1
                shown.setdefault(key, " ".join(e["question"].split()))
        lines = [f"{title} ({sum(counts.values())}):"]
        lines += [f"  {n:>4}  {shown[k]}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        if not counts:
            lines.append("  (none)")
        sections.append("\n".join(lines))
    ups = sum(1 for e in entries if e.get("kind") == "up")
    sections.append(f"Up-votes: {ups}")
    return "\n\n".join(sections) + "\n"
