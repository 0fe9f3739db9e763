"""Reading the report through the bot: buttons, sections, inline mode and groups."""

from __future__ import annotations

import pytest

from bot.conversation.callbacks import Action, Kind
from tests.conftest import SEED
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.reader import BOT, all_handled, ask, inline, link_key, mention, press, wait_for

REPORT_LINES = SEED.read_text(encoding="utf-8").split("\n")
TITLE = "PSCRP-BESA Reports No 140 (July 6, 2025)"

pytestmark = pytest.mark.shared_bot  # every test talks to one bot, in chats of its own


async def test_every_passage_has_its_own_row_of_buttons_that_fit_telegrams_limits(
    api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await ask(api, "When did the Russian peacekeepers leave Karabakh?", chat_id=40)
    rows = [[b["text"] for b in row] for row in (answer.reply_markup or {})["inline_keyboard"]]
    assert rows == [
        ["◀ Before", "§ Russia’s weakening regi…", "After ▶"],
        ["◀ Before", "§ Iran", "After ▶"],
        ["◀ Before", "§ Iran", "After ▶"],
        ["More ▾", "👍", "👎"],
    ]
    assert all(len(b["callback_data"].encode()) <= 64 for b in answer.buttons)


async def test_more_shows_the_next_passages_in_place_and_every_press_is_answered(
    api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await ask(api, "Azerbaijan Russia", chat_id=41)
    (more,) = await press(api, answer, "More ▾")
    (previous,) = await press(api, more, "↩ Previous passages")
    assert (more.method, more.message_id) == ("editMessageText", answer.message_id)
    assert (previous.plain_text, previous.buttons) == (answer.plain_text, answer.buttons)
    paragraphs = [line for line in REPORT_LINES if len(line) > 80]
    shown_first = {line for line in paragraphs if line in answer.plain_text}
    shown_next = {line for line in paragraphs if line in more.plain_text}
    assert shown_next
    assert not shown_first & shown_next
    assert all(a.get("callback_query_id") for a in api.callback_answers)


async def test_whole_section_and_paging_edit_the_answer_and_come_back(
    api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await ask(api, "Who is Kemal Öztürk?", chat_id=42)  # the only Turkey paragraph
    (section,) = await press(api, answer, "§ Turkey")
    assert (section.method, section.message_id) == ("editMessageText", answer.message_id)
    assert "7. Turkey" in section.plain_text
    assert f"https://t.me/{BOT}?start={link_key(SEED.name)}s7" in section.plain_text
    assert REPORT_LINES[28] in section.plain_text
    assert [b["text"] for b in section.buttons] == ["↩ Back to the answer"]
    (answered,) = await press(api, section, "↩ Back to the answer")
    assert (answered.plain_text, answered.buttons) == (answer.plain_text, answer.buttons)
    (before,) = await press(api, answer, "◀ Before")
    assert (before.method, before.message_id) == ("editMessageText", answer.message_id)
    assert before.plain_text.startswith("What is behind the scenes? › Russia’s weakening")
    assert REPORT_LINES[25] in before.plain_text
    (after,) = await press(api, before, "After ▶")
    assert REPORT_LINES[28] in after.plain_text
    assert [b["text"] for b in after.buttons] == [
        "◀ Before",
        "Whole section",
        "After ▶",
        "↩ Back to the answer",
    ]
    (back,) = await press(api, after, "↩ Back to the answer")
    assert back.message_id == answer.message_id
    assert back.plain_text == answer.plain_text
    assert back.buttons == answer.buttons
    assert [s.method for s in api.sent_to(42)].count("sendMessage") == 1


async def test_paging_from_the_second_passage_starts_from_it(
    api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await ask(api, "When did the Russian peacekeepers leave Karabakh?", chat_id=43)
    second_row = (answer.reply_markup or {})["inline_keyboard"][1]
    before = next(b for b in second_row if b["text"] == "◀ Before")
    answered = len(api.callback_answers)
    api.send_callback_query(
        before["callback_data"], message_id=answer.message_id, chat_id=43, user_id=43
    )
    await wait_for(lambda: len(api.callback_answers) > answered)
    (paged,) = (await api.wait_for_sent(2, chat_id=43))[1:]
    armenia = REPORT_LINES.index(
        next(line for line in REPORT_LINES if "Armenia’s simultaneous" in line)
    )
    assert REPORT_LINES[armenia - 1] in paged.plain_text  # the paragraph before the second passage
    assert paged.plain_text.startswith("How do the others see that? › Iran")


async def test_a_vote_ticks_its_button_and_a_second_tap_withdraws_it(
    api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await ask(api, "Who is Kemal Öztürk?", chat_id=50)
    (liked,) = await press(api, answer, "👍")
    assert (liked.method, liked.message_id) == ("editMessageReplyMarkup", answer.message_id)
    assert api.callback_answers[-1]["text"] == "Thanks, noted."
    assert [b["text"] for b in liked.buttons][-3:] == ["More ▾", "👍 ✓", "👎"]
    (changed,) = await press(api, liked, "👎")
    assert [b["text"] for b in changed.buttons][-2:] == ["👍", "👎 ✓"]
    (withdrawn,) = await press(api, changed, "👎 ✓")
    assert api.callback_answers[-1]["text"] == "Vote withdrawn."
    assert withdrawn.buttons == answer.buttons
    assert withdrawn.plain_text == answer.plain_text


async def test_more_keeps_the_lines_above_the_passages(api: FakeBotApi, bot: BotProcess) -> None:
    answer = await ask(api, "What did Zelenskyy tell Aliev?", chat_id=51)
    assert answer.plain_text.startswith("Showing results for Zelensky, Aliyev\n")
    (more,) = await press(api, answer, "More ▾")
    assert more.plain_text.startswith("Showing results for Zelensky, Aliyev\n")


async def test_button_for_another_report_version_is_refused_politely(
    api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await ask(api, "Who is Kemal Öztürk?", chat_id=44)
    stale = Action(Kind.PARAGRAPH, "0000dead", 3).encode()
    answered = len(api.callback_answers)
    api.send_callback_query(stale, message_id=answer.message_id, chat_id=44, require_button=False)
    await wait_for(lambda: len(api.callback_answers) > answered)
    assert "has changed or been removed" in api.callback_answers[-1]["text"]


async def test_sections_open_by_number_words_and_deep_link(
    api: FakeBotApi, bot: BotProcess
) -> None:
    by_shortcut = await ask(api, "/s8", chat_id=45)
    assert by_shortcut.plain_text.startswith(f"{TITLE}\n8. Iran")  # it names its report
    by_words = await ask(api, "/section Turkey", chat_id=45)
    assert by_words.plain_text.startswith(f"{TITLE}\n7. Turkey")
    by_link = await ask(api, f"/start {link_key(SEED.name)}s9", chat_id=45)
    assert by_link.plain_text.startswith(f"{TITLE}\n9. Conclusion")
    missing = await ask(api, "/section 99", chat_id=45)
    assert "no such section" in missing.plain_text
    usage = await ask(api, "/section", chat_id=45)
    assert usage.plain_text.startswith("Send /section with a section's number or a few words")
    outline = await ask(api, "/sections 1", chat_id=45)
    assert outline.plain_text.startswith(f"{TITLE}\n\n1. ")
    no_report = await ask(api, "/sections 2", chat_id=45)
    assert no_report.plain_text == "There is no report 2: I answer from one report; see /sections."


async def test_long_passage_folds_into_an_expandable_quote(
    api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await ask(api, "What did Azertag say about Russia?", chat_id=46)
    types = [entity["type"] for entity in answer.entities]
    assert "expandable_blockquote" in types
    assert types.index("bold") < types.index("expandable_blockquote")


async def test_about_names_title_date_format_and_size(api: FakeBotApi, bot: BotProcess) -> None:
    about = await ask(api, "/about", chat_id=47)
    assert "July 6, 2025" in about.plain_text
    assert "text · 9 sections · 30 paragraphs · about " in about.plain_text


async def test_an_empty_inline_query_offers_example_questions(
    api: FakeBotApi, bot: BotProcess
) -> None:
    results = (await inline(api, "", user_id=39))["results"]
    assert results
    assert all(r["title"].startswith("Try: ") for r in results)
    assert all("PSCRP-BESA" in r["input_message_content"]["message_text"] for r in results)
    assert not any("Executive summary" in r["title"] for r in results)


async def test_inline_query_lists_passages_that_post_with_heading_and_title(
    api: FakeBotApi, bot: BotProcess
) -> None:
    first = (await inline(api, "Baku-Novorossiysk pipeline", user_id=48))["results"][0]
    assert first["title"] == "What is behind the scenes? › Russia’s weakening region-wide"
    assert "Baku-Novorossiysk" in first["description"]
    assert "PSCRP-BESA Reports No 140" in first["input_message_content"]["message_text"]


async def test_group_chatter_is_ignored_and_mentions_replies_and_ask_are_answered(
    api: FakeBotApi, bot: BotProcess
) -> None:
    group = -100500
    api.send_text("Anyone read the Iran part?", chat_id=group, user_id=1, chat_type="supergroup")
    mentioned = await mention(api, "Who is Kemal Öztürk?", chat_id=group, user_id=2)
    assert REPORT_LINES[28] in mentioned.plain_text
    assert mentioned.reply_parameters or mentioned.reply_to_message_id
    asked = await ask(
        api,
        f"/ask@{BOT} What did Zelensky tell Aliyev?",
        chat_id=group,
        user_id=3,
        chat_type="supergroup",
    )
    assert REPORT_LINES[33] in asked.plain_text
    replied = await ask(
        api,
        "And what about the pipeline Baku-Novorossiysk?",
        chat_id=group,
        user_id=2,
        chat_type="supergroup",
        reply_to_message_id=mentioned.message_id,
    )
    assert REPORT_LINES[22] in replied.plain_text
    api.send_text("/help@some_other_bot", chat_id=group, user_id=1, chat_type="supergroup")
    handled = await all_handled(
        api, group, f"/ask@{BOT} Who is Kemal Öztürk?", user_id=1, chat_type="supergroup"
    )
    assert len(handled) == 4  # the three answers above, and the one to the question sent last


async def test_edited_question_updates_the_answer_in_place(
    api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await ask(api, "Who is Kemal Öztürk?", chat_id=49)
    question_id = api.message_ids(49, from_bot=False)[-1]
    api.send_edited_text(question_id, "What did Zelensky tell Aliyev?", chat_id=49, user_id=49)
    await wait_for(
        lambda: REPORT_LINES[33] in (api.message(49, answer.message_id) or {}).get("text", "")
    )
    assert len(api.sent_to(49)) == 2  # the answer and its edit; no second answer
