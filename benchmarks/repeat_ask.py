"""How long ``report-bot ask`` takes on a folder of five reports, two of them PDFs (issue 21).

The folder holds the seed (text) and four reports of the evaluation collection: two
typeset as PDFs, one as a web page and one as a Word file (``benchmarks.formats_eval``'s
writers). ``report-bot ask`` runs in a fresh process, as a user would run it: once with
no parsed report cached (the vectors and the index of earlier runs are kept in
``.cache/bench-repeat-ask``, so that the first ask is not an embedding run), then
``--runs`` more times. Target: a repeated ask in 1.5 s at most.

Run: ``.venv/bin/python -m benchmarks.repeat_ask [--runs 5] [--ranker auto] [--command PATH]``
(``--command``: another ``report-bot`` to time, such as an older checkout's).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.formats_eval import write_docx, write_html, write_pdf
from retrieval import load_report
from tests.conftest import PROJECT, SEED

REPORTS = PROJECT / "eval" / "reports"
CACHE = PROJECT / ".cache" / "bench-repeat-ask"
QUESTION = "By how much did Ethereum expect the Merge to cut its energy consumption?"
WRITERS = {
    "crs-cryptomining-electricity-2026": (write_pdf, "crs.pdf"),
    "gao-whistleblower-protections-2026": (write_pdf, "gao.pdf"),
    "adb-mongolia-digital-economy-2026": (write_html, "adb.html"),
    "ooni-belarus-censorship-2020": (write_docx, "ooni.docx"),
}


def build(folder: Path) -> None:
    """The five reports: the seed as text, and the four written by ``WRITERS``."""
    shutil.copy(SEED, folder / "seed.txt")
    for name, (write, target) in WRITERS.items():
        with tempfile.TemporaryDirectory() as scratch:
            written = write(load_report(REPORTS / f"{name}.txt"), Path(scratch))
            if written is None:
                sys.exit("The DejaVu fonts are needed to typeset the PDFs (fonts-dejavu-core).")
            shutil.move(written, folder / target)


def ask(command: str, folder: Path, ranker: str) -> tuple[float, float, int, str]:
    """One ``report-bot ask`` in a fresh process: wall and CPU seconds, exit status, stderr.

    The CPU time (user and system, of the process and its children) is what the wall time
    would be on an idle machine, for a run that uses one core: on a shared machine the wall
    time also counts the waits for a core."""
    environment = {
        **os.environ,
        "REPORT_PATH": str(folder),
        "CACHE_DIR": str(CACHE),
        "RANKER": ranker,
    }
    cpu = _children_cpu()
    started = time.monotonic()
    done = subprocess.run(
        [command, "ask", QUESTION], env=environment, capture_output=True, timeout=900, check=False
    )
    wall = time.monotonic() - started
    return wall, _children_cpu() - cpu, done.returncode, done.stderr.decode(errors="replace")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ranker", default="auto", choices=("auto", "bm25", "hybrid"))
    parser.add_argument("--command", default=str(Path(sys.executable).with_name("report-bot")))
    args = parser.parse_args()
    shutil.rmtree(CACHE / "reports", ignore_errors=True)  # parsed reports only
    with tempfile.TemporaryDirectory(prefix="repeat-ask-") as scratch:
        folder = Path(scratch)
        build(folder)
        first, first_cpu, status, stderr = ask(args.command, folder, args.ranker)
        print(f"RANKER={args.ranker}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
        print(f"first ask (no parsed report cached): {first:.2f} s ({first_cpu:.2f} s CPU)")
        if status not in (0, 1):
            print(f"exit {status}: {stderr}")
        runs = [ask(args.command, folder, args.ranker)[:2] for _ in range(args.runs)]
        for name, values in (("wall", [r[0] for r in runs]), ("CPU", [r[1] for r in runs])):
            print(
                f"repeated ask, {args.runs} runs, {name}: median "
                f"{statistics.median(values):.2f} s, best {min(values):.2f} s, "
                f"worst {max(values):.2f} s"
            )


if __name__ == "__main__":
    main()
