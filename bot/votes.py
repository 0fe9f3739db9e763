"""Readers' 👍 / 👎 under an answer, stored with the question the answer quotes."""

from __future__ import annotations

from telegram import CallbackQuery, Message

from bot import replies
from bot.callbacks import Action, Kind
from bot.state import BotState


async def vote(query: CallbackQuery, message: Message, action: Action, bot_state: BotState) -> None:
    """Store a 👍 or 👎 for the passages under ``message`` and thank the reader."""
    question = message.reply_to_message.text if message.reply_to_message else ""
    if bot_state.feedback:
        bot_state.feedback.record_vote(
            query.from_user.id, question or "", action.kind is Kind.LIKE, action.paragraphs
        )
    await query.answer(replies.thanks())
