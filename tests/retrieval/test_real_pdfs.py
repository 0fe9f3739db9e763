"""Real PDFs typeset by others: two manuals that Debian installs under /usr/share/doc.

Nothing is fetched: the packages libtasn1-doc and shared-mime-info put them there, and
``.ci/run`` installs both. A test skips when its file is missing on a developer's machine,
and fails in CI (``CI=true``), so a missing package can never pass silently. They check
what generated PDFs cannot: another typesetter's fonts, bookmarks without heading numbers,
tables of contents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from retrieval import Report, load_report
from tests.conftest import absent

SHARED_MIME = Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf")
LIBTASN1 = Path("/usr/share/doc/libtasn1-doc/libtasn1.pdf")


def read(path: Path) -> Report:
    if not path.is_file():
        absent(
            f"{path} is not on this machine", ".ci/run installs libtasn1-doc and shared-mime-info"
        )
    return load_report(path)


def test_numbered_headings_of_a_real_pdf_nest_by_their_numbers() -> None:
    report = read(SHARED_MIME)
    assert report.title == "Shared MIME-info Database"
    outline = [(s.level, s.title) for s in report.sections]
    for expected in [
        (1, "1. Introduction"),
        (2, "1.1. Version"),
        (1, "2. Unified system"),
        (2, "2.12. Recommended checking order"),
        (2, "2.13. Non-regular files"),
        (1, "References"),
    ]:
        assert expected in outline


def test_bookmarks_without_numbers_still_name_their_headings() -> None:
    report = read(LIBTASN1)
    outline = [(s.level, s.title) for s in report.sections]
    start = outline.index((1, "2 ASN.1 structure handling"))
    assert outline[start + 1 : start + 3] == [(2, "2.1 ASN.1 syntax"), (2, "2.2 Naming")]


def test_an_appendix_after_the_last_chapter_is_top_level() -> None:
    outline = [(s.level, s.title) for s in read(LIBTASN1).sections]
    appendix = outline.index((1, "Appendix A Copying Information"))
    assert outline[appendix + 1] == (2, "A.1 GNU Free Documentation License")


@pytest.mark.parametrize("path", [SHARED_MIME, LIBTASN1], ids=lambda p: p.name)
def test_real_pdf_paragraphs_have_pages_and_no_page_furniture(path: Path) -> None:
    report = read(path)
    assert all(p.page is not None and p.page >= 1 for p in report.paragraphs)
    assert not [p.text for p in report.paragraphs if re.fullmatch(r"\d+|[ivx]+", p.text)]
    assert not [p.text for p in report.paragraphs if re.search(r"(?:\. ?){4,}\d+$", p.text)]


def test_running_headers_that_change_by_chapter_leak_into_no_paragraph() -> None:
    report = read(LIBTASN1)
    leaked = [p.text for p in report.paragraphs if re.search(r"Chapter \d: |Appendix A:", p.text)]
    assert leaked == []


def test_pages_are_cited_as_printed_where_the_pdf_labels_them() -> None:
    report = read(LIBTASN1)
    labels = {p.page: p.label for p in report.paragraphs}
    assert labels[1] == "T-1"  # the title page
    assert labels[6] == "3"  # the sixth sheet is printed as page 3


@pytest.mark.parametrize(
    ("path", "metadata"),
    [
        (LIBTASN1, "Fabio Fiorina Simon Josefsson Nikos Mavrogiannopoulos"),
        (SHARED_MIME, "Thomas Leonard"),
    ],
    ids=["libtasn1", "shared-mime-info"],
)
def test_title_page_lines_are_metadata_not_sections(path: Path, metadata: str) -> None:
    report = read(path)
    assert not [s.title for s in report.sections if metadata in s.title]
    assert any(p.text.startswith(metadata) for p in report.paragraphs)
