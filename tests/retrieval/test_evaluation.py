"""The evaluation collection: a manifest of reports, their questions and their part."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval import Index, Report, ReportError
from retrieval.evaluation import collection_scores, evaluate_collection, load_manifest
from tests.retrieval.test_semantic import BUDGET

QUESTIONS = [
    {"id": "q1", "question": "electric buses", "gold": [5], "kind": "short"},
    {"id": "q2", "question": "Who plants trees along the river?", "gold": [13], "kind": "factual"},
    {
        "id": "q3",
        "question": "What is the price of football tickets?",
        "gold": [],
        "kind": "unanswerable",
    },
]


def write_collection(folder: Path, part: str = "tune") -> Path:
    (folder / "budget.md").write_text(BUDGET, encoding="utf-8")
    lines = "\n".join(json.dumps(q) for q in QUESTIONS)
    (folder / "budget.jsonl").write_text(lines + "\n", encoding="utf-8")
    manifest = {
        "reports": [
            {"id": "budget", "report": "budget.md", "questions": ["budget.jsonl"], "part": part}
        ]
    }
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def test_manifest_paths_resolve_against_its_folder(tmp_path: Path) -> None:
    (entry,) = load_manifest(write_collection(tmp_path))
    assert entry.report == tmp_path / "budget.md"
    assert entry.questions == (tmp_path / "budget.jsonl",)
    assert entry.part == "tune"


def test_a_part_other_than_tune_or_heldout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="part 'train'"):
        load_manifest(write_collection(tmp_path, part="train"))


def test_collection_is_scored_per_report_and_per_part(tmp_path: Path) -> None:
    entries = load_manifest(write_collection(tmp_path, part="heldout"))

    def bm25(report: Report) -> Index:
        return Index.build(report)

    rows = {s.kind: s for s in collection_scores(evaluate_collection(entries, bm25))}
    assert set(rows) == {
        "report:budget",
        "heldout",
        "heldout:short",
        "heldout:factual",
        "heldout:unanswerable",
    }
    assert rows["heldout"].answerable == 2
    assert rows["heldout"].hit_at_1 == 1.0
    assert rows["heldout"].unanswerable == 1
    assert rows["heldout"].unanswerable_rejected == 1
