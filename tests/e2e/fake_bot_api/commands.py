"""The bot's command menus: ``setMyCommands``, ``getMyCommands``, ``deleteMyCommands`` per
scope and language."""

from __future__ import annotations

import copy
import json
from typing import Any

from tests.e2e.fake_bot_api.limits import (
    _COMMAND_RE,
)
from tests.e2e.fake_bot_api.records import (
    _ApiError,
    _json_object,
    _normalise_markup,
    _require_strings,
)


class Commands:
    """The command-menu methods; mixed into ``FakeBotApi``."""

    _commands: dict[tuple[str, str], list[dict[str, str]]]
    _last_commands: list[dict[str, str]] | None

    def _command_scope_key(self, raw: dict[str, str]) -> tuple[str, str]:
        scope_text = raw.get("scope", "")
        scope: Any = {"type": "default"}
        if scope_text:
            scope = _json_object(
                scope_text,
                "Bad Request: can't parse BotCommandScope JSON object",
                "Bad Request: can't parse BotCommandScope: BotCommandScope must be an Object",
            )
            if scope.get("type") not in (
                "default",
                "all_private_chats",
                "all_group_chats",
                "all_chat_administrators",
                "chat",
                "chat_administrators",
                "chat_member",
            ):
                raise _ApiError(
                    400, "Bad Request: can't parse BotCommandScope: Unsupported type specified"
                )
        return _normalise_markup(scope), raw.get("language_code", "")

    async def _set_my_commands(self, raw: dict[str, str]) -> Any:
        text = raw.get("commands", "")
        commands: Any = []
        if text:
            try:
                commands = json.loads(text)
            except ValueError:
                raise _ApiError(400, "Bad Request: can't parse commands JSON object") from None
        if not isinstance(commands, list):
            raise _ApiError(400, "Bad Request: expected an Array of BotCommand")
        cleaned: list[dict[str, str]] = []
        prefix = "Bad Request: can't parse BotCommand: "
        for item in commands:
            if not isinstance(item, dict):
                raise _ApiError(400, prefix + "expected an Object")
            _require_strings(item, ("command", "description"), prefix)
            command = item["command"].strip().removeprefix("/")
            description = item["description"].strip()
            if not command:
                raise _ApiError(400, "Bad Request: command must be non-empty")
            if len(command) > 32:
                raise _ApiError(400, "Bad Request: command length must not exceed 32")
            if not description:
                raise _ApiError(400, "Bad Request: command description must be non-empty")
            if len(description) > 256:
                raise _ApiError(400, "Bad Request: command description length must not exceed 256")
            if not _COMMAND_RE.fullmatch(command):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            cleaned.append({"command": command, "description": description})
        if len(cleaned) > 100:
            raise _ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        scope_key = self._command_scope_key(raw)
        if cleaned:
            self._commands[scope_key] = cleaned
        else:
            self._commands.pop(scope_key, None)
        self._last_commands = cleaned
        return True

    async def _get_my_commands(self, raw: dict[str, str]) -> Any:
        return copy.deepcopy(self._commands.get(self._command_scope_key(raw), []))

    async def _delete_my_commands(self, raw: dict[str, str]) -> Any:
        self._commands.pop(self._command_scope_key(raw), None)
        return True

    def scoped_commands(self, chat_id: int | None = None) -> list[str]:
        """The commands set for one chat (``BotCommandScopeChat``), or for everyone."""
        scope = {"type": "chat", "chat_id": chat_id} if chat_id else {"type": "default"}
        key = (_normalise_markup(scope), "")
        return [command["command"] for command in self._commands.get(key, [])]
