"""Polling mode: fetch updates with ``getUpdates`` forever, healing from any failure.

python-telegram-bot's ``Updater`` gives up for good when Telegram answers 401 while the
bot runs (a token revoked, even for a moment): its polling task ends, and the process
stays alive but deaf, which a supervisor cannot see. This loop never gives up while the
bot runs: any failure, a rejected token included, is logged and retried with exponential
backoff (capped, with jitter), and polling resumes as soon as Telegram answers again.
Each answer from Telegram touches the heartbeat file, so ``report-bot health`` (the Docker
HEALTHCHECK) reports the bot unhealthy while it cannot poll, and healthy again once it can.
See "Polling that heals" in docs/reliability.md for the choice of retrying over exiting.

Started and stopped by ``bot.serving.lifecycle``, as the webhook is. Updates are confirmed
to Telegram only through the next ``getUpdates`` offset; on SIGTERM the updates fetched are
answered first, then confirmed with one last call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.retrying import Backoff, Retries
from bot.serving.connectivity import TELEGRAM_AWAY, Connectivity
from bot.serving.heartbeat import Heartbeat

logger = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True, slots=True)
class PollingConfig:
    """How long each poll waits, and how retries back off."""

    long_poll_seconds: int = 10
    """Telegram holds a getUpdates this long when there is nothing new (PTB's default)."""
    backoff: Backoff = TELEGRAM_AWAY
    """A revoked token costs one request every 30 s at most, and polling resumes within
    30 s of the token being accepted again; never given up while the bot runs."""


class Polling:
    """The ``Intake`` of polling mode: ``getUpdates`` until stopped, then the offset confirmed.

    Each answered poll touches the heartbeat and tells ``connectivity``, which answers
    refused meanwhile wait for.
    """

    def __init__(
        self,
        connectivity: Connectivity,
        heartbeat: Path | None = None,
        config: PollingConfig = PollingConfig(),
    ) -> None:
        self._heard = connectivity
        self._beat = Heartbeat(heartbeat)
        self._config = config
        self._offset: int | None = None

    async def receive(self, application: BotApplication, stop: asyncio.Event) -> None:
        """Fetch updates onto the application's queue until ``stop``."""
        await application.bot.delete_webhook()  # getUpdates is refused while one is set
        self._beat.touch()  # getMe was answered: Telegram hears us
        self._offset = await _fetch_until(stop, application, self._beat, self._config, self._heard)
        logger.info("Stopping: no new updates; answering the ones fetched")

    async def settle(self, application: BotApplication) -> None:
        """Tell Telegram the updates fetched are done, so that a restart does not repeat them."""
        if self._offset is None:
            return
        try:
            await application.bot.get_updates(offset=self._offset, timeout=0, allowed_updates=[])
        except TelegramError as error:
            logger.warning(
                "Could not confirm the last updates (%s); a restart may repeat them", error
            )


async def _fetch_until(
    stop: asyncio.Event,
    application: BotApplication,
    beat: Heartbeat,
    config: PollingConfig,
    heard: Connectivity,
) -> int | None:
    """Put every update on the application's queue until ``stop``; the offset to confirm."""
    offset: int | None = None
    retries = Retries(config.backoff)
    while not stop.is_set():
        fetch = asyncio.ensure_future(
            application.bot.get_updates(
                offset=offset,
                timeout=config.long_poll_seconds,
                allowed_updates=Update.ALL_TYPES,
            )
        )
        if not await _first(fetch, stop):
            break  # stopping: updates of the abandoned poll were not confirmed, so none is lost
        try:
            updates = fetch.result()
        except Exception as error:  # every failure heals: see the module docstring
            delay = retries.failed() or config.backoff.cap  # unbounded: stopped by ``stop``
            logger.warning(
                "Polling failed %d time(s): %s; retrying in %.1f s",
                retries.failures,
                _describe(error),
                delay,
                exc_info=not isinstance(error, TelegramError),  # a bug deserves its traceback
            )
            await _sleep_unless(stop, delay)
            continue
        if retries.failures:
            logger.info("Polling again after %d failed attempt(s)", retries.failures)
            retries.succeeded()
        beat.touch()
        heard.heard()
        for update in updates:
            await application.update_queue.put(update)
        if updates:
            offset = updates[-1].update_id + 1
    return offset


async def _first(fetch: asyncio.Future[Any], stop: asyncio.Event) -> bool:
    """Wait for ``fetch`` or ``stop``; False (and ``fetch`` cancelled) if ``stop`` came first."""
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait((fetch, stopping), return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if fetch.done():
        return True
    fetch.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await fetch
    return False


async def _sleep_unless(stop: asyncio.Event, delay: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), delay)


def _describe(error: Exception) -> str:
    if isinstance(error, InvalidToken):
        return "Telegram rejects the token (revoked, or TELEGRAM_BASE_URL wrong?)"
    return f"{type(error).__name__}: {error}"
