"""Each reader's short memory: bounded in count, forgotten after its time, per reader."""

from __future__ import annotations

from bot.conversation.memory import ChatMemory


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_last_question_is_recalled_until_it_expires() -> None:
    clock = Clock()
    memory = ChatMemory(ttl=600, clock=clock)
    memory.remember((1, 1), "How did Azerbaijan react?", 3)
    clock.now = 599
    recent = memory.recall((1, 1))
    assert recent is not None
    assert (recent.query, recent.shown) == ("How did Azerbaijan react?", 3)
    clock.now = 601
    assert memory.recall((1, 1)) is None
    assert len(memory) == 0


def test_each_reader_in_a_group_has_a_memory_of_their_own() -> None:
    memory = ChatMemory()
    memory.remember((-5, 1), "first reader's question", 3)
    assert memory.recall((-5, 2)) is None


def test_memory_is_bounded_forgetting_the_least_recent_chat_first() -> None:
    memory = ChatMemory(chats=2)
    for chat in (1, 2, 3):
        memory.remember((chat, chat), f"question {chat}", 3)
    assert len(memory) == 2
    assert memory.recall((1, 1)) is None
    assert memory.recall((3, 3)) is not None


def test_a_remembered_question_is_cut_to_a_bounded_length() -> None:
    memory = ChatMemory()
    memory.remember((1, 1), "x" * 5000, 3)
    recent = memory.recall((1, 1))
    assert recent is not None
    assert len(recent.query) == 1000


def test_a_follow_up_is_remembered_with_its_message_alone() -> None:
    memory = ChatMemory()
    memory.remember((1, 1), "How did Azerbaijan react? and why?", 3, "and why?")
    recent = memory.recall((1, 1))
    assert recent is not None
    assert (recent.query, recent.alone) == ("How did Azerbaijan react? and why?", "and why?")
