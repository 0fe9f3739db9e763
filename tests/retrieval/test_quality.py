"""Regression floors: answer quality on the public question set must not get worse.

The floors sit a little below what the shipped ranking measured (docs/benchmarks.md), so a
change that makes answers worse fails here while noise-free improvements pass.
"""

from __future__ import annotations

import pytest

from retrieval import Index
from retrieval.evaluation import Scores, ask_index, load_questions, score
from tests.conftest import DEV_QUESTIONS

FLOORS = {"hit_at_1": 0.82, "hit_at_3": 0.93, "mrr_at_10": 0.87}


@pytest.fixture(scope="module")
def overall(seed_index: Index) -> Scores:
    return score(ask_index(seed_index, load_questions(DEV_QUESTIONS)))[0]


@pytest.mark.parametrize(("metric", "floor"), sorted(FLOORS.items()))
def test_answerable_questions_rank_their_paragraph_high(
    overall: Scores, metric: str, floor: float
) -> None:
    assert getattr(overall, metric) >= floor


def test_unanswerable_questions_are_rejected(overall: Scores) -> None:
    assert overall.unanswerable_rejected >= 3


def test_answerable_questions_are_not_rejected(overall: Scores) -> None:
    assert overall.answerable_without_hits <= 1
