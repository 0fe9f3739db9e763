"""compose.yaml, read as Docker Compose would (Docker is not needed): both replicas share one
PostgreSQL and one Redis of the same file, and wait for them to be healthy."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.settings import Settings
from bot.storage.urls import Server
from tests.conftest import PROJECT


def services() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load((PROJECT / "compose.yaml").read_text())["services"]
    return found


def interpolated(value: str, env: dict[str, str]) -> str:
    """``${NAME:?message}`` and ``${NAME}`` replaced from ``env``, as Compose does."""
    return re.sub(r"\$\{(\w+)(?::\?[^}]*)?\}", lambda m: env[m.group(1)], value)


def test_both_replicas_use_the_one_postgresql_and_the_one_redis() -> None:
    found = services()
    env = {"POSTGRES_PASSWORD": "pw-123_abc", "FEEDBACK_SALT": "s", "WEBHOOK_DOMAIN": "bot.test"}
    postgres = found["postgres"]["environment"]
    for name in ("bot-1", "bot-2"):
        bot = found[name]
        settings = Settings(
            **{key.lower(): interpolated(v, env) for key, v in bot["environment"].items()}
        )
        assert isinstance(settings.feedback_db, Server)
        database = urlsplit(settings.feedback_db.address)
        assert (database.hostname, database.username, database.path) == (
            "postgres",
            postgres["POSTGRES_USER"],
            f"/{postgres['POSTGRES_DB']}",
        )
        assert database.password == interpolated(postgres["POSTGRES_PASSWORD"], env)
        assert settings.redis_url is not None
        assert urlsplit(settings.redis_url.address).hostname == "redis"
        assert settings.feedback_salt is not None
        assert bot["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }
    assert "healthcheck" in found["postgres"]
    assert "healthcheck" in found["redis"]
