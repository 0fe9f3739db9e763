"""The analyser: folding, apostrophes, possessives, stop words, stemming, offsets."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import snowballstemmer

from retrieval.analyze import fold, stem, terms, tokens


@pytest.mark.parametrize(
    ("question_word", "report_word"),
    [
        ("Azerbaijan", "Azerbaijan’s"),
        ("azerbaijan", "Azerbaijan's"),
        ("Ozturk", "Öztürk"),
        ("KREMLIN", "Kremlin"),
        ("27", "27th"),
        ("raids", "raid"),
        ("weakening", "weakened"),
    ],
)
def test_question_word_matches_report_word(question_word: str, report_word: str) -> None:
    assert terms(question_word) == terms(report_word)


def test_possessive_matches_bare_name() -> None:
    assert fold("Russia’s") == fold("Russia") == "russia"


def test_stop_words_and_question_words_are_dropped() -> None:
    assert terms("What is the reason why they did it?") == ["reason"]


def test_hyphenated_words_are_split() -> None:
    assert terms("Baku-Novorossiysk") == ["baku", "novorossiysk"]


def test_tokens_keep_offsets_into_the_original_text() -> None:
    text = "Öztürk’s “view” of Baku"
    found = tokens(text)
    assert [text[t.start : t.end] for t in found] == ["Öztürk’s", "view", "Baku"]


def test_compatibility_forms_are_normalised() -> None:
    assert terms("ﬁnance") == terms("finance")


def test_text_without_words_has_no_terms() -> None:
    assert terms("?! … — 🙂") == []


def test_clean_question_drops_invisible_characters_and_caps_words() -> None:
    from retrieval.analyze import clean_question

    assert clean_question("Pu\u200btin\x00 said\u202e\nhello there", 3) == "Putin said hello"


def test_stemming_from_several_threads_at_once_gives_every_word_its_stem() -> None:
    # Words no other test uses, so that each is a miss of stem()'s cache and reaches the
    # stemmer itself; without the lock this failed with IndexError or wrong stems.
    words = [
        f"qz{n}{ending}" for n in range(1500) for ending in ("ational", "fulness", "izing", "ed")
    ]
    alone = snowballstemmer.stemmer("english")
    expected = {word: alone.stemWord(word) for word in words}
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        with ThreadPoolExecutor(4) as pool:
            stems = list(pool.map(stem, words))
    finally:
        sys.setswitchinterval(interval)
    assert dict(zip(words, stems, strict=True)) == expected
