"""Logging for the bot: one format, secrets redacted, no forged lines, no per-request URLs.

httpx logs every request URL at INFO, and the Bot API puts the token in the URL, so its
logger is kept at WARNING; every formatted line is also scrubbed of the token as a second
line of defence (an exception text could carry it). While the bot runs, stdout and stderr
themselves are wrapped too (:func:`protected_output`), so that nothing a library prints on its
own (a traceback, a warning) can carry a secret out. A message's control characters (a file
name's newline, a terminal escape) are written as escapes (:func:`printable`), so that
outside text can neither start a forged line nor colour an operator's terminal.
"""

from __future__ import annotations

import copy
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO

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


class RedactingFormatter(logging.Formatter):
    """A formatter that replaces each secret in the finished line, traceback included, and
    writes the message's control characters as escapes (a traceback keeps its lines)."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        escaped = copy.copy(record)
        escaped.message = printable(record.message)
        return super().formatMessage(escaped)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._secrets)


class RedactingStream:
    """A text stream that scrubs secrets from everything written to the stream it wraps.

    Writes are passed on at once (a line split over two writes is scrubbed per write; the
    loggers and ``traceback`` write whole lines, which is what this guards).
    """

    def __init__(self, stream: TextIO, secrets: Iterable[str]) -> None:
        self._stream = stream
        self._secrets = [s for s in secrets if s]

    def write(self, text: str) -> int:
        self._stream.write(redact(text, self._secrets))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


@contextmanager
def protected_output(secrets: Iterable[str]) -> Iterator[None]:
    """Scrub ``secrets`` from anything printed on stdout or stderr inside the block."""
    hidden = list(secrets)
    saved = sys.stdout, sys.stderr
    sys.stdout = RedactingStream(sys.stdout, hidden)
    sys.stderr = RedactingStream(sys.stderr, hidden)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at ``level``, with ``secrets`` never printed."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
