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
from tests.e2e.bot_process import FAKE_TOKEN, start_bot
from tests.e2e.fake_bot_api import FakeBotApi

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
            for message in messages:
                before = len(api.sent_to(7))
                api.send_text(message, chat_id=7, user_id=7)
                await api.wait_for_sent(before + 1, chat_id=7)
                await asyncio.sleep(0.3)  # let a multi-message answer finish
                lines.append(f"> {message}")
                lines += [sent.plain_text for sent in api.sent_to(7)[before:]]
                lines.append("")
        finally:
            await bot.stop()
    return "\n".join(lines)


if __name__ == "__main__":
    print(asyncio.run(transcript(sys.argv[1:] or DEFAULT_MESSAGES)))
