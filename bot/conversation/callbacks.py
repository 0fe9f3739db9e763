"""What a button does, encoded in its ``callback_data`` (at most 64 bytes).

Buttons carry everything they need, so they keep working after a restart and the bot keeps
no per-chat state. Each carries the tag of the reports it points into (their numbers and
a short hash of their text, ``Catalogue.tag_of``): a button whose report has changed or
gone since is recognised and politely refused, while the reports coming and going beside
it leave it working. The question a "More" or feedback button refers to is the message
the answer quotes.

On the wire: ``kind|tag|report|value|passages``, passages as ``report.paragraph`` pairs
joined by commas.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from bot.conversation.catalogue import TAG_LENGTH, Catalogue, Passage, Place

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

    @property
    def reports(self) -> tuple[int, ...]:
        """The reports the button points into, whose versions its tag names.

        Nothing for "More": it asks its question again of whatever reports are served.
        """
        if self.kind is Kind.MORE:
            return ()
        if self.kind in (Kind.LIKE, Kind.DISLIKE):
            return tuple(sorted({p.report for p in self.passages}))
        return (self.report,)

    def fitted(self) -> Action:
        """This action with as many of ``passages`` as fit in 64 bytes once tagged.

        The first passage always fits (it is what the feedback report shows); a long tail
        of a library's passages is cut rather than refused.
        """
        kept = self.passages
        tagged = replace(self, tag="0" * TAG_LENGTH)
        while len(kept) > 1 and len(replace(tagged, passages=kept)._wire().encode()) > MAX_BYTES:
            kept = kept[:-1]
        return replace(self, passages=kept)

    def encode(self) -> str:
        """The ``callback_data`` string; ValueError if it is over 64 bytes (see ``fitted``)."""
        data = self._wire()
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    def _wire(self) -> str:
        """The ``callback_data`` string, whatever its length."""
        pairs = ",".join(f"{p.report}.{p.paragraph}" for p in self.passages)
        fields = [self.kind.value, self.tag, str(self.report), str(self.value), pairs]
        return SEPARATOR.join(fields)


def signed(action: Action, catalogue: Catalogue) -> Action:
    """``action`` fitted to 64 bytes and tagged with the reports it then points into."""
    fitted = action.fitted()
    return replace(fitted, tag=catalogue.tag_of(fitted.reports))


def is_current(action: Action, catalogue: Catalogue) -> bool:
    """Whether the reports ``action`` points into are served as they were when it was made."""
    return action.tag == catalogue.tag_of(action.reports)


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
