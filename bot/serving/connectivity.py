"""Whether the Bot API hears the bot: what a refused answer waits for before it is sent again.

A 401 or 404 mid-run (a token revoked for a moment, a proxy in front of the Bot API that
lost its route) used to lose the answer being sent: python-telegram-bot calls both an
invalid token, which no retry helps. Polling heals from them (``bot.polling``); so an
answer refused that way now waits here until a ``getUpdates`` is answered again, then is
sent. A long outage of 5xx answers waits the same way once its retries are spent.
"""

from __future__ import annotations

import asyncio
import contextlib

HEAL_SECONDS = 600.0
"""How long an answer waits for the Bot API to hear the bot again before it is given up."""


class Connectivity:
    """Set while the Bot API answers the bot's polls; cleared by a refused send."""

    def __init__(self) -> None:
        self._heard = asyncio.Event()
        self._heard.set()
        self._closed = asyncio.Event()

    def heard(self) -> None:
        """A poll was answered: the Bot API hears the bot."""
        self._heard.set()

    def lost(self) -> None:
        """A send was refused as if the token were wrong, or failed for too long."""
        self._heard.clear()

    def close(self) -> None:
        """Stopping: nobody waits any longer."""
        self._closed.set()

    async def healed(self, timeout: float = HEAL_SECONDS) -> bool:
        """Wait until a poll is answered again; False if stopping or ``timeout`` came first."""
        if self._closed.is_set():
            return False
        heard = asyncio.ensure_future(self._heard.wait())
        closed = asyncio.ensure_future(self._closed.wait())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.wait((heard, closed), return_when=asyncio.FIRST_COMPLETED), timeout
            )
        heard.cancel()
        closed.cancel()
        return self._heard.is_set() and not self._closed.is_set()
