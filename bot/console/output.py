"""The command line's output while the bot runs: one log format, secrets never printed.

httpx logs every request URL at INFO, and the Bot API puts the token in the URL, so its
logger is kept at WARNING; every formatted line is also scrubbed of the token as a second
line of defence (an exception text could carry it), and its message's control characters
are written as escapes. While the bot runs, stdout and stderr themselves are wrapped too
(:func:`protected_output`), so that nothing a library prints on its own (a traceback, a
warning) can carry a secret out. Both change the whole process, so only the command line
(the entry point) calls them.
"""

from __future__ import annotations

import copy
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO

from bot.redaction import printable, redact


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
