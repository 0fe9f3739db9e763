"""PDF, read with pdfminer.six: text lines with their fonts and places, then a report.

pdfminer.six (MIT, pure Python, maintained) gives every character's font, size and
position and the document's outline (bookmarks); pdfplumber adds table tools on top of it
that reports do not need, and PDFium's bindings give less font detail. From the lines:

* running headers, footers and page numbers go: a line in the top or bottom margin whose
  text (digits aside) repeats on at least half the pages, or that is only a page number;
* footnotes (smaller lines at the foot of a page, starting with a marker) are kept apart,
  in a "Footnotes" section at the end, each with its page; superscript note markers in
  body text are dropped;
* two-column pages are read column by column, full-width lines breaking the columns;
* headings are lines larger than body text, or bold lines of body size that have a
  heading's shape; levels follow the sizes, or the outline's levels when it has one, or
  the heading numbers ("2.13") when most headings have them;
* tables (rows of short cells side by side under the same columns) become one paragraph,
  a row a line with each cell named by its column's header;
* table-of-contents lines (dot leaders and a page number) are left out, and so is the
  rest of a page made of them, headings aside;
* paragraphs are re-flowed across lines, columns and pages, and a word hyphenated at a line
  end is joined (a hyphen the document uses elsewhere in that word is kept).

``Paragraph.line`` is the line on its page, counted in reading order without running
headers; ``Paragraph.page`` the page where the paragraph starts.

This module runs the steps: ``pdf_text`` reads lines with their fonts, ``pdf_page`` removes
page furniture and orders the lines, ``pdf_pieces`` cuts them into headings and
paragraphs, ``pdf_blocks`` picks the title and the headings' levels.
"""

from __future__ import annotations

from retrieval.formats.outline import Block, assemble
from retrieval.formats.pdf_blocks import blocks_of, title_of
from retrieval.formats.pdf_page import (
    body_size_of,
    reading_order,
    split_footnotes,
    without_running_lines,
    without_table_of_contents,
)
from retrieval.formats.pdf_pieces import (
    Piece,
    across_pages,
    footnote_pieces,
    hyphenated_words,
    line_spacing,
    page_pieces,
    reflow,
)
from retrieval.formats.pdf_tables import with_tables
from retrieval.formats.pdf_text import read_pages
from retrieval.report import Report, ReportError

FOOTNOTES = "Footnotes"


def parse_pdf(raw: bytes, *, source: str = "") -> Report:
    """Parse a PDF's text layer into a ``Report``."""
    where = source or "the PDF"
    try:
        pages, outline, info_title, labels = read_pages(raw)
    except ReportError:
        raise
    except Exception as error:  # pdfminer raises many unrelated types for broken files
        raise ReportError(f"Cannot read the PDF {where}: {type(error).__name__}") from None
    lines = [line for page in pages for line in page]
    if not lines:
        raise ReportError(
            f"The PDF {where} has no text layer (a scanned document?): run OCR on it first, "
            "for example with ocrmypdf, and serve the result."
        )
    body_size = body_size_of(lines)
    pages = without_running_lines(pages, body_size)
    pages = [without_table_of_contents(page, body_size) for page in pages]
    pieces: list[Piece] = []
    notes: list[Piece] = []
    split = [split_footnotes(page, body_size) for page in pages]
    ordered = [reading_order(with_tables(body)) for body, _foot in split]
    spacing = line_spacing(ordered)
    for body, (_body, foot) in zip(ordered, split, strict=True):
        pieces += page_pieces(body, body_size, spacing)
        notes += footnote_pieces(foot, first_line=len(body) + 1)
    hyphenated = hyphenated_words(lines)
    title, pieces = title_of(across_pages(pieces), info_title, where)
    blocks = blocks_of(pieces, outline, hyphenated)
    if notes:
        top = min((b.level or 1 for b in blocks if b.heading), default=1)
        blocks.append(Block(FOOTNOTES, notes[0].line, heading=True, level=top))
        blocks += [Block(reflow(n.text, hyphenated), n.line, page=n.page) for n in notes]
    return assemble(title, blocks, source=source, format="pdf", page_labels=labels)
