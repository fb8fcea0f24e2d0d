"""The CLI contract, pinned: scripts outside the project measure the bot through it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot import index, lock

from .conftest import DATA, ROOT, Result, make_content


def small_args(tmp_path: Path) -> list[str]:
    root = make_content(tmp_path, {"documents/x.md": DATA / "small" / "documents" / "x.md"})
    return ["--content", str(root), "--index", str(tmp_path / "index")]


def test_ask_prints_answer_and_sources(run_cli, shipped_index: Path):
    r = run_cli(["--index", str(shipped_index), "ask", "När", "beslutar", "regionstyrelsen?"])
    assert r.status == 0 and r.err == ""
    assert r.out == (
        "Regionstyrelsen behandlar strategin den 28 april 2010 (enligt avsnittet TIDPLAN för framtagning av "
        "internationell strategi).\n"
        "\n"
        "Källor:\n"
        "  • TIDPLAN för framtagning av internationell strategi — Internationell strategi 2010–2013\n"
        "\n"
    )


def test_ask_json_has_the_contract_fields(run_cli, shipped_index: Path):
    r = run_cli(["ask", "--json", "Hur många partner har Baltic Master II?", "--index", str(shipped_index)])
    data = json.loads(r.out)
    assert data["question"] == "Hur många partner har Baltic Master II?"
    assert data["found"] is True
    assert "48" in data["answer"]
    assert data["sources"] == [{"id": "project:baltic-master-ii", "title": "Baltic Master II - från tanke till handling",
                                "document": "Internationell strategi 2010–2013"}]
    assert r.out.count("\n") == 1


def test_ask_json_stdin_one_object_per_line(run_cli, shipped_index: Path):
    stdin = "När beslutar regionstyrelsen?\n\nVem vann melodifestivalen 2010?\n)))***\n"
    r = run_cli(["--index", str(shipped_index), "ask", "--json", "-"], stdin=stdin)
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert [row["question"] for row in rows] == ["När beslutar regionstyrelsen?", "", "Vem vann melodifestivalen 2010?",
                                                 ")))***"]
    assert [row["found"] for row in rows] == [True, False, False, False]
    assert rows[2]["sources"] and all({"id", "title", "document"} <= set(s) for s in rows[2]["sources"])


def test_not_found_lists_closest_sections(run_cli, shipped_index: Path):
    r = run_cli(["--index", str(shipped_index), "ask", "Vad kostar en kanelbulle i Karlshamn?"])
    assert r.out.startswith("Jag hittade inget säkert svar på det i strategin.")
    assert "\nNärmaste avsnitt:\n" in r.out or "De närmaste avsnitten" in r.out


def test_explain_shows_how(run_cli, shipped_index: Path):
    r = run_cli(["--index", str(shipped_index), "ask", "--explain", "Vad är Baltik Master?"])
    assert '"winner": "project:' in r.out and '"id": "baltic-master-ii"' in r.out
    assert '"proposals"' in r.out and '"passages"' in r.out


def test_ask_builds_a_missing_index_and_a_stale_one(run_cli, tmp_path: Path):
    args = small_args(tmp_path)
    r = run_cli([*args, "ask", "--json", "cykelvägar"])
    assert json.loads(r.out)["found"] is True
    first = index.current_generation(tmp_path / "index")
    doc = tmp_path / "content" / "documents" / "x.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n## Tåg\n\nTågen går till Karlskrona.\n", encoding="utf-8")
    r = run_cli([*args, "ask", "--json", "tågen karlskrona"])
    assert index.current_generation(tmp_path / "index") != first
    assert json.loads(r.out)["sources"][0]["title"] == "Tåg"


def test_first_ask_says_it_builds_the_index(run_cli, tmp_path: Path):
    args = small_args(tmp_path)
    r = run_cli([*args, "ask", "--json", "cykelvägar"])
    assert r.status == 0 and r.err == "Bygger sökindex …\n"
    assert json.loads(r.out)["found"] is True
    r = run_cli([*args, "ask", "--json", "cykelvägar"])
    assert r.err == ""  # built already: nothing to say


def test_ask_repairs_a_damaged_manifest_and_status_names_it(run_cli, tmp_path: Path):
    args = small_args(tmp_path)
    assert run_cli([*args, "index"]).status == 0
    generation = index.current_generation(tmp_path / "index")
    (tmp_path / "index" / generation / "manifest.json").write_text("{", encoding="utf-8")
    r = run_cli([*args, "status"])
    assert r.status == 1 and r.err.startswith(f"strategibot: the index in {tmp_path / 'index'} is damaged (")
    assert r.err.endswith(") — rebuild it with `strategibot index`\n") and "internal error" not in r.err
    r = run_cli([*args, "ask", "--json", "cykelvägar"])
    assert r.status == 0 and json.loads(r.out)["found"] is True
    assert index.current_generation(tmp_path / "index") != generation


def test_ask_rebuilds_a_damaged_generation(run_cli, tmp_path: Path):
    args = small_args(tmp_path)
    assert run_cli([*args, "index"]).status == 0
    generation = tmp_path / "index" / index.current_generation(tmp_path / "index")
    for segment in generation.glob("*.seg"):
        segment.unlink()
    r = run_cli([*args, "ask", "--json", "cykelvägar"])
    assert r.status == 0 and json.loads(r.out)["found"] is True
    assert r.err == "Bygger sökindex …\n" and index.current_generation(tmp_path / "index") != generation.name


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_an_index_folder_that_cannot_be_written_is_named(run_cli, tmp_path: Path, where: str):
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    folder = blocker if where == "a file" else blocker / "index"
    root = make_content(tmp_path, {"documents/x.md": DATA / "small" / "documents" / "x.md"})
    r = run_cli(["--content", str(root), "--index", str(folder), "ask", "budget"])
    assert (r.status, r.out) == (1, "")
    last = r.err.splitlines()[-1]
    assert last.startswith(f"strategibot: {folder}") or last.startswith(
        f"strategibot: cannot write to the index folder {folder} (Not a directory)")
    assert "pass --index DIR (or set STRATEGIBOT_INDEX)" in last and "internal error" not in r.err


def test_ask_answers_from_the_old_index_when_it_cannot_write_a_new_one(run_cli, tmp_path: Path):
    args = small_args(tmp_path)
    assert run_cli([*args, "index"]).status == 0
    (tmp_path / "index" / ".lock").unlink()
    (tmp_path / "index" / ".lock").mkdir()  # the lock file cannot be opened: as in a read-only folder
    doc = tmp_path / "content" / "documents" / "x.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n## Tåg\n\nTågen går till Karlskrona.\n", encoding="utf-8")
    r = run_cli([*args, "ask", "--json", "cykelvägar"])
    assert r.status == 0 and json.loads(r.out)["found"] is True
    assert r.err.splitlines()[-1] == (
        f"strategibot: the index could not be rebuilt (cannot write to the index folder {tmp_path / 'index'} (Is a "
        "directory) — let this user write there, or pass --index DIR (or set STRATEGIBOT_INDEX) with a writable "
        "folder); answering from the previous index.")
    r = run_cli([*args, "index"])
    assert r.status == 1 and "cannot write to the index folder" in r.err and "internal error" not in r.err


def test_index_waits_for_a_running_build(run_cli, tmp_path: Path):
    import threading

    args = small_args(tmp_path)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock.build_lock(tmp_path / "index"):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        r = run_cli([*args, "index", "--no-wait"])
        assert r.status == 1 and r.out == ""
        assert r.err == (f"strategibot: another reindex of {tmp_path / 'index'} is running; wait for it to finish "
                         "and try again; nothing was changed.\n"
                         "Run `strategibot index` again when it has finished, or wait longer with --wait SECONDS.\n")
        r = run_cli([*args, "index", "--wait", "0.3"])
        assert r.status == 1 and "is still running after 0.3 s" in r.err
        threading.Timer(0.5, release.set).start()
        r = run_cli([*args, "index"])  # waits by default
    finally:
        release.set()
        holder.join(10)
    assert r.status == 0 and r.out.startswith("Built gen-")
    assert r.err == (f"Another build of {tmp_path / 'index'} is running; waiting up to 300 s for it to finish "
                     "(--no-wait fails at once) …\n")


def test_ask_with_broken_content_keeps_the_old_index(run_cli, tmp_path: Path):
    args = small_args(tmp_path)
    run_cli([*args, "index"])
    (tmp_path / "content" / "faq.yaml").write_text("- id: x\n  question: [\n", encoding="utf-8")
    r = run_cli([*args, "ask", "--json", "cykelvägar"])
    assert r.status == 0 and json.loads(r.out)["found"] is True
    assert "answering from the previous index" in r.err
    assert "content/faq.yaml:" in r.err


def test_check_ok_and_problems(run_cli, tmp_path: Path):
    args = small_args(tmp_path)
    r = run_cli([*args, "check"])
    assert (r.status, r.out) == (0, "OK: 1 document(s), 3 sections, 0 records.\n")
    (tmp_path / "content" / "insatsomraden.yaml").write_text(
        "- id: io1\n  number: NO\n  name: X\n  name: Y\n  section: Cykelvägar\n", encoding="utf-8")
    r = run_cli([*args, "check"])
    assert r.status == 1 and r.out == ""
    assert r.err == (
        "content/insatsomraden.yaml:2: number: 'NO' is not a whole number — write digits only, e.g. 48\n"
        "content/insatsomraden.yaml:4: duplicate field 'name' (first on line 3) — keep one of them; YAML would "
        "silently use only the last\n"
        "2 problem(s); nothing was changed.\n"
    )


def test_index_refuses_bad_content_and_keeps_the_old(run_cli, tmp_path: Path):
    args = small_args(tmp_path)
    r = run_cli([*args, "index"])
    assert r.status == 0 and r.out.startswith("Built gen-") and "1 document(s), 3 sections, 0 records" in r.out
    before = index.current_generation(tmp_path / "index")
    (tmp_path / "content" / "timeline.yaml").write_text(
        "- id: e\n  date: 2010-13-01\n  event: X\n  section: Budget\n", encoding="utf-8")
    r = run_cli([*args, "index"])
    assert r.status == 1
    assert r.err == ("content/timeline.yaml:2: date: '2010-13-01' is not a real date — check the month (01–12) "
                     "and the day of the month\n"
                     "strategibot: 1 problem(s) in the content; the previous index keeps serving; nothing was "
                     "changed.\n")
    assert index.current_generation(tmp_path / "index") == before
    status = run_cli([*args, "status"]).out.splitlines()
    assert status[-2].startswith("Last reindex (") and status[-2].endswith(
        "): FAILED — 1 problem(s) in the content; the previous index keeps serving")
    assert status[-1] == "  content/timeline.yaml:2: date: '2010-13-01' is not a real date — check the month (01–12) " \
                         "and the day of the month"


def test_index_rollback_and_status(run_cli, tmp_path: Path):
    args = small_args(tmp_path)
    assert run_cli([*args, "status"]).status == 1
    run_cli([*args, "index"])
    first = index.current_generation(tmp_path / "index")
    run_cli([*args, "index"])
    r = run_cli([*args, "index", "--rollback"])
    assert r.out == f"Rolled back: {first} is current again.\n"
    r = run_cli([*args, "status"])
    assert "Counts: 1 document(s), 3 sections, 0 records" in r.out
    assert "Changed since the build: nothing" in r.out
    assert re.search(r"^Last reindex \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\): ok — gen-", r.out, re.M)
    (tmp_path / "content" / "faq.yaml").write_text("- id: f\n  question: q\n  answer: a\n  section: Budget\n",
                                                   encoding="utf-8")
    r = run_cli([*args, "status"])
    assert "Changed since the build: + faq.yaml" in r.out


@pytest.mark.parametrize("command", [["check"], ["index"], ["status"], ["ask", "budget"], ["ask", "--json", "-"]])
def test_missing_content_folder_is_one_clear_line(run_cli, tmp_path: Path, command: list[str]):
    r = run_cli(["--content", str(tmp_path / "nope"), "--index", str(tmp_path / "i"), *command])
    assert (r.status, r.out) == (2, "")
    assert r.err == (f"strategibot: the content folder {tmp_path / 'nope'} does not exist — pass --content DIR (or "
                     "set STRATEGIBOT_CONTENT) with the folder holding documents/ and *.yaml\n")


def test_ask_with_a_missing_content_folder_does_not_answer_from_the_old_index(run_cli, tmp_path: Path):
    args = small_args(tmp_path)
    assert run_cli([*args, "index"]).status == 0
    r = run_cli(["--content", "/nonexistent", "--index", str(tmp_path / "index"), "ask", "budget"])
    assert (r.status, r.out) == (2, "")
    assert "the content folder /nonexistent does not exist" in r.err


def test_a_file_given_as_content_folder(run_cli, tmp_path: Path):
    not_a_folder = tmp_path / "x.md"
    not_a_folder.write_text("# x\n", encoding="utf-8")
    r = run_cli(["--content", str(not_a_folder), "ask", "budget"])
    assert r.status == 2 and r.err.startswith(f"strategibot: {not_a_folder} is not a folder — pass --content DIR")


def test_eval_names_a_missing_questions_file(run_cli, tmp_path: Path):
    r = run_cli(["--index", str(tmp_path / "i"), "eval", "--questions", str(tmp_path / "q.yaml"), "--no-swefaq"])
    assert (r.status, r.err) == (2, f"strategibot: {tmp_path / 'q.yaml'} does not exist — pass --questions FILE\n")


def test_environment_selects_folders(run_cli, tmp_path: Path, monkeypatch):
    root = make_content(tmp_path, {"documents/x.md": DATA / "small" / "documents" / "x.md"})
    monkeypatch.setenv("STRATEGIBOT_CONTENT", str(root))
    monkeypatch.setenv("STRATEGIBOT_INDEX", str(tmp_path / "env-index"))
    r = run_cli(["ask", "--json", "budgeten"])
    assert json.loads(r.out)["sources"][0]["title"] == "Budget"
    assert (tmp_path / "env-index" / "CURRENT").exists()


def test_usage_errors_exit_2(run_cli):
    assert run_cli(["frobnicate"]).status == 2


def test_every_command_has_help(run_cli):
    for command in ("ask", "check", "index", "status", "eval"):
        r = run_cli([command, "--help"])
        assert r.status == 0 and "usage: strategibot" in r.out


def test_console_script_runs_as_a_process(tmp_path: Path):
    args = small_args(tmp_path)
    stdin = "cykelvägar\n\n".encode() + b"\xff\xfe broken utf-8\n" + b"a" * 40_000 + \
        "\nVad säger budgeten för cykelvägarna?\n".encode()
    proc = subprocess.run([sys.executable, "-m", "bot", *args, "ask", "--json", "-"], input=stdin,
                          capture_output=True, cwd=ROOT, env={**os.environ, "LANG": "C", "LC_ALL": "C"}, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [r["found"] for r in rows] == [True, False, False, False, True]
    assert rows[2]["question"] == "\ufffd\ufffd broken utf-8" and len(rows[3]["question"]) == 40_000


def stderr_on_a_terminal(args: list[str]) -> bytes:
    """What `python -m bot ARGS` shows on stderr when stderr is a terminal."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "bot", *args], stdout=subprocess.PIPE, stderr=follower,
                          cwd=ROOT, check=False, timeout=60)
    os.close(follower)
    shown = b""
    try:
        while True:
            chunk = os.read(leader, 4096)
            if not chunk:
                break
            shown += chunk
    except OSError:
        pass
    os.close(leader)
    assert proc.returncode == 0
    return shown


def test_index_shows_progress_on_a_terminal_only(tmp_path: Path):
    args = small_args(tmp_path)
    shown = stderr_on_a_terminal([*args, "index"])
    assert b"\rfiles read: 1  " in shown and re.search(rb"  entries indexed: (\d+)/\1  ", shown)
    piped = subprocess.run([sys.executable, "-m", "bot", *args, "index"], capture_output=True, cwd=ROOT,
                           check=False, timeout=60)
    assert piped.stderr == b""


def test_first_ask_shows_progress_on_a_terminal(tmp_path: Path):
    shown = stderr_on_a_terminal([*small_args(tmp_path), "ask", "budget"])
    assert shown.startswith("Bygger sökindex …\r\n".encode()) and re.search(rb"  entries indexed: (\d+)/\1  ", shown)


def help_commands(text: str) -> list[str]:
    """The commands `strategibot --help` lists (the indented lines under "COMMAND")."""
    block = text.split("  COMMAND\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines() if line[4] != " "]  # not a wrapped help line


def test_help_lists_every_command_with_an_example(run_cli):
    r = run_cli(["--help"])
    assert r.status == 0
    commands = help_commands(r.out)
    assert commands == ["ask", "check", "index", "status", "eval", "serve", "report"]
    examples = r.out.split("examples, one per command:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split()[:2] for line in examples] == [["strategibot", c] for c in commands]
    for command in commands:
        sub = run_cli([command, "--help"])
        assert sub.status == 0 and f"example:\n  strategibot {command}" in sub.out


def test_every_command_in_help_is_documented_in_the_readme(run_cli):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    for command in help_commands(run_cli(["--help"]).out):
        assert f"| `strategibot {command}" in table, command


def test_version(run_cli):
    from bot import __version__

    assert run_cli(["--version"]) == Result(0, f"strategibot {__version__}\n", "")


def test_parallel_first_asks_build_the_index_once(tmp_path: Path):
    args = small_args(tmp_path)
    procs = [subprocess.Popen([sys.executable, "-m", "bot", *args, "ask", "--json", "cykelvägar"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0]
    assert all(json.loads(out)["found"] for out, _ in outputs)
    generations = [p for p in (tmp_path / "index").iterdir() if p.name.startswith("gen-")]
    assert len(generations) == 1


def test_an_internal_error_costs_only_its_own_line(run_cli, shipped_index: Path, monkeypatch):
    from bot.answer import Engine

    real = Engine.answer

    def flaky(self, question, context=None):
        if "boom" in question:
            raise RuntimeError("boom")
        return real(self, question, context)

    monkeypatch.setattr(Engine, "answer", flaky)
    r = run_cli(["--index", str(shipped_index), "ask", "--json", "-"], stdin="boom\nNär beslutar RS?\n")
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert [row["found"] for row in rows] == [False, True]
    assert rows[0]["answer"].startswith("Förlåt") and "Traceback" not in r.err and "RuntimeError" in r.err
