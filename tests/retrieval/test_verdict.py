"""The verdict: a calibrated probability cut into answered, closest and not covered."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval import RankingConfig
from retrieval.verdict import Evidence, decide, probability

CONFIG = RankingConfig()
TYPICAL = Evidence(*CONFIG.verdict_means)
"""Evidence at the tune part's mean on every feature."""


def test_probability_is_the_logistic_of_the_bias_at_the_mean() -> None:
    expected = 1 / (1 + pow(2.718281828459045, -CONFIG.verdict_bias))
    assert probability(TYPICAL, CONFIG) == pytest.approx(expected)


def test_closer_meaning_makes_an_answer_more_likely() -> None:
    closer = replace(TYPICAL, meaning=TYPICAL.meaning + 0.05)
    assert probability(closer, CONFIG) > probability(TYPICAL, CONFIG)


def test_a_subject_the_report_never_names_makes_an_answer_less_likely() -> None:
    unknown = replace(TYPICAL, unknown_subject=1.0)
    known = replace(TYPICAL, unknown_subject=0.0)
    assert probability(unknown, CONFIG) < probability(known, CONFIG)


@pytest.mark.parametrize(
    ("meaning", "verdict"),
    [(0.4, "answered"), (-0.3, "not_covered")],
    ids=["close in meaning", "far in meaning"],
)
def test_meaning_decides_at_the_extremes(meaning: float, verdict: str) -> None:
    assert decide(replace(TYPICAL, meaning=meaning), CONFIG) == verdict


def test_between_the_thresholds_the_passages_are_only_the_closest() -> None:
    config = replace(CONFIG, answer_threshold=0.99, closest_threshold=0.01)
    assert decide(TYPICAL, config) == "closest"
