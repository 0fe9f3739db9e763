"""``report-bot run`` with an experimental setting applied, for ``benchmarks/throughput.py``.

Run: .venv/bin/python -m benchmarks.bot_variant [--concurrent N] [--to-thread]
     [--no-typing]

Neither setting exists in the bot; this launcher applies each one the way the suggested
change would, so the benchmark measures the change before anyone makes it:

- ``--concurrent N``: ``ApplicationBuilder().concurrent_updates(N)`` in
  ``bot.app.build_application`` (up to N updates processed at once instead of one by one).
- ``--to-thread``: every ``<...>.index.search(...)`` call inside an ``async def`` of
  ``bot/handlers.py`` becomes ``await asyncio.to_thread(<...>.index.search, ...)``. The
  module is compiled from its current source with that rewrite, so the variant follows
  whatever the handlers do today.
- ``--no-typing``: no typing indicator before an answer (``Message.reply_chat_action``
  does nothing), as if the ``reply_chat_action`` call were taken out of the handler.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import importlib.util
import sys
from typing import Any

import bot
from bot import cli


class _SearchOffTheLoop(ast.NodeTransformer):
    """Rewrite ``x.index.search(args)`` in async functions as an awaited ``to_thread`` call."""

    def __init__(self) -> None:
        self.rewritten = 0
        self._in_async: list[bool] = []

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        return self._inside(node, is_async=True)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return self._inside(node, is_async=False)

    def visit_Lambda(self, node: ast.Lambda) -> ast.AST:
        return self._inside(node, is_async=False)

    def _inside(self, node: ast.AST, is_async: bool) -> ast.AST:
        self._in_async.append(is_async)
        self.generic_visit(node)
        self._in_async.pop()
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        function = node.func
        if (
            self._in_async
            and self._in_async[-1]
            and isinstance(function, ast.Attribute)
            and function.attr == "search"
            and isinstance(function.value, ast.Attribute)
            and function.value.attr == "index"
        ):
            self.rewritten += 1
            to_thread = ast.Attribute(ast.Name("asyncio", ast.Load()), "to_thread", ast.Load())
            return ast.Await(ast.Call(to_thread, [function, *node.args], node.keywords))
        return node


def load_handlers_off_the_loop() -> int:
    """Install ``bot.handlers`` with ranking in worker threads; the number of calls rewritten."""
    spec = importlib.util.find_spec("bot.handlers")
    if spec is None or spec.origin is None:
        raise SystemExit("bot.handlers is not importable")
    with open(spec.origin, encoding="utf-8") as file:
        tree = ast.parse(file.read(), spec.origin)
    rewrite = _SearchOffTheLoop()
    tree = ast.fix_missing_locations(rewrite.visit(tree))
    if not rewrite.rewritten:
        raise SystemExit("bot/handlers.py has no index.search(...) call in an async def")
    module = importlib.util.module_from_spec(spec)
    module.__dict__["asyncio"] = asyncio
    sys.modules["bot.handlers"] = module
    bot.handlers = module
    exec(compile(tree, spec.origin, "exec"), module.__dict__)
    return rewrite.rewritten


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
    parser.add_argument("--to-thread", action="store_true", help="rank in worker threads")
    parser.add_argument("--no-typing", action="store_true", help="no typing indicator")
    args = parser.parse_args()
    if args.to_thread:
        print(f"bot_variant: {load_handlers_off_the_loop()} search call(s) moved off the loop")
    if args.concurrent:
        process_concurrently(args.concurrent)
        print(f"bot_variant: concurrent_updates({args.concurrent})")
    if args.no_typing:
        skip_typing()
        print("bot_variant: no typing indicator")
    return cli.main(["run"])


if __name__ == "__main__":
    raise SystemExit(main())
