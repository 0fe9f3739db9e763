"""Fixtures shared by every test: the seed report, parsed and indexed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import Index, Report, load_report

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT / "seeds" / "pscrp-besa-140-azerbaijan-russia-2025-07.txt"
DEV_QUESTIONS = PROJECT.parent / "shared" / "eval" / "questions_dev.jsonl"


@pytest.fixture(scope="session")
def seed_report() -> Report:
    return load_report(SEED)


@pytest.fixture(scope="session")
def seed_index(seed_report: Report) -> Index:
    return Index.build(seed_report)
