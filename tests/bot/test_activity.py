"""Questions per day for an owner's ``/stats``, the same from SQLite and PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path

from bot.storage.activity import DAY_SECONDS, AskedRow, Day, first_day, utc_day
from bot.storage.feedback_writer import FeedbackWriter
from bot.storage.outbox import Outbox
from tests.bot.conftest import Backend


def test_questions_are_counted_per_day_with_their_readers_and_misses(backend: Backend) -> None:
    store = backend.open()
    now = time.time()
    today, yesterday = utc_day(now), utc_day(now - DAY_SECONDS)
    long_ago = now - 30 * DAY_SECONDS
    for user, verdict in [(1, "answered"), (1, "not_covered"), (2, "closest"), (3, "answered")]:
        store.record_asked(user, verdict)
    store.write(AskedRow(now - DAY_SECONDS, yesterday, store.hashed(4), "not_covered"))
    store.write(AskedRow(long_ago, utc_day(long_ago), store.hashed(5), "answered"))
    days = store.activity(7)
    store.close()
    assert days == (Day(today, 4, 3, 1, 1), Day(yesterday, 1, 1, 1, 0))


def test_an_empty_store_has_no_days(backend: Backend) -> None:
    store = backend.open()
    assert store.activity(7) == ()
    store.close()


def test_the_questions_asked_reach_the_store_through_the_queue_on_disk(tmp_path: Path) -> None:
    backend = Backend("sqlite", str(tmp_path / "f.sqlite3"), None)
    writer = FeedbackWriter(backend.open(), Outbox(tmp_path / "outbox.sqlite3"))
    assert writer.record_asked(7, "closest")
    writer.close()
    assert backend.rows("SELECT day, verdict FROM asked") == [(utc_day(time.time()), "closest")]


def test_the_last_days_start_that_many_days_back_today_included() -> None:
    noon = 1_765_022_400.0  # 2025-12-06 12:00 UTC
    assert first_day(1, noon) == "2025-12-06"
    assert first_day(7, noon) == "2025-11-30"
