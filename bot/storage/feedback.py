"""Readers' 👍 / 👎 and the questions the report did not cover: what is kept, and where.

The report's owner reads them with ``report-bot feedback`` to see what readers miss.
FEEDBACK_DB chooses the store (``bot.storage.opening``): a file path is a SQLite file, the
embedded default (``bot.storage.feedback_sqlite``); a PostgreSQL database, which the bot's
replicas on several machines share, is ``bot.storage.feedback_postgres``. Both keep the same
rows and give the same summary; this module holds the rows, and ``bot.storage.sql_store``
the code the two stores share.

User ids are never stored: only a salted hash, enough to tell repeat voters apart and
nothing more. The salt is kept apart from the database (``FEEDBACK_SALT``; for SQLite, else
a file beside it): Telegram user ids are few enough to try them all, so a copy of the
database alone, shared for analysis, must not carry what un-hashes them.

One vote per user per answer: a tap of the other button changes the vote, and the reader
may withdraw it (a tap on their ticked vote); the same vote again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.storage.activity import AskedRow, Day

Address = tuple[str, int]
"""A passage as (its report's file name and version, paragraph number): see
``bot.conversation.catalogue.Catalogue.vote_key``."""


class FeedbackStoreError(Exception):
    """FEEDBACK_DB (or its salt) cannot be used; the message says which and why."""


class FeedbackWriteError(Exception):
    """A write the store gave up on after its bounded retries; the message says why.

    ``transient``: the store may take the row later (a lost server, a lock held too long);
    otherwise it never will (a value it refuses), and the row is dropped.
    """

    def __init__(self, message: str, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True, slots=True)
class DislikedQuestion:
    """A question readers voted down, with how often and what was shown first."""

    question: str
    dislikes: int
    likes: int
    first_passage: Address | None


@dataclass(frozen=True, slots=True)
class Summary:
    """What ``report-bot feedback`` prints."""

    votes: int
    likes: int
    disliked: tuple[DislikedQuestion, ...]
    uncovered: tuple[tuple[str, int], ...]
    """Questions the report did not cover, with how often they were asked."""
    closest: tuple[tuple[str, int], ...] = ()
    """Questions answered only with the closest passages (under the caveat), with how often
    they were asked: the likely misses an owner should read."""


class FeedbackStore(Protocol):
    """Where votes and uncovered questions are kept.

    Its methods block (on another writer's lock, on a lost connection, bounded): the bot
    calls them through ``bot.storage.feedback_writer.FeedbackWriter``, off the event loop. Writes
    that cannot be made raise ``FeedbackWriteError``.
    """

    @property
    def location(self) -> str:
        """Where the feedback is kept, fit to print (a URL's password hidden)."""
        ...

    def hashed(self, user_id: int) -> str:
        """The salted hash ``user_id`` is stored as."""
        ...

    def write(self, row: Row) -> None:
        """Store a row; a ``VoteRow`` replaces the user's earlier vote on the same answer,
        and the same vote again is a no-op."""
        ...

    def record_vote(
        self, user_id: int, question: str, liked: bool, passages: Sequence[Address]
    ) -> None:
        """Store this user's 👍 (``liked``) or 👎 for the answer: ``question`` and its passages.

        A second vote on the same answer replaces the first; the same vote again is a no-op.
        """
        ...

    def withdraw_vote(self, user_id: int, question: str, passages: Sequence[Address]) -> None:
        """Forget this user's vote on the answer, if any."""
        ...

    def record_uncovered(self, user_id: int, question: str) -> None:
        """Store a question the report did not cover."""
        ...

    def record_closest(self, user_id: int, question: str) -> None:
        """Store a question answered only with the closest passages."""
        ...

    def record_asked(self, user_id: int, verdict: str) -> None:
        """Store that this user asked a question answered with ``verdict`` (not its words)."""
        ...

    def summary(self, limit: int = 10) -> Summary:
        """The most disliked questions and the most frequent uncovered and closest ones."""
        ...

    def activity(self, days: int = 7) -> tuple[Day, ...]:
        """Questions per day of the last ``days`` (UTC, today included), newest first."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class VoteRow:
    """A vote as every store keeps it; ``answer`` is what makes it one per user per answer."""

    at: float
    user_hash: str
    question: str
    vote: int
    passages: str
    answer: str

    @classmethod
    def of(cls, user_hash: str, question: str, liked: bool, passages: Sequence[Address]) -> VoteRow:
        """The row of a vote made now."""
        shown = json.dumps([[report, paragraph] for report, paragraph in passages])
        question = storable(question)
        return cls(
            time.time(),
            user_hash,
            question,
            1 if liked else -1,
            shown,
            answer_key(question, passages),
        )


def answer_key(question: str, passages: Sequence[Address]) -> str:
    """What tells one answer from another in ``votes``: the question and the passages shown."""
    shown = json.dumps([[report, paragraph] for report, paragraph in passages])
    return f"{question.strip().lower()} {shown}"


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """A reader taking their vote on an answer back."""

    at: float
    user_hash: str
    answer: str

    @classmethod
    def of(cls, user_hash: str, question: str, passages: Sequence[Address]) -> Withdrawal:
        """The withdrawal of a vote, now."""
        return cls(time.time(), user_hash, answer_key(storable(question), passages))


@dataclass(frozen=True, slots=True)
class UncoveredRow:
    """A question the report did not cover, as every store keeps it."""

    at: float
    user_hash: str
    question: str

    @classmethod
    def of(cls, user_hash: str, question: str) -> UncoveredRow:
        """The row of a question asked now."""
        return cls(time.time(), user_hash, storable(question))


@dataclass(frozen=True, slots=True)
class ClosestRow(UncoveredRow):
    """A question answered only with the closest passages (under the caveat): a likely
    miss the owner should read, kept like an uncovered one in a table of its own."""


Row = VoteRow | UncoveredRow | ClosestRow | Withdrawal | AskedRow


def storable(text: str) -> str:
    """PostgreSQL's text cannot hold NUL (SQLite's could): every store keeps U+FFFD instead,
    so both keep the same rows."""
    return text.replace("\x00", "\ufffd")


def user_hash(salt: str, user_id: int) -> str:
    """The salted hash a user id is stored as."""
    return hashlib.sha256(f"{salt}:{user_id}".encode()).hexdigest()[:16]
