"""The buttons under the bot's messages: one function per kind of button.

``button`` checks once that a button still means something (made for these reports, under
a message the bot can see) and hands it to the function for its kind. A new button is a
``Kind`` in ``bot.callbacks``, its function here, and a line in ``ACTIONS``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from telegram import CallbackQuery, Message, Update
from telegram.ext import ContextTypes

from bot import answering, keyboards, navigation, replies, votes
from bot.callbacks import Action, Kind, decode
from bot.state import names_reports, reply_all, state
from retrieval import Report

Context = ContextTypes.DEFAULT_TYPE
Act = Callable[[CallbackQuery, Message, Action, Context], Awaitable[None]]


async def button(update: Update, context: Context) -> None:
    """Act on a button: more passages, a section, a neighbour, an outline, feedback."""
    query = update.callback_query
    if query is None:
        return
    action = decode(query.data or "")
    message = query.message if isinstance(query.message, Message) else None
    bot_state = state(context)
    if (
        action is None
        or action.report_tag != bot_state.report_tag
        or message is None
        or not _still_valid(action, bot_state.index.reports)
    ):
        await query.answer(replies.button_expired(), show_alert=True)
        return
    await ACTIONS[action.kind](query, message, action, context)


def _still_valid(action: Action, served: Sequence[Report]) -> bool:
    """Whether what the button points at exists: the report, and its paragraph or section."""
    if action.kind is Kind.OUTLINE:
        return 1 <= action.value <= len(served)
    if not 1 <= action.report <= len(served):
        return False
    report = served[action.report - 1]
    if action.kind is Kind.SECTION:
        return 1 <= action.value <= len(report.sections)
    if action.kind is Kind.PARAGRAPH:
        return 1 <= action.value <= len(report.paragraphs)
    return action.value >= 0


async def _more(query: CallbackQuery, message: Message, action: Action, context: Context) -> None:
    """More ▾: the next passages for the same question."""
    await query.answer()
    await answering.more(message, action.value, context)


async def _outline(
    query: CallbackQuery, message: Message, action: Action, context: Context
) -> None:
    """A report's outline, from the buttons /sections shows in a library."""
    await query.answer()
    served = state(context).index.reports
    outline = replies.outline(served[action.value - 1], shortcuts=action.value == 1)
    await reply_all(message, outline)


async def _section(
    query: CallbackQuery, message: Message, action: Action, context: Context
) -> None:
    """Whole section: the section of the passage, in full."""
    await query.answer()
    await navigation.send_section(message, action.value, context, action.report)


async def _paragraph(
    query: CallbackQuery, message: Message, action: Action, context: Context
) -> None:
    """◀ Before / After ▶: a neighbouring paragraph under its heading."""
    await query.answer()
    bot_state = state(context)
    report = bot_state.index.reports[action.report - 1]
    keyboard = keyboards.paragraph_keyboard(
        report, bot_state.report_tag, action.value, action.report
    )
    view = replies.paragraph_view(report, action.value)
    if names_reports(bot_state):
        view = f"{replies.report_name(report)}\n{view}"
    await message.reply_text(view, reply_markup=keyboard)


async def _vote(query: CallbackQuery, message: Message, action: Action, context: Context) -> None:
    """👍 / 👎: feedback on an answer."""
    await votes.vote(query, message, action, state(context))


ACTIONS: dict[Kind, Act] = {
    Kind.MORE: _more,
    Kind.OUTLINE: _outline,
    Kind.SECTION: _section,
    Kind.PARAGRAPH: _paragraph,
    Kind.LIKE: _vote,
    Kind.DISLIKE: _vote,
}
