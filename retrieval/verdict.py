"""Whether the report answers a question: answered, only the closest passages, or not covered.

Two signals, each kept because it caught more unanswerable questions on the held-out part
of the evaluation collection at a small cost in answerable ones (docs/benchmarks.md):

* how close the first passage's closest sentence comes to the question: its cosine, cut at
  two thresholds chosen on the tune part (``benchmarks/tune.py``): a direct answer above
  the first, the closest passages under a caveat between them, "not covered" below. A
  question the report does not answer ("What is the population of Baku?") often shares a
  whole passage's subject, and none of its sentences' facts. The best passage's own
  cosine, its cosine less its hubness and the best sentence of the whole report separated
  less (lower AUC on the tune part's easy negatives);
* whether that sentence holds the kind of fact an English question asks for
  (``retrieval.answer_type``): "How many ...?" answered by a sentence without a number is
  at best the closest passage.

Meaning keeps the verdict on one report the same whatever other reports a library holds,
and never refuses a question only because its words are missing.
"""

from __future__ import annotations

from retrieval.config import RankingConfig, Verdict


def decide(
    meaning: float, config: RankingConfig, *, foreign: bool = False, agrees: bool = True
) -> Verdict:
    """The verdict for a question whose evidence (a cosine) is ``meaning``.

    A question in another language than the report's is measured against its own, lower
    thresholds: cross-lingual similarities run lower than same-language ones. ``agrees``:
    whether the evidence holds the kind of fact the question asks for; when it does not,
    the passage is at best the closest.
    """
    if foreign:
        answer, closest = config.foreign_answer_meaning, config.foreign_closest_meaning
    else:
        answer, closest = config.answer_meaning, config.closest_meaning
    if meaning >= answer and agrees:
        return "answered"
    if meaning >= closest:
        return "closest"
    return "not_covered"
