"""Open the feedback store FEEDBACK_DB names: a SQLite file or a PostgreSQL database."""

from __future__ import annotations

from bot.storage.feedback import FeedbackStore, FeedbackStoreError
from bot.storage.feedback_postgres import PostgresFeedback
from bot.storage.feedback_sqlite import SqliteFeedback
from bot.storage.urls import FeedbackDatabase, Server

SALT_HELP = "make one with: python -c 'import secrets; print(secrets.token_hex(16))'"


def open_store(target: FeedbackDatabase, salt: str | None = None) -> FeedbackStore:
    """The store FEEDBACK_DB names, or ``FeedbackStoreError`` saying why it cannot be used.

    A PostgreSQL database needs the salt from the settings: replicas on several machines
    share no file to keep one beside the database, and it must not go inside it.
    """
    if isinstance(target, Server):
        if not salt:
            raise FeedbackStoreError(
                f"FEEDBACK_DB {target} is a PostgreSQL database, which needs "
                "FEEDBACK_SALT: the salt of the user-id hashes is kept out of the database, "
                f"and every replica must use the same one ({SALT_HELP})."
            )
        return PostgresFeedback(target, salt)
    return SqliteFeedback(target, salt)
