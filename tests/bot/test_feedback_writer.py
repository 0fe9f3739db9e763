"""The feedback writer's queue on disk: bounded, in order, outliving a store that is away and
a restart."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.storage.feedback import Address, FeedbackWriteError, Row, Summary, VoteRow
from bot.storage.feedback_writer import FeedbackWriter
from bot.storage.outbox import Outbox, OutboxError


class FlakyStore:
    """A store that refuses every write while ``away`` is set, as PostgreSQL down would."""

    location = "flaky"

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.away = threading.Event()
        self.written = threading.Event()
        self.closed = False

    def hashed(self, user_id: int) -> str:
        return f"user-{user_id}"

    def write(self, row: Row) -> None:
        if self.away.is_set():
            raise FeedbackWriteError("the server is away", transient=True)
        self.rows.append(row)
        self.written.set()

    def record_vote(
        self, user_id: int, question: str, liked: bool, passages: Sequence[Address]
    ) -> None:
        raise AssertionError("the writer writes rows")

    def record_uncovered(self, user_id: int, question: str) -> None:
        raise AssertionError("the writer writes rows")

    def summary(self, limit: int = 10) -> Summary:
        raise AssertionError("not read here")

    def close(self) -> None:
        self.closed = True


def wait_for_rows(store: FlakyStore, count: int) -> None:
    for _ in range(200):  # bounded: 200 writes at most
        if len(store.rows) >= count:
            return
        store.written.clear()
        assert store.written.wait(10), f"{len(store.rows)} rows of {count}"
    raise AssertionError("never written")


def questions(store: FlakyStore) -> list[str]:
    return [row.question for row in store.rows]


def test_rows_are_written_in_the_order_they_came(tmp_path: Path) -> None:
    store = FlakyStore()
    writer = FeedbackWriter(store, Outbox(tmp_path / "outbox.sqlite3"))
    assert writer.record_vote(1, "first", False, [("r", 1)])
    assert writer.record_uncovered(2, "second")
    wait_for_rows(store, 2)
    writer.close()
    assert questions(store) == ["first", "second"]
    assert isinstance(store.rows[0], VoteRow)
    assert store.rows[0].user_hash == "user-1"
    assert store.closed


def test_rows_wait_on_disk_while_the_store_is_away_and_outlive_a_restart(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    store = FlakyStore()
    store.away.set()
    writer = FeedbackWriter(store, Outbox(tmp_path / "outbox.sqlite3"))
    for n in range(5):
        assert writer.record_vote(n, f"vote {n}", False, [("r", n)])
    writer.close()  # the store is still away: the rows stay on disk
    assert store.rows == []
    assert "Feedback kept on disk until the store answers (the server is away)" in caplog.text
    back = FlakyStore()
    again = FeedbackWriter(back, Outbox(tmp_path / "outbox.sqlite3"))
    wait_for_rows(back, 5)
    again.close()
    assert questions(back) == [f"vote {n}" for n in range(5)]
    assert "5 rows left queued on disk by an earlier run" in caplog.text


def test_a_full_queue_refuses_the_vote_so_the_reader_can_be_told(tmp_path: Path) -> None:
    store = FlakyStore()
    store.away.set()
    writer = FeedbackWriter(store, Outbox(tmp_path / "outbox.sqlite3", capacity=3))
    kept = [writer.record_vote(n, f"vote {n}", True, [("r", 1)]) for n in range(5)]
    writer.close()
    assert kept == [True, True, True, False, False]


def test_a_row_the_store_will_never_take_is_dropped_with_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class Refusing(FlakyStore):
        def write(self, row: Row) -> None:
            if row.question == "poison":
                raise FeedbackWriteError("value too long", transient=False)
            super().write(row)

    store = Refusing()
    writer = FeedbackWriter(store, Outbox(tmp_path / "outbox.sqlite3"))
    writer.record_uncovered(1, "poison")
    writer.record_uncovered(1, "after it")
    wait_for_rows(store, 1)
    writer.close()
    assert questions(store) == ["after it"]
    assert "Feedback not stored: value too long" in caplog.text


def test_an_unusable_outbox_says_where_and_why(tmp_path: Path) -> None:
    (tmp_path / "outbox.sqlite3").mkdir()
    with pytest.raises(OutboxError, match=r"outbox\.sqlite3 cannot be used"):
        Outbox(tmp_path / "outbox.sqlite3")
