"""The one settings class: read from the environment and from ``.env``.

Settings are data: each value is read and checked once, into a typed value (a path, a
``Server``), and nothing here opens, connects to or builds anything; ``bot.serving.app``
makes the stores, limiters, rankers and the bot from them.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.redaction import secret_parts
from bot.storage.urls import FeedbackDatabase, Server, feedback_database, redis_server
from retrieval.limits import MB, Limits

_LIMITS = Limits()
"""The reading limits' defaults, which the settings below default to."""

SEED_NAME = "seeds/pscrp-besa-140-azerbaijan-russia-2025-07.txt"


def bundled_seed() -> Path:
    """The bundled seed report, found from the project, not from the working directory.

    From a checkout (or an editable install) it sits in the project beside ``bot/``; when
    the package is installed elsewhere (the Docker image), in ``seeds/`` of the working
    directory, where the image puts it.
    """
    beside_package = Path(__file__).resolve().parents[1] / SEED_NAME
    return beside_package if beside_package.exists() else Path(SEED_NAME)


# What @BotFather hands out: the bot's numeric id, a colon, and a 35-character secret.
_TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
# Telegram's rule for setWebhook's secret_token.
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
SECRET_HELP = "make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"

ASK_EXAMPLE = '"a question about the report"'
"""Stands for an example question; the CLI puts one from the served report in its place."""
TOKEN_HELP = (
    "Create a bot with @BotFather in Telegram (send /newbot), then put its token in .env as "
    "TELEGRAM_BOT_TOKEN=... (see .env.example). To try the answers offline without a token, "
    f"run: report-bot ask {ASK_EXAMPLE}"
)


class SettingsError(Exception):
    """Settings that cannot be used; the message says which and what to do."""


class Settings(BaseSettings):
    """Everything the bot and the command line can be configured with."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    telegram_bot_token: SecretStr | None = None
    """The bot's token from @BotFather; needed only to run the bot."""
    telegram_base_url: str = "https://api.telegram.org/bot"
    """Bot API endpoint the token is appended to; point it at a local Bot API server to test."""
    heartbeat_file: Path = Path(".cache/report-bot/heartbeat")
    """Touched while the bot hears from Telegram; ``report-bot health`` reads its age."""
    health_max_age_seconds: float = Field(default=60.0, gt=0)
    """``report-bot health`` fails when the heartbeat is older than this (polls last 10 s)."""
    report_path: Path = Field(default_factory=bundled_seed)
    """The report file, or the folder of reports, to serve; by default the bundled seed."""
    reload_interval: float = Field(default=10.0, ge=0)
    """Seconds between looks at REPORT_PATH for reports added, changed or removed while the
    bot runs; 0 turns reloading off. A change is served once two looks agree on it, so
    within twice this plus the time to read the changed files."""
    ranker: Literal["bm25", "hybrid", "auto"] = "auto"
    """bm25; hybrid (BM25 fused with the embedding model, which must load); auto: hybrid
    when the model loads, else BM25."""
    cache_dir: Path = Path(".cache/report-bot")
    """Where parsed reports, the index and paragraph embeddings are cached between runs, and
    feedback waits on its way to FEEDBACK_DB (``feedback-outbox.sqlite3``)."""
    max_report_mb: float = Field(default=_LIMITS.file_bytes / MB, gt=0)
    """A report file larger than this (MB) is skipped unread."""
    max_unpacked_mb: float = Field(default=_LIMITS.unpacked_bytes / MB, gt=0)
    """A Word file whose parts declare or unpack to more than this (MB) is skipped."""
    max_paragraphs: int = Field(default=_LIMITS.paragraphs, ge=1)
    """A report of more paragraphs is skipped (a Word file's are counted before parsing)."""
    max_pages: int = Field(default=_LIMITS.pages, ge=1)
    """A PDF of more pages is skipped."""
    parse_seconds: float = Field(default=_LIMITS.seconds, gt=0)
    """Parsing one file longer than this is stopped and the file skipped."""
    parse_memory_mb: float = Field(default=_LIMITS.memory_bytes / MB, ge=300)
    """The address space (MB) of the process parsing one file; past it the file is skipped."""
    feedback_db: Annotated[FeedbackDatabase, NoDecode] = Path("data/feedback.sqlite3")
    """Where readers' 👍 / 👎 and uncovered questions go (user ids only hashed): a SQLite
    file, or a PostgreSQL database that replicas on several machines share, as a URL
    (``postgresql://user:password@host:5432/database``) or libpq keywords (``host=db
    dbname=feedback user=bot password=…``). Its password is never shown."""
    feedback_salt: SecretStr | None = None
    """Salt of the user-id hashes. Unset with a SQLite file: made once and kept in
    ``<FEEDBACK_DB>.salt``, beside the database and never inside it; required with a
    PostgreSQL URL. Replicas sharing one database share one salt."""
    redis_url: Annotated[Server | None, NoDecode] = None
    """``redis://host:6379/0``: fair use counted in Redis, shared by every replica; unset:
    counted in each process."""
    top_k: int = Field(default=3, ge=1, le=10)
    """How many passages an answer shows."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    allowed_user_ids: Annotated[tuple[int, ...], NoDecode] = ()
    """Comma-separated Telegram user ids allowed to ask; empty lets everyone in."""
    allowed_chat_ids: Annotated[tuple[int, ...], NoDecode] = ()
    """Comma-separated chat ids (groups included) allowed to ask; empty lets every chat in."""
    owner_user_ids: Annotated[tuple[int, ...], NoDecode] = ()
    """Comma-separated user ids of the owners: they may add reports by sending the file to
    the bot, ``/remove`` reports and read ``/stats`` (and are always let in)."""
    fair_use_questions: int = Field(default=6, ge=1)
    """Searches (questions, ``/section`` by words, inline queries) one user may make within
    ``fair_use_window_seconds`` before being slowed down."""
    fair_use_navigation: int = Field(default=60, ge=1)
    """Everything else one user may do within the window (button taps, pages, sections by
    number, commands): reading what is found costs little, so a reader paging with After ▶
    is never slowed down, while a flood of taps is still bounded."""
    fair_use_window_seconds: float = Field(default=30.0, gt=0)
    max_question_words: int = Field(default=64, ge=1, le=1000)
    """Longer questions are cut to this many words before ranking."""
    webhook_url: str | None = None
    """Public https URL Telegram posts updates to in ``run --webhook``; its path is served."""
    webhook_listen: str = "0.0.0.0"
    """Address the webhook server listens on."""
    webhook_port: int = Field(default=8443, ge=0, le=65535)
    """Port the webhook server listens on (0: any free port, logged at start)."""
    webhook_secret_token: SecretStr | None = None
    """Secret Telegram sends with every update (1-256 of A-Z a-z 0-9 _ -); webhook mode only."""
    webhook_trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    """Comma-separated addresses or networks (10.0.0.0/8) of proxies in front of the webhook
    server; only requests from them have their X-Forwarded-For believed in logs."""

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_has_botfather_shape(cls, token: SecretStr | None) -> SecretStr | None:
        return _secret_shaped(
            token,
            _TOKEN_SHAPE,
            "does not look like a bot token (expected digits, a colon, then letters, "
            "digits, - and _)",
        )

    @field_validator("allowed_user_ids", "allowed_chat_ids", "owner_user_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return tuple(int(part) for part in _comma_parts(value))
            except ValueError:
                raise ValueError("must be whole numbers separated by commas") from None
        return value

    @field_validator("telegram_base_url")
    @classmethod
    def _base_url_is_http(cls, url: str) -> str:
        return _url_of(
            url,
            ("http", "https"),
            "must be an http(s) URL the token is appended to, such as https://api.telegram.org/bot",
        )

    @field_validator("webhook_trusted_proxies", mode="before")
    @classmethod
    def _proxy_networks(cls, value: object) -> object:
        if isinstance(value, str):
            value = _comma_parts(value)
        if isinstance(value, tuple):
            try:
                return tuple(str(ipaddress.ip_network(part, strict=False)) for part in value)
            except ValueError:
                raise ValueError(
                    "must be IP addresses or networks separated by commas, "
                    "such as 10.0.0.2,172.16.0.0/12"
                ) from None
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url_is_https(cls, url: str | None) -> str | None:
        if url is None or not url.strip():
            return None
        return _url_of(
            url,
            ("https",),
            "must be the public https URL Telegram posts to, such as "
            "https://bot.example.org/telegram",
        )

    @field_validator("webhook_secret_token")
    @classmethod
    def _secret_has_telegram_shape(cls, secret: SecretStr | None) -> SecretStr | None:
        return _secret_shaped(
            secret, _SECRET_SHAPE, f"must be 1-256 letters, digits, _ or - ({SECRET_HELP})"
        )

    @field_validator("feedback_db", mode="before")
    @classmethod
    def _feedback_db_is_a_path_or_postgres(cls, value: object) -> object:
        # Never echo the value: a URL or a keyword string may carry a password.
        return feedback_database(value) if isinstance(value, str) else value

    @field_validator("redis_url", mode="before")
    @classmethod
    def _redis_url_is_redis(cls, value: object) -> object:
        if isinstance(value, str):
            return redis_server(value) if value.strip() else None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level_any_case(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    def secrets(self) -> list[str]:
        """Every secret a running bot must never print: the token and its secret part, the
        webhook secret, and the passwords in FEEDBACK_DB and REDIS_URL."""
        found = [
            *(self.feedback_db.passwords if isinstance(self.feedback_db, Server) else ()),
            *(self.redis_url.passwords if self.redis_url is not None else ()),
        ]
        if self.telegram_bot_token is not None:
            found += secret_parts(self.telegram_bot_token.get_secret_value())
        if self.webhook_secret_token is not None:
            found.append(self.webhook_secret_token.get_secret_value())
        return found

    def require_token(self) -> SecretStr:
        """The token, or a ``SettingsError`` that tells the user how to get one."""
        if self.telegram_bot_token is None:
            raise SettingsError(f"TELEGRAM_BOT_TOKEN is not set. {TOKEN_HELP}")
        return self.telegram_bot_token

    def require_webhook(self) -> tuple[str, SecretStr]:
        """The webhook URL and secret, or a ``SettingsError`` saying which one is missing."""
        if self.webhook_url is None:
            raise SettingsError(
                "WEBHOOK_URL is not set: the public https URL Telegram should post updates "
                "to, such as https://bot.example.org/telegram."
            )
        if self.webhook_secret_token is None:
            raise SettingsError(
                f"WEBHOOK_SECRET_TOKEN is not set; webhook mode needs one ({SECRET_HELP})."
            )
        return self.webhook_url, self.webhook_secret_token


def load_settings() -> Settings:
    """Read the settings, turning validation errors into one readable line."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']).upper()} "
            f"{e['msg'].removeprefix('Value error, ')}"
            for e in error.errors(include_input=False, include_url=False)
        )
        hint = f" {TOKEN_HELP}" if "TELEGRAM_BOT_TOKEN" in problems else ""
        raise SettingsError(f"Invalid setting: {problems}.{hint}") from None


def _secret_shaped(
    secret: SecretStr | None, shape: re.Pattern[str], problem: str
) -> SecretStr | None:
    """``secret`` stripped, None when blank; ``problem`` when it has not ``shape``. The
    message never echoes the value: it is a secret even when malformed."""
    value = "" if secret is None else secret.get_secret_value().strip()
    if not value:
        return None
    if not shape.match(value):
        raise ValueError(problem)
    return SecretStr(value)


def _url_of(url: str, schemes: tuple[str, ...], problem: str) -> str:
    """``url`` stripped; ``problem`` unless it has one of ``schemes`` and a host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in schemes or not parts.hostname:
        raise ValueError(problem)
    return url.strip()


def _comma_parts(value: str) -> tuple[str, ...]:
    """The non-empty parts of a comma-separated list, spaces ignored."""
    return tuple(part for part in value.replace(" ", "").split(",") if part)
