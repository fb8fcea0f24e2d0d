"""Keeps an answer engine on the current index generation: builds generations safely, and notices
a new one between questions without reopening the index on every question."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable

from . import content, index, timestamps
from .answer import Answer, Engine
from .errors import ContentError, IndexBusyError, IndexError_, StrategibotError

log = logging.getLogger("strategibot.service")

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


def file_hashes(root: Path) -> dict[str, str]:
    """Each content file's path (relative to the folder) and a hash of its bytes."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()[:16]
            for p in content.content_files(root)}


def git_commit(root: Path) -> str | None:
    """The commit checked out where the content lives, when it is a git checkout."""
    try:
        proc = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def sanity_check(loaded: content.Content) -> Callable[[index.IndexReader], None]:
    """A check of a freshly built generation: counts as expected, and one known query per kind."""

    def check(reader: index.IndexReader) -> None:
        m = reader.manifest
        sections = sum(len(d.sections) for d in loaded.documents)
        expected = (len(loaded.documents), sections, len(loaded.records))
        entries = sections + len(reader.passages) + len(loaded.records)
        if (m["documents"], m["sections"], m["records"]) != expected or reader.doc_count() != entries:
            raise IndexError_(f"the new index holds {reader.doc_count()} entries, expected {entries}")
        probes: dict[str, tuple[str, str]] = {}
        for d in loaded.documents[:1]:
            for s in d.sections[:1]:
                probes["section"] = (s.title + " " + s.body[:200], s.id)
        for r in loaded.records:
            probes.setdefault(r.kind, (r.name, f"{r.kind}:{r.id}"))
        for kind, (query, wanted) in probes.items():
            hits = reader.search(query, limit=10, kinds=(kind,))
            if wanted not in [h.id for h in hits]:
                raise IndexError_(f"the new index does not find {wanted} when searching for {query[:60]!r}")

    return check


def build_index(paths: Paths, wait: float = 0.0, progress: Callable[[str, int, int], None] | None = None,
                only_if_stale: bool = False) -> index.BuildResult | None:
    """Validate the content (ContentError on problems), build a generation, check it, switch to it.

    `only_if_stale`: skip (None) when, once the build lock is held, the index turns out to be fresh —
    another process built it meanwhile.
    """
    loaded = content.load(paths.content)
    if progress:
        progress("read", len(content.content_files(paths.content)), 0)
    meta = {"content_dir": str(paths.content.resolve()), "files": file_hashes(paths.content),
            "git_commit": git_commit(paths.content)}
    try:
        return index.build(loaded, paths.index, meta=meta, wait=wait, check=sanity_check(loaded), progress=progress,
                           unless=(lambda: not is_stale(paths)) if only_if_stale else None)
    except OSError as exc:
        where = exc.filename or paths.index
        raise IndexError_(f"cannot write the index in {paths.index} ({exc.strerror or exc}: {where}) — free some "
                          "space or let this user write there, or pass --index DIR (or set STRATEGIBOT_INDEX) "
                          "with a writable folder") from exc


def is_stale(paths: Paths) -> bool:
    """True when there is no index, it was built by another version of the index format, its files
    are damaged, or it was built from other content than what is on disk now."""
    try:
        m = index.manifest(paths.index)
    except (OSError, ValueError):  # an unreadable manifest: building a new generation repairs it
        return True
    if m is None or m.get("format") != index.FORMAT:
        return True
    if index.damage(paths.index / m["generation"], quick=True) is not None:
        return True
    return m.get("fingerprint") != content.fingerprint(paths.content)


def manifest(paths: Paths) -> dict[str, Any] | None:
    """The serving generation's manifest, or None when there is no index; IndexError_ when it is damaged."""
    try:
        return index.manifest(paths.index)
    except (OSError, ValueError) as exc:
        raise IndexError_(f"the index in {paths.index} is damaged ({exc}) — rebuild it with `strategibot index`") \
            from exc


def changed_files(paths: Paths, manifest: dict[str, Any]) -> list[str]:
    """Content files added, removed or edited since the index was built, as `+ a`, `- b`, `~ c`."""
    built = manifest.get("files") or {}
    now = file_hashes(paths.content) if paths.content.is_dir() else {}
    out = [f"+ {f}" for f in sorted(set(now) - set(built))]
    out += [f"- {f}" for f in sorted(set(built) - set(now))]
    out += [f"~ {f}" for f in sorted(set(now) & set(built)) if now[f] != built[f]]
    return out


class Service:
    """The engine of the current generation, swapped when another generation becomes current.

    A damaged current generation (its files differ from its manifest) is never served: the previous
    generation serves instead, and `fallback` says why until a sound generation becomes current.
    """

    CHECK_EVERY = 1.0  # seconds between checks of the serving generation's file sizes

    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._pointer_mtime: int = -1
        self._opened_for: str | None = None  # the CURRENT name the engine was opened for
        self._checked = 0.0
        self.fallback: str | None = None

    def engine(self) -> Engine:
        """The engine for the serving generation (a stat of CURRENT per call; reopen only on change)."""
        pointer = self.paths.index / "CURRENT"
        try:
            mtime = pointer.stat().st_mtime_ns
        except OSError:
            mtime = -1
        engine = self._engine
        now = time.monotonic()
        if engine is not None and mtime == self._pointer_mtime and now - self._checked < self.CHECK_EVERY:
            return engine
        with self._lock:
            if self._engine is None or mtime != self._pointer_mtime:
                name = index.current_generation(self.paths.index)
                if self._engine is None or name != self._opened_for:
                    self._open(name)
                self._pointer_mtime = mtime
            elif now - self._checked >= self.CHECK_EVERY:
                self._checked = now
                problem = self._engine.reader.damage(quick=True)
                if problem is not None:
                    log.error("serving generation damaged", extra={"fields": {
                        "generation": self._engine.reader.generation, "problem": problem}})
                    self._open(index.current_generation(self.paths.index))
            assert self._engine is not None
            return self._engine

    def _open(self, name: str | None) -> None:
        reader, why = index.open_serving(self.paths.index)
        self._engine, self._opened_for, self.fallback = Engine(reader), name, why
        self._checked = time.monotonic()
        if why:
            log.error("falling back to the previous generation", extra={"fields": {
                "generation": reader.generation, "problem": why}})

    def ask(self, question: str, context: list[str] | None = None) -> Answer:
        """Answer from the current generation; a question in flight finishes on the one it started on.

        When answering fails because the generation's files were damaged meanwhile, the question is
        asked again of the generation that serves instead.
        """
        engine = self.engine()
        try:
            return engine.answer(question, context=context)
        except Exception:
            if engine.reader.damage(quick=False) is None:
                raise
            with self._lock:
                if self._engine is engine:
                    self._open(index.current_generation(self.paths.index))
            return self.engine().answer(question, context=context)

    def serving(self) -> dict[str, Any]:
        """What answers now: the generation, and why it is not the current one (or None)."""
        engine = self.engine()
        return {"generation": engine.reader.generation, "fallback": self.fallback}


@dataclass
class Reindex:
    """The outcome of one reindex attempt, as shown to staff."""

    ok: bool
    at: str
    summary: str
    problems: list[str]
    reason: str = ""  # "content" (problems in the content), "busy", "index"; empty when ok
    counts: dict[str, Any] | None = None  # documents, sections, records, seconds when ok

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "at": self.at, "summary": self.summary, "problems": self.problems,
                "reason": self.reason, "counts": self.counts}


def reindex(paths: Paths, wait: float = 0.0,
            progress: Callable[[str, int, int], None] | None = None) -> Reindex:
    """Validate and rebuild; never raises for bad content or a busy index — the outcome says what
    happened, and is remembered for `status`."""
    at = timestamps.now()
    try:
        result = build_index(paths, wait=wait, progress=progress)
        assert result is not None
        outcome = Reindex(True, at, f"{result.generation}: {result.documents} document(s), {result.sections} "
                                    f"sections, {result.records} records in {result.seconds:.2f} s", [],
                          counts={"documents": result.documents, "sections": result.sections,
                                  "records": result.records, "seconds": round(result.seconds, 2)})
    except ContentError as exc:
        outcome = Reindex(False, at, f"{len(exc.problems)} problem(s) in the content; the previous index keeps "
                                     "serving", [str(p) for p in exc.problems], "content")
    except IndexBusyError as exc:
        outcome = Reindex(False, at, str(exc), [], "busy")
    except StrategibotError as exc:  # e.g. an index folder that cannot be written
        outcome = Reindex(False, at, f"{exc}; the previous index keeps serving", [], "index")
    except OSError as exc:
        outcome = Reindex(False, at, f"the build could not read or write a file: {exc}; the previous index keeps "
                                     "serving", [], "index")
    except Exception as exc:  # whatever breaks a build, the old generation serves and the outcome is recorded
        log.error("reindex failed", exc_info=exc)
        outcome = Reindex(False, at, f"the build failed ({type(exc).__name__}: {exc}); the previous index keeps "
                                     "serving", [], "index")
    return record(paths, outcome)


def record(paths: Paths, outcome: Reindex) -> Reindex:
    """Remember `outcome` as the last reindex attempt (LAST_REINDEX.json, replaced atomically)."""
    try:
        paths.index.mkdir(parents=True, exist_ok=True)
        tmp = paths.index / f".LAST_REINDEX.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(outcome.to_dict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, paths.index / "LAST_REINDEX.json")
    except OSError as exc:
        log.error("cannot record the reindex outcome", extra={"fields": {"error": str(exc)}})
    return outcome


def damage_note(paths: Paths) -> tuple[str, str | None] | None:
    """When the current generation is damaged: what is wrong, and the generation serving instead."""
    name = index.current_generation(paths.index)
    problem = index.damage(paths.index / name) if name else None
    if problem is None:
        return None
    prev = index.previous_generation(paths.index)
    if prev is not None and index.damage(paths.index / prev) is not None:
        prev = None
    return f"{name}: {problem}", prev


def last_reindex(paths: Paths) -> Reindex | None:
    """The outcome of the latest reindex attempt, if one was recorded."""
    try:
        data = json.loads((paths.index / "LAST_REINDEX.json").read_text(encoding="utf-8"))
        return Reindex(bool(data["ok"]), str(data["at"]), str(data["summary"]), list(data.get("problems", [])),
                       str(data.get("reason") or ""), data.get("counts"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def reindex_in_child(paths: Paths, wait: float = 60.0, timeout: float = 600.0) -> Reindex:
    """`reindex` in a child process, so that a running bot keeps answering at full speed and a crash
    or kill of the build cannot touch it; the outcome comes back over a pipe."""
    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or locks of ours inherited
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_reindex_child, args=(paths, wait, send), name="strategibot-reindex", daemon=True)
    child.start()
    send.close()
    try:
        if receive.poll(timeout):
            outcome: Reindex = receive.recv()
            return outcome
        detail = f"it was stopped after {timeout:.0f} s"
        child.kill()
    except EOFError:  # the child died before it could answer (killed, out of memory)
        detail = "it ended without an answer"
    finally:
        receive.close()
        child.join(10)
    code = child.exitcode
    status = f" (exit status {code})" if code not in (None, 0) else ""
    return record(paths, Reindex(False, timestamps.now(), f"the reindex process failed: {detail}{status}; the "
                                 "previous index keeps serving", [], "index"))


def _reindex_child(paths: Paths, wait: float, send: Connection) -> None:
    """What the child runs: reindex, and send the outcome back."""
    try:
        outcome = reindex(paths, wait=wait)
    except Exception as exc:  # reindex reports our own errors; this is whatever else went wrong
        outcome = Reindex(False, timestamps.now(), f"the reindex failed: {type(exc).__name__}: {exc}", [], "index")
    try:
        send.send(outcome)
    finally:
        send.close()
