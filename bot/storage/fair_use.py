"""Fair use: a reader who floods the bot gets a bounded number of answers and one note.

A sliding window per user: up to ``limit`` questions in ``window`` seconds are answered;
the first one over the limit gets a polite "slow down", the rest are dropped silently until
the window has room again. ``FairUse`` counts in this process (the embedded default), with
memory bounded to the most recent users; ``bot.storage.fair_use_redis.SharedFairUse`` counts in
Redis, so that replicas enforce one limit together. The bot calls either as a ``Limiter``.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol


class Verdict(Enum):
    """What to do with one incoming message."""

    ANSWER = "answer"
    WARN = "warn"
    DROP = "drop"


class Limiter(Protocol):
    """What the bot asks of fair use, on the event loop (so a shared counter may await)."""

    @property
    def location(self) -> str:
        """Where the counting happens, fit to print (a URL's password hidden)."""
        ...

    async def judge(self, user_id: int) -> Verdict:
        """Record a message from ``user_id`` now and judge it."""
        ...

    async def aclose(self) -> None:
        """Let go of what the counting holds (a connection)."""
        ...


@dataclass
class _History:
    times: deque[float] = field(default_factory=deque)
    warned: bool = False


class FairUse:
    """Per-user sliding-window limiter, in this process."""

    location = "this process"

    def __init__(self, limit: int, window: float, tracked_users: int = 10_000) -> None:
        self._limit = limit
        self._window = window
        self._tracked_users = tracked_users
        self._users: OrderedDict[int, _History] = OrderedDict()

    async def judge(self, user_id: int) -> Verdict:
        """``check`` by this process's monotonic clock."""
        return self.check(user_id, time.monotonic())

    async def aclose(self) -> None:
        """Nothing to let go of."""

    def check(self, user_id: int, now: float) -> Verdict:
        """Record a message from ``user_id`` at ``now`` (seconds) and judge it."""
        history = self._users.pop(user_id, None) or _History()
        self._users[user_id] = history
        if len(self._users) > self._tracked_users:
            self._users.popitem(last=False)
        while history.times and history.times[0] <= now - self._window:
            history.times.popleft()
        if len(history.times) < self._limit:
            history.times.append(now)
            history.warned = False
            return Verdict.ANSWER
        if history.warned:
            return Verdict.DROP
        history.warned = True
        return Verdict.WARN
