"""The verdict: the best passage and the first passage's closest sentence, cut into
answered, closest and not covered."""

from __future__ import annotations

import pytest

from retrieval import RankingConfig
from retrieval.verdict import decide

CONFIG = RankingConfig(
    answer_meaning=0.1,
    closest_meaning=0.0,
    foreign_answer_meaning=0.05,
    foreign_closest_meaning=-0.05,
)


@pytest.mark.parametrize(
    ("meaning", "verdict"),
    [
        (0.2, "answered"),
        (0.1, "answered"),
        (0.05, "closest"),
        (0.0, "closest"),
        (-0.1, "not_covered"),
    ],
)
def test_meaning_is_cut_at_two_thresholds(meaning: float, verdict: str) -> None:
    assert decide(meaning, meaning, CONFIG) == verdict


def test_a_close_passage_with_no_close_sentence_is_only_the_closest() -> None:
    assert decide(0.2, 0.05, CONFIG) == "closest"


def test_no_close_passage_is_not_covered_whatever_its_sentences() -> None:
    assert decide(-0.1, 0.2, CONFIG) == "not_covered"


def test_another_language_is_measured_against_its_own_lower_thresholds() -> None:
    assert decide(0.07, 0.07, CONFIG) == "closest"
    assert decide(0.07, 0.07, CONFIG, foreign=True) == "answered"
    assert decide(-0.03, -0.03, CONFIG, foreign=True) == "closest"


def test_no_passage_at_all_is_not_covered() -> None:
    assert decide(float("-inf"), float("-inf"), CONFIG) == "not_covered"


def test_shipped_thresholds_are_ordered() -> None:
    shipped = RankingConfig()
    assert shipped.closest_meaning <= shipped.answer_meaning
    assert shipped.foreign_closest_meaning <= shipped.foreign_answer_meaning


def test_a_sentence_without_the_fact_asked_for_is_only_the_closest() -> None:
    assert decide(0.2, 0.2, CONFIG, agrees=False) == "closest"
    assert decide(-0.1, 0.2, CONFIG, agrees=False) == "not_covered"


def test_words_the_report_never_uses_ask_for_a_closer_sentence() -> None:
    config = RankingConfig(
        answer_meaning=0.1,
        closest_meaning=0.0,
        unknown_words_penalty=0.04,
        foreign_answer_meaning=0.05,
        foreign_closest_meaning=-0.05,
    )
    assert decide(0.2, 0.12, config, unknown_share=0.0) == "answered"
    assert decide(0.2, 0.12, config, unknown_share=0.25) == "answered"  # 0.12 - 0.01
    assert decide(0.2, 0.12, config, unknown_share=1.0) == "closest"  # 0.12 - 0.04
    assert decide(-0.1, 0.12, config, unknown_share=1.0) == "not_covered"


def test_a_foreign_question_is_not_held_to_its_words() -> None:
    """Every word of a question in another language is unknown to an English report."""
    assert decide(0.07, 0.07, CONFIG, foreign=True, unknown_share=1.0) == "answered"
