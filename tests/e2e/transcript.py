"""Print a real exchange with the bot through the fake Bot API (for docs and notes).

Run: .venv/bin/python -m tests.e2e.transcript ["question" ...]

The bot serves as installed by default (``RANKER=auto``: the hybrid ranker when its model
loads), its passage vectors cached in ``.cache/tests`` like the tests'.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from tests.conftest import EMBEDDING_CACHE
from tests.e2e.bot_process import FAKE_TOKEN, BotProcess, start_bot
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.reader import settled

DEFAULT_MESSAGES = [
    "/start",
    "/sections",
    "How did Azerbaijan react?",
    "What does the Kremlin think of Pashinian?",
    "What is the population of Baku?",
]


DEFAULT_INSTALL = {"RANKER": "auto", "CACHE_DIR": str(EMBEDDING_CACHE)}


async def transcript(messages: list[str]) -> str:
    """The exchange as text: each message, then the bot's replies as a reader sees them."""
    lines: list[str] = []
    async with FakeBotApi(FAKE_TOKEN) as api:
        bot = await start_bot(api, Path(tempfile.mkdtemp()), DEFAULT_INSTALL)
        try:
            await _until_final_ranker(bot)
            for message in messages:
                before = len(api.sent_to(7))
                api.send_text(message, chat_id=7, user_id=7)
                replies = (await settled(api, 7))[before:]  # a many-message answer whole
                lines.append(f"> {message}")
                lines += [sent.plain_text for sent in replies]
                lines.append("")
        finally:
            await bot.stop()
    return "\n".join(lines)


async def _until_final_ranker(bot: BotProcess, timeout: float = 300) -> None:
    """Wait until the bot ranks as installed: the hybrid ranker once its vectors are
    cached or built (BM25 answers meanwhile), BM25 at once when the model is missing."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not any(line in bot.log() for line in FINAL_RANKER_LINES):
        assert loop.time() < deadline, bot.log()
        await asyncio.sleep(0.2)


FINAL_RANKER_LINES = ("Ranking with hybrid", "Embedding index ready", "Ranking with bm25:")


if __name__ == "__main__":
    print(asyncio.run(transcript(sys.argv[1:] or DEFAULT_MESSAGES)))
