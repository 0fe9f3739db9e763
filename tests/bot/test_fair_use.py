"""Fair use: bounded answers per user, one warning, other users unaffected."""

from __future__ import annotations

from bot.serving.app import open_fair_use
from bot.settings import Settings
from bot.storage.fair_use import Admission, Cost, FairUse


def test_flooding_user_gets_bounded_answers_and_one_warning() -> None:
    fair_use = FairUse(limit=5, window=10)
    verdicts = [fair_use.check(1, now=i * 0.2) for i in range(50)]
    assert verdicts.count(Admission.ANSWER) == 5
    assert verdicts.count(Admission.WARN) == 1
    assert verdicts[5] is Admission.WARN


def test_other_users_are_not_affected_by_a_flood() -> None:
    fair_use = FairUse(limit=5, window=10)
    for i in range(50):
        fair_use.check(1, now=i * 0.1)
    assert fair_use.check(2, now=5.0) is Admission.ANSWER


def test_window_frees_up_and_warning_can_come_again() -> None:
    fair_use = FairUse(limit=2, window=10)
    assert [fair_use.check(1, now=t) for t in (0, 1, 2, 3)] == [
        Admission.ANSWER,
        Admission.ANSWER,
        Admission.WARN,
        Admission.DROP,
    ]
    assert fair_use.check(1, now=10.5) is Admission.ANSWER
    assert fair_use.check(1, now=11.5) is Admission.ANSWER
    assert fair_use.check(1, now=11.6) is Admission.WARN


def test_memory_is_bounded_to_the_most_recent_users() -> None:
    fair_use = FairUse(limit=1, window=60, tracked_users=100)
    for user in range(1000):
        fair_use.check(user, now=0)
    assert len(fair_use._users) == 100


def test_reading_has_its_own_larger_budget() -> None:
    fair_use = FairUse(limit=2, window=30, reading=30)
    searches = [fair_use.check(1, now=i, cost=Cost.SEARCH) for i in range(3)]
    assert searches == [Admission.ANSWER, Admission.ANSWER, Admission.WARN]
    pages = [fair_use.check(1, now=3 + i * 0.5, cost=Cost.READING) for i in range(30)]
    assert pages == [Admission.ANSWER] * 30  # 30 pages a minute (and faster) never slowed down
    assert fair_use.check(1, now=18, cost=Cost.READING) is Admission.WARN  # a flood still is
    assert fair_use.check(1, now=18.1, cost=Cost.READING) is Admission.DROP
    assert fair_use.check(1, now=31, cost=Cost.SEARCH) is Admission.ANSWER


def test_reading_never_spends_the_budget_of_searches() -> None:
    fair_use = FairUse(limit=1, window=30, reading=100)
    for i in range(50):
        fair_use.check(1, now=i * 0.1, cost=Cost.READING)
    assert fair_use.check(1, now=5.0) is Admission.ANSWER


async def test_by_default_a_reader_may_page_thirty_times_at_once() -> None:
    fair_use = open_fair_use(Settings(_env_file=None))  # type: ignore[call-arg]
    pages = [await fair_use.judge(1, Cost.READING) for _ in range(30)]
    assert pages == [Admission.ANSWER] * 30
