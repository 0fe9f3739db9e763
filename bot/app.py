"""Build the python-telegram-bot ``Application`` and run it in polling mode."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import handlers
from bot.delivery import ReliableRateLimiter
from bot.examples import example_questions
from bot.fair_use import FairUse
from bot.logs import configure_logging
from bot.settings import Settings
from retrieval import Ranker

logger = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]


def build_application(settings: Settings, index: Ranker) -> BotApplication:
    """The bot, wired: settings, handlers, command menu; nothing runs until it is started."""
    token = settings.require_token().get_secret_value()
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
        .post_init(_announce)
        .build()
    )
    application.bot_data[handlers.STATE] = handlers.BotState(
        index=index,
        top_k=settings.top_k,
        examples=example_questions(index),
        max_question_words=settings.max_question_words,
        access=handlers.Access(
            frozenset(settings.allowed_user_ids), frozenset(settings.allowed_chat_ids)
        ),
        fair_use=FairUse(settings.fair_use_questions, settings.fair_use_window_seconds),
    )
    application.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("sections", handlers.sections))
    application.add_handler(MessageHandler(filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(filters.TEXT, handlers.answer))
    application.add_handler(MessageHandler(filters.ALL, handlers.not_text))
    application.add_error_handler(handlers.report_error)
    return application


async def _announce(application: BotApplication) -> None:
    """Register the command menu and log what is being served, and as whom."""
    await application.bot.set_my_commands(
        [BotCommand(name, text) for name, text in handlers.COMMANDS]
    )
    state: handlers.BotState = application.bot_data[handlers.STATE]
    report = state.index.report
    me = await application.bot.get_me()
    logger.info(
        "Serving %r (%d paragraphs) as @%s", report.title, len(report.paragraphs), me.username
    )


def run_polling(settings: Settings, index: Ranker, ranker_description: str) -> None:
    """Run the bot until Ctrl-C or SIGTERM."""
    token = settings.require_token().get_secret_value()
    configure_logging(settings.log_level, secrets=[token])
    logger.info("Ranking with %s", ranker_description)
    application = build_application(settings, index)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    logger.info("Stopped")
