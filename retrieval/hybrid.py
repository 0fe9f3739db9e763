"""BM25 and the embedding stage together, behind the same ``search`` as ``Index``.

An English question is ranked by the fused score (``retrieval.semantic.fuse``), but only
once BM25 finds the report covers it: on the dev set BM25's coverage signal rejected every
unanswerable question and no answerable one, while no cosine threshold did either
(benchmarks/hybrid_ablation.py). So the embedding stage reorders answers and never turns
"not covered" into confident noise.

A question that does not look English (``is_foreign``) and that BM25 does not cover is
ranked by meaning alone: the best English passages are returned, marked cross-lingual,
when the model matches one confidently, and nothing otherwise.

``build_ranker`` picks the ranker for a mode and says which one it picked and why; it takes
one report or a library (then BM25 and the embeddings each rank every paragraph of every
report together).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from retrieval import analyze
from retrieval.index import Hit, Index, RankingConfig, Scoring, SearchResult, top
from retrieval.library import Library
from retrieval.report import Report, ReportError
from retrieval.semantic import WEIGHT, Model, SemanticIndex, fuse, load_model

log = logging.getLogger(__name__)

Mode = Literal["bm25", "hybrid", "auto"]
Fusion = Callable[[np.ndarray, np.ndarray, float], np.ndarray]

CROSS_LINGUAL = "The question is not in English: these English passages match its meaning."
NOT_MATCHED_ACROSS_LANGUAGES = (
    "The question is not in English and no passage matches its meaning closely enough; "
    "asking in English may find more."
)


class SemanticUnavailableError(ReportError):
    """The hybrid ranker was asked for, but the embedding model cannot be used."""


@dataclass(frozen=True, slots=True)
class HybridConfig:
    """The knobs of the fused ranking, in one place, so an ablation is one line."""

    weight: float = WEIGHT
    """Share of the cosine in the fused score of an English question."""
    min_cosine: float = 0.80
    """Least cosine of a foreign question with its best paragraph's own text."""
    min_margin: float = 0.02
    """Least lead of that cosine over the question's mean cosine with all paragraphs.

    Calibrated on tests/retrieval/data/questions_translated.jsonl and gibberish: e5's
    cosines bunch between 0.7 and 0.85, so an unrelated question still scores 0.8 with
    something; the margin rejects the ones that score that with everything.
    """
    foreign_weight: float = 1.0
    """Share of the cosine in the ranking of a foreign question (1: meaning alone)."""


class HybridIndex:
    """BM25 over words fused with cosine similarity over meaning."""

    def __init__(
        self,
        index: Index,
        semantic: SemanticIndex,
        config: HybridConfig | None = None,
        fusion: Fusion = fuse,
    ) -> None:
        if index.reports != semantic.reports:
            raise ValueError("the BM25 and the semantic index must hold the same reports")
        self.index = index
        self.semantic = semantic
        self.config = config or HybridConfig()
        self.fusion = fusion
        self._vocabulary = index.vocabulary

    @property
    def report(self) -> Report:
        return self.index.report

    @property
    def reports(self) -> tuple[Report, ...]:
        return self.index.reports

    def search(self, question: str, k: int = 3) -> SearchResult:
        """The ``k`` best paragraphs for ``question``; none when the report does not cover it.

        Raises ``QuestionError`` when the question has no searchable words at all.
        """
        scoring = self.index.score(question)
        if not scoring.covered and self.index.is_foreign(scoring):
            return self._search_across_languages(scoring, k)
        if not scoring.covered:
            return SearchResult(question, (), scoring.corrections)
        cosines = self.semantic.scores(question)
        fused = self.fusion(scoring.scores, cosines, self.config.weight)
        hits = self._hits(scoring, fused, cosines, k)
        return SearchResult(question, hits, scoring.corrections)

    def _search_across_languages(self, scoring: Scoring, k: int) -> SearchResult:
        """Rank by meaning alone, or return nothing when the model is not confident."""
        similarities = self.semantic.similarities(scoring.question)
        best = float(similarities.own.max())
        margin = best - float(similarities.own.mean())
        if best < self.config.min_cosine or margin < self.config.min_margin:
            return SearchResult(scoring.question, (), (), NOT_MATCHED_ACROSS_LANGUAGES)
        # Spelling corrections of foreign words into English ones would be noise; names the
        # question shares with the report ("Putin", "Azertag") still mark matched words.
        exact = {
            t.term: 1.0 for t in analyze.tokens(scoring.question) if t.term in self._vocabulary
        }
        words_only = replace(scoring, weights=exact, corrections=())
        cosines = similarities.in_context
        fused = self.fusion(scoring.scores, cosines, self.config.foreign_weight)
        hits = self._hits(words_only, fused, cosines, k)
        return SearchResult(scoring.question, hits, (), CROSS_LINGUAL)

    def _hits(
        self, scoring: Scoring, fused: np.ndarray, cosines: np.ndarray, k: int
    ) -> tuple[Hit, ...]:
        # The paragraph last on both signals scores 0: never worth showing, as in BM25.
        ranked = top(fused, k)
        return tuple(
            replace(
                hit,
                components=(("bm25", float(scoring.scores[i])), ("semantic", float(cosines[i]))),
            )
            for hit, (i, _) in zip(self.index.hits(scoring, ranked), ranked, strict=True)
        )


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
    def report(self) -> Report:
        return self._current.report

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
                index, SemanticIndex.build(report, model, cache_dir, progress=progress)
            )
        )
        return upgrading, f"bm25 until the paragraphs are embedded, then hybrid ({description})"
    semantic = SemanticIndex.build(report, model, cache_dir, progress=progress)
    return HybridIndex(index, semantic), f"hybrid (BM25 + {description})"
