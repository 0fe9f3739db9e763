"""Whether the report answers a question: answered, only the closest passages, or not covered.

Three signals, each kept because it gained on the held-out part of the evaluation
collection (docs/benchmarks.md), each cut at a threshold chosen on the tune part
(``benchmarks/tune.py``):

* "not covered" when no passage comes close: the best passage's cosine is under the lower
  threshold (2 % of the tune part's answerable questions are);
* a direct answer only when a sentence of the first passage comes close: the cosine of
  its closest sentence is over the upper threshold (90 % of them are). A question the
  report does not answer ("What is the population of Baku?") often shares a whole
  passage's subject, and none of its sentences' facts. The best passage's own cosine, its
  cosine less its hubness and the best sentence of the whole report separated less (lower
  AUC on the tune part's easy negatives);
* and only when that sentence holds the kind of fact an English question asks for
  (``retrieval.answer_type``): "How many ...?" answered by a sentence without a number is
  at best the closest passage.

An English question whose words the report never uses ("What is the currency of
Belarus?" of a report that names no currency) must come closer still: its sentence's
cosine is counted less ``unknown_words_penalty`` times the share of the question's
information in those words (``Scoring.unknown_share``). A report rarely answers what it
has no word for, while a paraphrase keeps most of its subject words the report's.

Anything between is the closest passages, under a caveat. Meaning keeps the verdict on one
report the same whatever other reports a library holds, and never refuses a question only
because its words are missing.
"""

from __future__ import annotations

from retrieval.config import RankingConfig, Verdict


def decide(
    passage: float,
    sentence: float,
    config: RankingConfig,
    *,
    foreign: bool = False,
    agrees: bool = True,
    unknown_share: float = 0.0,
) -> Verdict:
    """The verdict for a question: ``passage``, the best passage's cosine with it;
    ``sentence``, the cosine of the first passage's closest sentence; ``agrees``, whether
    that sentence holds the kind of fact the question asks for; ``unknown_share``, the
    share of the question's information in words the report never uses.

    A question in another language than the report's is measured against its own, lower
    thresholds: cross-lingual similarities run lower than same-language ones.
    """
    if foreign:
        answer, closest = config.foreign_answer_meaning, config.foreign_closest_meaning
    else:
        answer, closest = config.answer_meaning, config.closest_meaning
    if passage < closest:
        return "not_covered"
    unknown = penalty_for_unknown_words(unknown_share, config, foreign=foreign)
    if sentence - unknown >= answer and agrees:
        return "answered"
    return "closest"


def penalty_for_unknown_words(
    unknown_share: float, config: RankingConfig, *, foreign: bool = False
) -> float:
    """What a question's words the report never uses take off its sentence's cosine; none
    for a question in another language, every word of which is foreign to the report."""
    return 0.0 if foreign else config.unknown_words_penalty * unknown_share
