"""Head-of-line blocking: do readers wait while one chat floods the bot?

Run: .venv/bin/python -m benchmarks.concurrency [--readers 100] [--taps 50] [--sections 19000]
     [--spread 10] [--tap-rate 10] [--rounds 3] [--bot PATH-TO-report-bot] [--logs DIR]

The bot (RANKER=bm25) serves one report: the seed report followed by ``--sections``
generated sections, so the dev questions (eval/questions/pscrp-besa-140.dev.jsonl) keep their
answers while ``/sections`` has 19,000 entries to show; each run is a fresh bot process
polling a fresh fake Bot API (tests/e2e/fake_bot_api/). Each round runs it twice:

- idle: ``--readers`` readers, one chat each, ask one dev question each, evenly spread
  over ``--spread`` seconds;
- loaded: the same readers on the same schedule while, from the first question on, one
  chat taps "After ▶" on an answer ``--taps`` times, ``--tap-rate`` a second (the button
  the message shows at that moment: paging edits it in place), and another chat sends
  ``/sections``.

A question's latency runs from the moment it is queued in the fake to the first
``sendMessage`` quoting it; a tap's, from the moment it is queued to its
``answerCallbackQuery``. The goal (issue 13): loaded p95 within 1.5x of idle p95 (all
rounds pooled), and every tap answered. "start s" is how long the bot took to start.
``--bot`` measures another build of the bot (say, an older commit's) the same way.
Results: docs/benchmarks.md, "Readers do not wait for each other".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import platform
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.throughput import QUESTIONS, first_answers
from tests.conftest import SEED
from tests.e2e.bot_process import FAKE_TOKEN, start_bot
from tests.e2e.fake_bot_api import FakeBotApi, SentMessage

TAPPER, OUTLINER, FIRST_READER = 11, 12, 2000
START_SECONDS = 900.0
"""How long a bot may take to start on the big report (main's took minutes)."""
DRAIN_SECONDS = 120.0
"""How long after the last question a run waits for the answers before giving up."""


@dataclass
class Run:
    """What one run measured, in seconds."""

    name: str
    start: float = 0.0
    """Seconds from starting the process to its first ``getUpdates``."""
    latencies: list[float] = field(default_factory=list)
    asked: int = 0
    taps: int = 0
    tap_latencies: list[float] = field(default_factory=list)
    outline_latency: float | None = None
    outline_messages: int = 0
    tap_messages: int = 0

    def p(self, share: float, values: Sequence[float] | None = None) -> float:
        """Nearest-rank percentile of ``values`` (the readers' latencies by default)."""
        ordered = sorted(self.latencies if values is None else values)
        if not ordered:
            return math.nan
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def big_report(folder: Path, sections: int) -> Path:
    """The seed report followed by ``sections`` short generated sections."""
    generated = "\n".join(f"Heading number {i}\nBody text number {i}." for i in range(sections))
    path = folder / "big-report.txt"
    path.write_text(SEED.read_text(encoding="utf-8").rstrip("\n") + "\n" + generated + "\n")
    return path


async def measure(name: str, args: argparse.Namespace, report: Path, loaded: bool) -> Run:
    """One fresh bot, the readers' questions, and in a loaded run the tapper and /sections."""
    run = Run(name)
    env = {"REPORT_PATH": str(report), "LOG_LEVEL": "WARNING"}
    command = [args.bot, "run"] if args.bot else None
    loop = asyncio.get_running_loop()
    started = loop.time()
    with tempfile.TemporaryDirectory() as workdir:
        async with FakeBotApi(FAKE_TOKEN) as api:
            bot = await start_bot(
                api, Path(workdir), env, command=command, start_timeout=START_SECONDS
            )
            run.start = loop.time() - started
            try:
                api.send_text("Who is Kemal Öztürk?", chat_id=TAPPER, user_id=TAPPER)
                (answer,) = await api.wait_for_sent(1, chat_id=TAPPER, timeout=120)
                start = loop.time() + 0.2
                side = (
                    [tap(api, answer, args.taps, args.tap_rate, start), outline(api, run, start)]
                    if loaded
                    else []
                )
                asking = asyncio.ensure_future(ask(api, args, start))
                await asyncio.gather(asking, *side)
                queued = asking.result()
                deadline = loop.time() + DRAIN_SECONDS
                while loop.time() < deadline and not set(queued) <= set(first_answers(api)):
                    await asyncio.sleep(0.05)
                tapped = set(api.callback_sent_at)
                while loop.time() < deadline and not tapped <= answered_taps(api).keys():
                    await asyncio.sleep(0.05)
            finally:
                with contextlib.suppress(TimeoutError):  # a backlog still sending: killed
                    await bot.stop()
                if args.logs:
                    Path(args.logs, f"{name}.log").write_text(bot.log(), encoding="utf-8")
            answers = first_answers(api)
            run.asked = len(queued)
            run.latencies = [answers[key] - at for key, at in queued.items() if key in answers]
            taps = answered_taps(api)
            run.taps = len(api.callback_sent_at)
            run.tap_latencies = [
                taps[query] - at for query, at in api.callback_sent_at.items() if query in taps
            ]
            run.tap_messages = len(api.sent_to(TAPPER)) - 1
            run.outline_messages = len(api.sent_to(OUTLINER))
    return run


async def ask(
    api: FakeBotApi, args: argparse.Namespace, start: float
) -> dict[tuple[int, int], float]:
    """Each reader's question on schedule; when each was queued, by (chat, message id)."""
    loop = asyncio.get_running_loop()
    queued: dict[tuple[int, int], float] = {}
    for number in range(args.readers):
        await asyncio.sleep(max(0.0, start + number * args.spread / args.readers - loop.time()))
        chat = FIRST_READER + number
        api.send_text(QUESTIONS[number % len(QUESTIONS)], chat_id=chat, user_id=chat)
        queued[(chat, api.message_ids(chat, from_bot=False)[-1])] = loop.time()
    return queued


async def tap(api: FakeBotApi, answer: SentMessage, taps: int, rate: float, start: float) -> None:
    """Tap "After ▶" on the tapper's answer ``taps`` times, ``rate`` a second: the first such
    button the message shows at that moment, as paging edits it in place."""
    loop = asyncio.get_running_loop()
    for number in range(taps):
        await asyncio.sleep(max(0.0, start + number / rate - loop.time()))
        shown = api.message(TAPPER, answer.message_id) or {}
        rows = shown.get("reply_markup", {}).get("inline_keyboard", [])
        after = next(b for row in rows for b in row if b["text"] == "After ▶")
        api.send_callback_query(
            after["callback_data"],
            message_id=answer.message_id,
            chat_id=TAPPER,
            user_id=TAPPER,
        )


async def outline(api: FakeBotApi, run: Run, start: float) -> None:
    """Send /sections from another chat and time its first reply."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, start - loop.time()))
    sent = loop.time()
    api.send_text("/sections", chat_id=OUTLINER, user_id=OUTLINER)
    try:
        await api.wait_for_sent(1, chat_id=OUTLINER, timeout=DRAIN_SECONDS)
    except TimeoutError:
        return
    first = [c for c in api.calls if c.method == "sendMessage" and c.ok]
    run.outline_latency = (
        min(c.started_at for c in first if str(c.params.get("chat_id")) == str(OUTLINER)) - sent
    )


def answered_taps(api: FakeBotApi) -> dict[str, float]:
    """When each callback query was answered, by its id."""
    return {
        str(call.params.get("callback_query_id")): call.started_at
        for call in api.calls
        if call.method == "answerCallbackQuery" and call.ok
    }


def table(runs: Sequence[Run]) -> str:
    """The Markdown table of the runs, each against the first (the pooled idle runs)."""
    idle = runs[0]
    lines = [
        "| run | answered | p50 ms | p95 ms | p95 vs idle | max ms | taps answered "
        "| tap answer p95 / max ms | messages or edits for the taps | /sections first reply ms "
        "| /sections messages | start s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in runs:
        ratio = run.p(0.95) / idle.p(0.95) if idle.latencies else math.nan
        taps = (
            f"{run.p(0.95, run.tap_latencies) * 1000:.0f} / {max(run.tap_latencies) * 1000:.0f}"
            if run.tap_latencies
            else "-"
        )
        outline_ms = f"{run.outline_latency * 1000:.0f}" if run.outline_latency else "-"
        lines.append(
            f"| {run.name} | {len(run.latencies)}/{run.asked} | {run.p(0.5) * 1000:.0f} "
            f"| {run.p(0.95) * 1000:.0f} | {ratio:.2f}x | {run.p(1.0) * 1000:.0f} "
            f"| {len(run.tap_latencies)}/{run.taps} | {taps} | {run.tap_messages} "
            f"| {outline_ms} | {run.outline_messages} | {run.start:.1f} |"
        )
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> int:
    """Idle and loaded runs, ``--rounds`` times in turn; the table and whether the goal was met.

    The machine is shared and a p95 of some 25 ms moves by 10 ms from run to run, so the
    verdict is on all rounds' latencies pooled; each round is shown too.
    """
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as folder:
        report = big_report(Path(folder), args.sections)
        for round_ in range(1, args.rounds + 1):
            runs.append(await measure(f"idle, round {round_}", args, report, loaded=False))
            runs.append(await measure(f"loaded, round {round_}", args, report, loaded=True))
    idle, loaded = pool("idle, all rounds", runs[0::2]), pool("loaded, all rounds", runs[1::2])
    print(
        f"{args.readers} readers over {args.spread:g} s; loaded: {args.taps} taps of one "
        f"button ({args.tap_rate:g}/s) and /sections on a report of {args.sections:,} "
        f"generated sections after the seed; {platform.python_version()}, "
        f"{os.cpu_count()} cores, {args.rounds} round(s)\n"
    )
    print(table([idle, loaded, *runs]))
    ok = (
        loaded.p(0.95) <= 1.5 * idle.p(0.95)
        and len(loaded.tap_latencies) == loaded.taps == args.taps * args.rounds
        and len(loaded.latencies) == loaded.asked
    )
    print(f"\ngoal (p95 within 1.5x of idle, every tap answered): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def pool(name: str, runs: Sequence[Run]) -> Run:
    """Several runs' measurements as one."""
    pooled = Run(name, start=max(run.start for run in runs))
    for run in runs:
        pooled.latencies += run.latencies
        pooled.asked += run.asked
        pooled.taps += run.taps
        pooled.tap_latencies += run.tap_latencies
        pooled.tap_messages += run.tap_messages
        pooled.outline_messages += run.outline_messages
        if run.outline_latency is not None:
            pooled.outline_latency = max(pooled.outline_latency or 0.0, run.outline_latency)
    return pooled


def main() -> int:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--readers", type=int, default=100)
    parser.add_argument("--taps", type=int, default=50)
    parser.add_argument("--sections", type=int, default=19_000)
    parser.add_argument("--spread", type=float, default=10.0, help="seconds over which to ask")
    parser.add_argument("--bot", default="", help="another report-bot executable to measure")
    parser.add_argument("--tap-rate", type=float, default=10.0, help="taps a second")
    parser.add_argument("--rounds", type=int, default=3, help="idle and loaded runs in turn")
    parser.add_argument("--logs", default="", help="a folder to keep each run's bot log in")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
