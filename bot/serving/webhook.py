"""Webhook mode: Telegram posts each update to a small tornado server that feeds the bot.

python-telegram-bot's ``Application.run_webhook`` serves the update path and nothing else,
and its tornado app lives in a private module; a load balancer also needs a health check.
So this follows PTB's documented custom-webhook pattern (``examples/customwebhookbot/``):
the ``Application`` is driven by hand (``bot.serving.lifecycle``, as in polling mode), its
Updater is never started, and our own server puts each accepted update on
``application.update_queue``. The server is tornado, which the ``webhooks`` extra of
python-telegram-bot already installs, so this mode adds no dependency of its own:

- ``POST <path of WEBHOOK_URL>``: an update; refused with 403 as soon as its headers are read
  unless they carry the secret in ``X-Telegram-Bot-Api-Secret-Token`` (compared in constant
  time), so that a body without it is never read; 400 if it is not an update.
- ``GET /healthz``: 200 while the bot is processing updates, for load-balancer checks.

Hostile clients are bounded (``bot.serving.gate``): connections in all and per address,
headers (``MAX_HEADER_BYTES``, within ``IDLE_SECONDS``), bodies (``MAX_UPDATE_BYTES``,
within ``BODY_SECONDS``); refusals are logged as one summary line a minute.

Several replicas can run behind one proxy: Telegram delivers each update once, to whichever
replica the proxy picks, and every replica registers the same URL and secret. Stopping
(SIGTERM or Ctrl-C) closes the server first, then answers the updates already accepted; the
webhook stays registered so that the other replicas keep receiving updates.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import logging
import re
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, ExtBot
from tornado.httputil import HTTPHeaders
from tornado.netutil import bind_sockets
from tornado.web import Application as WebApplication
from tornado.web import HTTPError, RequestHandler, stream_request_body

from bot.serving.connectivity import Connectivity
from bot.serving.gate import GuardedServer, Limits, accept
from bot.serving.heartbeat import Heartbeat
from bot.serving.inbound import scrub
from bot.serving.lifecycle import UpdatesRefusedError
from bot.serving.refusals import (
    CountedNotLogged,
    IPNetwork,
    Refusals,
    request_logger,
)

logger = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
MAX_UPDATE_BYTES = 1 << 20
"""Updates are a few kilobytes; anything far larger is not from Telegram."""
MAX_HEADER_BYTES = 16 << 10
"""Telegram's headers are a few hundred bytes; tornado's default is 64 KB."""
IDLE_SECONDS = 10.0
"""A connection must send a request's headers within this long (tornado's default: an
hour), and is closed after this long idle: a slowloris holds a slot for 10 s at most."""
DISCARDED_BYTES = 16 << 10
"""A refused request's body up to this size is read and dropped, so its 403 arrives."""
BODY_SECONDS = 10.0
"""A body (sent only with the secret) must arrive within this long."""
TELEGRAM_CONNECTIONS = 40
"""``max_connections`` asked of Telegram (its default), kept under the per-address limit."""
HEARTBEAT_SECONDS = 10.0
CLOSE_TIMEOUT = 3.0
"""How long stopping waits for open HTTP connections before it moves on."""


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """Where Telegram posts updates, where the server listens, and the shared secret."""

    url: str
    secret: str
    listen: str = "0.0.0.0"
    port: int = 8443
    trusted_proxies: tuple[str, ...] = ()
    """Networks whose X-Forwarded-For is believed (``WEBHOOK_TRUSTED_PROXIES``)."""
    heartbeat: Path | None = None
    """Touched every ``HEARTBEAT_SECONDS`` while updates are being processed."""

    @property
    def path(self) -> str:
        """The path the server answers updates on: the path of the public URL."""
        return urlsplit(self.url).path or "/"


@stream_request_body
class _UpdateHandler(RequestHandler):
    """``POST``: one update from Telegram, checked and put on the application's queue.

    Streamed, so that the secret is checked once the headers are in, before the body: a
    request without it is never buffered or parsed (before, 800 bodies of 1 MB were read
    whole first, and the process grew from 104 MB to 1,004 MB). Its body, if it says it
    is small (``DISCARDED_BYTES``), is read and thrown away so that the client reliably
    gets its 403 (a connection closed on unread data is reset, and the answer lost);
    a larger one is not read at all: the 403 is sent and the connection closed.
    """

    def initialize(self, bot_application: BotApplication, secret: str) -> None:
        self.bot_application = bot_application
        self.secret = secret
        self.body = bytearray()
        self.refused = False

    def prepare(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        self.refused = not hmac.compare_digest(given.encode(), self.secret.encode())
        if self.refused and _declared_length(self.request.headers) > DISCARDED_BYTES:
            raise HTTPError(HTTPStatus.FORBIDDEN, reason="Wrong or missing secret token")

    def data_received(self, chunk: bytes) -> None:
        if not self.refused:
            self.body += chunk  # at most MAX_UPDATE_BYTES: the server refuses a longer body

    async def post(self) -> None:
        if self.refused:
            raise HTTPError(HTTPStatus.FORBIDDEN, reason="Wrong or missing secret token")
        try:
            data = scrub(json.loads(self.body))
            if not isinstance(data, dict):
                raise TypeError("an update is a JSON object")
            update = Update.de_json(data, self.bot_application.bot)
        except Exception as error:
            # The body is the sender's and may have any shape; de_json then fails in any way.
            # PTB's own webhook handler does the same: logged, and answered 400.
            logger.warning("Refused a request that is not an update: %r", error)
            raise HTTPError(HTTPStatus.BAD_REQUEST, reason="Not an update") from None
        bot = self.bot_application.bot
        if isinstance(bot, ExtBot):
            bot.insert_callback_data(update)  # a no-op unless arbitrary callback data is on
        await self.bot_application.update_queue.put(update)
        self.set_status(HTTPStatus.OK)


def _declared_length(headers: HTTPHeaders) -> int:
    """The body's length as its headers declare it; unbounded when they do not."""
    try:
        return int(headers.get("Content-Length", ""))
    except ValueError:
        return MAX_UPDATE_BYTES + 1


class _HealthHandler(RequestHandler):
    """``GET /healthz``: 200 while updates are being processed, 503 otherwise."""

    def initialize(self, bot_application: BotApplication) -> None:
        self.bot_application = bot_application

    def get(self) -> None:
        running = self.bot_application.running
        self.set_status(HTTPStatus.OK if running else HTTPStatus.SERVICE_UNAVAILABLE)
        self.finish({"status": "ok" if running else "stopping"})


async def _beat(application: BotApplication, heartbeat: Heartbeat) -> None:
    """Touch the heartbeat while the application processes updates (``report-bot health``)."""
    while application.running:
        heartbeat.touch()
        await asyncio.sleep(HEARTBEAT_SECONDS)


def web_application(
    application: BotApplication, config: WebhookConfig, refusals: Refusals
) -> WebApplication:
    """The tornado app: the update path and the health check."""
    return WebApplication(
        [
            (HEALTH_PATH, _HealthHandler, {"bot_application": application}),
            (
                re.escape(config.path),
                _UpdateHandler,
                {"bot_application": application, "secret": config.secret},
            ),
        ],
        log_function=request_logger(
            _trusted(config), refusals, frozenset({config.path, HEALTH_PATH})
        ),
    )


def _trusted(config: WebhookConfig) -> list[IPNetwork]:
    return [ipaddress.ip_network(proxy) for proxy in config.trusted_proxies]


class Webhook:
    """The ``Intake`` of webhook mode: a guarded tornado server, and the webhook set.

    With ``connectivity``, answers refused meanwhile are sent again once ``getMe`` is
    answered (``Connectivity.probe``: nothing polls here).
    """

    def __init__(self, config: WebhookConfig, connectivity: Connectivity) -> None:
        self._config = config
        self._heard = connectivity

    async def receive(self, application: BotApplication, stop: asyncio.Event) -> None:
        """Serve the update path and ``/healthz`` until ``stop``; then close the server."""
        config = self._config
        refusals = Refusals()
        limits = Limits.for_this_process()
        server = GuardedServer(
            # xheaders off: remote_ip is the peer; X-Forwarded-For only from a trusted proxy.
            web_application(application, config, refusals),
            limits=limits,
            trusted=_trusted(config),
            refusals=refusals,
            xheaders=False,
            max_header_size=MAX_HEADER_BYTES,
            idle_connection_timeout=IDLE_SECONDS,
            body_timeout=BODY_SECONDS,
            max_body_size=MAX_UPDATE_BYTES,
            max_buffer_size=MAX_UPDATE_BYTES + MAX_HEADER_BYTES,
        )
        tornado_log = logging.getLogger("tornado.general")
        quiet = CountedNotLogged(refusals)
        tornado_log.addFilter(quiet)
        sockets = bind_sockets(config.port, config.listen)
        port = sockets[0].getsockname()[1]
        stop_accepting = accept(sockets, server)
        logger.info(
            "Listening for updates on %s:%d%s (at most %d connections, %d from one address)",
            config.listen,
            port,
            config.path,
            limits.total,
            limits.per_address,
        )
        probing = asyncio.ensure_future(self._heard.probe(application.bot.get_me))
        beating: asyncio.Future[None] | None = None
        try:
            await application.bot.set_webhook(
                config.url,
                secret_token=config.secret,
                allowed_updates=Update.ALL_TYPES,
                max_connections=min(TELEGRAM_CONNECTIONS, limits.per_address),
            )
            logger.info("Webhook set to %s", config.url)
            beating = asyncio.ensure_future(_beat(application, Heartbeat(config.heartbeat)))
            await stop.wait()
            logger.info("Stopping: no new updates; answering the ones accepted")
        except BadRequest as error:
            raise UpdatesRefusedError(f"Telegram refused WEBHOOK_URL: {error.message}") from None
        finally:
            if beating is not None:
                beating.cancel()
            probing.cancel()
            stop_accepting()
            refusals.flush()
            tornado_log.removeFilter(quiet)
            try:
                await asyncio.wait_for(server.close_all_connections(), CLOSE_TIMEOUT)
            except TimeoutError:
                logger.warning("Some webhook connections were still open; closed them")

    async def settle(self, application: BotApplication) -> None:
        """Nothing: Telegram had its 200 for each update when it was accepted, and the
        webhook stays set so that the other replicas keep receiving updates."""
