"""What a button does, encoded in its ``callback_data`` (at most 64 bytes).

Buttons carry everything they need, so they keep working after a restart and the bot keeps
no per-chat state. Each carries the report's tag (a short hash of its text): a button made
for another version of the report is recognised and politely refused. The question a
"More" or feedback button refers to is the message the answer quotes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum

from retrieval import Report

MAX_BYTES = 64
SEPARATOR = "|"


class Kind(Enum):
    """The buttons there are; the value is what goes on the wire."""

    MORE = "m"
    """The next passages for the same question; ``value`` is how many were shown."""
    SECTION = "s"
    """A whole section; ``value`` is its outline number."""
    PARAGRAPH = "p"
    """One paragraph with its heading (Before / After); ``value`` is its number."""
    OUTLINE = "o"
    """One report's outline, in a library; ``value`` is the report's number."""
    LIKE = "+"
    DISLIKE = "-"
    """Feedback on an answer; ``value`` is 0, ``paragraphs`` the passages shown."""


@dataclass(frozen=True, slots=True)
class Action:
    """One button's meaning."""

    kind: Kind
    report_tag: str
    value: int
    paragraphs: tuple[int, ...] = ()
    report: int = 1
    """Which report of the library ``value`` is in (1-based); 1 for a single report."""

    def encode(self) -> str:
        """The ``callback_data`` string; raises ValueError if it would exceed 64 bytes."""
        parts = [self.kind.value, self.report_tag, str(self.value)]
        if self.paragraphs or self.report != 1:
            parts.append(",".join(map(str, self.paragraphs)))
        if self.report != 1:
            parts.append(str(self.report))
        data = SEPARATOR.join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data


def decode(data: str) -> Action | None:
    """The action behind ``callback_data``, or None for data this bot never made."""
    parts = data.split(SEPARATOR)
    if len(parts) not in (3, 4, 5):
        return None
    try:
        kind = Kind(parts[0])
        value = int(parts[2])
        listed = parts[3] if len(parts) > 3 else ""
        paragraphs = tuple(int(p) for p in listed.split(",")) if listed else ()
        report = int(parts[4]) if len(parts) == 5 else 1
    except ValueError:
        return None
    return Action(kind, parts[1], value, paragraphs, report)


def report_tag(*reports: Report) -> str:
    """Eight hex digits that change whenever any report's text or outline does."""
    digest = hashlib.sha256()
    for report in reports:
        digest.update(f"\x02{report.title}".encode())
        for section in report.sections:
            digest.update(f"\x00{section.number}{section.title}".encode())
        for paragraph in report.paragraphs:
            digest.update(f"\x01{paragraph.text}".encode())
    return digest.hexdigest()[:8]
