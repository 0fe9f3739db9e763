"""The fake Bot API server: what the user's side sends, what the bot calls, what tests inspect."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import email.parser
import email.policy
import json
import math
import random
import re
import time
import traceback
from collections import deque
from types import TracebackType
from typing import Any, Final, Self
from urllib.parse import parse_qsl, unquote_plus

from aiohttp import web

from tests.e2e.fake_bot_api.limits import (
    _BAD_GATEWAY_HTML,
    _BAD_REPLY_PARAMETERS,
    _BOT_COMMAND_IN_TEXT_RE,
    _BUTTON_ACTION_FIELDS,
    _CHAT_ACTIONS,
    _COMMAND_RE,
    _DEFAULT_ALLOWED_UPDATES,
    _INLINE_RESULT_TYPES,
    _NOT_MODIFIED,
    _QUERY_TOO_OLD,
    _SECRET_TOKEN_RE,
    _STRICT,
    _TOKEN_RE,
    _UPDATE_TYPES,
    HOLD_LIMIT,
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_CALLBACK_DATA_BYTES,
    MAX_INLINE_RESULTS,
    MAX_LONG_POLL_SECONDS,
    MAX_MESSAGE_LENGTH,
    STATUS_CLIENT_GONE,
    STATUS_DROPPED,
    SUPPORTED_METHODS,
)
from tests.e2e.fake_bot_api.records import (
    ApiCall,
    Faults,
    SentMessage,
    _ApiError,
    _decode_params,
    _DropConnectionError,
    _dumps,
    _Handler,
    _normalise_markup,
    _Ok,
    _Signal,
    _StoredMessage,
    _to_int,
)
from tests.e2e.fake_bot_api.text import (
    _checked_link,
    _clean_and_trim,
    _format_text,
    _TextError,
    utf16_len,
)
from tests.e2e.fake_files import FakeFiles, FileApiError


class FakeBotApi:
    """A strict, local, in-process fake of the Telegram Bot API (see the module docstring).

    Use it as ``async with FakeBotApi(token) as api:`` and give python-telegram-bot
    ``base_url=api.base_url``. Every wait it offers is bounded.
    """

    def __init__(
        self,
        token: str,
        *,
        bot_username: str = "report_test_bot",
        faults: Faults | None = None,
        strict: bool = True,
        flood_limit: int | None = None,
    ) -> None:
        """Create the fake (not yet listening; see :meth:`start`).

        ``strict`` adds the extra checks described in the module docstring. ``flood_limit``
        is the number of ``sendMessage`` and edit calls per second one chat accepts before
        answering 429 (``None``: no flood control).
        """
        if not _TOKEN_RE.fullmatch(token):
            raise ValueError("token must look like a Telegram bot token: '<digits>:<30+ chars>'")
        self.token: Final = token
        self.bot_username: Final = bot_username
        self.bot_id: Final = int(token.split(":", 1)[0])
        self.strict = strict
        self.flood_limit = flood_limit

        self.sent: list[SentMessage] = []
        self.calls: list[ApiCall] = []
        self.rejected: list[ApiCall] = []
        self.deliveries: dict[int, int] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.inline_answers: list[dict[str, Any]] = []
        self.chat_actions: list[dict[str, Any]] = []
        self.filtered_updates: list[dict[str, Any]] = []
        self.internal_errors: list[str] = []
        self.in_flight: list[ApiCall] = []
        self.webhook_url = ""
        self.allowed_updates: frozenset[str] = _DEFAULT_ALLOWED_UPDATES
        self.files = FakeFiles()
        """Files users sent (:meth:`send_document`), served by ``getFile`` and downloads."""

        self.callback_sent_at: dict[str, float] = {}
        """When each callback query was queued (``time.monotonic``), by its id."""
        self._held: dict[int, asyncio.Event] = {}
        self._faults = faults
        self._rng = random.Random(faults.seed if faults else 0)
        self._down = False
        self._revoked = False
        self._revoked_status = 401
        self._pending: list[dict[str, Any]] = []
        self._next_update_id = 700_000_001
        self._poll_generation = 0
        self._poll_abort_message = ""
        self._polls_waiting = 0
        self._chats: dict[int, dict[str, Any]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._next_message_id: dict[int, int] = {}
        self._messages: dict[tuple[int, int], _StoredMessage] = {}
        self._callback_queries: dict[str, bool] = {}  # id -> answered
        self._inline_queries: dict[str, bool] = {}
        self._next_query_id = 4_117_000_000_000_000_001
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._last_commands: list[dict[str, str]] | None = None
        self._flood: dict[int, deque[float]] = {}
        self._raw_requests: list[tuple[str, str, str]] = []
        self._updates_signal = _Signal()
        self._record_signal = _Signal()
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._methods: dict[str, tuple[str, _Handler]] = {}
        handlers: dict[str, _Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "sendChatAction": self._send_chat_action,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "getFile": self._get_file,
            "close": self._close,
            "logOut": self._close,
        }
        for name in SUPPORTED_METHODS:
            self._methods[name.lower()] = (name, handlers[name])

    # ---------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Start listening on 127.0.0.1 on a free port."""
        if self._runner is not None:
            raise RuntimeError("FakeBotApi is already started")
        self._stopping = False
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._download)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown_path)
        runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        address = runner.addresses[0]
        self._port = int(address[1])

    async def stop(self) -> None:
        """Stop the server, releasing any pending long poll first. Idempotent."""
        self._stopping = True
        self._updates_signal.notify()
        self._record_signal.notify()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port the fake listens on."""
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/bot``; python-telegram-bot appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def api_url(self) -> str:
        """``base_url`` with the token: append ``/<method>`` to call the API directly."""
        return f"{self.base_url}{self.token}"

    # ---------------------------------------------------------------- control

    def set_faults(self, faults: Faults | None) -> None:
        """Replace the injected faults (``None``: none) and reseed the random generator."""
        self._faults = faults
        self._rng = random.Random(faults.seed if faults else 0)

    def down(self, is_down: bool = True) -> None:
        """While down, every request is answered ``502 Bad Gateway`` (an nginx HTML page)."""
        self._down = is_down

    def revoke(self, revoked: bool = True, status: int = 401) -> None:
        """While revoked, the bot's own token is answered ``401 Unauthorized``, as after
        /revoke in @BotFather (or ``404 Not Found`` with ``status=404``, as a proxy in front
        of the Bot API that lost its route); ``revoke(False)`` accepts it again. A
        ``sendMessage`` held (:meth:`hold`) when the token is revoked is refused as it is
        released, as a request in flight would be."""
        self._revoked = revoked
        self._revoked_status = status

    def set_flood_limit(self, limit: int | None) -> None:
        """Allow at most ``limit`` ``sendMessage`` per second per chat (``None``: unlimited)."""
        if limit is not None and limit < 1:
            raise ValueError("limit must be at least 1")
        self.flood_limit = limit
        self._flood.clear()

    # ---------------------------------------------------------------- the user's side

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

    # ---------------------------------------------------------------- inspection

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (delivered or not)."""
        return copy.deepcopy(self._pending)

    @property
    def commands(self) -> list[dict[str, str]] | None:
        """The command list of the last successful ``setMyCommands`` (``None`` if never)."""
        return copy.deepcopy(self._last_commands)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current Message JSON of a stored message (after edits), or ``None``."""
        stored = self._messages.get((chat_id, message_id))
        return copy.deepcopy(stored.message) if stored else None

    def message_ids(self, chat_id: int, *, from_bot: bool | None = None) -> list[int]:
        """Ids of the stored messages of a chat, ascending (only the bot's or the user's)."""
        return sorted(
            m.message_id
            for m in self._messages.values()
            if m.chat_id == chat_id and (from_bot is None or m.from_bot == from_bot)
        )

    @property
    def polling(self) -> bool:
        """Whether a ``getUpdates`` long poll is waiting for updates right now."""
        return self._polls_waiting > 0

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        """The :attr:`sent` records for one chat."""
        return [s for s in self.sent if s.chat_id == chat_id]

    def calls_to(self, method: str) -> list[ApiCall]:
        """The :attr:`calls` to ``method`` (any case)."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def requests_containing(self, needle: str, *, include_path: bool = False) -> list[str]:
        """Raw requests whose query string or body contains ``needle``.

        Bodies are searched both raw and URL-decoded. The path (which always contains the
        token) is searched only with ``include_path``. Each hit is returned as
        ``"<request line>\\n<body>"``.
        """
        hits: list[str] = []
        for line, query, body in self._raw_requests:
            haystacks = [query, body, unquote_plus(query), unquote_plus(body)]
            if include_path:
                haystacks.append(line)
            if any(needle in h for h in haystacks):
                hits.append(f"{line}\n{body}")
        return hits

    async def wait_for_sent(
        self, count: int, *, chat_id: int | None = None, timeout: float = 10.0
    ) -> list[SentMessage]:
        """Wait until at least ``count`` messages were sent (to ``chat_id``); return them all.

        Raises :class:`TimeoutError` describing what was sent and rejected instead.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            matching = [s for s in self.sent if chat_id is None or s.chat_id == chat_id]
            if len(matching) >= count:
                return matching
            remaining = deadline - loop.time()
            if remaining <= 0 or self._stopping:
                target = "" if chat_id is None else f" to chat {chat_id}"
                raise TimeoutError(
                    f"expected {count} sent message(s){target} within {timeout}s, got "
                    f"{len(matching)}: {[s.plain_text[:80] for s in matching]}; "
                    f"{self._diagnostics()}"
                )
            await self._record_signal.wait(remaining)

    async def wait_for_call(self, method: str, *, timeout: float = 10.0) -> ApiCall:
        """Wait for the first completed call to ``method`` (any case) and return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for call in self.calls:
                if call.method.lower() == method.lower():
                    return call
            remaining = deadline - loop.time()
            if remaining <= 0 or self._stopping:
                raise TimeoutError(f"no call to {method} within {timeout}s; {self._diagnostics()}")
            await self._record_signal.wait(remaining)

    async def wait_for_poll(self, *, timeout: float = 10.0) -> None:
        """Wait until the bot is long-polling (a ``getUpdates`` is waiting for updates).

        Completed calls only reach :attr:`calls` when answered, so a waiting long poll is
        visible here and in :attr:`in_flight` only.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.polling:
            remaining = deadline - loop.time()
            if remaining <= 0 or self._stopping:
                raise TimeoutError(
                    f"the bot did not long-poll within {timeout}s; {self._diagnostics()}"
                )
            await self._record_signal.wait(remaining)

    def _diagnostics(self) -> str:
        methods = [c.method for c in self.calls[-15:]]
        rejected = [(c.method, c.status, c.description) for c in self.rejected[-5:]]
        text = f"last calls: {methods}; last rejected: {rejected}"
        if self.internal_errors:
            text += f"; FAKE INTERNAL ERRORS: {self.internal_errors[-3:]}"
        return text

    # ---------------------------------------------------------------- HTTP

    async def _download(self, request: web.Request) -> web.StreamResponse:
        """``GET /file/bot<token>/<file_path>``: a file's bytes, as Telegram serves them."""
        token = request.match_info["token"]
        known = token == self.token
        data = self.files.download(request.match_info["path"]) if known else None
        if data is None:
            return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        return web.Response(body=data, content_type="application/octet-stream")

    async def _get_file(self, raw: dict[str, str]) -> Any:
        file_id = raw.get("file_id", "")
        if not file_id:
            raise _ApiError(400, "Bad Request: file_id is empty")
        try:
            return self.files.get_file(file_id)
        except FileApiError as error:
            raise _ApiError(error.status, error.description) from None

    async def _handle_unknown_path(self, request: web.Request) -> web.StreamResponse:
        await request.read()
        return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    @staticmethod
    def _json(status: int, payload: dict[str, Any]) -> web.Response:
        return web.json_response(payload, status=status, dumps=_dumps)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        loop = asyncio.get_running_loop()
        started = loop.time()
        token = request.match_info["token"]
        requested_method = request.match_info["method"]
        known = self._methods.get(requested_method.lower())
        method = known[0] if known else requested_method
        call = ApiCall(
            method=method,
            params={},
            status=STATUS_CLIENT_GONE,
            response=None,
            http_method=request.method,
            started_at=started,
        )
        self.in_flight.append(call)
        try:
            body = await request.read()
            query = request.query_string
            self._raw_requests.append(
                (f"{request.method} {request.path}", query, body.decode("utf-8", "replace"))
            )
            try:
                raw = self._read_params(request, body)
                call.params = _decode_params(raw)
            except _ApiError as exc:
                raw = {}
                error: _ApiError | None = exc
            else:
                error = None
            response = await self._answer(call, token, known, raw, error)
        except _DropConnectionError:
            call.status = STATUS_DROPPED
            call.fault = call.fault or "drop"
            transport = request.transport
            if transport is not None:
                transport.abort()
            return web.Response(status=200)
        except asyncio.CancelledError:
            call.status = STATUS_CLIENT_GONE
            raise
        except Exception:
            self.internal_errors.append(traceback.format_exc())
            payload = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
            call.status, call.response = 500, payload
            response = self._json(500, payload)
        finally:
            call.finished_at = loop.time()
            self.in_flight.remove(call)
            self.calls.append(call)
            if call.status not in (200, STATUS_DROPPED, STATUS_CLIENT_GONE):
                self.rejected.append(call)
            self._record_signal.notify()
        return response

    async def _answer(
        self,
        call: ApiCall,
        token: str,
        known: tuple[str, _Handler] | None,
        raw: dict[str, str],
        error: _ApiError | None,
    ) -> web.Response:
        if self._down:
            call.status, call.fault = 502, "down"
            return web.Response(status=502, text=_BAD_GATEWAY_HTML, content_type="text/html")
        if not _TOKEN_RE.fullmatch(token):
            return self._error(call, _ApiError(404, "Not Found"))
        if token != self.token:
            return self._error(call, _ApiError(401, "Unauthorized"))
        if self._revoked:
            return self._error(call, self._revoked_error())
        if known is None:
            return self._error(call, _ApiError(404, "Not Found"))
        faults = self._faults
        if faults is not None and faults.applies_to(call.method):
            if faults.delay > 0:
                await asyncio.sleep(faults.delay)
            draw = self._rng.random()
            if draw < faults.drop_rate:
                call.fault = "drop"
                raise _DropConnectionError
            if draw < faults.drop_rate + faults.error_rate:
                call.fault = "error"
                if self._rng.random() < 0.5:
                    return self._error(call, _ApiError(500, "Internal Server Error"))
                call.status = 502
                return web.Response(status=502, text=_BAD_GATEWAY_HTML, content_type="text/html")
            if draw < faults.drop_rate + faults.error_rate + faults.rate_limit_rate:
                call.fault = "rate_limit"
                return self._error(call, self._too_many_requests(faults.retry_after))
        if error is not None:
            return self._error(call, error)
        try:
            outcome = await known[1](raw)
        except _ApiError as exc:
            if exc.status == 429:
                call.fault = "flood"
            return self._error(call, exc)
        ok = outcome if isinstance(outcome, _Ok) else _Ok(outcome)
        payload: dict[str, Any] = {"ok": True, "result": ok.result}
        if ok.description:
            payload["description"] = ok.description
        call.status, call.response = 200, payload
        return self._json(200, payload)

    def _error(self, call: ApiCall, error: _ApiError) -> web.Response:
        payload: dict[str, Any] = {
            "ok": False,
            "error_code": error.status,
            "description": error.description,
        }
        if error.parameters:
            payload["parameters"] = error.parameters
        call.status, call.response = error.status, payload
        return self._json(error.status, payload)

    def _revoked_error(self) -> _ApiError:
        if self._revoked_status == 404:
            return _ApiError(404, "Not Found")
        return _ApiError(401, "Unauthorized")

    @staticmethod
    def _too_many_requests(retry_after: int) -> _ApiError:
        return _ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    @staticmethod
    def _read_params(request: web.Request, body: bytes) -> dict[str, str]:
        """Parameters from the query string and a urlencoded, multipart or JSON body."""
        params: dict[str, str] = dict(request.query)
        if not body:
            return params
        content_type = request.content_type.lower()
        try:
            if content_type == "application/json":
                obj = json.loads(body.decode("utf-8"))
                if not isinstance(obj, dict):
                    raise _ApiError(400, "Bad Request: JSON object expected")
                for key, value in obj.items():
                    if value is None:
                        continue
                    params[str(key)] = (
                        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    )
            elif content_type == "multipart/form-data":
                header = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
                message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                    header + body
                )
                for part in message.iter_parts():
                    name = part.get_param("name", header="content-disposition")
                    if not isinstance(name, str):
                        continue
                    payload = part.get_payload(decode=True)
                    if part.get_filename() is not None:
                        params[name] = f"<file {part.get_filename()}>"
                    elif isinstance(payload, bytes):
                        params[name] = payload.decode("utf-8")
            else:
                pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict")
                params.update(pairs)
        except UnicodeDecodeError:
            raise _ApiError(400, "Bad Request: strings must be encoded in UTF-8") from None
        except ValueError:
            raise _ApiError(400, "Bad Request: can't parse JSON object") from None
        return params

    # ---------------------------------------------------------------- argument helpers

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
        try:
            markup = json.loads(text)
        except ValueError:
            raise _ApiError(
                400, "Bad Request: can't parse reply keyboard markup JSON object"
            ) from None
        if not isinstance(markup, dict):
            raise _ApiError(400, "Bad Request: object expected as reply markup")
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

    # ---------------------------------------------------------------- methods

    async def _get_me(self, raw: dict[str, str]) -> Any:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Report Test Bot",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _close(self, raw: dict[str, str]) -> Any:
        return True

    def _update_allowed(self, raw: dict[str, str]) -> None:
        text = raw.get("allowed_updates", "")
        if not text:
            return
        try:
            value = json.loads(text)
        except ValueError:
            return
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return
        chosen = frozenset(v.lower() for v in value) & frozenset(_UPDATE_TYPES)
        self.allowed_updates = chosen or _DEFAULT_ALLOWED_UPDATES

    def _take_updates(self, offset: int, limit: int) -> list[dict[str, Any]]:
        if self._pending and offset > self._pending[0]["update_id"]:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        return [u for u in self._pending if u["update_id"] >= offset][:limit]

    def _abort_long_poll(self, message: str) -> int:
        """Answer a waiting long poll with 409 ``message``; return the new poll generation."""
        self._poll_generation += 1
        self._poll_abort_message = message
        self._updates_signal.notify()
        return self._poll_generation

    async def _get_updates(self, raw: dict[str, str]) -> Any:
        if self.webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = self._int_arg(raw, "offset", 0, -(2**31), 2**31 - 1)
        limit = self._int_arg(raw, "limit", 100, 1, 100)
        timeout = self._int_arg(raw, "timeout", 0, 0, MAX_LONG_POLL_SECONDS)
        self._update_allowed(raw)
        if offset < 0:
            self._pending = self._pending[offset:]
        head = self._pending[0]["update_id"] if self._pending else self._next_update_id
        if offset <= 0 or offset > self._next_update_id + 10:
            # Telegram ignores offsets far in the future and reads from the queue head.
            offset = head
        updates = self._take_updates(offset, limit)
        if not updates and timeout > 0:
            generation = self._abort_long_poll(
                "Conflict: terminated by other getUpdates request; make sure that only one bot "
                "instance is running"
            )
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            self._polls_waiting += 1
            self._record_signal.notify()
            try:
                while not updates and not self._stopping:
                    remaining = deadline - loop.time()
                    if remaining <= 0:
                        break
                    await self._updates_signal.wait(remaining)
                    if generation != self._poll_generation:
                        raise _ApiError(409, self._poll_abort_message)
                    updates = self._take_updates(offset, limit)
            finally:
                self._polls_waiting -= 1
        for update in updates:
            self.deliveries[update["update_id"]] = self.deliveries.get(update["update_id"], 0) + 1
        return copy.deepcopy(updates)

    async def _set_webhook(self, raw: dict[str, str]) -> Any:
        url = raw.get("url", "")
        if not url:
            return await self._delete_webhook(raw)
        if not url.lower().startswith("https://"):
            raise _ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        secret = raw.get("secret_token", "")
        if secret and not _SECRET_TOKEN_RE.fullmatch(secret):
            raise _ApiError(400, "Bad Request: secret token contains unallowed characters")
        self._update_allowed(raw)
        if self._bool_arg(raw, "drop_pending_updates"):
            self._pending.clear()
        already = self.webhook_url == url
        self.webhook_url = url
        self._abort_long_poll("Conflict: terminated by setWebhook request")
        return _Ok(True, "Webhook is already set" if already else "Webhook was set")

    async def _delete_webhook(self, raw: dict[str, str]) -> Any:
        if self._bool_arg(raw, "drop_pending_updates"):
            self._pending.clear()
        was_set = bool(self.webhook_url)
        self.webhook_url = ""
        return _Ok(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    async def _get_webhook_info(self, raw: dict[str, str]) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url and self.allowed_updates != _DEFAULT_ALLOWED_UPDATES:
            info["allowed_updates"] = sorted(self.allowed_updates)
        return info

    def _command_scope_key(self, raw: dict[str, str]) -> tuple[str, str]:
        scope_text = raw.get("scope", "")
        scope: Any = {"type": "default"}
        if scope_text:
            try:
                scope = json.loads(scope_text)
            except ValueError:
                raise _ApiError(
                    400, "Bad Request: can't parse BotCommandScope JSON object"
                ) from None
            if not isinstance(scope, dict):
                raise _ApiError(
                    400,
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
            for key in ("command", "description"):
                if key not in item:
                    raise _ApiError(400, prefix + f'Can\'t find field "{key}"')
                if not isinstance(item[key], str):
                    raise _ApiError(400, prefix + f'Field "{key}" must be of type String')
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

    def _reply_parameters(
        self, raw: dict[str, str], chat_id: int
    ) -> tuple[int | None, dict[str, Any] | None]:
        reply: dict[str, Any] | None = None
        text = raw.get("reply_parameters", "")
        if text:
            try:
                parsed = json.loads(text)
            except ValueError:
                raise _ApiError(400, _BAD_REPLY_PARAMETERS) from None
            if not isinstance(parsed, dict) or not isinstance(parsed.get("message_id"), int):
                raise _ApiError(400, _BAD_REPLY_PARAMETERS)
            reply = parsed
        elif raw.get("reply_to_message_id"):
            reply = {
                "message_id": _to_int(raw["reply_to_message_id"]) or 0,
                "allow_sending_without_reply": self._bool_arg(raw, "allow_sending_without_reply"),
            }
        if reply is None:
            return None, None
        message_id = int(reply["message_id"])
        if (chat_id, message_id) in self._messages:
            return message_id, reply
        if reply.get("allow_sending_without_reply"):
            return None, reply
        raise _ApiError(400, "Bad Request: message to be replied not found")

    async def _send_message(self, raw: dict[str, str]) -> Any:
        held = self._held.get(self._resolve_chat(raw))
        if held is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(held.wait(), HOLD_LIMIT)
            if self._revoked:
                raise self._revoked_error()
        plain, entities = self._format(raw)
        markup = self._parse_reply_markup(raw)
        chat_id = self._resolve_chat(raw)
        reply_to, reply_parameters = self._reply_parameters(raw, chat_id)
        self._check_flood(chat_id)
        message_id = self._new_message_id(chat_id)
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": self._bot_user(),
            "chat": self._chats[chat_id],
            "date": int(time.time()),
            "text": plain,
        }
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            target = self._reply_target(chat_id, reply_to)
            assert target is not None
            message["reply_to_message"] = target
        inline_markup = markup if markup and "inline_keyboard" in markup else None
        if inline_markup:
            message["reply_markup"] = inline_markup
        self._messages[(chat_id, message_id)] = _StoredMessage(
            chat_id, message_id, True, message, plain, entities, inline_markup
        )
        self._record_sent("sendMessage", raw, chat_id, message_id, plain, entities, markup)
        self.sent[-1].reply_to_message_id = reply_to
        self.sent[-1].reply_parameters = reply_parameters
        return copy.deepcopy(message)

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Report Test Bot",
            "username": self.bot_username,
        }

    def _record_sent(
        self,
        method: str,
        raw: dict[str, str],
        chat_id: int,
        message_id: int,
        plain: str,
        entities: list[dict[str, Any]],
        markup: dict[str, Any] | None,
    ) -> None:
        self.sent.append(
            SentMessage(
                method=method,
                chat_id=chat_id,
                message_id=message_id,
                text=raw.get("text", ""),
                plain_text=plain,
                parse_mode=raw.get("parse_mode") or None,
                entities=copy.deepcopy(entities),
                reply_markup=copy.deepcopy(markup),
                reply_to_message_id=None,
                reply_parameters=None,
                params=_decode_params(raw),
                date=int(time.time()),
            )
        )
        self._record_signal.notify()

    def _editable(self, raw: dict[str, str]) -> _StoredMessage:
        """The bot's message an edit names, or Telegram's error for why it cannot be edited."""
        if not raw.get("chat_id") and not raw.get("message_id"):
            if not raw.get("inline_message_id"):
                raise _ApiError(400, "Bad Request: message identifier is not specified")
            raise _ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        chat_id = self._resolve_chat(raw)
        message_id = _to_int(raw.get("message_id", "")) or 0
        stored = self._messages.get((chat_id, message_id))
        if stored is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        if not stored.from_bot:
            raise _ApiError(400, "Bad Request: message can't be edited")
        return stored

    async def _edit_message_text(self, raw: dict[str, str]) -> Any:
        plain, entities = self._format(raw)
        markup = self._parse_reply_markup(raw)
        stored = self._editable(raw)
        if stored.text is None:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        inline_markup = markup if markup and "inline_keyboard" in markup else None
        if (
            stored.text == plain
            and _normalise_markup(stored.entities) == _normalise_markup(entities)
            and _normalise_markup(stored.reply_markup) == _normalise_markup(inline_markup)
        ):
            raise _ApiError(400, _NOT_MODIFIED)
        self._check_flood(stored.chat_id)
        message = copy.deepcopy(stored.message)
        message["text"] = plain
        message["edit_date"] = int(time.time())
        message.pop("entities", None)
        message.pop("reply_markup", None)
        if entities:
            message["entities"] = entities
        if inline_markup:
            message["reply_markup"] = inline_markup
        stored.message, stored.text = message, plain
        stored.entities, stored.reply_markup = entities, inline_markup
        self._record_sent(
            "editMessageText", raw, stored.chat_id, stored.message_id, plain, entities, markup
        )
        return copy.deepcopy(message)

    async def _edit_message_reply_markup(self, raw: dict[str, str]) -> Any:
        """Only the keyboard changes; without ``reply_markup`` it is removed. Like Telegram,
        the message is not marked edited (no ``edit_date``): clients show no "edited"."""
        markup = self._parse_reply_markup(raw)
        stored = self._editable(raw)
        inline_markup = markup if markup and "inline_keyboard" in markup else None
        if _normalise_markup(stored.reply_markup) == _normalise_markup(inline_markup):
            raise _ApiError(400, _NOT_MODIFIED)
        self._check_flood(stored.chat_id)
        message = copy.deepcopy(stored.message)
        message.pop("reply_markup", None)
        if inline_markup:
            message["reply_markup"] = inline_markup
        stored.message, stored.reply_markup = message, inline_markup
        self._record_sent(
            "editMessageReplyMarkup",
            {**raw, "text": ""},
            stored.chat_id,
            stored.message_id,
            stored.text or "",
            stored.entities,
            markup,
        )
        return copy.deepcopy(message)

    async def _send_chat_action(self, raw: dict[str, str]) -> Any:
        chat_id = self._resolve_chat(raw)
        action = raw.get("action", "").lower()
        if action not in _CHAT_ACTIONS:
            raise _ApiError(400, "Bad Request: wrong parameter action in request")
        self.chat_actions.append({"chat_id": chat_id, "action": action})
        return True

    async def _answer_callback_query(self, raw: dict[str, str]) -> Any:
        query_id = raw.get("callback_query_id", "")
        if self._callback_queries.get(query_id, True):
            raise _ApiError(400, _QUERY_TOO_OLD)
        if len(raw.get("text", "")) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._callback_queries[query_id] = True
        self.callback_answers.append(_decode_params(raw))
        return True

    async def _answer_inline_query(self, raw: dict[str, str]) -> Any:
        query_id = raw.get("inline_query_id", "")
        text = raw.get("results", "")
        results: Any = []
        if text:
            try:
                results = json.loads(text)
            except ValueError as exc:
                raise _ApiError(
                    400, f"Bad Request: can't parse JSON encoded inline query results: {exc}"
                ) from None
        if results is None:
            results = []
        if not isinstance(results, list):
            raise _ApiError(400, "Bad Request: expected an Array of inline query results")
        if len(results) > MAX_INLINE_RESULTS:
            raise _ApiError(400, "Bad Request: too many inline query results specified")
        for result in results:
            self._check_inline_result(result)
        if raw.get("button"):
            self._check_results_button(raw["button"])
        ids = [r["id"] for r in results]
        if len(set(ids)) != len(ids):
            raise _ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        if self._inline_queries.get(query_id, True):
            raise _ApiError(400, _QUERY_TOO_OLD)
        self._inline_queries[query_id] = True
        self.inline_answers.append(_decode_params(raw))
        return True

    @staticmethod
    def _check_results_button(text: str) -> None:
        """``InlineQueryResultsButton``: a text and exactly one of ``start_parameter`` (1-64
        of ``A-Z a-z 0-9 _ -``) or ``web_app``."""
        try:
            button = json.loads(text)
        except ValueError:
            raise _ApiError(400, "Bad Request: can't parse inline query results button") from None
        if not isinstance(button, dict) or not isinstance(button.get("text"), str):
            raise _ApiError(400, "Bad Request: can't parse inline query results button")
        start = button.get("start_parameter")
        if ("web_app" in button) == (start is not None):
            raise _ApiError(400, "Bad Request: can't parse inline query results button")
        if start is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(start)):
            raise _ApiError(400, "Bad Request: START_PARAM_INVALID")

    def _check_inline_result(self, result: Any) -> None:
        prefix = "Bad Request: can't parse inline query result: "
        if not isinstance(result, dict):
            raise _ApiError(400, prefix + "Inline query result must be an object")
        for key in ("type", "id"):
            if key not in result:
                raise _ApiError(400, prefix + f'Can\'t find field "{key}"')
            if not isinstance(result[key], str):
                raise _ApiError(400, prefix + f'Field "{key}" must be of type String')
        kind = result["type"].lower()
        if not result["id"]:
            raise _ApiError(400, "Bad Request: RESULT_ID_EMPTY")
        if len(result["id"].encode("utf-8")) > 64:
            raise _ApiError(400, "Bad Request: RESULT_ID_INVALID")
        content = result.get("input_message_content")
        if content is not None and not isinstance(content, dict):
            raise _ApiError(400, prefix + 'Field "input_message_content" must be of type Object')
        if content is None and kind == "article":
            if "message_text" not in result:
                raise _ApiError(400, prefix + 'Can\'t find field "message_text"')
            content = result
        if content is not None and "message_text" in content:
            message_text = content["message_text"]
            if not isinstance(message_text, str):
                raise _ApiError(400, prefix + 'Field "message_text" must be of type String')
            parse_mode = content.get("parse_mode")
            entities = content.get("entities") if not parse_mode else None
            try:
                _format_text(
                    message_text,
                    parse_mode if isinstance(parse_mode, str) else None,
                    entities if isinstance(entities, list) else None,
                    strict=self.strict,
                )
            except _TextError as exc:
                detail = exc.description.removeprefix("Bad Request: ")
                if detail == "message is too long":
                    raise _ApiError(400, exc.description) from None
                raise _ApiError(400, prefix + detail[:1].upper() + detail[1:]) from None
        if kind not in _INLINE_RESULT_TYPES:
            raise _ApiError(
                400, prefix + f'type "{kind}" is unsupported for the inline query result'
            )
        if kind == "article":
            if "title" not in result:
                raise _ApiError(400, prefix + 'Can\'t find field "title"')
            if not isinstance(result["title"], str):
                raise _ApiError(400, prefix + 'Field "title" must be of type String')
        if "reply_markup" in result:
            markup = result["reply_markup"]
            if not isinstance(markup, dict):
                raise _ApiError(400, "Bad Request: object expected as reply markup")
            for row in markup.get("inline_keyboard", []):
                for button in row if isinstance(row, list) else [row]:
                    self._check_button(button, "Bad Request: can't parse inline keyboard button: ")
