"""What a button does, encoded in its ``callback_data`` (at most 64 bytes).

Buttons carry everything they need, so they keep working after a restart and the bot keeps
no per-chat state. Each carries the library's tag (a short hash of every report's text): a
button made for another version of the reports is recognised and politely refused. The
question a "More" or feedback button refers to is the message the answer quotes.

On the wire: ``kind|tag|report|value|passages``, passages as ``report.paragraph`` pairs
joined by commas.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.catalogue import Passage, Place

MAX_BYTES = 64
SEPARATOR = "|"


class Kind(Enum):
    """The buttons there are; the value is what goes on the wire."""

    MORE = "m"
    """The next passages for the same question; ``value`` is how many were shown."""
    SECTION = "s"
    """A whole section: section ``value`` of ``report``."""
    PARAGRAPH = "p"
    """One paragraph with its heading (Before / After): paragraph ``value`` of ``report``."""
    OUTLINE = "o"
    """A report's outline from section ``value`` on (a page of it)."""
    LIKE = "+"
    DISLIKE = "-"
    """Feedback on an answer; ``passages`` are the passages shown, best first."""


@dataclass(frozen=True, slots=True)
class Action:
    """One button's meaning."""

    kind: Kind
    tag: str
    report: int = 1
    """Which report of the library (1-based) ``value`` is in."""
    value: int = 0
    passages: tuple[Passage, ...] = ()

    @property
    def passage(self) -> Passage:
        """For ``PARAGRAPH``: the paragraph it opens."""
        return Passage(self.report, self.value)

    @property
    def place(self) -> Place:
        """For ``SECTION`` and ``OUTLINE``: the section it opens."""
        return Place(self.report, self.value)

    def encode(self) -> str:
        """The ``callback_data`` string, with as many of ``passages`` as fit in 64 bytes.

        The first passage always fits (it is what the feedback report shows); a long tail
        of a library's passages is cut rather than refused. Raises ValueError otherwise.
        """
        head = SEPARATOR.join([self.kind.value, self.tag, str(self.report), str(self.value), ""])
        pairs = [f"{p.report}.{p.paragraph}" for p in self.passages]
        while pairs and len((head + ",".join(pairs)).encode()) > MAX_BYTES and len(pairs) > 1:
            pairs.pop()
        data = head + ",".join(pairs)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data


def decode(data: str) -> Action | None:
    """The action behind ``callback_data``, or None for data this bot never made."""
    parts = data.split(SEPARATOR)
    if len(parts) != 5:
        return None
    try:
        kind = Kind(parts[0])
        report, value = int(parts[2]), int(parts[3])
        passages = tuple(_passage(pair) for pair in parts[4].split(",")) if parts[4] else ()
    except ValueError:
        return None
    return Action(kind, parts[1], report, value, passages)


def _passage(pair: str) -> Passage:
    report, _, paragraph = pair.partition(".")
    return Passage(int(report), int(paragraph))
