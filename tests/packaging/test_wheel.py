"""The wheel, installed without the checkout, runs: an editable install hides missing packages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.packaging.environments import Environment, build_wheel, clean_environment, copy_checkout

FAKE_TOKEN = "123456:FAKE-token-for-tests-only-abcdefghij"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from a copy of the checkout (the checkout itself stays clean)."""
    source = copy_checkout(tmp_path_factory.mktemp("wheel-source") / "report-bot")
    return build_wheel(source, tmp_path_factory.mktemp("wheels"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Environment:
    """A new environment with the wheel installed, not editable."""
    environment = Environment(tmp_path_factory.mktemp("wheel-venv") / "venv")
    environment.pip_install([str(wheel)], cwd=tmp_path_factory.mktemp("empty"))
    return environment


def test_wheel_ships_what_a_user_runs_and_nothing_else(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    packages = {name.split("/")[0] for name in names if not name.split("/")[0].endswith("-info")}
    assert packages == {"retrieval", "bot"}
    assert "retrieval/formats/__init__.py" in names  # a subpackage: listed by hand, it was lost
    assert {"retrieval/py.typed", "bot/py.typed"} <= set(names)


def test_installed_packages_come_from_the_wheel(installed: Environment, tmp_path: Path) -> None:
    where = installed.run_python("import bot, retrieval; print(retrieval.__file__, bot.__file__)")
    assert all(Path(path).is_relative_to(installed.root) for path in where.split())


def test_installed_report_bot_answers_from_an_empty_folder(
    installed: Environment, tmp_path: Path
) -> None:
    env = clean_environment(REPORT_PATH=str(SEED), RANKER="bm25", CACHE_DIR=str(tmp_path / "c"))
    asked = installed.report_bot(["ask", "Baku-Novorossiysk pipeline", "-k", "1"], tmp_path, env)
    assert asked.returncode == 0, asked.stderr
    assert "Novorossiysk" in asked.stdout


def test_installed_report_bot_checks_its_settings(installed: Environment, tmp_path: Path) -> None:
    env = clean_environment(
        REPORT_PATH=str(SEED), TELEGRAM_BOT_TOKEN=FAKE_TOKEN, CACHE_DIR=str(tmp_path / "c")
    )
    checked = installed.report_bot(["check"], tmp_path, env)
    assert checked.returncode == 0, checked.stderr
    assert "30 paragraphs" in checked.stdout
    assert checked.stdout.rstrip().endswith("ok")
