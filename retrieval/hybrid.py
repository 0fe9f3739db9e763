"""BM25 and the embedding stage together, behind the same ``search`` as ``Index``.

Every question is ranked by words and by meaning at once (``retrieval.semantic.fuse``), so
a passage that shares no word with the question (Ankara for Turkey, a paraphrase) can still
come first. The verdict (``retrieval.verdict``) rests on meaning, how close the best
passage and the first passage's closest sentence come to the question, and on whether that
sentence holds the kind of fact asked for (``retrieval.answer_type``: a number for "how
many"); words never decide it, so a question is never refused only because its words are
missing. They only keep a question from "not covered": one that names a heading of the
report ("Who wrote the foreword?") or a name it uses has a place in it, and gets at least
its closest passages.

A question that does not look English (``Index.language``) is answered with the English
passages, marked cross-lingual: ranked by meaning (each passage's cosine blended with its
closest sentence's) and by its words written in Latin letters.

``plan_ranker`` picks the ranker for a mode and says which one it picked and why, leaving
any slow embedding to its caller (the bot runs it in the background, the command line in
the foreground: ``Plan.built``); it takes one report or a library (then BM25 and the
embeddings each rank every paragraph of every report together).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Literal

import numpy as np

from retrieval import analyze, answer_type
from retrieval.config import RankingConfig
from retrieval.index import Hit, Index, QuestionError, Scoring, SearchResult, top
from retrieval.intent import names
from retrieval.language import ENGLISH, latin_words, transliterate
from retrieval.library import Library, Progress
from retrieval.report import WHOLE_TEXT, Report
from retrieval.semantic import Model, SemanticIndex, fuse, load_model
from retrieval.vectors import sentence_spans
from retrieval.verdict import decide

log = logging.getLogger(__name__)

Mode = Literal["bm25", "hybrid", "auto"]


class SemanticUnavailableError(Exception):
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

    def search(self, question: str, k: int = 3, alone: str = "") -> SearchResult:
        """The ``k`` best paragraphs for ``question`` and the verdict on them.

        With ``alone`` (a follow-up's message, ``question`` being it read with its context)
        an English question is ranked by both questions' fused scores blended.
        Raises ``QuestionError`` when the question has no searchable words at all.
        """
        scoring = self.index.score(question)
        vector = self.semantic.query_vector(question)
        cosines = self.semantic.cosines(vector)
        language = self.index.language(scoring)
        if language != ENGLISH:
            return self._search_across_languages(scoring, vector, cosines, language, k)
        meaning = self.semantic.less_hubness(cosines)
        passage = _best(cosines)
        refused = decide(passage, passage, self.config) == "not_covered"
        if refused and not (self._names_a_section(scoring) or self._names_one(question)):
            return SearchResult(question, (), scoring.corrections, verdict="not_covered")
        fused = fuse(scoring.scores, meaning, self.config.semantic_weight)
        if alone:
            fused = fuse(fused, self.ranking(alone), self.config.follow_up_weight)
        sentence, text = self._closest_sentence(vector, fused)
        hits = self._hits(scoring, fused, meaning, k)
        agrees = answer_type.agrees(question, text)
        unknown = scoring.unknown_share
        verdict = decide(passage, sentence, self.config, agrees=agrees, unknown_share=unknown)
        return SearchResult(
            question, hits, scoring.corrections, verdict="closest" if refused else verdict
        )

    def ranking(self, question: str) -> np.ndarray:
        """The fused score per paragraph ``search`` ranks an English ``question`` by (by
        meaning alone when it has no searchable words), for blending with another's."""
        meaning = self.semantic.less_hubness(
            self.semantic.cosines(self.semantic.query_vector(question))
        )
        return fuse(self.index.ranking(question), meaning, self.config.semantic_weight)

    def _search_across_languages(
        self,
        scoring: Scoring,
        vector: np.ndarray,
        cosines: np.ndarray,
        language: str,
        k: int,
    ) -> SearchResult:
        """Rank the English passages by meaning and by the words the question shares with
        them once written in Latin letters (names: "Песков" is "Peskov"), as an English
        question is ranked; answered when the meaning is close enough, and never refused
        when the question names a name the report uses (``_names_one``).

        Meaning is each passage's cosine blended with its closest sentence's
        (``RankingConfig.foreign_sentence_share``): a cross-lingual match in one sentence
        is diluted by the rest of a long passage.
        """
        share = self.config.foreign_sentence_share
        blended = (1.0 - share) * cosines + share * self.semantic.closest_sentences(vector)
        meaning = self.semantic.less_hubness(blended)
        latin = self._latin_scoring(latin_words(scoring.question))
        words, ranking = replace(scoring, corrections=()), meaning
        if latin is not None:
            words = replace(latin, corrections=())
            ranking = fuse(latin.scores, meaning, self.config.semantic_weight)
        sentence, _ = self._closest_sentence(vector, ranking)
        verdict = decide(_best(cosines), sentence, self.config, foreign=True)
        if verdict == "not_covered" and latin is not None and self._names_one(scoring.question):
            verdict = "closest"
        if verdict == "not_covered":
            return SearchResult(scoring.question, (), (), True, verdict, language)
        hits = self._hits(words, ranking, meaning, k)
        return SearchResult(scoring.question, hits, (), True, verdict, language)

    def _names_a_section(self, scoring: Scoring) -> bool:
        """Whether the question holds every word of one of the reports' headings ("Who
        wrote the foreword?"): a report with a section on it is never "not covered"."""
        asked = scoring.weights.keys()
        return any(heading <= asked for heading in self._headings)

    @cached_property
    def _headings(self) -> tuple[frozenset[str], ...]:
        """The search terms of each heading of the reports (none for a report without)."""
        titles = {s.title for r in self.reports for s in r.sections if s.title != WHOLE_TEXT}
        terms = (frozenset(t.term for t in analyze.tokens(title)) for title in titles)
        return tuple(heading for heading in terms if heading)

    def _closest_sentence(self, vector: np.ndarray, ranking: np.ndarray) -> tuple[float, str]:
        """The sentence of the first passage closest to the question: its cosine and its
        text (-inf and no text with no passage)."""
        if not ranking.size:
            return float("-inf"), ""
        first = int(np.argmax(ranking))
        cosine, number = self.semantic.best_sentence(vector, first)
        text = self.index.paragraphs[first].text
        start, end = sentence_spans(text)[number]
        return cosine, text[start:end]

    def _latin_scoring(self, latin: str) -> Scoring | None:
        """BM25 on words already written in Latin letters; None when none is searchable."""
        try:
            return self.index.score(latin)
        except QuestionError:
            return None

    def _names_one(self, question: str) -> bool:
        """Whether a name in ``question`` is a report word: as written, or for a Cyrillic
        one, a spelling of it once transliterated ("Екатеринбурге": "Yekaterinburg")."""
        for name in (word for found in names(question) for word in found.split()):
            latin = transliterate(name)
            if analyze.stem(analyze.fold(latin)) in self._vocabulary:
                return True
            if latin == name.casefold():
                continue
            spelt = self._latin_scoring(latin)
            if spelt is not None and spelt.weights:
                return True
        return False

    def _hits(
        self, scoring: Scoring, fused: np.ndarray, meaning: np.ndarray, k: int
    ) -> tuple[Hit, ...]:
        ranked = _top(fused, k)
        return tuple(
            replace(
                hit,
                components=(("bm25", float(scoring.scores[i])), ("semantic", float(meaning[i]))),
            )
            for hit, (i, _) in zip(self.index.hits(scoring, ranked), ranked, strict=True)
        )


def _best(scores: np.ndarray) -> float:
    return float(scores.max()) if scores.size else float("-inf")


def _top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (index, score) pairs, whatever the sign of the scores."""
    if not scores.size:
        return []
    shifted = scores - float(scores.min()) + 1.0
    return [(i, float(scores[i])) for i, _ in top(shifted, k)]


@dataclass(frozen=True, slots=True)
class Plan:
    """The ranker to serve now, and the hybrid ranker still to build, if any."""

    ranker: Index | HybridIndex
    description: str
    """One line: which ranker, and why."""
    upgrade: Callable[[], HybridIndex] | None = None
    """Builds the hybrid ranker, embedding what the cache lacks (slow); None when ``ranker``
    is already final. Whoever serves readers runs it where it suits them."""
    upgraded: str = ""
    """The description of the ranker ``upgrade`` builds."""

    def built(self) -> tuple[Index | HybridIndex, str]:
        """The final ranker, embedding first if need be, and the line describing it."""
        if self.upgrade is None:
            return self.ranker, self.description
        return self.upgrade(), self.upgraded


def plan_ranker(
    report: Report | Library,
    mode: Mode,
    cache_dir: Path,
    *,
    config: RankingConfig | None = None,
    progress: Progress | None = None,
    load: Callable[[], tuple[Model | None, str]] = load_model,
) -> Plan:
    """The ranker for ``mode`` without waiting for embeddings the cache does not hold.

    ``auto`` uses the hybrid ranker when the embedding model loads and BM25 otherwise;
    ``hybrid`` raises ``SemanticUnavailableError`` instead of falling back.
    Paragraph vectors are cached under ``cache_dir``, one file per report, and so is the BM25
    index of a library (a single report builds in a fraction of a second and is not cached).
    When vectors are missing, BM25 is the ranker and ``upgrade`` builds the hybrid one.
    """
    cache = cache_dir if isinstance(report, Library) else None
    index = Index.build(report, config, cache_dir=cache)
    if mode == "bm25":
        return Plan(index, "bm25 (asked for)")
    model, description = load()
    if model is None:
        if mode == "hybrid":
            raise SemanticUnavailableError(f"The hybrid ranker needs its model, but {description}.")
        return Plan(index, f"bm25: {description}")

    def upgrade() -> HybridIndex:
        semantic = SemanticIndex.build(
            report, model, cache_dir, hub_correction=index.config.hub_correction, progress=progress
        )
        return HybridIndex(index, semantic)

    hybrid = f"hybrid (BM25 + {description})"
    if SemanticIndex.is_cached(report, model, cache_dir):
        return Plan(upgrade(), hybrid)
    waiting = f"bm25 until the paragraphs are embedded, then hybrid ({description})"
    return Plan(index, waiting, upgrade, hybrid)
