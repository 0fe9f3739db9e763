"""Readers for each format a report is published in, all giving the same ``Report``.

``read`` picks the reader from the file's suffix. Text-based formats share the outline
rules of ``retrieval.formats.outline``; each reader module knows one format and its library.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from retrieval.formats.markdown import looks_like_markdown, parse_markdown
from retrieval.formats.text import parse_plain
from retrieval.report import Report, ReportError

FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}
"""File suffixes read as reports, and the format each names."""

PARSER_VERSION = 3
"""The version of what the readers make of a file. Parsed reports are cached on disk under
it (``retrieval.parsed``): bump it with any change to a reader that changes a ``Report``
(its title, outline, paragraphs, lines or pages), or readers keep being served the old."""


def format_of(path: str | Path) -> str:
    """The format a file's suffix names; any other suffix is read as text."""
    return FORMATS.get(Path(path).suffix.lower(), "text")


def read(path: str | Path) -> Report:
    """Read and parse a report file, raising ``ReportError`` with a readable reason."""
    file = Path(path)
    if not file.exists():
        raise ReportError(f"Report file not found: {file}")
    if file.is_dir():
        raise ReportError(f"Report path is a folder, not a file: {file}")
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise ReportError(f"Cannot read report file {file}: {error.strerror}") from None
    return parse_bytes(raw, format_of(file), str(file))


def parse_bytes(raw: bytes, format: str, source: str) -> Report:
    """Parse a file's bytes as ``format`` (a value of ``FORMATS``); ``source`` names it."""
    reader = _binary_readers().get(format)
    if reader is not None:
        return reader(raw, source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportError(f"Report file is not UTF-8 text: {source}") from None
    if format == "markdown" and looks_like_markdown(text, setext=True):
        return parse_markdown(text, source=source)
    return parse_text(text, source=source)


def parse_text(text: str, *, source: str = "") -> Report:
    """Parse text in memory: Markdown when it has ``#`` headings or front matter, else plain."""
    if looks_like_markdown(text):
        return parse_markdown(text, source=source)
    return parse_plain(text, source=source)


def _binary_readers() -> dict[str, Callable[[bytes, str], Report]]:
    """Readers of the formats that are not text, imported only when a file needs them.

    Their libraries (pdfminer, lxml and readability, python-docx) take a while to import and
    most libraries hold one format; none of these modules imports this one.
    """

    def pdf(raw: bytes, source: str) -> Report:
        from retrieval.formats.pdf import parse_pdf

        return parse_pdf(raw, source=source)

    def html(raw: bytes, source: str) -> Report:
        from retrieval.formats.html import parse_html

        return parse_html(raw, source=source)

    def docx(raw: bytes, source: str) -> Report:
        from retrieval.formats.docx import parse_docx

        return parse_docx(raw, source=source)

    return {"pdf": pdf, "html": html, "docx": docx}
