"""``report-bot run`` with an experimental setting applied, for ``benchmarks/throughput.py``.

Run: .venv/bin/python -m benchmarks.bot_variant [--no-typing]

The setting does not exist in the bot; this launcher applies it the way the suggested
change would, so the benchmark measures the change before anyone makes it (concurrent
updates and ranking in a thread, measured this way first, are now what the bot does):

- ``--no-typing``: no typing indicator before an answer (``Message.reply_chat_action``
  does nothing), as if the ``reply_chat_action`` call were taken out of the handler.
"""

from __future__ import annotations

import argparse
from typing import Any

from bot.console import cli


def skip_typing() -> None:
    """Make the typing indicator a no-op: one request fewer per answer."""
    from telegram import Message

    async def no_typing(self: Message, *args: Any, **kwargs: Any) -> bool:
        return True

    Message.reply_chat_action = no_typing  # type: ignore[method-assign]


def main() -> int:
    """Apply the chosen settings, then ``report-bot run``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--no-typing", action="store_true", help="no typing indicator")
    args = parser.parse_args()
    if args.no_typing:
        skip_typing()
        print("bot_variant: no typing indicator")
    return cli.main(["run"])


if __name__ == "__main__":
    raise SystemExit(main())
