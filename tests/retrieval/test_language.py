"""Which language a question is in: names are never foreign, six languages told apart."""

from __future__ import annotations

import pytest

from retrieval import Index
from retrieval.language import ENGLISH, content_words, language_of, transliterate


@pytest.mark.parametrize(
    "question",
    ["Peskov", "Erdogan", "Zakharova?", "Lukashenko", "GAO", "Putin and Aliyev", "tl;dr"],
)
def test_a_name_alone_is_english(seed_index: Index, question: str) -> None:
    assert language_of(question, seed_index.vocabulary) == ENGLISH


@pytest.mark.parametrize(
    "question",
    [
        "what is this about?",
        "tell me more",
        "and Turkey?",
        "What was the impact in Iran?",
        "Who will die in the war?",
        "Is the organisation's programme working?",
    ],
)
def test_short_english_questions_are_english(seed_index: Index, question: str) -> None:
    assert language_of(question, seed_index.vocabulary) == ENGLISH


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Welche Rolle spielt die Türkei in diesem Konflikt?", "de"),
        ("Warum?", "de"),
        ("Wer ist Aliyev?", "de"),
        ("Was geschah am 27. Juni in Jekaterinburg?", "de"),
        ("Кто такой Песков?", "ru"),
        ("Что случилось в Екатеринбурге?", "ru"),
        ("Хто такий Пєсков?", "uk"),
        ("Що сталося в Єкатеринбурзі?", "uk"),
        ("Kremlin ne dedi?", "tr"),
        ("Azerbaycan nasıl tepki verdi?", "tr"),
        ("Kim öldü?", "tr"),
        ("Kreml nə dedi?", "az"),
        ("Zaxarova nə dedi?", "az"),
        ("Daha çox danış", "az"),
        ("Bəs Türkiyə?", "az"),
        ("پسکوف کیست؟", "fa"),
        ("این گزارش درباره چیست؟", "fa"),
    ],
)
def test_short_questions_of_six_languages_are_told_apart(
    seed_index: Index, question: str, language: str
) -> None:
    assert language_of(question, seed_index.vocabulary) == language


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Песков", "peskov"), ("Захарова", "zakharova"), ("Шихлінський", "shikhlinskiy")],
)
def test_a_cyrillic_name_is_written_as_english_writes_it(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic) == latin


@pytest.mark.parametrize(
    ("question", "content"),
    [
        ("Welche Rolle spielt die Türkei?", "Rolle spielt Türkei"),
        ("Что случилось в Екатеринбурге 27 июня?", "случилось Екатеринбурге 27 июня"),
        ("Zaxarova nə dedi?", "Zaxarova"),
    ],
)
def test_other_languages_function_words_are_not_searched_as_english_words(
    question: str, content: str
) -> None:
    """Written in Latin letters, "die" would be the English verb and "в" the letter "v"."""
    assert content_words(question) == content
