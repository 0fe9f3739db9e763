"""The token never reaches any output: the real process, against a Bot API that rejects it.

Telegram answers 401 Unauthorized for a well-formed token it does not know (revoked, or
mistyped) and 404 Not Found when TELEGRAM_BASE_URL is wrong. Either way the bot must stop
with one redacted line and exit status 2, in polling and in webhook mode, and leave the
token nowhere: not on stdout, not on stderr, not in any file it wrote (the feedback
database, caches, anything under its working folder or its HOME).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.console.exits import EXIT_USAGE
from tests.e2e.bot_process import FAKE_TOKEN, bot_environment, run_command
from tests.e2e.fake_bot_api import FakeBotApi

UNKNOWN_TOKEN = "987654321:UNKNOWN-token-the-fake-rejects-0123456"
"""Well-formed, so Telegram's answer is 401 Unauthorized; obviously fake."""
WEBHOOK = {
    "WEBHOOK_URL": "https://bot.example.org/telegram",
    "WEBHOOK_SECRET_TOKEN": "webhook-secret_for-e2e-tests-0123456789",
    "WEBHOOK_LISTEN": "127.0.0.1",
    "WEBHOOK_PORT": "0",
}


@dataclass(frozen=True)
class Finished:
    """What a stopped process left behind."""

    exit_code: int
    stdout: str
    stderr: str
    files: dict[Path, bytes]


async def run_to_the_end(env: dict[str, str], args: list[str], workdir: Path) -> Finished:
    """Run ``report-bot`` in ``workdir`` (also its HOME) until it exits on its own."""
    home = workdir / "home"
    home.mkdir()
    env = {**env, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    status, out, err = await run_command(env, workdir, *args)
    files = {path: path.read_bytes() for path in workdir.rglob("*") if path.is_file()}
    return Finished(status, out, err, files)


def leaks(finished: Finished, token: str) -> list[str]:
    """Every place the token, or its secret part alone, can be found."""
    secret = token.split(":", 1)[1]
    places = [
        name
        for name, text in (("stdout", finished.stdout), ("stderr", finished.stderr))
        if secret in text
    ]
    places += [str(path) for path, data in finished.files.items() if secret.encode() in data]
    return places


@pytest.mark.parametrize("mode", ["polling", "webhook"])
@pytest.mark.parametrize("answer", ["401 Unauthorized", "404 Not Found"])
async def test_a_rejected_token_stops_the_bot_with_one_redacted_line(
    api: FakeBotApi, tmp_path: Path, mode: str, answer: str
) -> None:
    if answer.startswith("401"):
        token, settings = UNKNOWN_TOKEN, {"TELEGRAM_BOT_TOKEN": UNKNOWN_TOKEN}
    else:  # the right token, sent to a path where the Bot API is not
        token, settings = FAKE_TOKEN, {"TELEGRAM_BASE_URL": f"{api.base_url[:-4]}/wrong/bot"}
    if mode == "webhook":
        settings |= WEBHOOK
    args = ["run", "--webhook"] if mode == "webhook" else ["run"]

    finished = await run_to_the_end(bot_environment(api, settings), args, tmp_path)

    assert finished.exit_code == EXIT_USAGE, finished.stderr
    assert leaks(finished, token) == []
    assert "Traceback" not in finished.stderr + finished.stdout
    *_, last = finished.stderr.strip().splitlines()
    reason = answer.split(" ", 1)[1]
    assert last.startswith(f"report-bot: Telegram rejected the bot token ({reason})."), last
    assert [line for line in finished.stderr.splitlines() if "report-bot:" in line] == [last]
    assert WEBHOOK["WEBHOOK_SECRET_TOKEN"] not in finished.stderr
    if answer.startswith("401"):
        assert api.calls_to("getMe")  # the fake really was asked, and really said no
        assert {call.status for call in api.calls} == {401}
