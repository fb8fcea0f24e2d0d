"""The project's exception tree.

    StrategibotError
    ├── ContentError      content files are invalid; carries every Problem found
    ├── IndexError_       the index is missing, corrupt or cannot be built
    │   ├── IndexBusyError     another process is building the index
    │   └── IndexDamagedError  a generation's files differ from its manifest
    ├── SettingsError     a required setting (environment variable) is missing or invalid
    └── UsageError        a command was given a path it cannot use (missing, unreadable, not a folder)

Foreign errors (YAML, Whoosh, OS) are translated at the module that touches them, keeping the cause.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located and with a fix."""

    file: str
    line: int
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.what} — {self.fix}"


class StrategibotError(Exception):
    """Base of every error this project raises on purpose."""


class ContentError(StrategibotError):
    """The content folder has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the content")


class IndexError_(StrategibotError):
    """The index cannot be opened or built."""


class IndexBusyError(IndexError_):
    """Another process holds the build lock."""


class IndexDamagedError(IndexError_):
    """A generation's files no longer match the sizes and hashes recorded when it was built."""


class SettingsError(StrategibotError):
    """A setting is missing or invalid."""


class UsageError(StrategibotError):
    """A command was given something it cannot use, e.g. a content folder that does not exist."""
