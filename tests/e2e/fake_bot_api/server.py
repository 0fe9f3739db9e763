"""The fake Bot API server: the methods the bot calls over HTTP, and what tests inspect
(what readers send is ``users.UserSide``)."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import email.parser
import email.policy
import json
import random
import time
import traceback
from collections import deque
from types import TracebackType
from typing import Any, Final, Self
from urllib.parse import parse_qsl, unquote_plus

from aiohttp import web

from tests.e2e.fake_bot_api.commands import Commands
from tests.e2e.fake_bot_api.inline import Taps
from tests.e2e.fake_bot_api.limits import (
    _BAD_GATEWAY_HTML,
    _BAD_REPLY_PARAMETERS,
    _CHAT_ACTIONS,
    _DEFAULT_ALLOWED_UPDATES,
    _NOT_MODIFIED,
    _TOKEN_RE,
    HOLD_LIMIT,
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
from tests.e2e.fake_bot_api.updates import Updates
from tests.e2e.fake_bot_api.users import UserSide
from tests.e2e.fake_files import FakeFiles, FileApiError


class FakeBotApi(UserSide, Updates, Commands, Taps):
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
