"""Map a question word the report never uses to the report word it most likely meant.

Readers misspell names ("Pashinian" for "Pashinyan", "midle" for "middle"). A word is
corrected only when it is long enough to judge and a report word is close in edit
distance; the index then searches the report word at a lower weight.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from retrieval import analyze

MIN_LENGTH = 4
"""Shorter words are too ambiguous to correct ("abot" could be many things)."""
MIN_SIMILARITY = 80.0
"""Least rapidfuzz ratio (0..100) between the question word and the report word."""


@dataclass(frozen=True, slots=True)
class Correction:
    """A question word replaced by a report word."""

    original: str
    replacement: str
    """The report word as the report writes it, for "Showing results for ..."."""
    replacement_folded: str


class Speller:
    """Corrects words against one report's vocabulary."""

    def __init__(self, texts: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        self._display: dict[str, str] = {}
        for text in texts:
            for token in analyze.tokens(text):
                counts[token.word] += 1
                written = _without_possessive(text[token.start : token.end])
                self._display.setdefault(token.word, written)
        # Most frequent first, so a tie goes to the word the report uses most.
        self._words = [word for word, _ in counts.most_common()]

    def correct(self, word: str) -> Correction | None:
        """The closest report word to ``word``, or None when nothing is close enough."""
        if len(word) < MIN_LENGTH or word.isdigit():
            return None
        best = process.extractOne(word, self._words, scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY)
        if best is None:
            return None
        folded = str(best[0])
        return Correction(word, self._display.get(folded, folded), folded)


def _without_possessive(word: str) -> str:
    return word[:-2] if word[-2:] in ("’s", "'s", "ʼs") else word
