"""Server URLs in the settings (a PostgreSQL FEEDBACK_DB, REDIS_URL): their kind, and how to
show one without its password.

A URL with a password is a secret like the token: messages and ``report-bot check`` show it
with the password replaced by ``***``, and the running bot scrubs the password from every
line it prints (``password_of`` feeds ``bot.logs``).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

POSTGRES_SCHEMES = ("postgresql", "postgres")
REDIS_SCHEMES = ("redis", "rediss", "unix")
HIDDEN = "***"


def scheme_of(text: str) -> str | None:
    """The URL scheme of ``text`` (lower case), or None when it is not a URL (a file path)."""
    scheme, separator, _ = text.partition("://")
    if not separator or not scheme or not scheme.replace("+", "").isalnum():
        return None
    return scheme.lower()


def is_postgres_url(text: str) -> bool:
    """Whether ``text`` names a PostgreSQL database rather than a SQLite file."""
    return scheme_of(text) in POSTGRES_SCHEMES


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


def password_of(url: str | None) -> list[str]:
    """The password(s) ``url`` carries, as written and decoded, for the log scrubber."""
    if not url:
        return []
    parts = urlsplit(url)
    found = [value for key, value in parse_qsl(parts.query) if key == "password"]
    user, at, _ = parts.netloc.rpartition("@")
    if at and ":" in user:
        found.append(user.split(":", 1)[1])
    return sorted({form for secret in found for form in (secret, unquote(secret)) if form})
