"""The reports served, in order, and how the bot addresses what is in them.

Every paragraph is addressed as (report, paragraph) and every section as (report,
section), report numbers counting from 1 in the library's order; one report is a library
of one. Buttons, inline results, deep links, section shortcuts and feedback rows all use
these addresses, resolved here and nowhere else.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval import Hit, Report

FORMAT = "2"
"""Version of what buttons carry; part of the tag, so buttons of older formats expire."""

_SECTION_TOKEN = re.compile(r"^(?:r(\d+))?s(\d+)$")


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph's address: its report's number in the library and its own number."""

    report: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Place:
    """A section's address: its report's number in the library and its outline number."""

    report: int
    section: int

    @property
    def token(self) -> str:
        """``s3`` for the first report, ``r2s3`` for another: for /s3 and ``?start=``."""
        return f"s{self.section}" if self.report == 1 else f"r{self.report}s{self.section}"


def parse_token(text: str) -> Place | None:
    """The place behind ``s3`` or ``r2s3`` (see ``Place.token``), or None."""
    found = _SECTION_TOKEN.match(text.strip())
    if not found:
        return None
    return Place(int(found.group(1) or 1), int(found.group(2)))


class Catalogue:
    """The served reports, their tag, and lookups between reports and their numbers."""

    def __init__(self, reports: Sequence[Report]) -> None:
        if not reports:
            raise ValueError("a catalogue needs at least one report")
        self.reports = tuple(reports)
        self.tag = report_tag(*self.reports)
        self._numbers = {id(report): n for n, report in enumerate(self.reports, start=1)}

    def number(self, report: Report) -> int:
        """The report's number in the library (1-based)."""
        found = self._numbers.get(id(report))
        return found if found is not None else self.reports.index(report) + 1

    def report(self, number: int) -> Report | None:
        """Report ``number``, or None when there is no such report."""
        return self.reports[number - 1] if 1 <= number <= len(self.reports) else None

    def passage(self, hit: Hit) -> Passage:
        """Where a hit's paragraph is."""
        return Passage(self.number(hit.report), hit.paragraph.number)

    def has_paragraph(self, passage: Passage) -> bool:
        """Whether the paragraph exists."""
        report = self.report(passage.report)
        return report is not None and 1 <= passage.paragraph <= len(report.paragraphs)

    def has_section(self, place: Place) -> bool:
        """Whether the section exists."""
        report = self.report(place.report)
        return report is not None and 1 <= place.section <= len(report.sections)


def report_key(report: Report) -> str:
    """What feedback rows name a report by: its file name (stable when the folder grows)."""
    return Path(report.source).name or report.title


def report_tag(*reports: Report) -> str:
    """Eight hex digits that change whenever any report's text or outline does."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for report in reports:
        digest.update(f"\x02{report.title}".encode())
        for section in report.sections:
            digest.update(f"\x00{section.number}{section.title}".encode())
        for paragraph in report.paragraphs:
            digest.update(f"\x01{paragraph.text}".encode())
    return digest.hexdigest()[:8]
