"""Answering a question: new, edited, asked with /ask, or "More" for the next passages."""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import keyboards, replies
from bot.conversation.state import BotState, names_reports, reply_all, search, state
from retrieval import QuestionError, SearchResult

logger = logging.getLogger(__name__)

ASK_COMMAND = re.compile(r"^/ask(?:@\w+)?(?:\s+|$)")
EDITABLE_ANSWERS = 10_000
"""How many recent answers are remembered so that an edited question updates its answer."""


def question_for_bot(message: Message, username: str, bot_id: int) -> str | None:
    """The question a message puts to the bot, or None when it is not addressed to it.

    In a private chat every text is a question. In a group only a message that mentions
    the bot or replies to one of its messages is; the mention is removed from the text.
    """
    text = message.text or ""
    asked = ASK_COMMAND.match(text)
    if asked:
        return text[asked.end() :].strip()
    if message.chat.type == ChatType.PRIVATE:
        return text
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return text
    mention = f"@{username}".casefold()
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if value.casefold() == mention:
            return (text[: entity.offset] + text[entity.offset + entity.length :]).strip()
    return None


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer ``/ask <question>``, the way to ask in a group with privacy mode on."""
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or [])
    if not question:
        await message.reply_text(replies.no_searchable_words())
        return
    await _answer(message, question, context)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question (new or edited) with the passages that match it."""
    message = update.effective_message
    if message is None or not message.text:
        return
    question = question_for_bot(message, context.bot.username, context.bot.id)
    if question is not None:
        await _answer(message, question, context, edited=update.edited_message is not None)


async def more(
    message: Message, shown: int, bot_state: BotState, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """The passages after the first ``shown`` for the question the answer ``message`` quotes."""
    asked = message.reply_to_message
    bot = context.bot
    question = question_for_bot(asked, bot.username, bot.id) if asked else None
    if not question:
        await message.reply_text(replies.button_expired())
        return
    assert asked is not None
    result = await search(bot_state, question, shown + bot_state.top_k)
    fresh = SearchResult(result.query, result.hits[shown:])
    if not fresh.hits:
        await message.reply_text(replies.no_more())
        return
    keyboard = answer_keyboard(fresh, shown, bot_state)
    await reply_all(asked, replies.answer(fresh, names_reports(bot_state)), True, keyboard)


async def _answer(
    message: Message, question: str, context: ContextTypes.DEFAULT_TYPE, edited: bool = False
) -> None:
    bot_state = state(context)
    # The indicator is a courtesy sent alongside the search, never waited for.
    context.application.create_task(_show_typing(message), update=None)
    try:
        result = await search(bot_state, question, bot_state.top_k)
    except QuestionError:
        await message.reply_text(replies.no_searchable_words())
        return
    if not result.hits and bot_state.feedback and message.from_user:
        bot_state.feedback.record_uncovered(message.from_user.id, question)
    texts = replies.answer(result, names_reports(bot_state))
    keyboard = answer_keyboard(result, 0, bot_state)
    key = (message.chat.id, message.message_id)
    previous = bot_state.answers.get(key) if edited else None
    if previous is not None and len(texts) == 1:
        try:
            await context.bot.edit_message_text(
                texts[0], message.chat.id, previous, reply_markup=keyboard
            )
            return
        except TelegramError as error:  # deleted, too old, or unchanged: answer anew
            logger.info("Could not edit the earlier answer: %s", error)
    sent = await reply_all(message, texts, quote=True, keyboard=keyboard)
    bot_state.answers[key] = sent.message_id
    while len(bot_state.answers) > EDITABLE_ANSWERS:
        bot_state.answers.popitem(last=False)


async def _show_typing(message: Message) -> None:
    try:
        await message.reply_chat_action(ChatAction.TYPING)
    except TelegramError as error:  # the answer matters, not the indicator
        logger.info("Typing indicator not shown: %s", error)


def answer_keyboard(
    result: SearchResult, shown_before: int, bot_state: BotState
) -> InlineKeyboardMarkup | None:
    """The buttons under an answer: the top passage's neighbours, more passages, feedback."""
    if not result.hits:
        return None
    passages = [bot_state.catalogue.passage(hit) for hit in result.hits]
    return keyboards.answer_keyboard(bot_state.catalogue, shown_before + len(passages), passages)
