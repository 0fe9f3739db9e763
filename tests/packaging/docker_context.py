"""The image's build, replayed on disk: ``.dockerignore`` picks the context, COPY fills the image.

Docker's rules, as far as this Dockerfile uses them: a pattern is a path relative to the
context with ``*``, ``?`` and ``**``; it excludes a path when it matches the path or one of
its parent folders, ``!`` makes an exception, and the last matching pattern wins.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True, slots=True)
class Rule:
    """One line of ``.dockerignore``."""

    text: str
    pattern: re.Pattern[str]
    exception: bool


def read_rules(text: str) -> list[Rule]:
    """The rules of a ``.dockerignore`` file, in order."""
    rules = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        path = str(PurePosixPath(line.removeprefix("!").strip().lstrip("/")))
        rules.append(Rule(path, re.compile(_regex(path)), exception))
    return rules


def _regex(pattern: str) -> str:
    """Docker's path pattern as a regular expression of the whole relative path."""
    pieces = re.split(r"(\*\*/|\*\*|\*|\?|\[[^\]]*\])", pattern)
    parts = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return "".join(
        parts.get(piece, piece if piece.startswith("[") else re.escape(piece)) for piece in pieces
    )


def ignored(path: str, rules: list[Rule]) -> bool:
    """Whether the context leaves out ``path`` (relative, with ``/``)."""
    parts = PurePosixPath(path).parts
    prefixes = ["/".join(parts[: end + 1]) for end in range(len(parts))]
    verdict = False
    for rule in rules:
        if any(rule.pattern.fullmatch(prefix) for prefix in prefixes):
            verdict = not rule.exception
    return verdict


def context_files(project: Path) -> set[str]:
    """Every file the build context holds, relative to ``project``."""
    rules = read_rules((project / ".dockerignore").read_text())
    files = set()
    for folder, subfolders, names in os.walk(project):
        here = Path(folder).relative_to(project)
        # An ignored folder is not walked unless an exception may reach into it (.venv, .git).
        subfolders[:] = [
            name
            for name in subfolders
            if not ignored((here / name).as_posix(), rules) or _excepted_inside(here / name, rules)
        ]
        files |= {(here / name).as_posix() for name in names}
    return {path for path in files if not ignored(path, rules)}


def _excepted_inside(folder: Path, rules: list[Rule]) -> bool:
    """Whether an exception rule may name something inside ``folder``."""
    exceptions = [rule.text for rule in rules if rule.exception]
    return any(text.startswith((f"{folder.as_posix()}/", "*")) for text in exceptions)


def instructions(dockerfile: str) -> Iterator[tuple[str, list[str]]]:
    """The Dockerfile's instructions (keyword, words), continuation lines joined."""
    joined = re.sub(r"\\\n", " ", dockerfile)
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            yield keyword.upper(), shlex.split(rest)


def replay(project: Path, image: Path) -> Iterator[tuple[list[str], Path]]:
    """Runs the Dockerfile's COPY lines from the context into ``image`` (the image's ``/``),
    and yields each RUN command with the folder it runs in, in order."""
    context = context_files(project)
    workdir = PurePosixPath("/")
    for keyword, words in instructions((project / "Dockerfile").read_text()):
        if keyword == "WORKDIR":
            workdir = workdir / words[0]
        elif keyword == "COPY":
            *sources, target = [word for word in words if not word.startswith("--")]
            for source in sources:
                _copy(project, context, source, image / (workdir / target).relative_to("/"))
        elif keyword == "RUN":
            yield words, image / workdir.relative_to("/")


def _copy(project: Path, context: set[str], source: str, target: Path) -> None:
    """COPY of one source: a file into the target folder, a folder's contents into it."""
    source = PurePosixPath(source).as_posix()
    inside = sorted(path for path in context if path.startswith(f"{source}/"))
    if source in context:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project / source, target / PurePosixPath(source).name)
    elif inside:
        for path in inside:
            copied = target / PurePosixPath(path).relative_to(source)
            copied.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(project / path, copied)
    else:
        raise AssertionError(f"COPY {source}: not in the build context (.dockerignore?)")
