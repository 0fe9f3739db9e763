"""Text from Telegram, made safe where it enters: no lone surrogates past this point.

JSON may carry a UTF-16 surrogate without its pair ("\\ud83d" alone, e.g. an emoji cut in
half by a client); Python decodes it into a ``str`` that cannot be encoded as UTF-8, so the
first thing that encodes it fails: SQLite raised ``UnicodeEncodeError`` in
``record_uncovered`` and the reader got no reply. Every update is cleaned here, once, as it
is parsed (python-telegram-bot documents ``parse_json_payload`` as the hook for this; the
webhook server calls :func:`scrub` itself), each lone surrogate becoming U+FFFD.
"""

from __future__ import annotations

import re
from typing import Any

from telegram.request import BaseRequest, HTTPXRequest

JSONDict = dict[str, Any]
"""A parsed JSON object, as ``BaseRequest.parse_json_payload`` returns it (PTB's own alias is
in a private module)."""
REPLACEMENT = "\ufffd"
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""Python joins a valid pair into one character, so any surrogate left in a str is lone."""


def scrub(value: Any) -> Any:
    """``value`` (parsed JSON) with every lone surrogate in every string replaced."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


class CleanRequest(HTTPXRequest):
    """python-telegram-bot's HTTP client, with every answer scrubbed as it is parsed."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        parsed: JSONDict = scrub(BaseRequest.parse_json_payload(payload))
        return parsed
