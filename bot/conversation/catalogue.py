"""The reports served, in order, and how the bot addresses what is in them.

Every paragraph is addressed as (report, paragraph) and every section as (report,
section), report numbers counting from 1 in the library's order; one report is a library
of one. Buttons, inline results, section shortcuts and feedback rows all use these addresses;
deep links name the report by a key from its file name instead, since they outlive a
renumbering. All are resolved here and nowhere else.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval import Hit, Report
from retrieval.library import content_hash

FORMAT = "3"
"""Version of what buttons carry; part of the tag, so buttons of older formats expire."""
TAG_LENGTH = 8
VOTE_VERSION_LENGTH = 8
"""Hex digits of a report's version a vote keeps (``Catalogue.vote_key``)."""

_SECTION_TOKEN = re.compile(r"^(?:r(\d+))?s(\d+)$")
LINK_KEY_LENGTH = 6
_LINK_TOKEN = re.compile(rf"^([0-9a-f]{{{LINK_KEY_LENGTH}}})s(\d+)$")


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
        """``s3`` for the first report, ``r2s3`` for another: the /s3 shortcuts."""
        return f"s{self.section}" if self.report == 1 else f"r{self.report}s{self.section}"


def parse_token(text: str) -> Place | None:
    """The place behind ``s3`` or ``r2s3`` (see ``Place.token``), or None."""
    found = _SECTION_TOKEN.match(text.strip())
    if not found:
        return None
    return Place(int(found.group(1) or 1), int(found.group(2)))


def is_link_token(text: str) -> bool:
    """Whether ``text`` is what a deep link carries: a report's link key and a section
    (``Catalogue.link_token``), or a report number and a section (older links)."""
    return bool(_LINK_TOKEN.match(text) or _SECTION_TOKEN.match(text))


class Catalogue:
    """The served reports, their versions, and lookups between reports and their numbers."""

    def __init__(self, reports: Sequence[Report]) -> None:
        if not reports:
            raise ValueError("a catalogue needs at least one report")
        self.reports = tuple(reports)
        self._numbers = {id(report): n for n, report in enumerate(self.reports, start=1)}
        self._versions = tuple(content_hash(report) for report in self.reports)
        self.tag = self.tag_of(range(1, len(self.reports) + 1))
        """The tag of every report: changes whenever any report does."""

    def tag_of(self, numbers: Iterable[int]) -> str:
        """Eight hex digits naming reports ``numbers`` as served now: each number and text.

        A button carries the tag of the reports it points into, so it keeps working while
        other reports are added, changed or removed, and is refused once its own report was
        changed or removed, or another report took its number.
        """
        digest = hashlib.sha256(f"format {FORMAT}".encode())
        for number in sorted(set(numbers)):
            served = 1 <= number <= len(self._versions)
            digest.update(f"\x03{number}:{self._versions[number - 1] if served else '-'}".encode())
        return digest.hexdigest()[:TAG_LENGTH]

    def number(self, report: Report) -> int:
        """The report's number in the library (1-based)."""
        found = self._numbers.get(id(report))
        return found if found is not None else self.reports.index(report) + 1

    def report(self, number: int) -> Report | None:
        """Report ``number``, or None when there is no such report."""
        return self.reports[number - 1] if 1 <= number <= len(self.reports) else None

    def link_token(self, place: Place) -> str:
        """What ``?start=`` carries for a section: its report's link key, not its number.

        Reports are numbered in file-name order, so a report added to the folder can
        renumber the others; a link shared in a channel must keep opening its own report.
        """
        report = self.report(place.report)
        assert report is not None, "callers check the section exists"
        return f"{link_key(report)}s{place.section}"

    def place_of_link(self, token: str) -> Place | None:
        """The section a deep link's ``token`` opens, or None when its report is not served.

        Older links carrying a report number (``s3``, ``r2s3``) are read by number.
        """
        found = _LINK_TOKEN.match(token)
        if not found:
            return parse_token(token)
        for number, report in enumerate(self.reports, start=1):
            if link_key(report) == found.group(1):
                return Place(number, int(found.group(2)))
        return None

    def vote_key(self, number: int) -> str:
        """What a vote names report ``number`` by: ``file name@version``, so the feedback
        report can tell a vote on a paragraph from a vote on the text now at its number."""
        report = self.reports[number - 1]
        return f"{report_key(report)}@{self._versions[number - 1][:VOTE_VERSION_LENGTH]}"

    def passage(self, hit: Hit) -> Passage:
        """Where a hit's paragraph is."""
        return Passage(self.number(hit.report), hit.paragraph.number)

    def has_paragraph(self, passage: Passage) -> bool:
        """Whether the paragraph exists."""
        report = self.report(passage.report)
        return report is not None and 1 <= passage.paragraph <= len(report.paragraphs)

    def sections_titled(self, words: str) -> list[Place]:
        """Every section, in every report, whose heading is ``words`` (case, spacing and
        numbering such as "2.1" aside)."""
        wanted = _plain_heading(words)
        return [
            Place(number, section.number)
            for number, report in enumerate(self.reports, start=1)
            for section in report.sections
            if _plain_heading(section.title) == wanted
        ]

    def has_section(self, place: Place) -> bool:
        """Whether the section exists."""
        report = self.report(place.report)
        return report is not None and 1 <= place.section <= len(report.sections)


_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|(?:[ivxlc]+|[a-z])[.)])\s+")


def _plain_heading(title: str) -> str:
    """A heading as ``/section`` words are compared with it: folded, unnumbered."""
    folded = " ".join(title.casefold().split())
    return _NUMBERING.sub("", folded, count=1)


def report_key(report: Report) -> str:
    """What feedback rows name a report by: its file name (stable when the folder grows)."""
    return Path(report.source).name or report.title


def split_vote_key(key: str) -> tuple[str, str]:
    """(file name, version) of a :meth:`Catalogue.vote_key`; older votes carry no version."""
    name, _, version = key.rpartition("@")
    if name and re.fullmatch(f"[0-9a-f]{{{VOTE_VERSION_LENGTH}}}", version):
        return name, version
    return key, ""


def link_key(report: Report) -> str:
    """Six hex digits naming a report in deep links: from its file name, so they survive
    other reports coming and going and the report's own edits."""
    return hashlib.sha256(report_key(report).encode()).hexdigest()[:LINK_KEY_LENGTH]
