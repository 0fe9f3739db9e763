"""Parsing: title, nested outline, paragraphs with their lines, for plain text and Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import Report, ReportError, load_report, parse
from retrieval.formats.outline import Block, assemble
from tests.conftest import SEED


def outline(report: Report) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in report.sections]


def test_seed_outline_is_nested_as_published(seed_report: Report) -> None:
    assert seed_report.title == "PSCRP-BESA Reports No 140 (July 6, 2025)"
    assert outline(seed_report) == [
        (1, "Introduction"),
        (1, "Azerbaijan’s reaction"),
        (1, "What is behind the scenes?"),
        (2, "Russian arrogance and racism"),
        (2, "Russia’s weakening region-wide"),
        (1, "How do the others see that?"),
        (2, "Turkey"),
        (2, "Iran"),
        (1, "Conclusion"),
    ]


def test_seed_paragraphs_are_the_file_lines_verbatim(seed_report: Report) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert len(seed_report.paragraphs) == 30
    for paragraph in seed_report.paragraphs:
        assert paragraph.text == lines[paragraph.line - 1]


def test_paragraph_knows_its_section_path(seed_report: Report) -> None:
    by_line = {p.line: p for p in seed_report.paragraphs}
    assert by_line[2].section == ("Introduction",)
    assert by_line[20].section == ("What is behind the scenes?", "Russia’s weakening region-wide")
    assert by_line[31].section == ("How do the others see that?", "Iran")
    assert by_line[37].section == ("Conclusion",)


def test_subtree_gathers_paragraphs_of_nested_sections(seed_report: Report) -> None:
    behind = next(s for s in seed_report.sections if s.title == "What is behind the scenes?")
    lines = [p.line for p in seed_report.subtree(behind.number)]
    assert lines == [17, 18, 20, 21, 22, 23, 24, 25, 26]


FLAT = """My Report
Opening words of the report come before any heading.
First part
The first part says one thing. It says it at length.
Second part
The second part says another thing.
"""


def test_flat_headings_stay_at_the_top_level() -> None:
    report = parse(FLAT)
    assert outline(report) == [(1, "Introduction"), (1, "First part"), (1, "Second part")]
    assert [p.line for p in report.paragraphs] == [2, 4, 6]


def test_stacked_headings_nest_until_a_closing_heading() -> None:
    text = "\n".join(
        [
            "Title",
            "Why did it happen?",
            "Money",
            "Money was short for years.",
            "Pride",
            "Pride was wounded.",
            "Conclusion",
            "It happened for both reasons.",
        ]
    )
    assert outline(parse(text)) == [
        (1, "Why did it happen?"),
        (2, "Money"),
        (2, "Pride"),
        (1, "Conclusion"),
    ]


def test_heading_that_ends_with_question_mark_is_a_heading() -> None:
    report = parse("Title\nWhat next?\nNobody knows what comes next.\n")
    assert outline(report) == [(1, "What next?")]


def test_sentence_like_short_lines_are_body_text() -> None:
    report = parse("Title\nIt ended.\nNobody knows what comes next, or when.\n")
    assert [p.text for p in report.paragraphs] == [
        "It ended.",
        "Nobody knows what comes next, or when.",
    ]


def test_markdown_headings_give_explicit_levels() -> None:
    text = """# The Report

Intro text here.

## Background

Some background.

### Detail

A detail that
wraps over two lines.

## Outlook

What comes next.
"""
    report = parse(text)
    assert report.title == "The Report"
    assert outline(report) == [
        (1, "Introduction"),
        (1, "Background"),
        (2, "Detail"),
        (1, "Outlook"),
    ]
    detail = report.paragraphs[2]
    assert detail.text == "A detail that wraps over two lines."
    assert detail.line == 11
    assert detail.section == ("Background", "Detail")


def test_report_without_headings_is_one_section() -> None:
    report = parse("Title\nOne paragraph of text.\nAnother paragraph of text.\n")
    assert outline(report) == [(1, "Full text")]
    assert len(report.paragraphs) == 2


def test_crlf_and_byte_order_mark_are_ignored() -> None:
    report = parse("\ufeffTitle\r\nSection\r\nBody text of the section.\r\n")
    assert report.title == "Title"
    assert outline(report) == [(1, "Section")]
    assert report.paragraphs[0].text == "Body text of the section."
    assert report.paragraphs[0].line == 3


def test_blank_line_separated_paragraphs_are_reflowed() -> None:
    text = "Title\n\nHeading\n\nFirst paragraph\ncontinues here.\n\nSecond paragraph.\n"
    report = parse(text)
    assert [p.text for p in report.paragraphs] == [
        "First paragraph continues here.",
        "Second paragraph.",
    ]
    assert [p.line for p in report.paragraphs] == [5, 8]


def test_one_paragraph_per_line_with_blank_lines_only_around_headings() -> None:
    text = "Title\n\nHeading\n\nFirst paragraph.\nSecond paragraph.\n\nNext\n\nThird one.\n"
    report = parse(text)
    assert [p.text for p in report.paragraphs] == [
        "First paragraph.",
        "Second paragraph.",
        "Third one.",
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\n", "empty"),
        ("Title only", "no paragraphs"),
        ("# Title\n\n## Heading\n", "no paragraphs"),
    ],
)
def test_reports_without_paragraphs_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ReportError, match=reason):
        parse(text)


def test_missing_file_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="not found"):
        load_report(tmp_path / "absent.txt")


def test_non_utf8_file_is_a_report_error(tmp_path: Path) -> None:
    file = tmp_path / "latin1.txt"
    file.write_bytes("Titre\nCaf\xe9 cr\xe8me est bon.\n".encode("latin-1"))
    with pytest.raises(ReportError, match="not UTF-8"):
        load_report(file)


def test_folder_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="folder"):
        load_report(tmp_path)


def test_headings_of_one_given_level_are_siblings_when_the_levels_skip() -> None:
    blocks = [
        Block("Report", 1, heading=True, level=1),
        Block("Purpose", 2, heading=True, level=4),
        Block("Why the bill.", 3),
        Block("Background", 4, heading=True, level=4),
        Block("How it came.", 5),
        Block("Detail", 6, heading=True, level=5),
        Block("A detail.", 7),
        Block("Costs", 8, heading=True, level=4),
        Block("What it costs.", 9),
    ]
    report = assemble("Title", blocks)
    assert [(s.level, s.title) for s in report.sections] == [
        (1, "Report"),
        (2, "Purpose"),
        (2, "Background"),
        (3, "Detail"),
        (2, "Costs"),
    ]
