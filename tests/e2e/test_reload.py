"""Reports added to and removed from the folder are served by the running bot.

One bot process (BM25, a look at the folder every 0.2 s) over a folder that changes under
it: a new report answers what nothing did before, readers asking meanwhile are all
answered, an unreadable newcomer is one log line, and a removed report leaves /reports and
refuses its old buttons in one line. ``tests/bot/test_reloading.py`` covers the embedding
stage following a reload.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

from tests.conftest import SEED, SOLAR_REPORT
from tests.e2e.bot_process import BotProcess, start_bot
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.reader import ask, wait_for

RIVERS = """River Report (May 2024)
Floods
The river Arno flooded Florence in November 1966 and damaged thousands of paintings.
"""
ARNO = "When did the Arno flood Florence?"
SOLAR = "Where do rooftop solar panels supply electricity?"
RELOAD_WAIT = 60.0
"""Generous: two looks 0.2 s apart and a small file to read, on a machine maybe busy."""


def drop(folder: Path, name: str, content: bytes) -> None:
    """Put a file in the folder whole, as a publisher should: a hidden copy, then a rename."""
    hidden = folder / f".{name}.part"
    hidden.write_bytes(content)
    os.replace(hidden, folder / name)


async def reloaded(bot: BotProcess, change: str) -> str:
    """Wait for the reload line naming ``change`` (``+c-rivers.txt``); return it."""
    pattern = re.compile(rf"Reports reloaded: [^\n]*{re.escape(change)}[^\n]*")
    await wait_for(lambda: pattern.search(bot.log()), timeout=RELOAD_WAIT)
    found = pattern.search(bot.log())
    assert found is not None
    return found.group()


async def test_reports_come_and_go_while_the_bot_answers(api: FakeBotApi, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    drop(folder, "a-seed.txt", SEED.read_bytes())
    drop(folder, "b-solar.md", SOLAR_REPORT.encode())
    env = {"REPORT_PATH": str(folder), "RELOAD_INTERVAL": "0.2", "FAIR_USE_QUESTIONS": "1000"}
    bot = await start_bot(api, tmp_path, env)
    try:
        before = await ask(api, ARNO, chat_id=90)
        solar = await ask(api, SOLAR, chat_id=90)

        asked = 0

        async def keep_asking(until: asyncio.Event) -> None:
            """A reader in a new chat every 50 ms, all through the reload."""
            nonlocal asked
            while not until.is_set() and asked < 400:
                asked += 1
                api.send_text(SOLAR, chat_id=1000 + asked, user_id=1000 + asked)
                await asyncio.sleep(0.05)

        done = asyncio.Event()
        readers = asyncio.ensure_future(keep_asking(done))
        drop(folder, "c-rivers.txt", RIVERS.encode())
        drop(folder, "d-broken.docx", b"PK\x03\x04 cut short")
        added = await reloaded(bot, "+c-rivers.txt")
        swapped = asked
        await wait_for(lambda: asked >= swapped + 3, timeout=30)  # more readers after the swap
        done.set()
        await readers
        answers = [await api.wait_for_sent(1, chat_id=1000 + n) for n in range(1, asked + 1)]
        after = await ask(api, ARNO, chat_id=90)

        (folder / "b-solar.md").unlink()
        removed = await reloaded(bot, "-b-solar.md")
        listing = await ask(api, "/reports", chat_id=90)
        gone = await ask(api, "/r3s1", chat_id=90)
        button = next(b for b in solar.buttons if b["text"].startswith("§ "))
        api.send_callback_query(button["callback_data"], message_id=solar.message_id, chat_id=90)
        await wait_for(lambda: bool(api.callback_answers))
    finally:
        assert await bot.stop() == 0
    assert "does not seem to cover" in before.plain_text
    assert re.fullmatch(
        r"Reports reloaded: \+c-rivers\.txt \(3 reports, \d+ paragraphs\) in \d+\.\d s; "
        r"ranking with bm25 \(asked for\)",
        added,
    )
    assert asked >= 5
    assert all(a[0].plain_text.startswith("Solar Power in Kenya") for a in answers)
    assert after.plain_text.startswith("River Report (May 2024)\nFloods\nThe river Arno")
    (skipped,) = [line for line in bot.output.splitlines() if "Skipped" in line]
    assert "Skipped d-broken.docx: Cannot read the Word file" in skipped
    assert removed.startswith("Reports reloaded: -b-solar.md (2 reports, ")
    assert "I answer from 2 reports" in listing.plain_text
    assert "Solar Power" not in listing.plain_text
    assert "River Report" in listing.plain_text
    assert gone.plain_text == "There is no report 3: I answer from 2 reports; see /reports."
    assert "has changed or been removed" in api.callback_answers[-1]["text"]
    assert api.callback_answers[-1]["show_alert"]
    assert "Traceback" not in bot.output
    assert not api.rejected, [(c.method, c.description) for c in api.rejected]
