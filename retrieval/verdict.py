"""Whether the report answers a question: answered, only the closest passages, or not covered.

Neither BM25's word overlap nor a cosine alone separates a question the report answers from
one that reuses its names but asks for something it never says ("How many subscribers does
the channel have?"). Together they do better, so the verdict is a small logistic model over
four pieces of evidence, fitted on the tune part of the evaluation collection
(``benchmarks/calibrate.py``). Its probability is cut at two thresholds: a direct answer
above the first, the closest passages under a caveat between them, "not covered" below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from retrieval.config import RankingConfig, Verdict


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the words and the meaning of a question say about the report's best passage."""

    share: float
    """Share of the question's information (IDF) the best BM25 paragraph matches, 0..1."""
    rare_words: float
    """Information matched, in units of the report's rarest word, capped at 3 and over 3."""
    meaning: float
    """The best paragraph's meaning score (``SemanticIndex.scores``)."""
    unknown_subject: float
    """How much the heaviest question word the report never uses says about a subject, 0..1
    ("population" 1, "say" 0): a question about something the report never names."""

    @property
    def features(self) -> tuple[float, float, float, float]:
        return (self.share, self.rare_words, self.meaning, self.unknown_subject)


def probability(evidence: Evidence, config: RankingConfig) -> float:
    """The calibrated probability that the report answers the question."""
    total = config.verdict_bias
    for value, weight, mean, scale in zip(
        evidence.features,
        config.verdict_weights,
        config.verdict_means,
        config.verdict_scales,
        strict=True,
    ):
        total += weight * (value - mean) / scale
    return 1.0 / (1.0 + math.exp(-total))


def decide(evidence: Evidence, config: RankingConfig) -> Verdict:
    """The verdict for a question in the report's language."""
    chance = probability(evidence, config)
    if chance >= config.answer_threshold:
        return "answered"
    if chance >= config.closest_threshold:
        return "closest"
    return "not_covered"
