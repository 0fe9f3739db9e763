"""What reading one library file may cost, and the checks that hold a reader to it.

A library folder is outside data: a zip that unpacks to gigabytes, a small Word file of a
million paragraphs or a 200 MB text file must cost only itself. ``Limits`` bounds each
file's size, a Word file's unpacked size, paragraphs, pages, time and memory; a file over
one is refused with a ``LimitError`` that names the limit. The checks here run before the
format's reader (sizes, declared pages) and after it (paragraphs, pages found), inside the
worker process of ``retrieval.isolation``, which enforces the time and memory limits.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO

from retrieval.report import Report, ReportError, brief

MB = 1_000_000


@dataclass(frozen=True, slots=True)
class Limits:
    """The most one file may cost to read; the defaults are several times a long report's."""

    file_bytes: int = 50 * MB
    """The file's size. A 500-page report as a PDF is 5-30 MB; a bot may download 20 MB."""
    unpacked_bytes: int = 200 * MB
    """A Word file's parts unpacked, images included, as the zip declares them and as they
    unpack: a Word file's zip rarely unpacks to ten times its size."""
    paragraphs: int = 100_000
    """Paragraphs of one report (for Word, the paragraphs its XML holds, counted before
    parsing). The longest real reports have a few thousand."""
    pages: int = 2_000
    """Pages of a PDF, as it declares them and as read."""
    seconds: float = 300.0
    """Wall time to parse one file; a 36-page PDF took 86 s on a busy 2-core machine."""
    memory_bytes: int = 2_000 * MB
    """Address space of the process parsing one file (libraries mapped included)."""


class LimitError(ReportError):
    """A file refused because reading it would cost more than a limit allows."""

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(message)
        self.limit = limit
        """Which limit: "file size", "unpacked size", "paragraphs", "pages", "time", "memory"."""


def over(limit: str, where: str, found: str, allowed: str) -> LimitError:
    """The error for ``where`` over ``limit``: what was found and what is allowed."""
    return LimitError(limit, f"{where} is over the {limit} limit: {found} (at most {allowed})")


def megabytes(size: int) -> str:
    """A size in MB for a message ("1,074 MB")."""
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / MB:,.2f} MB"


def check_size(size: int, where: str, limits: Limits) -> None:
    """Refuse a file larger than ``limits.file_bytes``."""
    if size > limits.file_bytes:
        raise over("file size", where, megabytes(size), megabytes(limits.file_bytes))


_WORD_BODY = "word/document.xml"
_PARAGRAPH_TAGS = (b"<w:p>", b"<w:p ")
_CHUNK = 1 << 20


def check_word_file(raw: bytes, where: str, limits: Limits) -> None:
    """Refuse a Word file whose zip declares or unpacks to more than allowed.

    The declared sizes are checked first, from the zip's directory; then every part is
    unpacked a megabyte at a time, counting what it really holds (a zip that declares less
    than it holds fails its checksum) and the body's paragraphs, so that nothing large is
    ever in memory before the reader builds its tree.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(raw))
    except zipfile.BadZipFile:
        return  # not a zip: the reader says so in its own words
    with archive:
        members = archive.infolist()
        declared = sum(member.file_size for member in members)
        if declared > limits.unpacked_bytes:
            allowed = megabytes(limits.unpacked_bytes)
            raise over("unpacked size", where, f"it declares {megabytes(declared)}", allowed)
        unpacked = 0
        for member in members:
            unpacked += _unpack(archive, member, where, limits.unpacked_bytes - unpacked, limits)


def _unpack(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, where: str, room: int, limits: Limits
) -> int:
    """Unpack one part within ``room`` bytes; count the body's paragraphs. Its size."""
    size = paragraphs = 0
    tail = b""
    try:
        with archive.open(member) as part:
            while chunk := part.read(_CHUNK):
                size += len(chunk)
                if size > room:
                    allowed = megabytes(limits.unpacked_bytes)
                    raise over("unpacked size", where, "its parts unpack to more", allowed)
                if member.filename == _WORD_BODY:
                    window = tail + chunk
                    paragraphs += sum(window.count(tag) for tag in _PARAGRAPH_TAGS)
                    tail = chunk[-4:]  # a tag cut by the chunk is counted once, in the window
                    if paragraphs > limits.paragraphs:
                        raise over("paragraphs", where, "more", f"{limits.paragraphs:,}")
    except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as error:
        damaged = f"Cannot read the Word file {where}: its zip is damaged ({brief(error)})"
        raise ReportError(damaged) from None
    return size


def check_declared_pages(raw: bytes, where: str, limits: Limits) -> None:
    """Refuse a PDF whose page tree declares more than ``limits.pages`` pages."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(PDFDocument(PDFParser(BytesIO(raw))).catalog["Pages"])
        count = int(resolve1(pages["Count"]))
    except Exception:  # a damaged PDF: the reader says so in its own words
        return
    if count > limits.pages:
        raise over("pages", where, f"{count:,} pages", f"{limits.pages:,}")


def check_report(report: Report, where: str, limits: Limits) -> None:
    """Refuse a parsed report with more paragraphs or pages than allowed."""
    if len(report.paragraphs) > limits.paragraphs:
        found = f"{len(report.paragraphs):,} paragraphs"
        raise over("paragraphs", where, found, f"{limits.paragraphs:,}")
    pages = max((p.page or 0 for p in report.paragraphs), default=0)
    if report.format == "pdf" and pages > limits.pages:
        raise over("pages", where, f"{pages:,} pages", f"{limits.pages:,}")
