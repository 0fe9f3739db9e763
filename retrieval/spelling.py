"""Map a question word the report never uses to the report word it most likely meant.

Two kinds of bridge, tried in order:

* a derivational variant: one word is the other plus a derivational suffix ("react" and
  "reaction", "Asia" and "Asian", "Uzbekistan" and "Uzbek"); these are silent;
* a spelling correction: a word that is not a common English word ("Pashinian", "midle")
  close in edit distance to a report word ("Pashinyan", "middle"); the reader is told.

Common English words are never corrected into other words: "think" is not a typo for
"thin", and "presidential" in a question about an election is not "President". Commonness
comes from pyspellchecker's English word-frequency list.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process
from spellchecker import SpellChecker

from retrieval import analyze

MIN_LENGTH = 4
"""Shorter words are too ambiguous to bridge ("abot" could be many things)."""
MIN_SIMILARITY = 80.0
"""Least rapidfuzz ratio (0..100) between a misspelt word and the report word."""
COMMON_WORD_FREQUENCY = 1e-6
"""English words at least this frequent are real words, not misspellings."""
DERIVATIONAL_SUFFIXES = frozenset(
    "n an ian i is ish ese istan stan ion ions ation ations er ers or ors ing ings ed al ally "
    "ly ity ment ments ness ist ists ism ive ship".split()
)


@dataclass(frozen=True, slots=True)
class Correction:
    """A question word read as a report word."""

    original: str
    replacement: str
    """The report word as the report writes it, for "Showing results for ..."."""
    replacement_folded: str
    kind: Literal["spelling", "variant"] = "spelling"


@lru_cache(maxsize=1)
def _english() -> SpellChecker:
    return SpellChecker(language="en", distance=1)


def english_frequency(word: str) -> float:
    """How often a folded word occurs in everyday English (0 for names and typos)."""
    return float(_english().word_usage_frequency(word))


def is_common_english(word: str) -> bool:
    """Whether a folded word is an everyday English word (so never a misspelling)."""
    return english_frequency(word) >= COMMON_WORD_FREQUENCY


def subject_weight(word: str) -> float:
    """0..1: how much a word the report never uses says about a question's subject.

    Everyday words (1 in 1,000 English words or more: "say", "made", "last") say nothing;
    rare ones (1 in 100,000 or fewer: "population", "Georgia", names) say as much as any.
    """
    frequency = english_frequency(word)
    if frequency <= 0:
        return 1.0
    return min(max((-math.log10(frequency) - 3.0) / 2.0, 0.0), 1.0)


class Speller:
    """Bridges question words to one report's vocabulary."""

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
        _english()  # load the word list now rather than on a reader's first question

    def correct(self, word: str) -> Correction | None:
        """The report word that ``word`` most likely means, or None."""
        if len(word) < MIN_LENGTH or word.isdigit():
            return None
        variant = self._variant(word)
        if variant is not None:
            return self._correction(word, variant, "variant")
        if is_common_english(word):
            return None
        best = process.extractOne(word, self._words, scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY)
        return None if best is None else self._correction(word, str(best[0]), "spelling")

    def _variant(self, word: str) -> str | None:
        for candidate in self._words:
            shorter, longer = sorted((word, candidate), key=len)
            if (
                len(shorter) >= MIN_LENGTH
                and longer.startswith(shorter)
                and longer[len(shorter) :] in DERIVATIONAL_SUFFIXES
            ):
                return candidate
        return None

    def _correction(
        self, word: str, folded: str, kind: Literal["spelling", "variant"]
    ) -> Correction:
        return Correction(word, self._display.get(folded, folded), folded, kind)


def _without_possessive(word: str) -> str:
    return word[:-2] if word[-2:] in ("’s", "'s", "ʼs") else word
