"""A bare python-telegram-bot echo bot: the floor ``benchmarks/throughput.py`` compares with.

Run: .venv/bin/python -m benchmarks.echo_bot [--paced] [--concurrent N]
It reads TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL from the environment, like report-bot,
polls, and answers each text by quoting it, as report-bot quotes the question it answers.
``--paced`` gives it report-bot's rate limiter (``bot.serving.delivery.ReliableRateLimiter``: about
one message a second per chat, bursts of 3, 30 a second overall), so that both bots work
under the same pacing; ``--concurrent N`` processes up to N updates at once.
"""

from __future__ import annotations

import argparse
import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.serving.delivery import ReliableRateLimiter


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back, quoting it."""
    if update.message and update.message.text:
        await update.message.reply_text(update.message.text, do_quote=True)


def main() -> None:
    """Poll until SIGTERM."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--paced", action="store_true", help="use report-bot's rate limiter")
    parser.add_argument("--concurrent", type=int, default=0, help="updates processed at once")
    args = parser.parse_args()
    builder = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_BASE_URL"])
    )
    if args.paced:
        builder = builder.rate_limiter(ReliableRateLimiter())  # type: ignore[arg-type]
    if args.concurrent:
        builder = builder.concurrent_updates(args.concurrent)
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
