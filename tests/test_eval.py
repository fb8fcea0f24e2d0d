"""The project's own evaluation: every shared question right, and SweFAQ above the bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import evaluate
from bot.answer import Engine

from .conftest import SHARED, SWEFAQ

QUESTIONS = SHARED / "eval" / "questions.yaml"


def test_every_shared_question_is_answered_right(engine: Engine):
    cases = evaluate.load_cases(QUESTIONS)
    assert len(cases) >= 30
    failures = [(o.case.q, o.failures, o.answer["answer"]) for o in
                evaluate.run_cases(cases, lambda q: engine.answer(q).to_dict()) if not o.ok]
    assert failures == []


def test_judge_applies_the_readme_rules():
    case = evaluate.Case("q", all=["28 april"], none=["Yc"])
    ok = {"found": True, "answer": "Den *28* _april_", "sources": [{"id": "a"}]}
    assert evaluate.judge(case, ok).failures == []
    assert evaluate.judge(case, {**ok, "sources": []}).failures == ["no sources"]
    assert evaluate.judge(case, {**ok, "answer": "Yc³ 28 april"}).failures == ["contains none-terms ['Yc']"]
    assert evaluate.judge(evaluate.Case("q", found="false"), {**ok, "found": True}).failures == [
        "found is True, expected False"]
    assert evaluate.judge(evaluate.Case("q", found="any"), {"found": False, "answer": "", "sources": []}).ok


@pytest.mark.slow
def test_swefaq_accuracy_is_above_the_bar():
    accuracy, n = evaluate.swefaq_accuracy(SWEFAQ)
    assert n == 110
    assert accuracy >= 0.60


def test_eval_command_reports_and_fails_on_a_wrong_answer(run_cli, shipped_index: Path, tmp_path: Path):
    questions = tmp_path / "q.yaml"
    questions.write_text('- q: "När beslutar regionstyrelsen?"\n  all: ["5 maj"]\n'
                         '- q: "Vem vann melodifestivalen 2010?"\n  found: false\n', encoding="utf-8")
    r = run_cli(["--index", str(shipped_index), "eval", "--questions", str(questions), "--no-swefaq"])
    assert r.status == 1
    assert f"FAIL {questions}:1: 'När beslutar regionstyrelsen?': missing all-terms ['5 maj']" in r.out
    assert r.out.rstrip().endswith("questions: 1/2 right")


@pytest.mark.parametrize("bad", ["- q: [\n", "a: 1\n", "- all: [x]\n"])
def test_malformed_questions_file(run_cli, shipped_index: Path, tmp_path: Path, bad: str):
    questions = tmp_path / "q.yaml"
    questions.write_text(bad, encoding="utf-8")
    r = run_cli(["--index", str(shipped_index), "eval", "--questions", str(questions), "--no-swefaq"])
    assert r.status == 1 and str(questions) in r.err


@pytest.mark.slow
def test_variant_questions_of_the_same_kinds(engine: Engine):
    from .conftest import DATA

    cases = evaluate.load_cases(DATA / "question_variants.yaml") + evaluate.load_cases(DATA / "dev.yaml")
    assert len(cases) >= 300
    score = evaluate.score(evaluate.run_cases(cases, lambda q: engine.answer(q).to_dict()))
    # a guard against regressions, just under today's figures (83.2%, paraphrase 46% since the blind
    # batches 6–8 of hard out-of-scope, paraphrase and multi-part questions joined dev): not the
    # issue's targets, which are measured on unseen questions
    assert score.right / score.total >= 0.82, score
    assert score.too_long == 0
    assert all(r / t >= 0.4 for r, t in score.kinds.values()), score.kinds


@pytest.mark.slow
def test_heldout_questions_are_measured_not_tuned(engine: Engine):
    """The held-out set is never tuned on; this guards against a change that breaks it broadly."""
    from .conftest import DATA

    cases = evaluate.load_cases(DATA / "heldout.yaml")
    assert len(cases) >= 150 and all(c.kind for c in cases)
    score = evaluate.score(evaluate.run_cases(cases, lambda q: engine.answer(q).to_dict()))
    assert score.right / score.total >= 0.6, score
    assert score.too_long == 0


@pytest.mark.slow
def test_eval_reports_every_set_by_kind(run_cli, shipped_index: Path):
    r = run_cli(["--index", str(shipped_index), "eval", "--no-swefaq"])
    assert "| set | right | refusals |" in r.out
    for name in ("| dev |", "| heldout |", "| heldout, added content |"):
        assert name in r.out
    assert "| | paraphrase: " in r.out and "refusal precision" in r.out
