"""Webhook mode: Telegram posts each update to a small tornado server that feeds the bot.

python-telegram-bot's ``Application.run_webhook`` serves the update path and nothing else,
and its tornado app lives in a private module; a load balancer also needs a health check.
So this follows PTB's documented custom-webhook pattern (``examples/customwebhookbot/``):
the ``Application`` is driven by hand (initialize, start, stop, shutdown), its Updater is
never started, and our own server puts each accepted update on
``application.update_queue``. The server is tornado, which the ``webhooks`` extra of
python-telegram-bot already installs, so this mode adds no dependency of its own:

- ``POST <path of WEBHOOK_URL>``: an update; refused with 403 unless the request carries the
  secret in ``X-Telegram-Bot-Api-Secret-Token`` (compared in constant time), 400 if it is
  not an update.
- ``GET /healthz``: 200 while the bot is processing updates, for load-balancer checks.

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
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, ExtBot
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application as WebApplication
from tornado.web import HTTPError, RequestHandler

from bot.serving.heartbeat import Heartbeat
from bot.serving.inbound import scrub
from bot.settings import SettingsError

logger = logging.getLogger(__name__)

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

BotApplication = Application[Any, Any, Any, Any, Any, Any]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
MAX_UPDATE_BYTES = 1 << 20
"""Updates are a few kilobytes; anything far larger is not from Telegram."""
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


class _UpdateHandler(RequestHandler):
    """``POST``: one update from Telegram, checked and put on the application's queue."""

    def initialize(self, bot_application: BotApplication, secret: str) -> None:
        self.bot_application = bot_application
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            raise HTTPError(HTTPStatus.FORBIDDEN, reason="Wrong or missing secret token")
        try:
            data = scrub(json.loads(self.request.body))
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


class _HealthHandler(RequestHandler):
    """``GET /healthz``: 200 while updates are being processed, 503 otherwise."""

    def initialize(self, bot_application: BotApplication) -> None:
        self.bot_application = bot_application

    def get(self) -> None:
        running = self.bot_application.running
        self.set_status(HTTPStatus.OK if running else HTTPStatus.SERVICE_UNAVAILABLE)
        self.finish({"status": "ok" if running else "stopping"})


def client_address(peer: str, forwarded_for: str, trusted: Sequence[IPNetwork]) -> str:
    """Who sent a request: the peer, unless the peer is a trusted proxy.

    ``X-Forwarded-For`` is written by the client as much as by proxies, so it is believed
    only from a trusted proxy, and then read from the right: the first address that is not
    itself a trusted proxy is the one the proxies saw.
    """
    if not _is_trusted(peer, trusted):
        return peer
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if not _is_trusted(hop, trusted):
            return hop
    return peer


def _is_trusted(address: str, trusted: Sequence[IPNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def _request_logger(trusted: Sequence[IPNetwork]) -> Callable[[RequestHandler], None]:
    def log_request(handler: RequestHandler) -> None:
        """Log refused requests only: an accepted update is routine, one a second or more."""
        status = handler.get_status()
        if status >= HTTPStatus.BAD_REQUEST:
            request = handler.request
            sender = client_address(
                request.remote_ip or "", request.headers.get("X-Forwarded-For", ""), trusted
            )
            logger.warning("%d %s %s from %s", status, request.method, request.path, sender)

    return log_request


async def _beat(application: BotApplication, heartbeat: Heartbeat) -> None:
    """Touch the heartbeat while the application processes updates (``report-bot health``)."""
    while application.running:
        heartbeat.touch()
        await asyncio.sleep(HEARTBEAT_SECONDS)


def web_application(application: BotApplication, config: WebhookConfig) -> WebApplication:
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
        log_function=_request_logger(
            [ipaddress.ip_network(proxy) for proxy in config.trusted_proxies]
        ),
    )


async def serve(application: BotApplication, config: WebhookConfig) -> None:
    """Run the bot on a webhook until SIGTERM or SIGINT, then stop cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    server = HTTPServer(
        # xheaders off: remote_ip is the peer; X-Forwarded-For is read only from a trusted proxy.
        web_application(application, config),
        xheaders=False,
        max_body_size=MAX_UPDATE_BYTES,
    )
    async with application:  # initialize and, on the way out, shut down
        if application.post_init:
            await application.post_init(application)
        await application.start()
        sockets = bind_sockets(config.port, config.listen)
        server.add_sockets(sockets)
        port = sockets[0].getsockname()[1]
        logger.info("Listening for updates on %s:%d%s", config.listen, port, config.path)
        try:
            await application.bot.set_webhook(
                config.url, secret_token=config.secret, allowed_updates=Update.ALL_TYPES
            )
            logger.info("Webhook set to %s", config.url)
            beating = asyncio.ensure_future(_beat(application, Heartbeat(config.heartbeat)))
            await stop.wait()
            beating.cancel()
            logger.info("Stopping: no new updates; answering the ones accepted")
        except BadRequest as error:
            raise SettingsError(f"Telegram refused WEBHOOK_URL: {error.message}") from None
        finally:
            server.stop()
            try:
                await asyncio.wait_for(server.close_all_connections(), CLOSE_TIMEOUT)
            except TimeoutError:
                logger.warning("Some webhook connections were still open; closed them")
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
    if application.post_shutdown:
        await application.post_shutdown(application)
