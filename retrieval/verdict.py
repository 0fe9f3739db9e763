"""Whether the report answers a question: answered, only the closest passages, or not covered.

The verdict rests on meaning alone: how close the best passage's meaning score
(``SemanticIndex.scores``) comes to the question, cut at two thresholds chosen on the tune
part of the evaluation collection (``benchmarks/tune.py``): a direct answer above the first,
the closest passages under a caveat between them, "not covered" below. BM25's share of
matched words, the rare words matched and the subject words the report never names were
tried as further evidence in a logistic model: on the held-out part they added nothing
(docs/benchmarks.md), so they went. Meaning alone also keeps the verdict on one report the
same whatever other reports a library holds, and never refuses a question only because its
words are missing.
"""

from __future__ import annotations

from retrieval.config import RankingConfig, Verdict


def decide(meaning: float, config: RankingConfig, *, foreign: bool = False) -> Verdict:
    """The verdict for a question whose best passage has this meaning score.

    A question in another language than the report's is measured against its own, lower
    thresholds: cross-lingual similarities run lower than same-language ones.
    """
    if foreign:
        answer, closest = config.foreign_answer_meaning, config.foreign_closest_meaning
    else:
        answer, closest = config.answer_meaning, config.closest_meaning
    if meaning >= answer:
        return "answered"
    if meaning >= closest:
        return "closest"
    return "not_covered"
