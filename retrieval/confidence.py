"""How well a paragraph covers a question: the signal behind "the report does not cover it".

Raw BM25 scores are not comparable across questions, so the decision uses two shares of
"information" (inverse document frequency) instead:

* ``share``: the information of the question's words that the top paragraph matches, over
  all the information the question carries. A word the report never uses carries as much
  as the report's rarest word, scaled down when it is an everyday English word ("say",
  "whole") rather than a subject ("population", "election", "Georgia").
* ``matched_rare_words``: the matched information in units of the rarest word's, so that a
  long, chatty question whose paragraph matches several distinctive report words still
  counts as covered although most of its words are chatter.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Coverage:
    """Evidence that a paragraph answers a question."""

    share: float
    matched_rare_words: float

    def is_covered(self, min_share: float, min_matched_rare_words: float) -> bool:
        """Whether the evidence is strong enough to show the paragraph at all
        (the thresholds are ``RankingConfig.min_coverage`` and ``min_matched_rare_words``)."""
        return self.share >= min_share or self.matched_rare_words >= min_matched_rare_words


def coverage(
    weights: Mapping[str, float],
    paragraph_terms: Collection[str],
    idf: Callable[[str], float],
    question_mass: float,
    rarest: float,
) -> Coverage:
    """Coverage of a question (its term ``weights`` and total mass) by one paragraph."""
    matched = sum(min(w, 1.0) * idf(t) for t, w in weights.items() if t in paragraph_terms)
    share = min(matched / question_mass, 1.0) if question_mass > 0 else 0.0
    return Coverage(share, matched / rarest if rarest > 0 else 0.0)
