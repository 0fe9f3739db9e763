"""Markdown through a real parser: front matter, quoted headings, text as a reader sees it."""

from __future__ import annotations

from pathlib import Path

from retrieval import Report, load_report, parse


def outline(report: Report) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in report.sections]


ARTICLE = """---
title: "Gas: a European story"
date: 2025-03-12
---

__Callum Fraser__ | 12 March 2025

![Figure 1: gas imports](imports.png)

## Why *now*?

Europe [changed suppliers](https://example.org/a) after `2022`,
and quickly.

> ## Quoted heading
>
> A quoted paragraph.

Steps taken:

- Buy liquefied gas
- Build terminals
  1. in Germany
  2. in Italy

| Year | Imports |
|------|---------|
| 2021 | 400 |

Setext heading
--------------

Last words.
"""


def test_front_matter_title_and_headings_anywhere() -> None:
    report = parse(ARTICLE)
    assert report.title == "Gas: a European story"
    assert outline(report) == [
        (1, "Introduction"),
        (1, "Why now?"),
        (1, "Quoted heading"),
        (1, "Setext heading"),
    ]


def test_paragraphs_are_plain_text_with_their_lines() -> None:
    report = parse(ARTICLE)
    assert [(p.line, p.text) for p in report.paragraphs] == [
        (6, "Callum Fraser | 12 March 2025"),
        (8, "Figure 1: gas imports"),
        (12, "Europe changed suppliers after 2022, and quickly."),
        (17, "A quoted paragraph."),
        (
            19,
            "Steps taken:\n• Buy liquefied gas\n• Build terminals\n  1. in Germany\n  2. in Italy",
        ),
        (26, "Year: 2021; Imports: 400"),
        (33, "Last words."),
    ]


def test_first_heading_is_the_title_and_its_children_move_up() -> None:
    report = parse("# Report\n\nOpening.\n\n## Part\n\nBody.\n\n### Detail\n\nMore.\n")
    assert report.title == "Report"
    assert outline(report) == [(1, "Introduction"), (1, "Part"), (2, "Detail")]


def test_md_file_with_underlined_headings_is_markdown(tmp_path: Path) -> None:
    file = tmp_path / "report.md"
    text = "My *report*\n\nPart one\n--------\n\nA paragraph with **bold** words.\n"
    file.write_text(text, encoding="utf-8")
    report = load_report(file)
    assert (report.title, report.format) == ("My report", "markdown")
    assert outline(report) == [(1, "Part one")]
    assert [p.text for p in report.paragraphs] == ["A paragraph with bold words."]


def test_md_file_in_plain_text_shape_is_read_as_plain_text(tmp_path: Path) -> None:
    file = tmp_path / "report.md"
    file.write_text("Title\nPart one\nA paragraph of the part.\n", encoding="utf-8")
    report = load_report(file)
    assert (report.format, outline(report)) == ("text", [(1, "Part one")])


def test_first_line_title_leaves_the_heading_after_it() -> None:
    report = parse("Title\n# Heading\nBody text.\n")
    assert (report.title, outline(report)) == ("Title", [(1, "Heading")])
