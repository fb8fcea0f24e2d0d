"""The build lock of an index folder: one build at a time, across processes, on any OS.

`filelock` is imported here and nowhere else.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import filelock

from .errors import IndexBusyError, IndexError_

LOCK_NAME = ".lock"


@contextlib.contextmanager
def build_lock(index_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the index folder's build lock; IndexBusyError if another build holds it past `wait` s."""
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexError_(f"{index_dir} is not a folder — pass --index DIR (or set STRATEGIBOT_INDEX) with a "
                          "folder for the index")
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(index_dir / LOCK_NAME, timeout=max(wait, 0.0), poll_interval=0.1,
                                 preserve_lock_file=True)
        lock.acquire()
    except filelock.Timeout:
        still = f" is still running after {wait:g} s" if wait > 0 else " is running"
        raise IndexBusyError(f"another reindex of {index_dir}{still}; wait for it to finish and try again") from None
    except OSError as exc:
        raise IndexError_(f"cannot write to the index folder {index_dir} ({exc.strerror or exc}) — let this "
                          "user write there, or pass --index DIR (or set STRATEGIBOT_INDEX) with a writable "
                          "folder") from exc
    try:
        yield
    finally:
        lock.release()


def is_held(index_dir: Path) -> bool:
    """True when a build holds the lock just now (for a message: it may be released a moment later)."""
    if not (index_dir / LOCK_NAME).is_file():
        return False
    try:
        with build_lock(index_dir):
            return False
    except IndexBusyError:
        return True
    except IndexError_:
        return False
