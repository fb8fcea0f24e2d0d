"""Scores answers against a questions file (rules of shared/eval/README.md) and measures SweFAQ."""

from __future__ import annotations

import json
import re
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


def swefaq_accuracy(jsonl: Path, ask_all: Callable[[Path, list[str]], list[dict[str, Any]]] | None = None
                    ) -> tuple[float, int]:
    """accuracy@1 of SweFAQ: is the first source of each answer the section holding the right answer?

    `ask_all(content_dir, questions)` answers the questions over that content (default: a fresh
    index in a temporary folder, answered by the engine).
    """
    with tempfile.TemporaryDirectory(prefix="swefaq-") as tmp:
        folder = Path(tmp)
        questions, gold = swefaq_content(jsonl, folder / "content")
        answers = (ask_all or _ask_all)(folder / "content", [q.replace("\n", " ") for q in questions])
    right = sum(1 for a, g in zip(answers, gold) if a["sources"] and a["sources"][0]["id"] == g)
    return right / len(questions), len(questions)


def _ask_all(content_dir: Path, questions: list[str]) -> list[dict[str, Any]]:
    from . import content, index
    from .answer import Engine

    index_dir = content_dir.parent / "index"
    index.build(content.load(content_dir), index_dir)
    engine = Engine(index.open_current(index_dir))
    try:
        return [engine.answer(q).to_dict() for q in questions]
    finally:
        engine.reader.close()


# ----- the project's question sets -----

@dataclass
class QuestionSet:
    """A named set of questions, over the shipped content or with added content files."""

    name: str
    files: list[Path]
    added: Path | None = None  # a folder of content files copied over the shipped content first


_ADDED = ["", "second ", "third ", "fourth ", "fifth ", "sixth ", "seventh "]  # tests/data/added, added2, …


def question_sets(root: Path, shared: Path) -> list[QuestionSet]:
    """The sets `strategibot eval` reports: shared examples, dev (tuned on), held-out (never tuned on).
    Each fixture of added content (`tests/data/addedN/`) has its held-out file and its dev files
    (`dev_addedN.yaml` and later batches `dev_addedN_*.yaml`), where they exist."""
    data = root / "tests" / "data"
    sets = [QuestionSet("shared", [shared / "eval" / "questions.yaml"]),
            QuestionSet("dev", [data / "question_variants.yaml", data / "dev.yaml"]),
            QuestionSet("heldout", [data / "heldout.yaml"])]
    for n, ordinal in enumerate(_ADDED, start=1):
        suffix = str(n) if n > 1 else ""
        folder = data / f"added{suffix}"
        first = data / f"dev_added{suffix}.yaml"
        dev = ([first] if first.is_file() else []) + sorted(data.glob(f"dev_added{suffix}_*.yaml"))
        if dev:
            sets.append(QuestionSet(f"dev, {ordinal}added content", dev, folder))
        sets.append(QuestionSet(f"heldout, {ordinal}added content", [data / f"heldout_added{suffix}.yaml"], folder))
    return sets


def score_table(name: str, score: Score) -> list[str]:
    """Markdown rows: the set's total, then each kind; refusal precision and recall."""
    def pct(r: int, t: int) -> str:
        return f"{r}/{t} ({100 * r / t:.0f}%)" if t else "–"

    def ratio(v: float | None) -> str:
        return "–" if v is None else f"{v:.2f}"

    rows = [f"| {name} | **{pct(score.right, score.total)}** | refusal precision {ratio(score.refusal_precision)}, "
            f"recall {ratio(score.refusal_recall)}; over 1,200 characters: {score.too_long} |"]
    rows += [f"| | {kind}: {pct(r, t)} | |" for kind, (r, t) in score.kinds.items()]
    return rows
