"""Tables as text a reader can follow, in every format that has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import load_report
from retrieval.formats.tables import table_text


@pytest.mark.parametrize(
    ("rows", "text"),
    [
        (
            [["Country", "Exports", "Imports"], ["Turkey", "12", "30"], ["Iran", "4", ""]],
            "Country: Turkey; Exports: 12; Imports: 30\nCountry: Iran; Exports: 4",
        ),
        ([["", "2023", "2024"], ["Gas", "10", "12"]], "Gas; 2023: 10; 2024: 12"),
        ([["Only", "one row"]], "Only | one row"),
        ([["A list"], ["of cells"], [""]], "A list\nof cells"),
    ],
    ids=["headers", "row-labels", "one-row", "one-column"],
)
def test_each_row_names_its_cells_by_the_column_headers(rows: list[list[str]], text: str) -> None:
    assert table_text(rows) == text


def test_a_web_page_table_is_one_paragraph_of_named_cells_outside_the_outline(
    tmp_path: Path,
) -> None:
    page = tmp_path / "trade.html"
    page.write_text(
        "<html><head><title>Trade</title></head><body><article><h1>Trade</h1>"
        "<h2>Partners</h2><p>Exports went to two partners in the year under review.</p>"
        "<table><tr><th>Country</th><th>Exports</th></tr>"
        "<tr><td>Turkey</td><td>12</td></tr><tr><td>Iran</td><td>4</td></tr></table>"
        "<p>Both partners bought more than the year before, by a wide margin.</p>"
        "</article></body></html>"
    )
    report = load_report(page)
    assert [s.title for s in report.sections] == ["Partners"]
    assert "Country: Turkey; Exports: 12\nCountry: Iran; Exports: 4" in [
        p.text for p in report.paragraphs
    ]
