"""Word: heading styles give the outline; lists and tables stay paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import ReportError, load_report
from tests.documents import word_report


def test_word_outline_comes_from_heading_styles(tmp_path: Path) -> None:
    report = load_report(word_report(tmp_path / "gas.docx"))
    assert (report.title, report.format) == ("How Europe Buys Gas", "docx")
    assert [(s.level, s.title) for s in report.sections] == [
        (1, "Introduction"),
        (1, "Why it changed"),
        (2, "Prices"),
        (1, "Conclusion"),
    ]


def test_word_lists_and_tables_are_paragraphs_in_their_section(tmp_path: Path) -> None:
    report = load_report(word_report(tmp_path / "gas.docx"))
    assert [(p.line, p.section[-1], p.text, p.page) for p in report.paragraphs] == [
        (2, "Introduction", "Callum Fraser | 12 March 2025", None),
        (3, "Introduction", "Europe changed where it buys gas after 2022.", None),
        (
            5,
            "Why it changed",
            "The report recommends two steps:\n• Diversify suppliers\n• Build storage",
            None,
        ),
        (9, "Prices", "Year: 2022; Price: High", None),
        (10, "Prices", "Figure 1: Imports by source", None),
        (11, "Prices", "Governments chose one step:\n• Cap prices", None),
        (14, "Conclusion", "Europe adapted faster than expected.", None),
    ]


def test_word_pages_follow_words_rendered_page_breaks(tmp_path: Path) -> None:
    report = load_report(word_report(tmp_path / "gas.docx", rendered_pages=True))
    assert [p.page for p in report.paragraphs] == [1, 1, 1, 1, 1, 1, 2]


def test_a_file_that_is_not_a_word_file_is_one_clear_error(tmp_path: Path) -> None:
    file = tmp_path / "broken.docx"
    file.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ReportError, match=r"broken\.docx: not a Word \.docx file"):
        load_report(file)


def test_a_title_set_over_several_title_paragraphs_is_one_title(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    for line in ("United States Legislative Markup", "", "Review Guide for", "Version 2.0"):
        document.add_paragraph(line, style="Title")
    document.add_heading("Introduction", level=1)
    document.add_paragraph("This guide explains the changes.")
    document.save(str(tmp_path / "guide.docx"))
    report = load_report(tmp_path / "guide.docx")
    assert report.title == "United States Legislative Markup Review Guide for Version 2.0"
    assert [s.title for s in report.sections] == ["Introduction"]


def test_bold_lines_are_headings_in_a_file_without_heading_styles(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    for project in ("Documents in USLM", "FR/CFR Pilot"):
        document.add_paragraph().add_run(project).bold = True
        document.add_paragraph(f"Goal: convert the documents of {project} into XML.")
        document.add_paragraph("Objectives:").runs[0].bold = True
        document.add_paragraph("Promote interoperability", style="List Bullet")
    document.save(str(tmp_path / "gpo_projects.docx"))
    report = load_report(tmp_path / "gpo_projects.docx")
    assert report.title == "gpo projects"  # two headings share the first one's level
    assert [(s.level, s.title) for s in report.sections] == [
        (1, "Documents in USLM"),
        (1, "FR/CFR Pilot"),
    ]
