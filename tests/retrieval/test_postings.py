"""The BM25 arrays: rank-bm25's own numbers, the disk cache, top-k, and indexed spelling."""

from __future__ import annotations

import logging
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25L, BM25Okapi, BM25Plus
from rapidfuzz import fuzz, process

from retrieval import Index, Library, RankingConfig, Report, analyze, cache, parse, postings
from retrieval.index import top
from retrieval.spelling import DERIVATIONAL_SUFFIXES, Speller
from tests.retrieval.test_library import BUDGET, ORCHARD

RANK_BM25 = {"okapi": BM25Okapi, "plus": BM25Plus, "l": BM25L}

SHIPPED = RankingConfig()
"""The speller's knobs as shipped, which the full-scan oracles below mirror."""


@pytest.fixture
def library(seed_report: Report) -> Library:
    return Library((seed_report, parse(ORCHARD), parse(BUDGET)))


def published(
    variant: str, config: RankingConfig, idf: float, tf: int, dl: int, avgdl: float
) -> float:
    """A term's score in a paragraph holding it, as the formulas are published (Robertson
    et al. for Okapi; Lv & Zhai, "When documents are very long, BM25 fails!", 2011, for
    BM25L; Lv & Zhai, "Lower-bounding term frequency normalization", 2011, for BM25+)."""
    k1, b, delta = config.k1, config.b, config.delta
    if variant == "l":
        c = tf / (1 - b + b * dl / avgdl)
        return idf * (k1 + 1) * (c + delta) / (k1 + c + delta)
    okapi = tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
    return idf * (okapi + delta) if variant == "plus" else idf * okapi


@pytest.mark.parametrize("variant", ["okapi", "plus", "l"])
def test_term_scores_are_the_published_formulas(library: Library, variant: str) -> None:
    config = RankingConfig(variant=variant)  # type: ignore[arg-type]
    data = postings.build(library.reports, config)
    documents = [
        analyze.terms(p.text) + analyze.terms(" ".join(p.section)) * config.heading_weight
        for report in library.reports
        for p in report.paragraphs
    ]
    extra = {} if variant == "okapi" else {"delta": config.delta}
    bm25 = RANK_BM25[variant](documents, k1=config.k1, b=config.b, **extra)
    assert data.terms == tuple(bm25.idf)
    assert data.idf.tolist() == list(bm25.idf.values())
    avgdl = sum(map(len, documents)) / len(documents)
    for number, term in enumerate(data.terms):
        docs = data.body[number]
        assert docs.tolist() == [d for d, terms in enumerate(documents) if term in terms]
        expected = [
            published(
                variant, config, bm25.idf[term], documents[d].count(term), len(documents[d]), avgdl
            )
            for d in docs.tolist()
        ]
        np.testing.assert_allclose(data.scores[data.body.span(number)], expected, rtol=1e-12)


def test_a_repeated_word_saturates_instead_of_multiplying() -> None:
    """rank-bm25's BM25L multiplied by the frequency again: three mentions scored 3.3 times
    one. The published BM25L saturates: a name repeated is barely more than a name said."""
    config = RankingConfig(variant="l")
    once, thrice = postings.term_scores(
        config, 30.0, np.ones(2), np.asarray([1, 3]), np.asarray([30, 30])
    )
    assert 1.0 < thrice / once < 1.3


def test_second_build_reads_the_cache(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Index.build(library, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("bm25-*.npz"))) == 1

    def not_again(*args: object) -> postings.IndexData:
        raise AssertionError("an unchanged library must not be analysed again")

    monkeypatch.setattr(postings, "build", not_again)
    again = Index.build(library, cache_dir=tmp_path)
    question = "How did Azerbaijan react to the raids?"
    assert _ranked(again, question) == _ranked(first, question)
    assert _ranked(again, "elecric buses") == _ranked(first, "elecric buses")


@pytest.mark.parametrize(
    "change",
    ["report", "config"],
    ids=["an edited report is indexed again", "another ranking knob is indexed again"],
)
def test_cache_is_rebuilt_on_change(library: Library, tmp_path: Path, change: str) -> None:
    Index.build(library, cache_dir=tmp_path)
    if change == "report":
        edited = parse(ORCHARD.replace("late frost", "late hailstorm"))
        index = Index.build(
            replace(library, reports=(*library.reports[:1], edited)), cache_dir=tmp_path
        )
        assert index.search("hailstorm").hits[0].report is edited
    else:
        Index.build(library, RankingConfig(k1=1.2), cache_dir=tmp_path)
    assert len(list(tmp_path.glob("bm25-*.npz"))) == 2


def test_cache_keeps_only_the_most_recently_used_indexes(library: Library, tmp_path: Path) -> None:
    for k1 in (0.5, 0.6, 0.7, 0.8, 0.9):
        Index.build(library, RankingConfig(k1=k1), cache_dir=tmp_path)
    assert len(list(tmp_path.glob("bm25-*.npz"))) == 1 + cache.SPARE


def test_unreadable_cache_is_rebuilt(
    library: Library, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    expected = _ranked(Index.build(library, cache_dir=tmp_path), "electric buses")
    (cached,) = tmp_path.glob("bm25-*.npz")
    cached.write_bytes(b"not an index")
    with caplog.at_level(logging.WARNING):
        index = Index.build(library, cache_dir=tmp_path)
    assert "unreadable cache file" in caplog.text
    assert _ranked(index, "electric buses") == expected
    assert _ranked(Index.build(library, cache_dir=tmp_path), "electric buses") == expected


def test_cache_that_cannot_be_written_costs_only_time(
    library: Library, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with caplog.at_level(logging.WARNING):
        index = Index.build(library, cache_dir=not_a_folder)
    assert "Cannot write the cache file" in caplog.text
    assert index.search("electric buses").hits


@pytest.mark.parametrize("k", [1, 3, 10, 50])
def test_top_k_is_a_stable_sort_of_the_positive_scores(k: int) -> None:
    rng = np.random.default_rng(k)
    for _ in range(50):
        # Few distinct values, so that ties are many; zeros are never shown.
        scores = rng.integers(0, 6, size=40).astype(float) / 2
        order = np.argsort(-scores, kind="stable")[:k]
        expected = [(int(i), float(scores[i])) for i in order if scores[i] > 0]
        assert top(scores, k) == expected


def _full_scan(words: list[str], word: str) -> str | None:
    """The speller's bridges as first written: a loop over the whole vocabulary."""
    for candidate in words:
        shorter, longer = sorted((word, candidate), key=len)
        if (
            len(shorter) >= SHIPPED.min_bridge_length
            and longer.startswith(shorter)
            and longer[len(shorter) :] in DERIVATIONAL_SUFFIXES
        ):
            return candidate
    best = process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=SHIPPED.min_similarity)
    return None if best is None else str(best[0])


def test_indexed_spelling_lookups_agree_with_a_full_scan(seed_report: Report) -> None:
    rng = random.Random(7)
    words = [*dict.fromkeys(t.word for p in seed_report.paragraphs for t in analyze.tokens(p.text))]
    speller = Speller.from_words(words, {})
    letters = "abcdefghijklmnopqrstuvwxyz"
    probes = []
    for word in rng.sample(words, 200):
        edit = rng.randrange(len(word))
        probes.append(word[:edit] + rng.choice(letters) + word[edit + 1 :])  # substitution
        probes.append(word[:edit] + word[edit + 1 :])  # deletion
        probes.append(word + rng.choice(sorted(DERIVATIONAL_SUFFIXES)))  # derivation
    for probe in probes:
        if len(probe) < SHIPPED.min_bridge_length or probe.isdigit():
            continue
        found = speller._variant(probe) or speller._closest(probe)
        assert found == _full_scan(words, probe), probe


def _ranked(index: Index, question: str) -> list[tuple[str, int, float]]:
    return [
        (h.report.title if h.report else "", h.paragraph.number, h.score)
        for h in index.search(question, 10).hits
    ]
