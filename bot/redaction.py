"""What the bot must never print, and how outside text is made safe to print.

The token, the webhook secret and the passwords in FEEDBACK_DB and REDIS_URL are replaced
by ``[REDACTED]`` wherever they would appear (:func:`redact`): in a message, a log line, a
traceback. A message's control characters (a file name's newline, a terminal escape) are
written as escapes (:func:`printable`), so that outside text can neither start a forged
line nor colour an operator's terminal. The command line wraps the process's output and
logging with these (``bot.console.output``).
"""

from __future__ import annotations

from collections.abc import Iterable

REDACTED = "[REDACTED]"


def secret_parts(token: str) -> list[str]:
    """What to hide of a bot token: the whole token, and its secret part after the colon.

    The bot id before the colon is public (it is the bot's user id), but the part after it
    is enough to guess the rest, so it is hidden wherever it appears alone.
    """
    parts = [token]
    if ":" in token:
        parts.append(token.split(":", 1)[1])
    return [p for p in parts if p]


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by ``[REDACTED]`` (longest first)."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def printable(text: str) -> str:
    """``text`` with each control or format character as its escape (``\\n``, ``\\x1b``).

    For outside text written where a person reads lines (a log, the command line's
    stderr): a file name or a question then stays on its line and cannot drive a terminal.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
