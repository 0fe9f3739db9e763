"""Waiting for the reload to serve an owner's change, so the owner hears when readers see it.

An owner's change is a file added to or removed from ``REPORT_PATH``; the bot's reload
(``bot.serving.reloading``) serves it within a reload interval or two. The owner is told
then, not when the file was written: ``until_served`` looks at the state served (a new one
after each reload) until the file serves what was added, or nothing once removed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from telegram import Message
from telegram.ext import Application, ContextTypes

from bot.conversation.state import STATE, BotState
from retrieval import Report
from retrieval.library import content_hash

LOOK_SECONDS = 0.25
"""How often the state served is looked at (a look is one comparison until a reload)."""


def served(bot_state: BotState, name: str) -> Report | None:
    """The report served from the file ``name`` of the folder, if any."""
    return next((r for r in bot_state.catalogue.reports if Path(r.source).name == name), None)


async def until_served(
    application: Application[Any, Any, Any, Any, Any, Any],
    name: str,
    report: Report | None,
    within: float,
) -> BotState | None:
    """Wait until the file ``name`` serves ``report`` (None: until it serves nothing); the
    state serving it so, or None when ``within`` seconds went by first."""
    version = None if report is None else content_hash(report)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    looked_at: BotState | None = None
    while True:
        bot_state: BotState = application.bot_data[STATE]
        if bot_state is not looked_at:  # only a reload changes what is served
            looked_at = bot_state
            now = served(bot_state, name)
            if now is None if version is None else now is not None and content_hash(now) == version:
                return bot_state
        if loop.time() >= deadline:
            return None
        await asyncio.sleep(LOOK_SECONDS)


def announce(
    message: Message,
    name: str,
    report: Report | None,
    within: float,
    context: ContextTypes.DEFAULT_TYPE,
    said: Callable[[BotState], str],
    late: str,
) -> None:
    """Once the file ``name`` serves ``report`` (None: nothing), reply to ``message`` with
    ``said`` of the state serving it, or with ``late`` after ``within`` seconds.

    A reply, not an edit, so the owner is notified; the wait runs beside the chat's other
    updates, never ahead of them.
    """

    async def wait_and_say() -> None:
        serving = await until_served(context.application, name, report, within)
        await message.reply_text(late if serving is None else said(serving))

    context.application.create_task(wait_and_say(), update=None)
