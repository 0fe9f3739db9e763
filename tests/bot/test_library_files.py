"""Library files as the command line and the bot read them: limits, cache, escaped names."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

import pytest

from bot.console.cli import EXIT_OK, main
from bot.console.output import RedactingFormatter
from bot.redaction import printable
from bot.serving.logged_progress import ProgressLog
from bot.serving.reader import reading_limits
from bot.settings import Settings
from retrieval.limits import Limits
from tests.conftest import SEED
from tests.documents import gas_report

EVIL = "evil\n2026-01-01 INFO bot: forged\x1b[31m.txt"


@pytest.fixture(autouse=True)
def library(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A folder of the seed and a PDF, served from an empty working folder."""
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    gas_report(folder / "gas.pdf", bookmarks=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPORT_PATH", str(folder))
    monkeypatch.setenv("RANKER", "bm25")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return folder


def test_a_repeated_ask_parses_no_file_again(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "Why did Europe change where it buys gas?", "--json"]) == EXIT_OK
    first = capsys.readouterr().out

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr("retrieval.reading.parse_isolated", no_parsing)
    assert main(["ask", "Why did Europe change where it buys gas?", "--json"]) == EXIT_OK
    assert capsys.readouterr().out == first


def test_a_skipped_file_is_named_on_one_line_with_its_control_characters_escaped(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library / EVIL).write_text("")
    assert main(["reports"]) == EXIT_OK
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "\x1b" not in err
    assert err.startswith(
        f"report-bot: skipped {library}/evil\\n2026-01-01 INFO bot: forged\\x1b[31m.txt: "
    )


def test_a_served_file_named_with_control_characters_is_listed_escaped(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library / EVIL).write_text("Evil Report\n\nIt has one paragraph.\n")
    assert main(["reports"]) == EXIT_OK
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 3
    assert "\x1b" not in out
    assert "evil\\n2026-01-01 INFO bot: forged\\x1b[31m.txt]" in out


def test_the_reading_limits_come_from_the_settings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert reading_limits(Settings()) == Limits()
    monkeypatch.setenv("MAX_PAGES", "1")
    assert main(["reports"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "gas.pdf is over the pages limit: 2 pages (at most 1)" in err


def test_a_log_message_with_control_characters_stays_one_line() -> None:
    formatter = RedactingFormatter("%(levelname)s %(message)s", [])
    record = logging.LogRecord(
        "bot", logging.WARNING, __file__, 1, "Skipped %s: %s", (EVIL, "Report is empty"), None
    )
    assert formatter.format(record) == (
        "WARNING Skipped evil\\n2026-01-01 INFO bot: forged\\x1b[31m.txt: Report is empty"
    )


def test_a_logged_traceback_keeps_its_lines() -> None:
    formatter = RedactingFormatter("%(message)s", [])
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.LogRecord("bot", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    assert formatter.format(record).startswith("failed\nTraceback (most recent call last):\n")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain name.pdf", "plain name.pdf"),
        ("tab\there", "tab\\there"),
        ("\u202eevil", "\\u202eevil"),
    ],
)
def test_printable_escapes_control_and_format_characters(text: str, shown: str) -> None:
    assert printable(text) == shown


@pytest.mark.parametrize(
    ("clock", "lines"),
    [
        ([0.0, 0.2, 0.4, 0.6, 0.9], []),
        (
            [0.0, 0.5, 2.0, 3.0, 20.0],
            ["Reading reports: 2 of 4 files, 2 s", "Reading reports: 4 of 4 files, 20 s"],
        ),
    ],
)
def test_only_reading_that_takes_long_is_logged_as_progress(
    clock: list[float],
    lines: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ticks = iter(clock)
    monkeypatch.setattr("bot.serving.logged_progress.time.monotonic", lambda: next(ticks))
    progress = ProgressLog(logging.getLogger("test"), "Reading reports", "files", every=10)
    with caplog.at_level(logging.INFO):
        progress.start(4)
        for _ in range(4):
            progress.advance()
    assert [record.getMessage() for record in caplog.records] == lines
