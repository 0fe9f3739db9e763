"""The command menu and its examples come from the reports being served."""

from __future__ import annotations

from bot.conversation.examples import examples
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
