"""The image's build context and install step, replayed without a container engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.console.exits import EXIT_UNHEALTHY
from tests.packaging.docker_context import ignored, read_rules, replay
from tests.packaging.environments import PROJECT, Environment, clean_environment

FAKE_TOKEN = "123456:FAKE-token-for-tests-only-abcdefghij"


@pytest.mark.parametrize(
    ("path", "left_out"),
    [
        ("bot/serving/app.py", False),
        ("bot/__pycache__/app.cpython-311.pyc", True),
        ("tests/conftest.py", True),
        ("benchmarks/tune.py", True),
        (".env", True),
        (".env.example", False),
        (".venv/bin/python", True),
        ("data/feedback.sqlite3", True),
        ("seeds/old/votes.sqlite3", True),
        ("report_bot.egg-info/PKG-INFO", True),
    ],
)
def test_dockerignore_keeps_the_sources_and_leaves_out_the_rest(path: str, left_out: bool) -> None:
    assert ignored(path, read_rules((PROJECT / ".dockerignore").read_text())) == left_out


def test_an_exception_after_a_pattern_wins() -> None:
    rules = read_rules("docs\n**/*.md\n!README.md\n")
    assert [ignored(path, rules) for path in ("README.md", "a/b.md", "docs/x")] == [
        False,
        True,
        True,
    ]


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> tuple[Environment, Path]:
    """The image's files and its environment after the Dockerfile's steps, and its WORKDIR."""
    environment = Environment(tmp_path_factory.mktemp("image-venv") / "venv")
    installs = []
    workdir = Path()
    for command, workdir in replay(PROJECT, tmp_path_factory.mktemp("image")):
        if command[:2] == ["pip", "install"]:
            installs.append(command)
            environment.pip_install(command[2:], cwd=workdir)
    assert installs == [["pip", "install", ".[semantic]"]]
    return environment, workdir


def test_image_runs_the_installed_bot_not_its_copied_sources(
    image: tuple[Environment, Path],
) -> None:
    environment, workdir = image
    where = environment.run_python("import bot, retrieval; print(retrieval.__file__, bot.__file__)")
    assert all(Path(path).is_relative_to(environment.root) for path in where.split())
    assert (workdir / "retrieval" / "formats").is_dir()  # also copied, but not what runs


def test_image_checks_the_seed_report_it_carries(image: tuple[Environment, Path]) -> None:
    environment, workdir = image
    env = clean_environment(TELEGRAM_BOT_TOKEN=FAKE_TOKEN, CACHE_DIR=str(workdir / ".cache"))
    checked = environment.report_bot(["check"], workdir, env)
    assert checked.returncode == 0, checked.stderr
    assert "30 paragraphs" in checked.stdout


def test_image_healthcheck_says_not_serving_before_the_bot_runs(
    image: tuple[Environment, Path],
) -> None:
    environment, workdir = image
    env = clean_environment(HEARTBEAT_FILE=str(workdir / ".cache" / "heartbeat"))
    health = environment.report_bot(["health"], workdir, env)
    assert (health.returncode, "not serving" in health.stderr) == (EXIT_UNHEALTHY, True)
