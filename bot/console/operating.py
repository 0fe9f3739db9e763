"""The commands that run or look after the bot: check, health, index, feedback and run.

The bot's parts are built by ``bot.serving.app`` (the composition root), imported only by
the commands that need them: python-telegram-bot takes a while to load, and ``ask`` and
``health`` do without it. Whatever a command raises is said here, or by ``bot.console.cli``,
in one line, with the exit status of ``bot.console.exits``.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.console import rendering
from bot.console.exits import EXIT_FAILED, EXIT_OK, EXIT_UNHEALTHY, EXIT_USAGE, USER_ERRORS
from bot.console.output import configure_logging, protected_output
from bot.console.progress import ProgressBar
from bot.console.reading import build_ranker, print_skipped, read_library
from bot.serving.heartbeat import age as heartbeat_age
from bot.serving.logged_progress import ProgressLog
from bot.serving.watching import snapshot
from bot.settings import Settings
from retrieval import isolation
from retrieval.hybrid import plan_ranker

log = logging.getLogger(__name__)


def check(args: argparse.Namespace, settings: Settings) -> int:
    """``check``: settings, token format and report offline; ``--online``: one getMe call."""
    from bot.serving.app import open_feedback  # the Telegram stack loads only when needed

    settings.require_token()  # the most likely thing to be missing
    index = build_ranker(settings, "bm25")
    store = open_feedback(settings)  # FeedbackStoreError says why it cannot be used
    store.close()
    if settings.redis_url is not None:
        from bot.storage.fair_use_redis import ping  # redis loads only when configured

        ping(settings.redis_url)  # SharedStateError says why it cannot be used
    username = None
    if args.online:
        from bot.serving.online import (  # the Telegram stack loads only here
            OnlineCheckError,
            get_me,
        )

        # The one line below says it all; python-telegram-bot would log the failure too.
        logging.disable(logging.ERROR)
        with protected_output(settings.secrets()):
            try:
                username = get_me(settings)
            except OnlineCheckError as error:
                print(f"report-bot: {error}", file=sys.stderr)
                return EXIT_USAGE if error.rejected else EXIT_FAILED
            finally:
                logging.disable(logging.NOTSET)
    print(rendering.check_text(settings, index, store.location, username))
    return EXIT_OK


def health(args: argparse.Namespace, settings: Settings) -> int:
    """``health``: whether the running bot's heartbeat is fresh (the Docker HEALTHCHECK)."""
    seconds = heartbeat_age(settings.heartbeat_file)
    limit = settings.health_max_age_seconds
    if seconds is None:
        where = settings.heartbeat_file
        print(f"report-bot: not serving: no heartbeat at {where}", file=sys.stderr)
        return EXIT_UNHEALTHY
    if seconds > limit:
        print(
            f"report-bot: not serving: last heard from Telegram {seconds:.0f} s ago "
            f"(more than {limit:g} s)",
            file=sys.stderr,
        )
        return EXIT_UNHEALTHY
    print(f"serving: last heard from Telegram {seconds:.0f} s ago")
    return EXIT_OK


def index(args: argparse.Namespace, settings: Settings) -> int:
    """``index``: build the caches (the embeddings, with a progress bar) ahead of time."""
    bar = ProgressBar()
    try:
        library = read_library(settings)
        _, description = plan_ranker(
            library, settings.ranker, settings.cache_dir, progress=bar
        ).built()
    finally:
        bar.close()
    print(f"ranker: {description}")
    return EXIT_OK


def feedback(args: argparse.Namespace, settings: Settings) -> int:
    """``feedback``: the most disliked answers and the most asked uncovered questions."""
    from bot.serving.app import open_feedback  # the Telegram stack loads only when needed

    library = read_library(settings)
    store = open_feedback(settings)
    try:
        print(rendering.feedback_text(store.summary(args.n), library.reports))
    finally:
        store.close()
    return EXIT_OK


def run(args: argparse.Namespace, settings: Settings) -> int:
    """``run``: the Telegram bot, polling or on a webhook."""
    from telegram.error import InvalidToken, TelegramError  # loads only when needed

    from bot.serving import app
    from bot.serving.online import telegram_answer
    from bot.serving.reloading import Reloader

    settings.require_token()  # before the report: the most likely thing to be missing
    if args.webhook:
        settings.require_webhook()
    isolation.prepare()  # before any thread: parse workers start without the token
    editions = app.open_editions(settings)
    seen = snapshot(settings.report_path)  # before reading: a change made meanwhile is seen
    configure_logging(settings.log_level, settings.secrets())  # for the progress lines
    library = editions.read(ProgressLog(log, "Reading reports", "files"))
    print_skipped(library)
    # The bot answers with BM25 while the embeddings are built in the background.
    edition = editions.build(library)
    interval = settings.reload_interval
    reloader = Reloader(editions, edition, seen, interval) if interval > 0 else None
    # Every way out ends in at most one line on stderr, with the token (and the webhook
    # secret, and the passwords in FEEDBACK_DB and REDIS_URL) redacted: python-telegram-bot
    # puts the token in the text of ``InvalidToken`` ("The token `…` was rejected by the
    # server."), and an uncaught one printed it whole. stdout and stderr are scrubbed as
    # well for as long as the bot runs.
    secrets = settings.secrets()
    with protected_output(secrets):
        configure_logging(settings.log_level, secrets=secrets)
        try:
            app.serve(settings, edition.ranker, edition.description, args.webhook, reloader)
        except InvalidToken as error:
            return _fail(
                f"Telegram rejected the bot token ({telegram_answer(error)}). {REJECTED_HELP}",
                EXIT_USAGE,
            )
        except USER_ERRORS as error:
            return _fail(str(error), EXIT_USAGE)
        except TelegramError as error:
            reason = f"the Bot API could not be used ({telegram_answer(error)}); stopped."
            return _fail(reason, EXIT_FAILED)
        except Exception as error:
            log.debug("The bot stopped on an error", exc_info=error)  # redacted, if asked
            return _fail(
                f"stopped on an unexpected error: {type(error).__name__}: {error}", EXIT_FAILED
            )
    return EXIT_OK


REJECTED_HELP = (
    "Check TELEGRAM_BOT_TOKEN (copy it again from @BotFather; /revoke makes a new one) and "
    "TELEGRAM_BASE_URL (https://api.telegram.org/bot unless you run your own Bot API server)."
)


def _fail(message: str, status: int) -> int:
    """The one line a failed run ends with (stderr is redacting while the bot runs)."""
    print(f"report-bot: {message}", file=sys.stderr)
    return status
