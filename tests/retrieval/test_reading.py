"""Reading library files as outside data: limits, the worker process, links, the cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from retrieval import ReportError, load_library, load_report, parse
from retrieval import parsed as parsed_cache
from retrieval.isolation import parse_isolated
from retrieval.limits import MB, LimitError, Limits
from retrieval.reading import Reader
from tests.conftest import SEED
from tests.documents import gas_report, word_report
from tests.hostile_files import many_paragraphs_docx, understated_docx, zip_bomb_docx


def refusal(file: Path, limits: Limits) -> LimitError:
    with pytest.raises(LimitError) as refused:
        Reader(limits)(file)
    return refused.value


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    file = tmp_path / "long.txt"
    file.write_text("A title\n\n" + "words " * 1000)
    error = refusal(file, Limits(file_bytes=1000))
    assert error.limit == "file size"
    assert "long.txt is over the file size limit: 0.01 MB (at most 0.00 MB)" in str(error)


def test_a_zip_bomb_word_file_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    bomb = zip_bomb_docx(tmp_path / "bomb.docx", unpacked=3 * MB)
    error = refusal(bomb, Limits(unpacked_bytes=2 * MB))
    assert error.limit == "unpacked size"
    assert "it declares 3 MB (at most 2 MB)" in str(error)


def test_a_word_file_that_understates_its_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"understated\.docx: its zip is damaged \(Bad CRC"):
        Reader()(understated_docx(tmp_path / "understated.docx"))


def test_a_word_file_of_too_many_paragraphs_is_refused_before_it_is_parsed(
    tmp_path: Path,
) -> None:
    file = many_paragraphs_docx(tmp_path / "many.docx", paragraphs=20_000)
    error = refusal(file, Limits(paragraphs=10_000))
    assert (error.limit, str(error).endswith("(at most 10,000)")) == ("paragraphs", True)


def test_a_report_of_too_many_paragraphs_is_refused_after_parsing(tmp_path: Path) -> None:
    file = tmp_path / "seed.txt"
    shutil.copy(SEED, file)
    error = refusal(file, Limits(paragraphs=10))
    assert error.limit == "paragraphs"
    assert f"{len(load_report(SEED).paragraphs)} paragraphs (at most 10)" in str(error)


def test_a_pdf_of_too_many_pages_is_refused(tmp_path: Path) -> None:
    error = refusal(gas_report(tmp_path / "gas.pdf", bookmarks=False), Limits(pages=1))
    assert (error.limit, str(error).endswith("2 pages (at most 1)")) == ("pages", True)


def test_a_parse_over_the_time_limit_is_stopped(tmp_path: Path) -> None:
    error = refusal(gas_report(tmp_path / "gas.pdf", bookmarks=False), Limits(seconds=0.001))
    assert error.limit == "time"


def test_a_parse_over_the_memory_limit_costs_only_its_worker(tmp_path: Path) -> None:
    bomb = zip_bomb_docx(tmp_path / "bomb.docx", unpacked=60 * MB)
    limits = Limits(unpacked_bytes=10**12, memory_bytes=300 * MB)  # a worker starts at 200
    error = refusal(bomb, limits)
    assert error.limit == "memory"
    assert str(error).endswith(
        "bomb.docx is over the memory limit: parsing needs more (at most 300 MB)"
    )


def test_files_within_the_limits_read_as_in_the_process(tmp_path: Path) -> None:
    for file in (word_report(tmp_path / "gas.docx"), gas_report(tmp_path / "gas.pdf", True)):
        raw = file.read_bytes()
        isolated = parse_isolated(raw, file.suffix[1:], str(file), Limits())
        assert isolated == load_report(file)


def test_a_link_out_of_the_library_folder_is_skipped(tmp_path: Path) -> None:
    folder, outside = tmp_path / "library", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (outside / "secret.txt").write_text("Secret\n\nThe password is swordfish.\n")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "again.txt").symlink_to(folder / "seed.txt")
    library = load_library(folder)
    assert [Path(r.source).name for r in library.reports] == ["again.txt", "seed.txt"]
    link = folder / "secret.txt"
    reason = f"{link} links to a file outside the folder; it is not served"
    assert library.skipped == ((str(link), reason),)


def test_a_parsed_report_is_read_back_from_the_cache_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = gas_report(tmp_path / "gas.pdf", bookmarks=True)
    first = Reader(cache_dir=tmp_path / "cache")(file)
    monkeypatch.setattr("retrieval.reading.parse_isolated", _no_parsing)
    moved = file.rename(tmp_path / "moved.pdf")
    again = Reader(cache_dir=tmp_path / "cache")(moved)
    assert again.source == str(moved)
    assert (again.paragraphs, again.sections) == (first.paragraphs, first.sections)


def test_a_new_parser_version_parses_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "seed.txt"
    shutil.copy(SEED, file)
    Reader(cache_dir=tmp_path)(file)
    monkeypatch.setattr(parsed_cache, "PARSER_VERSION", parsed_cache.PARSER_VERSION + 1)
    parsed_cache._identity.cache_clear()
    try:
        monkeypatch.setattr("retrieval.reading.parse_isolated", _no_parsing)
        with pytest.raises(AssertionError, match="parsed again"):
            Reader(cache_dir=tmp_path)(file)
    finally:
        parsed_cache._identity.cache_clear()


def test_a_refusal_is_kept_until_the_limits_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = many_paragraphs_docx(tmp_path / "many.docx", paragraphs=20_000)
    with pytest.raises(LimitError):
        Reader(Limits(paragraphs=10_000), tmp_path / "cache")(file)
    monkeypatch.setattr("retrieval.reading.parse_isolated", _no_parsing)
    with pytest.raises(LimitError, match="paragraphs"):
        Reader(Limits(paragraphs=10_000), tmp_path / "cache")(file)
    with pytest.raises(AssertionError, match="parsed again"):
        Reader(Limits(paragraphs=30_000), tmp_path / "cache")(file)


def test_prune_keeps_the_reports_in_use(tmp_path: Path) -> None:
    reader = Reader(cache_dir=tmp_path)
    files = []
    for number in range(25):
        files.append(tmp_path / f"r{number}.txt")
        files[-1].write_text(f"Report {number}\n\nParagraph {number} of its own.\n")
        reader(files[-1])
    reader.prune()  # all 25 in use
    assert len(list((tmp_path / "reports").glob("report-*.npz"))) == 25
    reader(files[0])
    reader.prune()
    assert len(list((tmp_path / "reports").glob("report-*.npz"))) == 21  # 1 used, 20 spare


def test_load_library_tells_its_progress_file_by_file(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Report {name}\n\nA paragraph.\n")
    steps: list[object] = []

    class Follow:
        def start(self, total: int) -> None:
            steps.append(total)

        def advance(self) -> None:
            steps.append("+")

    load_library(tmp_path, progress=Follow())
    assert steps == [3, "+", "+", "+"]


def _no_parsing(*args: object) -> None:
    raise AssertionError("parsed again")


def test_a_cached_report_keeps_its_pages_and_page_labels() -> None:
    report = parse("Title\nPart\nPrices rose.\nThey fell.")
    labelled = replace(
        report,
        paragraphs=tuple(
            replace(p, page=p.number + 2, label=f"{p.number}") for p in report.paragraphs
        ),
    )
    again = parsed_cache.from_data(parsed_cache.to_data(labelled))
    assert [(p.page, p.label) for p in again.paragraphs] == [(3, "1"), (4, "2")]


WORKER_ENVIRONMENT = """
import os, sys
from retrieval import isolation

def environ(sending):
    with open("/proc/self/environ", "rb") as found:
        sending.send((found.read(), dict(os.environ)))

if __name__ == "__main__":
    isolation.prepare()
    context = isolation._context()
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(target=environ, args=(sending,))
    worker.start()
    raw, seen = receiving.recv()
    worker.join()
    assert b"not-a-real-secret" not in raw, raw
    assert "CALLERS_TOKEN" not in seen and "PATH" in seen, seen
    assert os.environ["CALLERS_TOKEN"] == "not-a-real-secret"
    print("clean")
"""


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_a_parse_worker_inherits_none_of_the_callers_secrets(tmp_path: Path) -> None:
    """A reader on a stranger's file runs without its caller's secrets (a bot's token) in
    its environment, and the caller keeps them in its own."""
    script = tmp_path / "worker_environment.py"
    script.write_text(WORKER_ENVIRONMENT)
    environment = {**os.environ, "CALLERS_TOKEN": "not-a-real-secret"}
    done = subprocess.run(
        [sys.executable, str(script)],
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"
