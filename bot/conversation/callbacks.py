"""What a button does, encoded in its ``callback_data`` (at most 64 bytes).

Buttons carry everything they need, so they keep working after a restart and the bot keeps
no per-chat state. Each carries the tag of the reports it points into (their numbers and
a short hash of their text, ``Catalogue.tag_of``): a button whose report has changed or
gone since is recognised and politely refused, while the reports coming and going beside
it leave it working. The question a "More", "Back" or feedback button refers to is the
message the answer quotes (every message of an answer quotes it).

On the wire: ``kind|tag|report|value|passages|origin``, passages as ``report.paragraph``
pairs joined by commas, origin as ``shown.part`` or nothing (and then, as buttons made
before it existed have it, left out with its separator).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from bot.conversation.catalogue import TAG_LENGTH, Catalogue, Passage, Place

MAX_BYTES = 64
SEPARATOR = "|"
MAX_DIGITS = 7
"""Numbers on the wire are under 10^7 (reports, paragraphs, sections, passages shown): a
forged "More" for 10^18 passages is refused as it is read, before it costs a search."""


class Kind(Enum):
    """The buttons there are; the value is what goes on the wire."""

    MORE = "m"
    """The next passages for the same question; ``value`` is how many were shown."""
    SECTION = "s"
    """A whole section: section ``value`` of ``report``."""
    PARAGRAPH = "p"
    """One paragraph with its heading (Before / After): paragraph ``value`` of ``report``,
    shown in place of the message it is under; ``origin`` is the answer to go back to."""
    OUTLINE = "o"
    """A report's outline from section ``value`` on (a page of it)."""
    LIKE = "+"
    DISLIKE = "-"
    """Feedback on an answer; ``passages`` are the passages shown, best first. ``value`` 1:
    the reader's vote (its button is ticked), which a tap withdraws; 0: a tap votes."""
    BACK = "b"
    """Back from paging to the answer ``origin`` names."""
    UPLOAD = "u"
    """An owner's choice for a file sent under a name already taken: ``report`` is the
    choice (``bot.conversation.uploads``), ``value`` the file waiting."""
    REMOVE = "x"
    """An owner removing report ``report``: ``value`` 0 asks, 1 confirms, 2 cancels."""


VOTES = (Kind.LIKE, Kind.DISLIKE)
LAST_PART = 9_999
"""An ``Origin.part`` meaning the last message of its answer, whichever that is: "More ▾"
sits under the last, and the page before one reached by it is shown there again."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Which message of which answer a paged view came from, so "Back" can show it again.

    The answer is the question's passages from ``shown`` on (0 for the first answer, more
    after "More ▾"), and the message its ``part``-th (an answer may take several).
    """

    shown: int
    part: int = 0


@dataclass(frozen=True, slots=True)
class Action:
    """One button's meaning."""

    kind: Kind
    tag: str
    report: int = 1
    """Which report of the library (1-based) ``value`` is in."""
    value: int = 0
    passages: tuple[Passage, ...] = ()
    origin: Origin | None = None

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

        Nothing for "More" and "Back": they ask their question again of whatever reports are
        served; nor for an upload's choice, which is about a file, not a report served.
        """
        if self.kind in (Kind.MORE, Kind.BACK, Kind.UPLOAD):
            return ()
        if self.kind in VOTES:
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
        if self.origin is not None:
            fields.append(f"{self.origin.shown}.{self.origin.part}")
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
    if len(parts) not in (5, 6):
        return None
    try:
        kind = Kind(parts[0])
        report, value = _number(parts[2]), _number(parts[3])
        passages = tuple(Passage(*_pair(pair)) for pair in parts[4].split(",")) if parts[4] else ()
        origin = Origin(*_pair(parts[5])) if len(parts) == 6 else None
    except ValueError:
        return None
    return Action(kind, parts[1], report, value, passages, origin)


def _pair(text: str) -> tuple[int, int]:
    """``3.12`` as (3, 12); ValueError for anything else."""
    first, separator, second = text.partition(".")
    if not separator:
        raise ValueError(text)
    return _number(first), _number(second)


def _number(text: str) -> int:
    """A number this bot wrote: ASCII digits, at most ``MAX_DIGITS``; else ValueError."""
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS):
        raise ValueError(f"not a number of a button: {text[:20]!r}")
    return int(text)
