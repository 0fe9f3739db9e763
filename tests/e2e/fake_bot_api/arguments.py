"""Reading a method's arguments as the Bot API does: numbers, flags, chats, reply markup,
formatted text, and the per-chat flood limit."""

from __future__ import annotations

import json
import math
import re
import time
from collections import deque
from typing import Any

from tests.e2e.fake_bot_api.limits import (
    _BUTTON_ACTION_FIELDS,
    _STRICT,
    MAX_CALLBACK_DATA_BYTES,
)
from tests.e2e.fake_bot_api.records import (
    _ApiError,
    _json_object,
    _to_int,
)
from tests.e2e.fake_bot_api.text import (
    _checked_link,
    _format_text,
    _TextError,
)


class Arguments:
    """The argument checks every method shares; mixed into ``FakeBotApi``, whose ``__init__``
    sets the state declared here."""

    _chats: dict[int, dict[str, Any]]
    _flood: dict[int, deque[float]]
    flood_limit: int | None
    strict: bool

    @staticmethod
    def _too_many_requests(retry_after: int) -> _ApiError:
        return _ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    @staticmethod
    def _int_arg(raw: dict[str, str], name: str, default: int, lo: int, hi: int) -> int:
        value = raw.get(name, "")
        parsed = _to_int(value) if value else default
        return min(max(default if parsed is None else parsed, lo), hi)

    @staticmethod
    def _bool_arg(raw: dict[str, str], name: str) -> bool:
        return raw.get(name, "").strip().lower() in ("true", "1")

    def _resolve_chat(self, raw: dict[str, str]) -> int:
        value = raw.get("chat_id", "").strip()
        if not value:
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if not re.fullmatch(r"-?\d+", value) or int(value) not in self._chats:
            raise _ApiError(400, "Bad Request: chat not found")
        return int(value)

    def _parse_reply_markup(self, raw: dict[str, str]) -> dict[str, Any] | None:
        """Validate ``reply_markup`` like the Bot API; return it parsed (``None`` if absent)."""
        text = raw.get("reply_markup", "")
        if not text:
            return None
        markup = _json_object(
            text,
            "Bad Request: can't parse reply keyboard markup JSON object",
            "Bad Request: object expected as reply markup",
        )
        if "inline_keyboard" not in markup:
            return markup
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list):
            raise _ApiError(400, 'Bad Request: field "inline_keyboard" must be of type Array')
        prefix = "Bad Request: can't parse inline keyboard button: "
        for row in rows:
            if not isinstance(row, list):
                raise _ApiError(
                    400,
                    'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be '
                    "an Array of Arrays",
                )
            for button in row:
                self._check_button(button, prefix)
        return markup

    def _check_button(self, button: Any, prefix: str) -> None:
        if not isinstance(button, dict):
            raise _ApiError(400, prefix + "InlineKeyboardButton must be an Object")
        if "text" not in button:
            raise _ApiError(400, prefix + 'Can\'t find field "text"')
        if not isinstance(button["text"], str):
            raise _ApiError(400, prefix + 'Field "text" must be of type String')
        if not button["text"].strip():
            raise _ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
        actions = [
            key
            for key in _BUTTON_ACTION_FIELDS
            if key in button and not (key in ("url", "callback_data") and button[key] == "")
        ]
        if not actions:
            raise _ApiError(400, prefix + "Text buttons are unallowed in the inline keyboard")
        if self.strict and len(actions) > 1:
            raise _ApiError(
                400,
                prefix + f"exactly one of the optional fields must be used, got {actions} "
                f"({_STRICT}: Telegram would silently use {actions[0]!r})",
            )
        for key in ("url", "callback_data"):
            if key in button and not isinstance(button[key], str):
                raise _ApiError(400, prefix + f'Field "{key}" must be of type String')
        url = button.get("url")
        if isinstance(url, str) and url and _checked_link(url) is None:
            raise _ApiError(400, "Bad Request: BUTTON_URL_INVALID")
        data = button.get("callback_data")
        if isinstance(data, str) and len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
            raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _format(self, raw: dict[str, str], text_key: str = "text") -> tuple[str, list[Any]]:
        entities: list[dict[str, Any]] | None = None
        entities_json = raw.get("entities", "")
        if entities_json and not raw.get("parse_mode"):
            entities = self._parse_entities(entities_json)
        try:
            return _format_text(
                raw.get(text_key, ""), raw.get("parse_mode"), entities, strict=self.strict
            )
        except _TextError as exc:
            raise _ApiError(400, exc.description) from None

    @staticmethod
    def _parse_entities(entities_json: str) -> list[dict[str, Any]] | None:
        try:
            value = json.loads(entities_json)
        except ValueError:
            return None  # Telegram ignores unparsable entities
        if not isinstance(value, list):
            return None
        result = []
        for entity in value:
            if not isinstance(entity, dict):
                raise _ApiError(400, "Bad Request: can't parse MessageEntity: expected an Object")
            for key in ("offset", "length", "type"):
                if key not in entity:
                    raise _ApiError(
                        400, f"Bad Request: can't parse MessageEntity: Can't find field \"{key}\""
                    )
            if not isinstance(entity["offset"], int) or not isinstance(entity["length"], int):
                raise _ApiError(
                    400, "Bad Request: can't parse MessageEntity: offset and length must be Numbers"
                )
            if entity["length"] > 0 and entity["offset"] >= 0:
                result.append(entity)
        return result

    def _check_flood(self, chat_id: int) -> None:
        if self.flood_limit is None:
            return
        now = time.monotonic()
        window = self._flood.setdefault(chat_id, deque())
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.flood_limit:
            retry_after = max(1, math.ceil(window[0] + 1.0 - now))
            raise self._too_many_requests(retry_after)
        window.append(now)
