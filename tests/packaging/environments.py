"""Fresh virtual environments that hold the project only as it is installed, never the checkout.

Each one is seeded with the test run's own site-packages through a ``.pth`` line, so the
dependencies need no index and no download, and the project is installed with ``--no-deps``.
A path line in a ``.pth`` file does not run the ``.pth`` files of that folder, so the
editable install's import hook stays out: ``retrieval`` and ``bot`` come only from what was
installed here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 600.0
"""Seconds for building and installing the project (pip fetches setuptools for the build)."""
RUN_TIMEOUT = 120.0
"""Seconds for one ``report-bot`` command in the installed environment."""
CHECKOUT_ONLY = (
    *(".git", ".venv", ".cache", "data", "build", "dist", "*.egg-info", "__pycache__"),
    *(".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"),
)


class Environment:
    """A new virtual environment at ``root``, seeded with this run's dependencies."""

    def __init__(self, root: Path) -> None:
        venv.EnvBuilder(with_pip=False).create(root)
        self.root = root
        self.python = root / "bin" / "python"
        own = self.run_python("import sysconfig; print(sysconfig.get_paths()['purelib'])")
        seeded = sysconfig.get_paths()["purelib"]
        (Path(own.strip()) / "seeded-from-test-run.pth").write_text(seeded + "\n")

    def pip_install(self, arguments: Sequence[str], cwd: Path) -> None:
        """``pip install`` into this environment: the project alone, its dependencies seeded."""
        command = [str(self.python), "-m", "pip", "install", *arguments]
        command += ["--no-deps", "--ignore-installed", "--quiet"]
        _run(command, cwd, clean_environment(), BUILD_TIMEOUT)

    def run_python(self, code: str, cwd: Path | None = None) -> str:
        """What ``code`` prints, run by this environment's python in isolated mode."""
        command = [str(self.python), "-I", "-c", code]
        return _run(command, cwd or self.root, clean_environment(), RUN_TIMEOUT).stdout

    def report_bot(
        self, arguments: Sequence[str], cwd: Path, env: dict[str, str]
    ) -> subprocess.CompletedProcess[str]:
        """The installed ``report-bot`` console script, run as a user would, from ``cwd``."""
        command = [str(self.root / "bin" / "report-bot"), *arguments]
        return subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT
        )


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without Python's search paths or the bot's settings."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    for name in ("TELEGRAM_BOT_TOKEN", "REPORT_PATH", "RANKER", "FEEDBACK_DB", "REDIS_URL"):
        kept.pop(name, None)
    return kept | settings


def copy_checkout(destination: Path) -> Path:
    """The checkout's sources, copied without its environment, caches and build output."""
    shutil.copytree(PROJECT, destination, ignore=shutil.ignore_patterns(*CHECKOUT_ONLY))
    return destination


def build_wheel(source: Path, wheels: Path) -> Path:
    """The one wheel pip builds from ``source`` (build isolation, as a user's ``pip`` does)."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels)]
    _run([*command, str(source)], source, clean_environment(), BUILD_TIMEOUT)
    (wheel,) = wheels.glob("*.whl")
    return wheel


def _run(
    command: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """``command``'s result; a failure shows its output in the test report."""
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done
