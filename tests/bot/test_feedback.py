"""The feedback store: votes, uncovered questions, summaries, no raw user ids.

Each test runs on both stores, SQLite and PostgreSQL, which must read alike.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.console.rendering import feedback_text
from bot.conversation.catalogue import Catalogue
from bot.storage.feedback import FeedbackStore, Summary
from bot.storage.feedback_sqlite import SqliteFeedback
from retrieval import Report, parse
from tests.bot.conftest import Backend
from tests.conftest import SOLAR_REPORT


def test_summary_ranks_disliked_and_uncovered_questions(backend: Backend) -> None:
    store = backend.open()
    store.record_vote(
        1, "Who is Öztürk?", liked=False, passages=[("seed.txt", 22), ("solar.md", 5)]
    )
    store.record_vote(2, "who is Öztürk? ", liked=False, passages=[("seed.txt", 22)])
    store.record_vote(3, "Who is Öztürk?", liked=True, passages=[("seed.txt", 22)])
    store.record_vote(1, "Pipeline", liked=True, passages=[("seed.txt", 18)])
    for user in (1, 2, 3):
        store.record_uncovered(user, "What is the population of Baku?")
    store.record_uncovered(1, "Train tickets?")
    summary = store.summary()
    assert (summary.votes, summary.likes) == (4, 2)
    (disliked,) = summary.disliked
    assert (disliked.dislikes, disliked.likes, disliked.first_passage) == (2, 1, ("seed.txt", 22))
    assert summary.uncovered[0] == ("What is the population of Baku?", 3)
    store.close()


def test_closest_questions_are_counted_beside_uncovered_ones(
    backend: Backend, seed_report: Report
) -> None:
    store = backend.open()
    for user in (1, 2):
        store.record_closest(user, "What will the EU do about sanctions?")
    store.record_closest(3, "what will the EU do about sanctions? ")
    store.record_uncovered(1, "Train tickets?")
    summary = store.summary()
    text = feedback_text(summary, [seed_report])
    store.close()
    assert summary.closest == (("What will the EU do about sanctions?", 3),)
    assert summary.uncovered == (("Train tickets?", 1),)
    assert (
        "answered only with the closest passages (likely misses):\n"
        "  3x  What will the EU do about sanctions?"
    ) in text


def test_user_ids_are_stored_only_as_salted_hashes(backend: Backend) -> None:
    store = backend.open()
    store.record_vote(123456789, "q", liked=True, passages=[("seed.txt", 1)])
    store.close()
    reopened = backend.open()
    reopened.record_vote(123456789, "another q", liked=True, passages=[("seed.txt", 1)])
    reopened.close()
    hashes = [row[0] for row in backend.rows("SELECT user_hash FROM votes ORDER BY at")]
    assert "123456789" not in "".join(hashes)
    assert hashes[0] == hashes[1]  # the salt is kept, so repeat voters are recognisable


def test_feedback_report_finds_each_passage_in_its_own_report(
    backend: Backend, seed_report: Report
) -> None:
    solar = parse(SOLAR_REPORT, source="/data/reports/solar.md")
    store = backend.open()
    store.record_vote(1, "Where are the mini-grids?", liked=False, passages=[("solar.md", 2)])
    text = feedback_text(store.summary(), [seed_report, solar])
    store.close()
    assert "Solar Power in Kenya (March 2024)\n      Mini-grids: Village mini-grids" in text


def test_a_vote_on_a_report_that_changed_since_is_not_shown_against_the_new_text(
    backend: Backend, seed_report: Report
) -> None:
    solar = parse(SOLAR_REPORT, source="/data/reports/solar.md")
    edited = parse(SOLAR_REPORT.replace("Village", "Town"), source="/data/reports/solar.md")
    store = backend.open()
    voted_on = Catalogue([solar]).vote_key(1)
    store.record_vote(1, "Where are the mini-grids?", liked=False, passages=[(voted_on, 2)])
    now = feedback_text(store.summary(), [seed_report, solar])
    later = feedback_text(store.summary(), [seed_report, edited])
    store.close()
    assert "Mini-grids: Village mini-grids" in now
    assert "Town" not in later
    assert "(Solar Power in Kenya (March 2024) has changed since this vote)" in later


def test_votes_stored_before_reports_were_named_still_show_for_one_report(
    tmp_path: Path, seed_report: Report
) -> None:
    path = tmp_path / "f.sqlite3"
    SqliteFeedback(path).close()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO votes (at, user_hash, question, vote, passages) "
            "VALUES (0, 'h', 'Who is Öztürk?', -1, '[29]')"
        )
    store = SqliteFeedback(path)
    (row,) = store.summary().disliked
    text = feedback_text(store.summary(), [seed_report])
    store.close()
    assert row.first_passage == ("", 29)
    assert "Conclusion: The broader implications" in text


def record_the_same_feedback(store: FeedbackStore) -> Summary:
    """Votes and questions whose grouping and order depend on how the database compares text."""
    for user, question, liked in [
        (1, "Who is Öztürk?", False),
        (2, "who is Öztürk?", False),
        (3, "WHO IS ÖZTÜRK?", False),  # folds with the others only where Ö folds
        (4, "Pipeline", False),
        (5, "pipeline ", True),
        (6, "Äbc", False),
        (7, "Zed", False),
    ]:
        store.record_vote(user, question, liked, [("seed.txt", user), ("solar.md", 2)])
    for user, question in enumerate(["Baku?", "baku?", "BAKU? ", "Ärger", "zebra", "Zebra"]):
        store.record_uncovered(user, question)
    summary = store.summary()
    store.close()
    return summary


def test_sqlite_and_postgresql_give_the_same_summary(tmp_path: Path, postgres_url: str) -> None:
    sqlite_summary = record_the_same_feedback(SqliteFeedback(tmp_path / "f.sqlite3"))
    postgres = Backend("postgresql", postgres_url, "salt").open()
    assert record_the_same_feedback(postgres) == sqlite_summary
