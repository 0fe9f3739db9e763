"""``report-bot run`` with an experimental setting applied, for ``benchmarks/throughput.py``.

Run: .venv/bin/python -m benchmarks.bot_variant [--concurrent N] [--no-typing]

Neither setting exists in the bot; this launcher applies each one the way the suggested
change would, so the benchmark measures the change before anyone makes it:

- ``--concurrent N``: ``ApplicationBuilder().concurrent_updates(N)`` in
  ``bot.app.build_application`` (up to N updates processed at once instead of one by one).
- ``--no-typing``: no typing indicator before an answer (``Message.reply_chat_action``
  does nothing), as if the ``reply_chat_action`` call were taken out of the handler.
"""

from __future__ import annotations

import argparse
from typing import Any

from bot import cli


def process_concurrently(limit: int) -> None:
    """Make ``build_application`` process up to ``limit`` updates at once."""
    from telegram.ext import ApplicationBuilder

    import bot.app

    class ConcurrentBuilder(ApplicationBuilder):  # type: ignore[type-arg]
        def build(self) -> Any:
            self.concurrent_updates(limit)
            return super().build()

    bot.app.ApplicationBuilder = ConcurrentBuilder  # type: ignore[attr-defined]


def skip_typing() -> None:
    """Make the typing indicator a no-op: one request fewer per answer."""
    from telegram import Message

    async def no_typing(self: Message, *args: Any, **kwargs: Any) -> bool:
        return True

    Message.reply_chat_action = no_typing  # type: ignore[method-assign]


def main() -> int:
    """Apply the chosen settings, then ``report-bot run``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--concurrent", type=int, default=0, help="updates processed at once")
    parser.add_argument("--no-typing", action="store_true", help="no typing indicator")
    args = parser.parse_args()
    if args.concurrent:
        process_concurrently(args.concurrent)
        print(f"bot_variant: concurrent_updates({args.concurrent})")
    if args.no_typing:
        skip_typing()
        print("bot_variant: no typing indicator")
    return cli.main(["run"])


if __name__ == "__main__":
    raise SystemExit(main())
