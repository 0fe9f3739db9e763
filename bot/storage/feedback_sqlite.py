"""Feedback in a local SQLite file: the embedded store, and FEEDBACK_DB's default.

Several processes (replicas on one machine, ``report-bot feedback`` while the bot runs) may
use one file: it is in WAL mode, so readers never wait for writers, and each write waits up
to ``BUSY_TIMEOUT`` for another process's lock, then is retried a bounded number of times.
The salt is ``FEEDBACK_SALT``, or a file ``<database>.salt`` beside the database, readable
by its owner only (see ``bot.storage.feedback``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bot.retrying import Backoff, retry
from bot.storage.feedback import FeedbackStoreError, FeedbackWriteError, Summary
from bot.storage.sql_store import RowStore, summary_of

logger = logging.getLogger(__name__)

BUSY_TIMEOUT = 5.0
"""Seconds one attempt waits for another process's write lock (SQLite's busy timeout)."""
BACKOFF = Backoff(first=0.05, cap=0.8, attempts=6)
"""Six attempts per write, each waiting up to ``BUSY_TIMEOUT`` for the lock, a little more
between them: a write gives up only after a lock held for about 30 s."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
    at REAL NOT NULL, user_hash TEXT NOT NULL, question TEXT NOT NULL,
    vote INTEGER NOT NULL, passages TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS uncovered (
    at REAL NOT NULL, user_hash TEXT NOT NULL, question TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS closest (
    at REAL NOT NULL, user_hash TEXT NOT NULL, question TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS asked (
    at REAL NOT NULL, day TEXT NOT NULL, user_hash TEXT NOT NULL, verdict TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS asked_by_day ON asked (day);
"""
_ONE_VOTE_PER_ANSWER = """
ALTER TABLE votes ADD COLUMN answer TEXT NOT NULL DEFAULT '';
UPDATE votes SET answer = lower(trim(question)) || ' ' || passages;
DELETE FROM votes WHERE rowid NOT IN (
    SELECT rowid FROM votes AS v WHERE v.at = (
        SELECT MAX(at) FROM votes AS w WHERE w.user_hash = v.user_hash AND w.answer = v.answer
    )
);
CREATE UNIQUE INDEX IF NOT EXISTS one_vote_per_answer ON votes (user_hash, answer);
"""
"""Databases written before one vote per answer: keep each user's latest vote per answer."""

T = TypeVar("T")


class SqliteFeedback(RowStore):
    """Feedback in one SQLite file; safe to share between processes (WAL, bounded retries).

    Its methods block (on another process's lock, for up to about 30 s): the bot calls them
    through ``bot.storage.feedback_writer.FeedbackWriter``, off the event loop.
    """

    def __init__(
        self, path: Path, salt: str | None = None, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        """Open (creating if need be) the database; ``FeedbackStoreError`` if it is unusable.
        ``sleep`` waits between attempts (``bot.retrying``)."""
        self._path = path
        self._sleep = sleep
        self.location = str(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as error:
            raise self._unusable(error) from None
        try:
            self._retrying(self._prepare)
            self._salt = salt or self._retrying(self._salt_beside_database)
        except (OSError, sqlite3.Error) as error:
            self._connection.close()
            raise self._unusable(error) from None

    def close(self) -> None:
        self._connection.close()

    def summary(self, limit: int = 10) -> Summary:
        """The most disliked questions and the most frequent uncovered and closest ones."""
        disliked = self._connection.execute(
            "SELECT MIN(question), SUM(vote < 0), SUM(vote > 0), MIN(passages) FROM votes "
            "GROUP BY lower(trim(question)) HAVING SUM(vote < 0) > 0 "
            "ORDER BY SUM(vote < 0) DESC, MAX(at) DESC LIMIT ?",
            (limit,),
        ).fetchall()
        uncovered, closest = (
            self._connection.execute(
                f"SELECT MIN(question), COUNT(*) FROM {table} GROUP BY lower(trim(question)) "
                "ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT ?",
                (limit,),
            ).fetchall()
            for table in ("uncovered", "closest")
        )
        votes, likes = self._connection.execute(
            "SELECT COUNT(*), COALESCE(SUM(vote > 0), 0) FROM votes"
        ).fetchone()
        return summary_of(disliked, uncovered, votes, likes, closest)

    def _fetch(self, sql: str, values: tuple[object, ...]) -> list[tuple[object, ...]]:
        return list(self._connection.execute(sql, values).fetchall())

    def _write(self, sql: str, row: tuple[object, ...]) -> None:
        try:
            self._retrying(lambda: self._connection.execute(sql, row))
        except sqlite3.Error as error:
            transient = isinstance(error, sqlite3.OperationalError)  # locked, disk I/O
            raise FeedbackWriteError(f"{self._path}: {error}", transient) from error

    def _retrying(self, action: Callable[[], T]) -> T:
        """``action``, tried again while another process holds the lock (bounded)."""

        def said(error: Exception, failures: int, delay: float) -> None:
            logger.warning("Feedback database busy (%s); attempt %d", error, failures + 1)

        return retry(action, BACKOFF, when=_is_busy, said=said, sleep=self._sleep)

    def _prepare(self) -> None:
        """WAL mode, the tables, and one vote per answer (migrating an older database)."""
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")  # durable enough in WAL mode
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(_SCHEMA):
                self._connection.execute(statement)
            columns = {row[1] for row in self._connection.execute("PRAGMA table_info(votes)")}
            if "answer" not in columns:
                for statement in _statements(_ONE_VOTE_PER_ANSWER):
                    self._connection.execute(statement)
            self._connection.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("ROLLBACK")
            raise

    def _salt_beside_database(self) -> str:
        """The salt in ``<database>.salt``, made once (moved out of an older database)."""
        salt_path = self._path.with_name(self._path.name + ".salt")
        old = self._connection.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        fresh = str(old[0]) if old else secrets.token_hex(16)
        if not salt_path.exists():
            # Written whole, then linked into place: two processes starting together agree.
            draft = salt_path.with_name(f"{salt_path.name}.{os.getpid()}")
            draft.write_text(fresh, encoding="ascii")
            draft.chmod(0o600)
            with contextlib.suppress(FileExistsError):
                os.link(draft, salt_path)
            draft.unlink()
        salt = salt_path.read_text(encoding="ascii").strip()
        if old:
            self._connection.execute("DELETE FROM meta WHERE key = 'salt'")
        if not salt:
            raise OSError(f"the salt file {salt_path} is empty")
        return salt

    def _unusable(self, error: Exception) -> FeedbackStoreError:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return FeedbackStoreError(
            f"FEEDBACK_DB {self._path} cannot be used: {reason}. Point FEEDBACK_DB at a "
            "writable folder (the file is created there) or at an existing feedback database."
        )


def _statements(script: str) -> list[str]:
    """The statements of a script, to run one by one inside a transaction (``executescript``
    would commit first)."""
    return [statement.strip() for statement in script.split(";\n") if statement.strip()]


def _is_busy(error: Exception) -> bool:
    """Whether ``error`` is another process's lock, which waiting may clear."""
    text = str(error)
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)
