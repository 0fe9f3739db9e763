"""The BM25 index as arrays: each term's paragraphs with their BM25 scores, built once.

rank-bm25 reads the corpus and decides every statistic of the ranking: the IDF of each term
(its ``idf`` table, with the variant's own formula and Okapi's floor), the paragraph lengths
and their mean. The score of a term in a paragraph is then computed here, once, for every
(term, paragraph) pair at once on numpy arrays (rank-bm25 recomputed it on every question in
a Python loop: up to 110 ms a question at 30,000 paragraphs); a question only adds up a few
slices.

The scores are the published formulas (Lv & Zhai 2011 for BM25L and BM25+), not rank-bm25's
scoring: its BM25L multiplies by the raw term frequency a second time (its issue #5, fixed
in its repository but never released), so a word written three times in a paragraph scored
3.3 times one occurrence instead of about 1.1 times, and paragraphs that repeat a name came
first (docs/benchmarks.md, "The BM25 formula as published").

The arrays are cached on disk by ``retrieval.stored_index``.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from retrieval import analyze
from retrieval.config import RankingConfig
from retrieval.report import Report
from retrieval.spelling import without_possessive

_BM25: dict[str, type[BM25Okapi | BM25Plus | BM25L]] = {
    "okapi": BM25Okapi,
    "plus": BM25Plus,
    "l": BM25L,
}


@dataclass(frozen=True, slots=True)
class Postings:
    """For each term id, the ids of the paragraphs that hold it, ascending."""

    offsets: np.ndarray
    """``docs[offsets[t]:offsets[t + 1]]`` are term ``t``'s paragraphs."""
    docs: np.ndarray

    def __getitem__(self, term: int) -> np.ndarray:
        return self.docs[self.offsets[term] : self.offsets[term + 1]]

    def span(self, term: int) -> slice:
        """Where term ``term``'s entries lie in ``docs`` (and in arrays aligned with it)."""
        return slice(int(self.offsets[term]), int(self.offsets[term + 1]))

    def holds(self, term: int, doc: int) -> bool:
        """Whether paragraph ``doc`` holds term ``term``."""
        docs = self[term]
        at = int(np.searchsorted(docs, doc))
        return at < len(docs) and int(docs[at]) == doc


@dataclass(frozen=True, slots=True)
class IndexData:
    """Everything a BM25 index knows, as arrays over term ids and paragraph ids."""

    paragraphs: int
    terms: tuple[str, ...]
    """Term id to term."""
    idf: np.ndarray
    """rank-bm25's IDF of each term."""
    body: Postings
    """Paragraphs holding each term in their text or section path (what BM25 ranks)."""
    scores: np.ndarray
    """BM25 score of each (term, paragraph) pair of ``body``, aligned with ``body.docs``."""
    heading: Postings
    """Paragraphs whose section path holds each term."""
    lead: Postings
    """Paragraphs that open a section whose own heading holds each term."""
    words: tuple[str, ...]
    """Folded words of the texts (headings and paragraphs), most frequent first."""
    written: tuple[str, ...]
    """How the texts first write each of ``words``."""


def build(reports: Sequence[Report], config: RankingConfig) -> IndexData:
    """Analyse every paragraph of ``reports`` and compute its BM25 scores."""
    corpus = _Corpus(reports, config.heading_weight)
    extra = {} if config.variant == "okapi" else {"delta": config.delta}
    bm25 = _BM25[config.variant](corpus.documents, k1=config.k1, b=config.b, **extra)
    terms = tuple(bm25.idf)
    term_ids = {term: number for number, term in enumerate(terms)}
    body, frequencies = _body_postings(bm25.doc_freqs, term_ids)
    term_of = np.repeat(np.arange(len(terms)), np.diff(body.offsets))
    idf = np.fromiter(bm25.idf.values(), dtype=np.float64, count=len(terms))
    lengths = np.asarray(bm25.doc_len, dtype=np.int64)[body.docs]
    scores = term_scores(config, bm25.avgdl, idf[term_of], frequencies, lengths)
    ranked = [word for word, _ in corpus.counts.most_common()]
    return IndexData(
        paragraphs=len(corpus.documents),
        terms=terms,
        idf=idf,
        body=body,
        scores=scores,
        heading=_postings(corpus.headings, term_ids),
        lead=_postings(corpus.leads, term_ids),
        words=tuple(ranked),
        written=tuple(without_possessive(corpus.first[word]) for word in ranked),
    )


class _Corpus:
    """The analysed text of every paragraph, as BM25 and the boosts and the speller need it."""

    def __init__(self, reports: Sequence[Report], heading_weight: int) -> None:
        self.documents: list[list[str]] = []
        """Terms of each paragraph, then of its section path ``heading_weight`` times."""
        self.headings: list[list[str]] = []
        self.leads: list[list[str]] = []
        """Terms of the paragraph's own heading when it opens its section, else none."""
        self.counts: Counter[str] = Counter()
        """Folded words of titles and paragraphs, in order of first use (ties keep it)."""
        self.first: dict[str, str] = {}
        """How each folded word is first written."""
        for report in reports:
            self._read(report, heading_weight)

    def _read(self, report: Report, heading_weight: int) -> None:
        words: list[str] = []
        written: list[str] = []
        # Section titles first, then paragraphs: the order in which ``Speller`` counts.
        for section in report.sections:
            for raw, word, _term in analyze.scan(section.title):
                words.append(word)
                written.append(raw)
        path_terms: dict[tuple[str, ...], list[str]] = {}
        for paragraph in report.paragraphs:
            scanned = analyze.scan(paragraph.text)
            words += [word for _raw, word, _term in scanned]
            written += [raw for raw, _word, _term in scanned]
            heading = path_terms.get(paragraph.section)
            if heading is None:
                heading = analyze.terms(" ".join(paragraph.section))
                path_terms[paragraph.section] = heading
            self.documents.append([term for _, _, term in scanned] + heading * heading_weight)
            self.headings.append(heading)
            section = report.section(paragraph.section_number)
            opens = section.paragraphs[:1] == (paragraph.number,)
            self.leads.append(analyze.terms(section.title) if opens else [])
        self.counts.update(words)
        # A dict keeps the last value given for a key: fed backwards, that is the first.
        for word, raw in dict(zip(reversed(words), reversed(written), strict=True)).items():
            self.first.setdefault(word, raw)


def term_scores(
    config: RankingConfig,
    mean_length: float,
    idf: np.ndarray,
    frequency: np.ndarray,
    length: np.ndarray,
) -> np.ndarray:
    """The score of a term in a paragraph that holds it, for many (term, paragraph) pairs.

    With ``c`` the term's frequency normalised by the paragraph's length, BM25L scores
    ``idf * (k1 + 1) * (c + delta) / (k1 + c + delta)`` and BM25+ adds ``delta`` to Okapi's
    saturated frequency, both for a term the paragraph holds only (a paragraph without it
    scores 0 for it).
    """
    k1, b = config.k1, config.b
    norm = 1 - b + b * length / mean_length
    if config.variant == "l":
        c = frequency / norm
        return np.asarray(idf * (k1 + 1) * (c + config.delta) / (k1 + c + config.delta))
    saturated = frequency * (k1 + 1) / (frequency + k1 * norm)
    if config.variant == "plus":
        return np.asarray(idf * (saturated + config.delta))
    return np.asarray(idf * saturated)


def _body_postings(
    frequencies: Sequence[dict[str, int]], term_ids: dict[str, int]
) -> tuple[Postings, np.ndarray]:
    """Postings of rank-bm25's per-paragraph term frequencies, and the frequencies."""
    terms = array("q")
    counts = array("q")
    sizes = array("q")
    for document in frequencies:
        terms.extend(map(term_ids.__getitem__, document))
        counts.extend(document.values())
        sizes.append(len(document))
    docs = np.repeat(np.arange(len(frequencies), dtype=np.int32), sizes)
    postings, order = _csr(np.frombuffer(terms, dtype=np.int64), docs, len(term_ids))
    return postings, np.frombuffer(counts, dtype=np.int64)[order]


def _postings(documents: Sequence[Sequence[str]], term_ids: dict[str, int]) -> Postings:
    """For each known term, the documents that hold it (a term repeated counts once)."""
    terms = array("q")
    docs = array("q")
    for doc, document in enumerate(documents):
        found = {term_ids[term] for term in document if term in term_ids}
        terms.extend(found)
        docs.extend([doc] * len(found))
    postings, _ = _csr(
        np.frombuffer(terms, dtype=np.int64), np.frombuffer(docs, np.int64), len(term_ids)
    )
    return postings


def _csr(terms: np.ndarray, docs: np.ndarray, size: int) -> tuple[Postings, np.ndarray]:
    """Postings from (term, doc) pairs listed doc by doc; and the order that sorted them."""
    order = np.argsort(terms, kind="stable")  # stable: docs stay ascending within a term
    offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(terms, minlength=size), out=offsets[1:])
    return Postings(offsets, docs[order].astype(np.int32, copy=False)), order
