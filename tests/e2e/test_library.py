"""A bot serving a folder of reports: /reports, and answers that name their report."""

from __future__ import annotations

from pathlib import Path

from tests.bot.test_cli import LIBRARY_REPORT
from tests.conftest import SEED
from tests.e2e.bot_process import start_bot
from tests.e2e.fake_bot_api import FakeBotApi


async def test_library_bot_lists_reports_and_names_them_in_answers(
    api: FakeBotApi, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "solar.md").write_text(LIBRARY_REPORT, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe not utf-8")
    bot = await start_bot(api, tmp_path, {"REPORT_PATH": str(folder)})
    api.send_text("/reports", chat_id=70, user_id=70)
    (listing,) = await api.wait_for_sent(1, chat_id=70)
    api.send_text("Where do mini-grids bring electricity?", chat_id=70, user_id=70)
    answer = (await api.wait_for_sent(2, chat_id=70))[1]
    section = answer.buttons[0]  # the top passage is in report 2: its buttons say so
    assert section["text"] == "◀ Before"
    api.send_callback_query(
        section["callback_data"], message_id=answer.message_id, chat_id=70, user_id=70
    )
    before = (await api.wait_for_sent(3, chat_id=70))[2]
    assert before.plain_text.startswith("Solar Power in Kenya (March 2024)\nRooftop panels\n")
    api.send_text("/sections", chat_id=70, user_id=70)
    which = (await api.wait_for_sent(4, chat_id=70))[3]
    assert [b["text"] for b in which.buttons] == [
        "PSCRP-BESA Reports No 140 (July 6, 2025)",
        "Solar Power in Kenya (March 2024)",
    ]
    api.send_callback_query(
        which.buttons[1]["callback_data"], message_id=which.message_id, chat_id=70, user_id=70
    )
    outline = (await api.wait_for_sent(5, chat_id=70))[4]
    assert await bot.stop() == 0
    assert outline.plain_text.startswith("Solar Power in Kenya (March 2024)\n\n1. Rooftop panels")
    assert "I answer from 2 reports" in listing.plain_text
    assert "Solar Power in Kenya (March 2024)" in listing.plain_text
    assert answer.plain_text.startswith("Solar Power in Kenya (March 2024)\nMini-grids\n")
    assert "broken.txt" in bot.output  # the unreadable file is logged and skipped
    assert "Serving 2 reports" in bot.output
    assert "reports" in [c["command"] for c in api.commands or []]
