"""Choose the ranking's constants on the tune part; measure them on the held-out part.

Run: .venv/bin/python -m benchmarks.tune [eval/manifest.json]

For every report of the collection it asks each question once of BM25 and of the embedding
stage, keeps both score arrays, and then evaluates, without asking again:

1. ranking variants (one knob changed at a time): Hit@1 / Hit@3 / MRR@10 per part;
2. the verdict: its two meaning thresholds chosen on the tune part's answerable questions
   (answerable refused <= 2 %, refused or caveated <= 10 %), for English questions and for
   questions in other languages, then the verdicts on both parts.

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
from retrieval.semantic import SemanticIndex, fuse, load_model
from retrieval.verdict import decide

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
    meaning: np.ndarray
    plain: np.ndarray
    """Meaning without hub correction."""
    foreign: bool

    @property
    def best_meaning(self) -> float:
        return float(self.meaning.max())


def collect(manifest: Path) -> list[Asked]:
    model, description = load_model()
    if model is None:
        raise SystemExit(f"the embedding model is needed: {description}")
    asked: list[Asked] = []
    for entry in load_manifest(manifest):
        report = load_report(entry.report)
        index = Index.build(report)
        semantic = SemanticIndex.build(report, model, CACHE)
        raw = SemanticIndex.build(report, model, CACHE, hub_correction=False)
        lines = np.asarray([p.line for p in report.paragraphs])
        for path in entry.questions:
            for question in load_questions(path, report):
                if question.conversational:  # answered by other stages, not by the ranking
                    continue
                scoring = index.score(question.question)
                vector = semantic.query_vector(question.question)
                asked.append(
                    Asked(
                        question,
                        entry.part,
                        lines,
                        scoring.scores,
                        semantic.scores_of(vector),
                        raw.scores_of(vector),
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
    """The verdict's thresholds, from the tune part's answerable questions."""

    def thresholds(foreign: bool) -> tuple[float, float]:
        meanings = np.sort(
            [
                a.best_meaning
                for a in asked
                if a.part == "tune" and a.question.answerable and a.foreign == foreign
            ]
        )
        closest = float(meanings[int(np.floor(MAX_REFUSED * len(meanings)))])
        answer = float(meanings[int(np.floor(MAX_CAVEATED * len(meanings)))])
        return round(answer - 5e-4, 3), round(closest - 5e-4, 3)

    answer, closest = thresholds(foreign=False)
    foreign_answer, foreign_closest = thresholds(foreign=True)
    return replace(
        RankingConfig(),
        answer_meaning=answer,
        closest_meaning=closest,
        foreign_answer_meaning=foreign_answer,
        foreign_closest_meaning=foreign_closest,
    )


def verdict_table(asked: Sequence[Asked], config: RankingConfig) -> str:
    rows = [
        "| part | questions | answerable | refused | caveated "
        "| unanswerable | refused | caveated | caught |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for part in ("tune", "heldout"):
        for foreign in (False, True):
            group = [a for a in asked if a.part == part and a.foreign == foreign]
            verdicts = [
                (a.question.answerable, decide(a.best_meaning, config, foreign=foreign))
                for a in group
            ]
            yes = [v for answerable, v in verdicts if answerable]
            no = [v for answerable, v in verdicts if not answerable]

            def share(values: Sequence[str], wanted: str) -> str:
                return f"{sum(v == wanted for v in values) / (len(values) or 1):.0%}"

            caught = sum(v != "answered" for v in no) / (len(no) or 1)
            rows.append(
                f"| {part} | {'other languages' if foreign else 'English'} | {len(yes)} "
                f"| {share(yes, 'not_covered')} | {share(yes, 'closest')} | {len(no)} "
                f"| {share(no, 'not_covered')} | {share(no, 'closest')} | {caught:.0%} |"
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
        "answer_meaning",
        "closest_meaning",
        "foreign_answer_meaning",
        "foreign_closest_meaning",
    ):
        print(f"    {name} = {getattr(fitted, name)!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
