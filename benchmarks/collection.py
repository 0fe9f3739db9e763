"""The evaluation collection asked once of the embedding stage, for benchmarks/tune.py.

Every question is embedded once and its cosines kept; BM25's scores are computed once per
BM25 configuration, so that a table of variants costs no more than the questions' vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from retrieval import Index, Report, load_report
from retrieval.config import RankingConfig
from retrieval.evaluation import Question, load_manifest, load_questions
from retrieval.index import QuestionError
from retrieval.language import latin_words
from retrieval.semantic import SemanticIndex, fuse, load_model
from retrieval.vectors import sentence_spans, texts

PROJECT = Path(__file__).resolve().parents[1]
CACHE = PROJECT / ".cache" / "report-bot"

NOT_BM25 = (
    "semantic_weight",
    "hub_correction",
    "foreign_sentence_share",
    "answer_meaning",
    "closest_meaning",
)
"""Knobs that leave BM25's scores alone (the foreign thresholds are left alone here too)."""


@dataclass
class Asked:
    """One question's meaning signals, kept so that every variant is scored without asking."""

    question: Question
    part: str
    report: int
    """Position of its report in ``Collection.reports``."""
    cosines: np.ndarray
    meaning: np.ndarray
    """Cosines less each passage's hubness (what the hybrid ranker ranks by)."""
    sentences: np.ndarray
    """The cosine with each sentence of the report (``Collection.owners``: their paragraphs)."""
    foreign: bool
    closest: np.ndarray
    """Each paragraph's closest sentence's cosine (``SemanticIndex.closest_sentences``)."""
    unknown: float = 0.0
    """Share of its information in words the report never uses (``Scoring.unknown_share``)."""


class Collection:
    """The evaluation collection's questions, asked once of the embedding stage."""

    def __init__(self, manifest: Path) -> None:
        model, description = load_model()
        if model is None:
            raise SystemExit(f"the embedding model is needed: {description}")
        self.reports: list[Report] = []
        self.lines: list[np.ndarray] = []
        self.owners: list[np.ndarray] = []
        """Per report, the paragraph of each sentence."""
        self.sentences: list[list[str]] = []
        """Per report, the text of each sentence (without its heading path)."""
        self.asked: list[Asked] = []
        self._bm25: dict[RankingConfig, list[np.ndarray]] = {}
        for entry in load_manifest(manifest):
            report = load_report(entry.report)
            index = Index.build(report)
            semantic = SemanticIndex.build(report, model, CACHE)
            for path in entry.questions:
                for question in load_questions(path, report):
                    if question.conversational:  # answered by other stages, not the ranking
                        continue
                    vector = semantic.query_vector(question.question)
                    cosines = semantic.cosines(vector)
                    foreign, unknown = _words(index, question.question)
                    self.asked.append(
                        Asked(
                            question,
                            entry.part,
                            len(self.reports),
                            cosines,
                            semantic.less_hubness(cosines),
                            semantic.sentence_vectors @ vector,
                            foreign,
                            semantic.closest_sentences(vector),
                            unknown,
                        )
                    )
            self.reports.append(report)
            self.lines.append(np.asarray([p.line for p in report.paragraphs]))
            self.owners.append(np.asarray(texts(report).owners))
            self.sentences.append(
                [p.text[a:b] for p in report.paragraphs for a, b in sentence_spans(p.text)]
            )

    def bm25(self, config: RankingConfig) -> list[np.ndarray]:
        """BM25's scores for every question under ``config``, computed once per BM25 setting."""
        key = replace(config, **{name: getattr(RankingConfig(), name) for name in NOT_BM25})
        if key not in self._bm25:
            indexes = [Index.build(report, key) for report in self.reports]
            self._bm25[key] = [_bm25(indexes[a.report], a) for a in self.asked]
        return self._bm25[key]

    def fused(self, config: RankingConfig, signal: str = "meaning") -> list[np.ndarray]:
        """Each question's ranking scores, BM25 fused with meaning as the hybrid ranker fuses
        them (a foreign question's BM25 reads its words in Latin letters, ``_bm25``, and its
        meaning blends in each passage's closest sentence); ``signal`` is ``meaning``
        (hub-corrected, as the hybrid ranker) or ``cosines``."""
        weight, share = config.semantic_weight, config.foreign_sentence_share
        return [
            fuse(bm25, _meaning(a, signal, share), weight)
            for a, bm25 in zip(self.asked, self.bm25(config), strict=True)
        ]

    def firsts(self, config: RankingConfig) -> list[int]:
        """Each question's first passage under ``config``."""
        return [int(np.argmax(scores)) for scores in self.fused(config)]

    def best_sentence(self, asked: Asked, paragraph: int) -> tuple[float, str]:
        """The sentence of one paragraph of the question's report closest to it: its cosine
        and its text (as ``SemanticIndex.best_sentence``)."""
        rows = np.flatnonzero(self.owners[asked.report] == paragraph)
        best = int(rows[np.argmax(asked.sentences[rows])])
        return float(asked.sentences[best]), self.sentences[asked.report][best]

    def measure(self, scores: Sequence[np.ndarray], part: str) -> tuple[float, float, float]:
        """Hit@1, Hit@3 and MRR@10 of the answerable questions of ``part``."""
        ranks = [
            self.rank_of_gold(a, s)
            for a, s in zip(self.asked, scores, strict=True)
            if a.part == part and a.question.answerable
        ]
        n = len(ranks) or 1
        return (
            sum(r == 1 for r in ranks) / n,
            sum(r is not None and r <= 3 for r in ranks) / n,
            sum(1 / r for r in ranks if r) / n,
        )

    def rank_of_gold(self, asked: Asked, scores: np.ndarray) -> int | None:
        order = np.argsort(-scores, kind="stable")[:10]
        for rank, line in enumerate(self.lines[asked.report][order], start=1):
            if line in asked.question.gold:
                return rank
        return None


def _words(index: Index, question: str) -> tuple[bool, float]:
    """Whether the question looks foreign, and the share of it the report has no word for
    (``Scoring.unknown_share``), from one scoring of its words."""
    try:
        scoring = index.score(question)
    except QuestionError:
        return False, 0.0
    return index.is_foreign(scoring), scoring.unknown_share


def _meaning(asked: Asked, signal: str, share: float) -> np.ndarray:
    """The meaning the hybrid ranker ranks ``asked`` by: ``signal``, and for a foreign
    question each passage's cosine blended with its closest sentence's (``share``)."""
    meaning: np.ndarray = getattr(asked, signal)
    return meaning + share * (asked.closest - asked.cosines) if asked.foreign else meaning


def _bm25(index: Index, asked: Asked) -> np.ndarray:
    """BM25's scores as the hybrid ranker computes them: a foreign question's words are
    read in Latin letters without other languages' function words (``latin_words``)."""
    question = asked.question.question
    try:
        return index.score(latin_words(question) if asked.foreign else question).scores
    except QuestionError:  # no searchable word: nothing for BM25 to rank
        return np.zeros(len(asked.cosines))
