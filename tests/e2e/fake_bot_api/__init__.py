"""A local fake of the Telegram Bot API for end-to-end tests.

:class:`FakeBotApi` is an :mod:`aiohttp` server on ``127.0.0.1`` that answers
``/bot<token>/<method>`` the way ``api.telegram.org`` does, so a real
python-telegram-bot ``Application`` can be pointed at it with ``base_url=api.base_url``.
Tests play the user's side (:meth:`FakeBotApi.send_text`, :meth:`FakeBotApi.send_callback_query`,
...) and inspect what the bot sent (:attr:`FakeBotApi.sent`, :attr:`FakeBotApi.calls`, ...).

The fake is deliberately strict. Its HTML parser is a port of TDLib's ``parse_html``
(``td/telegram/MessageEntity.cpp``), which is what the Bot API server runs, and its error
descriptions are Telegram's, built as ``telegram-bot-api`` builds them. When
``strict=True`` (the default) it also rejects a few things that Telegram accepts but
silently mangles: formatting tags inside ``<pre>``/``<code>``, nested ``<blockquote>`` or
``<a>``, ``<a>`` without a usable ``href``, named HTML entities other than ``&lt; &gt; &amp;
&quot;`` (Telegram would show ``&nbsp;`` literally), and inline buttons with more than one
action field. Those descriptions end in ``(FakeBotApi strict mode: ...)`` so they are easy to
tell apart from real Telegram errors.

Deliberate simplifications: MarkdownV2/Markdown are rejected as unsupported; no automatic
detection of URL/mention/hashtag entities in outgoing text; webhooks are recorded but never
called; only the methods listed in :data:`SUPPORTED_METHODS` exist. Files users send
(:meth:`FakeBotApi.send_document`) are served by ``getFile`` and the download URL
``/file/bot<token>/<file_path>`` as Telegram serves them (:mod:`tests.e2e.fake_files`).

The package by job: ``limits`` (Telegram's limits, the known methods and fields, the error
texts), ``text`` (UTF-16 lengths and the HTML parser), ``records`` (what is recorded, the
faults injected), ``users`` (what readers send), ``arguments`` (reading a method's
arguments, flood control), ``updates`` (``getUpdates``, webhooks), ``commands`` (command
menus), ``inline`` (answers to taps and inline queries) and ``server`` (``FakeBotApi``:
HTTP, sending and editing messages, what tests inspect), which mixes those parts in.
"""

from __future__ import annotations

from tests.e2e.fake_bot_api.limits import (
    DEFAULT_FAULT_METHODS,
    MAX_MESSAGE_LENGTH,
    STATUS_CLIENT_GONE,
    STATUS_DROPPED,
    SUPPORTED_METHODS,
)
from tests.e2e.fake_bot_api.records import ApiCall, Faults, SentMessage
from tests.e2e.fake_bot_api.server import FakeBotApi
from tests.e2e.fake_bot_api.text import EntityParseError, format_text, parse_html, utf16_len

__all__ = [
    "DEFAULT_FAULT_METHODS",
    "MAX_MESSAGE_LENGTH",
    "STATUS_CLIENT_GONE",
    "STATUS_DROPPED",
    "SUPPORTED_METHODS",
    "ApiCall",
    "EntityParseError",
    "FakeBotApi",
    "Faults",
    "SentMessage",
    "format_text",
    "parse_html",
    "utf16_len",
]
