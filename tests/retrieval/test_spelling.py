"""Bridging unknown question words to report words: variants, misspellings, real words."""

from __future__ import annotations

import pytest

from retrieval.spelling import Speller, subject_weight

REPORT_TEXT = [
    "The reaction of Pashinyan was calm.",
    "Uzbek commentators praised the Middle Corridor.",
    "Central Asian nations are thin on options.",
    "The entire region watched the theatre of the raids.",
]


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(REPORT_TEXT)


@pytest.mark.parametrize(
    ("word", "replacement", "kind"),
    [
        ("react", "reaction", "variant"),
        ("asia", "Asian", "variant"),
        ("uzbekistan", "Uzbek", "variant"),
        ("pashinian", "Pashinyan", "spelling"),
        ("midle", "Middle", "spelling"),
    ],
)
def test_unknown_word_is_read_as_report_word(
    speller: Speller, word: str, replacement: str, kind: str
) -> None:
    correction = speller.correct(word)
    assert correction is not None
    assert (correction.replacement, correction.kind) == (replacement, kind)


@pytest.mark.parametrize(
    "word", ["think", "train", "presidential", "wrongdoing", "gratuitous", "abot", "uzb"]
)
def test_real_english_and_too_short_words_are_left_alone(speller: Speller, word: str) -> None:
    assert speller.correct(word) is None


@pytest.mark.parametrize("word", ["centre", "colours", "neighbouring", "organisation", "defence"])
def test_british_spellings_are_english_words_not_typos(speller: Speller, word: str) -> None:
    assert speller.correct(word) is None  # "centre" is not a typo for the report's "entire"


def test_everyday_words_say_less_about_the_subject_than_rare_ones() -> None:
    assert subject_weight("say") < 0.2
    assert subject_weight("population") > 0.8
    assert subject_weight("shikhlinskiy") == 1.0


def test_other_spellings_of_a_name_are_found_but_not_of_english_words() -> None:
    speller = Speller(["Pashinyan met Pashniyan and Pashinian.", "The thin man will think."])
    assert set(speller.name_variants("pashinian")) == {"pashinyan", "pashniyan"}
    assert speller.name_variants("think") == []
