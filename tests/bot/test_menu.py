"""The command menu and its examples come from the reports being served."""

from __future__ import annotations

import pytest

from bot.conversation.examples import examples, names_a_topic
from bot.conversation.menu import commands
from retrieval import Index, Library, Report, parse
from tests.conftest import SOLAR_REPORT


def test_menu_examples_come_from_the_report_served() -> None:
    solar = parse(SOLAR_REPORT)
    menu = dict(commands(1, examples(Index.build(solar))))
    assert menu["section"].endswith("/section Mini-grids")
    assert menu["ask"].endswith("/ask Tell me about Rooftop panels")
    assert "reports" not in menu
    assert "Iran" not in " ".join(menu.values())


def test_menu_of_a_library_offers_reports_and_draws_on_every_report(
    seed_report: Report,
) -> None:
    index = Index.build(Library((parse(SOLAR_REPORT), seed_report)))
    found = examples(index, count=5)
    menu = dict(commands(2, found))
    assert "reports" in menu
    assert found.questions[0] == "Tell me about Rooftop panels"
    assert any("Iran" in q or "Turkey" in q for q in found.questions)


GENERIC_FIRST = """Grid report 2024
Executive summary
Panels and mini-grids are spreading across Kenya.
Overview
The grid reaches most towns.
Introduction
This report looks at power.
II. Key findings
Tariffs fell in every county.
Solar tariffs
Tariffs for rooftop solar fell by half in Nairobi.
Mini-grid operators
Operators in Turkana sell power by the hour.
"""


def test_examples_come_from_headings_that_name_a_topic() -> None:
    found = examples(Index.build(parse(GENERIC_FIRST)), count=3)
    assert found.questions == ("Tell me about Solar tariffs", "Tell me about Mini-grid operators")
    assert [hit.paragraph.section[-1] for hit in found.answers] == [
        "Solar tariffs",
        "Mini-grid operators",
    ]


@pytest.mark.parametrize(
    ("heading", "topical"),
    [
        ("Executive summary", False),
        ("Overview", False),
        ("Introduction", False),
        ("II. Key findings", False),
        ("About this report", False),
        ("Chapter 3", False),
        ("Summary and recommendations", False),
        ("Iran", True),
        ("Azerbaijan’s reaction", True),
        ("Recommendations for donors", True),
    ],
)
def test_a_heading_names_a_topic_unless_every_word_is_generic(heading: str, topical: bool) -> None:
    assert names_a_topic(heading) is topical
