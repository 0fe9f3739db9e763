"""The exit statuses of ``report-bot``, in one place, for scripts and supervisors.

- 0: done; for ``run``, stopped on request (SIGTERM or Ctrl-C).
- 1: ``ask``: the report does not cover the question; ``health``: the bot is not alive.
- 2: something the user must fix: settings, the report file, the feedback database, or a
  token Telegram rejects (401 Unauthorized, or 404 Not Found from a wrong TELEGRAM_BASE_URL).
  Restarting does not help.
- 3: ``run`` or ``check --online`` could not reach the Bot API, or stopped on an error it
  cannot recover from by itself; a supervisor should restart it.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NOT_COVERED = 1
EXIT_UNHEALTHY = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
