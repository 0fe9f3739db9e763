"""Answering a question: new, edited, asked with /ask, or "More" for the next passages."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import answers, keyboards, replies
from bot.conversation.callbacks import LAST_PART, Origin
from bot.conversation.dialogue import Reply, respond
from bot.conversation.markup import MESSAGE_LIMIT, visible_length
from bot.conversation.state import BotState, names_reports, search, state
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


def quoted_question(message: Message, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The question the answer ``message`` quotes (every message of an answer quotes it)."""
    asked = message.reply_to_message
    bot = context.bot
    return question_for_bot(asked, bot.username, bot.id) if asked else None


async def passages_after(question: str, shown: int, bot_state: BotState) -> SearchResult:
    """The answer to ``question`` from its ``shown``-th passage on: the next ``top_k``, with
    the notes (verdict, language, corrections) of the whole search."""
    result = await search(bot_state, question, shown + bot_state.top_k)
    return replace(result, hits=result.hits[shown:])


async def more(
    message: Message, shown: int, bot_state: BotState, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """The passages after the first ``shown`` for the question the answer ``message`` quotes,
    below it."""
    parts = await parts_after(message, shown, bot_state, context)
    if parts and message.reply_to_message is not None:
        await send_parts(message.reply_to_message, parts)


async def parts_after(
    message: Message, shown: int, bot_state: BotState, context: ContextTypes.DEFAULT_TYPE
) -> list[Part]:
    """The messages showing the passages after the first ``shown`` for the question the
    answer ``message`` quotes; none, and the reader told why, when there are none."""
    question = quoted_question(message, context)
    if not question or message.reply_to_message is None:
        await message.reply_text(replies.button_expired())
        return []
    fresh = await passages_after(question, shown, bot_state)
    if not fresh.hits:
        await message.reply_text(replies.no_more())
        return []
    return answer_parts(fresh, shown, bot_state)


async def _answer(
    message: Message, question: str, context: ContextTypes.DEFAULT_TYPE, edited: bool = False
) -> None:
    bot_state = state(context)
    # The indicator is a courtesy sent alongside the search, never waited for.
    context.application.create_task(_show_typing(message), update=None)
    user = message.from_user
    try:
        reply = await respond(bot_state, (message.chat.id, user.id if user else 0), question)
    except QuestionError:
        await message.reply_text(replies.no_searchable_words())
        return
    result = reply.result
    if bot_state.feedback and user and not edited:  # counted once, for /stats
        bot_state.feedback.record_asked(user.id, result.verdict if result else "answered")
    if result is not None and bot_state.feedback and user:
        if not result.hits:
            bot_state.feedback.record_uncovered(user.id, question)
        elif result.verdict == "closest":
            bot_state.feedback.record_closest(user.id, question)
    parts = reply_parts(reply, bot_state)
    key = (message.chat.id, message.message_id)
    previous = bot_state.answers.get(key) if edited else None
    if previous is not None and len(parts) == 1:
        ((text, keyboard),) = parts
        try:
            await context.bot.edit_message_text(
                text, message.chat.id, previous, reply_markup=keyboard
            )
            return
        except TelegramError as error:  # deleted, too old, or unchanged: answer anew
            logger.info("Could not edit the earlier answer: %s", error)
    sent = await send_parts(message, parts)
    bot_state.answers[key] = sent.message_id
    while len(bot_state.answers) > EDITABLE_ANSWERS:
        bot_state.answers.popitem(last=False)


async def _show_typing(message: Message) -> None:
    try:
        await message.reply_chat_action(ChatAction.TYPING)
    except TelegramError as error:  # the answer matters, not the indicator
        logger.info("Typing indicator not shown: %s", error)


Part = tuple[str, InlineKeyboardMarkup | None]
"""One message of an answer and the buttons under it."""


def reply_parts(reply: Reply, bot_state: BotState) -> list[Part]:
    """The messages of a reply: its texts, or its passages with their buttons under the line
    saying how a follow-up or "more" was read."""
    if reply.result is None:
        return [(text, None) for text in reply.texts]
    parts = answer_parts(reply.result, reply.shown_before, bot_state)
    if reply.note is None:
        return parts
    (text, keyboard), rest = parts[0], parts[1:]
    joined = f"{reply.note}\n\n{text}"
    if visible_length(joined) <= MESSAGE_LIMIT:
        return [(joined, keyboard), *rest]
    return [(reply.note, None), *parts]


def answer_parts(result: SearchResult, shown: int, bot_state: BotState) -> list[Part]:
    """The messages of an answer (the passages from the ``shown``-th on) and their buttons:
    under each, a row per passage it shows; under the last, More ▾ and the votes; under
    the first of a later page, the way back to the page before (``LAST_PART``: where its
    More ▾ was)."""
    catalogue = bot_state.catalogue
    passages = [catalogue.passage(hit) for hit in result.hits]
    messages = answers.answer_messages(result, names_reports(bot_state))
    before = Origin(max(0, shown - bot_state.top_k), LAST_PART) if shown else None
    parts: list[Part] = []
    for number, (text, owned) in enumerate(messages):
        answered = passages if number == len(messages) - 1 else []
        origin, previous = Origin(shown, number), before if number == 0 else None
        mine = [passages[i] for i in owned]
        keyboard = keyboards.answer_keyboard(catalogue, mine, origin, answered, previous)
        parts.append((text, keyboard))
    return parts


async def send_parts(question: Message, parts: list[Part]) -> Message:
    """Send an answer's messages, each quoting ``question`` (its buttons need the question,
    whichever message they are under); the first message sent."""
    sent = [
        await question.reply_text(text, do_quote=True, reply_markup=keyboard)
        for text, keyboard in parts
    ]
    return sent[0]
