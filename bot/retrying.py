"""One retry policy: how long every loop that tries again waits, and when it stops.

Five loops try again after a failure: a feedback write that meets another process's SQLite
lock (``bot.storage.feedback_sqlite``) or a lost PostgreSQL connection
(``bot.storage.feedback_postgres``), a reply that meets a Bot API fault
(``bot.serving.delivery``), ``getUpdates`` while Telegram is away (``bot.serving.polling``)
and the webhook's ``getMe`` probe (``bot.serving.connectivity``). Each did its own
arithmetic (linear in one, doubling in three, jitter in two); now each names a ``Backoff``,
counts its failures with ``Retries``, and ``retry`` runs the common case: one call tried
again until it succeeds or the backoff gives up. Waits are the caller's to make (``sleep``
is an argument), so tests never wait for real.

One small module, not tenacity or stamina: the loops that need most care are not "call
until it works" (polling waits on a stop event, delivery waits for Telegram to hear the bot
before trying again), which a retry library reaches only through its hooks, while the
arithmetic they share is a few lines.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Backoff:
    """Waits that double from ``first`` up to ``cap``, and the bounds of one run of retries.

    A run gives up after ``attempts`` tries, or once the next wait would end past ``budget``
    seconds from its start; with neither, the caller bounds it (polling stops on SIGTERM).
    """

    first: float
    cap: float
    attempts: int | None = None
    """Tries in all, the first included."""
    budget: float | None = None
    """Seconds from the first try beyond which no wait may end."""
    jitter: bool = False
    """Each wait drawn between half and all of it, so that replicas do not retry in step."""


class Retries:
    """One run of retries under a ``Backoff``: after each failure, the wait or None (give up)."""

    def __init__(
        self,
        backoff: Backoff,
        clock: Callable[[], float] = time.monotonic,
        draw: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self.backoff = backoff
        self.failures = 0
        self._clock = clock
        self._draw = draw
        self._started = clock()

    def failed(self) -> float | None:
        """Count a failure; the seconds to wait before the next try, or None to give up."""
        self.failures += 1
        backoff = self.backoff
        if backoff.attempts is not None and self.failures >= backoff.attempts:
            return None
        ceiling = min(backoff.cap, backoff.first * 2 ** (self.failures - 1))
        delay = self._draw(ceiling / 2, ceiling) if backoff.jitter else ceiling
        if backoff.budget is not None and self._clock() - self._started + delay > backoff.budget:
            return None
        return delay

    def succeeded(self) -> None:
        """A try worked: the next failure waits ``first`` again, with the whole budget."""
        self.failures = 0
        self._started = self._clock()


def retry(
    action: Callable[[], T],
    backoff: Backoff,
    *,
    when: Callable[[Exception], bool],
    said: Callable[[Exception, int, float], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``action()``, tried again after each error ``when`` accepts, until it succeeds or
    ``backoff`` gives up; then its last error is raised. ``said(error, failures, wait)`` is
    called before each wait (to log it)."""
    if backoff.attempts is None and backoff.budget is None:
        raise ValueError("retry needs a bounded Backoff (attempts or budget)")
    retries = Retries(backoff)
    while True:
        try:
            return action()
        except Exception as error:
            delay = retries.failed() if when(error) else None
            if delay is None:
                raise
            if said is not None:
                said(error, retries.failures, delay)
            sleep(delay)
