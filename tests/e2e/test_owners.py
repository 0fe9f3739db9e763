"""Owners manage the library from Telegram: send a file, ``/remove`` one, read ``/stats``.

One bot process (BM25, a look at the folder every 0.2 s) over a folder of two reports,
with owners 500-509; each test is an owner (and a chat) of its own and touches only the
files it adds. The files come through the fake Bot API's ``getFile`` and download URL,
as from Telegram. Every wait is on what the bot sends, with a bound.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.conftest import SEED, SOLAR_REPORT
from tests.documents import gas_report
from tests.e2e.bot_process import BotProcess, start_bot
from tests.e2e.conftest import stop_cleanly
from tests.e2e.fake_bot_api import FakeBotApi, SentMessage
from tests.e2e.reader import ask, wait_for

pytestmark = pytest.mark.shared_bot

OWNERS = "500,501,502,503,504,505,506"
OWNERS_ONLY = (
    "Only the bot's owners can add or remove reports and read the statistics, in a private "
    "chat with the bot."
)
SERVED_WAIT = 60.0  # generous: two looks 0.2 s apart and a small file, on a busy machine
RIVERS = b"""# River Report (May 2024)

## Floods

The river Arno flooded Florence in November 1966 and damaged thousands of paintings.

## Droughts

The Po ran low in the summer of 2022, and the rice farms of its valley lost a harvest.
"""
LAKES = b"""# Lake Report (June 2024)

## Levels

Lake Garda rose by a metre in the spring of 2024 after a wet winter in the Alps.
"""


@pytest_asyncio.fixture(scope="module")
async def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("owners") / "reports"
    folder.mkdir()
    (folder / "a-seed.txt").write_bytes(SEED.read_bytes())
    (folder / "b-solar.md").write_text(SOLAR_REPORT, encoding="utf-8")
    return folder


@pytest_asyncio.fixture(scope="module")
async def shared_bot(
    shared_api: FakeBotApi, library: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[BotProcess]:
    """The module's bot: a library folder, owners, reloads every 0.2 s."""
    env = {
        "REPORT_PATH": str(library),
        "RELOAD_INTERVAL": "0.2",
        "OWNER_USER_IDS": OWNERS,
        "FAIR_USE_QUESTIONS": "1000",
    }
    process = await start_bot(shared_api, tmp_path_factory.mktemp("owners-bot"), env)
    yield process
    await stop_cleanly(shared_api, process)


async def said(api: FakeBotApi, chat: int, pattern: str, after: int = 0) -> SentMessage:
    """The first message sent or edited in ``chat`` (from the ``after``-th on) that matches
    ``pattern``, waited for."""
    found: list[SentMessage] = []

    def seen() -> bool:
        found[:] = [s for s in api.sent_to(chat)[after:] if re.search(pattern, s.plain_text)]
        return bool(found)

    await wait_for(seen, timeout=SERVED_WAIT)
    return found[0]


async def send_file(
    api: FakeBotApi, chat: int, data: bytes, name: str, pattern: str, **kwargs: object
) -> SentMessage:
    """Send ``data`` as the file ``name``; the bot's first message after it matching ``pattern``."""
    before = len(api.sent_to(chat))
    api.send_document(data, name, chat_id=chat, user_id=chat, **kwargs)  # type: ignore[arg-type]
    return await said(api, chat, pattern, before)


async def tap(api: FakeBotApi, message: SentMessage, label: str, pattern: str) -> SentMessage:
    """Tap the button starting with ``label`` under ``message``; the reply matching ``pattern``."""
    button = next(b for b in message.buttons if b["text"].startswith(label))
    before = len(api.sent_to(message.chat_id))
    api.send_callback_query(
        button["callback_data"],
        message_id=message.message_id,
        chat_id=message.chat_id,
        user_id=message.chat_id,
    )
    return await said(api, message.chat_id, pattern, before)


async def test_an_owner_adds_a_report_and_readers_are_answered_from_it(
    api: FakeBotApi, bot: BotProcess, library: Path
) -> None:
    saved = await send_file(api, 500, RIVERS, "c-rivers.md", r"^Saved")
    served = await said(api, 500, r"^✓")
    answer = await ask(api, "When did the Arno flood Florence?", chat_id=600)
    assert saved.plain_text == (
        "Saved c-rivers.md (River Report (May 2024), 2 sections); "
        "I will tell you when it is served."
    )
    assert served.plain_text == (
        "✓ River Report (May 2024) is served: 2 sections, 2 paragraphs, from c-rivers.md "
        "(3 reports in all)."
    )
    assert served.method == "sendMessage"  # a notification, not a silent edit
    assert "The river Arno flooded Florence in November 1966" in answer.plain_text
    assert (library / "c-rivers.md").read_bytes() == RIVERS
    assert not list((library / ".uploads").iterdir())  # no draft left behind
    assert api.files.downloads  # fetched through getFile and the download URL


async def test_a_pdf_is_read_once_in_a_worker_and_answers_with_its_page(
    api: FakeBotApi, bot: BotProcess, tmp_path: Path
) -> None:
    pdf = gas_report(tmp_path / "gas.pdf", bookmarks=True).read_bytes()
    saved = await send_file(api, 506, pdf, "h-gas.pdf", r"^Saved", mime_type="application/pdf")
    served = await said(api, 506, r"^✓")
    answer = await ask(api, "When did Europe stop buying Russian gas?", chat_id=630)
    assert saved.plain_text.startswith("Saved h-gas.pdf (How Europe Buys Gas, ")
    assert "from h-gas.pdf" in served.plain_text
    assert "Europe bought most of its gas from Russia until 2022" in answer.plain_text
    assert "p. 1" in answer.plain_text


async def test_a_taken_name_is_replaced_or_kept_beside_only_when_the_owner_says(
    api: FakeBotApi, bot: BotProcess, library: Path
) -> None:
    await send_file(api, 501, RIVERS, "d-water.md", r"^Saved")
    await said(api, 501, r"^✓")
    asked = await send_file(api, 501, LAKES, "d-water.md", r"already has a file")
    assert (library / "d-water.md").read_bytes() == RIVERS  # nothing replaced yet
    assert [b["text"] for b in asked.buttons] == [
        "Replace",
        "Keep both (d-water (2).md)",
        "Cancel",
    ]
    replaced = await tap(api, asked, "Replace", r"^Saved")
    served = await said(api, 501, r"^✓ Lake Report")
    both = await send_file(api, 501, RIVERS, "d-water.md", r"already has a file")
    kept = await tap(api, both, "Keep both", r"^Saved")
    await said(api, 501, r"^✓ River Report .* from d-water \(2\)\.md")
    cancelled = await send_file(api, 501, b"# Other\n\nText.\n", "d-water.md", r"already has")
    gone = await tap(api, cancelled, "Cancel", r"^Cancelled")
    assert replaced.plain_text.startswith("Saved d-water.md (Lake Report (June 2024)")
    assert "from d-water.md" in served.plain_text
    assert kept.plain_text.startswith("Saved d-water (2).md (River Report (May 2024)")
    assert (library / "d-water.md").read_bytes() == LAKES
    assert (library / "d-water (2).md").read_bytes() == RIVERS
    assert gone.plain_text.startswith("Cancelled: d-water.md was not added")
    assert not list((library / ".uploads").iterdir())


@pytest.mark.parametrize(
    ("name", "data", "size", "reason"),
    [
        ("e-broken.docx", b"PK\x03\x04 cut short", None, "e-broken.docx was not added: Cannot"),
        ("e-empty.txt", b"", None, "e-empty.txt was not added: Report is empty: e-empty.txt."),
        ("e-tool.exe", b"MZ", None, "I can add a PDF, Word (.docx), web page (.html), "),
        ("e-huge.pdf", b"%PDF-1.4", 25 * 2**20, "e-huge.pdf is 25.0 MB; I can take files up "),
    ],
)
async def test_files_that_cannot_serve_are_refused_with_the_reason(
    api: FakeBotApi,
    bot: BotProcess,
    library: Path,
    name: str,
    data: bytes,
    size: int | None,
    reason: str,
) -> None:
    before = set(os.listdir(library))
    fetched = len(api.files.downloads)
    reply = await send_file(api, 502, data, name, rf"^(?!Reading ).*{re.escape(name)}", size=size)
    assert reply.plain_text.startswith(reason)
    assert "\n" not in reply.plain_text  # one line
    assert "/.uploads/" not in reply.plain_text  # the draft's path is not shown
    assert set(os.listdir(library)) - before <= {".uploads"}
    if reply.plain_text.startswith(("I can", "e-huge")):
        assert len(api.files.downloads) == fetched  # refused before downloading


async def test_a_name_with_a_path_is_saved_inside_the_folder_under_a_safe_name(
    api: FakeBotApi, bot: BotProcess, library: Path
) -> None:
    name = "../../\u202egpj.\x07e-escape.md"
    saved = await send_file(api, 505, b"# Escape\n\n## Out\n\nText here.\n", name, r"^Saved")
    assert saved.plain_text.startswith("Saved gpj.e-escape.md (Escape, 1 section)")
    assert (library / "gpj.e-escape.md").exists()
    assert not (library.parent / "e-escape.md").exists()


async def test_an_owner_removes_a_report_after_confirming(
    api: FakeBotApi, bot: BotProcess, library: Path
) -> None:
    await send_file(api, 503, LAKES, "f-lakes.md", r"^Saved")
    await said(api, 503, r"^✓")
    listing = await ask(api, "/remove", chat_id=503)
    lake = next(b["text"] for b in listing.buttons if "f-lakes.md · Lake" in b["text"])
    asked = await tap(api, listing, lake, r"^Remove Lake Report")
    kept = await tap(api, asked, "Cancel", r"^Kept")
    assert (library / "f-lakes.md").exists()
    listing = await ask(api, "/remove", chat_id=503)
    asked = await tap(api, listing, lake, r"^Remove Lake Report")
    deleted = await tap(api, asked, "Remove it", r"^Deleted")
    gone = await said(api, 503, r"is no longer served;")
    assert asked.plain_text.startswith("Remove Lake Report (June 2024) (f-lakes.md, 1 section)?")
    assert kept.plain_text == "Kept Lake Report (June 2024)."
    assert deleted.plain_text == "Deleted f-lakes.md; I will tell you when it is no longer served."
    assert re.fullmatch(
        r"Lake Report \(June 2024\) is no longer served; \d+ reports left\.", gone.plain_text
    )
    assert not (library / "f-lakes.md").exists()


async def test_stats_count_the_questions_of_the_day_the_misses_and_the_votes(
    api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await ask(api, "Who is Kemal Öztürk?", chat_id=610)
    await ask(api, "Who won the 2024 US presidential election?", chat_id=611)
    like = next(b for b in answer.buttons if b["text"].startswith("👍"))
    api.send_callback_query(
        like["callback_data"], message_id=answer.message_id, chat_id=610, user_id=610
    )
    await wait_for(lambda: any(b["text"] == "👍 ✓" for s in api.sent_to(610) for b in s.buttons))

    def counted(message: SentMessage) -> bool:
        return (
            "Votes: 1 (1 👍, 0 👎)" in message.plain_text and "presidential" in message.plain_text
        )

    stats = await ask(api, "/stats", chat_id=504)
    deadline = time.monotonic() + SERVED_WAIT  # feedback is written by a thread of its own
    while not counted(stats) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        stats = await ask(api, "/stats", chat_id=504)
    lines = stats.plain_text.splitlines()
    assert lines[0] == "Questions, last 7 days (UTC)"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d: \d+ from \d+ readers? \(\d+ not covered, \d+ only closest\)", lines[1]
    )
    assert "Most asked, not covered" in lines
    assert "1× Who won the 2024 US presidential election?" in lines
    assert counted(stats)


async def test_readers_who_are_not_owners_get_one_polite_line(
    api: FakeBotApi, bot: BotProcess, library: Path
) -> None:
    before = set(os.listdir(library))
    fetched = len(api.files.downloads)
    document = await send_file(api, 620, RIVERS, "g-mine.md", r".")
    remove = await ask(api, "/remove", chat_id=620)
    stats = await ask(api, "/stats", chat_id=620)
    reader_help = await ask(api, "/help", chat_id=620)
    owner_help = await ask(api, "/help", chat_id=505)
    assert document.plain_text == remove.plain_text == stats.plain_text == OWNERS_ONLY
    assert "For owners" not in reader_help.plain_text
    assert owner_help.plain_text.startswith("How to ask\n")  # examples change on uploads
    assert owner_help.plain_text.endswith(
        "/remove: remove a report\n/stats: questions per day, the most asked misses and the votes"
    )
    assert set(os.listdir(library)) == before
    assert len(api.files.downloads) == fetched
    menu = api.scoped_commands()  # the menu everyone sees
    assert "remove" not in menu
    assert not api.scoped_commands(620)
    assert api.scoped_commands(505) == [*menu, "remove", "stats"]  # an owner's private chat


async def test_with_one_report_file_an_owner_is_told_to_make_it_a_folder(
    own_api: FakeBotApi, tmp_path: Path
) -> None:
    env = {"OWNER_USER_IDS": "700", "ALLOWED_USER_IDS": "1"}  # owners are always let in
    bot = await start_bot(own_api, tmp_path, env)
    try:
        document = await send_file(own_api, 700, RIVERS, "rivers.md", r".")
        remove = await ask(own_api, "/remove", chat_id=700)
    finally:
        await stop_cleanly(own_api, bot)
    assert document.plain_text == remove.plain_text
    assert document.plain_text.startswith("REPORT_PATH is one file, not a folder")
    assert not own_api.files.downloads
