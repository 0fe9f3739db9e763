"""Real publishers' documents against their hand-checked gold outlines and page labels.

The corpus is listed in ``tests/corpus/manifest.json``. Its two Debian manuals are on every
CI machine (``.ci/run`` installs them), so their checks fail rather than skip under
``CI=true``; the fetched reports are kept outside the repository and are checked where the
corpus folder is (``REPORT_CORPUS`` or ``../shared/corpus``).
"""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.corpus import document_path, documents, list_headings, outline_errors
from retrieval import load_report
from retrieval.formats import parse_text
from tests.conftest import absent


def _read(document: dict[str, Any]) -> Any:
    path = document_path(document)
    if not path.is_file():
        if document["sha256"] is None:  # a Debian manual, which .ci/run installs
            absent(f"{path} is not here", ".ci/run installs the Debian manuals")
        # A fetched report: not in the repository, so CI has it only where it was put.
        pytest.skip(f"{path} is not here: put the corpus in REPORT_CORPUS or ../shared/corpus")
    return load_report(path)


@pytest.mark.parametrize("document", documents(), ids=lambda d: str(d["id"]))
def test_outline_keeps_every_gold_heading_at_its_level(document: dict[str, Any]) -> None:
    errors = outline_errors(_read(document), document)
    assert errors.count == 0, errors


@pytest.mark.parametrize("document", documents(), ids=lambda d: str(d["id"]))
def test_no_list_item_is_read_as_a_heading(document: dict[str, Any]) -> None:
    assert list_headings(_read(document), document) == ()


@pytest.mark.parametrize(
    "document",
    [d for d in documents() if "page_labels" in d],
    ids=lambda d: str(d["id"]),
)
def test_pages_carry_the_labels_the_document_prints(document: dict[str, Any]) -> None:
    report = _read(document)
    labels = {p.page: p.label for p in report.paragraphs}
    for page, label in document["page_labels"].items():
        assert labels[int(page)] == label


def test_a_list_item_taken_for_a_heading_is_counted() -> None:
    report = parse_text("Lobbying\n\nTheir clients\n\nThe clients are listed each quarter.\n")
    document = {"list_items": ["their clients", "the work they have done"]}
    assert list_headings(report, document) == ("Their clients",)
