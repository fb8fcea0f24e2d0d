"""Shared fixtures: real content folders, real Whoosh indexes on disk, and a CLI runner."""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import cli, content, index
from bot.answer import Engine

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SWEFAQ = DATA / "swefaq" / "swefaq_dev.jsonl"  # a copy, CC BY 4.0 (see tests/data/README.md)
SEED = DATA / "seed" / "internationell-strategi-2010-2013.txt"
SHIPPED_CONTENT = ROOT / "content"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def vector_cache(request: pytest.FixtureRequest) -> Path:
    """One cache of passage vectors (keyed by a hash of each passage's text, in pytest's cache
    folder): each passage text is embedded once, in this run or an earlier one. A fresh clone starts
    from `tests/data/vectors/` (the shipped content's passages, see tests/data/README.md); a stale
    entry only costs an embedding."""
    folder = Path(request.config.cache.mkdir("strategibot-vectors"))
    if not (folder / "vectors.json").is_file():  # a fresh clone: start from the shipped content's vectors
        for name in ("vectors.json", "vectors.npy", "latent.json", "latent.npz"):
            shutil.copy(DATA / "vectors" / name, folder / name)
    return folder


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, vector_cache: Path) -> None:
    """No test sees the developer's STRATEGIBOT_* or SLACK_* settings; builds share the vector cache."""
    for key in list(os.environ):
        if key.startswith(("STRATEGIBOT_", "SLACK_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("STRATEGIBOT_VECTOR_CACHE", str(vector_cache))


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory: pytest.TempPathFactory, vector_cache: Path) -> Path:
    """An index folder built from the shipped content."""
    folder = tmp_path_factory.mktemp("shipped-index")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STRATEGIBOT_VECTOR_CACHE", str(vector_cache))
        index.build(content.load(SHIPPED_CONTENT), folder)
    return folder


@pytest.fixture(scope="session")
def engine(shipped_index: Path) -> Engine:
    """The answer engine over the shipped content."""
    return Engine(index.open_current(shipped_index))


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content."""
    target = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, target)
    return target


def make_content(tmp_path: Path, files: dict[str, str | Path]) -> Path:
    """A content folder holding `files` (relative path → text, or a file to copy)."""
    root = tmp_path / "content"
    for rel, value in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, Path):
            shutil.copy(value, target)
        else:
            target.write_text(value, encoding="utf-8")
    return root


@dataclass
class Result:
    """What one CLI run printed and returned."""

    status: int
    out: str
    err: str


@pytest.fixture
def run_cli():
    """Run the CLI in-process: run_cli(args, stdin="") → Result."""

    def run(args: list[str], stdin: str = "") -> Result:
        out, err = io.StringIO(), io.StringIO()
        status = cli.main(args, stdin=io.StringIO(stdin), stdout=out, stderr=err)
        return Result(status, out.getvalue(), err.getvalue())

    return run


# ../shared is beside the project in CI; a fresh clone alone has none.
@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> object:
    """A test that reads a file of ../shared which is not there is skipped, saying which file."""
    try:
        return (yield)
    except FileNotFoundError as exc:
        missing = Path(str(exc.filename or ""))
        if missing.is_absolute() and missing.is_relative_to(SHARED):
            pytest.skip(f"{missing} is not there: the evaluations over ../shared run only where ../shared is "
                        "beside the project (as in CI)")
        raise
