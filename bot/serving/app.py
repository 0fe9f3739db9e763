"""Build the python-telegram-bot ``Application`` and run it in polling mode."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from typing import TYPE_CHECKING, Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot.console.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from bot.conversation import menu, routing
from bot.conversation.catalogue import Catalogue
from bot.conversation.examples import examples
from bot.conversation.state import STATE, Access, BotState
from bot.conversation.taps import RecentTaps, acknowledge
from bot.logs import configure_logging, protected_output
from bot.serving.chats import PerChatProcessor
from bot.serving.connectivity import Connectivity
from bot.serving.delivery import ReliableRateLimiter
from bot.serving.inbound import CleanRequest
from bot.serving.online import telegram_answer
from bot.serving.polling import poll
from bot.settings import Settings, SettingsError
from bot.storage.feedback_writer import FeedbackWriter
from bot.storage.outbox import Outbox
from retrieval import LibraryRanker

if TYPE_CHECKING:
    from bot.serving.reloading import Reloader

logger = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]

OUTBOX_NAME = "feedback-outbox.sqlite3"
"""Feedback on its way to FEEDBACK_DB, in CACHE_DIR (``bot.storage.outbox``)."""
CONCURRENT_CHATS = 256
"""Chats served at once (PTB's ``concurrent_updates(True)``); within a chat, one update at
a time, in order (``bot.serving.chats``)."""


def build_application(
    settings: Settings,
    index: LibraryRanker,
    reloader: Reloader | None = None,
    connectivity: Connectivity | None = None,
) -> BotApplication:
    """The bot, wired: settings, handlers, command menu; nothing runs until it is started.

    With a ``reloader``, the reports are watched from start to stop (``bot.serving.reloading``);
    with ``connectivity`` (polling), refused answers wait for the next answered poll.
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


def _first_state(settings: Settings, index: LibraryRanker) -> BotState:
    """What the handlers share at start: the reports, their ranker, the stores, the limits."""
    feedback, fair_use = settings.open_feedback(), settings.open_fair_use()
    logger.info("Feedback kept in %s; fair use counted in %s", feedback.location, fair_use.location)
    return BotState(
        index=index,
        top_k=settings.top_k,
        examples=examples(index),
        max_question_words=settings.max_question_words,
        access=Access(frozenset(settings.allowed_user_ids), frozenset(settings.allowed_chat_ids)),
        fair_use=fair_use,
        catalogue=Catalogue(index.reports),
        feedback=FeedbackWriter(feedback, Outbox(settings.cache_dir / OUTBOX_NAME)),
    )


async def _announce(application: BotApplication) -> None:
    """Register the command menu and log what is being served, and as whom."""
    state: BotState = application.bot_data[STATE]
    await menu.show(application.bot, menu.commands(len(state.index.reports), state.examples))
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
    """
    gc.collect()
    gc.freeze()


def run_bot(
    settings: Settings,
    index: LibraryRanker,
    ranker_description: str,
    webhook: bool = False,
    reloader: Reloader | None = None,
) -> int:
    """Run the bot until SIGTERM or Ctrl-C; the exit status of ``bot/console/exits.py``.

    Every way out ends in at most one line on stderr, with the token (and the webhook
    secret, and the passwords in FEEDBACK_DB and REDIS_URL) redacted: python-telegram-bot
    puts the token in the text of ``InvalidToken`` ("The token `…` was rejected by the
    server."), and an uncaught one printed it whole. stdout and stderr are scrubbed as well
    for as long as the bot runs.
    """
    settings.require_token()
    if webhook:
        settings.require_webhook()
    secrets = settings.secrets()
    with protected_output(secrets):
        configure_logging(settings.log_level, secrets=secrets)
        try:
            run = run_webhook if webhook else run_polling
            run(settings, index, ranker_description, reloader)
        except InvalidToken as error:
            _fail(f"Telegram rejected the bot token ({telegram_answer(error)}). {REJECTED_HELP}")
            return EXIT_USAGE
        except SettingsError as error:
            _fail(str(error))
            return EXIT_USAGE
        except TelegramError as error:
            _fail(f"the Bot API could not be used ({telegram_answer(error)}); stopped.")
            return EXIT_FAILED
        except Exception as error:
            logger.debug("The bot stopped on an error", exc_info=error)  # redacted, if asked
            _fail(f"stopped on an unexpected error: {type(error).__name__}: {error}")
            return EXIT_FAILED
    return EXIT_OK


REJECTED_HELP = (
    "Check TELEGRAM_BOT_TOKEN (copy it again from @BotFather; /revoke makes a new one) and "
    "TELEGRAM_BASE_URL (https://api.telegram.org/bot unless you run your own Bot API server)."
)


def _fail(message: str) -> None:
    """The one line a failed run ends with (stderr is redacting while the bot runs)."""
    print(f"report-bot: {message}", file=sys.stderr)


def run_polling(
    settings: Settings,
    index: LibraryRanker,
    ranker_description: str,
    reloader: Reloader | None = None,
) -> None:
    """Run the bot until Ctrl-C or SIGTERM (call through :func:`run_bot`)."""
    logger.info("Ranking with %s", ranker_description)
    connectivity = Connectivity()
    application = build_application(settings, index, reloader, connectivity)
    _freeze_what_is_built()
    asyncio.run(poll(application, settings.heartbeat_file, connectivity=connectivity))
    logger.info("Stopped")


def run_webhook(
    settings: Settings,
    index: LibraryRanker,
    ranker_description: str,
    reloader: Reloader | None = None,
) -> None:
    """Run the bot on a webhook (``bot.serving.webhook``) until Ctrl-C or SIGTERM (``run_bot``)."""
    from bot.serving.webhook import WebhookConfig, serve  # tornado loads only in this mode

    url, secret = settings.require_webhook()
    logger.info("Ranking with %s", ranker_description)
    application = build_application(settings, index, reloader)
    _freeze_what_is_built()
    config = WebhookConfig(
        url,
        secret.get_secret_value(),
        settings.webhook_listen,
        settings.webhook_port,
        trusted_proxies=settings.webhook_trusted_proxies,
        heartbeat=settings.heartbeat_file,
    )
    asyncio.run(serve(application, config))
    logger.info("Stopped")
