"""Web pages: the article only, h1-h6 as the outline, lines of the saved file."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import ReportError, load_report
from tests.documents import ARTICLE_PAGE


@pytest.fixture
def page(tmp_path: Path) -> Path:
    file = tmp_path / "gas.html"
    file.write_text(ARTICLE_PAGE, encoding="utf-8")
    return file


def test_web_page_outline_is_the_article_headings(page: Path) -> None:
    report = load_report(page)
    assert (report.title, report.format) == ("How Europe Buys Gas", "html")
    assert [(s.level, s.title) for s in report.sections] == [
        (1, "Introduction"),
        (1, "Why it changed"),
        (2, "Prices"),
        (1, "Conclusion"),
    ]


def test_web_page_paragraphs_leave_the_boilerplate_out(page: Path) -> None:
    report = load_report(page)
    assert [(p.line, p.section[-1], p.text) for p in report.paragraphs] == [
        (12, "Introduction", "By Callum Fraser | 12 March 2025"),
        (
            13,
            "Introduction",
            "Europe bought most of its gas from Russia until 2022, when the war made that "
            "trade a political risk. Imports fell by four fifths within a year.",
        ),
        (
            16,
            "Why it changed",
            "Norway and the United States took the largest share of the new trade, with "
            "liquefied gas arriving by ship at new terminals on the coast.",
        ),
        (
            18,
            "Why it changed",
            "The report recommends two steps:\n• Diversify suppliers across three continents"
            "\n• Build storage for two winters of demand",
        ),
        (
            23,
            "Prices",
            "Prices rose fivefold in one summer and fell back only slowly, hurting households "
            "most.",
        ),
        (25, "Prices", "Figure 1: Imports by source"),
        (
            27,
            "Conclusion",
            "Europe adapted faster than anyone expected, at a price households will remember.",
        ),
    ]
    assert all(p.page is None for p in report.paragraphs)


def test_page_without_an_article_is_one_clear_error(tmp_path: Path) -> None:
    file = tmp_path / "empty.html"
    file.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    with pytest.raises(ReportError, match=r"^No article text found in the web page .*empty\.html"):
        load_report(file)
