"""How long a report dropped into the folder takes to be served by the running bot.

Starts the real bot (``report-bot run`` against the fake Bot API, ``RANKER=auto``, the
default ``RELOAD_INTERVAL`` unless ``--interval``) over a folder of the seed and four
reports of the evaluation collection, their vectors cached beforehand. Then drops one
ordinary report in, the CRS report of the collection (94 paragraphs) as text and then
typeset as a PDF (``benchmarks.formats_eval.write_pdf``), each copy made unique so that
its vectors are computed, and times from the drop (an atomic rename):

- the reload line (``Reports reloaded: +...``), and the reading and indexing it quotes;
- the first answer from the new report to a question only it answers, asked every
  0.25 s from a new chat (BM25 until the embeddings are ready);
- the embeddings ready line (the hybrid ranker serves the new report).

Every question asked meanwhile must be answered; the slowest answer is quoted. After each
drop the file is removed again and that reload timed too (every vector cached: hybrid at
once). The drop falls at a random point of the interval, so the reload line comes one to
two intervals later; the figures of a run are one sample of that.

Last, in this process: the pause of the full garbage collection each reload's swap makes
(``bot.serving.reloading``), with that library read and indexed.

Run: ``.venv/bin/python -m benchmarks.reload [--interval 10] [--runs 1] [--log FILE]``
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import re
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.formats_eval import write_pdf
from bot.serving.editions import Editions
from retrieval import load_report
from tests.conftest import PROJECT, SEED
from tests.e2e.bot_process import FAKE_TOKEN, BotProcess, start_bot
from tests.e2e.fake_bot_api import FakeBotApi

REPORTS = PROJECT / "eval" / "reports"
NEWCOMER = "crs-cryptomining-electricity-2026"
QUESTION = "By how much did Ethereum expect the Merge to cut its energy consumption?"
CACHE = PROJECT / ".cache" / "bench-reload"
"""Kept between runs: the library's vectors are computed once per machine."""
ASK_EVERY = 0.25
WAIT = 600.0
"""Bound of every wait: an embedding run on a busy 2-core machine takes minutes at worst."""


@dataclass
class Row:
    """One drop (or removal) and what followed, in seconds from it."""

    change: str
    paragraphs: int
    line: float
    read_and_index: float
    first_answer: float | None
    embedded: float | None
    asked: int
    answered: int
    slowest: float


def newcomer(kind: str, nonce: str, scratch: Path) -> tuple[str, bytes]:
    """The file to drop: the CRS report with one paragraph naming this run, as ``kind``."""
    text = (REPORTS / f"{NEWCOMER}.txt").read_text(encoding="utf-8")
    text = f"{text.rstrip()}\nThis copy was made for the reload benchmark run {nonce}.\n"
    if kind == "text":
        return f"z-{NEWCOMER}.txt", text.encode()
    source = scratch / f"{NEWCOMER}.txt"  # write_pdf reads the text file's lines again
    source.write_text(text, encoding="utf-8")
    file = write_pdf(load_report(source), scratch)
    if file is None:
        raise SystemExit("the DejaVu fonts that benchmarks.formats_eval typesets with are missing")
    return f"z-{NEWCOMER}.pdf", file.read_bytes()


def drop(folder: Path, name: str, content: bytes) -> None:
    """Put the whole file in at once: a hidden copy (never read), then a rename."""
    hidden = folder / f".{name}.part"
    hidden.write_bytes(content)
    os.replace(hidden, folder / name)


async def log_line(bot: BotProcess, pattern: str, seen: int) -> tuple[float, str]:
    """Wait for the ``seen``+1-th log line matching ``pattern``; when it came, and it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    compiled = re.compile(pattern)
    while True:
        found = [line for line in bot.log().splitlines() if compiled.search(line)]
        if len(found) > seen:
            return loop.time(), found[seen]
        if loop.time() > deadline or bot.process.returncode is not None:
            raise TimeoutError(f"no line {pattern!r}:\n{bot.log()[-3000:]}")
        await asyncio.sleep(0.01)


def count(bot: BotProcess, pattern: str) -> int:
    return sum(1 for line in bot.log().splitlines() if re.search(pattern, line))


async def measure(
    api: FakeBotApi, bot: BotProcess, folder: Path, name: str, content: bytes | None, chat: int
) -> Row:
    """Drop ``content`` as ``name`` (None: remove ``name``), asking all the while."""
    loop = asyncio.get_running_loop()
    mark = f"-{name}" if content is None else f"+{name}"
    line_pattern = rf"Reports reloaded: .*{re.escape(mark)}"
    lines_before = count(bot, line_pattern)
    ready_before = count(bot, "Embedding index ready")
    asked: dict[int, float] = {}
    stop = asyncio.Event()

    async def keep_asking() -> None:
        while not stop.is_set() and len(asked) < 4000:
            number = chat + len(asked)
            api.send_text(QUESTION, chat_id=number, user_id=number)
            asked[number] = loop.time()
            await asyncio.sleep(ASK_EVERY)

    asking = asyncio.ensure_future(keep_asking())
    await asyncio.sleep(1.0)  # readers already asking before the change
    started = loop.time()
    if content is None:
        (folder / name).unlink()
    else:
        drop(folder, name, content)
    line_at, line = await log_line(bot, line_pattern, lines_before)
    found = re.search(
        r"\((\d+) reports, (\d+) paragraphs\) in ([\d.]+) s; ranking with (.*)$", line
    )
    assert found is not None, line
    embedded = None
    if found.group(4).startswith("bm25 until"):
        ready_at, _ = await log_line(bot, "Embedding index ready", ready_before)
        embedded = ready_at - started
    await asyncio.sleep(1.0)  # readers still asking after it
    stop.set()
    await asking
    deadline = loop.time() + WAIT
    while loop.time() < deadline and not all(api.sent_to(number) for number in asked):
        await asyncio.sleep(0.05)
    arrivals = {
        int(call.params["chat_id"]): call.started_at
        for call in reversed(api.calls)
        if call.method == "sendMessage" and call.ok and int(call.params["chat_id"]) in asked
    }
    new_name = load_report(folder / name).name if content is not None else None
    from_new = [
        arrivals[number] - started
        for number in asked
        if number in arrivals
        and new_name is not None
        and api.sent_to(number)[0].plain_text.startswith(new_name)
    ]
    return Row(
        change=mark,
        paragraphs=int(found.group(2)),
        line=line_at - started,
        read_and_index=float(found.group(3)),
        first_answer=min(from_new) if from_new else None,
        embedded=embedded,
        asked=len(asked),
        answered=len(arrivals),
        slowest=max(arrivals[n] - asked[n] for n in arrivals),
    )


def table(rows: list[Row]) -> str:
    def seconds(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    lines = [
        "| change | paragraphs served | reload line | read + index (in the line) "
        "| first answer from it | embeddings ready | questions answered | slowest answer |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| `{row.change}` | {row.paragraphs} | {seconds(row.line)} s "
            f"| {row.read_and_index:.1f} s | {seconds(row.first_answer)} s "
            f"| {seconds(row.embedded)} s | {row.answered}/{row.asked} | {row.slowest:.2f} s |"
        )
    return "\n".join(lines)


def gc_pause(folder: Path) -> float:
    """Median seconds of the swap's unfreeze, full collection and freeze, over 5 runs."""
    editions = Editions(folder, "bm25", CACHE)
    edition = editions.build(editions.read())
    times = []
    for _ in range(5):
        start = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        times.append(time.perf_counter() - start)
    gc.unfreeze()
    del edition
    return statistics.median(times)


async def main(args: argparse.Namespace) -> None:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as workdir:
        root = Path(workdir)
        folder = root / "reports"
        folder.mkdir()
        drop(folder, "a-seed.txt", SEED.read_bytes())
        for report in sorted(REPORTS.glob("*.txt")):
            if report.stem != NEWCOMER:
                drop(folder, f"b-{report.name}", report.read_bytes())
        env = {
            "REPORT_PATH": str(folder),
            "RANKER": "auto",
            "CACHE_DIR": str(CACHE),
            "RELOAD_INTERVAL": str(args.interval),
            "FAIR_USE_QUESTIONS": "100000",
        }
        async with FakeBotApi(FAKE_TOKEN) as api:
            bot = await start_bot(api, root, env, start_timeout=WAIT)
            try:
                ranking = r"Ranking with hybrid|Embedding index ready|Ranking with bm25:"
                await log_line(bot, ranking, 0)  # the library's vectors are ready (or no model)
                chat = 10_000
                for run in range(args.runs):
                    for kind in ("text", "pdf"):
                        nonce = f"{time.time_ns()}-{run}"
                        name, content = newcomer(kind, nonce, root)
                        rows.append(await measure(api, bot, folder, name, content, chat))
                        chat += 10_000
                        rows.append(await measure(api, bot, folder, name, None, chat))
                        chat += 10_000
            finally:
                await bot.stop(timeout=30)
                if args.log:
                    Path(args.log).write_text(bot.log(), encoding="utf-8")
        pause = gc_pause(folder)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"RELOAD_INTERVAL={args.interval:g} s, {os.cpu_count()} cores, load average {load}")
    print(table(rows))
    print(f"The swap's full garbage collection with that library in memory: {pause * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=10.0, help="RELOAD_INTERVAL (s)")
    parser.add_argument("--runs", type=int, default=1, help="drops of each format")
    parser.add_argument("--log", help="write the bot's log to this file")
    asyncio.run(main(parser.parse_args()))
