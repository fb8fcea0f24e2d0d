#!/usr/bin/env python3
"""Soak: threads ask questions while the content flips between two versions and is reindexed in a
child process, again and again. Every answer must be one version's whole answer: never a mix, never
an error. The test suite runs two cycles of it; this script runs as many as you ask for.

Usage: python scripts/soak_reindex.py [--cycles 20] [--askers 4]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.service import Paths, Service, reindex, reindex_in_child  # noqa: E402

QUESTIONS = ["Hur många partner har Baltic Master II?", "När beslutar regionstyrelsen?",
             "Vilka projekt tjänar insatsområde 3?", "Vad är Kaliningrad?"]
# What version B changes: (file, text in version A, text in version B).
EDITS = [("projects.yaml", "  partners: 48\n", "  partners: 52\n"),
         ("timeline.yaml", "  date: 2010-04-28\n", "  date: 2010-04-29\n")]


@dataclass
class Result:
    """What a soak run saw."""

    cycles: int
    answered: int = 0
    errors: list[str] = field(default_factory=list)
    versions_seen: dict[str, int] = field(default_factory=dict)  # question → distinct answers seen
    seconds: float = 0.0


def version_b(version_a: Path, folder: Path) -> Path:
    """A copy of the content folder `version_a` with EDITS applied."""
    shutil.copytree(version_a, folder)
    for name, old, new in EDITS:
        text = (folder / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _install(folder: Path, paths: Paths) -> None:
    for name in dict.fromkeys(name for name, _, _ in EDITS):
        shutil.copy(folder / name, paths.content / name)


def soak(paths: Paths, versions: list[Path], cycles: int, askers: int = 4) -> Result:
    """Flip `paths.content` between `versions` `cycles` times, reindexing in a child each time,
    while `askers` threads ask QUESTIONS through one Service."""
    expected: dict[str, set[str]] = {q: set() for q in QUESTIONS}
    seen: dict[str, set[str]] = {q: set() for q in QUESTIONS}
    for folder in versions:
        _install(folder, paths)
        outcome = reindex(paths)
        assert outcome.ok, outcome.summary
        for q in QUESTIONS:
            expected[q].add(json.dumps(Service(paths).ask(q).to_dict(), sort_keys=True))
    result = Result(cycles)
    service = Service(paths)
    stop = threading.Event()
    lock = threading.Lock()

    def ask_until_stopped(offset: int) -> None:
        i = offset
        while not stop.is_set():
            q = QUESTIONS[i % len(QUESTIONS)]
            try:
                got = json.dumps(service.ask(q).to_dict(), sort_keys=True)
                problem = None if got in expected[q] else f"mixed answer to {q}: {got[:200]}"
            except Exception as exc:  # every error counts
                got, problem = "", f"{type(exc).__name__}: {exc}"
            with lock:
                result.answered += 1
                seen[q].add(got)
                if problem:
                    result.errors.append(problem)
            i += 1

    threads = [threading.Thread(target=ask_until_stopped, args=(n,)) for n in range(askers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    try:
        for n in range(cycles):
            _install(versions[n % len(versions)], paths)
            outcome = reindex_in_child(paths)  # as staff would: another process
            if not outcome.ok:
                result.errors.append(f"reindex {n}: {outcome.summary}")
        # every asker asks every question once more, on the generation the last cycle made
        with lock:
            enough = result.answered + (askers + 1) * len(QUESTIONS)
        deadline = time.monotonic() + 60
        while result.answered < enough and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    result.seconds = time.monotonic() - started
    result.versions_seen = {q: len(answers) for q, answers in seen.items()}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=20, help="reindexes to run (default 20)")
    parser.add_argument("--askers", type=int, default=4, help="threads asking questions (default 4)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        paths = Paths(Path(tmp) / "content", Path(tmp) / "index")
        shutil.copytree(ROOT / "content", paths.content)
        versions = [ROOT / "content", version_b(ROOT / "content", Path(tmp) / "content-b")]
        result = soak(paths, versions, args.cycles, args.askers)
    print(f"{result.cycles} reindexes in {result.seconds:.1f} s; {result.answered} answers; "
          f"{len(result.errors)} error(s)")
    for e in result.errors[:20]:
        print(f"  {e}")
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
