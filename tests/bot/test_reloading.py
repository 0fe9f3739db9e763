"""Reloading the reports while the bot runs: what is read, served, logged and abandoned.

The reloader is driven by hand here (``look`` twice, then ``reload``), with no clock and no
Telegram; ``tests/e2e/test_reload.py`` runs the real bot process on a changing folder.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from bot.conversation.callbacks import Action, Kind, is_current, signed
from bot.conversation.catalogue import Catalogue
from bot.conversation.examples import examples
from bot.conversation.state import STATE, Access, BotState
from bot.serving.editions import Editions
from bot.serving.reloading import Reloaded, Reloader
from bot.serving.upgrading import UpgradingRanker
from bot.serving.watching import Changes, snapshot
from bot.storage.fair_use import FairUse
from retrieval import Index, Report, load
from retrieval.hybrid import HybridIndex, Mode
from retrieval.semantic import Model
from tests.conftest import SOLAR_REPORT
from tests.retrieval.test_library import BUDGET, ORCHARD
from tests.retrieval.test_semantic import FakeE5, fake_model

RIVERS = "River Report\nFloods\nThe river Arno flooded Florence in 1966.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a-orchard.txt").write_text(ORCHARD, encoding="utf-8")
    (reports / "b-budget.md").write_text(BUDGET, encoding="utf-8")
    return reports


class Bot:
    """A reloader over ``path`` as ``report-bot run`` makes it, counting the files read."""

    def __init__(
        self,
        path: Path,
        mode: Mode = "bm25",
        model: Callable[[], tuple[Model | None, str]] | None = None,
        slow: dict[str, threading.Event] | None = None,
    ) -> None:
        """``slow``: files whose reading waits for their event to be set."""
        self.reads: Counter[str] = Counter()

        def read(file: Path) -> Report:
            gate = (slow or {}).get(file.name)
            if gate is not None:
                assert gate.wait(timeout=10), "the test never opened the gate"
            self.reads[file.name] += 1
            return load(file)

        loader = model or (lambda: (None, "no model in this test"))
        cache = path.parent / "cache"
        editions = Editions(path, mode, cache, load_model=loader, read=read)
        seen = snapshot(path)
        edition = editions.build(editions.read())
        self.reloader = Reloader(editions, edition, seen, interval=1)

    def reload(self) -> Reloaded | None:
        """Look twice (the change settles), reload, and serve what was reloaded."""
        assert self.reloader.look() is None
        files = self.reloader.look()
        assert files, "no change seen"
        reloaded = self.reloader.reload(files)
        if reloaded is not None:
            self.reloader.served(reloaded)
        return reloaded


def titles(reloaded: Reloaded | None) -> list[str]:
    assert reloaded is not None
    return [report.title for report in reloaded.edition.ranker.reports]


def test_an_added_report_is_served_and_only_it_is_read(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bot = Bot(folder)
    (folder / "c-solar.txt").write_text(SOLAR_REPORT, encoding="utf-8")
    with caplog.at_level(logging.INFO):
        reloaded = bot.reload()
    assert reloaded is not None
    assert reloaded.changes == Changes(added=(str(folder / "c-solar.txt"),))
    assert bot.reads == {"a-orchard.txt": 1, "b-budget.md": 1, "c-solar.txt": 1}
    (hit,) = reloaded.edition.ranker.search("rooftop solar panels", k=1).hits
    assert hit.report.title == "Solar Power in Kenya (March 2024)"
    assert reloaded.catalogue.number(hit.report) == 3
    (line,) = [r.getMessage() for r in caplog.records if "reloaded" in r.getMessage()]
    assert line.startswith("Reports reloaded: +c-solar.txt (3 reports, 7 paragraphs) in ")
    assert line.endswith(" s; ranking with bm25 (asked for)")


def test_a_changed_and_a_removed_report_are_named_in_the_line(folder: Path) -> None:
    bot = Bot(folder)
    (folder / "a-orchard.txt").write_text(ORCHARD.replace("autumn", "October"), "utf-8")
    (folder / "b-budget.md").unlink()
    reloaded = bot.reload()
    assert reloaded is not None
    assert reloaded.changes.describe() == "~a-orchard.txt -b-budget.md"
    assert titles(reloaded) == ["Orchard Notes (May 2, 2024)"]
    assert reloaded.edition.ranker.search("apples ripen in October").hits


def test_a_file_touched_or_rewritten_the_same_reloads_nothing(folder: Path) -> None:
    bot = Bot(folder)
    os.utime(folder / "a-orchard.txt", ns=(1, 1))
    assert bot.reload() is None
    assert bot.reads["a-orchard.txt"] == 2  # read again: its fingerprint changed
    assert bot.reads["b-budget.md"] == 1


def test_an_unreadable_new_file_is_one_line_and_the_others_are_served(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bot = Bot(folder)
    (folder / "c-solar.txt").write_text(SOLAR_REPORT, encoding="utf-8")
    (folder / "d-broken.docx").write_bytes(b"PK\x03\x04 cut short")
    with caplog.at_level(logging.INFO):
        reloaded = bot.reload()
        (folder / "e-rivers.txt").write_text(RIVERS, encoding="utf-8")
        again = bot.reload()
    skipped = [r for r in caplog.records if r.getMessage().startswith("Skipped")]
    assert len(skipped) == 1  # not again while the broken file stays as it was
    assert skipped[0].levelname == "WARNING"
    assert skipped[0].getMessage().startswith("Skipped d-broken.docx: Cannot read the Word file")
    assert "\n" not in skipped[0].getMessage()
    assert skipped[0].exc_info is None
    assert titles(reloaded)[-1] == "Solar Power in Kenya (March 2024)"
    assert titles(again)[-1] == "River Report"
    assert bot.reads["d-broken.docx"] == 1


def test_a_folder_left_without_reports_keeps_serving_the_last_ones(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bot = Bot(folder)
    served = bot.reloader.edition
    for report in folder.iterdir():
        report.unlink()
    assert bot.reload() is None
    assert bot.reloader.edition is served
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warning.startswith("Reports not reloaded: No report (.txt, .md")
    assert warning.endswith(f"in the folder {folder}; still serving the 2 report(s) read before.")
    (folder / "c-solar.txt").write_text(SOLAR_REPORT, encoding="utf-8")
    assert titles(bot.reload()) == ["Solar Power in Kenya (March 2024)"]


def test_a_single_report_file_is_watched_too(folder: Path) -> None:
    bot = Bot(folder / "a-orchard.txt")
    (folder / "a-orchard.txt").write_text(ORCHARD.replace("Pears", "Quinces"), "utf-8")
    reloaded = bot.reload()
    assert reloaded is not None
    assert reloaded.changes.describe() == "~a-orchard.txt"
    assert reloaded.edition.ranker.search("quinces").hits
    (folder / "a-orchard.txt").unlink()
    assert bot.reload() is None  # nothing to serve instead: the last version stays


def test_a_reload_expires_the_buttons_of_changed_reports_only(folder: Path) -> None:
    bot = Bot(folder)
    before = Catalogue(bot.reloader.edition.ranker.reports)
    orchard = signed(Action(Kind.PARAGRAPH, "", 1, 2), before)
    budget = signed(Action(Kind.PARAGRAPH, "", 2, 2), before)
    (folder / "b-budget.md").write_text(BUDGET.replace("buses", "trams"), "utf-8")
    (folder / "c-solar.txt").write_text(SOLAR_REPORT, encoding="utf-8")
    reloaded = bot.reload()
    assert reloaded is not None
    assert is_current(orchard, reloaded.catalogue)
    assert not is_current(budget, reloaded.catalogue)


class GatedE5(FakeE5):
    """Embeds passages only while ``gate`` is open."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()

    def passage(self, texts: list[str]) -> np.ndarray:
        assert self.gate.wait(timeout=10), "the test never opened the gate"
        return super().passage(texts)


def test_embeddings_follow_each_reload_and_a_newer_one_abandons_an_older_run(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = GatedE5()
    loads = []

    def model() -> tuple[Model | None, str]:
        loads.append(1)
        return fake_model(engine), "fake-e5 1"

    bot = Bot(folder, "auto", model)
    first = bot.reloader.edition.ranker
    assert isinstance(first, UpgradingRanker)
    assert first.upgraded.wait(timeout=10)
    engine.gate.clear()  # the next run stops at its first passage
    (folder / "c-solar.txt").write_text(SOLAR_REPORT, encoding="utf-8")
    with caplog.at_level(logging.INFO):
        older = bot.reload()
        assert older is not None
        assert older.edition.description.startswith("bm25 until the paragraphs are embedded")
        assert older.edition.ranker.search("rooftop solar panels").hits  # BM25 meanwhile
        (folder / "d-rivers.txt").write_text(RIVERS, encoding="utf-8")
        newer = bot.reload()
        engine.gate.set()
        assert newer is not None
        newest = newer.edition.ranker
        assert isinstance(newest, UpgradingRanker)
        assert newest.upgraded.wait(timeout=10)
    assert isinstance(newest.current, HybridIndex)
    assert len(newest.reports) == 4
    assert isinstance(older.edition.ranker, UpgradingRanker)
    assert not older.edition.ranker.upgraded.is_set()
    assert isinstance(older.edition.ranker.current, Index)  # never swapped over the newer
    messages = [r.getMessage() for r in caplog.records]
    assert "Embedding abandoned: a newer version of the reports is served" in messages
    (folder / "d-rivers.txt").unlink()  # every remaining report's vectors are cached
    cached = bot.reload()
    assert cached is not None
    assert isinstance(cached.edition.ranker, HybridIndex)  # hybrid at once
    assert cached.edition.description == "hybrid (BM25 + fake-e5 1)"
    assert len(loads) == 1  # one model for every edition


def serving(bot: Bot) -> SimpleNamespace:
    """The part of a PTB ``Application`` the reloader uses, serving ``bot``'s edition."""
    ranker = bot.reloader.edition.ranker
    state = BotState(
        index=ranker,
        top_k=3,
        examples=examples(ranker),
        max_question_words=64,
        access=Access(),
        fair_use=FairUse(6, 30),
        catalogue=Catalogue(ranker.reports),
    )
    menus: list[Any] = []

    async def set_my_commands(commands: list[Any]) -> None:
        menus.append([command.command for command in commands])

    fake_bot = SimpleNamespace(set_my_commands=set_my_commands, menus=menus)
    return SimpleNamespace(bot_data={STATE: state}, bot=fake_bot)


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Undo the reload's ``gc.freeze`` for the tests that follow."""
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
async def test_the_watch_swaps_the_state_whole_and_lets_the_old_edition_go(
    folder: Path,
) -> None:
    (folder / "b-budget.md").unlink()
    bot = Bot(folder)
    bot.reloader.interval = 0.05
    application = serving(bot)
    before: BotState = application.bot_data[STATE]
    old_index = weakref.ref(before.index)
    await bot.reloader.start(application)  # type: ignore[arg-type]
    try:
        (folder / "c-solar.txt").write_text(SOLAR_REPORT, encoding="utf-8")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while application.bot_data[STATE] is before:
            assert loop.time() < deadline, "the change was never served"
            await asyncio.sleep(0.02)
    finally:
        await bot.reloader.stop(application)  # type: ignore[arg-type]
    after: BotState = application.bot_data[STATE]
    assert len(after.index.reports) == len(after.catalogue.reports) == 2
    assert after.examples != before.examples
    assert after.answers is before.answers  # what is not about the reports is shared
    assert application.bot.menus[-1][-1] == "reports"  # a library now: /reports in the menu
    del before
    gc.collect()
    assert old_index() is None  # nothing keeps the old edition alive


def test_a_slow_file_waits_for_nobody_and_is_served_once_read(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gate = threading.Event()
    bot = Bot(folder, slow={"c-solar.txt": gate})
    bot.reloader.patience = 0.1
    (folder / "c-solar.txt").write_text(SOLAR_REPORT, encoding="utf-8")
    (folder / "d-rivers.txt").write_text(RIVERS, encoding="utf-8")
    with caplog.at_level(logging.INFO):
        first = bot.reload()
    assert titles(first)[-1] == "River Report"
    assert "Solar Power in Kenya (March 2024)" not in titles(first)
    assert "Still reading c-solar.txt; it is served once read" in caplog.messages
    assert not [m for m in caplog.messages if m.startswith("Skipped")]
    assert bot.reloader.look() is None  # still being read
    gate.set()
    (reading,) = bot.reloader.editions._reading.values()
    reading[1].result(timeout=10)
    files = bot.reloader.look()
    assert files == Changes(changed=(str(folder / "c-solar.txt"),))
    second = bot.reloader.reload(files)
    assert second is not None
    assert second.changes == Changes(added=(str(folder / "c-solar.txt"),))
    assert titles(second)[2] == "Solar Power in Kenya (March 2024)"
    assert bot.reads["c-solar.txt"] == 1
