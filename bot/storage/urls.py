"""The servers the settings name (FEEDBACK_DB on PostgreSQL, REDIS_URL), read once into values.

FEEDBACK_DB is a SQLite file path, or a PostgreSQL database written as a URL
(``postgresql://user:password@host/db``) or as libpq keywords (``host=db password=…``): a
value that names PostgreSQL in either form is never taken for a file name. A server's
password is a secret like the token: a ``Server`` shows itself with the password replaced by
``***``, and hands the password to the log scrubber (``bot.redaction``), never to a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

POSTGRES_SCHEMES = ("postgresql", "postgres")
REDIS_SCHEMES = ("redis", "rediss", "unix")
HIDDEN = "***"

_KEYWORDS = re.compile(r"^\s*[A-Za-z_]+\s*=")
"""How a libpq keyword string begins (``host=…``); no file path of FEEDBACK_DB does."""
POSTGRES_EXAMPLES = (
    "postgresql://user:password@host:5432/database or host=… dbname=… user=… password=…"
)


@dataclass(frozen=True, slots=True)
class Server:
    """A server named in the settings: how to reach it, and how to show it."""

    address: str = field(repr=False)
    """As written in the settings (a URL, or libpq keywords); may carry a password."""
    shown: str
    """``address`` with its password as ``***``: fit for messages, logs and ``check``."""
    passwords: tuple[str, ...] = field(repr=False)
    """The password as written and as decoded, for the log scrubber."""

    def __str__(self) -> str:
        return self.shown


FeedbackDatabase = Path | Server
"""FEEDBACK_DB: a SQLite file, or a PostgreSQL ``Server``."""


def feedback_database(text: str) -> FeedbackDatabase:
    """FEEDBACK_DB read once; ``ValueError`` (never quoting the value) if it cannot be."""
    text = text.strip()
    if not text:
        raise ValueError(
            f"is empty: give a SQLite file path or a PostgreSQL database ({POSTGRES_EXAMPLES})"
        )
    scheme = scheme_of(text)
    if scheme is None and not _KEYWORDS.match(text):
        return Path(text)
    if scheme is not None and scheme not in POSTGRES_SCHEMES:
        raise ValueError(
            f"is a {scheme}:// URL; give a SQLite file path (data/feedback.sqlite3) or a "
            f"PostgreSQL database ({POSTGRES_EXAMPLES})"
        )
    try:
        given = conninfo_to_dict(text)
    except psycopg.ProgrammingError:
        # libpq's message may quote the value, password included: it is not repeated.
        raise ValueError(
            f"names a PostgreSQL database that libpq cannot read; write it as {POSTGRES_EXAMPLES}"
        ) from None
    if scheme is not None:
        return Server(text, redact_url(text), tuple(password_of(text)))
    password = given.get("password")
    written = sorted(given, key=lambda key: text.find(key))  # shown in the order written
    hidden = {key: HIDDEN if key == "password" else given[key] for key in written}
    return Server(text, make_conninfo("", **hidden), (str(password),) if password else ())


def redis_server(text: str) -> Server:
    """REDIS_URL read once; ``ValueError`` if it is not a Redis URL."""
    url = text.strip()
    if scheme_of(url) not in REDIS_SCHEMES:
        raise ValueError(
            "must be a redis:// (or rediss://, unix://) URL, such as redis://redis:6379/0"
        )
    return Server(url, redact_url(url), tuple(password_of(url)))


def scheme_of(text: str) -> str | None:
    """The URL scheme of ``text`` (lower case), or None when it is not a URL (a file path)."""
    scheme, separator, _ = text.partition("://")
    if not separator or not scheme or not scheme.replace("+", "").isalnum():
        return None
    return scheme.lower()


def redact_url(url: str) -> str:
    """``url`` with its password (in the user part or a ``password=`` parameter) as ``***``."""
    parts = urlsplit(url)
    netloc = parts.netloc
    user, at, host = netloc.rpartition("@")
    if at and ":" in user:
        netloc = f"{user.split(':', 1)[0]}:{HIDDEN}@{host}"
    query = "&".join(
        f"{piece.split('=', 1)[0]}={HIDDEN}"
        if unquote(piece.split("=", 1)[0]) == "password"
        else piece
        for piece in parts.query.split("&")
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def password_of(url: str) -> list[str]:
    """The password(s) ``url`` carries, as written and decoded."""
    parts = urlsplit(url)
    found = [value for key, value in parse_qsl(parts.query) if key == "password"]
    user, at, _ = parts.netloc.rpartition("@")
    if at and ":" in user:
        found.append(user.split(":", 1)[1])
    return sorted({form for secret in found for form in (secret, unquote(secret)) if form})
