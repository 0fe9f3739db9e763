"""Fixtures shared by every test: the seed report, parsed and indexed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import Index, Report, load_report

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT / "seeds" / "pscrp-besa-140-azerbaijan-russia-2025-07.txt"
DEV_QUESTIONS = PROJECT / "eval" / "questions" / "pscrp-besa-140.dev.jsonl"
EMBEDDING_CACHE = PROJECT / ".cache" / "tests"
"""One persisted cache for every test that embeds with the real model: the vectors of an
unchanged report are computed once per machine, not once per run."""
SOLAR_REPORT = """Solar Power in Kenya (March 2024)
Rooftop panels
Rooftop solar panels supply many households in Nairobi with cheap electricity.
Mini-grids
Village mini-grids bring electricity to remote farms in the Rift Valley.
"""
"""A second, small report on another subject, for a library of two."""


@pytest.fixture(scope="session")
def seed_report() -> Report:
    return load_report(SEED)


@pytest.fixture(scope="session")
def seed_index(seed_report: Report) -> Index:
    return Index.build(seed_report)
