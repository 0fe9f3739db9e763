"""Whether the Bot API hears the bot: what a refused answer waits for before it is sent again.

A 401 or 404 mid-run (a token revoked for a moment, a proxy in front of the Bot API that
lost its route) used to lose the answer being sent: python-telegram-bot calls both an
invalid token, which no retry helps. Polling heals from them (``bot.serving.polling``);
so an answer refused that way now waits here until a ``getUpdates`` is answered again,
then is sent. A long outage of 5xx answers waits the same way once its retries are spent.
In webhook mode nothing polls: ``probe`` asks Telegram (``getMe``) with backoff while an
answer waits, and plays the poll's part.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from telegram.error import TelegramError

from bot.retrying import Backoff, Retries

logger = logging.getLogger(__name__)

HEAL_SECONDS = 600.0
"""How long an answer waits for the Bot API to hear the bot again before it is given up."""
TELEGRAM_AWAY = Backoff(first=0.5, cap=30.0, jitter=True)
"""While Telegram does not answer, polling and ``probe`` ask again after about 0.5 s,
doubling up to 30 s; bounded by stopping, not by a count."""


class Connectivity:
    """Set while the Bot API answers the bot's polls; cleared by a refused send."""

    def __init__(self) -> None:
        self._heard = asyncio.Event()
        self._heard.set()
        self._lost = asyncio.Event()
        self._closed = asyncio.Event()

    def heard(self) -> None:
        """A poll was answered: the Bot API hears the bot."""
        self._lost.clear()
        self._heard.set()

    def lost(self) -> None:
        """A send was refused as if the token were wrong, or failed for too long."""
        self._heard.clear()
        self._lost.set()

    def close(self) -> None:
        """Stopping: nobody waits any longer."""
        self._closed.set()

    async def healed(self, timeout: float = HEAL_SECONDS) -> bool:
        """Wait until a poll is answered again; False if stopping or ``timeout`` came first."""
        await self._first(self._heard, timeout)
        return self._heard.is_set() and not self._closed.is_set()

    async def probe(self, ask: Callable[[], Awaitable[object]]) -> None:
        """Until closed: while an answer waits, ``ask`` Telegram with backoff, and count its
        first answer as a poll's (webhook mode, where nothing polls)."""
        retries = Retries(TELEGRAM_AWAY)
        while not self._closed.is_set():
            await self._first(self._lost, None)
            if self._closed.is_set():
                return
            try:
                await ask()
            except TelegramError as error:
                delay = retries.failed() or TELEGRAM_AWAY.cap  # unbounded: stopped by close
                logger.info(
                    "Telegram does not answer yet (%s); asking again in %.1f s", error, delay
                )
                await self._first(self._closed, delay)
                continue
            retries.succeeded()
            self.heard()

    async def _first(self, event: asyncio.Event, timeout: float | None) -> None:
        """Wait for ``event``, or until closed, or ``timeout`` seconds."""
        waits = [asyncio.ensure_future(e.wait()) for e in (event, self._closed)]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED), timeout
            )
        for wait in waits:
            wait.cancel()
