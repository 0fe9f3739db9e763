"""Library files built to hurt a reader (issue 23): the tests and ``benchmarks.hostile_files``.

Each builder writes one file and returns its path. They stream what they write, so building
a file that unpacks to a gigabyte costs its compressed size in memory, not the gigabyte.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from docx import Document

DOCUMENT_XML = "word/document.xml"
_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>"
)
_CLOSE = b"<w:sectPr/></w:body></w:document>"
_CHUNK = 1 << 20


def _paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def word_file(path: Path, body: Iterable[bytes]) -> Path:
    """A .docx made by python-docx whose document body is ``body``, streamed into the zip."""
    blank = io.BytesIO()
    Document().save(blank)
    with zipfile.ZipFile(blank) as template, zipfile.ZipFile(path, "w") as out:
        for item in template.infolist():
            if item.filename != DOCUMENT_XML:
                out.writestr(item, template.read(item))
        member = zipfile.ZipInfo(DOCUMENT_XML)
        member.compress_type = zipfile.ZIP_DEFLATED
        with out.open(member, "w", force_zip64=True) as part:
            part.write(_OPEN)
            for piece in body:
                part.write(piece)
            part.write(_CLOSE)
    return path


def zip_bomb_docx(path: Path, unpacked: int = 1 << 30) -> Path:
    """A Word file of about a megabyte whose document part unpacks to ``unpacked`` bytes."""

    def body() -> Iterator[bytes]:
        yield b"<w:p><w:r><w:t>"
        spaces = b" " * _CHUNK
        for _ in range(unpacked // _CHUNK):
            yield spaces
        yield b"</w:t></w:r></w:p>"

    return word_file(path, body())


def many_paragraphs_docx(path: Path, paragraphs: int = 1_000_000) -> Path:
    """A small Word file (a few hundred kilobytes) holding ``paragraphs`` one-word paragraphs."""

    def body() -> Iterator[bytes]:
        batch = _paragraph("x") * 10_000
        for _ in range(paragraphs // 10_000):
            yield batch

    return word_file(path, body())


def understated_docx(path: Path, text: str = "word " * 200_000) -> Path:
    """A Word file whose zip says its document part is 100 bytes while it holds a megabyte.

    Both the local header and the central directory say so, as a hand-made bomb would.
    """
    blank = io.BytesIO()
    Document().save(blank)
    with zipfile.ZipFile(blank) as template, zipfile.ZipFile(path, "w") as out:
        for item in template.infolist():
            body = template.read(item)
            if item.filename == DOCUMENT_XML:
                body = _OPEN + _paragraph(text) + _CLOSE
            out.writestr(item.filename, body, zipfile.ZIP_DEFLATED)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo(DOCUMENT_XML)
        central = archive.start_dir
    struct.pack_into("<I", raw, member.header_offset + 22, 100)
    while raw[central : central + 4] == b"PK\x01\x02":
        name_length, extra, comment = struct.unpack_from("<HHH", raw, central + 28)
        if raw[central + 46 : central + 46 + name_length] == DOCUMENT_XML.encode():
            struct.pack_into("<I", raw, central + 24, 100)
        central += 46 + name_length + extra + comment
    path.write_bytes(bytes(raw))
    return path


def huge_text(path: Path, size: int, paragraph: str) -> Path:
    """A text file of ``size`` bytes: ``paragraph`` repeated, a blank line between."""
    block = (paragraph.strip() + "\n\n").encode()
    repeat = max(1, _CHUNK // len(block))
    chunk = block * repeat
    with path.open("wb") as out:
        out.write(b"A Very Long Report\n\n")
        written = 0
        while written < size:
            out.write(chunk)
            written += len(chunk)
    return path
