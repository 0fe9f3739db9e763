"""FEEDBACK_DB is read once, in either of PostgreSQL's forms, and its password never shown.

A libpq keyword string (``host=… password=…``) used to pass ``check`` as a SQLite file
named after the string, with the password printed: replicas silently stopped sharing.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.console.exits import EXIT_OK
from bot.settings import Settings
from bot.storage.urls import Server, feedback_database
from tests.bot.checking import check_with, refused_line
from tests.bot.conftest import POSTGRES_SALT

KEYWORDS = "host=db.internal port=5432 dbname=feedback user=bot password='s3cret kw'"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("postgresql://bot:s3cret@db/feedback", "postgresql://bot:***@db/feedback"),
        ("postgres://bot@db/feedback?password=s3cret", "postgres://bot@db/feedback?password=***"),
        (KEYWORDS, "host=db.internal port=5432 dbname=feedback user=bot password=***"),
        ("  dbname = feedback", "dbname=feedback"),
    ],
)
def test_both_forms_of_a_postgresql_database_are_read_as_one(written: str, shown: str) -> None:
    database = feedback_database(written)
    assert isinstance(database, Server)
    assert database.shown == shown
    assert "s3cret" not in repr(database)


def test_a_file_path_is_a_sqlite_file() -> None:
    assert feedback_database(" data/feedback.sqlite3 ") == Path("data/feedback.sqlite3")


def test_the_settings_read_feedback_db_once_and_keep_its_password_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FEEDBACK_DB", KEYWORDS)
    settings = Settings()
    assert isinstance(settings.feedback_db, Server)
    assert "s3cret kw" in settings.secrets()
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize("written", ["host=db passw0rd", "dbname=feedback colour=blue"])
def test_a_keyword_string_libpq_cannot_read_is_refused_without_echoing_it(
    written: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    line = refused_line(monkeypatch, capsys, tmp_path, FEEDBACK_DB=written)
    assert "FEEDBACK_DB names a PostgreSQL database that libpq cannot read" in line
    assert "passw0rd" not in line
    assert list(tmp_path.iterdir()) == []  # no SQLite file named after the string


def test_check_opens_a_database_given_as_keywords_and_never_prints_its_password(
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    parts = urlsplit(postgres_url)
    keywords = (
        f"host={parts.hostname} port={parts.port} dbname={parts.path.lstrip('/')} "
        f"user={parts.username} password={parts.password}"
    )
    status, out, err = check_with(
        monkeypatch, capsys, tmp_path, FEEDBACK_DB=keywords, FEEDBACK_SALT=POSTGRES_SALT
    )
    assert status == EXIT_OK, err
    assert "password=*** (writable)" in out
    assert str(parts.password) not in out + err
    assert not [path for path in tmp_path.rglob("*") if "host=" in path.name]
