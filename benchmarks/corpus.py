"""Outline errors and Hit@1 / Hit@3 on the corpus of real publishers' documents.

    REPORT_CORPUS=/path/to/corpus .venv/bin/python -m benchmarks.corpus

The documents and their gold outlines and questions are listed in
``tests/corpus/manifest.json``; the files themselves are not in the repository (see its
``about``). An outline error is a gold heading missing from the outline ("lost"), a gold
top-level heading or appendix at a deeper level, or one of a report's main sections
("siblings", where a masthead makes "top level" moot) at another level than the rest
("nested"), or a wrong title. A list item read as a heading is a section whose title is
one of the document's list items (``list_items``: the first words of each item the text
layer marks with a bullet, dash, number or letter) or starts with a list marker itself. A
question is a hit at k when one of the first k paragraphs (BM25) holds its answer phrase.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval import Index, Report, load_report
from retrieval.formats.shapes import is_list_item

MANIFEST = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "manifest.json"


def corpus_folder() -> Path:
    """Where the corpus files are: ``REPORT_CORPUS``, else ``../shared/corpus``."""
    named = os.environ.get("REPORT_CORPUS")
    return Path(named) if named else MANIFEST.parents[3] / "shared" / "corpus"


def documents() -> list[dict[str, Any]]:
    """The manifest's documents."""
    return list(json.loads(MANIFEST.read_text())["documents"])


def document_path(document: dict[str, Any]) -> Path:
    """The file of a document: an absolute path (a Debian package's), else in the corpus."""
    file = Path(document["file"])
    return file if file.is_absolute() else corpus_folder() / file


@dataclass(frozen=True, slots=True)
class OutlineErrors:
    """What the outline gets wrong against the gold one."""

    lost: tuple[str, ...]
    nested: tuple[str, ...]
    title: str | None
    """The title read, when the gold title differs; else None."""

    @property
    def count(self) -> int:
        return len(self.lost) + len(self.nested) + (self.title is not None)


def _same(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def outline_errors(report: Report, document: dict[str, Any]) -> OutlineErrors:
    """The gold headings the report loses or nests, and a wrong title."""
    levels: dict[str, int] = {}
    for section in report.sections:
        levels.setdefault(_same(section.title), section.level)
    siblings = document.get("siblings", [])
    gold = [*document["top"], *document["headings"], *document["appendices"], *siblings]
    lost = tuple(h for h in dict.fromkeys(gold) if _same(h) not in levels)
    top = dict.fromkeys([*document["top"], *document["appendices"]])
    nested = tuple(h for h in top if levels.get(_same(h), 1) != 1)
    found = [levels[_same(h)] for h in siblings if _same(h) in levels]
    common = max(set(found), key=found.count) if found else 0
    nested += tuple(h for h in siblings if levels.get(_same(h), common) != common)
    title = document["title"]
    wrong = report.title if title is not None and _same(report.title) != _same(title) else None
    return OutlineErrors(lost, nested, wrong)


def list_headings(report: Report, document: dict[str, Any]) -> tuple[str, ...]:
    """Section titles that are list items of the document, or shaped like one."""
    items = [_same(item) for item in document.get("list_items", [])]
    return tuple(
        s.title
        for s in report.sections
        if is_list_item(s.title)
        or any(_same(s.title) == i or _same(s.title).startswith(f"{i} ") for i in items)
    )


def hit_ranks(report: Report, document: dict[str, Any]) -> list[int | None]:
    """For each question, the rank of the first paragraph holding its answer, or None."""
    index = Index.build(report)
    ranks: list[int | None] = []
    for question in document["questions"]:
        answer = _same(question["answer"])
        hits = index.search(question["question"], 3).hits
        found = [h.rank for h in hits if answer in _same(h.paragraph.text)]
        ranks.append(found[0] if found else None)
    return ranks


def main() -> None:
    print(
        "| document | pages | outline errors | lost | nested | title "
        "| list items as headings | Hit@1 | Hit@3 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for document in documents():
        path = document_path(document)
        if not path.is_file():
            print(f"| {document['id']} | missing: {path} | | | | | | | |")
            continue
        report = load_report(path)
        errors = outline_errors(report, document)
        listed = list_headings(report, document)
        ranks = hit_ranks(report, document)
        pages = max((p.page or 0 for p in report.paragraphs), default=0) or "—"
        at1 = sum(r == 1 for r in ranks)
        at3 = sum(r is not None for r in ranks)
        print(
            f"| {document['id']} | {pages} | {errors.count} | {len(errors.lost)} "
            f"| {len(errors.nested)} | {'ok' if errors.title is None else 'wrong'} "
            f"| {len(listed)} of {len(document.get('list_items', []))} "
            f"| {at1}/{len(ranks)} | {at3}/{len(ranks)} |"
        )


if __name__ == "__main__":
    main()
