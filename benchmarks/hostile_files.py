"""The library-file probes of issue 23, each read as the bot and the CLI read a folder.

Every probe builds a folder holding the seed report and one hostile file
(``tests.hostile_files``), then reads it with ``load_library`` in a fresh process capped at
``--cap`` GiB of address space and ``--timeout`` seconds, and prints what it cost:

- ``zip-bomb``: a 1 MB .docx whose document unpacks to 1 GiB;
- ``understated``: a .docx whose zip declares 100 bytes for a part of 1 MB;
- ``paragraphs``: a 135 KB .docx of a million one-word paragraphs;
- ``huge-text``: a 200 MB text file, then the memory left once it is removed and the folder
  read again; ``big-text``: the same with 45 MB, under the default file size limit;
- ``symlink``: a link in the folder to a text file outside it;
- ``name``: an empty file named with a newline and ANSI escapes, read by ``report-bot
  reports``, whose stderr is searched for raw control characters.

Figures: wall seconds; the peak resident memory of the reading process, and of it with
every process it started (parse workers are children of multiprocessing's fork server,
itself a child of the reader), sampled every 20 ms from ``/proc``; the memory left after
the bot's reload would release it (``bot.serving.reloading.release_memory``, where it
exists); reports served, and each skipped file's reason.

Run: ``.venv/bin/python -m benchmarks.hostile_files [--probe NAME ...] [--cap 6] [--timeout 120]``
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import PROJECT, SEED
from tests.hostile_files import (
    huge_text,
    many_paragraphs_docx,
    understated_docx,
    zip_bomb_docx,
)

EVIL_NAME = "evil\n2026-01-01 INFO bot: forged line\x1b[31m.txt"
MB = 1_000_000
PROBES = ("zip-bomb", "understated", "paragraphs", "huge-text", "big-text", "symlink", "name")


def build(probe: str, folder: Path) -> Path:
    """The folder of ``probe``: the seed report and the probe's file; returns that file."""
    shutil.copy(SEED, folder / "seed.txt")
    builders: dict[str, Callable[[], Path]] = {
        "zip-bomb": lambda: zip_bomb_docx(folder / "bomb.docx"),
        "understated": lambda: understated_docx(folder / "understated.docx"),
        "paragraphs": lambda: many_paragraphs_docx(folder / "paragraphs.docx"),
        "huge-text": lambda: huge_text(folder / "huge.txt", 200 * MB, SEED.read_text()),
        "big-text": lambda: huge_text(folder / "big.txt", 45 * MB, SEED.read_text()),
        "symlink": lambda: _link_out(folder),
        "name": lambda: _evil_name(folder),
    }
    return builders[probe]()


def _link_out(folder: Path) -> Path:
    outside = folder.parent / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("Private notes\n\nThe server's root password is in the safe.\n")
    link = folder / "notes.txt"
    link.symlink_to(secret)
    return link


def _evil_name(folder: Path) -> Path:
    file = folder / EVIL_NAME
    file.write_text("")
    return file


def _rss_mib(pid: int | str = "self") -> float:
    """A process's resident memory now (0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def _tree_rss_mib(root: int) -> float:
    """The resident memory of ``root`` and of every process descending from it."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grown = {root}, True
    while grown:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grown = bool(found)
    return sum(_rss_mib(pid) for pid in tree)


class TreePeak:
    """The highest resident memory of this process and its descendants, sampled in a thread."""

    def __init__(self, every: float = 0.02) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(every,), daemon=True)
        self._thread.start()

    def _sample(self, every: float) -> None:
        while not self._stop.wait(every):
            self.peak = max(self.peak, _tree_rss_mib(os.getpid()))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def _releaser() -> Callable[[], object]:
    """What the bot does after a reload to give memory back; a collection where it has none."""
    try:
        from bot.serving.reloading import release_memory
    except ImportError:
        return gc.collect
    return release_memory


def probe(name: str, folder: Path, file: Path) -> dict[str, object]:
    """Read the folder as the bot does; for ``huge-text`` also after the file is removed."""
    from retrieval import load_library

    release_memory = _releaser()  # imported first: its imports count in both figures
    sampler = TreePeak()
    started = time.monotonic()
    library = load_library(folder)
    figures: dict[str, object] = {
        "seconds": round(time.monotonic() - started, 2),
        "served": [Path(r.source).name for r in library.reports],
        "skipped": [reason for _path, reason in library.skipped],
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0),
        "tree_peak_mib": round(sampler.stop()),
    }
    if name in ("huge-text", "big-text"):
        figures["rss_mib_with_file"] = round(_rss_mib())
        del library
        file.unlink()
        load_library(folder)
        release_memory()
        figures["rss_mib_after_removal"] = round(_rss_mib())
    return figures


def probe_name(folder: Path) -> dict[str, object]:
    """``report-bot reports`` on the folder: are the control characters of the name escaped?"""
    started = time.monotonic()
    done = subprocess.run(
        [str(Path(sys.executable).with_name("report-bot")), "reports"],
        env={**os.environ, "REPORT_PATH": str(folder), "RANKER": "bm25"},
        capture_output=True,
        timeout=120,
        check=False,
    )
    stderr = done.stderr.decode(errors="replace")
    return {
        "seconds": round(time.monotonic() - started, 2),
        "stderr_lines": stderr.count("\n"),
        "raw_escape_bytes": done.stderr.count(b"\x1b"),
        "forged_line_starts": sum(line.startswith("2026") for line in stderr.splitlines()),
        "stderr": stderr,
    }


def run_one(name: str, cap_gib: float, timeout: float) -> dict[str, object]:
    """Build the probe's folder and read it in a child process under the caps."""
    with tempfile.TemporaryDirectory(prefix="hostile-") as scratch:
        folder = Path(scratch) / "library"
        folder.mkdir()
        file = build(name, folder)
        if name == "name":
            return probe_name(folder)
        cap = int(cap_gib * (1 << 30))

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

        command = [sys.executable, "-m", "benchmarks.hostile_files", "--child", name]
        command += [str(folder), str(file)]
        started = time.monotonic()
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=timeout, preexec_fn=limit, check=False
            )
        except subprocess.TimeoutExpired:
            return {"outcome": f"not done after {timeout:.0f} s (stopped)"}
        if done.returncode != 0:
            last = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
            return {
                "outcome": f"exit {done.returncode} after {time.monotonic() - started:.1f} s",
                "error": last,
                "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0,
            }
        figures: dict[str, object] = json.loads(done.stdout)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probe", action="append", choices=PROBES)
    parser.add_argument("--cap", type=float, default=6.0, help="GiB of address space")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--child", nargs=3, metavar=("PROBE", "FOLDER", "FILE"))
    args = parser.parse_args()
    if args.child:
        name, folder, file = args.child
        print(json.dumps(probe(name, Path(folder), Path(file))))
        return
    print(f"main at {_commit()}; cap {args.cap:g} GiB, timeout {args.timeout:g} s")
    for name in args.probe or PROBES:
        print(f"{name}: {json.dumps(run_one(name, args.cap, args.timeout), ensure_ascii=True)}")


def _commit() -> str:
    done = subprocess.run(
        ["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


if __name__ == "__main__":
    main()
