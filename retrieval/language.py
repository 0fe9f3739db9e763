"""Whether a question is in English, the language of the reports this bot serves.

Deliberately simple and dependency-free: a question is foreign when most of its letters are
not Latin (Cyrillic, Arabic, CJK ...), or when fewer than half of its words are everyday
English words or words of the report. Names the report uses count as known, so "Caliber
Telegram channel" is English; "Azərbaycan Rusiya ilə tədbiri ləğv etdimi?" is not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from retrieval import analyze
from retrieval.config import RankingConfig
from retrieval.spelling import is_common_english

_DEFAULT = RankingConfig()
_WORD = re.compile(r"[^\W\d_]{2,}")


def is_foreign(
    question: str,
    vocabulary: Collection[str],
    known: Collection[str] = (),
    config: RankingConfig = _DEFAULT,
) -> bool:
    """Whether a question looks written in another language than English.

    Deliberately simple: most of its letters are not Latin (Cyrillic, Arabic, CJK ...), or
    fewer than half of its words of two letters or more are everyday English words, words
    of the report (``vocabulary`` holds its stemmed terms) or words in ``known`` (folded
    words the speller bridged to report words). Names the report uses count as known, so
    "Caliber Telegram channel" is English; "Azərbaycan Rusiya ilə tədbiri ləğv etdimi?"
    is not.
    """
    letters = [char for char in question if char.isalpha()]
    if not letters:
        return False
    non_latin = sum(not unicodedata.name(char, "").startswith("LATIN") for char in letters)
    if non_latin > config.non_latin_share * len(letters):
        return True
    words = [analyze.fold(word) for word in _WORD.findall(question)]
    if not words:
        return False
    recognised = sum(
        word in known
        or is_common_english(word, config.common_word_frequency)
        or analyze.stem(word) in vocabulary
        for word in words
    )
    return recognised < config.known_word_share * len(words)
