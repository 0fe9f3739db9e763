"""What the fake records (calls, sent messages), the faults it injects, and the small types
of its internals (errors, stored messages, request parameters)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tests.e2e.fake_bot_api.limits import (
    _BOOL_FIELDS,
    _INT_FIELDS,
    _JSON_FIELDS,
    DEFAULT_FAULT_METHODS,
)


@dataclass(frozen=True)
class Faults:
    """Injected infrastructure failures, drawn from ``random.Random(seed)`` per request.

    Each request to one of ``methods`` draws one number: below ``drop_rate`` the connection
    is closed without an answer; then ``error_rate`` gives a 500 or 502; then
    ``rate_limit_rate`` gives a 429 with ``retry_after``. ``delay`` seconds are added before
    every answer to those methods. A faulted request has no effect (nothing is sent).
    """

    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    drop_rate: float = 0.0
    delay: float = 0.0
    seed: int = 0
    methods: frozenset[str] = DEFAULT_FAULT_METHODS
    retry_after: int = 1

    def __post_init__(self) -> None:
        rates = (self.error_rate, self.rate_limit_rate, self.drop_rate)
        if any(not 0.0 <= rate <= 1.0 for rate in rates) or sum(rates) > 1.0:
            raise ValueError("fault rates must be in [0, 1] and sum to at most 1")
        if self.delay < 0 or self.delay > 60:
            raise ValueError("delay must be between 0 and 60 seconds")
        if self.retry_after < 1:
            raise ValueError("retry_after must be at least 1 second")

    def applies_to(self, method: str) -> bool:
        """Whether ``method`` (any case) is subject to these faults."""
        return method.lower() in {m.lower() for m in self.methods}


@dataclass
class ApiCall:
    """One HTTP request to the fake.

    ``status`` is the HTTP status answered, :data:`STATUS_DROPPED` (0) when a fault closed
    the connection, :data:`STATUS_CLIENT_GONE` (499) when the client went away first.
    """

    method: str
    params: dict[str, Any]
    status: int
    response: dict[str, Any] | None
    http_method: str = "POST"
    fault: str | None = None
    started_at: float = 0.0
    finished_at: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether Telegram answered ``{"ok": true, ...}``."""
        return self.status == 200

    @property
    def description(self) -> str | None:
        """The ``description`` of the answer, if any."""
        if self.response is None:
            return None
        value = self.response.get("description")
        return value if isinstance(value, str) else None


@dataclass
class SentMessage:
    """A message the fake accepted from ``sendMessage``, ``editMessageText`` or
    ``editMessageReplyMarkup`` (``method`` says which; an edit keeps the ``message_id``)."""

    method: str
    chat_id: int
    message_id: int
    text: str
    """The text exactly as the bot sent it (with HTML tags, if any)."""
    plain_text: str
    """The text after entity parsing, cleaning and trimming: what the user sees."""
    parse_mode: str | None
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None
    reply_to_message_id: int | None
    reply_parameters: dict[str, Any] | None
    params: dict[str, Any]
    date: int

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """All inline keyboard buttons, row by row."""
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard") or []
        return [button for row in rows for button in row]


# --------------------------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------------------------


class _ApiError(Exception):
    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass
class _Ok:
    result: Any
    description: str | None = None


@dataclass
class _StoredMessage:
    chat_id: int
    message_id: int
    from_bot: bool
    message: dict[str, Any]
    text: str | None
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None


class _Signal:
    """Wakes every waiter on :meth:`notify`; waits are always bounded."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        event = self._event
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=max(0.0, timeout))


class _DropConnectionError(Exception):
    """Close the connection without answering."""


_Handler = Callable[[dict[str, str]], Awaitable[Any]]


def _dumps(payload: Any) -> str:
    """JSON as the Bot API writes it: UTF-8, except that a lone UTF-16 surrogate (which
    UTF-8 cannot carry) is written as a ``\\uXXXX`` escape, so tests can send one."""
    return re.sub(
        r"[\ud800-\udfff]",
        lambda m: f"\\u{ord(m.group()):04x}",
        json.dumps(payload, ensure_ascii=False),
    )


def _to_int(value: str) -> int | None:
    match = re.match(r"\s*(-?\d+)", value)
    return int(match.group(1)) if match else None


def _decode_params(raw: dict[str, str]) -> dict[str, Any]:
    decoded: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _JSON_FIELDS:
            try:
                decoded[key] = json.loads(value)
            except ValueError:
                decoded[key] = value
        elif key in _INT_FIELDS and re.fullmatch(r"-?\d+", value):
            decoded[key] = int(value)
        elif key in _BOOL_FIELDS and value in ("true", "false"):
            decoded[key] = value == "true"
        else:
            decoded[key] = value
    return decoded


def _normalise_markup(markup: Any) -> str:
    return json.dumps(markup, sort_keys=True, ensure_ascii=False)


def _json_object(text: str, unparsable: str, not_object: str) -> dict[str, Any]:
    """``text`` read as a JSON object, or a 400 with Telegram's description of what is wrong."""
    try:
        value = json.loads(text)
    except ValueError:
        raise _ApiError(400, unparsable) from None
    if not isinstance(value, dict):
        raise _ApiError(400, not_object)
    return value


def _require_strings(item: dict[str, Any], keys: tuple[str, ...], prefix: str) -> None:
    """A 400 like Telegram's when one of ``keys`` is missing from ``item`` or not a string."""
    for key in keys:
        if key not in item:
            raise _ApiError(400, prefix + f'Can\'t find field "{key}"')
        if not isinstance(item[key], str):
            raise _ApiError(400, prefix + f'Field "{key}" must be of type String')
