"""Fault-injection run: many questions from many chats while the Bot API misbehaves.

Run: .venv/bin/python -m benchmarks.fault_injection [questions] [chats] [fault share]
Prints what docs/reliability.md quotes: questions sent, answered, duplicates, time to
drain, and the faults the fake Bot API injected, by kind.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.conftest import DEV_QUESTIONS
from tests.e2e.bot_process import FAKE_TOKEN, start_bot
from tests.e2e.fake_bot_api import FakeBotApi, Faults

ANSWERABLE = [
    q["question"]
    for q in map(json.loads, DEV_QUESTIONS.read_text(encoding="utf-8").splitlines())
    if q["gold"]
]


async def run(questions: int, chats: int, share: float, down_seconds: float) -> str:
    async with FakeBotApi(FAKE_TOKEN) as api:
        bot = await start_bot(api, Path(tempfile.mkdtemp()), {"FAIR_USE_QUESTIONS": "1000"})
        api.set_faults(
            Faults(error_rate=share / 2, rate_limit_rate=share / 4, drop_rate=share / 4, seed=1)
        )
        started = time.monotonic()
        asked = []
        for n in range(questions):
            chat = 9000 + n % chats
            api.send_text(ANSWERABLE[n % len(ANSWERABLE)], chat_id=chat, user_id=chat)
            asked.append((chat, api.message_ids(chat, from_bot=False)[-1]))
            if down_seconds and n == questions // 2:
                api.down(True)
                await asyncio.sleep(down_seconds)
                api.down(False)
        answers: Counter[tuple[int, int]] = Counter()
        deadline = started + 600
        while time.monotonic() < deadline:
            answers = Counter(
                (s.chat_id, int((s.reply_parameters or {}).get("message_id", 0)))
                for s in api.sent
                if s.reply_parameters
            )
            if all(answers[a] for a in asked):
                break
            await asyncio.sleep(0.1)
        drained = time.monotonic() - started
        faults = Counter(c.fault for c in api.calls if c.fault)
        await bot.stop()
    answered = sum(1 for a in asked if answers[a])
    duplicates = sum(answers[a] - 1 for a in asked if answers[a] > 1)
    return "\n".join(
        [
            f"questions sent: {questions} from {chats} chats, fault share {share:.0%}"
            + (f", API down {down_seconds:.0f} s mid-run" if down_seconds else ""),
            f"answered: {answered}",
            f"answered twice: {duplicates}",
            f"time to drain: {drained:.1f} s",
            f"faults injected: {dict(faults)}",
            f"bot exit code: {bot.exit_code}",
        ]
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    print(
        asyncio.run(
            run(
                int(args[0]) if args else 100,
                int(args[1]) if len(args) > 1 else 20,
                float(args[2]) if len(args) > 2 else 0.2,
                float(args[3]) if len(args) > 3 else 0.0,
            )
        )
    )
