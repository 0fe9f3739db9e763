"""The user's side of the fake: the updates a test sends as readers (messages, edits, files,
taps, inline queries), queued for ``getUpdates``."""

from __future__ import annotations

import asyncio
import copy
import time
from typing import Any

from tests.e2e.fake_bot_api.limits import (
    _BOT_COMMAND_IN_TEXT_RE,
    _UPDATE_TYPES,
    MAX_MESSAGE_LENGTH,
)
from tests.e2e.fake_bot_api.records import (
    _Signal,
    _StoredMessage,
)
from tests.e2e.fake_bot_api.text import (
    _clean_and_trim,
    _TextError,
    utf16_len,
)
from tests.e2e.fake_files import FakeFiles


class UserSide:
    """What readers do, as updates queued for the bot; mixed into ``FakeBotApi``, whose
    ``__init__`` sets the state declared here."""

    _callback_queries: dict[str, bool]
    """Callback query id -> answered."""
    _chats: dict[int, dict[str, Any]]
    _held: dict[int, asyncio.Event]
    _inline_queries: dict[str, bool]
    _messages: dict[tuple[int, int], _StoredMessage]
    _next_message_id: dict[int, int]
    _next_query_id: int
    _next_update_id: int
    _pending: list[dict[str, Any]]
    _updates_signal: _Signal
    _users: dict[int, dict[str, Any]]
    allowed_updates: frozenset[str]
    callback_sent_at: dict[str, float]
    files: FakeFiles
    filtered_updates: list[dict[str, Any]]

    def hold(self, chat_id: int) -> None:
        """Keep every ``sendMessage`` to ``chat_id`` waiting until :meth:`release` (a slow
        link to one chat); a held request is in :attr:`in_flight`, and waits at most
        ``HOLD_LIMIT`` seconds."""
        self._held.setdefault(chat_id, asyncio.Event())

    def release(self, chat_id: int) -> None:
        """Let the ``sendMessage`` requests held for ``chat_id`` go on."""
        held = self._held.pop(chat_id, None)
        if held is not None:
            held.set()

    def add_chat(
        self,
        chat_id: int,
        *,
        chat_type: str = "private",
        first_name: str = "Reader",
        title: str | None = None,
    ) -> dict[str, Any]:
        """Make a chat known (as if its user had started the bot) and return its Chat JSON."""
        if chat_type == "private":
            if chat_id <= 0:
                raise ValueError("private chat ids are the user's id and positive")
            chat: dict[str, Any] = {"id": chat_id, "type": "private", "first_name": first_name}
        elif chat_type in ("group", "supergroup", "channel"):
            if chat_id >= 0:
                raise ValueError(f"{chat_type} chat ids are negative in the Bot API")
            chat = {"id": chat_id, "type": chat_type, "title": title or f"Test {chat_type}"}
        else:
            raise ValueError(f"unknown chat type {chat_type!r}")
        self._chats[chat_id] = chat
        return chat

    def _user(self, user_id: int, first_name: str) -> dict[str, Any]:
        if user_id <= 0:
            raise ValueError("user ids are positive")
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}
        self._users[user_id] = user
        return user

    def _base_message(
        self, chat_id: int, user_id: int, chat_type: str, first_name: str
    ) -> dict[str, Any]:
        if chat_type == "private" and chat_id != user_id:
            raise ValueError("in a private chat, chat_id must equal user_id")
        chat = self._chats.get(chat_id)
        if chat is None or chat["type"] != chat_type:
            chat = self.add_chat(chat_id, chat_type=chat_type, first_name=first_name)
        message_id = self._new_message_id(chat_id)
        return {
            "message_id": message_id,
            "from": self._user(user_id, first_name),
            "chat": chat,
            "date": int(time.time()),
        }

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _store_user_message(self, message: dict[str, Any]) -> None:
        chat_id = int(message["chat"]["id"])
        self._messages[(chat_id, int(message["message_id"]))] = _StoredMessage(
            chat_id=chat_id,
            message_id=int(message["message_id"]),
            from_bot=False,
            message=message,
            text=message.get("text"),
            entities=list(message.get("entities", [])),
            reply_markup=None,
        )

    def _reply_target(self, chat_id: int, message_id: int | None) -> dict[str, Any] | None:
        if message_id is None:
            return None
        stored = self._messages.get((chat_id, message_id))
        if stored is None:
            raise ValueError(f"no message {message_id} in chat {chat_id} to reply to")
        return {k: v for k, v in stored.message.items() if k != "reply_to_message"}

    def send_text(
        self,
        text: str,
        *,
        chat_id: int = 1001,
        user_id: int = 1001,
        chat_type: str = "private",
        first_name: str = "Reader",
        reply_to_message_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> int:
        """Queue a text message update as a user would send it; return its ``update_id``.

        Like Telegram, the text is cleaned and trimmed first (``\r`` and U+2028..U+202E
        removed, other control characters turned into spaces, leading and trailing spaces and
        newlines dropped). Bot commands (``/start``, ``/ask@report_test_bot x``) get
        ``bot_command`` entities automatically unless ``entities`` is given.
        """
        text, entities = self._user_text(text, entities)
        message = self._base_message(chat_id, user_id, chat_type, first_name)
        message["text"] = text
        if entities:
            message["entities"] = entities
        reply_to = self._reply_target(chat_id, reply_to_message_id)
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self._store_user_message(message)
        return self.push_update({"message": message})

    @staticmethod
    def _user_text(
        text: str, entities: list[dict[str, Any]] | None
    ) -> tuple[str, list[dict[str, Any]]]:
        try:
            plain, fixed = _clean_and_trim(text, copy.deepcopy(entities or []))
        except _TextError:
            raise ValueError("Telegram users cannot send empty messages") from None
        if utf16_len(plain) > MAX_MESSAGE_LENGTH:
            raise ValueError("Telegram users cannot send messages over 4096 UTF-16 units")
        if entities is None:
            fixed = [
                {
                    "type": "bot_command",
                    "offset": utf16_len(plain[: m.start()]),
                    "length": utf16_len(m.group()),
                }
                for m in _BOT_COMMAND_IN_TEXT_RE.finditer(plain)
            ]
        return plain, fixed

    def send_edited_text(
        self,
        message_id: int,
        text: str,
        *,
        chat_id: int = 1001,
        user_id: int = 1001,
    ) -> int:
        """Queue an ``edited_message`` update for one of the user's earlier text messages."""
        stored = self._messages.get((chat_id, message_id))
        if stored is None or stored.from_bot:
            raise ValueError(f"user message {message_id} not found in chat {chat_id}")
        if stored.message["from"]["id"] != user_id:
            raise ValueError("users can only edit their own messages")
        if stored.text is None:
            raise ValueError(f"message {message_id} has no text to edit")
        text, commands = self._user_text(text, None)
        message = copy.deepcopy(stored.message)
        message["text"] = text
        message["edit_date"] = int(time.time())
        message.pop("entities", None)
        if commands:
            message["entities"] = commands
        stored.message = message
        stored.text = text
        stored.entities = commands
        return self.push_update({"edited_message": message})

    def send_message(
        self,
        fields: dict[str, Any],
        *,
        chat_id: int = 1001,
        user_id: int = 1001,
        chat_type: str = "private",
        first_name: str = "Reader",
    ) -> int:
        """Queue a message update whose content is ``fields`` (e.g. ``{"sticker": {...}}``)."""
        message = self._base_message(chat_id, user_id, chat_type, first_name)
        message.update(copy.deepcopy(fields))
        self._store_user_message(message)
        return self.push_update({"message": message})

    def send_sticker(
        self, *, chat_id: int = 1001, user_id: int = 1001, emoji: str = "\U0001f44d"
    ) -> int:
        """Queue a sticker message."""
        sticker = {
            "file_id": "CAACAgIAAxkBAAEBfakeStickerFileId",
            "file_unique_id": "AgADfakeSticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self.send_message({"sticker": sticker}, chat_id=chat_id, user_id=user_id)

    def send_photo(
        self, *, chat_id: int = 1001, user_id: int = 1001, caption: str | None = None
    ) -> int:
        """Queue a photo message (optionally with a caption)."""
        sizes = [
            {
                "file_id": f"AgACAgIAAxkBAAEBfakePhoto{w}",
                "file_unique_id": f"AQADfakePhoto{w}",
                "width": w,
                "height": w * 3 // 4,
                "file_size": w * 100,
            }
            for w in (90, 320, 800)
        ]
        fields: dict[str, Any] = {"photo": sizes}
        if caption:
            fields["caption"] = caption
        return self.send_message(fields, chat_id=chat_id, user_id=user_id)

    def send_voice(self, *, chat_id: int = 1001, user_id: int = 1001, duration: int = 3) -> int:
        """Queue a voice message."""
        voice = {
            "file_id": "AwACAgIAAxkBAAEBfakeVoice",
            "file_unique_id": "AgADfakeVoice",
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": 4096,
        }
        return self.send_message({"voice": voice}, chat_id=chat_id, user_id=user_id)

    def send_document(
        self,
        data: bytes,
        file_name: str,
        *,
        mime_type: str | None = None,
        chat_id: int = 1001,
        user_id: int = 1001,
        chat_type: str = "private",
        caption: str | None = None,
        size: int | None = None,
    ) -> int:
        """Queue a message with a document (a file sent as a file); ``size`` claims another
        ``file_size`` than ``len(data)``, for a file too big to hold in a test."""
        fields: dict[str, Any] = {"document": self.files.document(data, file_name, mime_type, size)}
        if caption:
            fields["caption"] = caption
        return self.send_message(fields, chat_id=chat_id, user_id=user_id, chat_type=chat_type)

    def send_callback_query(
        self,
        data: str,
        *,
        message_id: int,
        chat_id: int = 1001,
        user_id: int = 1001,
        require_button: bool = True,
    ) -> int:
        """Queue a ``callback_query`` as if the user pressed a button of a bot message.

        The message must be one the bot sent to ``chat_id``; with ``require_button`` it must
        currently carry a button with this ``callback_data`` (as only such presses exist).
        """
        stored = self._messages.get((chat_id, message_id))
        if stored is None or not stored.from_bot:
            raise ValueError(f"bot message {message_id} not found in chat {chat_id}")
        if require_button:
            datas = [
                button.get("callback_data")
                for row in (stored.reply_markup or {}).get("inline_keyboard", [])
                for button in row
            ]
            if data not in datas:
                raise ValueError(
                    f"message {message_id} has no button with callback_data {data!r}: {datas}"
                )
        chat = self._chats[chat_id]
        first_name = self._users.get(user_id, {}).get("first_name", "Reader")
        query_id = self._new_query_id()
        self._callback_queries[query_id] = False
        self.callback_sent_at[query_id] = time.monotonic()  # the clock of loop.time()
        update = {
            "callback_query": {
                "id": query_id,
                "from": self._user(user_id, first_name),
                "message": copy.deepcopy(stored.message),
                "chat_instance": str(-(abs(chat["id"]) * 7919 + 13)),
                "data": data,
            }
        }
        return self.push_update(update)

    def send_inline_query(self, query: str, *, user_id: int = 1001, offset: str = "") -> int:
        """Queue an ``inline_query`` update."""
        first_name = self._users.get(user_id, {}).get("first_name", "Reader")
        query_id = self._new_query_id()
        self._inline_queries[query_id] = False
        update = {
            "inline_query": {
                "id": query_id,
                "from": self._user(user_id, first_name),
                "query": query,
                "offset": offset,
                "chat_type": "sender",
            }
        }
        return self.push_update(update)

    def _new_query_id(self) -> str:
        query_id = str(self._next_query_id)
        self._next_query_id += 1
        return query_id

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (one update type key), assigning and returning its ``update_id``.

        Like Telegram, an update whose type the bot excluded with ``allowed_updates`` is never
        queued: it goes to :attr:`filtered_updates` and 0 is returned.
        """
        kinds = [key for key in update if key != "update_id"]
        if len(kinds) != 1 or kinds[0] not in _UPDATE_TYPES:
            raise ValueError(f"an update has exactly one known update type, got {kinds}")
        if kinds[0] not in self.allowed_updates:
            self.filtered_updates.append(copy.deepcopy(update))
            return 0
        update_id = self._next_update_id
        self._next_update_id += 1
        self._pending.append({"update_id": update_id, kinds[0]: copy.deepcopy(update[kinds[0]])})
        self._updates_signal.notify()
        return update_id
