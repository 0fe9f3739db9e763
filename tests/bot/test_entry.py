"""The one gate for access and fair use: the allowlist first, then the budget."""

from __future__ import annotations

from types import SimpleNamespace

from bot.conversation.entry import Entry, admit
from bot.conversation.state import Access
from bot.storage.fair_use import Cost, FairUse

EVERYONE = Access()


def gate_state(access: Access = EVERYONE, searches: int = 1) -> SimpleNamespace:
    """The two parts of ``BotState`` the gate reads."""
    return SimpleNamespace(access=access, fair_use=FairUse(searches, 60.0, reading=1))


async def test_a_reader_outside_the_allowlist_is_refused_and_spends_nothing() -> None:
    state = gate_state(Access(user_ids=frozenset({1})))
    assert await admit(state, 2, 2, Cost.SEARCH) is Entry.REFUSED  # type: ignore[arg-type]
    assert await admit(state, 2, 2, Cost.SEARCH) is Entry.REFUSED  # type: ignore[arg-type]
    state = gate_state(Access(user_ids=frozenset({1, 2})))
    assert await admit(state, 2, 2, Cost.SEARCH) is Entry.ANSWER  # type: ignore[arg-type]


async def test_an_allowed_chat_lets_any_of_its_members_in() -> None:
    state = gate_state(Access(chat_ids=frozenset({-100})))
    assert await admit(state, 5, -100, Cost.READING) is Entry.ANSWER  # type: ignore[arg-type]
    assert await admit(state, 5, 5, Cost.READING) is Entry.REFUSED  # type: ignore[arg-type]


async def test_over_the_budget_a_reader_is_warned_once_then_dropped() -> None:
    state = gate_state()
    verdicts = [await admit(state, 3, 3, Cost.SEARCH) for _ in range(3)]  # type: ignore[arg-type]
    assert verdicts == [Entry.ANSWER, Entry.WARN, Entry.DROP]


async def test_what_costs_nothing_is_not_counted() -> None:
    state = gate_state()
    for _ in range(5):
        assert await admit(state, 4, 4, None) is Entry.ANSWER  # type: ignore[arg-type]
    assert await admit(state, 4, 4, Cost.SEARCH) is Entry.ANSWER  # type: ignore[arg-type]
