"""Choose the ranking's constants on the tune part; measure them on the held-out part.

Run: .venv/bin/python -m benchmarks.tune [eval/manifest.json]

Every question is embedded once and its cosines kept; BM25 scores are computed once per BM25
configuration. Then, without asking again:

1. ranking variants, one knob changed at a time around the shipped configuration: Hit@1 /
   Hit@3 / MRR@10 per part;
2. a coordinate search over the knobs that scores on the tune part only (Hit@1, then MRR),
   with each step's held-out figures beside it;
3. the verdict (benchmarks/calibrate.py): each signal's AUC, easy and hard negatives apart;
   its two thresholds chosen on the tune part's answerable questions (answerable refused
   <= 2 %, refused or caveated <= 10 %), for English questions and for questions in other
   languages; then the verdicts on both parts, with and without the answer-type agreement,
   and the trade-off at other shares.

It prints Markdown for docs/benchmarks.md and the ``RankingConfig`` values to paste into
retrieval/config.py. Vectors are cached in .cache/report-bot/.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import calibrate
from benchmarks.collection import PROJECT, Collection
from retrieval.config import RankingConfig
from retrieval.semantic import prefer_passive_threads

PARTS = ("tune", "heldout")

SEARCH: dict[str, tuple[Any, ...]] = {
    "variant": ("l", "plus", "okapi"),
    "k1": (0.5, 0.7, 0.9, 1.2, 1.5, 2.0),
    "b": (0.3, 0.5, 0.75, 0.9, 1.0),
    "delta": (0.5, 1.0, 1.5, 2.0),
    "heading_boost": (0.0, 1.0, 2.0, 3.0),
    "lead_boost": (0.0, 0.5, 1.0, 2.0),
    "semantic_weight": (0.5, 0.6, 0.7, 0.8, 0.85),
}
"""The knobs the coordinate search tries, and their values."""


Variant = Callable[[Collection], list[np.ndarray]]


def variants(config: RankingConfig) -> dict[str, Variant]:
    """The shipped ranking, each signal alone, and one knob changed at a time."""
    rows: dict[str, Variant] = {
        "BM25 alone": lambda c: c.bm25(config),
        "meaning alone": lambda c: [a.meaning for a in c.asked],
        "plain cosine alone": lambda c: [a.cosines for a in c.asked],
        "shipped": lambda c: c.fused(config),
        "ranked by the plain cosine": lambda c: c.fused(config, "cosines"),
    }
    for knob, values in SEARCH.items():
        for value in values:
            if value != getattr(config, knob):
                rows[f"{knob} {value}"] = _fused(replace(config, **{knob: value}))
    return rows


def _fused(config: RankingConfig) -> Variant:
    return lambda c: c.fused(config)


def row(collection: Collection, name: str, scores: Sequence[np.ndarray]) -> str:
    cells = [f"{v:.3f}" for part in PARTS for v in collection.measure(scores, part)]
    return f"| {name} | " + " | ".join(cells) + " |"


HEADER = (
    "| variant | tune Hit@1 | Hit@3 | MRR | held-out Hit@1 | Hit@3 | MRR |\n"
    "|---|---|---|---|---|---|---|"
)


def ranking_table(collection: Collection, config: RankingConfig) -> str:
    rows = [HEADER]
    rows += [row(collection, name, v(collection)) for name, v in variants(config).items()]
    return "\n".join(rows)


def coordinate_search(collection: Collection, start: RankingConfig) -> RankingConfig:
    """Each knob in turn set to its best value on the tune part (Hit@1, then MRR), twice
    over; prints every step with its held-out figures, which play no part in the choice."""

    def tune_score(config: RankingConfig) -> tuple[float, float]:
        hit1, _, mrr = collection.measure(collection.fused(config), "tune")
        return round(hit1, 6), round(mrr, 6)

    print(HEADER)
    print(row(collection, "start: shipped", collection.fused(start)))
    best, best_score = start, tune_score(start)
    for _ in range(2):
        for knob, values in SEARCH.items():
            for value in values:
                candidate = replace(best, **{knob: value})
                score = tune_score(candidate)
                if score > best_score:
                    best, best_score = candidate, score
                    print(row(collection, f"{knob} {value}", collection.fused(best)))
    return best


def changed_knobs(before: RankingConfig, after: RankingConfig) -> list[str]:
    return [
        f"    {f.name} = {getattr(after, f.name)!r}"
        for f in fields(RankingConfig)
        if getattr(before, f.name) != getattr(after, f.name)
    ]


def main(argv: Sequence[str]) -> None:
    manifest = Path(argv[0]) if argv else PROJECT / "eval" / "manifest.json"
    prefer_passive_threads()
    collection = Collection(manifest)
    shipped = RankingConfig()
    print("## Ranking (answerable questions; foreign ones as the hybrid ranker ranks them)\n")
    print(ranking_table(collection, shipped))
    print("\n## Coordinate search on the tune part\n")
    chosen = coordinate_search(collection, shipped)
    print("\n## Verdict before: hub-corrected meaning, no answer type (main 4c14359)\n")
    hubness = calibrate.SIGNALS["best passage's cosine less its hubness (main 4c14359)"]
    before = calibrate.Rule(floor=hubness, answer=hubness)
    print(calibrate.verdict_table(collection, calibrate.MAIN_4C14359, types="none", rule=before))
    print("\n## Verdict before: the best passage's plain cosine and the answer type\n")
    plain = calibrate.PLAIN_COSINE
    print(calibrate.verdict_table(collection, plain, types="passage", rule=calibrate.BEFORE))
    print("\n## Verdict: evidence\n")
    print(calibrate.evidence_table(collection, shipped))
    print("\n## Verdict, shipped constants\n")
    print(calibrate.verdict_table(collection, shipped))
    print("\n## Verdict, shipped constants, the answer type read in the whole first passage\n")
    print(calibrate.verdict_table(collection, shipped, types="passage"))
    print("\n## Verdict, shipped constants, without the answer-type agreement\n")
    print(calibrate.verdict_table(collection, shipped, types="none"))
    print("\n## Verdict, shipped constants, not covered read in the closest sentence too\n")
    sentence = calibrate.Rule(floor=calibrate.SENTENCE, answer=calibrate.SENTENCE)
    print(
        calibrate.verdict_table(
            collection, calibrate.fit(collection, shipped, sentence), rule=sentence
        )
    )
    print("\n## Verdict: the unknown-words penalty, thresholds refitted at each (English)\n")
    print(calibrate.penalty_table(collection, shipped))
    print("\n## Verdict: thresholds fitted at other shares of the tune part (English)\n")
    print(calibrate.tradeoff_table(collection, shipped))
    fitted = calibrate.fit(collection, shipped)
    print("\n## Verdict, refitted on the tune part\n")
    print(calibrate.verdict_table(collection, fitted))
    print("\nKnobs the coordinate search would change (kept only if held-out gains):")
    print("\n".join(changed_knobs(shipped, chosen)) or "    (none)")
    print("\nVerdict thresholds that differ from the shipped ones (retrieval/config.py):")
    print("\n".join(changed_knobs(shipped, fitted)) or "    (none)")


if __name__ == "__main__":
    main(sys.argv[1:])
