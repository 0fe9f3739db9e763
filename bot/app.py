"""Build the python-telegram-bot ``Application`` and run it in polling mode."""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot import menu, routing
from bot.catalogue import Catalogue
from bot.chats import PerChatProcessor
from bot.delivery import ReliableRateLimiter
from bot.examples import examples
from bot.fair_use import FairUse
from bot.feedback import FeedbackStore
from bot.logs import configure_logging
from bot.settings import Settings
from bot.state import STATE, Access, BotState
from bot.taps import RecentTaps, acknowledge
from retrieval import LibraryRanker

logger = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]

CONCURRENT_CHATS = 256
"""Chats served at once (PTB's ``concurrent_updates(True)``); within a chat, one update at
a time, in order (``bot.chats``)."""


def build_application(settings: Settings, index: LibraryRanker) -> BotApplication:
    """The bot, wired: settings, handlers, command menu; nothing runs until it is started."""
    token = settings.require_token().get_secret_value()
    taps = RecentTaps()

    async def acknowledge_taps(update: Update) -> bool:
        return await acknowledge(update, application.bot_data[STATE], taps)

    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(ReliableRateLimiter())
        .concurrent_updates(PerChatProcessor(CONCURRENT_CHATS, first=acknowledge_taps))
        .post_init(_announce)
        .build()
    )
    application.bot_data[STATE] = BotState(
        index=index,
        top_k=settings.top_k,
        examples=examples(index),
        max_question_words=settings.max_question_words,
        access=Access(frozenset(settings.allowed_user_ids), frozenset(settings.allowed_chat_ids)),
        fair_use=FairUse(settings.fair_use_questions, settings.fair_use_window_seconds),
        catalogue=Catalogue(index.reports),
        feedback=FeedbackStore(settings.feedback_db),
    )
    routing.add_handlers(application)
    return application


async def _announce(application: BotApplication) -> None:
    """Register the command menu and log what is being served, and as whom."""
    state: BotState = application.bot_data[STATE]
    await application.bot.set_my_commands(
        [
            BotCommand(name, text)
            for name, text in menu.commands(len(state.index.reports), state.examples)
        ]
    )
    reports = state.index.reports
    me = await application.bot.get_me()
    paragraphs = sum(len(report.paragraphs) for report in reports)
    if len(reports) == 1:
        logger.info("Serving %r (%d paragraphs) as @%s", reports[0].title, paragraphs, me.username)
    else:
        logger.info(
            "Serving %d reports (%d paragraphs) as @%s", len(reports), paragraphs, me.username
        )


def _freeze_what_is_built() -> None:
    """Keep the garbage collector off the reports and the index, which live as long as the bot.

    A full collection walks every object; on a report of 19,000 sections that took 52 ms
    (idle machine), a pause for every chat at once. Frozen objects are never walked again.
    """
    gc.collect()
    gc.freeze()


def run_polling(settings: Settings, index: LibraryRanker, ranker_description: str) -> None:
    """Run the bot until Ctrl-C or SIGTERM."""
    token = settings.require_token().get_secret_value()
    configure_logging(settings.log_level, secrets=[token])
    logger.info("Ranking with %s", ranker_description)
    application = build_application(settings, index)
    _freeze_what_is_built()
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    logger.info("Stopped")


def run_webhook(settings: Settings, index: LibraryRanker, ranker_description: str) -> None:
    """Run the bot on a webhook (``bot.webhook``) until Ctrl-C or SIGTERM."""
    from bot.webhook import WebhookConfig, serve  # tornado loads only in this mode

    token = settings.require_token().get_secret_value()
    url, secret = settings.require_webhook()
    configure_logging(settings.log_level, secrets=[token, secret.get_secret_value()])
    logger.info("Ranking with %s", ranker_description)
    application = build_application(settings, index)
    _freeze_what_is_built()
    config = WebhookConfig(
        url, secret.get_secret_value(), settings.webhook_listen, settings.webhook_port
    )
    asyncio.run(serve(application, config))
    logger.info("Stopped")
