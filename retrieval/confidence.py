"""How well a paragraph covers a question: the signal behind "the report does not cover it".

Raw BM25 scores are not comparable across questions, so the decision uses a share instead:
the inverse-document-frequency mass of the question's words that the top paragraph
matches, over the mass the question carries in all. Words the report never uses count as
the rarest word, so "What is the population of Baku?" is mostly unmatched even though
"Baku" is everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping


def coverage(
    weights: Mapping[str, float],
    paragraph_terms: Collection[str],
    idf: Callable[[str], float],
    question_mass: float,
) -> float:
    """Share (0..1) of the question's information that the paragraph matches."""
    if question_mass <= 0:
        return 0.0
    matched = sum(min(w, 1.0) * idf(t) for t, w in weights.items() if t in paragraph_terms)
    return min(matched / question_mass, 1.0)
