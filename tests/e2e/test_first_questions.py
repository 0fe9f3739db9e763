"""A reader's first questions through the real bot: the gist, a section, follow-ups, more."""

from __future__ import annotations

import pytest

from tests.conftest import SEED
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.reader import ask, mention

REPORT_LINES = SEED.read_text(encoding="utf-8").split("\n")

pytestmark = pytest.mark.shared_bot  # every test talks to one bot, in chats of its own


@pytest.mark.parametrize("question", ["what is this about?", "tl;dr", "who is he?"])
async def test_a_gist_question_gets_the_overview(
    api: FakeBotApi, bot: BotProcess, question: str
) -> None:
    chat = 2100 + ["what is this about?", "tl;dr", "who is he?"].index(question)
    reply = (await ask(api, question, chat_id=chat)).plain_text
    assert reply.startswith("PSCRP-BESA Reports No 140 (July 6, 2025)\n\nIn short\n")
    assert f"Conclusion\n{REPORT_LINES[36][:60]}" in reply
    assert "• Turkey" not in reply  # the top level only
    assert "• How do the others see that?  /s6" in reply
    assert "no searchable words" not in reply


async def test_a_gist_question_in_german_gets_the_overview_with_german_labels(
    api: FakeBotApi, bot: BotProcess
) -> None:
    reply = (await ask(api, "Worum geht es in diesem Bericht?", chat_id=2110)).plain_text
    assert reply.startswith("Der Bericht ist auf Englisch.\n\nPSCRP-BESA Reports No 140")
    assert "Kurz gesagt\n" in reply
    assert "Fazit\n" in reply


async def test_a_question_naming_a_section_gets_its_lead(api: FakeBotApi, bot: BotProcess) -> None:
    reply = (await ask(api, "What does the section on Iran say?", chat_id=2120)).plain_text
    assert reply.startswith("How do the others see that? › Iran\n")
    assert REPORT_LINES[30][:60] in reply
    assert reply.endswith("The whole section: /s8")


async def test_a_follow_up_is_read_with_the_previous_question(
    api: FakeBotApi, bot: BotProcess
) -> None:
    await ask(api, "How did Azerbaijan react?", chat_id=2130)
    reply = (await ask(api, "and Russia?", chat_id=2130)).plain_text
    assert reply.startswith("Read as: How did Russia react?\n")
    why = (await ask(api, "why?", chat_id=2130)).plain_text
    assert why.startswith("Read with your previous question: How did Russia react?\n")


async def test_more_gives_the_next_passages_of_the_last_question(
    api: FakeBotApi, bot: BotProcess
) -> None:
    first = (await ask(api, "How did Azerbaijan react?", chat_id=2140)).plain_text
    more = (await ask(api, "tell me more", chat_id=2140)).plain_text
    assert more.startswith("More for: How did Azerbaijan react?\n")
    shown = [block.split("\n", 1)[1] for block in first.split("\n\n") if "\n" in block]
    assert not any(text[:80] in more for text in shown)


async def test_a_group_reply_to_the_bot_follows_up_that_readers_question(
    api: FakeBotApi, bot: BotProcess
) -> None:
    group = -2150
    mentioned = await mention(api, "How did Azerbaijan react?", chat_id=group, user_id=7)
    replied = await ask(
        api,
        "and Turkey?",
        chat_id=group,
        user_id=7,
        chat_type="supergroup",
        reply_to_message_id=mentioned.message_id,
    )
    assert replied.plain_text.startswith("Read as: How did Turkey react?\n")
    other = await ask(
        api,
        "and Iran?",
        chat_id=group,
        user_id=8,
        chat_type="supergroup",
        reply_to_message_id=mentioned.message_id,
    )
    assert not other.plain_text.startswith("Read as")  # user 8 asked nothing before
