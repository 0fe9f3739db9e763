"""A library of reports: every report of a folder, or the one report of a file.

A report that cannot be read or parsed does not stop the others: it is skipped and named
in ``Library.skipped`` with the reason, for the caller to log. Only a library with no
usable report at all is an error. Files are read by ``retrieval.reading.Reader`` unless
told otherwise: under limits, in a worker process. A folder's link to a file outside the
folder is skipped, never followed: whoever can write into the folder must not make the
bot serve any file its user can read.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from retrieval.formats import FORMATS
from retrieval.reading import Reader
from retrieval.report import Report, ReportError, brief

log = logging.getLogger(__name__)

SUFFIXES = tuple(FORMATS)
"""Files of a folder read as reports (any case): text, Markdown, PDF, web pages and Word;
others are ignored, not skipped."""


class Progress(Protocol):
    """Who follows a long run (files read, passages embedded): told the total, then each step."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...


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


def report_files(path: str | Path) -> list[Path]:
    """The files a library of ``path`` is read from, in name order.

    A folder's report files are those directly in it with one of ``SUFFIXES``; hidden files
    (a leading dot) and sub-folders are left out, so a file being copied under a hidden name
    is not read half-written. Any other path is its own one file, existing or not.
    """
    where = Path(path)
    if not where.is_dir():
        return [where]
    return sorted(
        p
        for p in where.iterdir()
        if p.suffix.lower() in SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def load_library(
    path: str | Path,
    *,
    read: Callable[[Path], Report] | None = None,
    progress: Progress | None = None,
) -> Library:
    """Read a report file, or every report file of a folder (``report_files``).

    Raises ``ReportError`` for a file that cannot be served, a missing path, or a folder
    without one usable report. ``read`` reads one file: by default a ``Reader`` with the
    default limits and no cache (the bot passes its own, which also keeps the reports of
    files unchanged since it last read them). ``progress`` is told of each file read.
    """
    reader = read or Reader()
    where = Path(path)
    if not where.is_dir():
        return Library((_read(where, reader),), (), str(where))
    files = report_files(where)
    reports: list[Report] = []
    skipped: list[tuple[str, str]] = []
    if progress is not None:
        progress.start(len(files))
    for file in files:
        try:
            reports.append(_read(_inside(file, where), reader))
        except ReportError as error:
            skipped.append((str(file), str(error)))
        if progress is not None:
            progress.advance()
    if not files:
        raise ReportError(f"No report ({', '.join(SUFFIXES)}) in the folder {where}.")
    if not reports:
        raise ReportError(
            f"No usable report in the folder {where}: all {len(files)} report files "
            f"were skipped; the first because: {skipped[0][1]}"
        )
    return Library(tuple(reports), tuple(skipped), str(where))


def _inside(file: Path, folder: Path) -> Path:
    """``file``, refused when it is a link that leads out of ``folder``."""
    try:
        inside = file.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError) as error:  # a loop of links, or a link gone meanwhile
        raise ReportError(f"Cannot follow the link {file}: {brief(error)}") from None
    if not inside:
        raise ReportError(f"{file} links to a file outside the folder; it is not served")
    return file


def _read(file: Path, read: Callable[[Path], Report]) -> Report:
    """``read(file)``, any failure a ``ReportError``: one odd file must not stop the others.

    The readers turn every failure they know of into a ``ReportError``; a parser library
    can still raise something unforeseen on a strange file, and a folder is served all the
    same (the traceback is logged at DEBUG for whoever debugs the reader).
    """
    try:
        return read(file)
    except ReportError:
        raise
    except Exception as error:
        log.debug("Reading %s failed", file, exc_info=True)
        raise ReportError(f"Cannot read {file}: {type(error).__name__}: {brief(error)}") from None


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
