"""Answers to taps and inline queries: ``answerCallbackQuery`` and ``answerInlineQuery``
with their results and buttons checked."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.e2e.fake_bot_api.arguments import Arguments
from tests.e2e.fake_bot_api.limits import (
    _INLINE_RESULT_TYPES,
    _QUERY_TOO_OLD,
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_INLINE_RESULTS,
)
from tests.e2e.fake_bot_api.records import (
    _ApiError,
    _decode_params,
    _require_strings,
)
from tests.e2e.fake_bot_api.text import (
    _format_text,
    _TextError,
)


class Taps(Arguments):
    """The answers to callback and inline queries; mixed into ``FakeBotApi``."""

    _callback_queries: dict[str, bool]
    _inline_queries: dict[str, bool]
    callback_answers: list[dict[str, Any]]
    inline_answers: list[dict[str, Any]]

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
        _require_strings(result, ("type", "id"), prefix)
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
