"""PDF: outline, re-flowed paragraphs and pages of documents built with fpdf2."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from retrieval import Report, ReportError, load_report
from tests.documents import Typesetter, gas_report


def outline(report: Report) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in report.sections]


@pytest.fixture(params=[True, False], ids=["bookmarks", "font-sizes"])
def gas(request: pytest.FixtureRequest, tmp_path: Path) -> Report:
    return load_report(gas_report(tmp_path / "gas.pdf", bookmarks=request.param))


def test_pdf_outline_comes_from_bookmarks_or_font_sizes(gas: Report) -> None:
    assert gas.title == "How Europe Buys Gas"
    assert gas.format == "pdf"
    assert outline(gas) == [
        (1, "Why it changed"),
        (2, "Prices"),
        (1, "Conclusion"),
        (1, "Footnotes"),
    ]


def test_pdf_paragraphs_are_reflowed_with_their_page_and_line(gas: Report) -> None:
    assert [(p.page, p.line, p.section[-1], p.text) for p in gas.paragraphs] == [
        (
            1,
            3,
            "Why it changed",
            "Europe bought most of its gas from Russia until 2022, when the war made that "
            "trade a political risk. Imports fell by four fifths within a year, and the gap "
            "was filled from elsewhere.",
        ),
        (
            1,
            6,
            "Why it changed",
            "Norway and the United States took the largest share of the new trade, with "
            "liquefied gas arriving by ship at new terminals on the coast, some of them built "
            "in a region-wide rush and some of them floating units moored in a region-wide "
            "network of ports.",
        ),
        (
            2,
            2,
            "Prices",
            "Prices rose fivefold in one summer and fell back only slowly the next year.",
        ),
        (
            2,
            5,
            "Prices",
            "Households paid the most, since their contracts were renewed at the peak and not "
            "hedged in advance as those of industry mostly were.",
        ),
        (
            2,
            10,
            "Prices",
            "Governments answered with price caps and subsidies worth three per cent of output.",
        ),
        (2, 14, "Conclusion", "Europe adapted faster than anyone expected."),
        (1, 11, "Footnotes", "1 Eurostat, monthly imports by partner, 2023."),
    ]


def test_a_paragraph_cut_by_a_page_break_is_one_paragraph(tmp_path: Path) -> None:
    doc = Typesetter()
    doc.page()
    doc.put(56, 90, "Short Note", 22, "B")
    doc.lines(56, 130, ["The first page ends in the middle of a", "sentence that goes on"])
    doc.page()
    doc.lines(56, 90, ["over the page break.", "", "A second paragraph."])
    report = load_report(doc.save(tmp_path / "note.pdf"))
    assert [(p.page, p.text) for p in report.paragraphs] == [
        (1, "The first page ends in the middle of a sentence that goes on over the page break."),
        (2, "A second paragraph."),
    ]


def test_pdf_without_a_text_layer_says_it_looks_scanned(tmp_path: Path) -> None:
    doc = FPDF()
    doc.add_page()
    doc.rect(20, 20, 100, 60, style="F")  # a page that is only a picture
    file = tmp_path / "scan.pdf"
    file.write_bytes(bytes(doc.output()))
    with pytest.raises(ReportError, match="no text layer"):
        load_report(file)


def test_a_file_that_is_not_a_pdf_is_one_clear_error(tmp_path: Path) -> None:
    file = tmp_path / "broken.pdf"
    file.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(ReportError, match="Cannot read the PDF"):
        load_report(file)


def test_chapter_headings_at_the_top_of_each_page_are_not_running_headers(
    tmp_path: Path,
) -> None:
    doc = Typesetter()
    for chapter in (1, 2, 3):
        doc.page()
        doc.put(56, 60, f"Chapter {chapter}", 16, "B")
        doc.lines(56, 100, [f"The story of chapter {chapter} is told in full here."])
    report = load_report(doc.save(tmp_path / "chapters.pdf"))
    assert report.title == "chapters"  # no title of its own: the file's name
    assert [s.title for s in report.sections] == ["Chapter 1", "Chapter 2", "Chapter 3"]
    assert [(p.page, p.text) for p in report.paragraphs] == [
        (chapter, f"The story of chapter {chapter} is told in full here.") for chapter in (1, 2, 3)
    ]


def test_heading_numbers_nest_headings_of_one_size_and_contents_pages_go(
    tmp_path: Path,
) -> None:
    doc = Typesetter()
    doc.page()
    doc.put(56, 90, "Numbered Report", 22, "B")
    doc.put(56, 130, "Contents", 15, "B")
    for index, entry in enumerate(["1 Introduction", "1.1 Scope", "1.2 Aims", "2 Results"]):
        doc.lines(56, 160 + 20 * index, [f"{entry} . . . . . . . . . . . . {index + 2}"])
    doc.page()
    for index, heading in enumerate(["1 Introduction", "1.1 Scope", "1.2 Aims", "2 Results"]):
        doc.heading(90 + 60 * index, heading, 13)
        doc.lines(56, 115 + 60 * index, [f"What {heading[heading.index(' ') + 1 :]} covers."])
    report = load_report(doc.save(tmp_path / "numbered.pdf"))
    assert outline(report) == [
        (1, "Contents"),
        (1, "1 Introduction"),
        (2, "1.1 Scope"),
        (2, "1.2 Aims"),
        (1, "2 Results"),
    ]
    assert [p.text for p in report.paragraphs] == [
        "What Introduction covers.",
        "What Scope covers.",
        "What Aims covers.",
        "What Results covers.",
    ]


def test_a_line_starting_with_a_dash_or_after_a_bracket_continues_its_paragraph(
    tmp_path: Path,
) -> None:
    doc = Typesetter()
    doc.page()
    doc.put(56, 90, "Wrapped Lines", 22, "B")
    doc.lines(
        56,
        130,
        [
            "Literacy in the richest countries",
            "- once rare - is a recent achievement. The act (P.L. 95-91)",
            "was amended twice.",
            "- a real item",
        ],
    )
    doc.page()
    doc.lines(56, 90, ["The end."])
    report = load_report(doc.save(tmp_path / "wrapped.pdf"))
    assert [p.text for p in report.paragraphs] == [
        "Literacy in the richest countries - once rare - is a recent achievement. The act "
        "(P.L. 95-91) was amended twice.",
        "- a real item",
        "The end.",
    ]


def test_a_running_header_that_changes_by_chapter_leaks_into_no_paragraph(
    tmp_path: Path,
) -> None:
    doc = Typesetter(header="")
    for chapter, pages in ((1, 3), (2, 3), (3, 4)):
        for page in range(pages):
            doc.page()
            doc.put(56, 30, f"Chapter {chapter}: Part {chapter}", 8)
            if page == 0:
                doc.heading(70, f"Chapter {chapter}", 16)
            doc.lines(56, 100, [f"Text of chapter {chapter}, page {page + 1}, ends here."])
    report = load_report(doc.save(tmp_path / "chapters.pdf"))
    assert not [p.text for p in report.paragraphs if "Part" in p.text]
    assert len(report.paragraphs) == 10


def test_paragraphs_carry_the_page_as_printed_from_the_page_labels(tmp_path: Path) -> None:
    doc = Typesetter(header="")
    doc.page()
    doc.pdf.set_page_label("r")  # front matter: i, ii
    doc.put(56, 90, "Labelled Report", 22, "B")
    doc.lines(56, 130, ["The foreword is on the first page."])
    doc.page()
    doc.lines(56, 90, ["The contents would be here."])
    doc.page()
    doc.pdf.set_page_label("D", label_start=1)  # the body counts from 1
    doc.lines(56, 90, ["The first chapter starts on the third sheet."])
    report = load_report(doc.save(tmp_path / "labelled.pdf"))
    assert [(p.page, p.label) for p in report.paragraphs] == [(1, "i"), (2, "ii"), (3, "1")]


def test_a_pdf_without_page_labels_has_none(gas: Report) -> None:
    assert {p.label for p in gas.paragraphs} == {None}


def test_title_page_lines_are_metadata_not_sections(tmp_path: Path) -> None:
    doc = Typesetter()
    doc.page()
    doc.put(56, 90, "Export Controls Today", 24, "B")
    doc.put(56, 130, "Jane Doe and John Roe", 14, "B")
    doc.put(56, 160, "Institute of Trade, March 2025", 14, "B")
    doc.page()
    doc.heading(90, "Summary", 15)
    doc.lines(56, 120, ["Export controls are changing fast, and so are the lists of goods."] * 3)
    report = load_report(doc.save(tmp_path / "cover.pdf"))
    assert report.title == "Export Controls Today"
    assert outline(report) == [(1, "Introduction"), (1, "Summary")]
    assert [p.text for p in report.paragraphs[:2]] == [
        "Jane Doe and John Roe",
        "Institute of Trade, March 2025",
    ]


def test_a_heading_after_the_body_begins_on_the_title_page_stays_a_heading(
    tmp_path: Path,
) -> None:
    doc = Typesetter(header="")
    doc.page()
    doc.put(56, 60, "Protests and Censorship", 24, "B")
    body = "More than seventy websites were blocked over the last weeks, after the election."
    doc.lines(56, 100, [body, body, body])
    doc.heading(160, "Background", 18)  # at once followed by its first subheading
    doc.heading(186, "The election of August", 14)
    doc.lines(56, 210, [body, body, body])
    report = load_report(doc.save(tmp_path / "cover.pdf"))
    assert outline(report) == [
        (1, "Introduction"),
        (1, "Background"),
        (2, "The election of August"),
    ]


def test_centred_capitals_in_body_size_are_headings(tmp_path: Path) -> None:
    doc = Typesetter(header="")
    doc.page()
    doc.put(56, 90, "Committee Report", 22, "B")
    body = "The committee considered the bill and reports it favourably with changes."
    doc.pdf.set_font("Helvetica", size=10)
    centre = 56 + doc.pdf.get_string_width(body) / 2  # headings centred on the text
    for index, heading in enumerate(["PURPOSE OF THE BILL", "LEGISLATIVE HISTORY"]):
        top = 140 + 120 * index
        doc.pdf.set_font("Helvetica", size=8)
        doc.put(centre - doc.pdf.get_string_width(heading) / 2, top, heading, 8)
        doc.lines(56, top + 24, [body, body, body])
    report = load_report(doc.save(tmp_path / "report.pdf"))
    assert [s.title for s in report.sections] == ["PURPOSE OF THE BILL", "LEGISLATIVE HISTORY"]


def test_a_short_heading_over_a_subtitle_in_its_style_is_not_one_wrapped_heading(
    tmp_path: Path,
) -> None:
    doc = Typesetter(header="")
    doc.page()
    doc.put(56, 60, "Conference Recap", 24, "B")
    body = "The day brought together more than two hundred people from the branches."
    doc.lines(56, 90, [body, body, body])
    doc.page()  # the title page's own large lines are metadata
    for index, heading in enumerate(["Highlights", "Seen and Heard"]):
        top = 120 + 200 * index
        doc.heading(top, heading, 18)
        doc.heading(top + 22, "2019 Legislative Data and Transparency Conference", 18)
        doc.lines(56, top + 50, [body, body, body])
    doc.heading(560, "A heading the typesetter had to wrap because it runs far too", 18)
    doc.heading(582, "long for the measure of the page", 18)
    doc.lines(56, 610, [body, body, body])
    report = load_report(doc.save(tmp_path / "recap.pdf"))
    assert [s.title for s in report.sections] == [
        "Introduction",
        "Highlights",
        "2019 Legislative Data and Transparency Conference",
        "Seen and Heard",
        "2019 Legislative Data and Transparency Conference",
        "A heading the typesetter had to wrap because it runs far too long for the measure "
        "of the page",
    ]


def test_a_table_is_one_paragraph_a_row_a_line_with_its_column_headers(tmp_path: Path) -> None:
    doc = Typesetter(header="")
    doc.page()
    doc.put(56, 90, "Trade in Figures", 22, "B")
    doc.heading(130, "Exports", 15)
    intro = [
        "Exports grew in every country the survey covers, and most of the growth came",
        "from goods sold to neighbours in the region, as the table shows for three.",
    ]
    doc.lines(56, 160, intro)
    rows = [("Country", "Exports", "Imports"), ("Turkey", "12", "9"), ("Greece", "7", "11")]
    rows += [("United Kingdom", "1,046", "332")]
    for index, row in enumerate(rows):
        for x, cell in zip((56, 220, 320), row, strict=True):
            doc.put(x, 200 + 16 * index, cell)
    doc.lines(56, 280, ["The figures are in billions of dollars."])
    report = load_report(doc.save(tmp_path / "table.pdf"))
    assert outline(report) == [(1, "Exports")]
    assert [p.text for p in report.paragraphs] == [
        " ".join(intro),
        "Country: Turkey; Exports: 12; Imports: 9\n"
        "Country: Greece; Exports: 7; Imports: 11\n"
        "Country: United Kingdom; Exports: 1,046; Imports: 332",
        "The figures are in billions of dollars.",
    ]


def test_two_columns_of_prose_or_names_side_by_side_are_not_a_table(tmp_path: Path) -> None:
    doc = Typesetter(header="")
    doc.page()
    doc.put(56, 90, "Committee Members", 22, "B")
    names = [("Jane Doe, Ohio", "John Roe, Utah"), ("Ann Poe, Iowa", "Bob Moe, Texas")]
    names += [("Cy Low, Maine", "Di Rowe, Idaho")]
    for index, (left, right) in enumerate(names):
        doc.put(56, 130 + 14 * index, left)
        doc.put(300, 130 + 14 * index, right)
    report = load_report(doc.save(tmp_path / "roster.pdf"))
    assert all("|" not in p.text and ":" not in p.text for p in report.paragraphs)
    assert "Jane Doe, Ohio" in report.paragraphs[0].text
