"""``report-bot check --online``: one ``getMe``, to prove the token and the base URL work."""

from __future__ import annotations

import asyncio

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.settings import Settings


class OnlineCheckError(Exception):
    """``getMe`` failed; ``rejected`` when Telegram refused the token (a setting to fix)."""

    def __init__(self, message: str, *, rejected: bool) -> None:
        super().__init__(message)
        self.rejected = rejected


def telegram_answer(error: TelegramError) -> str:
    """What the Bot API answered, from the innermost error ("Unauthorized", "Not Found"…).

    python-telegram-bot wraps the answer in an error whose text carries the whole token, so
    only the innermost one is ever shown.
    """
    inner: BaseException = error
    while isinstance(inner.__cause__, TelegramError):
        inner = inner.__cause__
    return inner.message if isinstance(inner, TelegramError) else type(inner).__name__


def get_me(settings: Settings) -> str:
    """The bot's username, from one ``getMe`` call; ``OnlineCheckError`` if it fails."""
    token = settings.require_token().get_secret_value()

    async def call() -> str:
        async with Bot(token, base_url=settings.telegram_base_url) as bot:  # getMe
            return bot.username

    try:
        return asyncio.run(call())
    except InvalidToken as error:
        raise OnlineCheckError(
            f"Telegram rejected the bot token ({telegram_answer(error)})", rejected=True
        ) from None
    except TelegramError as error:
        raise OnlineCheckError(
            f"the Bot API at {settings.telegram_base_url} did not answer "
            f"({telegram_answer(error)})",
            rejected=False,
        ) from None
