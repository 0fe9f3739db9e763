"""The evaluation collection: a manifest of reports, their questions and their part."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from retrieval import Index, Report, ReportError, load_report
from retrieval.evaluation import (
    Outcome,
    Question,
    ask_index,
    collection_scores,
    evaluate_collection,
    load_manifest,
    load_questions,
    score,
)
from tests.conftest import PROJECT
from tests.retrieval.test_semantic import BUDGET

MANIFEST = PROJECT / "eval" / "manifest.json"

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


def bm25(report: Report) -> Index:
    return Index.build(report)


MORE = [
    {
        "id": "q4",
        "question": "Who is the mayor?",
        "gold": [],
        "kind": "unanswerable",
        "negative": "easy",
    },
    {
        "id": "q5",
        "question": "What will the buses cost?",
        "gold": [],
        "kind": "unanswerable",
        "negative": "hard",
    },
    {"id": "q6", "question": "what is this about?", "gold": [5, 13], "kind": "gist"},
    {
        "id": "q7",
        "question": "and the flats?",
        "context": "What does the council buy?",
        "gold": [9],
        "kind": "followup",
    },
]


def test_negatives_are_caught_per_kind_and_conversations_scored_apart(tmp_path: Path) -> None:
    path = write_collection(tmp_path, part="heldout")
    with (tmp_path / "budget.jsonl").open("a", encoding="utf-8") as file:
        file.writelines(json.dumps(q) + "\n" for q in MORE)
    rows = {s.kind: s for s in collection_scores(evaluate_collection(load_manifest(path), bm25))}
    assert rows["heldout"].answerable == 2  # gist and follow-up stay out of the overall figures
    assert rows["heldout"].unanswerable == 3
    assert rows["heldout:unanswerable:easy"].unanswerable == 1
    assert rows["heldout:unanswerable:hard"].unanswerable == 1
    assert rows["heldout:gist"].answerable == 1
    assert rows["heldout:followup"].answerable == 1
    assert rows["report:budget"].answerable == 2


BAD = [
    ({"id": "x", "question": "q?", "gold": [5], "kind": "factual", "gloss": "?"}, "gloss"),
    ({"id": "x", "question": "q?", "gold": [5], "kind": "trivia"}, "kind 'trivia'"),
    ({"id": "x", "question": "q?", "gold": [], "kind": "factual"}, "no gold lines"),
    ({"id": "x", "question": "q?", "gold": [5], "kind": "unanswerable"}, "no gold lines"),
    ({"id": "x", "question": "q?", "gold": [5], "kind": "factual", "negative": "easy"}, "easy"),
    ({"id": "x", "question": "q?", "gold": [], "kind": "unanswerable", "negative": "?"}, "easy"),
    ({"id": "x", "question": "and?", "gold": [5], "kind": "followup"}, "context"),
    ({"id": "x", "question": "q?", "gold": [5], "kind": "gist", "context": "q"}, "context"),
    ({"id": "x", "question": "q?", "gold": ["5"], "kind": "factual"}, "line numbers"),
    ({"id": "x", "question": "q?", "gold": [3], "kind": "factual"}, r"\[3\] start no paragraph"),
    ({"id": "x", "question": "q?", "gold": [5], "also": [99], "kind": "factual"}, r"\[99\]"),
]


@pytest.mark.parametrize(("record", "message"), BAD)
def test_a_bad_question_record_is_refused_with_its_line(
    tmp_path: Path, record: dict[str, object], message: str
) -> None:
    path = write_collection(tmp_path)
    with (tmp_path / "budget.jsonl").open("a", encoding="utf-8") as file:
        file.write(json.dumps(record) + "\n")
    with pytest.raises(ReportError, match=rf"budget.jsonl:4: .*{message}"):
        evaluate_collection(load_manifest(path), bm25)


def test_the_collection_in_the_repository_loads_strictly() -> None:
    for entry in load_manifest(MANIFEST):
        report = load_report(entry.report)
        for path in entry.questions:
            assert load_questions(path, report)


def test_gist_questions_count_as_right_when_the_overview_is_given(seed_index: Index) -> None:
    gist = Question("g1", "what is this about?", frozenset({999}), "gist")
    (outcome,) = ask_index(seed_index, [gist])
    assert outcome.overview
    assert outcome.first_gold_rank == 1


def test_a_follow_up_is_ranked_after_its_context(seed_index: Index) -> None:
    alone = Question("f1", "and Russia?", frozenset({14}), "followup")
    followed = replace(alone, context="How did Azerbaijan react?")
    (without,) = ask_index(seed_index, [alone], k=3)
    (with_context,) = ask_index(seed_index, [followed], k=3)
    assert with_context.lines != without.lines


def test_questions_in_other_languages_are_scored_apart() -> None:
    english = Question("e", "q", frozenset({1}), "factual")
    russian = Question("r", "в", frozenset({1}), "factual", language="ru")
    rows = {s.kind: s for s in score([Outcome(english, (1,)), Outcome(russian, (2,))])}
    assert rows["other-language"].answerable == 1
    assert rows["other-language"].hit_at_1 == 0.0
    assert rows["all"].hit_at_1 == 0.5
