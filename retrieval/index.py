"""Rank a report's paragraphs against a question with BM25.

Each paragraph is indexed with the words of its section path, so a question about
"Iran's view" finds the paragraphs under "Iran". Question words the report never uses are
mapped to close report words (misspelt names, typos) at a lower weight. A result is kept
only when the question is covered well enough (see ``retrieval.confidence``): a reader is
better served by "not covered" than by noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rank_bm25 import BM25Plus

from retrieval import analyze
from retrieval.confidence import coverage
from retrieval.report import Paragraph, Report
from retrieval.sentences import best_sentences
from retrieval.spelling import Correction, Speller


@dataclass(frozen=True, slots=True)
class RankingConfig:
    """Every knob of the ranking, in one place, so an ablation is one line."""

    k1: float = 1.2
    b: float = 0.75
    delta: float = 1.0
    """BM25+'s lower bound for a matching term: keeps common names above zero weight."""
    heading_weight: int = 1
    """How many times a paragraph's section-path words are counted towards it in BM25."""
    heading_boost: float = 2.0
    """Extra score, in units of a term's IDF, for each question term in the section path.

    BM25 saturates repeated heading words and lets one rare body word outweigh them; a
    question naming a section's topic ("Iran's view") should land in that section.
    """
    correction_weight: float = 0.7
    """Weight of a report word substituted for a question word the report never uses."""
    min_coverage: float = 0.3
    """Least share of the question's information the top paragraph must match."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked paragraph, with what made it match."""

    rank: int
    score: float
    paragraph: Paragraph
    sentences: tuple[tuple[int, int], ...]
    """Character offsets of the sentence(s) that best answer, in ``paragraph.text``."""
    matches: tuple[tuple[int, int], ...]
    """Character offsets of every report word in the paragraph that matched the question."""

    @property
    def matched(self) -> tuple[str, ...]:
        """The distinct report words that matched, in reading order."""
        words = (self.paragraph.text[start:end] for start, end in self.matches)
        return tuple(dict.fromkeys(words))


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits for a question, best first, and the spelling corrections applied to it."""

    query: str
    hits: tuple[Hit, ...]
    corrections: tuple[Correction, ...] = field(default=())


class QuestionError(ValueError):
    """A question that cannot be searched; the message is meant for the reader."""


class Index:
    """A BM25 index over one report's paragraphs."""

    def __init__(self, report: Report, config: RankingConfig) -> None:
        self.report = report
        self.config = config
        self._paragraph_terms = [analyze.terms(p.text) for p in report.paragraphs]
        heading_terms = [analyze.terms(" ".join(p.section)) for p in report.paragraphs]
        self._heading_terms = [set(h) for h in heading_terms]
        documents = [
            body + heading * config.heading_weight
            for body, heading in zip(self._paragraph_terms, heading_terms, strict=True)
        ]
        self._bm25 = BM25Plus(documents, k1=config.k1, b=config.b, delta=config.delta)
        self._document_terms = [set(d) for d in documents]
        self._speller = Speller(
            [*(s.title for s in report.sections), *(p.text for p in report.paragraphs)]
        )

    @classmethod
    def build(cls, report: Report, config: RankingConfig | None = None) -> Index:
        """Index a parsed report."""
        return cls(report, config or RankingConfig())

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every term the index knows."""
        return frozenset(self._bm25.idf)

    def search(self, question: str, k: int = 3) -> SearchResult:
        """The ``k`` best paragraphs for ``question``; none when the report does not cover it.

        Raises ``QuestionError`` when the question has no searchable words at all.
        """
        question_tokens = analyze.tokens(question)
        if not question_tokens:
            raise QuestionError("The question has no searchable words; try a few key words.")
        weights, corrections = self._weigh(question_tokens)
        if not weights:
            return SearchResult(question, ())
        scores = self._scores(weights)
        order = np.argsort(-scores, kind="stable")[:k]
        top_terms = self._document_terms[int(order[0])]
        informative = self._informative_weight([t.term for t in question_tokens])
        if coverage(weights, top_terms, self._idf, informative) < self.config.min_coverage:
            return SearchResult(question, (), corrections)
        hits = tuple(
            self._hit(rank, int(i), float(scores[i]), weights)
            for rank, i in enumerate(order, start=1)
            if scores[i] > 0
        )
        return SearchResult(question, hits, corrections)

    def _weigh(
        self, question: Sequence[analyze.Token]
    ) -> tuple[dict[str, float], tuple[Correction, ...]]:
        """Weight per report term: known terms count once, corrected ones less."""
        weights: dict[str, float] = {}
        corrections: list[Correction] = []
        for token in question:
            if token.term in self._bm25.idf:
                weights[token.term] = weights.get(token.term, 0.0) + 1.0
                continue
            correction = self._speller.correct(token.word)
            if correction is None:
                continue
            corrections.append(correction)
            term = analyze.stem(correction.replacement_folded)
            weights[term] = weights.get(term, 0.0) + self.config.correction_weight
        return weights, tuple(corrections)

    def _idf(self, term: str) -> float:
        return float(self._bm25.idf.get(term, 0.0))

    def _informative_weight(self, question_terms: Sequence[str]) -> float:
        """What the question could match at best: unknown words count as the rarest term."""
        rarest = max(self._bm25.idf.values())
        return sum(
            self._idf(t) if t in self._bm25.idf else rarest for t in dict.fromkeys(question_terms)
        )

    def _scores(self, weights: dict[str, float]) -> np.ndarray:
        total = np.zeros(len(self.report.paragraphs))
        for term, weight in weights.items():
            # rank-bm25's BM25+ adds its delta to paragraphs without the term too; only
            # paragraphs that contain the term may score for it.
            contains = np.fromiter((term in d for d in self._document_terms), dtype=bool)
            total += weight * np.where(contains, self._bm25.get_scores([term]), 0.0)
            in_heading = np.fromiter((term in h for h in self._heading_terms), dtype=bool)
            total += in_heading * (weight * self.config.heading_boost * self._idf(term))
        return total

    def _hit(self, rank: int, index: int, score: float, weights: dict[str, float]) -> Hit:
        paragraph = self.report.paragraphs[index]
        matches = tuple(
            (t.start, t.end) for t in analyze.tokens(paragraph.text) if t.term in weights
        )
        term_weight = {t: w * self._idf(t) for t, w in weights.items()}
        sentences = best_sentences(paragraph.text, term_weight)
        return Hit(rank, score, paragraph, sentences, matches)
