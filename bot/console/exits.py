"""The exit statuses of ``report-bot``, in one place, for scripts and supervisors.

Each status means one thing, whichever command ends with it:

- 0 ``EXIT_OK``: done; for ``run``, stopped on request (SIGTERM or Ctrl-C).
- 1 ``EXIT_NOT_COVERED``: ``ask``: the report does not cover the question.
- 2 ``EXIT_USAGE``: something the user must fix: settings, the report file, the feedback
  database or Redis, the embedding model ``RANKER=hybrid`` needs, a question with no
  searchable words, a WEBHOOK_URL Telegram refuses, or a token Telegram rejects (401
  Unauthorized, or 404 Not Found from a wrong TELEGRAM_BASE_URL). Restarting does not help.
- 3 ``EXIT_FAILED``: ``run`` or ``check --online`` could not reach the Bot API, or stopped
  on an error it cannot recover from by itself; a supervisor should restart it.
- 4 ``EXIT_UNHEALTHY``: ``health``: the running bot has not heard from Telegram lately (a
  container engine counts any status but 0 as unhealthy).

The errors of ``USER_ERRORS`` are raised by the parts of the bot in their own words; only
the command line turns them into status 2.
"""

from __future__ import annotations

from bot.serving.lifecycle import UpdatesRefusedError
from bot.settings import SettingsError
from bot.storage.fair_use import SharedStateError
from bot.storage.feedback import FeedbackStoreError
from retrieval import QuestionError, ReportError
from retrieval.hybrid import SemanticUnavailableError

EXIT_OK = 0
EXIT_NOT_COVERED = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
EXIT_UNHEALTHY = 4

USER_ERRORS = (
    SettingsError,
    ReportError,
    QuestionError,
    FeedbackStoreError,
    SharedStateError,
    SemanticUnavailableError,
    UpdatesRefusedError,
)
"""What the user must fix, each said in one line: exit status 2."""
