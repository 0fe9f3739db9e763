"""The tuning benchmarks' collection ranks a question as the hybrid ranker does."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.collection import Asked, _bm25, _meaning
from retrieval import Index, parse
from retrieval.evaluation import Question
from retrieval.language import transliterate

REPORT = """# The raids

## Reactions

Peskov denied that Moscow was putting pressure on Baku.

## Weather

It rained in Moscow all week.
"""


def asked(question: str, *, foreign: bool) -> Asked:
    cosines, hubness, closest = np.array([0.8, 0.7]), np.array([0.1, 0.3]), np.array([0.9, 0.7])
    return Asked(
        Question("q", question, frozenset({5}), "factual"),
        "tune",
        0,
        cosines,
        cosines - hubness,
        np.array([0.9, 0.6, 0.7]),
        foreign,
        closest,
    )


def test_a_foreign_questions_words_are_searched_in_latin_letters() -> None:
    index = Index.build(parse(REPORT))
    question = "Что сказал Песков?"
    scores = _bm25(index, asked(question, foreign=True))
    assert np.array_equal(scores, index.score(transliterate(question)).scores)
    assert int(np.argmax(scores)) == 0
    assert not _bm25(index, asked(question, foreign=False)).any()


@pytest.mark.parametrize(
    ("foreign", "signal", "expected"),
    [
        (True, "meaning", [0.75, 0.4]),  # 0.5 * 0.8 + 0.5 * 0.9 - 0.1, 0.7 - 0.3
        (True, "cosines", [0.85, 0.7]),
        (False, "meaning", [0.7, 0.4]),
        (False, "cosines", [0.8, 0.7]),
    ],
)
def test_a_foreign_questions_meaning_blends_in_each_passage_s_closest_sentence(
    foreign: bool, signal: str, expected: list[float]
) -> None:
    meaning = _meaning(asked("Что сказал Песков?", foreign=foreign), signal, 0.5)
    assert meaning.tolist() == pytest.approx(expected)
