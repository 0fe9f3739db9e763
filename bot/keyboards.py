"""The inline keyboards under the bot's messages (python-telegram-bot objects, no network)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Action, Kind
from retrieval import Report


def answer_keyboard(
    report: Report, tag: str, shown: int, paragraphs: Sequence[int], report_number: int = 1
) -> InlineKeyboardMarkup:
    """Under an answer: the top passage's neighbours and section, more passages, feedback.

    ``shown`` is how many passages the reader has seen so far for this question;
    ``paragraphs`` are the ones in this message, best first; ``report`` is the top passage's
    report, number ``report_number`` in the library.
    """
    rows = [
        _neighbour_row(report, tag, paragraphs[0], report_number),
        [
            _button("More ▾", Action(Kind.MORE, tag, shown)),
            _button("👍", Action(Kind.LIKE, tag, 0, tuple(paragraphs))),
            _button("👎", Action(Kind.DISLIKE, tag, 0, tuple(paragraphs))),
        ],
    ]
    return InlineKeyboardMarkup([row for row in rows if row])


REPORT_BUTTONS = 20
"""/sections in a library offers this many reports as buttons; /reports lists them all."""


def reports_keyboard(reports: Sequence[Report], tag: str) -> InlineKeyboardMarkup:
    """One button per report (the first ``REPORT_BUTTONS``), each opening its outline."""
    return InlineKeyboardMarkup(
        [
            [_button(_shorten(report.title), Action(Kind.OUTLINE, tag, number))]
            for number, report in enumerate(reports[:REPORT_BUTTONS], start=1)
        ]
    )


def _shorten(title: str, length: int = 60) -> str:
    return title if len(title) <= length else title[: length - 1].rstrip() + "…"


def paragraph_keyboard(
    report: Report, tag: str, number: int, report_number: int = 1
) -> InlineKeyboardMarkup:
    """Under a single paragraph: its neighbours and its whole section."""
    return InlineKeyboardMarkup([_neighbour_row(report, tag, number, report_number)])


def _neighbour_row(
    report: Report, tag: str, number: int, report_number: int
) -> list[InlineKeyboardButton]:
    row = []
    if number > 1:
        before = Action(Kind.PARAGRAPH, tag, number - 1, report=report_number)
        row.append(_button("◀ Before", before))
    section = report.paragraph(number).section_number
    row.append(_button("Whole section", Action(Kind.SECTION, tag, section, report=report_number)))
    if number < len(report.paragraphs):
        after = Action(Kind.PARAGRAPH, tag, number + 1, report=report_number)
        row.append(_button("After ▶", after))
    return row


def _button(text: str, action: Action) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=action.encode())
