"""Record one transcript per reader feature through the fake Bot API, as Markdown.

Run: .venv/bin/python -m tests.e2e.feature_transcripts > docs/transcripts.md
What a reader sees is the plain text after Telegram's parsing; buttons are listed in [ ].
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from tests.e2e.bot_process import FAKE_TOKEN, start_bot
from tests.e2e.fake_bot_api import FakeBotApi, SentMessage
from tests.e2e.reader import inline, mentioning, settled, wait_for


def shown(sent: SentMessage) -> str:
    """A message as a reader sees it, its buttons in brackets, a line per row."""
    rows = (sent.reply_markup or {}).get("inline_keyboard", [])
    buttons = "\n".join(" ".join(f"[{b['text']}]" for b in row) for row in rows)
    return sent.plain_text + (f"\n{buttons}" if buttons else "")


class Reader:
    """A reader in one chat, writing down the exchange.

    Each step waits until the chat's line has handled it (``settled``), so a reply that comes
    in several messages is written down whole, however busy the machine.
    """

    def __init__(
        self, api: FakeBotApi, chat_id: int, lines: list[str], chat_type: str = "private"
    ) -> None:
        self.api, self.chat_id, self.lines, self.chat_type = api, chat_id, lines, chat_type

    async def say(self, text: str, **kwargs: object) -> SentMessage:
        before = len(self.api.sent_to(self.chat_id))
        user = abs(self.chat_id) % 1000 + 1 if self.chat_id < 0 else self.chat_id
        self.api.send_text(
            text,
            chat_id=self.chat_id,
            user_id=user,
            chat_type=self.chat_type,
            **kwargs,  # type: ignore[arg-type]
        )
        replies = (await settled(self.api, self.chat_id, self.chat_type))[before:]
        assert replies, f"no reply to {text!r}"
        self.lines.append(f"> {text}\n")
        self.lines += [shown(s) + "\n" for s in replies]
        return replies[0]

    async def press(self, message: SentMessage, label: str) -> SentMessage:
        """Tap the first button labelled ``label``; the message as it is afterwards."""
        button = next(b for b in message.buttons if b["text"] == label)
        before = len(self.api.sent_to(self.chat_id))
        answers = self.api.callback_answers
        answered = len(answers)
        self.api.send_callback_query(
            button["callback_data"],
            message_id=message.message_id,
            chat_id=self.chat_id,
            user_id=self.chat_id,
        )
        await wait_for(lambda: len(answers) > answered)  # a tap is answered at once...
        changed = (await settled(self.api, self.chat_id, self.chat_type))[before:]  # ...then run
        self.lines.append(f"> (taps {label})\n")
        if answers[-1].get("text"):
            self.lines.append(f"(toast: {answers[-1]['text']})\n")
        for sent in changed:
            if sent.method == "editMessageReplyMarkup":
                rows = shown(sent).removeprefix(sent.plain_text).strip()
                self.lines.append(f"(its buttons become)\n{rows}\n")
            elif sent.method == "editMessageText":
                self.lines.append(f"(the message becomes)\n{shown(sent)}\n")
            else:
                self.lines.append(shown(sent) + "\n")
        edits = [s for s in changed if s.message_id == message.message_id]
        return edits[-1] if edits else message


async def record() -> str:
    out: list[str] = ["# Transcripts of the reader features", "", __doc__ or "", ""]
    async with FakeBotApi(FAKE_TOKEN) as api:
        bot = await start_bot(api, Path(tempfile.mkdtemp()))
        try:
            lines: list[str] = []
            reader = Reader(api, 501, lines)
            answer = await reader.say("When did the Russian peacekeepers leave Karabakh?")
            more = await reader.press(answer, "More ▾")
            answer = await reader.press(more, "↩ Previous passages")
            paged = await reader.press(answer, "◀ Before")
            paged = await reader.press(paged, "◀ Before")
            answer = await reader.press(paged, "↩ Back to the answer")
            answer = await reader.press(answer, "👍")
            await reader.press(answer, "👍 ✓")
            _section(out, "Buttons under every passage: More, paging in place, votes", lines)

            lines = []
            reader = Reader(api, 502, lines)
            answer = await reader.say("Who is Kemal Öztürk?")
            section = await reader.press(answer, "§ Turkey")
            await reader.press(section, "↩ Back to the answer")
            await reader.say("/section Iran")
            await reader.say("/section")
            await reader.say("/start s9")
            _section(out, "Whole sections: button, /section words, deep link", lines)

            lines = []
            reader = Reader(api, 503, lines)
            await reader.say("/about")
            await reader.say("Что случилось в Екатеринбурге?")
            await reader.say("What does the Kremlin think of Pashinian?")
            _section(out, "/about, another language, a name spelt several ways", lines)

            lines = []
            group = Reader(api, -100777, lines, chat_type="group")
            api.send_text(
                "Has anyone read the Iran part?", chat_id=-100777, user_id=9, chat_type="group"
            )
            lines.append("> Has anyone read the Iran part?   (ordinary chatter: no reply)\n")
            await group.say(**mentioning("what did Zelensky tell Aliyev?"))
            await group.say("/ask@report_test_bot Baku-Novorossiysk pipeline")
            _section(out, "In a group: mention and /ask", lines)

            lines = []
            for query in ("Middle Corridor", ""):
                results = (await inline(api, query, user_id=504))["results"]
                lines += [f"> @report_test_bot {query}   (inline, in any chat)\n"]
                lines += [f"- {r['title']}: {r['description']}\n" for r in results]
            _section(out, "Inline mode", lines)
        finally:
            await bot.stop()
    return "\n".join(out)


def _section(out: list[str], title: str, lines: list[str]) -> None:
    out += [f"## {title}", "", "```", *[line.rstrip() for line in lines], "```", ""]


if __name__ == "__main__":
    print(asyncio.run(record()))
