"""The bot answers with BM25 while the embedding stage is built, then switches."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from bot.serving.upgrading import UpgradingRanker, serve
from retrieval import Index, parse
from retrieval.hybrid import HybridIndex, plan_ranker
from retrieval.semantic import Model
from tests.retrieval.test_semantic import BUDGET, FakeE5, fake_model


def test_bot_answers_with_bm25_while_embedding_then_switches_to_hybrid(tmp_path: Path) -> None:
    budget = parse(BUDGET)
    release = threading.Event()

    class SlowE5(FakeE5):
        def passage(self, texts: list[str]) -> np.ndarray:
            assert release.wait(timeout=10), "the test never released the embedding"
            return super().passage(texts)

    def slow() -> tuple[Model | None, str]:
        return fake_model(SlowE5()), "fake-e5 1"

    ranker, description = serve(plan_ranker(budget, "auto", tmp_path, load=slow))
    assert isinstance(ranker, UpgradingRanker)
    assert description.startswith("bm25 until the paragraphs are embedded")
    assert isinstance(ranker.current, Index)
    assert ranker.search("electric buses").hits  # answered while embedding
    release.set()
    assert ranker.upgraded.wait(timeout=10)
    assert isinstance(ranker.current, HybridIndex)
    again, description = serve(plan_ranker(budget, "auto", tmp_path, load=slow))
    assert isinstance(again, HybridIndex)  # cached now: no background work
    assert description == "hybrid (BM25 + fake-e5 1)"


def test_a_failed_build_leaves_bm25_serving(tmp_path: Path) -> None:
    class BrokenE5(FakeE5):
        def passage(self, texts: list[str]) -> np.ndarray:
            raise RuntimeError("engine crashed")

    def broken() -> tuple[Model | None, str]:
        return fake_model(BrokenE5()), "fake-e5 1"

    ranker, _ = serve(plan_ranker(parse(BUDGET), "auto", tmp_path, load=broken))
    assert isinstance(ranker, UpgradingRanker)
    for thread in threading.enumerate():
        if thread.name == "embed-paragraphs":
            thread.join(timeout=10)
    assert not ranker.upgraded.is_set()
    assert isinstance(ranker.current, Index)
    assert ranker.search("electric buses").hits
