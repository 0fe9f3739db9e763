"""A table as text a reader can follow: one row a line, each cell with its column's header.

"Year | Price" over "2022 | High" reads as "Year: 2022; Price: High", so a passage quoted
from the middle of a table still says what each number is. Every reader of a format with
tables (Word, web pages, Markdown, PDF) writes them through ``table_text``.
"""

from __future__ import annotations

from collections.abc import Sequence


def table_text(rows: Sequence[Sequence[str]]) -> str:
    """The rows after the first, one a line, each cell named by the first row's header.

    A table of one row or one column has no headers to give: its cells are joined with
    " | ". Empty rows go; an empty cell is left out of its row; a cell under an empty header
    (the row labels' column, often) stands alone.
    """
    cleaned = [[" ".join(cell.split()) for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if len(cleaned) < 2 or max(len(row) for row in cleaned) < 2:
        return "\n".join(" | ".join(cell for cell in row if cell) for row in cleaned)
    headers, body = cleaned[0], cleaned[1:]
    lines: list[str] = []
    for row in body:
        cells = [
            f"{headers[index]}: {cell}" if index < len(headers) and headers[index] else cell
            for index, cell in enumerate(row)
            if cell
        ]
        lines.append("; ".join(cells))
    return "\n".join(lines)
