"""What only the PostgreSQL store has: a URL with a password, a server that can go away,
replicas on several machines starting and voting at once.

Behaviour shared with SQLite is tested on both stores in ``test_feedback.py`` and
``test_feedback_storage.py``.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bot.console.cli import EXIT_OK, main
from bot.storage import feedback_postgres
from bot.storage.feedback import FeedbackStore, FeedbackWriteError
from bot.storage.opening import open_store
from bot.storage.urls import feedback_database
from tests.bot.checking import check_with, refused_line
from tests.bot.conftest import POSTGRES_SALT, Backend
from tests.tcp_proxy import TcpProxy


def password(url: str) -> str:
    return urlsplit(url).password or ""


def with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{netloc}:{port}"))


def test_a_connection_the_server_ended_is_made_again_by_the_next_write(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    store = open_store(feedback_database(postgres_url), POSTGRES_SALT)
    store.record_uncovered(1, "before")
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'report-bot'"
        )
    store.record_uncovered(1, "after")
    store.close()
    assert Backend("postgresql", postgres_url, None).rows(
        "SELECT question FROM uncovered ORDER BY at"
    ) == [("before",), ("after",)]
    (retry,) = caplog.records  # one retry, logged in one line
    assert "Feedback database busy or unreachable" in retry.getMessage()
    assert "\n" not in retry.getMessage()


def test_a_server_gone_for_long_loses_writes_in_one_line_each_and_stops_holding_the_queue(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    no_waits = replace(feedback_postgres.BACKOFF, first=0.0, cap=0.0)
    monkeypatch.setattr(feedback_postgres, "BACKOFF", no_waits)
    with TcpProxy(urlsplit(postgres_url).port or 5432) as proxy:
        through_proxy = with_port(postgres_url, proxy.port)
        store = open_store(feedback_database(through_proxy), POSTGRES_SALT)
        store.record_uncovered(1, "stored")
        proxy.cut()
        tried = proxy.accepted
        with pytest.raises(FeedbackWriteError) as lost:
            store.record_uncovered(1, "lost while the server is away")
        # Bounded: the first attempt met the cut connection, each retry connected anew.
        assert proxy.accepted - tried == (no_waits.attempts or 0) - 1
        assert "\n" not in str(lost.value)
        assert password(postgres_url) not in str(lost.value) + caplog.text
        tried = proxy.accepted
        with pytest.raises(FeedbackWriteError):
            store.record_uncovered(1, "lost too, after one attempt")
        assert proxy.accepted - tried == 1  # the next writes do not wait 15 s each
        proxy.restore()
        store.record_uncovered(1, "stored again")
        store.close()
    rows = Backend("postgresql", postgres_url, None).rows("SELECT question FROM uncovered")
    assert sorted(rows) == [("stored",), ("stored again",)]
    assert "reachable again" in caplog.text


def test_replicas_starting_together_make_the_tables_once(postgres_url: str) -> None:
    ready = threading.Barrier(6)
    errors: list[Exception] = []

    def start_replica() -> None:
        ready.wait()
        try:
            open_store(feedback_database(postgres_url), POSTGRES_SALT).close()
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=start_replica) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


def test_one_reader_tapping_in_two_replicas_at_once_keeps_one_vote(postgres_url: str) -> None:
    stores = [open_store(feedback_database(postgres_url), POSTGRES_SALT) for _ in range(4)]
    ready = threading.Barrier(len(stores))

    def tap(store: FeedbackStore) -> None:
        ready.wait()
        for _ in range(25):
            store.record_vote(7, "Who is Öztürk?", liked=False, passages=[("seed.txt", 22)])

    threads = [threading.Thread(target=tap, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for store in stores:
        store.close()
    rows = Backend("postgresql", postgres_url, None).rows("SELECT question, vote FROM votes")
    assert rows == [("Who is Öztürk?", -1)]


def test_a_nul_in_a_question_is_stored_as_a_replacement_character(postgres_url: str) -> None:
    store = open_store(feedback_database(postgres_url), POSTGRES_SALT)
    store.record_uncovered(1, "Baku\x00?")
    store.record_vote(1, "Baku\x00?", liked=False, passages=[("seed.txt", 3)])
    store.close()
    backend = Backend("postgresql", postgres_url, None)
    assert backend.rows("SELECT question FROM uncovered") == [("Baku\ufffd?",)]
    assert backend.rows("SELECT question FROM votes") == [("Baku\ufffd?",)]


def unusable_urls(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {
        "nothing listens on the port": with_port(url, 1),
        "a wrong password": url.replace(f":{parts.password}@", ":not-the-password@"),
        "no such database": urlunsplit(parts._replace(path="/no_such_database")),
    }


@pytest.mark.parametrize(
    "case", ["nothing listens on the port", "a wrong password", "no such database"]
)
def test_check_names_an_unusable_postgresql_url_in_one_line_without_its_password(
    postgres_url: str,
    case: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    url = unusable_urls(postgres_url)[case]
    line = refused_line(monkeypatch, capsys, tmp_path, FEEDBACK_DB=url, FEEDBACK_SALT=POSTGRES_SALT)
    assert line.startswith("report-bot: FEEDBACK_DB postgresql://postgres:***@127.0.0.1:")
    assert " cannot be used: " in line
    assert password(url) not in line


def test_check_asks_for_the_salt_of_a_postgresql_database(
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("FEEDBACK_SALT", raising=False)
    line = refused_line(monkeypatch, capsys, tmp_path, FEEDBACK_DB=postgres_url)
    assert "needs FEEDBACK_SALT" in line
    assert password(postgres_url) not in line


def test_a_feedback_url_of_another_database_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    line = refused_line(
        monkeypatch, capsys, tmp_path, FEEDBACK_DB="mysql://bot:s3cret-password@db/feedback"
    )
    assert "FEEDBACK_DB is a mysql:// URL" in line
    assert "s3cret-password" not in line


def test_check_and_feedback_read_a_postgresql_database_and_hide_its_password(
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    store = open_store(feedback_database(postgres_url), POSTGRES_SALT)
    store.record_vote(1, "Who is Öztürk?", liked=False, passages=[("seed.txt", 22)])
    store.record_uncovered(2, "What is the population of Baku?")
    store.close()
    status, out, err = check_with(
        monkeypatch, capsys, tmp_path, FEEDBACK_DB=postgres_url, FEEDBACK_SALT=POSTGRES_SALT
    )
    assert status == EXIT_OK, err
    database = urlsplit(postgres_url).path
    assert "feedback: postgresql://postgres:***@127.0.0.1:" in out
    assert f"{database} (writable)" in out
    assert main(["feedback"]) == EXIT_OK
    report = capsys.readouterr().out
    assert "1 votes, 0 👍, 1 👎" in report
    assert "1x  What is the population of Baku?" in report
    assert password(postgres_url) not in out + err + report
