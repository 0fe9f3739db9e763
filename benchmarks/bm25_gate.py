"""BM25 alone (``RANKER=bm25``): its "not covered" gate at other thresholds, on both parts.

Run: .venv/bin/python -m benchmarks.bm25_gate [eval/manifest.json]

Without the embedding model, a question is refused when the top paragraph matches too
little of its information (``RankingConfig.min_coverage``) and too few rare words
(``min_matched_rare_words``; ``retrieval.confidence``). Each pair of thresholds is asked
of the whole collection as the bot asks it; a row counts answerable questions refused and
unanswerable ones refused, easy and hard apart, per part. Gist and follow-up questions are
left out, as in the overall figures. Prints Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from retrieval import Index, Report
from retrieval.config import RankingConfig
from retrieval.evaluation import Scores, collection_scores, evaluate_collection, load_manifest

PROJECT = Path(__file__).resolve().parents[1]
COVERAGE = (0.2, 0.3, 0.4, 0.5)
RARE_WORDS = (1.0, 1.4, 2.0, 3.0)
PARTS = ("tune", "heldout")


def row(rows: dict[str, Scores], part: str) -> list[str]:
    overall = rows[part]
    easy, hard = rows.get(f"{part}:unanswerable:easy"), rows.get(f"{part}:unanswerable:hard")
    return [
        f"{overall.answerable_without_hits} of {overall.answerable}",
        f"{overall.hit_at_1:.3f}",
        _refused(easy),
        _refused(hard),
    ]


def _refused(scores: Scores | None) -> str:
    return "-" if scores is None else f"{scores.unanswerable_rejected} of {scores.unanswerable}"


def main(argv: Sequence[str]) -> None:
    manifest = Path(argv[0]) if argv else PROJECT / "eval" / "manifest.json"
    entries = load_manifest(manifest)
    shipped = RankingConfig()
    print(
        "| min coverage | min rare words | tune answerable refused | Hit@1 | easy refused "
        "| hard refused | held-out answerable refused | Hit@1 | easy refused | hard refused |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for coverage in COVERAGE:
        for rare in RARE_WORDS:
            config = replace(shipped, min_coverage=coverage, min_matched_rare_words=rare)

            def ranker_for(report: Report, config: RankingConfig = config) -> Index:
                return Index.build(report, config)

            results = evaluate_collection(entries, ranker_for)
            rows = {s.kind: s for s in collection_scores(results)}
            mark = " (shipped)" if config == shipped else ""
            cells = [f"{coverage}{mark}", f"{rare}"]
            cells += [cell for part in PARTS for cell in row(rows, part)]
            print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
