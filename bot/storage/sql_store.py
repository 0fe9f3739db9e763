"""What the two SQL feedback stores share: the ``record_*`` methods, one statement per row
(``?`` placeholders), the write, the summary and the activity read, over each store's own retrying
``_write`` and ``_fetch``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from bot.storage.activity import ACTIVITY_SQL, AskedRow, Day, days_of, first_day
from bot.storage.feedback import (
    Address,
    ClosestRow,
    DislikedQuestion,
    Row,
    Summary,
    UncoveredRow,
    VoteRow,
    Withdrawal,
    user_hash,
)


class RowStore:
    """A feedback store over SQL: ``_salt``, ``_write`` and ``_fetch`` are the store's own."""

    _salt: str
    """The salt each user id is hashed with (see ``user_hash``)."""

    def _write(self, sql: str, values: tuple[object, ...]) -> None:
        """Run one statement (``?`` placeholders), retried; ``FeedbackWriteError`` if it fails."""
        raise NotImplementedError

    def _fetch(self, sql: str, values: tuple[object, ...]) -> list[tuple[object, ...]]:
        """The rows of one query (``?`` placeholders); ``FeedbackStoreError`` if it fails."""
        raise NotImplementedError

    def hashed(self, user_id: int) -> str:
        """The salted hash ``user_id`` is stored as."""
        return user_hash(self._salt, user_id)

    def write(self, row: Row) -> None:
        """Store a vote or an uncovered question (see ``FeedbackStore.write``)."""
        self._write(*statement_of(row))

    def activity(self, days: int = 7) -> tuple[Day, ...]:
        """Questions per day of the last ``days`` (UTC, today included), newest first."""
        return days_of(self._fetch(ACTIVITY_SQL, (first_day(days),)))

    def record_vote(
        self, user_id: int, question: str, liked: bool, passages: Sequence[Address]
    ) -> None:
        """Store this user's vote on an answer (see ``FeedbackStore.record_vote``)."""
        self.write(VoteRow.of(self.hashed(user_id), question, liked, passages))

    def withdraw_vote(self, user_id: int, question: str, passages: Sequence[Address]) -> None:
        """Forget this user's vote on the answer, if any."""
        self.write(Withdrawal.of(self.hashed(user_id), question, passages))

    def record_uncovered(self, user_id: int, question: str) -> None:
        """Store a question the report did not cover."""
        self.write(UncoveredRow.of(self.hashed(user_id), question))

    def record_closest(self, user_id: int, question: str) -> None:
        """Store a question answered only with the closest passages."""
        self.write(ClosestRow.of(self.hashed(user_id), question))

    def record_asked(self, user_id: int, verdict: str) -> None:
        """Count a question asked, by its verdict, for ``report-bot stats``."""
        self.write(AskedRow.of(self.hashed(user_id), verdict))


def statement_of(row: Row) -> tuple[str, tuple[object, ...]]:
    """The one statement that stores ``row`` in either store (``?`` placeholders), with its
    values: a vote replaces the user's other vote on the same answer, and the same vote
    again changes nothing; a withdrawal forgets it."""
    if isinstance(row, VoteRow):
        return (
            "INSERT INTO votes AS v (at, user_hash, question, vote, passages, answer) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_hash, answer) DO UPDATE "
            "SET vote = excluded.vote, at = excluded.at WHERE v.vote != excluded.vote",
            (row.at, row.user_hash, row.question, row.vote, row.passages, row.answer),
        )
    if isinstance(row, Withdrawal):
        return (
            "DELETE FROM votes WHERE user_hash = ? AND answer = ?",
            (row.user_hash, row.answer),
        )
    if isinstance(row, AskedRow):
        return (
            "INSERT INTO asked (at, day, user_hash, verdict) VALUES (?, ?, ?, ?)",
            (row.at, row.day, row.user_hash, row.verdict),
        )
    table = "closest" if isinstance(row, ClosestRow) else "uncovered"
    return (
        f"INSERT INTO {table} (at, user_hash, question) VALUES (?, ?, ?)",
        (row.at, row.user_hash, row.question),
    )


def summary_of(
    disliked: Iterable[tuple[str, int, int, str]],
    uncovered: Iterable[tuple[str, int]],
    votes: int,
    likes: int,
    closest: Iterable[tuple[str, int]] = (),
) -> Summary:
    """The summary from a store's rows: (question, 👎, 👍, first passages) per disliked
    question, (question, count) per uncovered or closest one, and the vote totals."""
    return Summary(
        int(votes),
        int(likes),
        tuple(
            DislikedQuestion(q, int(down), int(up), first_passage(p)) for q, down, up, p in disliked
        ),
        tuple((q, int(n)) for q, n in uncovered),
        tuple((q, int(n)) for q, n in closest),
    )


def first_passage(stored: str) -> Address | None:
    """The first passage of a vote row; rows from before passages named their report hold
    bare paragraph numbers, read as report ``""``."""
    first = (json.loads(stored) or [None])[0]
    if isinstance(first, int):
        return ("", first)
    if isinstance(first, list) and len(first) == 2:
        return (str(first[0]), int(first[1]))
    return None
