"""Webhook settings: ``run --webhook`` says what is missing or wrong, never echoing a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.console.cli import EXIT_USAGE, main
from bot.settings import Settings, SettingsError
from tests.conftest import SEED

TOKEN = "123456789:FAKE-token-for-unit-tests-only-0123456789"
URL = "https://bot.example.org/telegram"


@pytest.fixture(autouse=True)
def webhook_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A token and the seed report, from an empty folder; no webhook settings."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPORT_PATH", str(SEED))
    monkeypatch.setenv("RANKER", "bm25")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    for name in ("URL", "LISTEN", "PORT", "SECRET_TOKEN"):
        monkeypatch.delenv(f"WEBHOOK_{name}", raising=False)


def run_webhook(capsys: pytest.CaptureFixture[str]) -> str:
    """``report-bot run --webhook`` that must fail: its one line of stderr."""
    assert main(["run", "--webhook"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    return line


def test_webhook_mode_without_url_names_the_setting(capsys: pytest.CaptureFixture[str]) -> None:
    assert "WEBHOOK_URL is not set" in run_webhook(capsys)


def test_webhook_mode_without_secret_says_how_to_make_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEBHOOK_URL", URL)
    line = run_webhook(capsys)
    assert "WEBHOOK_SECRET_TOKEN is not set" in line
    assert "token_urlsafe" in line


@pytest.mark.parametrize(
    "secret",
    ["has space", "semi;colon", "ünïcode", "x" * 257],
    ids=["space", "semicolon", "accents", "257-chars"],
)
def test_secret_outside_telegrams_alphabet_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], secret: str
) -> None:
    monkeypatch.setenv("WEBHOOK_URL", URL)
    monkeypatch.setenv("WEBHOOK_SECRET_TOKEN", secret)
    line = run_webhook(capsys)
    assert "WEBHOOK_SECRET_TOKEN" in line
    assert "1-256 letters, digits, _ or -" in line
    assert secret not in line


@pytest.mark.parametrize("url", ["http://bot.example.org/telegram", "bot.example.org", "https://"])
def test_webhook_url_must_be_https(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    monkeypatch.setenv("WEBHOOK_URL", url)
    assert "WEBHOOK_URL must be the public https URL" in run_webhook(capsys)


def test_webhook_defaults_listen_everywhere_on_8443() -> None:
    settings = Settings()
    assert (settings.webhook_listen, settings.webhook_port) == ("0.0.0.0", 8443)
    with pytest.raises(SettingsError):
        settings.require_webhook()


def test_longest_allowed_secret_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "Az09_-" * 42 + "abcd"
    assert len(secret) == 256
    monkeypatch.setenv("WEBHOOK_URL", URL)
    monkeypatch.setenv("WEBHOOK_SECRET_TOKEN", secret)
    url, token = Settings().require_webhook()
    assert (url, token.get_secret_value()) == (URL, secret)
