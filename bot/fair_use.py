"""Fair use: a reader who floods the bot gets a bounded number of answers and one note.

A sliding window per user: up to ``limit`` questions in ``window`` seconds are answered;
the first one over the limit gets a polite "slow down", the rest are dropped silently until
the window has room again. Memory is bounded: only the most recent users are tracked.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field
from enum import Enum


class Verdict(Enum):
    """What to do with one incoming message."""

    ANSWER = "answer"
    WARN = "warn"
    DROP = "drop"


@dataclass
class _History:
    times: deque[float] = field(default_factory=deque)
    warned: bool = False


class FairUse:
    """Per-user sliding-window limiter."""

    def __init__(self, limit: int, window: float, tracked_users: int = 10_000) -> None:
        self._limit = limit
        self._window = window
        self._tracked_users = tracked_users
        self._users: OrderedDict[int, _History] = OrderedDict()

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
