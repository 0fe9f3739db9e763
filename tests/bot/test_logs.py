"""Redaction: the token and its secret part never survive a log line or a printed line."""

from __future__ import annotations

import io
import sys

from bot.console.output import RedactingStream, protected_output
from bot.redaction import REDACTED, redact, secret_parts

TOKEN = "123456789:FAKE-token-for-unit-tests-only-0123456789"


def test_the_whole_token_and_its_secret_part_are_hidden() -> None:
    secret = TOKEN.split(":", 1)[1]
    text = f"url /bot{TOKEN}/getMe; pasted alone: {secret}"
    assert (
        redact(text, secret_parts(TOKEN)) == f"url /bot{REDACTED}/getMe; pasted alone: {REDACTED}"
    )


def test_a_redacting_stream_scrubs_every_write() -> None:
    target = io.StringIO()
    stream = RedactingStream(target, secret_parts(TOKEN))
    stream.write(f"Traceback: The token `{TOKEN}` was rejected by the server.\n")
    assert target.getvalue() == f"Traceback: The token `{REDACTED}` was rejected by the server.\n"


def test_protected_output_restores_the_streams_it_wrapped() -> None:
    before = sys.stdout, sys.stderr
    with protected_output(secret_parts(TOKEN)):
        assert isinstance(sys.stderr, RedactingStream)
    assert (sys.stdout, sys.stderr) == before
