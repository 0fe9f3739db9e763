"""The command line, as a user and as a script would use it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from bot.console.cli import EXIT_NOT_COVERED, EXIT_OK, EXIT_USAGE, main
from bot.console.exits import EXIT_UNHEALTHY
from bot.console.rendering import scores_text
from retrieval.evaluation import Scores
from tests.conftest import DEV_QUESTIONS, SEED, SOLAR_REPORT
from tests.documents import Typesetter, gas_report


@pytest.fixture(autouse=True)
def seed_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run every command from an empty folder with the seed report and no token."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPORT_PATH", str(SEED))
    monkeypatch.setenv("RANKER", "bm25")  # the hybrid ranker has its own tests
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What ``report-bot ARGV`` says on stderr, having checked that it exits 2 with one line."""
    assert main(argv) == EXIT_USAGE
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    return err


def test_ask_prints_section_path_then_passage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "When did the Russian peacekeepers leave Karabakh?", "-k", "1"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("What is behind the scenes? › Russia’s weakening region-wide\n")
    assert "The removal of Russian peacekeepers from Karabakh in June 2024" in out


def test_ask_cites_the_page_of_a_pdf_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REPORT_PATH", str(gas_report(tmp_path / "gas.pdf", bookmarks=True)))
    assert main(["ask", "household contracts renewed at the peak", "-k", "1", "--json"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)["hits"]
    assert (hit["page"], hit["line"], hit["section"]) == (2, 5, ["Why it changed", "Prices"])
    assert main(["ask", "household contracts renewed at the peak", "-k", "1"]) == EXIT_OK
    assert "(p. 2, paragraph 4, line 5)" in capsys.readouterr().out


def test_ask_json_is_one_object_in_the_documented_shape(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "Baku-Novorossiysk pipeline", "-k", "2", "--json"]) == EXIT_OK
    answer = json.loads(capsys.readouterr().out)
    assert answer["query"] == "Baku-Novorossiysk pipeline"
    assert answer["verdict"] == "answered"
    first = answer["hits"][0]
    assert set(first) >= {"rank", "score", "section", "paragraph", "line", "text"}
    assert first["rank"] == 1
    assert first["line"] == 23
    assert first["page"] is None
    assert first["section"] == ["What is behind the scenes?", "Russia’s weakening region-wide"]
    assert first["text"] == SEED.read_text(encoding="utf-8").split("\n")[22]
    start, end = first["sentences"][0]
    assert "Baku-Novorossiysk pipeline" in first["text"][start:end]
    assert "Novorossiysk" in first["matched"]


def test_ask_uncovered_question_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Who won the 2024 US presidential election?"]) == EXIT_NOT_COVERED
    assert "does not seem to cover" in capsys.readouterr().out


@pytest.mark.parametrize("question", ["", "   ", "?!"])
def test_ask_without_searchable_words_is_one_line_error(
    question: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", question]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize("question", ["what is the?", "what is this about?", "tl;dr"])
def test_ask_of_common_words_alone_gives_the_overview(
    question: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", question]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("PSCRP-BESA Reports No 140 (July 6, 2025)\n\nIn short\n")
    assert "\nSections\n  1. Introduction\n" in out


def test_ask_after_a_question_reads_a_follow_up_and_says_how(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "and Turkey?", "--after", "How did Azerbaijan react?"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("Read as: How did Turkey react?\n\n")


def test_sections_prints_numbered_nested_outline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sections"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "3. What is behind the scenes?\n    4. Russian arrogance and racism\n" in out


def test_sections_json_lists_levels_and_paths(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sections", "--json"]) == EXIT_OK
    outline = json.loads(capsys.readouterr().out)
    assert outline["title"].startswith("PSCRP-BESA Reports No 140")
    iran = outline["sections"][7]
    assert iran == {
        "number": 8,
        "title": "Iran",
        "level": 2,
        "path": ["How do the others see that?", "Iran"],
        "paragraphs": [23, 24, 25, 26, 27],
    }


def test_eval_prints_hit_rates_per_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(DEV_QUESTIONS), "-k", "10"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Hit@1" in out
    assert "MRR@10" in out
    assert "paraphrase" in out
    assert "caught" in out


def test_eval_table_keeps_long_group_names_aligned_and_explains_the_kinds() -> None:
    rows = [
        Scores("heldout", 2, 0.5, 1.0, 0.75, 0, 1, 3, 1, 1),
        Scores("report:a-report-with-a-very-long-identifier-2026", 2, 1.0, 1.0, 1.0, 0, 0, 0, 0, 0),
        Scores("heldout:unanswerable:easy", 0, 0.0, 0.0, 0.0, 0, 0, 2, 1, 0),
    ]
    table = scores_text(rows, 10).splitlines()
    header, first, long_row = table[0], table[2], table[3]
    assert header.index("Hit@1") == first.index("0.500") == long_row.index("1.000")
    assert "unanswerable:easy" in "\n".join(table)
    assert "own-text" in table[-2] + table[-1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "not found"),
        ("", "empty"),
        ("Title\n# Heading\n", "no paragraphs"),
    ],
)
def test_unusable_report_is_one_line_error_with_status_2(
    content: str | None,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = tmp_path / "report.txt"
    if content is not None:
        report.write_text(content, encoding="utf-8")
    monkeypatch.setenv("REPORT_PATH", str(report))
    assert message in usage_error(["ask", "anything at all"], capsys)


def test_run_without_token_explains_botfather_and_offline_use(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = usage_error(["run"], capsys)
    assert "@BotFather" in err
    assert "report-bot ask 'Tell me about Azerbaijan’s reaction'" in err  # from the report


def test_malformed_token_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "not-a-token-SECRETVALUE")
    assert main(["run"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN" in err
    assert "SECRETVALUE" not in err


def test_check_validates_offline_and_never_prints_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    token = "123456:FAKE-token-for-tests-only-abcdefghij"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    assert main(["check"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "30 paragraphs" in out
    assert out.rstrip().endswith("ok")
    assert token.split(":")[1] not in out


def test_check_fails_without_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == EXIT_USAGE
    assert "TELEGRAM_BOT_TOKEN" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TOP_K", "0", "TOP_K"),
        ("ALLOWED_USER_IDS", "12,abc", "whole numbers"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL"),
        ("TELEGRAM_BASE_URL", "notaurl", "http(s) URL"),
        ("TELEGRAM_BASE_URL", "ftp://api.example.org/bot", "http(s) URL"),
    ],
)
def test_invalid_setting_is_one_line_naming_it(
    name: str,
    value: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(name, value)
    assert message in usage_error(["sections"], capsys)


def test_question_in_another_language_says_the_report_is_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "Что случилось в Екатеринбурге?", "--json"]) == EXIT_NOT_COVERED
    answer = json.loads(capsys.readouterr().out)
    assert answer["hits"] == []
    assert answer["verdict"] == "not_covered"
    assert answer["note"].startswith("Доклад написан на английском")  # in the question's language


LIBRARY_REPORT = SOLAR_REPORT


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the seed report and a small report on another subject."""
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "a-seed.txt").write_bytes(SEED.read_bytes())
    (folder / "b-solar.md").write_text(LIBRARY_REPORT, encoding="utf-8")
    (folder / "c-empty.txt").write_text("", encoding="utf-8")
    monkeypatch.setenv("REPORT_PATH", str(folder))
    return folder


def test_reports_lists_every_report_of_a_folder(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reports"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "1. PSCRP-BESA Reports No 140" in captured.out
    assert "2. Solar Power in Kenya (March 2024)" in captured.out
    assert f"[text: {library / 'b-solar.md'}]" in captured.out  # plain text, named .md
    assert "skipped" in captured.err
    assert "c-empty.txt" in captured.err


def test_answers_from_a_library_name_their_report(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "rooftop solar panels Nairobi", "--json", "-k", "1"]) == EXIT_OK
    (hit,) = json.loads(capsys.readouterr().out)["hits"]
    assert hit["report"]["title"] == "Solar Power in Kenya (March 2024)"
    assert hit["report"]["path"].endswith("b-solar.md")
    assert hit["section"] == ["Rooftop panels"]
    assert main(["ask", "Baku-Novorossiysk pipeline", "-k", "1"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("PSCRP-BESA Reports No 140 (July 6, 2025)\n")


def test_health_without_a_heartbeat_says_not_serving(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["health"]) == EXIT_UNHEALTHY
    assert capsys.readouterr().err.startswith("report-bot: not serving: no heartbeat at")


@pytest.mark.parametrize(("seconds_ago", "status"), [(5, EXIT_OK), (600, EXIT_UNHEALTHY)])
def test_health_reads_the_age_of_the_heartbeat(
    tmp_path: Path, seconds_ago: int, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    beat = tmp_path / ".cache" / "report-bot" / "heartbeat"
    beat.parent.mkdir(parents=True)
    beat.touch()
    then = time.time() - seconds_ago
    os.utime(beat, (then, then))
    assert main(["health"]) == status  # the default HEALTH_MAX_AGE_SECONDS is 60
    captured = capsys.readouterr()
    assert len((captured.out + captured.err).strip().splitlines()) == 1


def test_the_default_report_is_found_from_any_working_directory(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("REPORT_PATH")  # the fixture already runs this from an empty folder
    assert main(["ask", "Baku-Novorossiysk pipeline", "-k", "1", "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["hits"][0]["line"] == 23


def test_ask_cites_the_printed_page_and_the_file_page_of_a_labelled_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = Typesetter(header="")
    doc.page()
    doc.pdf.set_page_label("r")
    doc.put(56, 90, "Labelled Report", 22, "B")
    doc.lines(56, 130, ["The foreword thanks the readers of this report."])
    doc.page()
    doc.pdf.set_page_label("D", label_start=1)
    doc.lines(56, 90, ["Household contracts were renewed at the peak of prices."])
    monkeypatch.setenv("REPORT_PATH", str(doc.save(tmp_path / "labelled.pdf")))
    assert main(["ask", "household contracts renewed at the peak", "-k", "1", "--json"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)["hits"]
    assert (hit["page"], hit["printed_page"]) == (2, "1")
    assert main(["ask", "household contracts renewed at the peak", "-k", "1"]) == EXIT_OK
    assert "(p. 1, PDF page 2, paragraph 2, line 1)" in capsys.readouterr().out
