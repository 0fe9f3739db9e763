"""Readers' 👍 / 👎 and the questions the report did not cover, in a local SQLite file.

The report's owner reads them with ``report-bot feedback`` to see what readers miss.
User ids are never stored: only a salted hash (the salt is made once and kept in the same
file), enough to tell repeat voters apart and nothing more.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
    at REAL NOT NULL, user_hash TEXT NOT NULL, question TEXT NOT NULL,
    vote INTEGER NOT NULL, passages TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS uncovered (
    at REAL NOT NULL, user_hash TEXT NOT NULL, question TEXT NOT NULL
);
"""


Address = tuple[str, int]
"""A passage as (its report's file name, paragraph number): see ``bot.catalogue.report_key``."""


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


class FeedbackStore:
    """Appends feedback to one SQLite file; safe to open from several processes."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(path, timeout=5, isolation_level=None)
        self._connection.executescript(_SCHEMA)
        self._salt = self._load_salt()

    def close(self) -> None:
        self._connection.close()

    def record_vote(
        self, user_id: int, question: str, liked: bool, passages: Sequence[Address]
    ) -> None:
        """Store one 👍 (``liked``) or 👎 for the passages shown for ``question``."""
        shown = json.dumps([[report, paragraph] for report, paragraph in passages])
        self._connection.execute(
            "INSERT INTO votes VALUES (?, ?, ?, ?, ?)",
            (time.time(), self._hash(user_id), question, 1 if liked else -1, shown),
        )

    def record_uncovered(self, user_id: int, question: str) -> None:
        """Store a question the report did not cover."""
        self._connection.execute(
            "INSERT INTO uncovered VALUES (?, ?, ?)", (time.time(), self._hash(user_id), question)
        )

    def summary(self, limit: int = 10) -> Summary:
        """The most disliked questions and the most frequent uncovered ones."""
        rows = self._connection.execute(
            "SELECT question, SUM(vote < 0), SUM(vote > 0), MIN(passages) FROM votes "
            "GROUP BY lower(trim(question)) HAVING SUM(vote < 0) > 0 "
            "ORDER BY SUM(vote < 0) DESC, MAX(at) DESC LIMIT ?",
            (limit,),
        ).fetchall()
        disliked = tuple(
            DislikedQuestion(q, int(down), int(up), _first_passage(p)) for q, down, up, p in rows
        )
        uncovered = self._connection.execute(
            "SELECT MIN(question), COUNT(*) FROM uncovered GROUP BY lower(trim(question)) "
            "ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT ?",
            (limit,),
        ).fetchall()
        votes, likes = self._connection.execute(
            "SELECT COUNT(*), COALESCE(SUM(vote > 0), 0) FROM votes"
        ).fetchone()
        return Summary(int(votes), int(likes), disliked, tuple((q, int(n)) for q, n in uncovered))

    def _load_salt(self) -> str:
        self._connection.execute(
            "INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),)
        )
        (salt,) = self._connection.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        return str(salt)

    def _hash(self, user_id: int) -> str:
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()[:16]


def _first_passage(stored: str) -> Address | None:
    """The first passage of a vote row; rows from before passages named their report hold
    bare paragraph numbers, read as report ``""``."""
    first = (json.loads(stored) or [None])[0]
    if isinstance(first, int):
        return ("", first)
    if isinstance(first, list) and len(first) == 2:
        return (str(first[0]), int(first[1]))
    return None
