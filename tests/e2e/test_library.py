"""A bot serving a folder of reports: every paragraph and section is addressed with its report.

The library holds the seed report and a small report on solar power (report 2); the inline
test adds a copy of the seed under another title, so two reports hold the same paragraphs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.console.cli import EXIT_OK, main
from tests.conftest import SEED, SOLAR_REPORT
from tests.documents import gas_report
from tests.e2e.bot_process import BotProcess, start_bot
from tests.e2e.conftest import stop_cleanly
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.reader import BOT, ask, link_key, own_chat, press, wait_for

pytestmark = pytest.mark.shared_bot  # tests talk to library_bot in chats of their own, or
# start a bot on own_api

SOLAR = "Solar Power in Kenya (March 2024)"
COPY_TITLE = "A copy of report 140 (August 2025)"


def library(tmp_path: Path, *, copy: bool = False) -> Path:
    """A folder with the seed, the solar report, an unreadable file and maybe a seed copy."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a-seed.txt").write_bytes(SEED.read_bytes())
    (folder / "b-solar.md").write_text(SOLAR_REPORT, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe not utf-8")
    if copy:
        body = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
        (folder / "c-copy.txt").write_text(f"{COPY_TITLE}\n{body}", encoding="utf-8")
    return folder


@pytest_asyncio.fixture(scope="module")
async def library_bot(
    shared_api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[BotProcess]:
    """One bot serving the seed and the solar report, for the tests that only talk to it."""
    workdir = tmp_path_factory.mktemp("library")
    bot = await start_bot(shared_api, workdir, {"REPORT_PATH": str(library(workdir))})
    yield bot
    await stop_cleanly(shared_api, bot)


async def test_library_bot_lists_reports_and_names_them_in_answers(
    api: FakeBotApi, library_bot: BotProcess
) -> None:
    listing = await ask(api, "/reports", chat_id=70)
    answer = await ask(api, "Where do mini-grids bring electricity?", chat_id=70)
    (before,) = await press(api, answer, "◀ Before")  # the top passage is in report 2
    assert before.plain_text.startswith(f"{SOLAR}\nRooftop panels\n")
    (after,) = await press(api, before, "After ▶")
    assert after.plain_text.startswith(f"{SOLAR}\nMini-grids\nVillage mini-grids")
    which = await ask(api, "/sections", chat_id=70)
    assert [b["text"] for b in which.buttons] == ["PSCRP-BESA Reports No 140 (July 6, 2025)", SOLAR]
    (outline,) = await press(api, which, SOLAR)
    log = library_bot.log()
    assert outline.plain_text.startswith(f"{SOLAR}\n\n1. Rooftop panels  /r2s1")
    assert "I answer from 2 reports" in listing.plain_text
    assert "1 reports" not in listing.plain_text
    assert SOLAR in listing.plain_text
    assert answer.plain_text.startswith(f"{SOLAR}\nMini-grids\n")
    assert "broken.txt" in log  # the unreadable file is logged and skipped
    assert "Serving 2 reports" in log
    assert "reports" in [c["command"] for c in api.commands or []]


SECTION_COMMANDS = [
    ("/section Mini-grids", "2. Mini-grids"),  # words: searched in every report
    ("/r2s1", "1. Rooftop panels"),  # the shortcut the outline shows
    ("/start r2s2", "2. Mini-grids"),  # a deep link into report 2
    ("/start s7", "7. Turkey"),  # a deep link into report 1
    ("/section Turkey", "7. Turkey"),
]


@pytest.mark.parametrize(("command", "opens"), SECTION_COMMANDS)
async def test_sections_open_in_the_report_they_belong_to(
    api: FakeBotApi, library_bot: BotProcess, command: str, opens: str
) -> None:
    view = await ask(api, command, chat_id=own_chat(7100, (command, opens), SECTION_COMMANDS))
    name = "PSCRP-BESA Reports No 140 (July 6, 2025)" if "Turkey" in opens else SOLAR
    assert view.plain_text.startswith(f"{name}\n{opens}")  # every section names its report
    number = opens.split(".")[0]
    report = "a-seed.txt" if "Turkey" in opens else "b-solar.md"
    assert f"https://t.me/{BOT}?start={link_key(report)}s{number}" in view.plain_text


async def test_about_describes_each_report_and_sections_n_opens_report_n(
    api: FakeBotApi, library_bot: BotProcess
) -> None:
    about = await ask(api, "/about", chat_id=76)
    assert "1. PSCRP-BESA Reports No 140 (July 6, 2025)\ntext · 9 sections · 30 paragraphs" in (
        about.plain_text
    )
    assert f"2. {SOLAR}\ntext · 2 sections · 2 paragraphs · about 22 words" in about.plain_text
    assert "/sections 2" in about.plain_text
    outline = await ask(api, "/sections 2", chat_id=76)
    assert outline.plain_text.startswith(f"{SOLAR}\n\n1. Rooftop panels  /r2s1")
    missing = await ask(api, "/sections 5", chat_id=76)
    assert missing.plain_text == "There is no report 5: I answer from 2 reports; see /reports."


async def test_whole_section_from_a_report_2_answer_opens_report_2(
    api: FakeBotApi, library_bot: BotProcess
) -> None:
    answer = await ask(api, "rooftop solar panels Nairobi", chat_id=72)
    (section,) = await press(api, answer, "§ Rooftop panels")
    assert section.plain_text.startswith(f"{SOLAR}\n1. Rooftop panels")
    assert f"?start={link_key('b-solar.md')}s1" in section.plain_text


async def test_votes_name_the_report_and_the_feedback_report_finds_the_passage(
    own_api: FakeBotApi,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bot = await start_bot(own_api, tmp_path, {"REPORT_PATH": str(library(tmp_path))})
    answer = await ask(own_api, "Where do mini-grids bring electricity?", chat_id=73)
    await press(own_api, answer, "👎", expect=0)
    await stop_cleanly(own_api, bot)  # writes the vote still queued
    monkeypatch.chdir(tmp_path)  # where the bot kept data/feedback.sqlite3
    monkeypatch.setenv("REPORT_PATH", str(tmp_path / "reports"))
    assert main(["feedback"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"1 👎 0 👍  Where do mini-grids bring electricity?\n      {SOLAR}\n" in out
    assert "      Mini-grids: Village mini-grids bring electricity" in out


async def test_two_copies_have_distinct_inline_results_and_a_choice_of_sections(
    own_api: FakeBotApi,
    tmp_path: Path,
) -> None:
    bot = await start_bot(own_api, tmp_path, {"REPORT_PATH": str(library(tmp_path, copy=True))})
    own_api.send_inline_query("Baku-Novorossiysk pipeline", user_id=74)
    await wait_for(lambda: bool(own_api.inline_answers) or bool(own_api.rejected))
    which = await ask(own_api, "/section iran", chat_id=74)
    assert which.plain_text == "Several sections are called “iran”. Which one?"
    labels = [b["text"] for b in which.buttons]
    assert labels == [
        "PSCRP-BESA Reports No 140 (July 6, 2025) · 8. Iran",
        "A copy of report 140 (August 2025) · 8. Iran",
    ]
    (copy,) = await press(own_api, which, labels[1])
    assert copy.plain_text.startswith(f"{COPY_TITLE}\n8. Iran")
    assert await bot.stop() == 0
    assert not own_api.rejected, [(c.method, c.description) for c in own_api.rejected]
    results = own_api.inline_answers[-1]["results"]
    ids = [r["id"] for r in results]
    footers = [r["input_message_content"]["message_text"].rsplit("\n", 1)[-1] for r in results]
    assert len(set(ids)) == len(ids) >= 2
    assert "<i>From PSCRP-BESA Reports No 140 (July 6, 2025)</i>" in footers
    assert f"<i>From {COPY_TITLE}</i>" in footers


async def test_a_pdf_report_is_answered_with_its_page(own_api: FakeBotApi, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    gas_report(folder / "gas.pdf", bookmarks=True)
    (folder / "solar.md").write_text(SOLAR_REPORT, encoding="utf-8")
    bot = await start_bot(own_api, tmp_path, {"REPORT_PATH": str(folder)})
    listing = await ask(own_api, "/reports", chat_id=75)
    answer = await ask(own_api, "Why did household contracts cost the most?", chat_id=75)
    await stop_cleanly(own_api, bot)
    assert "1. How Europe Buys Gas · PDF" in listing.plain_text
    assert answer.plain_text.startswith(
        "How Europe Buys Gas\nWhy it changed › Prices · p. 2\nHouseholds paid the most"
    )
