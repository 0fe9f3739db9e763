"""Feedback in a PostgreSQL database: one store for replicas on several machines.

The same rows and the same summary as ``bot.storage.feedback_sqlite``. Text columns use the "C"
collation, so grouping (``lower`` folds ASCII only) and ``MIN`` pick what SQLite picks and
``report-bot feedback`` reads the same from either store. One vote per user per answer is
the primary key of ``votes``, kept with ``INSERT ... ON CONFLICT``; every write is one
statement in autocommit, so it is atomic without a transaction.

A write that meets a lost connection, a server restart or another session's lock (waited
for up to ``LOCK_TIMEOUT``) is retried with backoff, reconnecting first when the connection
is gone, up to ``BACKOFF.attempts`` times (about 15 s); then it is given up on. While writes keep
failing, the next ones get one attempt each until one succeeds, so that a server down for
long does not make every queued write wait 15 s (stopping the bot would take minutes).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from bot.redaction import redact
from bot.retrying import Backoff, retry
from bot.storage.feedback import FeedbackStoreError, FeedbackWriteError, Summary
from bot.storage.sql_store import RowStore, summary_of
from bot.storage.urls import Server

logger = logging.getLogger(__name__)

BACKOFF = Backoff(first=0.5, cap=8.0, attempts=6)
"""Attempts per write: retried after 0.5, 1, 2, 4 and 8 s, about 15 s in all (a server
restart takes a few seconds)."""
LOCK_TIMEOUT = "5s"
"""How long one statement waits for another session's lock (SQLite's busy timeout, here)."""
CONNECTION_DEFAULTS = {
    "connect_timeout": "5",
    "application_name": "report-bot",
    # A server that vanished without closing the connection is noticed within about a
    # minute rather than the system's two hours.
    "keepalives": "1",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
}
"""libpq parameters the URL may override (``?connect_timeout=10``)."""
SCHEMA_LOCK = 0x7265706F
"""Advisory lock held while the tables are made: replicas starting together would otherwise
race in ``CREATE TABLE IF NOT EXISTS`` (a duplicate-key error on PostgreSQL's catalogue)."""

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS votes (
        at DOUBLE PRECISION NOT NULL, user_hash TEXT COLLATE "C" NOT NULL,
        question TEXT COLLATE "C" NOT NULL, vote SMALLINT NOT NULL,
        passages TEXT COLLATE "C" NOT NULL, answer TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (user_hash, answer)
    )""",
    """CREATE TABLE IF NOT EXISTS uncovered (
        at DOUBLE PRECISION NOT NULL, user_hash TEXT COLLATE "C" NOT NULL,
        question TEXT COLLATE "C" NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS closest (
        at DOUBLE PRECISION NOT NULL, user_hash TEXT COLLATE "C" NOT NULL,
        question TEXT COLLATE "C" NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS asked (
        at DOUBLE PRECISION NOT NULL, day TEXT COLLATE "C" NOT NULL,
        user_hash TEXT COLLATE "C" NOT NULL, verdict TEXT COLLATE "C" NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS asked_by_day ON asked (day)",
)

T = TypeVar("T")
Connection = psycopg.Connection[Any]


class PostgresFeedback(RowStore):
    """Feedback in a PostgreSQL database; safe to share between machines (one connection
    per process, bounded retries, reconnecting)."""

    def __init__(
        self, database: Server, salt: str, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        """Connect and make the tables if need be; ``FeedbackStoreError`` if it cannot.
        ``sleep`` waits between attempts (``bot.retrying``)."""
        self.location = database.shown
        self._sleep = sleep
        self._passwords = database.passwords
        self._conninfo = _with_defaults(database.address)
        self._salt = salt
        self._connection: Connection | None = None
        self._failing = False
        try:
            connection = self._connect()
            with connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                for statement in _SCHEMA:
                    connection.execute(statement)
        except psycopg.Error as error:
            self.close()
            raise FeedbackStoreError(
                f"FEEDBACK_DB {self.location} cannot be used: {self._say(error)}. Check the "
                "address (user, password, host, port, database), that the server is running, and "
                "that the user may create tables in that database."
            ) from None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def summary(self, limit: int = 10) -> Summary:
        """The most disliked questions and the most frequent uncovered and closest ones."""

        def read(connection: Connection) -> Summary:
            disliked = connection.execute(
                "SELECT MIN(question), COUNT(*) FILTER (WHERE vote < 0), "
                "COUNT(*) FILTER (WHERE vote > 0), MIN(passages) FROM votes "
                "GROUP BY lower(trim(question)) HAVING COUNT(*) FILTER (WHERE vote < 0) > 0 "
                "ORDER BY 2 DESC, MAX(at) DESC LIMIT %s",
                (limit,),
            ).fetchall()
            uncovered, closest = (
                connection.execute(
                    f"SELECT MIN(question), COUNT(*) FROM {table} "
                    "GROUP BY lower(trim(question)) ORDER BY COUNT(*) DESC, MAX(at) DESC "
                    "LIMIT %s",
                    (limit,),
                ).fetchall()
                for table in ("uncovered", "closest")
            )
            totals = connection.execute(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE vote > 0) FROM votes"
            ).fetchone()
            votes, likes = totals or (0, 0)
            return summary_of(disliked, uncovered, votes, likes, closest)

        return self._reading(read)

    def _fetch(self, sql: str, values: tuple[object, ...]) -> list[tuple[object, ...]]:
        return self._reading(lambda c: list(c.execute(sql.replace("?", "%s"), values).fetchall()))

    def _reading(self, read: Callable[[Connection], T]) -> T:
        """``read``'s result, retried like a write; ``FeedbackStoreError`` if it fails."""
        try:
            return self._retrying(read)
        except psycopg.Error as error:
            raise FeedbackStoreError(
                f"FEEDBACK_DB {self.location} could not be read: {self._say(error)}."
            ) from None

    def _write(self, sql: str, row: tuple[object, ...]) -> None:
        try:
            self._retrying(lambda connection: connection.execute(sql.replace("?", "%s"), row))
        except psycopg.Error as error:
            transient = isinstance(error, psycopg.OperationalError)  # lost, restarting, locked
            raise FeedbackWriteError(f"{self.location}: {self._say(error)}", transient) from error

    def _retrying(self, action: Callable[[Connection], T]) -> T:
        """``action`` on the connection, retried on transient errors (bounded, with backoff)
        and reconnecting when the connection was lost."""
        backoff = replace(BACKOFF, attempts=1) if self._failing else BACKOFF

        def attempt() -> T:
            try:
                return action(self._connection or self._connect())
            except psycopg.OperationalError:
                if self._connection is not None and self._connection.broken:
                    self.close()  # reconnect on the next attempt
                raise

        def said(error: Exception, failures: int, delay: float) -> None:
            logger.warning(
                "Feedback database busy or unreachable (%s); attempt %d of %d in %.1f s",
                self._say(error),
                failures + 1,
                backoff.attempts,
                delay,
            )

        try:
            result = retry(
                attempt,
                backoff,
                when=lambda error: isinstance(error, psycopg.OperationalError),
                said=said,
                sleep=self._sleep,
            )
        except psycopg.OperationalError:
            self._failing = True
            raise
        if self._failing:
            logger.info("Feedback database %s reachable again", self.location)
            self._failing = False
        return result

    def _connect(self) -> Connection:
        self._connection = psycopg.connect(self._conninfo, autocommit=True)
        self._connection.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
        return self._connection

    def _say(self, error: BaseException) -> str:
        """libpq's message on one line, never with the password (a message may quote the
        connection string)."""
        return redact(one_line(error), self._passwords)


def _with_defaults(address: str) -> str:
    """``address`` (a URL or keywords, read by ``bot.storage.urls``) as a libpq connection
    string, with the ``CONNECTION_DEFAULTS`` it does not set."""
    given = conninfo_to_dict(address)
    return make_conninfo(
        address, **{key: value for key, value in CONNECTION_DEFAULTS.items() if key not in given}
    )


def one_line(error: BaseException) -> str:
    """libpq's message on one line, without its tab-indented hints ("Is the server running
    on that host ...?"), which the messages here replace with their own."""
    lines = [line for line in str(error).splitlines() if not line.startswith("\t")]
    return " ".join(" ".join(lines).split()).rstrip(".")
