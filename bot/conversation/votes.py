"""Readers' 👍 / 👎 under an answer, stored with the question the answer quotes.

A vote ticks its button (👍 ✓); a tap on the ticked button withdraws the vote, and a tap on
the other one changes it. The keyboard is the message's own with only the votes redrawn.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message
from telegram.error import BadRequest

from bot.conversation import keyboards
from bot.conversation.answering import question_for_bot
from bot.conversation.callbacks import Action, Kind
from bot.conversation.state import BotState

logger = logging.getLogger(__name__)


def record(query: CallbackQuery, message: Message, action: Action, bot_state: BotState) -> bool:
    """Queue the 👍 or 👎 (or its withdrawal) for the passages under ``message``; whether it
    will be kept.

    Called as the tap arrives (``bot.conversation.taps``), so that the toast says the
    truth. One vote per user per answer whatever a client sends: the tap's data is one
    of the message's own buttons (checked before), and the question is the message the
    answer quotes, as the bot read it (``/ask`` and a mention removed). Each passage is
    stored as (report file name and version, paragraph), so the feedback report finds it
    in the right report even after more reports join the folder, and knows when the
    report has changed since.
    """
    if bot_state.feedback is None:
        return True
    asked = message.reply_to_message
    bot = query.get_bot()
    question = (question_for_bot(asked, bot.username, bot.id) or asked.text or "") if asked else ""
    catalogue = bot_state.catalogue
    passages = [
        (catalogue.vote_key(passage.report), passage.paragraph)
        for passage in action.passages
        if catalogue.report(passage.report) is not None
    ]
    user = query.from_user.id
    if action.value == 1:
        return bot_state.feedback.withdraw_vote(user, question, passages)
    return bot_state.feedback.record_vote(user, question, action.kind is Kind.LIKE, passages)


async def show(query: CallbackQuery, message: Message, action: Action, bot_state: BotState) -> None:
    """Show the reader's vote on its button (``record`` kept it): ticked, or unticked when
    withdrawn."""
    if message.reply_markup is None:
        return
    markup = keyboards.with_vote(message.reply_markup, None if action.value == 1 else action.kind)
    try:
        await message.edit_reply_markup(markup)
    except BadRequest as error:  # not modified (a repeated tap), or the message is gone
        logger.info("Vote stored; its button not redrawn: %s", error)
