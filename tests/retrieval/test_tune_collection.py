"""The tuning benchmarks' collection ranks a question as the hybrid ranker does."""

from __future__ import annotations

import numpy as np

from benchmarks.collection import Asked, _bm25
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
    empty = np.zeros(2)
    return Asked(
        Question("q", question, frozenset({5}), "factual"), "tune", 0, empty, empty, empty, foreign
    )


def test_a_foreign_questions_words_are_searched_in_latin_letters() -> None:
    index = Index.build(parse(REPORT))
    question = "Что сказал Песков?"
    scores = _bm25(index, asked(question, foreign=True))
    assert np.array_equal(scores, index.score(transliterate(question)).scores)
    assert int(np.argmax(scores)) == 0
    assert not _bm25(index, asked(question, foreign=False)).any()
