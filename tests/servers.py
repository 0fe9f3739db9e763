"""Real PostgreSQL and Redis servers for the tests: throwaway ones, or the ones named.

``TEST_POSTGRES_URL`` / ``TEST_REDIS_URL`` name servers to use (a superuser's URL for
PostgreSQL: each test makes a database of its own there). Unset, a throwaway server is
started from the distribution's binaries when they are installed (``initdb`` and
``postgres`` on PATH or in /usr/lib/postgresql/*/bin; ``redis-server``): in a temporary
folder, listening on 127.0.0.1 only, on a free port, with a password, and stopped when the
tests end (or die: each server gets a signal when the test process goes, so none is left
running). As root, PostgreSQL (which refuses root) runs as the ``postgres`` user the
package creates.

Where no server can be had, the tests that need one are skipped with the reason; with
``CI=true`` (set by .ci/run, which installs the packages) or ``TEST_SERVERS=required`` they
fail instead,
so that CI cannot pass without running them. ``benchmarks/feedback_contention.py`` starts
its server here too.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

PR_SET_PDEATHSIG = 1
"""prctl's option: the signal a process gets when its parent dies."""
START_TIMEOUT = 60
"""Seconds a server may take to start (initdb included) on a busy machine."""
NOT_RUNNING_HELP = {
    "postgres": "set TEST_POSTGRES_URL, or install PostgreSQL (apt-get install postgresql); "
    ".ci/run does both",
    "redis": "set TEST_REDIS_URL, or install Redis (apt-get install redis-server); .ci/run "
    "does both",
}


class ServerUnavailableError(Exception):
    """No server of this kind can be had here; the message says why."""


@dataclass
class Server:
    """A server the tests may use, and how to stop it (a no-op for one they did not start)."""

    url: str
    stop: Callable[[], None]


def required() -> bool:
    """Whether a missing server fails the tests instead of skipping them: in CI
    (``CI=true``: ``.ci/run`` installs the servers) or with ``TEST_SERVERS=required``."""
    return os.environ.get("TEST_SERVERS", "") == "required" or os.environ.get("CI") == "true"


def free_port() -> int:
    """A loopback TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def postgres(durable: bool = False) -> Iterator[Server]:
    """``TEST_POSTGRES_URL``'s server if reachable, else a throwaway one; ``ServerUnavailableError``
    otherwise. ``durable`` keeps fsync on (for benchmarks); tests run without it."""
    named = os.environ.get("TEST_POSTGRES_URL")
    server = _named_postgres(named) if named else _start_postgres(durable)
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def redis() -> Iterator[Server]:
    """``TEST_REDIS_URL``'s server if reachable, else a throwaway one; ``ServerUnavailableError``
    otherwise."""
    named = os.environ.get("TEST_REDIS_URL")
    server = _named_redis(named) if named else _start_redis()
    try:
        yield server
    finally:
        server.stop()


def _named_postgres(url: str) -> Server:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as error:
        raise ServerUnavailableError(
            f"TEST_POSTGRES_URL cannot be reached: {_one_line(error)}"
        ) from None
    return Server(url, lambda: None)


def _named_redis(url: str) -> Server:
    from redis import Redis, RedisError

    client = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    try:
        client.ping()
    except (RedisError, OSError) as error:
        raise ServerUnavailableError(
            f"TEST_REDIS_URL cannot be reached: {_one_line(error)}"
        ) from None
    finally:
        client.close()
    return Server(url, lambda: None)


def postgres_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``postgres``: on PATH, else Debian's newest."""
    on_path = shutil.which("initdb")
    if on_path and (Path(on_path).parent / "postgres").exists():
        return Path(on_path).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def _start_postgres(durable: bool) -> Server:
    binaries = postgres_binaries()
    if binaries is None:
        raise ServerUnavailableError("PostgreSQL is not installed (no initdb)")
    owner = _postgres_owner()
    folder = _folder("postgres")
    password = secrets.token_urlsafe(16)
    (folder / "password").write_text(password)
    user, group = (owner.pw_uid, owner.pw_gid) if owner else (None, None)
    if owner is not None:
        for path in (folder, folder / "password"):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    data, port = folder / "data", free_port()
    try:
        subprocess.run(
            [
                str(binaries / "initdb"),
                *("-D", str(data), "-U", "postgres", "--pwfile", str(folder / "password")),
                *("--auth", "scram-sha-256", "--encoding", "UTF8", "--locale", "C.UTF-8"),
            ],
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT,
            stdin=subprocess.DEVNULL,
            user=user,
            group=group,
        )
    except (subprocess.SubprocessError, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        output = error.stderr if isinstance(error, subprocess.CalledProcessError) else b""
        raise ServerUnavailableError(
            f"initdb failed: {_one_line(error)} {_one_line(output.decode(errors='replace'))}"
        ) from None
    options = ["-c", "listen_addresses=127.0.0.1", "-p", str(port), "-k", str(folder)]
    if not durable:
        options += ["-c", "fsync=off", "-c", "synchronous_commit=off"]
    process = _child(
        [str(binaries / "postgres"), "-D", str(data), *options],
        folder / "log",
        user=(user, group),
        stop_signal=signal.SIGINT,  # PostgreSQL's fast shutdown
    )
    url = f"postgresql://postgres:{password}@127.0.0.1:{port}/postgres"

    def ready() -> None:
        import psycopg

        psycopg.connect(url, connect_timeout=2).close()

    return _when_ready("PostgreSQL", process, folder, url, ready, signal.SIGINT)


def _postgres_owner() -> pwd.struct_passwd | None:
    """The user PostgreSQL runs as when we are root (it refuses root), else None."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise ServerUnavailableError(
            "running as root, and there is no postgres user to run PostgreSQL as"
        ) from None


def _start_redis() -> Server:
    binary = shutil.which("redis-server")
    if binary is None:
        raise ServerUnavailableError("Redis is not installed (no redis-server)")
    folder = _folder("redis")
    password, port = secrets.token_urlsafe(16), free_port()
    (folder / "redis.conf").write_text(
        f"port {port}\nbind 127.0.0.1\nsave ''\nappendonly no\ndir {folder}\n"
        f"requirepass {password}\n"  # in a file: a password on the command line shows in ps
    )
    process = _child([binary, str(folder / "redis.conf")], folder / "log")
    url = f"redis://:{password}@127.0.0.1:{port}/0"

    def ready() -> None:
        from redis import Redis

        with Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1) as client:
            client.ping()

    return _when_ready("Redis", process, folder, url, ready, signal.SIGTERM)


def _folder(kind: str) -> Path:
    """A new folder for a throwaway server, once those left by test runs that were killed
    are removed. Not under pytest's temporary folder: PostgreSQL's user cannot enter it."""
    for stale in Path(tempfile.gettempdir()).glob(f"report-bot-{kind}-*"):
        if not _in_use(stale):
            shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"report-bot-{kind}-"))
    (folder / "test-process").write_text(str(os.getpid()))
    return folder


def _in_use(folder: Path) -> bool:
    """Whether the test process that made ``folder`` still runs (or is making it now)."""
    try:
        os.kill(int((folder / "test-process").read_text()), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            return time.time() - folder.stat().st_mtime < 3600
        return False
    return True


def _child(
    command: list[str],
    log: Path,
    user: tuple[int | None, int | None] = (None, None),
    stop_signal: signal.Signals = signal.SIGTERM,
) -> subprocess.Popen[bytes]:
    """Start a server that ends with the test run, even one killed outright: the kernel
    sends it ``stop_signal`` when its parent dies (Linux's parent-death signal)."""

    def end_with_parent() -> None:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, stop_signal)

    with log.open("wb") as output:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            user=user[0],
            group=user[1],
            start_new_session=True,
            preexec_fn=end_with_parent,  # after the change of user, which would clear it
        )


def _when_ready(
    name: str,
    process: subprocess.Popen[bytes],
    folder: Path,
    url: str,
    ready: Callable[[], None],
    stop_signal: signal.Signals,
) -> Server:
    """The started server once ``ready()`` stops raising (within ``START_TIMEOUT``)."""

    def stop() -> None:
        process.send_signal(stop_signal)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            ready()
            return Server(url, stop)
        except Exception as error:
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "log").read_text(errors="replace")[-300:]
                stop()
                raise ServerUnavailableError(
                    f"{name} did not start: {_one_line(error)} {_one_line(log)}"
                ) from None
        time.sleep(0.1)


def _one_line(error: object) -> str:
    return " ".join(str(error).split())
