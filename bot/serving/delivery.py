"""Replies that survive a flaky Bot API: flood limits kept, 429s honoured, faults retried.

python-telegram-bot's ``AIORateLimiter`` keeps the bot within Telegram's overall and group
limits and waits out 429 answers for their ``retry_after``. This subclass adds what it
lacks: a per-chat limit of about one message a second (bursts of a few allowed, so a
three-passage answer goes out at once), and retries with exponential backoff (capped at 8 s)
and jitter on network errors, time-outs and 5xx answers, for up to two minutes, so a reply
outlives a Bot API outage of a minute instead of being lost.

A message refused with 401 or 404 (a token revoked for a moment, a proxy that lost its route
to the Bot API), or still failing when those two minutes are spent, is not given up: it
waits until Telegram answers the bot again (a poll, or in webhook mode a ``getMe``;
``bot.serving.connectivity``), for up to ten minutes, and is sent then. Before, such an
answer was lost (4 of 4).

A retry after a time-out can deliver a message twice when Telegram had in fact received
it: delivery is at least once, never at most once (docs/reliability.md).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import AIORateLimiter

from bot.retrying import Backoff, Retries
from bot.serving.connectivity import HEAL_SECONDS, Connectivity

logger = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]

PACED_ENDPOINTS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup"})
"""The messages Telegram's flood limits are about (one a second per chat, 30 a second in
all). A typing indicator or a callback answer is not a message: counting them too made every
answer wait for two slots and cut throughput to 0.55 of the echo bot's, then 0.81 with only
the per-chat pace lifted (docs/benchmarks.md, "Bot throughput"). They are still retried."""
BACKOFF = Backoff(first=1.0, cap=8.0, budget=120.0, jitter=True)
"""Retries after about 1, 2, 4, then every 8 s, for two minutes: a Bot API outage of a
minute is outlived."""


class ReliableRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` plus per-chat pacing and bounded retries on transient faults."""

    def __init__(
        self,
        *,
        backoff: Backoff = BACKOFF,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        per_chat_burst: int = 3,
        per_chat_period: float = 3.0,
        max_retry_after: int = 3,
        tracked_chats: int = 10_000,
        connectivity: Connectivity | None = None,
    ) -> None:
        """With ``connectivity``, a message refused 401 or 404, or failing past
        ``backoff``'s budget, waits until Telegram answers again and is sent again."""
        super().__init__(max_retries=max_retry_after)
        self._connectivity = connectivity
        self._backoff = backoff
        self._sleep = sleep
        self._per_chat = (per_chat_burst, per_chat_period)
        self._chat_limiters: OrderedDict[int | str, AsyncLimiter] = OrderedDict()
        self._tracked_chats = tracked_chats

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        """Send one request, paced per chat, retrying transient faults a bounded number of times."""
        chat_id = data.get("chat_id")
        loop = asyncio.get_running_loop()
        retries = Retries(self._backoff, clock=loop.time)
        give_up = loop.time() + HEAL_SECONDS
        while True:
            try:
                if endpoint not in PACED_ENDPOINTS:
                    return await callback(*args, **kwargs)
                if chat_id is not None:
                    await self._limiter_for(chat_id).acquire()
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise  # a request Telegram refuses will be refused again
            except (InvalidToken, NetworkError) as error:  # NetworkError: time-outs and 5xx
                delay = None if isinstance(error, InvalidToken) else retries.failed()
                if delay is None:
                    if not await self._healed(endpoint, error, give_up - loop.time()):
                        raise
                    retries.succeeded()  # Telegram answers again: a fresh budget
                    continue
                logger.warning(
                    "%s failed (%s); retry %d in %.1f s", endpoint, error, retries.failures, delay
                )
                await self._sleep(delay)

    async def _healed(self, endpoint: str, error: Exception, patience: float) -> bool:
        """Wait until Telegram answers again before a message is sent again; False when
        there is nothing to wait for, it is not a message, or ``patience`` runs out."""
        if self._connectivity is None or endpoint not in PACED_ENDPOINTS or patience <= 0:
            return False
        logger.warning("%s failed (%s); sent again once Telegram answers", endpoint, error)
        self._connectivity.lost()
        return await self._connectivity.healed(patience)

    def _limiter_for(self, chat_id: int | str) -> AsyncLimiter:
        limiter = self._chat_limiters.pop(chat_id, None) or AsyncLimiter(*self._per_chat)
        self._chat_limiters[chat_id] = limiter
        while len(self._chat_limiters) > self._tracked_chats:
            self._chat_limiters.popitem(last=False)
        return limiter
