"""The `strategibot` command line: thin commands over the library functions."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence, TextIO

from . import __version__, content, evaluate, index, lock
from .answer import Answer
from .errors import ContentError, IndexBusyError, StrategibotError, UsageError
from .messages import say
from .service import Paths, Service, build_index, is_stale, manifest, reindex
from .status import status_lines

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"


# One example per command, shown by `strategibot --help` and by each command's --help.
EXAMPLES = {
    "ask": 'strategibot ask "Vilka projekt tjänar insatsområde 3?"',
    "check": "strategibot check --content content/",
    "index": "strategibot index --content content/",
    "status": "strategibot status",
    "eval": "strategibot eval --questions tests/data/question_variants.yaml --no-swefaq",
    "serve": "strategibot serve --port 3000 --watch",
    "report": "strategibot report --log data/feedback.jsonl",
}

INDEX_WAIT = 300.0  # seconds `index` waits for another running build by default


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS,
                        help="content folder (default: $STRATEGIBOT_CONTENT or the shipped content/)")
    common.add_argument("--index", metavar="DIR", default=argparse.SUPPRESS,
                        help="index folder (default: $STRATEGIBOT_INDEX or index/)")
    examples = "\n".join(f"  {line}" for line in EXAMPLES.values())
    p = argparse.ArgumentParser(prog="strategibot", parents=[common],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                description="Answers questions about Region Blekinge's international strategy.",
                                epilog=f"examples, one per command:\n{examples}\n\n"
                                       "Exit status: 0 ok, 1 problems found, 2 usage or internal error.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def add(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=help, description=help[0].upper() + help[1:] + ".",
                              formatter_class=argparse.RawDescriptionHelpFormatter,
                              epilog=f"example:\n  {EXAMPLES[name]}")

    s = add("ask", help="answer a question, with its sources")
    s.add_argument("question", nargs="+", help="the question, or - to read one question per line from stdin")
    s.add_argument("--json", action="store_true", help="print one JSON object per question")
    s.add_argument("--explain", action="store_true", help="show how the answer was found")

    s = add("check", help="validate the content files and list every problem")

    s = add("index", help="validate the content and build the search index")
    s.add_argument("--rollback", action="store_true", help="make the previous index generation current again")
    s.add_argument("--wait", type=float, default=INDEX_WAIT, metavar="SECONDS",
                   help=f"how long to wait for another running build to finish (default {INDEX_WAIT:.0f})")
    s.add_argument("--no-wait", dest="wait", action="store_const", const=0.0,
                   help="fail at once when another build is running")

    s = add("status", help="show what the index was built from")

    s = add("eval", help="score the answers on the question sets, by kind, and on SweFAQ")
    s.add_argument("--questions", metavar="FILE",
                   help="score one questions file instead of the sets, listing each wrong answer")
    s.add_argument("--swefaq", metavar="FILE", default=str(SHARED / "data" / "swefaq" / "swefaq_dev.jsonl"),
                   help="SweFAQ JSON Lines file (default: ../shared/data/swefaq/swefaq_dev.jsonl)")
    s.add_argument("--no-swefaq", action="store_true", help="skip the SweFAQ measurement")
    s = add("serve", help="run the Slack app (Socket Mode if SLACK_APP_TOKEN is set)")
    s.add_argument("--host", default="0.0.0.0", help="address for HTTP mode and /healthz (default 0.0.0.0)")
    s.add_argument("--port", type=int, default=3000, help="port for HTTP mode and /healthz (default 3000)")
    s.add_argument("--watch", action="store_true", default=os.environ.get("STRATEGIBOT_WATCH") == "1",
                   help="reindex by itself when content files change (also STRATEGIBOT_WATCH=1)")

    s = add("report", help="unanswered and down-voted questions, most frequent first")
    s.add_argument("--log", metavar="FILE", help="feedback log (default: $STRATEGIBOT_DATA/feedback.jsonl)")
    return p


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run one command; returns the exit status (0 ok, 1 problems found, 2 usage)."""
    for stream in (sys.stdout, sys.stderr):
        if stdout is None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    paths = Paths.resolve(getattr(args, "content", None), getattr(args, "index", None))
    try:
        if args.command != "report" and not getattr(args, "rollback", False):
            require_content_folder(paths.content)
        return COMMANDS[args.command](args, paths, stdin or sys.stdin, out, err)
    except UsageError as exc:
        print(f"strategibot: {exc}", file=err)
        return 2
    except ContentError as exc:
        _print_problems(exc, err)
        return 1
    except StrategibotError as exc:
        print(f"strategibot: {exc}", file=err)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # the last line of defence: never a traceback for a user
        if os.environ.get("STRATEGIBOT_DEBUG") == "1":
            raise
        print(f"strategibot: internal error ({type(exc).__name__}); run with STRATEGIBOT_DEBUG=1 for details",
              file=err)
        return 2


def require_content_folder(folder: Path) -> None:
    """UsageError naming the folder when it is missing, not a folder, or unreadable."""
    fix = "pass --content DIR (or set STRATEGIBOT_CONTENT) with the folder holding documents/ and *.yaml"
    if not folder.exists():
        raise UsageError(f"the content folder {folder} does not exist — {fix}")
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder — {fix}")
    try:
        os.listdir(folder)
    except OSError as exc:
        raise UsageError(f"the content folder {folder} cannot be read ({exc.strerror}) — let this user read it, "
                         f"or {fix}") from exc


def _print_problems(exc: ContentError, err: TextIO) -> None:
    for p in exc.problems:
        print(p, file=err)
    print(f"{len(exc.problems)} problem(s); nothing was changed.", file=err)


def cmd_check(args: argparse.Namespace, paths: Paths, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    loaded, problems = content.check(paths.content)
    if problems:
        raise ContentError(problems)
    sections = sum(len(d.sections) for d in loaded.documents)
    print(f"OK: {len(loaded.documents)} document(s), {sections} sections, {len(loaded.records)} records.", file=out)
    return 0


def cmd_index(args: argparse.Namespace, paths: Paths, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    if args.rollback:
        name = index.rollback(paths.index)
        print(f"Rolled back: {name} is current again.", file=out)
        return 0
    if args.wait > 0 and lock.is_held(paths.index):
        print(f"Another build of {paths.index} is running; waiting up to {args.wait:g} s for it to finish "
              "(--no-wait fails at once) …", file=err, flush=True)
    progress = _progress(err) if err.isatty() else None
    outcome = reindex(paths, wait=args.wait, progress=progress)
    if progress:
        print(file=err)
    if not outcome.ok:
        for p in outcome.problems:
            print(p, file=err)
        print(f"strategibot: {outcome.summary}; nothing was changed.", file=err)
        if outcome.reason == "busy":
            print("Run `strategibot index` again when it has finished, or wait longer with --wait SECONDS.",
                  file=err)
        return 1
    print(f"Built {outcome.summary}.", file=out)
    return 0


def _progress(err: TextIO) -> Any:
    """A progress line for a terminal, rewritten in place as the build goes: one counter per stage."""
    started = time.monotonic()
    counts: dict[str, str] = {}
    labels = {"read": "files read", "indexed": "entries indexed", "embedded": "passages embedded",
              "latent": "latent terms"}

    def show(stage: str, done: int, total: int) -> None:
        if stage not in labels:
            return
        counts[stage] = f"{done}/{total}" if total else str(done)
        line = "  ".join(f"{labels[k]}: {v}" for k, v in counts.items())
        print(f"\r{line}  {time.monotonic() - started:.1f} s", end="", file=err, flush=True)

    return show


def cmd_status(args: argparse.Namespace, paths: Paths, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    for line in status_lines(paths):
        print(line, file=out)
    return 0 if manifest(paths) is not None else 1


def ensure_index(paths: Paths, err: TextIO) -> None:
    """Build the index when it is missing or older than the content; keep an old one if the content is bad."""
    if not is_stale(paths):
        return
    print(say("building_index"), file=err, flush=True)
    progress = _progress(err) if err.isatty() else None
    try:
        build_index(paths, wait=30.0, progress=progress, only_if_stale=True)
        if progress:
            print(file=err)
    except ContentError as exc:
        if index.current_generation(paths.index) is None:
            raise
        _print_problems(exc, err)
        print("strategibot: the content has problems; answering from the previous index.", file=err)
    except IndexBusyError:
        if index.current_generation(paths.index) is None:
            raise
    except (StrategibotError, OSError, RecursionError, MemoryError) as exc:  # any failed build: keep the old
        if index.current_generation(paths.index) is None:
            raise
        print(f"strategibot: the index could not be rebuilt ({exc}); answering from the previous index.", file=err)


def cmd_ask(args: argparse.Namespace, paths: Paths, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    ensure_index(paths, err)
    service = Service(paths)
    service.engine()  # a damaged index is one clear error, not an apology per question
    questions: Any
    if args.question == ["-"]:
        raw = getattr(stdin, "buffer", None)
        if raw is not None:  # bytes, so that a line of broken UTF-8 costs only that line
            questions = (line.decode("utf-8", errors="replace").rstrip("\r\n") for line in raw)
        else:
            questions = (line.rstrip("\r\n") for line in stdin)
    else:
        questions = [" ".join(args.question)]
    for q in questions:
        try:
            a = service.ask(q)
        except Exception as exc:  # one bad question must not cost the lines after it
            if os.environ.get("STRATEGIBOT_DEBUG") == "1":
                raise
            print(f"strategibot: internal error on one question ({type(exc).__name__})", file=err)
            a = Answer(q, False, say("internal_error"), [], kind="error")
        if args.json:
            print(json.dumps(a.to_dict(explain=args.explain), ensure_ascii=False), file=out, flush=True)
        else:
            print(render_text(a, explain=args.explain), file=out, flush=True)
    return 0


def render_text(a: Answer, explain: bool = False) -> str:
    """An answer for a person on a terminal."""
    lines = [a.answer]
    if a.sources:
        lines += ["", say("sources" if a.found else "closest", a.lang)]
        lines += [f"  • {s.title} — {s.document}" + (f" <{s.url}>" if s.url else "") for s in a.sources]
    if explain:
        lines += ["", "explain: " + json.dumps(a.explain, ensure_ascii=False, indent=2)]
    return "\n".join(lines) + "\n"


def cmd_eval(args: argparse.Namespace, paths: Paths, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    if args.questions:
        if not Path(args.questions).is_file():
            raise UsageError(f"{args.questions} does not exist — pass --questions FILE")
        return _eval_file(Path(args.questions), paths, out, err)
    status = 0
    print("| set | right | refusals |\n|---|---|---|", file=out)
    for qs in evaluate.question_sets(PROJECT, SHARED):
        missing = [f for f in qs.files if not f.is_file()]
        if missing:
            print(f"| {qs.name} | not measured: {missing[0]} is not there | |", file=out)
            continue
        cases = [c for f in qs.files for c in evaluate.load_cases(f)]
        score = evaluate.score(_run_set(qs, cases, paths, err))
        print("\n".join(evaluate.score_table(qs.name, score)), file=out)
        if qs.name == "shared" and score.right < score.total:
            status = 1
    if not args.no_swefaq:
        if not Path(args.swefaq).is_file():
            print(f"swefaq: not measured ({args.swefaq} is not there)", file=out)
        else:
            accuracy, n = evaluate.swefaq_accuracy(Path(args.swefaq))
            print(f"swefaq accuracy@1: {accuracy:.1%} of {n} (baseline 51.8%, bar 60.0%)", file=out)
            status = status or (1 if accuracy < 0.60 else 0)
    return status


def _run_set(qs: evaluate.QuestionSet, cases: list[evaluate.Case], paths: Paths, err: TextIO) -> list[evaluate.Outcome]:
    """Answers for a set: over the content in use, or over it plus the set's added content files."""
    if qs.added is None:
        ensure_index(paths, err)
        service = Service(paths)
        return evaluate.run_cases(cases, lambda q: service.ask(q).to_dict())
    with tempfile.TemporaryDirectory(prefix="eval-") as tmp:
        merged = Paths(Path(tmp) / "content", Path(tmp) / "index")
        shutil.copytree(paths.content, merged.content)
        shutil.copytree(qs.added, merged.content, dirs_exist_ok=True)
        ensure_index(merged, err)
        service = Service(merged)
        return evaluate.run_cases(cases, lambda q: service.ask(q).to_dict())


def _eval_file(path: Path, paths: Paths, out: TextIO, err: TextIO) -> int:
    ensure_index(paths, err)
    service = Service(paths)
    cases = evaluate.load_cases(path)
    outcomes = evaluate.run_cases(cases, lambda q: service.ask(q).to_dict())
    failed = [o for o in outcomes if not o.ok]
    for o in failed:
        print(f"FAIL {path}:{o.case.line}: {o.case.q!r}: {'; '.join(o.failures)}", file=out)
        print(f"     answer: {o.answer.get('answer', '')[:300]!r}", file=out)
    print(f"questions: {len(outcomes) - len(failed)}/{len(outcomes)} right", file=out)
    return 1 if failed else 0


def cmd_serve(args: argparse.Namespace, paths: Paths, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    from . import logs
    from .slack import server
    from .slack.app import announce, create_app
    from .slack.settings import Settings

    settings = Settings.from_env()
    logs.setup(settings.log_text)
    ensure_index(paths, err)
    service = Service(paths)
    service.engine()
    app = create_app(settings, service)
    app.deps.identity = server.check_token(app.client)  # type: ignore[attr-defined]
    watcher = None
    if args.watch:
        from .watch import Watcher

        watcher = Watcher(paths, lambda outcome: announce(app, settings, outcome)).start()
    server.serve(app, service, settings.app_token, args.host, args.port, settings.workers,
                 signing_secret=settings.signing_secret)
    if watcher is not None:
        watcher.stop()
    return 0


def cmd_report(args: argparse.Namespace, paths: Paths, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    from . import feedback

    path = Path(args.log) if args.log else feedback.default_path()
    print(feedback.report(feedback.read(path)), end="", file=out)
    return 0


COMMANDS = {"ask": cmd_ask, "check": cmd_check, "index": cmd_index, "status": cmd_status, "eval": cmd_eval,
            "serve": cmd_serve, "report": cmd_report}
