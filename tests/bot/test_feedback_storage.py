"""Feedback storage that never blocks a reader and never loses a write.

WAL mode, a busy timeout and bounded retries (several processes on one file), writes off
the event loop (``FeedbackWriter``), one vote per user per answer, the salt kept apart from
the database, and an unusable FEEDBACK_DB reported in one line. The behaviour a reader
sees is tested on both stores, SQLite and PostgreSQL (``backend``); what only one of them
has (WAL, the salt file, a URL) is tested on that one.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from benchmarks.feedback_contention import contend
from bot.console.cli import EXIT_USAGE, main
from bot.storage.feedback import FeedbackStoreError
from bot.storage.feedback_sqlite import SqliteFeedback
from bot.storage.feedback_writer import FeedbackWriter
from bot.storage.outbox import Outbox
from tests.bot.conftest import Backend
from tests.conftest import SEED

SEED_22 = ("seed.txt", 22)
"""A passage: (report file name, paragraph)."""


def votes(path: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT question, vote FROM votes ORDER BY at").fetchall()


def test_the_database_is_in_wal_mode(tmp_path: Path) -> None:
    SqliteFeedback(tmp_path / "f.sqlite3").close()
    with sqlite3.connect(tmp_path / "f.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_fifty_taps_of_the_same_vote_store_one(backend: Backend) -> None:
    store = backend.open()
    for _ in range(50):
        store.record_vote(
            7, "Who is Öztürk?", liked=True, passages=[("seed.txt", 22), ("seed.txt", 5)]
        )
    store.close()
    assert backend.rows("SELECT question, vote FROM votes") == [("Who is Öztürk?", 1)]


def test_a_withdrawn_vote_is_forgotten_and_other_votes_stay(backend: Backend) -> None:
    store = backend.open()
    store.record_vote(7, "Who is Öztürk?", liked=True, passages=[SEED_22])
    store.record_vote(8, "Who is Öztürk?", liked=False, passages=[SEED_22])  # another reader
    store.record_vote(7, "Pipeline", liked=True, passages=[("seed.txt", 18)])  # another answer
    store.withdraw_vote(7, "who is Öztürk? ", passages=[SEED_22])  # the same answer
    store.withdraw_vote(9, "Who is Öztürk?", passages=[SEED_22])  # never voted: nothing
    store.close()
    assert sorted(backend.rows("SELECT question, vote FROM votes")) == [
        ("Pipeline", 1),
        ("Who is Öztürk?", -1),
    ]


def test_the_other_button_changes_the_vote_and_other_answers_keep_theirs(
    backend: Backend,
) -> None:
    store = backend.open()
    store.record_vote(7, "Who is Öztürk?", liked=True, passages=[("seed.txt", 22)])
    store.record_vote(7, "Pipeline", liked=True, passages=[("seed.txt", 18)])
    store.record_vote(
        7, "who is Öztürk? ", liked=False, passages=[("seed.txt", 22)]
    )  # the same answer
    store.record_vote(
        8, "Who is Öztürk?", liked=True, passages=[("seed.txt", 22)]
    )  # another reader
    summary = store.summary()
    store.close()
    assert (summary.votes, summary.likes) == (3, 2)
    assert [(d.question, d.dislikes, d.likes) for d in summary.disliked] == [
        ("Who is Öztürk?", 1, 1)
    ]


def test_an_older_database_keeps_each_users_latest_vote_and_loses_its_salt(
    tmp_path: Path,
) -> None:
    path = tmp_path / "f.sqlite3"
    with sqlite3.connect(path) as db:  # the layout before one vote per answer
        db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE votes (at REAL NOT NULL, user_hash TEXT NOT NULL, "
            "question TEXT NOT NULL, vote INTEGER NOT NULL, passages TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('salt', 'old-salt');"
            "INSERT INTO votes VALUES (1, 'u1', 'q', 1, '[3]'), (2, 'u1', 'q', -1, '[3]'),"
            " (3, 'u1', 'q', -1, '[3]'), (4, 'u2', 'q', 1, '[3]');"
        )
    store = SqliteFeedback(path)
    store.close()
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT user_hash, vote FROM votes ORDER BY user_hash").fetchall()
        salt_rows = db.execute("SELECT * FROM meta WHERE key = 'salt'").fetchall()
    assert rows == [("u1", -1), ("u2", 1)]
    assert salt_rows == []
    assert (tmp_path / "f.sqlite3.salt").read_text() == "old-salt"  # old hashes still match


def test_the_salt_lives_beside_the_database_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    SqliteFeedback(path).close()
    salt_file = tmp_path / "f.sqlite3.salt"
    assert len(salt_file.read_text()) == 32
    assert stat.S_IMODE(salt_file.stat().st_mode) == 0o600
    assert salt_file.read_bytes() not in path.read_bytes()


def test_a_salt_from_the_settings_leaves_no_salt_file(tmp_path: Path) -> None:
    SqliteFeedback(tmp_path / "f.sqlite3", salt="from-settings").close()
    assert not (tmp_path / "f.sqlite3.salt").exists()


def test_four_processes_writing_at_once_lose_nothing(backend: Backend) -> None:
    # The full 4 x 3,000 figures are in docs/reliability.md (benchmarks/feedback_contention.py).
    rows, failed, _ = contend(backend.target, processes=4, writes=300)
    assert (rows, failed) == (1200, 0)


def test_a_write_waits_out_a_lock_held_by_another_program_without_blocking_the_caller(
    backend: Backend, tmp_path: Path
) -> None:
    writer = FeedbackWriter(backend.open(), Outbox(tmp_path / "outbox.sqlite3"))
    with backend.locked():  # another program's long transaction
        writer.record_vote(
            7, "Who is Öztürk?", liked=False, passages=[("seed.txt", 22)]
        )  # returns at once
        assert backend.rows("SELECT question, vote FROM votes") == []  # not written yet
    writer.close()  # waits for the queued write
    assert backend.rows("SELECT question, vote FROM votes") == [("Who is Öztürk?", -1)]


def unusable_paths(tmp_path: Path) -> dict[str, Path]:
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("this is not a database\n" * 100)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return {
        "a directory": folder,
        "not a database": not_a_database,
        "a read-only place": Path("/proc/report-bot/feedback.sqlite3"),  # even root cannot
    }


@pytest.mark.parametrize("case", ["a directory", "not a database", "a read-only place"])
def test_an_unusable_database_is_one_clear_error(tmp_path: Path, case: str) -> None:
    path = unusable_paths(tmp_path)[case]
    with pytest.raises(FeedbackStoreError, match=r"^FEEDBACK_DB .* cannot be used: "):
        SqliteFeedback(path)


@pytest.mark.parametrize("case", ["a directory", "not a database", "a read-only place"])
def test_check_names_an_unusable_database_in_one_line(
    tmp_path: Path,
    case: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPORT_PATH", str(SEED))
    monkeypatch.setenv("RANKER", "bm25")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:FAKE-token-for-tests-only-abcdefghij")
    monkeypatch.setenv("FEEDBACK_DB", str(unusable_paths(tmp_path)[case]))
    assert main(["check"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("report-bot: FEEDBACK_DB ")
