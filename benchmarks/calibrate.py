"""The verdict's evidence and thresholds on the evaluation collection (run by benchmarks.tune).

Each candidate signal is measured as the area under the ROC curve of answerable against
unanswerable English questions, easy and hard negatives apart (0.5: no signal). The
thresholds are then chosen on the tune part's answerable questions alone (answerable
refused <= 2 %, refused or caveated <= 10 %), for English questions and for questions in
other languages, and the verdicts counted on both parts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from benchmarks.collection import Asked, Collection
from retrieval import answer_type
from retrieval.config import RankingConfig
from retrieval.verdict import decide

MAX_REFUSED = 0.02
MAX_CAVEATED = 0.10
PARTS = ("tune", "heldout")

SIGNALS: dict[str, Callable[[Asked], float]] = {
    "best passage's cosine less its hubness (before)": lambda a: float(a.meaning.max()),
    "best passage's plain cosine (shipped)": lambda a: float(a.cosines.max()),
}


def auc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """How often an answerable question scores above an unanswerable one (ties half)."""
    if not positive or not negative:
        return float("nan")
    pos, neg = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    return float((pos > neg).mean() + 0.5 * (pos == neg).mean())


def evidence_table(asked: Sequence[Asked]) -> str:
    rows = [
        "| evidence (English questions) | tune easy AUC | tune hard AUC "
        "| held-out easy AUC | held-out hard AUC |",
        "|---|---|---|---|---|",
    ]
    for name, signal in SIGNALS.items():
        cells = []
        for part in PARTS:
            group = [a for a in asked if a.part == part and not a.foreign]
            yes = [signal(a) for a in group if a.question.answerable]
            for easy in (True, False):
                no = [signal(a) for a in group if _negative(a) and _easy(a) == easy]
                cells.append(f"{auc(yes, no):.2f}")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def fit(asked: Sequence[Asked], base: RankingConfig) -> RankingConfig:
    """The verdict's thresholds, from the tune part's answerable questions."""

    def thresholds(foreign: bool) -> tuple[float, float]:
        best = np.sort(
            [
                float(a.cosines.max())
                for a in asked
                if a.part == "tune" and a.question.answerable and a.foreign == foreign
            ]
        )
        closest = float(best[int(np.floor(MAX_REFUSED * len(best)))])
        answer = float(best[int(np.floor(MAX_CAVEATED * len(best)))])
        return round(answer - 5e-4, 3), round(closest - 5e-4, 3)

    answer, closest = thresholds(foreign=False)
    foreign_answer, foreign_closest = thresholds(foreign=True)
    return replace(
        base,
        answer_meaning=answer,
        closest_meaning=closest,
        foreign_answer_meaning=foreign_answer,
        foreign_closest_meaning=foreign_closest,
    )


BEFORE = replace(
    RankingConfig(),
    answer_meaning=0.024,
    closest_meaning=-0.002,
    foreign_answer_meaning=-0.005,
    foreign_closest_meaning=-0.022,
)
"""The verdict of main at 4c14359: thresholds on the hub-corrected meaning, no answer type."""


def verdict_table(
    collection: Collection,
    config: RankingConfig,
    *,
    types: bool = True,
    signal: Callable[[Asked], float] = SIGNALS["best passage's plain cosine (shipped)"],
) -> str:
    """Verdicts per part and language; ``types``: with the answer-type agreement."""
    firsts = [int(np.argmax(scores)) for scores in collection.fused(config)]
    verdicts = []
    for a, first in zip(collection.asked, firsts, strict=True):
        text = collection.reports[a.report].paragraphs[first].text
        agrees = a.foreign or not types or answer_type.agrees(a.question.question, text)
        verdicts.append(decide(signal(a), config, foreign=a.foreign, agrees=agrees))
    rows = [
        "| part | questions | answerable | refused | caveated | easy negatives | caught "
        "| hard negatives | caught |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for part in PARTS:
        for foreign in (False, True):
            group = [
                (a, v)
                for a, v in zip(collection.asked, verdicts, strict=True)
                if a.part == part and a.foreign == foreign
            ]
            yes = [v for a, v in group if a.question.answerable]
            easy = [v for a, v in group if _negative(a) and _easy(a)]
            hard = [v for a, v in group if _negative(a) and not _easy(a)]
            rows.append(
                f"| {part} | {'other languages' if foreign else 'English'} | {len(yes)} "
                f"| {_count(yes, 'not_covered')} | {_count(yes, 'closest')} "
                f"| {len(easy)} | {_caught(easy)} | {len(hard)} | {_caught(hard)} |"
            )
    return "\n".join(rows)


def _negative(asked: Asked) -> bool:
    return not asked.question.answerable


def _easy(asked: Asked) -> bool:
    return asked.question.negative == "easy"


def _count(verdicts: Sequence[str], wanted: str) -> str:
    found = sum(v == wanted for v in verdicts)
    return f"{found} ({found / (len(verdicts) or 1):.0%})"


def _caught(verdicts: Sequence[str]) -> str:
    return _count([v if v == "answered" else "caught" for v in verdicts], "caught")
