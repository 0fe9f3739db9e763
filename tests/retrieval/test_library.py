"""A library of reports: loading a folder, ranking across reports, and the one-report case."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from fpdf import FPDF

from retrieval import Index, Library, Report, ReportError, load_library, load_report, parse
from retrieval.evaluation import load_questions
from retrieval.hybrid import HybridIndex, plan_ranker
from retrieval.library import content_hash, report_files
from retrieval.semantic import SemanticIndex
from retrieval.vectors import texts
from tests.conftest import DEV_QUESTIONS
from tests.documents import ARTICLE_PAGE, gas_report, word_report
from tests.retrieval.test_semantic import FAKE_CONFIG, FakeE5, fake_model

ORCHARD = """Orchard Notes (May 2, 2024)
Apples
Apples grow in orchards and ripen in autumn. Farmers pick them by hand.
Pears are softer than apples and bruise easily.
Weather
Rain in spring helps the blossom. A late frost can ruin the harvest.
"""

BUDGET = """# City budget 2025

## Transport

The council will buy electric buses for the northern routes.

## Housing

The council will build six hundred flats for families on low incomes.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "b-budget.md").write_text(BUDGET, encoding="utf-8")
    (tmp_path / "a-orchard.txt").write_text(ORCHARD, encoding="utf-8")
    (tmp_path / "c-empty.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "d-latin1.txt").write_bytes("Caf\xe9 report\nIt is closed.\n".encode("latin-1"))
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("Draft\nNot ready.\n", encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "older.txt").write_text("Older\nNot served.\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def library() -> Library:
    return Library((parse(ORCHARD, source="orchard.txt"), parse(BUDGET, source="budget.md")))


def test_folder_serves_its_txt_and_md_reports_in_name_order(folder: Path) -> None:
    loaded = load_library(folder)
    assert [r.title for r in loaded.reports] == ["Orchard Notes (May 2, 2024)", "City budget 2025"]
    assert loaded.source == str(folder)


def test_unusable_files_are_skipped_with_their_reason(folder: Path) -> None:
    skipped = dict(load_library(folder).skipped)
    assert set(skipped) == {str(folder / "c-empty.txt"), str(folder / "d-latin1.txt")}
    assert skipped[str(folder / "c-empty.txt")].startswith("Report is empty")
    assert skipped[str(folder / "d-latin1.txt")].startswith("Report file is not UTF-8 text")


def test_a_folder_may_mix_every_format(tmp_path: Path) -> None:
    (tmp_path / "a-orchard.txt").write_text(ORCHARD, encoding="utf-8")
    (tmp_path / "b-budget.md").write_text(BUDGET, encoding="utf-8")
    gas_report(tmp_path / "c-gas.pdf", bookmarks=False)
    (tmp_path / "d-gas.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    word_report(tmp_path / "e-gas.docx")
    scan = FPDF()
    scan.add_page()
    scan.rect(20, 20, 100, 60, style="F")
    (tmp_path / "f-scan.pdf").write_bytes(bytes(scan.output()))
    (tmp_path / "g-broken.docx").write_bytes(b"PK\x03\x04 cut short")
    loaded = load_library(tmp_path)
    assert [r.format for r in loaded.reports] == ["text", "markdown", "pdf", "html", "docx"]
    assert {r.title for r in loaded.reports[2:]} == {"How Europe Buys Gas"}
    skipped = dict(loaded.skipped)
    assert "no text layer" in skipped[str(tmp_path / "f-scan.pdf")]
    assert skipped[str(tmp_path / "g-broken.docx")].startswith("Cannot read the Word file")


def damaged_word_file(path: Path) -> Path:
    """A .docx whose zip is whole but whose document XML is cut short."""
    good = zipfile.ZipFile(word_report(path.with_suffix(".good.docx")))
    with zipfile.ZipFile(path, "w") as damaged:
        for name in good.namelist():
            data = good.read(name)
            damaged.writestr(name, data[:200] if name == "word/document.xml" else data)
    path.with_suffix(".good.docx").unlink()
    return path


def test_every_unreadable_file_is_skipped_with_a_one_line_reason(tmp_path: Path) -> None:
    (tmp_path / "a-orchard.txt").write_text(ORCHARD, encoding="utf-8")
    damaged_word_file(tmp_path / "b-damaged.docx")
    (tmp_path / "c-binary.html").write_bytes(bytes(range(256)) * 20)
    loaded = load_library(tmp_path)
    skipped = dict(loaded.skipped)
    assert [r.title for r in loaded.reports] == ["Orchard Notes (May 2, 2024)"]
    assert skipped[str(tmp_path / "b-damaged.docx")].startswith(
        f"Cannot read the Word file {tmp_path / 'b-damaged.docx'}: its XML is damaged"
    )
    assert skipped[str(tmp_path / "c-binary.html")].startswith("Cannot read the web page")
    for reason in skipped.values():
        assert reason.isprintable(), reason  # one line: no line break, no control character
        assert len(reason) < 300


def test_a_reader_failing_unexpectedly_skips_that_file_only(tmp_path: Path) -> None:
    (tmp_path / "a-orchard.txt").write_text(ORCHARD, encoding="utf-8")
    (tmp_path / "b-budget.md").write_text(BUDGET, encoding="utf-8")

    def read(file: Path) -> Report:
        if file.name == "b-budget.md":
            raise RecursionError("maximum recursion depth exceeded")
        return load_report(file)

    loaded = load_library(tmp_path, read=read)
    assert [r.title for r in loaded.reports] == ["Orchard Notes (May 2, 2024)"]
    assert loaded.skipped == (
        (
            str(tmp_path / "b-budget.md"),
            f"Cannot read {tmp_path / 'b-budget.md'}: RecursionError: "
            "maximum recursion depth exceeded",
        ),
    )
    with pytest.raises(ReportError, match="RecursionError"):
        load_library(tmp_path / "b-budget.md", read=read)


def test_report_files_are_what_a_folder_serves(folder: Path) -> None:
    assert [p.name for p in report_files(folder)] == [
        "a-orchard.txt",
        "b-budget.md",
        "c-empty.txt",
        "d-latin1.txt",
    ]
    assert report_files(folder / "a-orchard.txt") == [folder / "a-orchard.txt"]


def test_a_file_is_a_library_of_one_report(folder: Path) -> None:
    loaded = load_library(folder / "a-orchard.txt")
    assert [r.title for r in loaded.reports] == ["Orchard Notes (May 2, 2024)"]
    assert loaded.skipped == ()


@pytest.mark.parametrize("name", ["c-empty.txt", "missing.txt"])
def test_an_unusable_file_is_an_error(folder: Path, name: str) -> None:
    with pytest.raises(ReportError):
        load_library(folder / name)


def test_a_folder_without_a_usable_report_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    with pytest.raises(ReportError, match="No usable report in the folder") as raised:
        load_library(tmp_path)
    assert "\n" not in str(raised.value)
    assert "Report is empty" in str(raised.value)


def test_a_folder_without_reports_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ReportError, match=r"No report \(\.txt, \.md, .*\.docx\) in the folder"):
        load_library(tmp_path)


def test_hits_name_their_report_and_keep_its_numbering(library: Library) -> None:
    hit = Index.build(library).search("electric buses").hits[0]
    assert hit.report is library.reports[1]
    assert hit.paragraph.number == 1
    assert hit.report.paragraph(1) is hit.paragraph


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("When do apples ripen?", "Orchard Notes (May 2, 2024)"),
        ("How many flats will the council build?", "City budget 2025"),
    ],
)
def test_a_question_finds_the_report_about_it(library: Library, question: str, title: str) -> None:
    hits = Index.build(library).search(question).hits
    assert hits
    assert hits[0].report is not None
    assert hits[0].report.title == title


def test_index_of_one_report_names_it_on_every_hit(library: Library) -> None:
    hit = Index.build(library.reports[0]).search("apples").hits[0]
    assert hit.report is library.reports[0]


def test_library_index_serves_every_report(library: Library) -> None:
    index = Index.build(library)
    assert index.reports == library.reports
    assert len(index.paragraphs) == library.paragraph_count == 5


def test_question_about_neither_report_gets_no_hits(library: Library) -> None:
    assert Index.build(library).search("Who won the football match?").hits == ()


def test_misspelt_word_is_bridged_to_any_report(library: Library) -> None:
    result = Index.build(library).search("elecric buses")
    assert [c.replacement for c in result.corrections] == ["electric"]


def test_library_of_the_seed_alone_ranks_exactly_as_the_seed(
    seed_report: Report, seed_index: Index
) -> None:
    alone = Index.build(Library((seed_report,)))
    for question in load_questions(DEV_QUESTIONS):
        expected = seed_index.search(question.question, 10)
        result = alone.search(question.question, 10)
        assert [(h.paragraph, h.score, h.sentences, h.matches) for h in result.hits] == [
            (h.paragraph, h.score, h.sentences, h.matches) for h in expected.hits
        ]
        assert (result.corrections, result.foreign) == (expected.corrections, expected.foreign)


def test_content_hash_follows_content_not_file_name() -> None:
    assert content_hash(parse(ORCHARD, source="a.txt")) == content_hash(parse(ORCHARD))
    assert content_hash(parse(ORCHARD)) != content_hash(parse(ORCHARD.replace("late", "hard")))


@pytest.mark.parametrize(
    ("title", "source", "date"),
    [
        ("PSCRP-BESA Reports No 140 (July 6, 2025)", "", "July 6, 2025"),
        ("Survey of 3 March 2024", "", "3 March 2024"),
        ("Annual review", "reports/review-2023-11.md", "2023-11"),
        ("Annual review", "review.md", None),
    ],
)
def test_report_date_comes_from_title_or_file_name(
    title: str, source: str, date: str | None
) -> None:
    assert parse(f"{title}\nSome text of the report.", source=source).date == date


def test_hybrid_ranker_embeds_only_the_reports_it_has_not_seen(
    library: Library, tmp_path: Path
) -> None:
    embedder = FakeE5()
    model = fake_model(embedder)
    first, second = (_texts_embedded(report) for report in library.reports)
    plan_ranker(
        Library(library.reports[:1]), "hybrid", tmp_path, load=lambda: (model, "fake")
    ).built()
    assert embedder.passages == first
    ranker, _ = plan_ranker(
        library, "hybrid", tmp_path, config=FAKE_CONFIG, load=lambda: (model, "fake")
    ).built()
    assert embedder.passages == first + second
    assert isinstance(ranker, HybridIndex)
    assert ranker.reports == library.reports
    hit = ranker.search("electric buses").hits[0]
    assert hit.report is library.reports[1]
    assert dict(hit.components)["semantic"] > 0


def _texts_embedded(report: Report) -> int:
    """Passages and sentences, each distinct text once."""
    each = texts(report)
    return len(set(each.passages) | set(each.sentences))


def test_a_library_scores_each_passage_as_its_own_report_would(
    library: Library, tmp_path: Path
) -> None:
    together = SemanticIndex.build(library, fake_model(), tmp_path)
    apart = [SemanticIndex.build(r, fake_model(), tmp_path) for r in library.reports]
    question = "apples and buses"
    expected = np.concatenate([each.scores(question) for each in apart])
    np.testing.assert_allclose(together.scores(question), expected, rtol=1e-6)


def test_bm25_ranker_of_a_library_caches_its_index(library: Library, tmp_path: Path) -> None:
    ranker, description = plan_ranker(library, "bm25", tmp_path).built()
    assert description == "bm25 (asked for)"
    assert isinstance(ranker, Index)
    assert len(list(tmp_path.glob("bm25-*.npz"))) == 1


@pytest.mark.parametrize(
    "question", ["When do apples ripen?", "What will the council build?", "Who won the match?"]
)
def test_other_reports_in_a_library_do_not_change_a_question_s_verdict(
    library: Library, tmp_path: Path, question: str
) -> None:
    model = fake_model()

    def ranker(reports: Library) -> HybridIndex:
        built, _ = plan_ranker(reports, "hybrid", tmp_path, load=lambda: (model, "fake")).built()
        assert isinstance(built, HybridIndex)
        return built

    alone = [ranker(Library((report,))).search(question) for report in library.reports]
    together = ranker(library).search(question)
    best_alone = max(alone, key=lambda r: r.hits[0].components[1][1] if r.hits else -1.0)
    assert together.verdict == best_alone.verdict
    if together.hits:
        assert together.hits[0].paragraph == best_alone.hits[0].paragraph
