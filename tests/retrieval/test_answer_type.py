"""What kind of fact a question asks for, and whether a passage holds one."""

from __future__ import annotations

import pytest

from retrieval.answer_type import agrees, holds, wanted


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many people were detained?", "number"),
        ("how much did the tariffs cost farmers", "number"),
        ("What percentage of households own a car?", "number"),
        ("When did the blackout start?", "date"),
        ("And when was it lifted?", "date"),
        ("In which year was the law passed?", "date"),
        ("Who ordered the shutdown?", "name"),
        ("Whose servers were blocked?", "name"),
        ("Why did Baku react so strongly?", None),
        ("What happened when the raids began?", None),
        ("How did the Kremlin respond?", None),
    ],
)
def test_question_words_say_what_kind_of_fact_is_wanted(question: str, kind: str | None) -> None:
    assert wanted(question) == kind


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Some 2 million people live there.", "number", True),
        ("Three reports were filed.", "number", True),
        ("The ministry raised the stakes.", "number", False),
        ("The law passed in 2019.", "date", True),
        ("It began in August, after the vote.", "date", True),
        ("It began after the vote.", "date", False),
        ("The order came from Minister Lukashenko.", "name", True),
        ("The order came from the ministry.", "name", False),
        ("The order came from the KGB.", "name", True),
    ],
)
def test_a_passage_holds_a_number_a_date_or_a_name(text: str, kind: str, found: bool) -> None:
    assert holds(text, kind) is found  # type: ignore[arg-type]


def test_a_passage_without_the_fact_asked_for_does_not_agree() -> None:
    assert not agrees("When did the shutdown end?", "Access was restored after protests.")
    assert agrees("When did the shutdown end?", "Access was restored on 12 August.")
    assert agrees("Why was access restored?", "Access was restored after protests.")
