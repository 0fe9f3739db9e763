"""Polling mode, driven by hand: start-up errors reach ``run_bot`` whole, and SIGTERM stops it.

``Application.run_polling`` initialises the bot inside python-telegram-bot's own retry loop,
which logs a traceback of its own when Telegram rejects the token before re-raising it.
Driving the ``Application`` here, as ``bot/webhook.py`` does (initialize, start, stop,
shutdown), lets the one error line of ``bot.app.run_bot`` be the only thing printed.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from telegram import Update
from telegram.ext import Application

logger = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]


async def poll(application: BotApplication) -> None:
    """Fetch updates until SIGTERM or SIGINT, then answer the ones fetched and stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    updater = application.updater
    if updater is None:
        raise RuntimeError("the application was built without an updater")
    async with application:  # initialize (getMe: the token is checked here) and shut down
        if application.post_init:
            await application.post_init(application)
        await updater.start_polling(allowed_updates=Update.ALL_TYPES)
        await application.start()
        try:
            await stop.wait()
            logger.info("Stopping: no new updates; answering the ones fetched")
        finally:
            # Updater.stop confirms the updates fetched to Telegram with one more getUpdates.
            await updater.stop()
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
    if application.post_shutdown:
        await application.post_shutdown(application)
