"""The buttons under the bot's messages: one function per kind of button.

``still_valid`` is the one check that a button still means something (its reports served
as they were when it was made, pointing at a paragraph or section that exists);
``bot.conversation.taps`` applies it as the tap arrives, and ``button`` again on the reports
it works with (they may have been reloaded in between), then hands the tap to the function
for its kind. A new button is a ``Kind`` in ``bot.conversation.callbacks``, its function
here, and a line in ``ACTIONS``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, Message, Update
from telegram.ext import ContextTypes

from bot.conversation import navigation, paging, removal, replies, uploads, votes
from bot.conversation.callbacks import Action, Kind, decode, is_current
from bot.conversation.catalogue import Catalogue
from bot.conversation.state import BotState, state

Context = ContextTypes.DEFAULT_TYPE
Act = Callable[[CallbackQuery, Message, Action, BotState, Context], Awaitable[None]]


async def button(update: Update, context: Context) -> None:
    """Act on a button: more passages, a section, a neighbour, an outline, feedback.

    The tap was answered and checked on arrival (``bot.conversation.taps``); only the work is left.
    """
    query = update.callback_query
    action = decode(query.data or "") if query else None
    message = query.message if query and isinstance(query.message, Message) else None
    if query is None or action is None or message is None:
        return
    bot_state = state(context)  # one version of the reports for the whole reply
    if not still_valid(action, bot_state.catalogue):  # reloaded since the tap was judged
        await message.reply_text(replies.report_changed())
        return
    await ACTIONS[action.kind](query, message, action, bot_state, context)


def still_valid(action: Action, catalogue: Catalogue) -> bool:
    """Whether a button's reports are served as when it was made, and its target exists."""
    if not is_current(action, catalogue):
        return False
    if action.kind in (Kind.SECTION, Kind.OUTLINE):
        return catalogue.has_section(action.place)
    if action.kind is Kind.PARAGRAPH:
        return catalogue.has_paragraph(action.passage)
    if action.kind in (Kind.LIKE, Kind.DISLIKE):
        return all(catalogue.has_paragraph(p) for p in action.passages)
    if action.kind is Kind.BACK:
        return action.origin is not None and min(action.origin.shown, action.origin.part) >= 0
    return action.value >= 0


async def _more(
    query: CallbackQuery, message: Message, action: Action, bot_state: BotState, context: Context
) -> None:
    """More ▾: the next passages for the same question."""
    await paging.more(message, action, bot_state, context)


async def _outline(
    query: CallbackQuery, message: Message, action: Action, bot_state: BotState, context: Context
) -> None:
    """A page of a report's outline: a report's button in a library, or "More" under a page."""
    await navigation.send_outline(message, action.place, bot_state)


async def _section(
    query: CallbackQuery, message: Message, action: Action, bot_state: BotState, context: Context
) -> None:
    """Whole section: the section of the passage, in place of the answer."""
    await paging.section(message, action, bot_state, context.bot.username)


async def _paragraph(
    query: CallbackQuery, message: Message, action: Action, bot_state: BotState, context: Context
) -> None:
    """◀ Before / After ▶: a neighbouring paragraph under its heading, in place."""
    await paging.paragraph(message, action, bot_state)


async def _back(
    query: CallbackQuery, message: Message, action: Action, bot_state: BotState, context: Context
) -> None:
    """↩ Back to the answer: the answer shown again where it was paged from."""
    assert action.origin is not None, "checked by still_valid"
    await paging.back(message, action.origin, bot_state, context)


async def _vote(
    query: CallbackQuery, message: Message, action: Action, bot_state: BotState, context: Context
) -> None:
    """👍 / 👎: feedback on an answer."""
    await votes.show(query, message, action, bot_state)


ACTIONS: dict[Kind, Act] = {
    Kind.MORE: _more,
    Kind.OUTLINE: _outline,
    Kind.SECTION: _section,
    Kind.PARAGRAPH: _paragraph,
    Kind.LIKE: _vote,
    Kind.DISLIKE: _vote,
    Kind.BACK: _back,
    Kind.UPLOAD: uploads.choose,
    Kind.REMOVE: removal.choose,
}
