"""Content updates: safe reindex, hot reload in a running bot, staff controls."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from bot import index
from bot.service import Paths, Service, reindex, reindex_in_child
from bot.slack import server
from bot.slack.app import announce, create_app
from bot.slack.settings import Settings
from bot.watch import Watcher

from .conftest import ROOT, SHIPPED_CONTENT
from .slack_standin import WebAPI, wait_until
from .test_slack import SECRET, TOKEN, Bot, shipped_records

QUESTIONS = ["Hur många partner har Baltic Master II?", "När beslutar regionstyrelsen?",
             "Vilka projekt tjänar insatsområde 3?", "Vad är Kaliningrad?"]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, shipped_index: Path) -> Paths:
    """The shipped content and its index, rebuilt once for the module through `reindex` (which
    records what it was built from) over a copy of the session's index (whose work it reuses)."""
    folder = tmp_path_factory.mktemp("indexed")
    p = Paths(folder / "content", folder / "index")
    shutil.copytree(SHIPPED_CONTENT, p.content)
    shutil.copytree(shipped_index, p.index)
    assert reindex(p).ok
    return p


@pytest.fixture
def paths(indexed: Paths, tmp_path: Path) -> Paths:
    """A writable copy of the shipped content with its index: each test edits and rebuilds its own."""
    p = Paths(tmp_path / "content", tmp_path / "index")
    shutil.copytree(indexed.content, p.content)
    shutil.copytree(indexed.index, p.index)
    return p


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cli(paths: Paths, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "--content", str(paths.content), "--index", str(paths.index),
                           *args], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)


BROKEN = [
    ("projects.yaml", "  role: associated_partner\n", "  role: associated_partner\n  role: partner\n",
     "content/projects.yaml:87: duplicate field 'role' (first on line 86) — keep one of them; YAML would silently use "
     "only the last"),
    ("projects.yaml", "  name: SoNorA\n", "  name: SoNorA: South\n",
     "content/projects.yaml:82: YAML syntax error: mapping values are not allowed here — put quotes around a value "
     "that contains ': '"),
    ("projects.yaml", "  name: SoNorA\n", "  name: SoNorA\n  budjet: 3 euro\n",
     "content/projects.yaml:83: unknown field 'budjet' — did you mean 'budget'?"),
    ("projects.yaml", "  areas: [io5]\n", "  areas: [io6]\n",
     "content/projects.yaml:102: areas: unknown insatsområde 'io6' — use the id of an existing area record"),
    ("timeline.yaml", "  date: 2010-04-28\n", "  date: 2010-04-31\n",
     "content/timeline.yaml:48: date: '2010-04-31' is not a real date — check the month (01–12) and the day of the "
     "month"),
]


@pytest.mark.parametrize("file, old, new, expected", BROKEN, ids=["duplicate key", "syntax", "unknown field",
                                                                  "unknown reference", "bad date"])
def test_broken_content_changes_nothing(run_cli, paths: Paths, file: str, old: str, new: str, expected: str):
    service = Service(paths)
    before = [service.ask(q).to_dict() for q in QUESTIONS]
    generation = index.current_generation(paths.index)
    edit(paths.content / file, old, new)
    r = run_cli(["--content", str(paths.content), "--index", str(paths.index), "index"])
    assert (r.status, r.out) == (1, "")
    assert r.err.splitlines()[0] == expected
    assert index.current_generation(paths.index) == generation
    assert [service.ask(q).to_dict() for q in QUESTIONS] == before


def script(name: str):
    """A module of scripts/ (the benchmark, the soak), loaded for its functions."""
    import importlib.util

    if f"scripts.{name}" in sys.modules:
        return sys.modules[f"scripts.{name}"]
    spec = importlib.util.spec_from_file_location(f"scripts.{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_reindexes_while_questions_are_asked(paths: Paths, tmp_path: Path):
    """One cycle of scripts/soak_reindex.py (which runs as many as asked): never a mixed answer or an error."""
    soak = script("soak_reindex")
    versions = [SHIPPED_CONTENT, soak.version_b(SHIPPED_CONTENT, tmp_path / "content-b")]
    result = soak.soak(paths, versions, cycles=1, askers=2)
    assert result.errors == []
    assert result.answered >= 10  # answers kept coming while the index switched
    # both versions were served: the edited facts changed in between
    assert result.versions_seen == {"Hur många partner har Baltic Master II?": 2, "När beslutar regionstyrelsen?": 2,
                                    "Vilka projekt tjänar insatsområde 3?": 1, "Vad är Kaliningrad?": 1}
    assert "48 partner" in Service(paths).ask(soak.QUESTIONS[0]).answer  # the cycle went from version B to A


def _big_content(root: Path, sections: int) -> None:
    """Add the benchmark's synthetic document of `sections` sections to the content folder `root`."""
    made = script("bench").synthetic(root.parent / "synthetic-content", sections)
    shutil.copy(made / "documents" / "syntetisk.md", root / "documents" / "syntetisk.md")


def test_a_build_killed_midway_leaves_the_old_index_serving(paths: Paths):
    service = Service(paths)
    before = service.ask("Hur många partner har Baltic Master II?").answer
    generation = index.current_generation(paths.index)
    _big_content(paths.content, 4000)
    proc = subprocess.Popen([sys.executable, "-m", "bot", "--content", str(paths.content), "--index",
                             str(paths.index), "index"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: any(p.name.startswith(".building-") for p in paths.index.iterdir()), timeout=60)
        time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert any(p.name.startswith(".building-") for p in paths.index.iterdir())
    assert index.current_generation(paths.index) == generation
    assert Service(paths).ask("Hur många partner har Baltic Master II?").answer == before
    (paths.content / "documents" / "syntetisk.md").unlink()
    outcome = reindex(paths)
    assert outcome.ok
    assert not any(p.name.startswith(".building-") for p in paths.index.iterdir())
    assert service.ask("Hur många partner har Baltic Master II?").answer == before


def test_two_reindexes_at_once(paths: Paths):
    with index.build_lock(paths.index):  # held by this process, tried by another
        proc = cli(paths, "index", "--no-wait")
        assert proc.returncode == 1
        assert "another reindex" in proc.stderr and "wait for it to finish" in proc.stderr
    assert cli(paths, "index", "--wait", "5").returncode == 0


def test_a_reindex_child_that_overruns_is_stopped_and_frees_the_lock(paths: Paths):
    generation = index.current_generation(paths.index)
    outcome = reindex_in_child(paths, timeout=0.01)
    assert not outcome.ok and outcome.reason == "index"
    assert outcome.summary.startswith("the reindex process failed: it was stopped after 0 s")
    assert index.current_generation(paths.index) == generation
    assert reindex_in_child(paths).ok  # the killed child's lock went with it


def test_status_shows_last_reindex_and_changed_files(paths: Paths):
    edit(paths.content / "projects.yaml", "  partners: 48\n", "  partners: 49\n")
    proc = cli(paths, "status")
    assert "Changed since the build: ~ projects.yaml" in proc.stdout
    assert "): ok — gen-" in proc.stdout.split("Last reindex (", 1)[1]


@pytest.fixture
def bot_on(paths: Paths, tmp_path: Path) -> Iterator[Bot]:
    api = WebAPI()
    settings = Settings(bot_token=TOKEN, signing_secret=SECRET, api_url=api.url, workers=4,
                        feedback_log=tmp_path / "f.jsonl", pseudonym_key="k", admins=("UADMIN1",),
                        admin_channel="CADMIN")
    service = Service(paths)
    app = create_app(settings, service)
    http = server.make_server(app, server.Health(service, "http"), "127.0.0.1", 0, 8, signing_secret=SECRET)
    server.start(http)
    bot = Bot(api, f"http://127.0.0.1:{http.effective_port}", settings, service)
    bot.app = app  # type: ignore[attr-defined]
    yield bot
    http.close()
    api.close()


def _mention(text: str, ts: str) -> dict:
    return {"type": "app_mention", "user": "U0USER1", "text": f"<@UBOT0001> {text}", "ts": ts, "channel": "C0CHAN1"}


def test_serve_picks_up_a_reindex_by_another_process(bot_on: Bot, paths: Paths):
    bot_on.event(_mention("Hur många partner har Baltic Master II?", "1700003000.000001"), "EvP1")
    assert "48 partner" in bot_on.api.wait_for("chat.postMessage")[0]["text"]
    edit(paths.content / "projects.yaml", "  partners: 48\n", "  partners: 51\n")
    assert cli(paths, "index").returncode == 0
    bot_on.event(_mention("Hur många partner har Baltic Master II?", "1700003000.000002"), "EvP2")
    assert "51 partner" in bot_on.api.wait_for("chat.postMessage", 2)[1]["text"]


def test_watch_reindexes_an_edit_and_refuses_a_broken_one(bot_on: Bot, paths: Paths):
    results = []

    def on_result(outcome):
        results.append(outcome)
        announce(bot_on.app, bot_on.settings, outcome)  # type: ignore[attr-defined]

    watcher = Watcher(paths, on_result, interval=0.1, debounce=0.3).start()
    try:
        edit(paths.content / "timeline.yaml", "  date: 2010-04-28\n", "  date: 2010-04-27\n")
        wait_until(lambda: len(results) == 1, timeout=30)
        assert results[0].ok
        assert "27 april 2010" in bot_on.service.ask("När beslutar regionstyrelsen?").answer
        edit(paths.content / "timeline.yaml", "  date: 2010-04-27\n", "  date: 27 april\n")
        wait_until(lambda: len(results) == 2, timeout=30)
        assert not results[1].ok
        assert results[1].problems == ["content/timeline.yaml:48: date: '27 april' is not a date — write YYYY-MM-DD "
                                       "(or YYYY-MM, or YYYY), e.g. 2010-04-28"]
        assert "27 april 2010" in bot_on.service.ask("När beslutar regionstyrelsen?").answer
        posts = bot_on.api.wait_for("chat.postMessage", 2)
        assert posts[1]["channel"] == "CADMIN" and "content/timeline.yaml:48" in posts[1]["text"]
    finally:
        watcher.stop()


def test_slash_reindex_for_admins_only(bot_on: Bot, paths: Paths):
    bot_on.command("reindex", user="U0USER1")
    refusal = bot_on.api.wait_for("response_url")[0]
    assert refusal["response_type"] == "ephemeral"
    assert "<@UADMIN1>" in refusal["text"] and "administratörer" in refusal["text"]
    edit(paths.content / "projects.yaml", "  partners: 48\n", "  partners: 50\n")
    bot_on.command("reindex", user="UADMIN1")
    started, done = bot_on.api.wait_for("response_url", 3)[1:]
    assert started["text"] == "Omindexering startad …" and done["text"].startswith("✅ Omindexeringen lyckades")
    assert "50 partner" in bot_on.service.ask("Hur många partner har Baltic Master II?").answer
    edit(paths.content / "projects.yaml", "  partners: 50\n", "  partners: femtio\n  partners: 50\n")
    bot_on.command("reindex", user="UADMIN1")
    failed = bot_on.api.wait_for("response_url", 5)[4]
    assert failed["text"].startswith("❌ Omindexeringen stoppades")
    assert "1 fel i innehållet" in failed["text"]
    assert "content/projects.yaml:12: duplicate field 'partners'" in failed["text"]


def test_slash_status(bot_on: Bot):
    bot_on.command("status")
    text = bot_on.api.wait_for("response_url")[0]["text"]
    assert "*Innehållsversion:*" in text and f"{shipped_records()} poster" in text and "Senaste omindexering" in text


def test_index_repairs_a_current_pointer_of_broken_bytes(paths: Paths, run_cli):
    (paths.index / "CURRENT").write_bytes(b"\xff\xfegen-\x80\n")
    result = run_cli(["--content", str(paths.content), "--index", str(paths.index), "index"])
    assert result.status == 0, result.err
    assert index.current_generation(paths.index) is not None
    assert "28 april 2010" in Service(paths).ask("När beslutar regionstyrelsen?").answer


@pytest.mark.parametrize("fault", [OSError(28, "No space left on device"), RecursionError("too deep")])
def test_any_failed_build_keeps_the_old_generation_and_is_recorded(paths: Paths, monkeypatch, fault: Exception):
    generation = index.current_generation(paths.index)

    def broken(*args, **kwargs):
        raise fault

    monkeypatch.setattr(index.windex, "create_in", broken)
    outcome = reindex(paths)
    assert not outcome.ok and "previous index keeps serving" in outcome.summary
    recorded = json.loads((paths.index / "LAST_REINDEX.json").read_text(encoding="utf-8"))
    assert recorded["ok"] is False and recorded["at"] == outcome.at
    assert index.current_generation(paths.index) == generation
    assert not any(p.name.startswith(".building-") for p in paths.index.iterdir())


def test_status_names_a_damaged_generation_and_the_one_serving(paths: Paths):
    first = index.current_generation(paths.index)
    assert reindex(paths).ok
    second = index.current_generation(paths.index)
    service = Service(paths)
    assert service.serving() == {"generation": second, "fallback": None}
    segment = next(p for p in (paths.index / second).iterdir() if p.suffix == ".seg")
    os.truncate(segment, 100)
    service._checked = 0.0  # the next question checks the files at once instead of within a second
    assert "28 april 2010" in service.ask("När beslutar regionstyrelsen?").answer
    assert service.serving()["generation"] == first and second in service.serving()["fallback"]
    status = cli(paths, "status").stdout
    assert f"DAMAGED: {second}: {segment.name} has 100 bytes" in status
    assert f"{first} (the previous generation) serves instead" in status


def test_a_reindex_child_that_never_finishes_is_recorded(paths: Paths):
    generation = index.current_generation(paths.index)
    outcome = reindex_in_child(paths, timeout=0.01)
    assert not outcome.ok and "it was stopped after 0 s" in outcome.summary
    recorded = json.loads((paths.index / "LAST_REINDEX.json").read_text(encoding="utf-8"))
    assert recorded["summary"] == outcome.summary
    assert index.current_generation(paths.index) == generation
