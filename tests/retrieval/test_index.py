"""Ranking: the right paragraph first, heading words, hits' fields, and honest misses."""

from __future__ import annotations

import itertools

import pytest

from retrieval import Index, QuestionError, parse

SMALL = """Fruit and Weather
Apples
Apples grow in orchards and ripen in autumn. Farmers pick them by hand.
Pears are softer than apples and bruise easily.
Weather
Rain in spring helps the blossom. A late frost can ruin the harvest.
"""


@pytest.fixture(scope="module")
def small_index() -> Index:
    return Index.build(parse(SMALL))


def test_best_paragraph_comes_first(small_index: Index) -> None:
    hit = small_index.search("When do apples ripen?").hits[0]
    assert hit.paragraph.line == 3
    assert hit.rank == 1
    assert hit.paragraph.section == ("Apples",)


def test_heading_words_count_towards_their_paragraphs(small_index: Index) -> None:
    hit = small_index.search("What about the weather?").hits[0]
    assert hit.paragraph.section == ("Weather",)


def test_hits_are_ranked_by_descending_score(small_index: Index) -> None:
    hits = small_index.search("apples", k=3).hits
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


def test_question_about_nothing_in_the_report_gets_no_hits(small_index: Index) -> None:
    assert small_index.search("Who won the football match?").hits == ()


def test_question_with_only_stop_words_is_refused(small_index: Index) -> None:
    with pytest.raises(QuestionError):
        small_index.search("what is the?")


def test_hit_names_the_answer_sentence_and_matched_words(small_index: Index) -> None:
    hit = small_index.search("late frost").hits[0]
    text = hit.paragraph.text
    assert [text[s:e] for s, e in hit.sentences] == ["A late frost can ruin the harvest."]
    assert hit.matched == ("late", "frost")


def test_misspelt_word_is_corrected_to_a_report_word(small_index: Index) -> None:
    result = small_index.search("orchrds")
    assert [c.replacement for c in result.corrections] == ["orchards"]
    assert result.hits[0].paragraph.line == 3


def test_words_the_report_never_uses_carry_a_share_of_the_question(small_index: Index) -> None:
    assert small_index.score("When do apples ripen?").unknown_share == 0.0
    assert small_index.score("When do orchrds ripen?").unknown_share == 0.0  # read as orchards
    share = small_index.score("What do pears cost in Vladivostok?").unknown_share
    assert 0.0 < share < 1.0
    assert small_index.score("Vladivostok tariffs").unknown_share == 1.0


def test_possessive_in_question_finds_section(seed_index: Index) -> None:
    hit = seed_index.search("What is Iran's view?").hits[0]
    assert hit.paragraph.section[-1] == "Iran"


def test_seed_report_answers_a_factual_question(seed_index: Index) -> None:
    hit = seed_index.search("When did the Russian peacekeepers leave Karabakh?").hits[0]
    assert hit.paragraph.line == 21
    assert "June 2024" in hit.paragraph.text
