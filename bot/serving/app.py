"""The composition root: ``Settings`` in; the stores, limiter, rankers and the bot out.

Everything the bot is made of is built here and only here, from the settings: the feedback
store (``open_feedback``), the fair-use limiter (``open_fair_use``), the reports and their
rankers (``open_editions``), the handlers' first state with its catalogue, and the
python-telegram-bot ``Application``; ``serve`` runs it by polling or on a webhook until
SIGTERM or Ctrl-C. Errors are raised as they are: the command line (``bot.console``) says
them in one line and chooses the exit status.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot.conversation import menu, routing
from bot.conversation.catalogue import Catalogue
from bot.conversation.examples import examples
from bot.conversation.owners import DOWNLOAD_LIMIT, Owners, Stats
from bot.conversation.state import STATE, Access, BotState
from bot.conversation.taps import RecentTaps, acknowledge
from bot.serving.chats import PerChatProcessor
from bot.serving.connectivity import Connectivity
from bot.serving.delivery import ReliableRateLimiter
from bot.serving.editions import Editions
from bot.serving.inbound import CleanRequest
from bot.serving.lifecycle import Intake, run
from bot.serving.polling import Polling
from bot.serving.reader import open_reader, reading_limits
from bot.serving.reloading import Reloader
from bot.settings import Settings
from bot.storage.fair_use import FairUse, Limiter
from bot.storage.feedback import FeedbackStore
from bot.storage.feedback_writer import FeedbackWriter
from bot.storage.opening import open_store
from bot.storage.outbox import Outbox
from bot.storage.shelf import Shelf
from retrieval import Ranker, language

logger = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]

OUTBOX_NAME = "feedback-outbox.sqlite3"
"""Feedback on its way to FEEDBACK_DB, in CACHE_DIR (``bot.storage.outbox``)."""
STATS_ROWS = 5
"""/stats lists this many of the most asked uncovered and "closest" questions."""
CONCURRENT_CHATS = 256
"""Chats served at once (PTB's ``concurrent_updates(True)``); within a chat, one update at
a time, in order (``bot.serving.chats``)."""


def open_feedback(settings: Settings) -> FeedbackStore:
    """The feedback store FEEDBACK_DB names; ``FeedbackStoreError`` says why it cannot be used."""
    salt = settings.feedback_salt.get_secret_value() if settings.feedback_salt else None
    return open_store(settings.feedback_db, salt)


def open_fair_use(settings: Settings) -> Limiter:
    """Fair use counted in Redis when REDIS_URL is set (shared by the replicas), else in
    this process. Nothing is contacted yet: an unreachable Redis fails open later."""
    if settings.redis_url is None:
        return FairUse(
            settings.fair_use_questions,
            settings.fair_use_window_seconds,
            reading=settings.fair_use_navigation,
        )
    from bot.storage.fair_use_redis import SharedFairUse  # redis loads only when configured

    bot_id = settings.require_token().get_secret_value().split(":", 1)[0]  # public
    return SharedFairUse(
        settings.redis_url,
        settings.fair_use_questions,
        settings.fair_use_window_seconds,
        bot_id,
        reading=settings.fair_use_navigation,
    )


def open_owners(settings: Settings) -> Owners | None:
    """What OWNER_USER_IDS may do from Telegram: add and remove the files of REPORT_PATH
    (when it is a folder), read them as the reload does, and read the feedback for /stats."""
    if not settings.owner_user_ids:
        return None
    folder = settings.report_path
    shelf = Shelf(folder) if folder.is_dir() else None
    if shelf is not None and (swept := shelf.sweep()):
        logger.info("Deleted %d unfinished uploads left by an earlier run", swept)
    reader = open_reader(settings)  # the reload's cache: a file is parsed once

    def stats(days: int) -> Stats:
        store = open_feedback(settings)  # a connection of its own, for a rare read
        try:
            return Stats(store.activity(days), store.summary(STATS_ROWS))
        finally:
            store.close()

    return Owners(
        frozenset(settings.owner_user_ids),
        shelf,
        reader,
        stats,
        settings.reload_interval,
        largest=min(DOWNLOAD_LIMIT, reader.limits.file_bytes),
    )


def open_editions(settings: Settings) -> Editions:
    """The reports of REPORT_PATH and the ranker RANKER asks for, read edition by edition."""
    limits = reading_limits(settings)
    return Editions(settings.report_path, settings.ranker, settings.cache_dir, limits=limits)


def build_application(
    settings: Settings,
    index: Ranker,
    reloader: Reloader | None = None,
    connectivity: Connectivity | None = None,
) -> BotApplication:
    """The bot, wired: settings, handlers, command menu; nothing runs until it is started.

    With a ``reloader``, the reports are watched from start to stop (``bot.serving.reloading``);
    with ``connectivity``, refused answers wait for Telegram to answer again.
    """
    token = settings.require_token().get_secret_value()
    taps = RecentTaps()

    async def acknowledge_taps(update: Update) -> bool:
        return await acknowledge(update, application.bot_data[STATE], taps)

    async def started(application: BotApplication) -> None:
        await _announce(application)
        if reloader is not None:
            await reloader.start(application)

    async def stopping(application: BotApplication) -> None:
        if reloader is not None:
            await reloader.stop(application)

    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(_file_url(settings.telegram_base_url))  # owners' files come from here
        .request(CleanRequest(connection_pool_size=256))  # PTB's defaults, scrubbed
        .get_updates_request(CleanRequest(connection_pool_size=1))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(ReliableRateLimiter(connectivity=connectivity))
        .concurrent_updates(PerChatProcessor(CONCURRENT_CHATS, first=acknowledge_taps))
        .post_init(started)
        .post_stop(stopping)
        .post_shutdown(_close_shared)
        .build()
    )
    application.bot_data[STATE] = _first_state(settings, index)
    routing.add_handlers(application)
    return application


def _first_state(settings: Settings, index: Ranker) -> BotState:
    """What the handlers share at start: the reports, their ranker, the stores, the limits."""
    feedback, fair_use = open_feedback(settings), open_fair_use(settings)
    logger.info("Feedback kept in %s; fair use counted in %s", feedback.location, fair_use.location)
    return BotState(
        index=index,
        top_k=settings.top_k,
        examples=examples(index),
        max_question_words=settings.max_question_words,
        access=_access(settings),
        fair_use=fair_use,
        catalogue=Catalogue(index.reports),
        feedback=FeedbackWriter(feedback, Outbox(settings.cache_dir / OUTBOX_NAME)),
        owners=open_owners(settings),
    )


def _access(settings: Settings) -> Access:
    """ALLOWED_USER_IDS and ALLOWED_CHAT_IDS; owners are let in whenever the bot is closed."""
    users = frozenset(settings.allowed_user_ids)
    if users or settings.allowed_chat_ids:
        users |= frozenset(settings.owner_user_ids)
    return Access(users, frozenset(settings.allowed_chat_ids))


def _file_url(base_url: str) -> str:
    """Where the Bot API serves files, from where it answers: ``.../bot`` -> ``.../file/bot``."""
    return base_url.removesuffix("/bot") + "/file/bot"


async def _announce(application: BotApplication) -> None:
    """Register the command menu and log what is being served, and as whom."""
    state: BotState = application.bot_data[STATE]
    commands = menu.commands(len(state.index.reports), state.examples)
    await menu.show(application.bot, commands, state.owners)
    reports = state.index.reports
    me = await application.bot.get_me()
    paragraphs = sum(len(report.paragraphs) for report in reports)
    if len(reports) == 1:
        logger.info("Serving %r (%d paragraphs) as @%s", reports[0].title, paragraphs, me.username)
    else:
        logger.info(
            "Serving %d reports (%d paragraphs) as @%s", len(reports), paragraphs, me.username
        )


async def _close_shared(application: BotApplication) -> None:
    """Write the feedback still queued, off the loop, then close the database; let go of
    the fair-use counter's connection."""
    state: BotState = application.bot_data[STATE]
    if state.feedback:
        await asyncio.to_thread(state.feedback.close)
    await state.fair_use.aclose()


def _freeze_what_is_built() -> None:
    """Keep the garbage collector off the reports and the index, which live as long as the bot.

    A full collection walks every object; on a report of 19,000 sections that took 52 ms
    (idle machine), a pause for every chat at once. Frozen objects are never walked again.
    The language detector is loaded first, so no reader waits for it either.
    """
    language.prepare()
    gc.collect()
    gc.freeze()


def serve(
    settings: Settings,
    index: Ranker,
    ranker_description: str,
    webhook: bool = False,
    reloader: Reloader | None = None,
) -> None:
    """Run the bot by polling, or on a webhook (``bot.serving.webhook``), until SIGTERM or
    Ctrl-C (``bot.serving.lifecycle``). A token Telegram rejects raises ``InvalidToken``; a
    Bot API that cannot be used, ``TelegramError``; a webhook Telegram refuses,
    ``UpdatesRefusedError``."""
    logger.info("Ranking with %s", ranker_description)
    connectivity = Connectivity()  # refused answers wait for Telegram to answer again
    application = build_application(settings, index, reloader, connectivity)
    intake = (
        _webhook(settings, connectivity)
        if webhook
        else Polling(connectivity, settings.heartbeat_file)
    )
    _freeze_what_is_built()
    asyncio.run(run(application, intake, connectivity))
    logger.info("Stopped")


def _webhook(settings: Settings, connectivity: Connectivity) -> Intake:
    """Webhook mode's intake, from WEBHOOK_*; ``SettingsError`` if one it needs is unset."""
    from bot.serving.webhook import Webhook, WebhookConfig  # tornado loads only in this mode

    url, secret = settings.require_webhook()
    config = WebhookConfig(
        url,
        secret.get_secret_value(),
        settings.webhook_listen,
        settings.webhook_port,
        trusted_proxies=settings.webhook_trusted_proxies,
        heartbeat=settings.heartbeat_file,
    )
    return Webhook(config, connectivity)
