"""The inline keyboards under the bot's messages (python-telegram-bot objects, no network)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation.callbacks import VOTES, Action, Kind, Origin, decode, signed
from bot.conversation.catalogue import Catalogue, Passage, Place

SECTION_LABEL = 24
"""Characters of a section's title on its button; Telegram cuts a longer label anyway."""
VOTE_LABELS = {Kind.LIKE: "👍", Kind.DISLIKE: "👎"}
VOTED = " ✓"
"""After the label of the reader's own vote."""


def answer_keyboard(
    catalogue: Catalogue,
    passages: Sequence[Passage],
    origin: Origin,
    answered: Sequence[Passage] = (),
    previous: Origin | None = None,
) -> InlineKeyboardMarkup | None:
    """Under one message of an answer: a row per passage that starts in it (◀ Before, its
    section, After ▶), and under the last message, ``answered`` being all the answer's
    passages, More ▾ and the votes; with ``previous``, the way back to the passages before.

    ``origin`` says which message of which answer this is, so that paging from it (and
    More ▾, which shows the passages after this answer's in its place) can come back.
    """
    rows = [_passage_row(catalogue, passage, origin) for passage in passages]
    if answered:
        more = Action(Kind.MORE, "", value=origin.shown + len(answered), origin=origin)
        rows.append([_button("More ▾", more, catalogue), *_votes(catalogue, answered)])
    if previous is not None:
        back = Action(Kind.BACK, "", origin=previous)
        rows.append([_button("↩ Previous passages", back, catalogue)])
    return InlineKeyboardMarkup(rows) if rows else None


def _votes(catalogue: Catalogue, passages: Sequence[Passage]) -> list[InlineKeyboardButton]:
    return [
        _button(label, Action(kind, "", passages=tuple(passages)), catalogue)
        for kind, label in VOTE_LABELS.items()
    ]


def with_vote(markup: InlineKeyboardMarkup, vote: Kind | None) -> InlineKeyboardMarkup:
    """``markup`` with its vote buttons showing ``vote`` (LIKE, DISLIKE or None) as the
    reader's: that button ticked, and a tap on it withdrawing the vote; the rest untouched."""
    rows = []
    for row in markup.inline_keyboard:
        buttons = []
        for button in row:
            action = decode(button.callback_data) if isinstance(button.callback_data, str) else None
            if action is not None and action.kind in VOTES:
                mine = action.kind is vote
                label = VOTE_LABELS[action.kind] + (VOTED if mine else "")
                data = replace(action, value=int(mine)).encode()  # same passages, same tag
                button = InlineKeyboardButton(label, callback_data=data)
            buttons.append(button)
        rows.append(buttons)
    return InlineKeyboardMarkup(rows)


REPORT_BUTTONS = 20
"""/sections in a library offers this many reports as buttons; /reports lists them all."""


def reports_keyboard(catalogue: Catalogue) -> InlineKeyboardMarkup:
    """One button per report (the first ``REPORT_BUTTONS``), each opening its outline."""
    return InlineKeyboardMarkup(
        [
            [_button(_shorten(report.title), Action(Kind.OUTLINE, "", number, 1), catalogue)]
            for number, report in enumerate(catalogue.reports[:REPORT_BUTTONS], start=1)
        ]
    )


SECTION_CHOICES = 10
"""An ambiguous ``/section`` offers this many sections as buttons at most."""


def sections_keyboard(catalogue: Catalogue, places: Sequence[Place]) -> InlineKeyboardMarkup:
    """One button per section, each opening it: its number and path, or with several reports
    served, its report's name, number and title."""
    rows = []
    for place in places:
        report = catalogue.report(place.report)
        assert report is not None, "places come from the catalogue's reports"
        section = report.section(place.section)
        where = f"{section.number}. {' › '.join(section.path)}"
        if len(catalogue.reports) > 1:
            where = f"{report.name} · {section.number}. {section.title}"
        action = Action(Kind.SECTION, "", place.report, place.section)
        rows.append([_button(_shorten(where), action, catalogue)])
    return InlineKeyboardMarkup(rows)


def outline_keyboard(catalogue: Catalogue, following: Place) -> InlineKeyboardMarkup:
    """Under a page of an outline: the next page."""
    more = Action(Kind.OUTLINE, "", following.report, following.section)
    return InlineKeyboardMarkup([[_button("More ▾", more, catalogue)]])


def section_keyboard(
    catalogue: Catalogue, place: Place, origin: Origin, cut: bool
) -> InlineKeyboardMarkup:
    """Under a section shown in place of the answer: all of it below when it was ``cut`` to
    one message, and back to the answer."""
    rows = []
    if cut:
        whole = Action(Kind.SECTION, "", place.report, place.section)  # no origin: below
        rows.append([_button("Read it all ▾", whole, catalogue)])
    back = Action(Kind.BACK, "", origin=origin)
    rows.append([_button("↩ Back to the answer", back, catalogue)])
    return InlineKeyboardMarkup(rows)


def _shorten(title: str, length: int = 60) -> str:
    return title if len(title) <= length else title[: length - 1].rstrip() + "…"


def paragraph_keyboard(
    catalogue: Catalogue, passage: Passage, origin: Origin | None
) -> InlineKeyboardMarkup:
    """Under a paragraph paged to: its neighbours, its whole section, and back to the answer
    it was paged from (``origin``)."""
    rows = [_passage_row(catalogue, passage, origin, section_label="Whole section")]
    if origin is not None:
        back = Action(Kind.BACK, "", origin=origin)
        rows.append([_button("↩ Back to the answer", back, catalogue)])
    return InlineKeyboardMarkup(rows)


def _passage_row(
    catalogue: Catalogue, passage: Passage, origin: Origin | None, section_label: str = ""
) -> list[InlineKeyboardButton]:
    """◀ Before, the passage's section (named after it, unless ``section_label``), After ▶."""
    report = catalogue.report(passage.report)
    assert report is not None, "passages come from the catalogue's reports"
    number, at = passage.report, passage.paragraph
    paragraph = report.paragraph(at)
    label = section_label or f"§ {_shorten(paragraph.section[-1], SECTION_LABEL)}"
    section = Action(Kind.SECTION, "", number, paragraph.section_number, origin=origin)
    row = []
    if at > 1:
        before = Action(Kind.PARAGRAPH, "", number, at - 1, origin=origin)
        row.append(_button("◀ Before", before, catalogue))
    row.append(_button(label, section, catalogue))
    if at < len(report.paragraphs):
        after = Action(Kind.PARAGRAPH, "", number, at + 1, origin=origin)
        row.append(_button("After ▶", after, catalogue))
    return row


def _button(text: str, action: Action, catalogue: Catalogue) -> InlineKeyboardButton:
    """A button doing ``action``, tagged with the versions of the reports it points into."""
    return InlineKeyboardButton(text, callback_data=signed(action, catalogue).encode())
