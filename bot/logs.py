"""Structured logs: one JSON object a line, secrets redacted, message text only when allowed."""

from __future__ import annotations

import json
import logging
import re
import sys
from typing import Any

from . import timestamps

_SECRET = re.compile(r"\b(xox[a-z]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)")
_TEXT_FIELDS = ("text", "question", "answer")
# message text inside a logged payload (bolt and slack_sdk log request bodies on some errors)
_TEXT_IN_MESSAGE = re.compile(r"""(['"](?:text|question|answer|value)['"]\s*:\s*)(['"])(?:\\.|(?!\2).)*\2""")


def redact(value: str) -> str:
    """Replace anything that looks like a Slack token."""
    return _SECRET.sub("[redacted]", value)


class JsonFormatter(logging.Formatter):
    """Formats records as JSON; drops message text unless `log_text`."""

    def __init__(self, log_text: bool = False) -> None:
        super().__init__()
        self.log_text = log_text

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": timestamps.at(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        if not self.log_text:
            out["msg"] = _TEXT_IN_MESSAGE.sub(r'\1"[hidden]"', out["msg"])
        for key, value in getattr(record, "fields", {}).items():
            if key in _TEXT_FIELDS and not self.log_text:
                continue
            out[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            out["error"] = redact(f"{record.exc_info[0].__name__}: {record.exc_info[1]}")
        return json.dumps(out, ensure_ascii=False)


def setup(log_text: bool = False, level: int = logging.INFO, stream: Any = None) -> None:
    """Send every log record of the process to `stream` (stderr) as JSON lines."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(log_text))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("slack_bolt", "slack_sdk", "waitress"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def event(logger: logging.Logger, msg: str, **fields: Any) -> None:
    """Log `msg` with structured fields (text fields are dropped unless allowed)."""
    logger.info(msg, extra={"fields": fields})
