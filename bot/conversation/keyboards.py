"""The inline keyboards under the bot's messages (python-telegram-bot objects, no network)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation.callbacks import Action, Kind, signed
from bot.conversation.catalogue import Catalogue, Passage, Place


def answer_keyboard(
    catalogue: Catalogue, shown: int, passages: Sequence[Passage]
) -> InlineKeyboardMarkup:
    """Under an answer: the top passage's neighbours and section, more passages, feedback.

    ``shown`` is how many passages the reader has seen so far for this question;
    ``passages`` are the ones in this message, best first.
    """
    rows = [
        _neighbour_row(catalogue, passages[0]),
        [
            _button("More ▾", Action(Kind.MORE, "", value=shown), catalogue),
            _button("👍", Action(Kind.LIKE, "", passages=tuple(passages)), catalogue),
            _button("👎", Action(Kind.DISLIKE, "", passages=tuple(passages)), catalogue),
        ],
    ]
    return InlineKeyboardMarkup([row for row in rows if row])


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


def outline_keyboard(catalogue: Catalogue, following: Place) -> InlineKeyboardMarkup:
    """Under a page of an outline: the next page."""
    more = Action(Kind.OUTLINE, "", following.report, following.section)
    return InlineKeyboardMarkup([[_button("More ▾", more, catalogue)]])


def _shorten(title: str, length: int = 60) -> str:
    return title if len(title) <= length else title[: length - 1].rstrip() + "…"


def paragraph_keyboard(catalogue: Catalogue, passage: Passage) -> InlineKeyboardMarkup:
    """Under a single paragraph: its neighbours and its whole section."""
    return InlineKeyboardMarkup([_neighbour_row(catalogue, passage)])


def _neighbour_row(catalogue: Catalogue, passage: Passage) -> list[InlineKeyboardButton]:
    report = catalogue.report(passage.report)
    assert report is not None, "passages come from the catalogue's reports"
    number, at = passage.report, passage.paragraph
    row = []
    if at > 1:
        row.append(_button("◀ Before", Action(Kind.PARAGRAPH, "", number, at - 1), catalogue))
    section = report.paragraph(at).section_number
    row.append(_button("Whole section", Action(Kind.SECTION, "", number, section), catalogue))
    if at < len(report.paragraphs):
        row.append(_button("After ▶", Action(Kind.PARAGRAPH, "", number, at + 1), catalogue))
    return row


def _button(text: str, action: Action, catalogue: Catalogue) -> InlineKeyboardButton:
    """A button doing ``action``, tagged with the versions of the reports it points into."""
    return InlineKeyboardButton(text, callback_data=signed(action, catalogue).encode())
