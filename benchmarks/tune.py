"""Choose the ranking's constants on the tune part; measure them on the held-out part.

Run: .venv/bin/python -m benchmarks.tune [eval/manifest.json]

For every report of the collection it asks each question once of BM25 and of the embedding
stage, keeps both score arrays, and then evaluates, without asking again:

1. ranking variants (one knob changed at a time): Hit@1 / Hit@3 / MRR@10 per part;
2. the verdict: a logistic model over ``retrieval.verdict.Evidence`` fitted on the tune
   part's answerable and unanswerable questions, its two thresholds chosen there (answerable
   refused <= 2 %, answerable caveated <= 10 %), then the rates on both parts.

It prints Markdown for docs/benchmarks.md and the ``RankingConfig`` values to paste into
retrieval/config.py. Vectors are cached in .cache/report-bot like the bot's.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from retrieval import Index, load_report
from retrieval.config import RankingConfig
from retrieval.evaluation import Question, load_manifest, load_questions
from retrieval.hybrid import evidence
from retrieval.semantic import SemanticIndex, fuse, load_model
from retrieval.verdict import Evidence

PROJECT = Path(__file__).resolve().parents[1]
CACHE = PROJECT / ".cache" / "report-bot"
MAX_REFUSED = 0.02
MAX_CAVEATED = 0.10


@dataclass
class Asked:
    """One question's signals, kept so that every variant is scored without asking again."""

    question: Question
    part: str
    lines: np.ndarray
    bm25: np.ndarray
    whole: np.ndarray
    """Meaning without sentences: the paragraph's cosine less its hubness."""
    meaning: np.ndarray
    plain: np.ndarray
    """Meaning without hub correction."""
    evidence: Evidence
    foreign: bool


def collect(manifest: Path) -> list[Asked]:
    model, description = load_model()
    if model is None:
        raise SystemExit(f"the embedding model is needed: {description}")
    asked: list[Asked] = []
    for entry in load_manifest(manifest):
        report = load_report(entry.report)
        index = Index.build(report)
        semantic = SemanticIndex.build(report, model, CACHE, progress=False)
        raw = SemanticIndex.build(report, model, CACHE, hub_correction=False, progress=False)
        lines = np.asarray([p.line for p in report.paragraphs])
        for path in entry.questions:
            for question in load_questions(path):
                scoring = index.score(question.question)
                meaning = semantic.scores(question.question)
                vector = semantic._query(question.question)
                whole = semantic.paragraph_vectors @ vector - semantic._paragraph_hub
                asked.append(
                    Asked(
                        question,
                        entry.part,
                        lines,
                        scoring.scores,
                        whole,
                        meaning,
                        raw.scores(question.question),
                        evidence(scoring, meaning),
                        index.is_foreign(scoring),
                    )
                )
    return asked


Variant = Callable[[Asked], np.ndarray]


def variants(config: RankingConfig) -> dict[str, Variant]:
    weight = config.semantic_weight

    def fused(w: float, field: str = "meaning") -> Variant:
        return lambda a: a.meaning if a.foreign else fuse(a.bm25, getattr(a, field), w)

    rows: dict[str, Variant] = {
        "BM25 alone": lambda a: a.bm25,
        "meaning alone": lambda a: a.meaning,
        f"shipped: fused, meaning weight {weight}": fused(weight),
    }
    for w in (0.3, 0.5, 0.85):
        rows[f"meaning weight {w}"] = fused(w)
    rows["no sentence vectors"] = fused(weight, "whole")
    rows["no hub correction"] = fused(weight, "plain")
    return rows


def rank_of_gold(asked: Asked, scores: np.ndarray) -> int | None:
    order = np.argsort(-scores, kind="stable")[:10]
    for rank, line in enumerate(asked.lines[order], start=1):
        if line in asked.question.gold:
            return rank
    return None


def ranking_table(asked: Sequence[Asked], config: RankingConfig) -> str:
    rows = [
        "| variant | tune Hit@1 | Hit@3 | MRR | held-out Hit@1 | Hit@3 | MRR |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, variant in variants(config).items():
        cells = []
        for part in ("tune", "heldout"):
            ranks = [
                rank_of_gold(a, variant(a))
                for a in asked
                if a.part == part and a.question.answerable
            ]
            n = len(ranks) or 1
            cells += [
                f"{sum(r == 1 for r in ranks) / n:.3f}",
                f"{sum(r is not None and r <= 3 for r in ranks) / n:.3f}",
                f"{sum(1 / r for r in ranks if r) / n:.3f}",
            ]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def fit(asked: Sequence[Asked]) -> RankingConfig:
    """The verdict's logistic model and thresholds, fitted on English tune questions."""
    english = [a for a in asked if a.part == "tune" and not a.foreign]
    x = np.asarray([a.evidence.features for a in english])
    y = np.asarray([1.0 if a.question.answerable else 0.0 for a in english])
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    z = (x - means) / scales
    # Answerable questions outnumber the others; weigh both classes equally.
    sample = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    weights, bias = np.zeros(z.shape[1]), 0.0
    for _ in range(20_000):  # plain gradient descent on an L2-regularised log loss
        p = 1 / (1 + np.exp(-(z @ weights + bias)))
        gradient = sample * (p - y)
        weights -= 0.1 * (z.T @ gradient / len(y) + 0.01 * weights)
        bias -= 0.1 * gradient.mean()
    chances = 1 / (1 + np.exp(-(z @ weights + bias)))
    answerable = np.sort(chances[y == 1])
    closest = float(answerable[int(np.floor(MAX_REFUSED * len(answerable)))])
    answer = float(answerable[int(np.floor(MAX_CAVEATED * len(answerable)))])
    return replace(
        RankingConfig(),
        verdict_weights=_rounded(weights),
        verdict_bias=round(float(bias), 3),
        verdict_means=_rounded(means),
        verdict_scales=_rounded(scales),
        answer_threshold=round(answer - 1e-3, 3),
        closest_threshold=round(min(closest, answer) - 1e-3, 3),
    )


def _rounded(values: np.ndarray) -> tuple[float, float, float, float]:
    a, b, c, d = (round(float(v), 4) for v in values)
    return (a, b, c, d)


def verdict_table(asked: Sequence[Asked], config: RankingConfig) -> str:
    from retrieval.verdict import decide

    rows = [
        "| part | answerable | refused | caveated | unanswerable | refused | caveated | caught |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for part in ("tune", "heldout"):
        english = [a for a in asked if a.part == part and not a.foreign]
        verdicts = [(a.question.answerable, decide(a.evidence, config)) for a in english]
        yes = [v for answerable, v in verdicts if answerable]
        no = [v for answerable, v in verdicts if not answerable]

        def share(values: list[str], wanted: str) -> str:
            return f"{sum(v == wanted for v in values) / (len(values) or 1):.0%}"

        caught = sum(v != "answered" for v in no) / (len(no) or 1)
        rows.append(
            f"| {part} | {len(yes)} | {share(yes, 'not_covered')} | {share(yes, 'closest')} "
            f"| {len(no)} | {share(no, 'not_covered')} | {share(no, 'closest')} | {caught:.0%} |"
        )
    return "\n".join(rows)


def main(argv: Sequence[str]) -> None:
    manifest = Path(argv[0]) if argv else PROJECT / "eval" / "manifest.json"
    asked = collect(manifest)
    shipped = RankingConfig()
    print("## Ranking (answerable questions; foreign ones by meaning alone)\n")
    print(ranking_table(asked, shipped))
    print("\n## Verdict, shipped constants\n")
    print(verdict_table(asked, shipped))
    fitted = fit(asked)
    print("\n## Verdict, refitted on the tune part\n")
    print(verdict_table(asked, fitted))
    print("\nRankingConfig values of the refit (retrieval/config.py):")
    for name in (
        "verdict_weights",
        "verdict_bias",
        "verdict_means",
        "verdict_scales",
        "answer_threshold",
        "closest_threshold",
    ):
        print(f"    {name} = {getattr(fitted, name)!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
