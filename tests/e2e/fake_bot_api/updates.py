"""Updates out: ``getUpdates`` (long polling, offsets, allowed updates) and the webhook
methods, which are recorded but never called."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

from tests.e2e.fake_bot_api.arguments import Arguments
from tests.e2e.fake_bot_api.limits import (
    _DEFAULT_ALLOWED_UPDATES,
    _SECRET_TOKEN_RE,
    _UPDATE_TYPES,
    MAX_LONG_POLL_SECONDS,
)
from tests.e2e.fake_bot_api.records import (
    _ApiError,
    _Ok,
    _Signal,
)


class Updates(Arguments):
    """``getUpdates`` and the webhook methods; mixed into ``FakeBotApi``."""

    _next_update_id: int
    _pending: list[dict[str, Any]]
    _poll_abort_message: str
    _poll_generation: int
    _polls_waiting: int
    _record_signal: _Signal
    _stopping: bool
    _updates_signal: _Signal
    allowed_updates: frozenset[str]
    deliveries: dict[int, int]
    webhook_url: str

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
