"""Scores answers against a questions file (rules of shared/eval/README.md) and measures SweFAQ."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import yamlsource
from .errors import ContentError, Problem


@dataclass
class Case:
    """One evaluation question and what its answer must contain."""

    q: str
    all: list[str] = field(default_factory=list)
    any: list[str] = field(default_factory=list)
    none: list[str] = field(default_factory=list)
    found: str = "true"  # "true", "false" or "any"
    line: int = 0
    kind: str = ""


@dataclass
class Outcome:
    """How one answer fared."""

    case: Case
    answer: dict[str, Any]
    failures: list[str]

    @property
    def ok(self) -> bool:
        return not self.failures


def load_cases(path: Path) -> list[Case]:
    """Read a questions file; ContentError (with lines) when it is malformed."""
    text = path.read_text(encoding="utf-8")
    value, problems = yamlsource.parse(text, str(path))
    if problems:
        raise ContentError(problems)
    if not isinstance(value, list):
        raise ContentError([Problem(str(path), 1, "the questions file must be a list", "start items with `- q:`")])
    cases = []
    for item, line in zip(value, value.lines):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise ContentError([Problem(str(path), line, "an item lacks `q:`", "give every item a question")])
        cases.append(Case(item["q"], _strs(item.get("all")), _strs(item.get("any")), _strs(item.get("none")),
                          str(item.get("found") or "true").lower(), line, str(item.get("kind") or "")))
    return cases


def _strs(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def normalise(text: str) -> str:
    """The README's matching form: NFC, Slack markup removed, white space folded, case-folded."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[*_~`]", "", text)
    return " ".join(text.split()).casefold()


def judge(case: Case, answer: dict[str, Any]) -> Outcome:
    """Check one answer against its case."""
    failures: list[str] = []
    body = normalise(str(answer.get("answer", "")))
    found = answer.get("found")
    if not isinstance(found, bool) or not isinstance(answer.get("answer"), str) or not isinstance(answer.get("sources"), list):
        failures.append("malformed answer object")
    if case.found == "any":
        return Outcome(case, answer, failures)
    want = case.found == "true"
    if found is not want:
        failures.append(f"found is {found}, expected {want}")
    if len(str(answer.get("answer", ""))) > MAX_ANSWER:
        failures.append(f"answer longer than {MAX_ANSWER} characters")
    if want:
        missing = [t for t in case.all if normalise(t) not in body]
        if missing:
            failures.append(f"missing all-terms {missing}")
        if case.any and not any(normalise(t) in body for t in case.any):
            failures.append(f"none of the any-terms {case.any}")
        present = [t for t in case.none if normalise(t) in body]
        if present:
            failures.append(f"contains none-terms {present}")
        if not answer.get("sources"):
            failures.append("no sources")
    return Outcome(case, answer, failures)


def run_cases(cases: list[Case], ask: Callable[[str], dict[str, Any]]) -> list[Outcome]:
    return [judge(c, ask(c.q)) for c in cases]


@dataclass
class Score:
    """How a set of outcomes fared: right of total, by kind, and how well it refused."""

    right: int
    total: int
    kinds: dict[str, tuple[int, int]]
    refusal_precision: float | None  # of the answers with found false, the share that should be
    refusal_recall: float | None  # of the questions the content cannot answer, the share refused
    too_long: int


MAX_ANSWER = 1200


def score(outcomes: list[Outcome]) -> Score:
    kinds: dict[str, tuple[int, int]] = {}
    for o in outcomes:
        k = o.case.kind or ("out_of_scope" if o.case.found == "false" else "other")
        r, t = kinds.get(k, (0, 0))
        kinds[k] = (r + o.ok, t + 1)
    refused = [o for o in outcomes if o.answer.get("found") is False]
    unanswerable = [o for o in outcomes if o.case.found == "false"]
    precision = sum(o.case.found == "false" for o in refused) / len(refused) if refused else None
    recall = sum(o.answer.get("found") is False for o in unanswerable) / len(unanswerable) if unanswerable else None
    too_long = sum(len(str(o.answer.get("answer", ""))) > MAX_ANSWER for o in outcomes)
    return Score(sum(o.ok for o in outcomes), len(outcomes), dict(sorted(kinds.items())), precision, recall, too_long)


# ----- SweFAQ -----

def swefaq_content(jsonl: Path, folder: Path) -> tuple[list[str], list[str]]:
    """Write every distinct answer as a section of one Markdown document under `folder`.

    Returns (questions, id of the section holding each question's right answer).
    """
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    answers: dict[str, int] = {}
    for row in rows:
        for a in row["candidate_answers"]:
            answers.setdefault(" ".join(a.split()), len(answers) + 1)
    docs = folder / "documents"
    docs.mkdir(parents=True, exist_ok=True)
    parts = ["---", "title: SweFAQ", "organisation: Språkbanken Text", "period: 2022", "source: SweFAQ dev", "---", ""]
    for a, n in answers.items():
        parts += [f"## Svar {n}", "", a, ""]
    (docs / "swefaq.md").write_text("\n".join(parts), encoding="utf-8")
    questions = [row["question"] for row in rows]
    gold = [f"swefaq#svar-{answers[' '.join(row['candidate_answers'][int(row['label'])].split())]}" for row in rows]
    return questions, gold


def swefaq_accuracy(jsonl: Path, command: list[str]) -> tuple[float, int]:
    """accuracy@1 of SweFAQ asked through `command ask --json -` (the CLI contract); (accuracy, n)."""
    with tempfile.TemporaryDirectory(prefix="swefaq-") as tmp:
        folder = Path(tmp)
        questions, gold = swefaq_content(jsonl, folder / "content")
        proc = subprocess.run(
            [*command, "--content", str(folder / "content"), "--index", str(folder / "index"), "ask", "--json", "-"],
            input="\n".join(q.replace("\n", " ") for q in questions) + "\n", capture_output=True, text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"the CLI failed on SweFAQ: {proc.stderr.strip()[-500:]}")
        answers = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    right = sum(1 for a, g in zip(answers, gold) if a["sources"] and a["sources"][0]["id"] == g)
    return right / len(questions), len(questions)


def cli_command() -> list[str]:
    """How to run this package's CLI in a subprocess."""
    return [sys.executable, "-m", "bot"]
