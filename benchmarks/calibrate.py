"""The verdict's evidence and thresholds on the evaluation collection (run by benchmarks.tune).

Each candidate signal is measured as the area under the ROC curve of answerable against
unanswerable English questions, easy and hard negatives apart (0.5: no signal). The
thresholds are then chosen on the tune part's answerable questions alone (answerable
refused <= 2 %, refused or caveated <= 10 %), for English questions and for questions in
other languages, and the verdicts counted on both parts. A verdict reads two signals
(``Rule``): one for "not covered", one for a direct answer. ``tradeoff_table`` shows what
other shares would have cost and caught, on both parts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from benchmarks.collection import Asked, Collection
from retrieval import answer_type
from retrieval.config import RankingConfig, Verdict
from retrieval.verdict import decide, penalty_for_unknown_words

MAX_REFUSED = 0.02
MAX_CAVEATED = 0.10
PARTS = ("tune", "heldout")

Signal = Callable[[Collection, Asked, int], float]
"""A verdict's evidence for one question, given its first passage."""

SIGNALS: dict[str, Signal] = {
    "best passage's cosine less its hubness (main 4c14359)": lambda c, a, first: float(
        a.meaning.max()
    ),
    "best passage's plain cosine (before)": lambda c, a, first: float(a.cosines.max()),
    "best sentence's cosine, every sentence of the report": lambda c, a, first: float(
        a.sentences.max()
    ),
    "best sentence's cosine, first passage's sentences (shipped)": lambda c, a, first: (
        c.best_sentence(a, first)[0]
    ),
    "the same less the unknown-words penalty (shipped, what the answer threshold reads)": (
        lambda c, a, first: c.best_sentence(a, first)[0] - _penalty(a, RankingConfig())
    ),
}
SENTENCE = SIGNALS["best sentence's cosine, first passage's sentences (shipped)"]
PASSAGE = SIGNALS["best passage's plain cosine (before)"]


@dataclass(frozen=True)
class Rule:
    """What a verdict reads: ``floor`` under the lower threshold is "not covered",
    ``answer`` over the upper one (and agreeing in answer type) is answered."""

    floor: Signal
    answer: Signal


SHIPPED = Rule(floor=PASSAGE, answer=SENTENCE)
BEFORE = Rule(floor=PASSAGE, answer=PASSAGE)


def auc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """How often an answerable question scores above an unanswerable one (ties half)."""
    if not positive or not negative:
        return float("nan")
    pos, neg = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    return float((pos > neg).mean() + 0.5 * (pos == neg).mean())


def evidence_table(collection: Collection, config: RankingConfig) -> str:
    firsts = collection.firsts(config)
    rows = [
        "| evidence (English questions) | tune easy AUC | tune hard AUC "
        "| held-out easy AUC | held-out hard AUC |",
        "|---|---|---|---|---|",
    ]
    for name, signal in SIGNALS.items():
        cells = []
        for part in PARTS:
            group = [
                (a, signal(collection, a, first))
                for a, first in zip(collection.asked, firsts, strict=True)
                if a.part == part and not a.foreign
            ]
            yes = [value for a, value in group if a.question.answerable]
            for easy in (True, False):
                no = [value for a, value in group if _negative(a) and _easy(a) == easy]
                cells.append(f"{auc(yes, no):.2f}")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def fit(
    collection: Collection,
    base: RankingConfig,
    rule: Rule = SHIPPED,
    refused: float = MAX_REFUSED,
    caveated: float = MAX_CAVEATED,
) -> RankingConfig:
    """The verdict's thresholds, from the tune part's answerable questions: ``refused`` of
    them below the lower (on ``rule.floor``), ``caveated`` below the upper (``rule.answer``)."""
    firsts = collection.firsts(base)

    def quantile(signal: Signal, share: float, foreign: bool, penalised: bool = False) -> float:
        values = np.sort(
            [
                signal(collection, a, first) - (_penalty(a, base) if penalised else 0.0)
                for a, first in zip(collection.asked, firsts, strict=True)
                if a.part == "tune" and a.question.answerable and a.foreign == foreign
            ]
        )
        return round(float(values[int(np.floor(share * len(values)))]) - 5e-4, 3)

    def thresholds(foreign: bool) -> tuple[float, float]:
        answer = quantile(rule.answer, caveated, foreign, penalised=True)
        return answer, quantile(rule.floor, refused, foreign)

    answer, closest = thresholds(foreign=False)
    foreign_answer, foreign_closest = thresholds(foreign=True)
    return replace(
        base,
        answer_meaning=answer,
        closest_meaning=closest,
        foreign_answer_meaning=foreign_answer,
        foreign_closest_meaning=foreign_closest,
    )


MAIN_4C14359 = replace(
    RankingConfig(),
    answer_meaning=0.024,
    closest_meaning=-0.002,
    foreign_answer_meaning=-0.005,
    foreign_closest_meaning=-0.022,
)
"""The verdict of main at 4c14359: thresholds on the hub-corrected meaning, no answer type."""

PLAIN_COSINE = replace(
    RankingConfig(),
    answer_meaning=0.813,
    closest_meaning=0.795,
    foreign_answer_meaning=0.795,
    foreign_closest_meaning=0.777,
)
"""The verdict before issue 19's deliverable 3: thresholds on the best passage's cosine."""


def verdicts(
    collection: Collection,
    config: RankingConfig,
    *,
    types: Literal["sentence", "passage", "none"] = "sentence",
    rule: Rule = SHIPPED,
) -> list[Verdict]:
    """Each question's verdict. ``types``: the answer-type agreement read in the first
    passage's closest sentence (shipped), in the whole first passage (before), or not."""
    verdicts: list[Verdict] = []
    for a, first in zip(collection.asked, collection.firsts(config), strict=True):
        if types == "sentence":
            text = collection.best_sentence(a, first)[1]
        else:
            text = collection.reports[a.report].paragraphs[first].text
        agrees = a.foreign or types == "none" or answer_type.agrees(a.question.question, text)
        floor, answer = rule.floor(collection, a, first), rule.answer(collection, a, first)
        unknown = a.unknown
        verdicts.append(
            decide(floor, answer, config, foreign=a.foreign, agrees=agrees, unknown_share=unknown)
        )
    return verdicts


def verdict_table(
    collection: Collection,
    config: RankingConfig,
    *,
    types: Literal["sentence", "passage", "none"] = "sentence",
    rule: Rule = SHIPPED,
) -> str:
    """Verdicts per part and language."""
    found = verdicts(collection, config, types=types, rule=rule)
    rows = [
        "| part | questions | answerable | refused | caveated | easy negatives | caught "
        "| hard negatives | caught |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for part in PARTS:
        for foreign in (False, True):
            yes, easy, hard = _groups(collection.asked, found, part, foreign)
            rows.append(
                f"| {part} | {'other languages' if foreign else 'English'} | {len(yes)} "
                f"| {_count(yes, 'not_covered')} | {_count(yes, 'closest')} "
                f"| {len(easy)} | {_caught(easy)} | {len(hard)} | {_caught(hard)} |"
            )
    return "\n".join(rows)


TRADEOFF = tuple((r, c) for r in (0.01, 0.02, 0.03) for c in (0.05, 0.10, 0.15, 0.20))
"""Shares of the tune part's answerable questions left below the two thresholds."""


def tradeoff_table(collection: Collection, base: RankingConfig, rule: Rule = SHIPPED) -> str:
    """English questions' verdicts for thresholds fitted at other shares: what each costs
    in answerable questions and catches of easy and hard negatives, on both parts."""
    rows = [
        "| tune shares (refused, caveated) | thresholds | tune refused | caveated | easy "
        "| hard | held-out refused | caveated | easy | hard |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for refused, caveated in TRADEOFF:
        config = fit(collection, base, rule, refused, caveated)
        found = verdicts(collection, config, rule=rule)
        cells = [f"{refused:.0%}, {caveated:.0%}"]
        cells.append(f"{config.answer_meaning:.3f} / {config.closest_meaning:.3f}")
        for part in PARTS:
            yes, easy, hard = _groups(collection.asked, found, part, foreign=False)
            cells += [_count(yes, "not_covered"), _count(yes, "closest")]
            cells += [_caught(easy), _caught(hard)]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


PENALTIES = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1)
"""``unknown_words_penalty`` values tried; the shipped one is the smallest that reaches the
tune part's best count of negatives caught less answerable questions not answered."""


def penalty_table(collection: Collection, base: RankingConfig) -> str:
    """English questions' verdicts for each ``unknown_words_penalty``, the answer threshold
    refitted on the tune part at each, and the value the tune part alone chooses."""
    rows = [
        "| penalty | answer threshold | tune not answered | easy | hard "
        "| held-out not answered | easy | hard |",
        "|---|---|---|---|---|---|---|---|",
    ]
    best: tuple[int, float] | None = None
    for penalty in PENALTIES:
        config = fit(collection, replace(base, unknown_words_penalty=penalty))
        found = verdicts(collection, config)
        cells = [f"{penalty:.2f}", f"{config.answer_meaning:.3f}"]
        for part in PARTS:
            yes, easy, hard = _groups(collection.asked, found, part, foreign=False)
            missed = sum(v != "answered" for v in yes)
            caught = sum(v != "answered" for v in easy + hard)
            cells += [str(missed), _caught(easy), _caught(hard)]
            if part == "tune" and (best is None or caught - missed > best[0]):
                best = (caught - missed, penalty)
        rows.append("| " + " | ".join(cells) + " |")
    chosen = best[1] if best else 0.0
    return "\n".join(rows) + f"\n\nThe tune part chooses {chosen:.2f}."


def _penalty(asked: Asked, config: RankingConfig) -> float:
    return penalty_for_unknown_words(asked.unknown, config, foreign=asked.foreign)


def _groups(
    asked: Sequence[Asked], found: Sequence[Verdict], part: str, foreign: bool
) -> tuple[list[Verdict], list[Verdict], list[Verdict]]:
    """The verdicts of one part and language: answerable, easy and hard negatives."""
    group = [(a, v) for a, v in zip(asked, found, strict=True) if a.part == part]
    group = [(a, v) for a, v in group if a.foreign == foreign]
    return (
        [v for a, v in group if a.question.answerable],
        [v for a, v in group if _negative(a) and _easy(a)],
        [v for a, v in group if _negative(a) and not _easy(a)],
    )


def _negative(asked: Asked) -> bool:
    return not asked.question.answerable


def _easy(asked: Asked) -> bool:
    return asked.question.negative == "easy"


def _count(verdicts: Sequence[str], wanted: str) -> str:
    found = sum(v == wanted for v in verdicts)
    return f"{found} ({found / (len(verdicts) or 1):.0%})"


def _caught(verdicts: Sequence[str]) -> str:
    return _count([v if v == "answered" else "caught" for v in verdicts], "caught")
