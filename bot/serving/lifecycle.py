"""One start-up and one shutdown for both ways updates arrive: polling and the webhook.

python-telegram-bot's ``run_polling`` and ``run_webhook`` each start and stop the
``Application`` themselves and end a start-up error in their own way; here the
``Application`` is driven by hand (initialize, start, stop, shutdown, with its
``post_*`` hooks), as PTB's custom-webhook example does, so that an error reaches the
command line whole and is said in one line. Polling and the webhook were two copies of that
sequence; now each is an ``Intake`` (how updates are received until stopped, and what is
settled once they are answered) and ``run`` is the one sequence around it:

start: initialize (``getMe``: the token is checked), ``post_init``, start processing;
then the intake receives updates until SIGTERM or SIGINT;
stop: the intake stops receiving, refused answers give up waiting for Telegram, the
updates already received are answered, the intake settles (polling confirms the last
offset), ``post_stop``, shutdown, ``post_shutdown``.
"""

from __future__ import annotations

import asyncio
import signal
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # python-telegram-bot loads only to run the bot, not for exits.py
    from telegram.ext import Application

    from bot.serving.connectivity import Connectivity

    BotApplication = Application[Any, Any, Any, Any, Any, Any]


class UpdatesRefusedError(Exception):
    """Telegram refused to send updates the way the settings ask (``setWebhook`` refused
    WEBHOOK_URL); the message says why. A setting to fix, not a fault to retry."""


class Intake(Protocol):
    """How updates reach the running ``Application``: polled, or posted to a webhook."""

    async def receive(self, application: BotApplication, stop: asyncio.Event) -> None:
        """Put updates on ``application.update_queue`` until ``stop`` is set; then stop
        receiving (close what was opened) and return."""

    async def settle(self, application: BotApplication) -> None:
        """Once the updates received are answered: whatever Telegram must be told."""


async def run(application: BotApplication, intake: Intake, connectivity: Connectivity) -> None:
    """Start ``application``, let ``intake`` feed it until SIGTERM or SIGINT, then stop it
    cleanly: the updates already received are answered before it returns."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with application:  # initialize (getMe) and, on the way out, shut down
        if application.post_init:
            await application.post_init(application)
        await application.start()
        try:
            await intake.receive(application, stop)
        finally:
            connectivity.close()  # answers waiting for Telegram give up rather than hold the stop
            await application.stop()  # answers every update already on the queue
            await intake.settle(application)
            if application.post_stop:
                await application.post_stop(application)
    if application.post_shutdown:
        await application.post_shutdown(application)
