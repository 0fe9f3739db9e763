"""Rank a report's paragraphs, or a whole library's, against a question with BM25.

Each paragraph is indexed with the words of its section path, so a question about
"Iran's view" finds the paragraphs under "Iran". Question words the report never uses are
mapped to close report words (misspelt names, typos) at a lower weight, and a name the
question spells out also searches for the acronym the report defines for it. A result is kept
only when the question is covered well enough (see ``retrieval.confidence``): a reader is
better served by "not covered" than by noise.

Over a library every report's paragraphs are ranked together, as one corpus: IDF, coverage
and spelling bridges see every report, while paragraph and section numbers, heading and
lead boosts stay those of each paragraph's own report. A library of one report ranks
exactly as that report alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from retrieval import acronyms, analyze, postings, stored_index
from retrieval.confidence import Coverage, coverage
from retrieval.config import RankingConfig
from retrieval.language import ENGLISH, language_of
from retrieval.library import Library
from retrieval.report import Paragraph, Report
from retrieval.results import Hit, QuestionError, Ranker, SearchResult
from retrieval.semantic import fuse
from retrieval.sentences import best_sentences
from retrieval.spelling import Correction, Speller, subject_weight

__all__ = [  # Hit, QuestionError, Ranker and SearchResult live in retrieval.results
    "Hit",
    "Index",
    "QuestionError",
    "Ranker",
    "Scoring",
    "SearchResult",
    "top",
]


@dataclass(frozen=True, slots=True)
class Scoring:
    """Everything BM25 concluded about one question, before hits are cut."""

    question: str
    weights: dict[str, float]
    """Report terms searched for, with their weights (corrections included)."""
    corrections: tuple[Correction, ...]
    scores: np.ndarray
    """One score per paragraph, in report order (report after report for a library); 0 where
    no question term occurs."""
    coverage: Coverage
    covered: bool
    """Whether the words alone show the report covers the question (the verdict without a
    model; see ``retrieval.confidence``)."""
    unknown_share: float = 0.0
    """Share of the question's information in words the report never uses, neither as
    written nor read as a spelling or a derived form of its words ("currency" asked of a
    report that never names one): the hybrid verdict asks such a question for a closer
    sentence before calling it answered (``retrieval.verdict``)."""


class Index:
    """A BM25 index over one report's paragraphs, or over every paragraph of a library."""

    def __init__(
        self,
        report: Report | Library,
        config: RankingConfig,
        *,
        cache_dir: Path | None = None,
    ) -> None:
        self.reports: tuple[Report, ...] = (
            report.reports if isinstance(report, Library) else (report,)
        )
        if not self.reports:
            raise ValueError("an index needs at least one report")
        self.config = config
        self._paragraphs = tuple(p for r in self.reports for p in r.paragraphs)
        sizes = [len(r.paragraphs) for r in self.reports]
        self._owner = np.repeat(np.arange(len(self.reports), dtype=np.int32), sizes)
        if cache_dir is None:
            self._data = postings.build(self.reports, config)
        else:
            self._data = stored_index.cached(self.reports, config, cache_dir)
        self._term_ids = {term: number for number, term in enumerate(self._data.terms)}
        self._idf_of: dict[str, float] = dict(
            zip(self._data.terms, self._data.idf.tolist(), strict=True)
        )
        self._rarest = max(self._idf_of.values(), default=0.0)
        self._speller = Speller.from_words(
            self._data.words,
            dict(zip(self._data.words, self._data.written, strict=True)),
            config,
        )
        self._acronyms = acronyms.Glossary(p.text for p in self._paragraphs)

    @classmethod
    def build(
        cls,
        report: Report | Library,
        config: RankingConfig | None = None,
        *,
        cache_dir: Path | None = None,
    ) -> Index:
        """Index a parsed report, or every report of a library.

        With ``cache_dir`` the built index is kept there and read back while the reports,
        the configuration and the code are unchanged (``retrieval.postings``).
        """
        return cls(report, config or RankingConfig(), cache_dir=cache_dir)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every term the index knows."""
        return frozenset(self._term_ids)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Every paragraph indexed, report after report: position ``i`` scores ``scores[i]``."""
        return self._paragraphs

    def owner(self, index: int) -> Report:
        """The report of the paragraph at position ``index`` of ``paragraphs``."""
        return self.reports[int(self._owner[index])]

    def search(self, question: str, k: int = 3, alone: str = "") -> SearchResult:
        """The ``k`` best paragraphs for ``question``; none when the report does not cover it.

        With ``alone`` (a follow-up's message, ``question`` being it read with its context)
        the ranking blends both questions' scores; the verdict stays ``question``'s.
        Raises ``QuestionError`` when the question has no searchable words at all; a
        question in another language gets no hits, marked ``foreign``.
        """
        scoring = self.score(question)
        language = self.language(scoring)
        if not scoring.covered:
            foreign = language != ENGLISH
            return SearchResult(question, (), scoring.corrections, foreign, "not_covered", language)
        ranking = scoring.scores
        if alone:
            ranking = fuse(ranking, self.ranking(alone), self.config.follow_up_weight)
        ranked = top(ranking, k)
        hits = self.hits(scoring, ranked)
        return SearchResult(question, hits, scoring.corrections, language=language)

    def ranking(self, question: str) -> np.ndarray:
        """The score per paragraph ``search`` ranks ``question`` by (zeros when it has no
        searchable words), for blending with another question's."""
        try:
            return self.score(question).scores
        except QuestionError:
            return np.zeros(len(self._paragraphs))

    def language(self, scoring: Scoring) -> str:
        """The question's language; names the report uses and words the speller bridged
        to report words count as English."""
        bridged = {analyze.fold(c.original) for c in scoring.corrections}
        return language_of(scoring.question, self._term_ids, bridged, self.config)

    def is_foreign(self, scoring: Scoring) -> bool:
        """Whether the question looks written in another language than the report's English."""
        return self.language(scoring) != ENGLISH

    def score(self, question: str) -> Scoring:
        """BM25 scores of every paragraph for ``question``, and whether the report covers it.

        The building block of ``search``, and of any stage that re-ranks BM25's scores.
        """
        question_tokens = analyze.tokens(question)
        if not question_tokens:
            raise QuestionError("The question has no searchable words; try a few key words.")
        weights, corrections, unknown = self._weigh(question_tokens)
        for term in self._acronyms.expansions([t.term for t in question_tokens]):
            if term in self._term_ids:
                weights[term] = max(weights.get(term, 0.0), self.config.variant_weight)
        scores = self._scores(weights)
        mass = self._question_mass(question_tokens)
        unknown_share = self._question_mass(unknown) / mass if mass > 0 else 0.0
        if not weights or not scores.any():
            nothing = Coverage(0.0, 0.0)
            return Scoring(question, weights, corrections, scores, nothing, False, unknown_share)
        best = int(np.argmax(scores))
        top_terms = {t for t in weights if t in self._term_ids and self._holds(t, best)}
        evidence = coverage(weights, top_terms, self._idf, mass, self._rarest)
        covered = evidence.is_covered(self.config.min_coverage, self.config.min_matched_rare_words)
        return Scoring(question, weights, corrections, scores, evidence, covered, unknown_share)

    def hits(self, scoring: Scoring, ranked: Sequence[tuple[int, float]]) -> tuple[Hit, ...]:
        """Hits for (paragraph index, score) pairs, best first, with answer sentences."""
        return tuple(
            self._hit(rank, index, score, scoring.weights)
            for rank, (index, score) in enumerate(ranked, start=1)
        )

    def _holds(self, term: str, index: int) -> bool:
        return self._data.body.holds(self._term_ids[term], index)

    def _weigh(
        self, question: Sequence[analyze.Token]
    ) -> tuple[dict[str, float], tuple[Correction, ...], tuple[analyze.Token, ...]]:
        """Weight per report term (known terms count once, bridged ones less), the
        spelling corrections made, and the words read as no report word at all."""
        weights: dict[str, float] = {}
        corrections: list[Correction] = []
        unknown: list[analyze.Token] = []
        for token in question:
            if token.term in self._term_ids:
                weights[token.term] = weights.get(token.term, 0.0) + 1.0
                if self.config.bridge_words and self.config.name_variant_weight:
                    for other in self._speller.name_variants(token.word):
                        term = analyze.stem(other)
                        if term != token.term:
                            extra = self.config.name_variant_weight
                            weights[term] = max(weights.get(term, 0.0), extra)
                continue
            correction = self._speller.correct(token.word) if self.config.bridge_words else None
            if correction is None:
                unknown.append(token)
                continue
            if correction.kind == "spelling":
                corrections.append(correction)
                weight = self.config.spelling_weight
            else:
                weight = self.config.variant_weight
            term = analyze.stem(correction.replacement_folded)
            weights[term] = weights.get(term, 0.0) + weight
        return weights, tuple(corrections), tuple(unknown)

    def _idf(self, term: str) -> float:
        return self._idf_of.get(term, 0.0)

    def _question_mass(self, question: Sequence[analyze.Token]) -> float:
        """The information a question carries; see ``retrieval.confidence``."""
        mass: dict[str, float] = {}
        for token in question:
            if token.term in self._term_ids:
                mass[token.term] = self._idf(token.term)
            else:
                mass[token.term] = self._rarest * subject_weight(token.word)
        return sum(mass.values())

    def _scores(self, weights: dict[str, float]) -> np.ndarray:
        """Score of every paragraph; only paragraphs holding a question term are touched.

        Each term adds its precomputed BM25 scores over its postings, then its heading
        and lead boosts, in the order the scores were always summed (so they stay equal
        to the last bit).
        """
        data = self._data
        total = np.zeros(len(self._paragraphs))
        boost = self.config
        for term, weight in weights.items():
            number = self._term_ids.get(term)
            if number is None:
                continue
            span = data.body.span(number)
            total[data.body.docs[span]] += weight * data.scores[span]
            information = weight * self._idf(term)
            total[data.heading[number]] += boost.heading_boost * information
            total[data.lead[number]] += boost.lead_boost * information
        return total

    def _hit(self, rank: int, index: int, score: float, weights: dict[str, float]) -> Hit:
        paragraph = self._paragraphs[index]
        matches = tuple(
            (t.start, t.end) for t in analyze.tokens(paragraph.text) if t.term in weights
        )
        term_weight = {t: w * self._idf(t) for t, w in weights.items()}
        sentences = best_sentences(
            paragraph.text,
            term_weight,
            self.config.max_answer_sentences,
            self.config.close_enough,
        )
        return Hit(rank, score, paragraph, sentences, matches, report=self.owner(index))


def top(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """(index, score) of the ``k`` best positive scores, best first, ties in index order.

    The same as a stable argsort of all the scores, cut at ``k``, without sorting 30,000
    scores for three: the candidates are the positive ones, cut by ``argpartition``.
    """
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k > 0:
        kth = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        candidates = candidates[scores[candidates] >= scores[kth].min()]
    order = candidates[np.lexsort((candidates, -scores[candidates]))][: max(k, 0)]
    return [(int(i), float(scores[i])) for i in order]
