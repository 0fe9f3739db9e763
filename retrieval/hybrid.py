"""BM25 and the embedding stage together, behind the same ``search`` as ``Index``.

Every question is ranked by words and by meaning at once (``retrieval.semantic.fuse``), so
a passage that shares no word with the question (Ankara for Turkey, a paraphrase) can still
come first, and a question is never refused only because its words are missing: the verdict
(``retrieval.verdict``) weighs words and meaning together.

A question that does not look English (``Index.is_foreign``) is ranked by meaning alone and
answered with the English passages, marked cross-lingual.

``build_ranker`` picks the ranker for a mode and says which one it picked and why; it takes
one report or a library (then BM25 and the embeddings each rank every paragraph of every
report together).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Literal

import numpy as np

from retrieval import analyze
from retrieval.config import RankingConfig
from retrieval.index import Hit, Index, Scoring, SearchResult, top
from retrieval.language import NOT_IN_ENGLISH
from retrieval.library import Library
from retrieval.report import Report, ReportError
from retrieval.semantic import Model, SemanticIndex, fuse, load_model
from retrieval.verdict import decide

log = logging.getLogger(__name__)

Mode = Literal["bm25", "hybrid", "auto"]

CROSS_LINGUAL = "The question is not in English: these English passages match its meaning."


class SemanticUnavailableError(ReportError):
    """The hybrid ranker was asked for, but the embedding model cannot be used."""


class HybridIndex:
    """BM25 over words fused with the embedding stage's meaning scores."""

    def __init__(self, index: Index, semantic: SemanticIndex) -> None:
        if index.reports != semantic.reports:
            raise ValueError("the BM25 and the semantic index must hold the same reports")
        self.index = index
        self.semantic = semantic
        self.config = index.config
        self._vocabulary = index.vocabulary

    @property
    def reports(self) -> tuple[Report, ...]:
        return self.index.reports

    def search(self, question: str, k: int = 3) -> SearchResult:
        """The ``k`` best paragraphs for ``question`` and the verdict on them.

        Raises ``QuestionError`` when the question has no searchable words at all.
        """
        scoring = self.index.score(question)
        meaning = self.semantic.scores(question)
        if self.index.is_foreign(scoring):
            return self._search_across_languages(scoring, meaning, k)
        verdict = decide(_best_meaning(meaning), self.config)
        if verdict == "not_covered":
            return SearchResult(question, (), scoring.corrections, verdict=verdict)
        fused = fuse(scoring.scores, meaning, self.config.semantic_weight)
        hits = self._hits(scoring, fused, meaning, k)
        return SearchResult(question, hits, scoring.corrections, verdict=verdict)

    def _search_across_languages(
        self, scoring: Scoring, meaning: np.ndarray, k: int
    ) -> SearchResult:
        """Rank by meaning alone: the English passages, answered when close enough."""
        # Spelling corrections of foreign words into English ones would be noise; names the
        # question shares with the report ("Putin", "Azertag") still mark matched words.
        exact = {
            t.term: 1.0 for t in analyze.tokens(scoring.question) if t.term in self._vocabulary
        }
        words_only = replace(scoring, weights=exact, corrections=())
        verdict = decide(_best_meaning(meaning), self.config, foreign=True)
        if verdict == "not_covered":
            return SearchResult(scoring.question, (), (), NOT_IN_ENGLISH, verdict)
        hits = self._hits(words_only, meaning, meaning, k)
        return SearchResult(scoring.question, hits, (), CROSS_LINGUAL, verdict)

    def _hits(
        self, scoring: Scoring, fused: np.ndarray, meaning: np.ndarray, k: int
    ) -> tuple[Hit, ...]:
        ranked = _best(fused, k)
        return tuple(
            replace(
                hit,
                components=(("bm25", float(scoring.scores[i])), ("semantic", float(meaning[i]))),
            )
            for hit, (i, _) in zip(self.index.hits(scoring, ranked), ranked, strict=True)
        )


def _best_meaning(meaning: np.ndarray) -> float:
    return float(meaning.max()) if meaning.size else float("-inf")


def _best(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (index, score) pairs, whatever the sign of the scores."""
    if not scores.size:
        return []
    shifted = scores - float(scores.min()) + 1.0
    return [(i, float(scores[i])) for i, _ in top(shifted, k)]


class UpgradingRanker:
    """BM25 now, the hybrid ranker once its paragraph vectors are embedded in the background.

    Embedding a large library takes long (about 45 minutes for 30,000 paragraphs on two
    cores); readers are answered with BM25 meanwhile instead of not at all. The switch is
    one attribute assignment, atomic under the GIL.
    """

    def __init__(self, index: Index) -> None:
        self._current: Index | HybridIndex = index
        self.upgraded = threading.Event()

    @property
    def current(self) -> Index | HybridIndex:
        return self._current

    @property
    def reports(self) -> tuple[Report, ...]:
        return self._current.reports

    def search(self, question: str, k: int = 3) -> SearchResult:
        return self._current.search(question, k)

    def upgrade_in_background(self, build: Callable[[], HybridIndex]) -> threading.Thread:
        """Run ``build`` in a daemon thread and switch to its ranker when it is done."""

        def run() -> None:
            try:
                self._current = build()
            except Exception:  # the bot keeps answering with BM25; say why, once
                log.exception("Building the embedding index failed; staying with BM25")
                return
            log.info("Embedding index ready: ranking with the hybrid ranker")
            self.upgraded.set()

        thread = threading.Thread(target=run, name="embed-paragraphs", daemon=True)
        thread.start()
        return thread


def build_ranker(
    report: Report | Library,
    mode: Mode,
    cache_dir: Path,
    *,
    config: RankingConfig | None = None,
    progress: bool | None = None,
    load: Callable[[], tuple[Model | None, str]] = load_model,
    background: bool = False,
) -> tuple[Index | HybridIndex | UpgradingRanker, str]:
    """The ranker for ``mode`` and one line saying which ranker it is and why.

    ``auto`` uses the hybrid ranker when the embedding model loads and BM25 otherwise;
    ``hybrid`` raises ``SemanticUnavailableError`` (a ``ReportError``) instead of falling back.
    Paragraph vectors are cached under ``cache_dir``, one file per report, and so is the BM25
    index of a library (a single report builds in a fraction of a second and is not cached).
    With ``background`` (the bot), vectors not yet cached are embedded in a thread while an
    ``UpgradingRanker`` answers with BM25.
    """
    cache = cache_dir if isinstance(report, Library) else None
    index = Index.build(report, config, cache_dir=cache)
    hub = index.config.hub_correction
    if mode == "bm25":
        return index, "bm25 (asked for)"
    model, description = load()
    if model is None:
        if mode == "hybrid":
            raise SemanticUnavailableError(f"The hybrid ranker needs its model, but {description}.")
        return index, f"bm25: {description}"
    if background and not SemanticIndex.is_cached(report, model, cache_dir):
        upgrading = UpgradingRanker(index)
        upgrading.upgrade_in_background(
            lambda: HybridIndex(
                index,
                SemanticIndex.build(
                    report, model, cache_dir, hub_correction=hub, progress=progress
                ),
            )
        )
        return upgrading, f"bm25 until the paragraphs are embedded, then hybrid ({description})"
    semantic = SemanticIndex.build(report, model, cache_dir, hub_correction=hub, progress=progress)
    return HybridIndex(index, semantic), f"hybrid (BM25 + {description})"
