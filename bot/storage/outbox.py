"""Feedback rows on their way to the store, kept on disk until the store has them.

Before, a vote made while PostgreSQL was down was retried for about 15 s and then dropped
(57 of 57 lost in a 29 s outage) while the reader read "Thanks, noted". Now every row is
written here first, a small SQLite file beside the bot (``CACHE_DIR``), and leaves it only
once the store has it: an outage, or a restart during one, loses nothing. The file holds
at most ``CAPACITY`` rows; a row that would not fit is refused, so the caller can say so.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import asdict
from pathlib import Path

from bot.storage.activity import AskedRow
from bot.storage.feedback import (
    ClosestRow,
    FeedbackStoreError,
    Row,
    UncoveredRow,
    VoteRow,
    Withdrawal,
)

CAPACITY = 10_000
"""Rows kept while the store is away: hours of votes for a busy bot, a few megabytes."""
BUSY_TIMEOUT = 30.0

KINDS: dict[str, type[VoteRow] | type[UncoveredRow] | type[Withdrawal] | type[AskedRow]] = {
    "vote": VoteRow,
    "asked": AskedRow,
    "closest": ClosestRow,  # before "uncovered": a ClosestRow is an UncoveredRow too
    "uncovered": UncoveredRow,
    "withdrawal": Withdrawal,
}
"""How each kind of row is named in the file."""
_SCHEMA = "CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, kind TEXT, row TEXT)"


class OutboxError(FeedbackStoreError):
    """The outbox file cannot be used; the message says why."""


class Outbox:
    """Rows waiting for the feedback store, oldest first; safe to use from several threads."""

    def __init__(self, path: Path, capacity: int = CAPACITY) -> None:
        self.path = path
        self.capacity = capacity
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            (self._count,) = self._db.execute("SELECT COUNT(*) FROM outbox").fetchone()
        except (OSError, sqlite3.Error) as error:
            raise OutboxError(f"the feedback queue {path} cannot be used: {error}") from None

    def __len__(self) -> int:
        return int(self._count)

    def put(self, row: Row) -> None:
        """Keep ``row`` on disk; ``OutboxError`` if it is full or the disk refuses."""
        kind = next(name for name, made in KINDS.items() if isinstance(row, made))
        with self._lock:
            if self._count >= self.capacity:
                raise OutboxError(f"the feedback queue {self.path} is full ({self.capacity} rows)")
            try:
                self._db.execute(
                    "INSERT INTO outbox (kind, row) VALUES (?, ?)", (kind, json.dumps(asdict(row)))
                )
            except sqlite3.Error as error:
                raise OutboxError(
                    f"the feedback queue {self.path} refused a row: {error}"
                ) from None
            self._count += 1

    def oldest(self, limit: int) -> list[tuple[int, Row]]:
        """Up to ``limit`` rows, oldest first, each with the id ``remove`` takes."""
        with self._lock:
            found = self._db.execute(
                "SELECT id, kind, row FROM outbox ORDER BY id LIMIT ?", (limit,)
            ).fetchall()
        rows: list[tuple[int, Row]] = []
        for key, kind, text in found:
            fields = json.loads(text)
            rows.append((key, KINDS[kind](**fields)))
        return rows

    def remove(self, key: int) -> None:
        """Forget the row ``key``: the store has it."""
        with self._lock:
            removed = self._db.execute("DELETE FROM outbox WHERE id = ?", (key,)).rowcount
            self._count -= removed

    def close(self) -> None:
        with self._lock:
            self._db.close()
