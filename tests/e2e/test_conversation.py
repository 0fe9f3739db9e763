"""A reader talks to the real bot process through the strict fake Bot API."""

from __future__ import annotations

import json

import pytest

from tests.conftest import DEV_QUESTIONS, SEED
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_bot_api import FakeBotApi, utf16_len
from tests.e2e.reader import own_chat

REPORT_LINES = SEED.read_text(encoding="utf-8").split("\n")
DEV = {q["id"]: q for q in map(json.loads, DEV_QUESTIONS.read_text(encoding="utf-8").splitlines())}

pytestmark = pytest.mark.shared_bot  # every test talks to one bot, in chats of its own


async def ask(api: FakeBotApi, text: str, chat_id: int, count: int = 1) -> list[str]:
    """Send ``text`` as a reader in ``chat_id``; the plain texts of the bot's replies."""
    before = len(api.sent_to(chat_id))
    api.send_text(text, chat_id=chat_id, user_id=chat_id)
    sent = await api.wait_for_sent(before + count, chat_id=chat_id)
    return [s.plain_text for s in sent[before:]]


async def test_start_greets_names_report_and_suggests_questions(
    api: FakeBotApi, bot: BotProcess
) -> None:
    (reply,) = await ask(api, "/start", chat_id=11)
    assert "PSCRP-BESA Reports No 140 (July 6, 2025)" in reply
    assert "For example:" in reply
    assert "/sections" in reply
    menu = {c["command"]: c["description"] for c in api.commands or []}
    assert list(menu) == ["start", "help", "sections", "section", "ask", "about"]
    assert menu["section"].endswith("/section Iran")  # the seed's shortest heading
    assert "/reports" not in reply  # one report: nothing to list


async def test_start_logs_title_paragraphs_and_username(api: FakeBotApi, bot: BotProcess) -> None:
    await ask(api, "/start", chat_id=12)
    log = bot.log()
    assert "PSCRP-BESA Reports No 140" in log
    assert "30 paragraphs" in log
    assert "@report_test_bot" in log


REPLIES = {
    "help explains how to ask": ("/help", ["How to ask", "/sections"]),
    "sections shows the nested numbered outline": (
        "/sections",
        [
            "3. What is behind the scenes?  /s3\n    4. Russian arrogance and racism  /s4",
            "9. Conclusion",
        ],
    ),
    "unanswerable question says not covered": (
        "Who won the 2024 US presidential election?",
        ["does not seem to cover", "/sections"],
    ),
    "question without words asks for words": ("?!", ["few words"]),
    "unknown command points to help": ("/frobnicate", ["/help"]),
}


@pytest.mark.parametrize(("message", "expected"), REPLIES.values(), ids=REPLIES.keys())
async def test_one_message_gets_the_reply_a_reader_needs(
    api: FakeBotApi, bot: BotProcess, message: str, expected: list[str]
) -> None:
    (reply,) = await ask(
        api, message, chat_id=own_chat(1300, message, [m for m, _ in REPLIES.values()])
    )
    for text in expected:
        assert text in reply


GOLD_QUESTIONS = ["d14", "d19", "d23", "d16", "d10"]


@pytest.mark.parametrize("question_id", GOLD_QUESTIONS)
async def test_question_gets_its_gold_passage_under_its_heading(
    api: FakeBotApi, bot: BotProcess, question_id: str
) -> None:
    question = DEV[question_id]
    replies = await ask(
        api, question["question"], chat_id=own_chat(2000, question_id, GOLD_QUESTIONS)
    )
    gold = REPORT_LINES[question["gold"][0] - 1]
    assert gold in replies[0]
    first_line = replies[0].split("\n")[0]
    assert first_line in (" › ".join(path) for path in SECTION_PATHS)


SECTION_PATHS = [
    ("Introduction",),
    ("Azerbaijan’s reaction",),
    ("What is behind the scenes?", "Russian arrogance and racism"),
    ("What is behind the scenes?", "Russia’s weakening region-wide"),
    ("How do the others see that?", "Turkey"),
    ("How do the others see that?", "Iran"),
    ("Conclusion",),
    ("Showing results for zakharova",),
]


async def test_answer_marks_the_answer_sentence_and_words(api: FakeBotApi, bot: BotProcess) -> None:
    await ask(api, "When did the Russian peacekeepers leave Karabakh?", chat_id=21)
    sent = api.sent_to(21)[-1]
    assert sent.parse_mode == "HTML"
    types = {entity["type"] for entity in sent.entities}
    assert {"bold", "underline"} <= types


NON_TEXT = ["sticker", "photo", "voice"]


@pytest.mark.parametrize("kind", NON_TEXT)
async def test_non_text_message_gets_a_hint(api: FakeBotApi, bot: BotProcess, kind: str) -> None:
    chat = own_chat(2400, kind, NON_TEXT)
    getattr(api, f"send_{kind}")(chat_id=chat, user_id=chat)
    (sent,) = await api.wait_for_sent(1, chat_id=chat)
    assert "only read text" in sent.plain_text


async def test_edited_question_is_answered_as_asked_now(api: FakeBotApi, bot: BotProcess) -> None:
    await ask(api, "Who is Kemal Öztürk?", chat_id=26)
    first_message_id = api.message_ids(26, from_bot=False)[0]
    api.send_edited_text(first_message_id, "What did Zelensky tell Aliyev?", chat_id=26, user_id=26)
    sent = await api.wait_for_sent(2, chat_id=26)
    assert REPORT_LINES[33] in sent[-1].plain_text


HOSTILE = [
    "<b>bold</b> Azerbaijan",
    "&amp; &lt; & Baku",
    "</a> Kremlin <a href='x'>",
    "Azerbaijan" * 409,
    "🙂🙂 Putin 👍🏽 Aliyev 🇦🇿",
    "Что случилось в Екатеринбурге?",
    "ما هو موقف إيران؟ Iran",
    "\u202eKremlin\u200b Putin\u0000",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
async def test_hostile_text_gets_replies_telegram_accepts(
    api: FakeBotApi, bot: BotProcess, text: str
) -> None:
    chat = own_chat(3000, text, HOSTILE)
    replies = await ask(api, text[:4096], chat_id=chat)
    assert replies
    for sent in api.sent_to(chat):
        assert 1 <= utf16_len(sent.plain_text) <= 4096
    assert not api.rejected


async def test_question_in_another_script_says_the_report_is_in_english(
    api: FakeBotApi, bot: BotProcess
) -> None:
    (reply,) = await ask(api, "Что случилось в Екатеринбурге?", chat_id=31)
    assert reply.startswith("Доклад написан на английском")  # in the question's language
    assert "/sections" in reply
