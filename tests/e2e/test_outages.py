"""No vote and no answer lost to a transient fault: PostgreSQL down, the token refused mid-send.

Before: with PostgreSQL down for 29 s, every vote cast meanwhile was lost while each reader
was told "Thanks, noted"; an answer whose ``sendMessage`` met a 401 or 404 was lost.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bot.storage.feedback_postgres import BACKOFF
from tests.e2e.bot_process import BotProcess, start_bot
from tests.e2e.conftest import stop_cleanly
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.reader import LENIENT, QUESTIONS, ask, press, wait_for
from tests.e2e.test_webhook import running_webhook
from tests.tcp_proxy import TcpProxy

SALT = "salt-for-e2e-tests"


def through(url: str, proxy: TcpProxy) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{host}:{proxy.port}"))


def stored_votes(url: str) -> int:
    with psycopg.connect(url) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM votes").fetchone() or (0,)
    return int(count)


async def vote_while_cut(
    api: FakeBotApi, proxy: TcpProxy, settings: dict[str, str], workdir: Path, votes: int
) -> BotProcess:
    """A bot on ``settings``; ``votes`` answers, then PostgreSQL cut off and each voted 👎."""
    bot = await start_bot(api, workdir, settings | LENIENT)
    chats = range(8400 + 10 * votes, 8400 + 11 * votes)
    answers = [await ask(api, q, chat_id=c) for q, c in zip(QUESTIONS, chats, strict=False)]
    proxy.cut()
    for answer in answers:
        await press(api, answer, "👎", expect=0)
    return bot


async def test_votes_cast_while_postgresql_is_down_are_stored_once_it_is_back(
    api: FakeBotApi, tmp_path: Path, postgres_url: str
) -> None:
    with TcpProxy(urlsplit(postgres_url).port or 5432) as proxy:
        settings = {"FEEDBACK_DB": through(postgres_url, proxy), "FEEDBACK_SALT": SALT}
        tried = proxy.accepted
        bot = await vote_while_cut(api, proxy, settings, tmp_path, votes=5)
        told = [a["text"] for a in api.callback_answers[-5:]]
        # Down for longer than a write's own retries (about 15 s): each vote waits.
        await wait_for(lambda: proxy.accepted - tried >= (BACKOFF.attempts or 0), timeout=60)
        proxy.restore()
        await wait_for(lambda: stored_votes(postgres_url) == 5, timeout=60)
        await stop_cleanly(api, bot)
    assert told == ["Thanks, noted."] * 5
    assert "Feedback not stored" not in bot.output


async def test_votes_queued_on_disk_outlive_a_restart_during_the_outage(
    api: FakeBotApi, tmp_path: Path, postgres_url: str
) -> None:
    with TcpProxy(urlsplit(postgres_url).port or 5432) as proxy:
        settings = {"FEEDBACK_DB": through(postgres_url, proxy), "FEEDBACK_SALT": SALT}
        bot = await vote_while_cut(api, proxy, settings, tmp_path, votes=3)
        await wait_for(lambda: "Feedback kept on disk" in bot.log(), timeout=60)
        await stop_cleanly(api, bot)  # the votes could not be written: they wait on disk
        assert stored_votes(postgres_url) == 0
        proxy.restore()
        again = await start_bot(api, tmp_path, settings | LENIENT)
        await wait_for(lambda: stored_votes(postgres_url) == 3, timeout=60)
        await stop_cleanly(api, again)


@pytest.mark.parametrize("status", [401, 404])
async def test_an_answer_refused_mid_send_is_sent_once_polling_heals(
    api: FakeBotApi, tmp_path: Path, status: int
) -> None:
    bot = await start_bot(api, tmp_path)
    api.hold(8501)  # the answer is in flight when the token is refused
    api.send_text(QUESTIONS[1], chat_id=8501, user_id=8501)
    await wait_for(lambda: any(c.method == "sendMessage" for c in api.in_flight), timeout=30)
    api.revoke(True, status=status)
    api.release(8501)
    await wait_for(lambda: any(c.status == status for c in api.calls_to("sendMessage")))
    api.revoke(False)
    (reply,) = await api.wait_for_sent(1, chat_id=8501, timeout=60)
    assert "Russian peacekeepers from Karabakh" in reply.plain_text
    api.rejected.clear()  # the refusals were the point
    await stop_cleanly(api, bot)


async def test_an_answer_refused_mid_send_in_webhook_mode_is_sent_once_telegram_answers(
    api: FakeBotApi, tmp_path: Path
) -> None:
    async with running_webhook(api, tmp_path) as webhook:
        api.hold(8511)  # nothing polls here: getMe, asked with backoff, tells when it is back
        assert await webhook.ask(QUESTIONS[1], chat_id=8511) == 200
        await wait_for(lambda: any(c.method == "sendMessage" for c in api.in_flight), timeout=30)
        api.revoke(True)
        api.release(8511)
        await wait_for(lambda: any(c.status == 401 for c in api.calls_to("getMe")), timeout=30)
        api.revoke(False)
        (reply,) = await api.wait_for_sent(1, chat_id=8511, timeout=60)
        assert "Russian peacekeepers from Karabakh" in reply.plain_text
        api.rejected.clear()  # the refusals were the point
