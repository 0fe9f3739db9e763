"""Fair use: a reader who floods the bot gets a bounded number of answers and one note.

Two budgets per user, each a sliding window (issue 21): searches (questions, ``/ask``,
``/section`` by words, inline queries) spend ``FAIR_USE_QUESTIONS``; reading what is already
found (button taps, pages of an outline, sections by number, commands such as /about) spends
the much larger ``FAIR_USE_NAVIGATION``, so a reader paging with After ▶ is never slowed
down while a flood of taps or commands is still bounded. Within a budget, the first request
over the limit gets a polite "slow down", the rest are dropped silently until the window has
room again. ``FairUse`` counts in this process (the embedded default), with memory bounded
to the most recent users; ``bot.storage.fair_use_redis.SharedFairUse`` counts in Redis, so that
replicas enforce one limit together. The bot calls either as a ``Limiter``.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol


class Admission(Enum):
    """What fair use lets happen to one incoming message (the ranking's ``retrieval.Verdict``
    is another thing: whether the report answers)."""

    ANSWER = "answer"
    WARN = "warn"
    DROP = "drop"


class Cost(Enum):
    """Which budget a request spends; the value names it in Redis keys."""

    SEARCH = "search"
    """Ranks the reports: a question, ``/ask``, ``/section`` by words, an inline query."""
    READING = "reading"
    """Shows what is already there: a tap, a page, a section by number, a command."""


class SharedStateError(Exception):
    """REDIS_URL names a server that cannot be used; the message says which and why."""


class Limiter(Protocol):
    """What the bot asks of fair use, on the event loop (so a shared counter may await)."""

    @property
    def location(self) -> str:
        """Where the counting happens, fit to print (a URL's password hidden)."""
        ...

    async def judge(self, user_id: int, cost: Cost = Cost.SEARCH) -> Admission:
        """Record a request from ``user_id`` now, spending ``cost``'s budget, and judge it."""
        ...

    async def aclose(self) -> None:
        """Let go of what the counting holds (a connection)."""
        ...


@dataclass
class _History:
    times: deque[float] = field(default_factory=deque)
    warned: bool = False


class FairUse:
    """Per-user sliding-window limiter, in this process: one window per user and budget."""

    location = "this process"

    def __init__(
        self, limit: int, window: float, tracked_users: int = 10_000, reading: int | None = None
    ) -> None:
        """``limit`` searches and ``reading`` other requests (default: ``limit``) per
        ``window`` seconds."""
        self._limits = {Cost.SEARCH: limit, Cost.READING: limit if reading is None else reading}
        self._window = window
        self._tracked = tracked_users
        self._users: OrderedDict[tuple[Cost, int], _History] = OrderedDict()

    async def judge(self, user_id: int, cost: Cost = Cost.SEARCH) -> Admission:
        """``check`` by this process's monotonic clock."""
        return self.check(user_id, time.monotonic(), cost)

    async def aclose(self) -> None:
        """Nothing to let go of."""

    def check(self, user_id: int, now: float, cost: Cost = Cost.SEARCH) -> Admission:
        """Record a request from ``user_id`` at ``now`` (seconds) and judge it."""
        key = (cost, user_id)
        history = self._users.pop(key, None) or _History()
        self._users[key] = history
        while len(self._users) > self._tracked:
            self._users.popitem(last=False)
        while history.times and history.times[0] <= now - self._window:
            history.times.popleft()
        if len(history.times) < self._limits[cost]:
            history.times.append(now)
            history.warned = False
            return Admission.ANSWER
        if history.warned:
            return Admission.DROP
        history.warned = True
        return Admission.WARN
