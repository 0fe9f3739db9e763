"""Ablation of the ranking: each technique alone and combined, on a question file.

Run: .venv/bin/python benchmarks/ablation.py [eval/questions/pscrp-besa-140.dev.jsonl]
Prints a Markdown table for docs/benchmarks.md. Every row is one ``RankingConfig``.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from rank_bm25 import BM25Okapi

from bot.settings import bundled_seed
from retrieval import Index, RankingConfig, load_report
from retrieval.evaluation import Outcome, Question, ask_index, load_questions, score

BASE = RankingConfig()
OFF = replace(
    BASE, heading_weight=0, heading_boost=0.0, lead_boost=0.0, bridge_words=False, min_coverage=0
)

VARIANTS: list[tuple[str, RankingConfig]] = [
    ("analyser only: BM25L, stems, no headings, no bridging, no threshold", OFF),
    ("+ heading words in BM25 (x1)", replace(OFF, heading_weight=1)),
    ("+ heading boost 2.0", replace(OFF, heading_weight=1, heading_boost=2.0)),
    ("+ bridging (derivations, spelling)", replace(OFF, bridge_words=True)),
    ("+ coverage threshold", replace(OFF, min_coverage=BASE.min_coverage)),
    ("shipped configuration", BASE),
    ("shipped, BM25Okapi", replace(BASE, variant="okapi")),
    ("shipped, BM25+", replace(BASE, variant="plus")),
    ("shipped, k1 0.5", replace(BASE, k1=0.5)),
    ("shipped, k1 1.2", replace(BASE, k1=1.2)),
    ("shipped, delta 0.5 (rank-bm25's BM25L default)", replace(BASE, delta=0.5)),
    ("shipped, delta 1.0", replace(BASE, delta=1.0)),
    ("shipped, b 0.5", replace(BASE, b=0.5)),
    ("shipped, b 0.9", replace(BASE, b=0.9)),
    ("shipped, heading x2 in BM25", replace(BASE, heading_weight=2)),
    ("shipped, heading boost 1.0", replace(BASE, heading_boost=1.0)),
    ("shipped, heading boost 3.0", replace(BASE, heading_boost=3.0)),
    ("shipped, lead boost 0", replace(BASE, lead_boost=0.0)),
    ("shipped, lead boost 1.0", replace(BASE, lead_boost=1.0)),
    ("shipped, lead boost 2.0", replace(BASE, lead_boost=2.0)),
    ("shipped, spelling weight 0.7", replace(BASE, spelling_weight=0.7)),
    ("shipped, variant weight 1.0", replace(BASE, variant_weight=1.0)),
    ("shipped, no bridging", replace(BASE, bridge_words=False)),
    ("shipped, no name-variant expansion", replace(BASE, name_variant_weight=0.0)),
    ("shipped, coverage 0.2", replace(BASE, min_coverage=0.2)),
    ("shipped, coverage 0.4", replace(BASE, min_coverage=0.4)),
]


def tutorial_baseline(questions: list[Question], report_path: Path) -> list[Outcome]:
    """BM25 as tutorials show it: rank-bm25's BM25Okapi over lower-cased, space-split text."""
    report = load_report(report_path)
    bm25 = BM25Okapi([p.text.lower().split() for p in report.paragraphs])

    def lines(question: str) -> list[int]:
        scores = bm25.get_scores(question.lower().split())
        best = sorted(range(len(scores)), key=lambda i: -scores[i])[:10]
        return [report.paragraphs[i].line for i in best]

    return [Outcome(q, tuple(lines(q.question))) for q in questions]


def row(name: str, outcomes: list[Outcome]) -> str:
    s = score(outcomes)[0]
    return (
        f"| {name} | {s.hit_at_1:.3f} | {s.hit_at_3:.3f} | {s.mrr_at_10:.3f} | "
        f"{s.unanswerable_rejected}/{s.unanswerable} | {s.answerable_without_hits} |"
    )


def main() -> None:
    questions_path = Path(
        sys.argv[1] if len(sys.argv) > 1 else "eval/questions/pscrp-besa-140.dev.jsonl"
    )
    questions = load_questions(questions_path)
    report = load_report(bundled_seed())
    print("| variant | Hit@1 | Hit@3 | MRR@10 | unanswerable rejected | answerable with no hits |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        row(
            "tutorial BM25Okapi, lower-case + split",
            tutorial_baseline(questions, bundled_seed()),
        )
    )
    for name, config in VARIANTS:
        print(row(name, ask_index(Index.build(report, config), questions)))


if __name__ == "__main__":
    main()
