"""Fit the answer confidence on the dev questions and write bot/answer/calibration.json.

Every dev question (the shared examples and the shipped content's dev set; with `--with-added`, also
the dev sets over added content, each over its own index) is run through the pipeline; each
proposal is judged as if it were the answer, and a logistic model per family (passage, record)
learns from its features whether it is right. The answering threshold is then the one that costs
least on dev. The held-out sets are never read here.

    python scripts/calibrate.py [--write] [--with-added] [--threshold-only] [--step S] [--verbose]

With `--threshold-only`, the weights in calibration.json are kept and only the threshold is chosen
again (after a change to what a feature measures). `--step` is the spacing of the thresholds tried
(default 0.01; a coarser one keeps a minimum made of one or two questions from deciding).
"""

from __future__ import annotations

import json
import math
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import evaluate  # noqa: E402
from bot.answer import checks, confidence, kinds  # noqa: E402
from bot.answer.engine import Engine  # noqa: E402
from bot.answer.question import understand  # noqa: E402
from bot.answer.several import comparison, parts  # noqa: E402
from bot.service import Paths, build_index  # noqa: E402

WRONG = 2.0  # how many needless refusals one wrong answer is worth


def fit(rows: list[tuple[dict[str, float], int]], names: tuple[str, ...], l2: float = 0.001,
        steps: int = 3000, rate: float = 2.0) -> dict[str, float]:
    """Logistic regression by gradient descent (small data: pure Python)."""
    w = {k: 0.0 for k in names}
    b = 0.0
    n = len(rows)
    for _ in range(steps):
        gw = {k: 0.0 for k in names}
        gb = 0.0
        for x, y in rows:
            z = b + sum(w[k] * x[k] for k in names)
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            for k in names:
                gw[k] += (p - y) * x[k]
            gb += p - y
        for k in names:
            w[k] -= rate * (gw[k] / n + l2 * w[k])
        b -= rate * gb / n
    return {"bias": round(b, 3), **{k: round(v, 3) for k, v in w.items()}}


def dev_sets() -> list[evaluate.QuestionSet]:
    """The shared examples and the dev sets (never a held-out one)."""
    sets = [qs for qs in evaluate.question_sets(ROOT, ROOT.parent / "shared")
            if qs.name == "shared" or qs.name.startswith("dev")]
    if "--with-added" not in sys.argv:
        sets = [qs for qs in sets if qs.added is None]
    return [qs for qs in sets if all(f.is_file() for f in qs.files)]


def samples_of(qs: evaluate.QuestionSet, tmp: Path) -> list[tuple[evaluate.Case, list, bool]]:
    """Each single-part question of a set, with every proposal judged, over the set's content."""
    from bot import index

    cases = [c for f in qs.files for c in evaluate.load_cases(f)]
    paths = Paths(tmp / "content", tmp / "index")
    shutil.copytree(ROOT / "content", paths.content)
    if qs.added is not None:
        shutil.copytree(qs.added, paths.content, dirs_exist_ok=True)
    build_index(paths)
    engine = Engine(index.open_current(paths.index))
    samples = []
    for case in cases:
        q = understand(case.q, engine.kb)
        if not q.words or len(parts(q.text)) > 1 or comparison(q):
            continue
        c = engine.gatherer.gather(q)
        proposals = kinds.propose(q, c, engine.kb, engine.faq)
        judged = []
        for p in proposals:
            x = confidence.features(q, c, p, engine.kb)
            answer = {"answer": p.text, "found": p.states, "sources": [s.id for s in p.sources]}
            ok = evaluate.judge(case, answer).ok
            judged.append((p, x, int(ok), checks.checks(q, c, p, x, engine.kb)))
        refusal_ok = evaluate.judge(case, {"answer": "", "found": False, "sources": []}).ok
        samples.append((case, judged, refusal_ok))
    engine.reader.close()
    return samples


def main() -> int:
    samples = []
    for qs in dev_sets():
        with tempfile.TemporaryDirectory() as tmp:
            found = samples_of(qs, Path(tmp))
        print(f"{qs.name}: {len(found)} single-part questions")
        samples += found
    model: dict[str, object] = {}
    for family, names in (("passage", confidence.PASSAGE_FEATURES), ("record", confidence.RECORD_FEATURES)):
        if "--threshold-only" in sys.argv:
            model[family] = confidence.MODEL[family]
            continue
        rows = [(x, y) for _, judged, _ in samples for p, x, y, _ in judged
                if (p.kind == "passage") == (family == "passage")]
        model[family] = fit(rows, names)
        print(f"{family}: {len(rows)} proposals, {sum(y for _, y in rows)} right; weights {model[family]}")

    def prob(family: str, x: dict[str, float], factor: float) -> float:
        weights = model[family]
        assert isinstance(weights, dict)
        return confidence.probability(weights, x) * factor

    # each question's proposals ranked as `confidence.choose` ranks them (without its swap of a quote
    # and a record answer from one section, which needs the question), which of them are right, and
    # whether a refusal is; the ranking does not depend on the threshold
    ranked: list[tuple[list, dict[int, int], bool]] = []
    for _, judged, refusal_ok in samples:
        for p, x, _, factor in judged:
            p.support = prob("passage" if p.kind == "passage" else "record", x, factor)
        ranked.append((confidence.rank([p for p, _, _, _ in judged]), {id(p): y for p, _, y, _ in judged}, refusal_ok))
    # A wrong answer is worse than "I don't know": it costs WRONG, a needless refusal costs 1.
    best = (float("inf"), 0.5, 0)
    step = float(sys.argv[sys.argv.index("--step") + 1]) if "--step" in sys.argv else 0.01
    for t in [round(0.2 + i * step, 2) for i in range(int(round(0.7 / step)) + 1)]:
        cost = 0.0
        right = 0
        for order, right_of, refusal_ok in ranked:
            scored = confidence.lead_first(order, t)
            if scored and scored[0].support >= t:
                ok = bool(right_of[id(scored[0])])
                cost += 0 if ok else (WRONG if scored[0].states else 1)
            else:
                ok = refusal_ok
                cost += 0 if ok else 1
            right += ok
        if "--verbose" in sys.argv:
            print(f"  threshold {t}: {right} right, cost {cost}")
        if cost < best[0]:
            best = (cost, t, right)
    model["threshold"] = best[1]
    model["fitted_on"] = (f"{len(samples)} dev questions (single-part); {best[2]} right at the threshold "
                          f"(a wrong answer weighs {WRONG} needless refusals)")
    print(f"threshold {best[1]}: {best[2]}/{len(samples)} right, cost {best[0]}")
    if "--write" in sys.argv:
        confidence.CALIBRATION.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {confidence.CALIBRATION}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
