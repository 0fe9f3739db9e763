"""README's module map follows the tree: every module of the shipped packages has its row."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_ROW = ("retrieval/formats/",)
"""Folders whose modules make one part (a reader per format) and have one row together."""


def test_readme_names_every_module_of_the_packages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    modules = [
        path.relative_to(ROOT).as_posix()
        for package in ("bot", "retrieval")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name != "__init__.py"
    ]
    missing = [
        module
        for module in modules
        if f"`{module}`" not in readme and not module.startswith(ONE_ROW)
    ]
    assert missing == []
