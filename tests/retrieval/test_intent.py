"""How a message is read: gist, section, more, follow-up or search, in seven languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from retrieval.intent import read


@pytest.mark.parametrize(
    "question",
    [
        "what is this about?",
        "What's the gist of this report?",
        "Summarise the report in a few lines",
        "tl;dr",
        "summary",
        "What are the key findings?",
        "What does it conclude?",
        "Worum geht es in diesem Bericht?",
        "О чём этот доклад?",
        "Про що ця доповідь?",
        "Bu rapor ne hakkında?",
        "Bu hesabat nə haqqındadır?",
        "این گزارش درباره چیست؟",
    ],
)
def test_gist_questions_in_any_language_ask_for_the_overview(question: str) -> None:
    assert read(question).kind == "gist"
    assert read(question, previous="How did Azerbaijan react?").kind == "gist"


@pytest.mark.parametrize("question", ["who is he?", "why?", "more", "tell me more", "Ещё"])
def test_a_question_of_common_words_alone_gets_the_overview_when_nothing_came_before(
    question: str,
) -> None:
    assert read(question).kind == "gist"


@pytest.mark.parametrize("question", ["What did the Kremlin say about Iran?", "Peskov"])
def test_questions_with_words_of_their_own_are_searched(question: str) -> None:
    reading = read(question)
    assert (reading.kind, reading.query) == ("search", question)


@pytest.mark.parametrize("question", ["tell me more", "more", "more please", "ещё", "mehr"])
def test_more_after_a_question_asks_for_its_next_passages(question: str) -> None:
    reading = read(question, previous="How did Azerbaijan react?")
    assert (reading.kind, reading.query) == ("more", "How did Azerbaijan react?")


@pytest.mark.parametrize(
    ("question", "previous", "query"),
    [
        ("and Turkey?", "How did Azerbaijan react?", "How did Turkey react?"),
        ("What about Iran?", "How did Azerbaijan react?", "How did Iran react?"),
        ("А Турция?", "Как отреагировал Азербайджан?", "Как отреагировал Турция?"),
        ("and Ohio?", "What did New Jersey ban?", "What did Ohio ban?"),
    ],
)
def test_a_name_after_and_replaces_the_previous_questions_name(
    question: str, previous: str, query: str
) -> None:
    reading = read(question, previous)
    assert (reading.kind, reading.query, reading.replaced) == ("follow_up", query, True)


@pytest.mark.parametrize(
    ("question", "previous"),
    [
        ("why?", "How did Azerbaijan react?"),
        ("what did the Kremlin say about it?", "Who died after the raids?"),
        ("who invited him?", "Why is Putin angry with Aliyev?"),
    ],
)
def test_a_short_question_pointing_back_is_read_with_the_previous_one(
    question: str, previous: str
) -> None:
    reading = read(question, previous)
    assert reading.kind == "follow_up"
    assert reading.query == f"{previous} {question}"
    assert not reading.replaced


def test_a_new_question_after_another_is_not_a_follow_up() -> None:
    reading = read("What is the population of Baku?", previous="How did Azerbaijan react?")
    assert reading.kind == "search"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("What does the section on Iran say?", "iran"),
        ("Summarise the Turkey section", "turkey"),
        ("Что в разделе о России?", "россии"),
    ],
)
def test_a_question_naming_a_section_gives_its_topic(question: str, topic: str) -> None:
    reading = read(question)
    assert (reading.kind, reading.topic) == ("section", topic)


def test_a_long_question_holding_the_word_chapter_is_a_search() -> None:
    question = "I am writing a thesis chapter on how statistics offices measure the economy"
    assert read(question).kind == "search"


@pytest.mark.parametrize(
    "question", ["What does the IMF conclude?", "What is this World Bank report about?"]
)
def test_the_reports_own_name_does_not_make_a_gist_question_a_search(question: str) -> None:
    assert read(question).kind == "gist"


@pytest.mark.parametrize(
    "question",
    ["What is this memo about?", "Worum geht es in diesem Memo?", "Bu yazı ne hakkında?"],
)
def test_whatever_a_reader_calls_this_report_asks_for_the_gist(question: str) -> None:
    assert read(question).kind == "gist"


def test_a_name_the_reports_never_use_is_the_authors_when_a_conclusion_is_asked() -> None:
    def mentioned(name: str) -> bool:
        return name == "Putin"

    assert read("What does Roser conclude?", mentioned=mentioned).kind == "gist"
    assert read("What does Putin conclude?", mentioned=mentioned).kind == "search"
    assert read("Who is the Secretary-General?", mentioned=mentioned).kind == "search"


def test_what_about_a_name_asks_about_that_name_not_the_report() -> None:
    assert read("what about OSHA?").kind == "search"
    reading = read("what about OSHA?", previous="Does the FTC protect whistleblowers?")
    assert reading.kind == "follow_up"


def test_a_short_question_opening_with_and_follows_whatever_its_own_words() -> None:
    previous = "How much money did the FTC recover in fiscal year 2024?"
    reading = read("and over the last six years?", previous)
    assert (reading.kind, reading.query) == (
        "follow_up",
        f"{previous} and over the last six years?",
    )


def test_a_gist_word_with_a_subject_of_its_own_is_a_search() -> None:
    assert read("What are the key findings on broadband prices?").kind == "search"


@pytest.mark.parametrize(
    ("question", "concluding"),
    [("What does it conclude?", True), ("Was ist das Fazit?", True), ("tl;dr", False)],
)
def test_a_gist_question_asking_for_the_conclusion_says_so(question: str, concluding: bool) -> None:
    reading = read(question)
    assert (reading.kind, reading.concluding) == ("gist", concluding)


@pytest.mark.parametrize(
    "question",
    [
        "What did GAO find?",
        "What does the study find?",
        "Was hat der Bericht festgestellt?",
        "Что обнаружил доклад?",
        "Що виявив звіт?",
        "Rapor ne buldu?",
        "Hesabat nə tapdı?",
        "این گزارش چه یافت؟",
    ],
)
def test_the_verb_of_findings_asks_for_the_gist(question: str) -> None:
    assert read(question).kind == "gist"


def test_the_verb_of_findings_with_a_subject_of_its_own_is_a_search() -> None:
    assert read("What did GAO find about the SEC's awards?").kind == "search"


def _uses(*used: str) -> Callable[[str], bool]:
    return lambda word: word in used


def test_a_word_the_reports_never_use_only_qualifies_the_gist_asked_for() -> None:
    assert read("Give me the headline findings", mentioned=_uses()).kind == "gist"
    assert read("What are the big takeaways?", mentioned=_uses()).kind == "gist"


@pytest.mark.parametrize(
    "question",
    [
        "Give me the inheritance findings",
        "What are the findings on inheritance?",
        "What do farmers say?",
        "What does the report say about Baku?",
    ],
)
def test_a_word_the_reports_use_or_a_subject_beside_a_gist_word_is_searched(
    question: str,
) -> None:
    assert read(question, mentioned=_uses("inheritance")).kind == "search"


def test_other_languages_words_are_never_the_reports_so_they_qualify_nothing() -> None:
    assert read("Bu rapor enflasyon hakkında ne diyor?", mentioned=_uses()).kind == "search"
