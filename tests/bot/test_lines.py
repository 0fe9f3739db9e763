"""The bot's own lines: every line in all seven languages, placeholders kept."""

from __future__ import annotations

import re

import pytest

from bot.conversation.lines import LANGUAGES, LINES, line


@pytest.mark.parametrize("key", list(LINES))
def test_every_line_is_written_in_every_language_with_the_same_placeholders(key: str) -> None:
    texts = LINES[key]  # type: ignore[index]
    assert set(texts) == set(LANGUAGES)
    placeholders = {code: set(re.findall(r"{(\w+)}", text)) for code, text in texts.items()}
    assert all(found == placeholders["en"] for found in placeholders.values())


def test_a_language_the_bot_does_not_speak_gets_english() -> None:
    assert line("closest", "fr") == line("closest", "en")
    assert line("not_covered", "ru", outline="/sections").endswith("чтобы узнать, о чём он.")
