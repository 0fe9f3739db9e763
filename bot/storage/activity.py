"""Questions per day, for an owner's ``/stats``: one row per question asked, without its words.

Every question answered is counted (``AskedRow``: when, the reader's salted hash, and the
verdict), so that ``/stats`` can say how many questions came each day, from how many
readers, and how many of them the reports missed. The words are kept only for the
questions the reports did not cover or answered only with the closest passages
(``bot.storage.feedback``), as before.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DAY_SECONDS = 86_400


@dataclass(frozen=True, slots=True)
class AskedRow:
    """A question asked and how it was answered ("answered", "closest", "not_covered"),
    without its words: what ``/stats`` counts per day. ``day`` is the UTC date, written
    here so that both stores group the same way."""

    at: float
    day: str
    user_hash: str
    verdict: str

    @classmethod
    def of(cls, user_hash: str, verdict: str) -> AskedRow:
        """The row of a question answered now."""
        now = time.time()
        return cls(now, utc_day(now), user_hash, verdict)


@dataclass(frozen=True, slots=True)
class Day:
    """One day's questions for ``/stats``: how many, from how many readers, and how many of
    them the reports did not cover or answered only with the closest passages."""

    day: str
    questions: int
    readers: int
    uncovered: int
    closest: int


ACTIVITY_SQL = (
    "SELECT day, COUNT(*), COUNT(DISTINCT user_hash), "
    "SUM(CASE WHEN verdict = 'not_covered' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN verdict = 'closest' THEN 1 ELSE 0 END) "
    "FROM asked WHERE day >= ? GROUP BY day ORDER BY day DESC"
)
"""Questions per day since a day (``?``), newest first: the same statement in either store."""


def utc_day(at: float) -> str:
    """``2026-12-06``: the UTC date of a time."""
    return time.strftime("%Y-%m-%d", time.gmtime(at))


def first_day(days: int, now: float | None = None) -> str:
    """The first UTC day of the last ``days`` days, today included."""
    at = time.time() if now is None else now
    return utc_day(at - (max(days, 1) - 1) * DAY_SECONDS)


def days_of(rows: Iterable[Sequence[object]]) -> tuple[Day, ...]:
    """``Day`` values from ``ACTIVITY_SQL``'s rows (PostgreSQL sums are decimals)."""
    return tuple(Day(str(d), int(q), int(r), int(u), int(c)) for d, q, r, u, c in rows)  # type: ignore[call-overload]
