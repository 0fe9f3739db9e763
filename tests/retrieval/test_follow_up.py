"""A follow-up ranked by its context and by the message alone, blended (``search``'s ``alone``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from retrieval import Hit, Index, Ranker, Report, parse
from retrieval.hybrid import HybridIndex
from retrieval.semantic import SemanticIndex
from retrieval.understanding import blended, understand
from tests.retrieval.test_semantic import BUDGET, FAKE_CONFIG, fake_model

PREVIOUS = "What will the council buy?"


@pytest.fixture
def budget() -> Report:
    return parse(BUDGET)


def _ranker(kind: str, budget: Report, tmp_path: Path, weight: float = 0.5) -> Index | HybridIndex:
    config = replace(FAKE_CONFIG, follow_up_weight=weight)
    index = Index.build(budget, config)
    if kind == "bm25":
        return index
    return HybridIndex(index, SemanticIndex.build(budget, fake_model(), tmp_path))


def sections(hits: Sequence[Hit]) -> list[str]:
    return [hit.paragraph.section[-1] for hit in hits]


@pytest.mark.parametrize("kind", ["bm25", "hybrid"])
def test_the_message_alone_lifts_its_passage_above_the_context_s(
    kind: str, budget: Report, tmp_path: Path
) -> None:
    ranker = _ranker(kind, budget, tmp_path)
    query = f"{PREVIOUS} and the flats?"
    assert sections(ranker.search(query).hits)[0] == "Transport"
    assert sections(ranker.search(query, alone="and the flats?").hits)[0] == "Housing"


@pytest.mark.parametrize("kind", ["bm25", "hybrid"])
def test_no_weight_on_the_message_ranks_as_the_context_alone(
    kind: str, budget: Report, tmp_path: Path
) -> None:
    ranker = _ranker(kind, budget, tmp_path, weight=0.0)
    query = f"{PREVIOUS} and the flats?"
    blended = ranker.search(query, alone="and the flats?")
    assert sections(blended.hits) == sections(ranker.search(query).hits)


def test_a_message_with_no_searchable_words_leaves_the_context_s_order(
    budget: Report, tmp_path: Path
) -> None:
    index = _ranker("bm25", budget, tmp_path)
    assert not index.ranking("and?").any()
    question = f"{PREVIOUS} and?"
    assert sections(index.search(question, alone="and?").hits) == sections(
        index.search(question).hits
    )


@pytest.mark.parametrize("kind", ["bm25", "hybrid"])
def test_ranking_scores_every_passage_as_search_ranks_them(
    kind: str, budget: Report, tmp_path: Path
) -> None:
    ranker = _ranker(kind, budget, tmp_path)
    ranking = ranker.ranking("Who will plant trees?")
    assert ranking.shape == (len(budget.paragraphs),)
    best = sections(ranker.search("Who will plant trees?", 1).hits)
    assert best == [budget.paragraphs[int(np.argmax(ranking))].section[-1]]


@pytest.mark.parametrize("kind", ["bm25", "hybrid"])
def test_a_follow_up_read_with_its_context_is_blended_with_the_message(
    kind: str, budget: Report, tmp_path: Path
) -> None:
    ranker: Ranker = _ranker(kind, budget, tmp_path)
    understood = understand(ranker, "and the flats?", PREVIOUS)
    assert understood.reading.kind == "follow_up"
    assert understood.result is not None
    assert sections(understood.result.hits)[0] == "Housing"


@pytest.mark.parametrize("kind", ["bm25", "hybrid"])
def test_more_after_a_follow_up_goes_on_with_its_blended_ranking(
    kind: str, budget: Report, tmp_path: Path
) -> None:
    ranker: Ranker = _ranker(kind, budget, tmp_path)
    first = understand(ranker, "and the flats?", PREVIOUS, k=1)
    assert first.result is not None
    alone = blended(first.reading)
    assert alone == "and the flats?"
    more = understand(ranker, "more", first.reading.query, k=2, shown=1, alone=alone)
    assert more.result is not None
    everything = ranker.search(first.reading.query, 3, alone).hits
    assert sections(first.result.hits + more.result.hits) == sections(everything)
