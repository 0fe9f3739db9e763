"""A library of reports: every report of a folder, or the one report of a file.

A report that cannot be read or parsed does not stop the others: it is skipped and named
in ``Library.skipped`` with the reason, for the caller to log. Only a library with no
usable report at all is an error.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from retrieval.formats import FORMATS
from retrieval.report import Report, ReportError, load

SUFFIXES = tuple(FORMATS)
"""Files of a folder read as reports (any case): text, Markdown, PDF, web pages and Word;
others are ignored, not skipped."""


@dataclass(frozen=True, slots=True)
class Library:
    """The reports served together, in file-name order."""

    reports: tuple[Report, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    """``(path, reason)`` for each file that could not be served."""
    source: str = ""
    """The file or folder the library was read from; empty for one built in code."""

    @property
    def paragraph_count(self) -> int:
        """Paragraphs in all the reports."""
        return sum(len(report.paragraphs) for report in self.reports)


def load_library(path: str | Path) -> Library:
    """Read a report file, or every report (any of ``SUFFIXES``) directly in a folder.

    Files are read in name order; hidden files (a leading dot) and sub-folders are left
    out. Raises ``ReportError`` for a file that cannot be served, a missing path, or a
    folder without one usable report.
    """
    where = Path(path)
    if not where.is_dir():
        return Library((load(where),), (), str(where))
    files = sorted(
        p
        for p in where.iterdir()
        if p.suffix.lower() in SUFFIXES and not p.name.startswith(".") and p.is_file()
    )
    reports: list[Report] = []
    skipped: list[tuple[str, str]] = []
    for file in files:
        try:
            reports.append(load(file))
        except ReportError as error:
            skipped.append((str(file), str(error)))
    if not files:
        raise ReportError(f"No report ({', '.join(SUFFIXES)}) in the folder {where}.")
    if not reports:
        raise ReportError(
            f"No usable report in the folder {where}: all {len(files)} report files "
            f"were skipped; the first because: {skipped[0][1]}"
        )
    return Library(tuple(reports), tuple(skipped), str(where))


def content_hash(report: Report) -> str:
    """A hash of everything a report serves: text, outline and line numbers.

    Caches are keyed by it, so an edited report is indexed and embedded again while an
    unchanged one is read back, wherever its file lives.
    """
    content: list[object] = [
        report.title,
        [[s.title, s.level, s.path, s.paragraphs] for s in report.sections],
        [[p.line, p.section, p.section_number, p.text] for p in report.paragraphs],
    ]
    if any(p.page is not None for p in report.paragraphs):
        content.append([p.page for p in report.paragraphs])  # text reports keep their hash
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()
