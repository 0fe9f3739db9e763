"""Fixtures of the bot's tests: a feedback store of each kind, behind one face."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.storage.feedback import FeedbackStore
from bot.storage.opening import open_store
from bot.storage.urls import feedback_database

POSTGRES_SALT = "salt-for-tests"


@dataclass(frozen=True)
class Backend:
    """A feedback database of one kind: how to open it and read its rows directly."""

    kind: str
    target: str
    salt: str | None

    def open(self) -> FeedbackStore:
        return open_store(feedback_database(self.target), self.salt)

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        """The rows of a query (plain SQL both databases read alike)."""
        if self.kind == "postgresql":
            import psycopg

            with psycopg.connect(self.target) as connection:
                return [tuple(row) for row in connection.execute(query).fetchall()]
        with sqlite3.connect(self.target) as db:
            return db.execute(query).fetchall()

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Another program's long transaction holding the lock every write needs."""
        from benchmarks.feedback_contention import write_lock

        with write_lock(self.target):
            yield


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """A new feedback database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return Backend("sqlite", str(tmp_path / "f.sqlite3"), None)
    return Backend("postgresql", request.getfixturevalue("postgres_url"), POSTGRES_SALT)
