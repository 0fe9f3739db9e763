"""Updates of different chats handled at once, each chat's in the order they came.

python-telegram-bot handles updates one at a time by default, so one reader's slow work (a
long outline paced at a message a second, 50 taps) made every other reader wait behind
it. ``PerChatProcessor`` is its ``concurrent_updates`` processor: every update joins its
chat's line as it arrives, runs when the update before it in that chat is done, and never
waits for another chat. Inline queries line up per user.

Once an update has joined its line, and before it waits there, ``first``
(``bot.conversation.taps.acknowledge``) may handle it at once: a button tap is answered
the moment it arrives, so no tap ever waits for its chat's earlier work and Telegram never
calls it "too old".
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

First = Callable[[Update], Awaitable[bool]]
"""Handles an update at once; False when nothing more is to be done with it."""

WAITING_UPDATES = 100_000
"""Updates accepted and waiting at once, over all chats (PTB's own bound)."""


class PerChatProcessor(BaseUpdateProcessor):
    """Up to ``limit`` chats served at once; within a chat, one update after another."""

    def __init__(self, limit: int, first: First | None = None) -> None:
        super().__init__(WAITING_UPDATES)
        self._slots = asyncio.Semaphore(limit)
        self._first = first
        self._last: dict[Hashable, asyncio.Future[None]] = {}
        """Per line, the future that completes when its latest update is done."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Join the chat's line, let ``first`` act, then run when the update before is done."""
        key = _line_key(update)
        if key is None:
            await coroutine
            return
        # Joined before any await, so a chat's updates keep the order they arrived in.
        before = self._last.get(key)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._last[key] = done
        try:
            go_on = True
            if self._first is not None and isinstance(update, Update):
                go_on = await self._first(update)
            if before is not None:
                await asyncio.shield(before)
            if go_on:
                async with self._slots:
                    await coroutine
        finally:
            if inspect.iscoroutine(coroutine) and (
                inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED
            ):
                coroutine.close()  # handled at once, or cancelled while waiting its turn
            _complete_after(done, before)
            if self._last.get(key) is done and done.done():
                del self._last[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: PTB waits for the updates in progress itself."""


def _complete_after(done: asyncio.Future[None], before: asyncio.Future[None] | None) -> None:
    """Complete ``done`` once ``before`` is: a cancelled update never lets the next one
    overtake an earlier one still running."""
    if before is None or before.done():
        done.set_result(None)
    else:
        before.add_done_callback(lambda _: done.set_result(None))


def _line_key(update: object) -> Hashable | None:
    """Which line an update joins: its chat's, or for an inline query its sender's."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None
