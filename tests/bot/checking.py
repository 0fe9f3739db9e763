"""``report-bot check`` run in the test's process, with chosen settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.console.cli import EXIT_USAGE, main
from tests.conftest import SEED


def check_with(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    **settings: str,
) -> tuple[int, str, str]:
    """``report-bot check`` in ``tmp_path`` with these settings (shared state off unless
    given): exit status, stdout, stderr."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPORT_PATH", str(SEED))
    monkeypatch.setenv("RANKER", "bm25")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:FAKE-token-for-tests-only-abcdefghij")
    monkeypatch.delenv("FEEDBACK_DB", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    status = main(["check"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def refused_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    **settings: str,
) -> str:
    """The one line ``report-bot check`` says when it refuses these settings, having checked
    that it exits with ``EXIT_USAGE`` and prints nothing else."""
    status, out, err = check_with(monkeypatch, capsys, tmp_path, **settings)
    assert (status, out) == (EXIT_USAGE, ""), err
    (line,) = err.strip().splitlines()
    return line
