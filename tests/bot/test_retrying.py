"""The one retry policy: waits double up to a cap, every run with a bound ends, no real waits."""

from __future__ import annotations

import pytest

from bot.retrying import Backoff, Retries, retry
from bot.serving.connectivity import TELEGRAM_AWAY
from bot.serving.delivery import BACKOFF as DELIVERY
from bot.storage.feedback_postgres import BACKOFF as POSTGRES
from bot.storage.feedback_sqlite import BACKOFF as SQLITE


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def waits(backoff: Backoff, clock: Clock | None = None) -> list[float]:
    """The waits of one run of failures until ``backoff`` gives up (at most 20)."""
    retries = Retries(backoff, clock=clock or Clock(), draw=lambda low, high: high)
    found: list[float] = []
    while len(found) < 20 and (delay := retries.failed()) is not None:
        found.append(delay)
        if clock is not None:
            clock.now += delay
    return found


def test_waits_double_from_the_first_up_to_the_cap() -> None:
    assert waits(Backoff(first=0.5, cap=4.0, attempts=7)) == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_postgres_writes_wait_about_fifteen_seconds_in_all() -> None:
    assert waits(POSTGRES) == [0.5, 1.0, 2.0, 4.0, 8.0]


def test_sqlite_writes_try_six_times() -> None:
    assert len(waits(SQLITE)) + 1 == 6


def test_a_budget_ends_the_run_before_a_wait_would_end_past_it() -> None:
    clock = Clock()
    found = waits(DELIVERY, clock)
    assert found[:4] == [1.0, 2.0, 4.0, 8.0]
    assert sum(found) <= (DELIVERY.budget or 0) < sum(found) + DELIVERY.cap


def test_jitter_draws_between_half_and_all_of_each_wait() -> None:
    retries = Retries(Backoff(first=2.0, cap=8.0, jitter=True))
    for ceiling in (2.0, 4.0, 8.0, 8.0):
        assert ceiling / 2 <= (retries.failed() or 0) <= ceiling


def test_a_success_starts_the_waits_over() -> None:
    retries = Retries(TELEGRAM_AWAY, draw=lambda low, high: high)
    for _ in range(5):
        retries.failed()
    retries.succeeded()
    assert retries.failures == 0
    assert retries.failed() == TELEGRAM_AWAY.first


def test_retry_tries_again_until_the_action_works_waiting_in_between() -> None:
    slept: list[float] = []
    outcomes = iter([OSError("busy"), OSError("busy"), "done"])

    def action() -> str:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    said: list[int] = []
    result = retry(
        action,
        Backoff(first=0.1, cap=1.0, attempts=5),
        when=lambda error: isinstance(error, OSError),
        said=lambda error, failures, delay: said.append(failures),
        sleep=slept.append,
    )
    assert result == "done"
    assert slept == [0.1, 0.2]
    assert said == [1, 2]


def test_retry_gives_up_after_its_attempts_with_the_last_error() -> None:
    tries: list[int] = []

    def action() -> None:
        tries.append(len(tries))
        raise OSError(f"try {len(tries)}")

    with pytest.raises(OSError, match="try 3"):
        retry(action, Backoff(first=1.0, cap=1.0, attempts=3), when=bool, sleep=lambda _: None)
    assert len(tries) == 3


def test_retry_raises_at_once_an_error_it_is_not_told_to_retry() -> None:
    slept: list[float] = []

    def action() -> None:
        raise KeyError("not transient")

    with pytest.raises(KeyError):
        retry(
            action,
            Backoff(first=1.0, cap=1.0, attempts=3),
            when=lambda error: isinstance(error, OSError),
            sleep=slept.append,
        )
    assert slept == []


def test_retry_refuses_a_backoff_without_a_bound() -> None:
    with pytest.raises(ValueError, match="bounded"):
        retry(lambda: None, TELEGRAM_AWAY, when=bool)
