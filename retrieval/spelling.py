"""Map a question word the report never uses to the report word it most likely meant.

Two kinds of bridge, tried in order:

* a derivational variant: one word is the other plus a derivational suffix ("react" and
  "reaction", "Asia" and "Asian", "Uzbekistan" and "Uzbek"); these are silent;
* a spelling correction: a word that is not an English word ("Pashinian", "midle") close
  in edit distance to a report word ("Pashinyan", "middle"); the reader is told.

A word of the English dictionary is never corrected into another, however rare it is:
"think" is not a typo for "thin", nor "ongoing" for "going". The dictionary is
pyspellchecker's English word-frequency list.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process
from spellchecker import SpellChecker

from retrieval import analyze
from retrieval.config import RankingConfig

_DEFAULT = RankingConfig()
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


BRITISH_SPELLINGS = (
    (re.compile(r"our"), "or"),  # colour, neighbouring, behaviour
    (re.compile(r"tre(s?)$"), r"ter\1"),  # centre, theatres
    (re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"),  # organise, organisation
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),  # analyse, paralysed
    (re.compile(r"ence(s?)$"), r"ense\1"),  # defence, offences
    (re.compile(r"mme(s?)$"), r"m\1"),  # programme
    (re.compile(r"ogue(s?)$"), r"og\1"),  # catalogue, dialogues
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),  # travelled, modelling
)
"""British endings and the American ones the dictionary (an American word list) knows."""


@lru_cache(maxsize=65_536)
def english_frequency(word: str) -> float:
    """How often a folded word occurs in everyday English (0 for names and typos).

    A British spelling counts as often as its American one: "centre" is a word, and not a
    typo for some report word that looks like it ("entire").
    """
    frequency = float(_english().word_usage_frequency(word))
    if frequency > 0:
        return frequency
    american = (pattern.sub(replacement, word) for pattern, replacement in BRITISH_SPELLINGS)
    return max(
        (float(_english().word_usage_frequency(other)) for other in american if other != word),
        default=0.0,
    )


def is_english_word(word: str) -> bool:
    """Whether a folded word is in the English dictionary, however rare ("ongoing")."""
    return english_frequency(word) > 0


def is_common_english(word: str, threshold: float = _DEFAULT.common_word_frequency) -> bool:
    """Whether a folded word is an everyday English word (``threshold``: how frequent)."""
    return english_frequency(word) >= threshold


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
    """Bridges question words to one vocabulary (a report's, or a library's).

    Neither bridge scans the vocabulary in Python: a derivational variant is one of a few
    dozen spellings (the word plus or minus a suffix) looked up in a dict, and a misspelling
    is compared only with the words that share enough letters and length to reach
    ``RankingConfig.min_similarity``. At 1,000 reports (33,000 words) a question word took 9 ms and
    2.2 ms that way before; see docs/benchmarks.md, "Scale".
    """

    def __init__(self, texts: Iterable[str], config: RankingConfig = _DEFAULT) -> None:
        counts: Counter[str] = Counter()
        display: dict[str, str] = {}
        for text in texts:
            for written, word, _term in analyze.scan(text):
                counts[word] += 1
                display.setdefault(word, without_possessive(written))
        # Most frequent first, so a tie goes to the word the report uses most.
        self._setup([word for word, _ in counts.most_common()], display, config)

    @classmethod
    def from_words(
        cls, words: Sequence[str], display: Mapping[str, str], config: RankingConfig = _DEFAULT
    ) -> Speller:
        """A speller over ``words`` (folded, most frequent first) and how each is written."""
        speller = cls.__new__(cls)
        speller._setup(list(words), dict(display), config)
        return speller

    def _setup(self, words: list[str], display: dict[str, str], config: RankingConfig) -> None:
        self._min_length = config.min_bridge_length
        self._min_similarity = config.min_similarity
        self._common = config.common_word_frequency
        self._words = words
        self._display = display
        self._rank = {word: rank for rank, word in enumerate(words)}
        self._lengths = np.array([len(word) for word in words], dtype=np.int32)
        self._letters = np.array([_letters(word) for word in words], dtype=np.uint32)
        _english()  # load the word list now rather than on a reader's first question

    @property
    def words(self) -> tuple[str, ...]:
        """The vocabulary, most frequent first."""
        return tuple(self._words)

    def written(self, word: str) -> str:
        """How the texts write a folded word (its first occurrence)."""
        return self._display.get(word, word)

    def correct(self, word: str) -> Correction | None:
        """The report word that ``word`` most likely means, or None."""
        if len(word) < self._min_length or word.isdigit():
            return None
        variant = self._variant(word)
        if variant is not None:
            return self._correction(word, variant, "variant")
        if is_english_word(word):
            return None
        best = self._closest(word)
        return None if best is None else self._correction(word, best, "spelling")

    def name_variants(self, word: str) -> list[str]:
        """Other spellings the texts use for a name-like word ("Pashinian": "Pashinyan", ...).

        Reports spell transliterated names several ways; a word that is not everyday English
        is joined by the vocabulary words as similar as ``RankingConfig.min_similarity`` that
        are not either.
        """
        if len(word) <= self._min_length or is_common_english(word, self._common):
            return []
        found = process.extract(
            word,
            self._candidates(word),
            scorer=fuzz.ratio,
            score_cutoff=self._min_similarity,
            limit=8,
        )
        return [
            str(other)
            for other, _score, _index in found
            if other != word and not is_common_english(str(other), self._common)
        ]

    def _variant(self, word: str) -> str | None:
        """The most frequent word that is ``word`` plus or minus a derivational suffix."""
        found = [word + suffix for suffix in DERIVATIONAL_SUFFIXES]
        found += [
            word[: -len(suffix)]
            for suffix in DERIVATIONAL_SUFFIXES
            if word.endswith(suffix) and len(word) - len(suffix) >= self._min_length
        ]
        ranked = [(self._rank[w], w) for w in found if w in self._rank]
        return min(ranked)[1] if ranked else None

    def _closest(self, word: str) -> str | None:
        """The vocabulary word most similar to ``word`` (``RankingConfig.min_similarity`` or more).

        The same answer as one ``extractOne`` over the whole vocabulary (the best ratio, the
        most frequent word among equals), asked only of the words that could reach the
        cutoff. A ratio r allows (1 - r/100) * (both lengths) insertions and deletions, and
        a word needs at least one for each letter only one of the two words has, and at
        least as many as their lengths differ: both bounds are counted with numpy for the
        whole vocabulary at once.
        """
        best = process.extractOne(
            word, self._candidates(word), scorer=fuzz.ratio, score_cutoff=self._min_similarity
        )
        return None if best is None else str(best[0])

    def _candidates(self, word: str) -> list[str]:
        """The vocabulary words that could reach the least similarity, most frequent first."""
        letters = np.uint32(_letters(word))
        differing = self._letters ^ letters
        needed = _BITS[differing & 0xFFFF] + _BITS[differing >> 16]
        needed = np.maximum(needed, np.abs(self._lengths - len(word)))
        allowed = (1.0 - self._min_similarity / 100.0) * (self._lengths + len(word))
        candidates = np.flatnonzero(needed <= allowed + 1e-9)  # a margin for rounding
        return [self._words[i] for i in candidates]

    def _correction(
        self, word: str, folded: str, kind: Literal["spelling", "variant"]
    ) -> Correction:
        return Correction(word, self._display.get(folded, folded), folded, kind)


def _letters(word: str) -> int:
    """A 32-bit set of the letters of a folded word (other characters share 6 bits)."""
    bits = 0
    for char in word:
        code = ord(char)
        bits |= 1 << (code - 97 if 97 <= code <= 122 else 26 + code % 6)
    return bits


# Set bits of every 16-bit number: two look-ups count a 32-bit letter set.
_BITS = np.array([bin(n).count("1") for n in range(1 << 16)], dtype=np.int32)


def without_possessive(word: str) -> str:
    """A written word without its possessive "'s" ("Azerbaijan’s": "Azerbaijan")."""
    return word[:-2] if word[-2:] in ("’s", "'s", "ʼs") else word
