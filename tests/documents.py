"""Documents the tests build in every format, with text known line by line.

PDFs are typeset with fpdf2 one line at a time, as a typesetter would, so every line
break, column and running header is known and the expected paragraphs can be written out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

BODY = 10
LEADING = 14


class Typesetter:
    """A4 pages in points with a running header and a page number on every page."""

    def __init__(self, header: str = "Gas Report 2025 - Institute of Energy") -> None:
        self.pdf = FPDF(format="A4", unit="pt")
        self.pdf.set_auto_page_break(False)
        self.header = header

    def page(self) -> None:
        self.pdf.add_page()
        self.put(56, 30, self.header, 8)
        self.put(290, 810, str(self.pdf.page_no()), 8)

    def put(self, x: float, y: float, text: str, size: float = BODY, style: str = "") -> None:
        self.pdf.set_font("Helvetica", style=style, size=size)
        self.pdf.text(x, y, text)

    def lines(self, x: float, y: float, lines: Sequence[str]) -> float:
        """Body lines from baseline ``y`` down; returns the baseline after the last."""
        for line in lines:
            self.put(x, y, line)
            y += LEADING
        return y

    def heading(self, y: float, text: str, size: float, level: int | None = None) -> None:
        if level is not None:
            self.pdf.start_section(text, level=level)
        self.put(56, y, text, size, "B")

    def save(self, path: Path) -> Path:
        path.write_bytes(bytes(self.pdf.output()))
        return path


def gas_report(path: Path, bookmarks: bool) -> Path:
    """Two pages: a title, a footnote, a hyphenated line, then two columns."""
    doc = Typesetter()
    doc.page()
    doc.put(56, 90, "How Europe Buys Gas", 22, "B")
    doc.heading(130, "Why it changed", 15, 0 if bookmarks else None)
    end = doc.lines(
        56,
        160,
        [
            "Europe bought most of its gas from Russia until 2022, when the",
            "war made that trade a political risk. Imports fell by four fifths",
            "within a year, and the gap was filled from elsewhere.",
        ],
    )
    doc.pdf.set_font("Helvetica", size=BODY)
    marker_x = 56 + doc.pdf.get_string_width(
        "within a year, and the gap was filled from elsewhere."
    )
    doc.put(marker_x, end - LEADING - 4, "1", 6)  # a superscript note marker
    doc.lines(
        56,
        end + 10,
        [
            "Norway and the United States took the largest share of the",
            "new trade, with liquefied gas arriving by ship at new termi-",
            "nals on the coast, some of them built in a region-wide rush",
            "and some of them floating units moored in a region-",
            "wide network of ports.",
        ],
    )
    doc.put(56, 770, "1 Eurostat, monthly imports by partner, 2023.", 7)
    doc.page()
    doc.heading(90, "Prices", 12, 1 if bookmarks else None)
    left = doc.lines(
        56,
        115,
        ["Prices rose fivefold in one", "summer and fell back only", "slowly the next year."],
    )
    doc.lines(
        56,
        left + 10,
        ["Households paid the most,", "since their contracts were", "renewed at the peak and not"],
    )
    right = doc.lines(310, 115, ["hedged in advance as those", "of industry mostly were."])
    doc.lines(
        310,
        right + 10,
        [
            "Governments answered with",
            "price caps and subsidies",
            "worth three per cent of output.",
        ],
    )
    doc.heading(300, "Conclusion", 15, 0 if bookmarks else None)
    doc.lines(56, 325, ["Europe adapted faster than anyone expected."])
    return doc.save(path)


ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>How Europe Buys Gas | Institute of Energy</title></head>
<body>
<div id="cookie-banner"><p>We use cookies to improve your experience on this site.</p>
<button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/research">Research</a></li></ul>
</nav></header>
<main>
<article>
<h1>How Europe Buys Gas</h1>
<p class="byline">By Callum Fraser | 12 March 2025</p>
<p>Europe bought most of its gas from Russia until 2022, when the war made that trade a
political risk. Imports fell by four fifths within a year.</p>
<section><h2>Why it changed</h2></section>
<p>Norway and the United States took the largest share of the new trade, with
<a href="/lng">liquefied gas</a> arriving by ship at new terminals on the coast.</p>
<p>The report recommends two steps:</p>
<ul><li>Diversify suppliers across three continents</li>
<li>Build storage for two winters of demand</li></ul>
<div class="newsletter-signup"><p>Subscribe to our newsletter for weekly analysis.</p></div>
<h3>Prices</h3>
<p>Prices rose fivefold in one summer and fell back only slowly, hurting <em>households</em>
most.</p>
<figure><img src="chart.png" alt=""><figcaption>Figure 1: Imports by source</figcaption></figure>
<h2>Conclusion</h2>
<p>Europe adapted faster than anyone expected, at a price households will remember.</p>
</article>
<aside class="related"><h2>Related articles</h2><ul>
<li><a href="/a">Oil in the Caspian: a new scramble for pipelines</a></li></ul></aside>
</main>
<footer><p>© 2025 Institute of Energy. All rights reserved.</p></footer>
</body></html>
"""
"""A saved article page: cookie banner, navigation, a newsletter box inside the article,
related articles and a footer around it. The article's lines are known (see the tests)."""


def word_report(path: Path, rendered_pages: bool = False) -> Path:
    """A Word report: title style, byline, headings, a bulleted and a numbered list, a
    table, a caption; with ``rendered_pages``, Word's mark of where page 2 begins."""
    from docx import Document
    from docx.oxml import OxmlElement

    document = Document()
    document.core_properties.title = "Property title, not shown"
    document.add_paragraph("How Europe Buys Gas", style="Title")
    document.add_paragraph("Callum Fraser | 12 March 2025")
    document.add_paragraph("Europe changed where it buys gas after 2022.")
    document.add_heading("Why it changed", level=1)
    document.add_paragraph("The report recommends two steps:")
    document.add_paragraph("Diversify suppliers", style="List Bullet")
    document.add_paragraph("Build storage", style="List Bullet")
    document.add_heading("Prices", level=2)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Year", "Price"), ("2022", "High")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("Figure 1: Imports by source")
    document.add_paragraph("Governments chose one step:")
    document.add_paragraph("Cap prices", style="List Number")
    document.add_heading("Conclusion", level=1)
    last = document.add_paragraph("Europe adapted faster than expected.")
    if rendered_pages:
        last.runs[0]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    document.save(str(path))
    return path
