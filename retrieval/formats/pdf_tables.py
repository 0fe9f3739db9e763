"""Tables on a PDF page, found by the alignment of their cells, written row by row.

A PDF has no tables, only words placed on a page; a table shows as lines that stand side
by side at one height, again and again, under the same columns. A run of at least
``MIN_ROWS`` such rows, each of two or more cells in one size that fall under the first
row's columns, whose first row names the columns, is a table: it becomes one line of
text, a row a line, each cell named by its column's header ("Country: Turkey; Exports:
12"), through ``table_text`` as Word and web pages do. At most one cell of a row may be as
long as a line of running text (a label column), so two columns of prose stay prose.
"""

from __future__ import annotations

import re
from dataclasses import replace

from retrieval.formats.pdf_pieces import LONG_LINE
from retrieval.formats.pdf_text import Line
from retrieval.formats.tables import table_text

MIN_ROWS = 3
"""Rows a table needs, its header's included: two rows side by side are often a layout."""

Row = list[Line]
_YEAR = re.compile(r"(?:19|20)\d\d\b")


def with_tables(lines: list[Line]) -> list[Line]:
    """The page's lines with each table's lines replaced by one line holding the table.

    Only a table whose first row names its columns is written so: rows side by side
    without a header (a roster of names, a letter's two addresses, a list of options and
    what they do) are as often a layout as a table, and stay lines of text.
    """
    rows = _rows(lines)
    out: list[Line] = []
    start = 0
    while start < len(rows):
        end = _table_end(rows, start)
        grid = _grid(rows[start:end])
        if end - start >= MIN_ROWS and _headed(rows[start:end], grid):
            out.append(_table_line(rows[start:end], grid))
            start = end
        else:
            out += rows[start]
            start += 1
    return out


def _rows(lines: list[Line]) -> list[Row]:
    """Lines grouped by height, top to bottom, each row left to right."""
    rows: list[Row] = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        if rows and abs(line.top - rows[-1][0].top) < 0.5 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda line: line.x0) for row in rows]


def _table_end(rows: list[Row], start: int) -> int:
    """Where a table that starts at ``rows[start]`` ends (``start`` itself when none does).

    The first row gives the columns; each row after it must be close below the one before
    and have its cells under distinct columns.
    """
    header = rows[start]
    size = header[0].size
    if not _cells_row(header, size):
        return start
    end = start + 1
    while end < len(rows):
        row, above = rows[end], rows[end - 1]
        close = row[0].top - max(line.bottom for line in above) < 2 * row[0].size
        if not (close and _cells_row(row, size) and _under(row, header) is not None):
            break
        end += 1
    return end


def _cells_row(row: Row, size: float) -> bool:
    """Whether a row can be a table's: two cells or more, in the table's size, at most one
    as long as running text (a label column), so two columns of prose are not a table,
    and the first not a bare bullet ("•" set apart from its item is a list)."""
    long = sum(len(line.text) >= LONG_LINE for line in row)
    return (
        len(row) >= 2
        and long <= 1
        and all(line.size == size for line in row)
        and any(c.isalnum() for c in row[0].text)  # not a bullet set apart from its item
    )


def _under(row: Row, header: Row) -> list[int] | None:
    """The header column each cell of ``row`` stands under, or None when one stands under
    none or two cells share one."""
    columns: list[int] = []
    for cell in row:
        overlaps = [min(cell.x1, h.x1) - max(cell.x0, h.x0) for h in header]
        best = max(range(len(header)), key=lambda index: overlaps[index])
        if overlaps[best] <= 0 or best in columns:
            return None
        columns.append(best)
    return columns


def _grid(rows: list[Row]) -> list[list[str]]:
    """The rows' texts, each cell under its column of the first row ("" where none is)."""
    grid: list[list[str]] = []
    for row in rows:
        cells = [""] * len(rows[0])
        for cell, column in zip(row, _under(row, rows[0]) or [], strict=True):
            cells[column] = cell.text
        grid.append(cells)
    return grid


def _table_line(rows: list[Row], grid: list[list[str]]) -> Line:
    """One line holding the table's text, over the space the table takes."""
    everything = [cell for row in rows for cell in row]
    return replace(
        rows[0][0],
        text=table_text(grid),
        x0=min(cell.x0 for cell in everything),
        x1=max(cell.x1 for cell in everything),
        bottom=max(cell.bottom for cell in everything),
        table=True,
    )


def _headed(rows: list[Row], grid: list[list[str]]) -> bool:
    """Whether the first row names the columns.

    It does when it is bold over rows that are not, or when a column of figures has a
    word over it ("Exports" over "12", "9"); a roster of names in two columns has none.
    """
    if len(rows) < MIN_ROWS or any(_figure(n) and not _YEAR.match(n) for n in grid[0] if n):
        return False  # a row with a figure in it is data, not names of columns (years aside)
    if all(cell.bold for cell in rows[0]) and not any(c.bold for row in rows[1:] for c in row):
        return True
    for column, name in enumerate(grid[0]):
        below = [row[column] for row in grid[1:] if row[column]]
        figures = sum(_figure(cell) for cell in below)
        if name and not _figure(name) and below and 2 * figures > len(below):
            return True
    return False


def _figure(text: str) -> bool:
    """A cell that is mostly digits: "12", "1,046", "$3.5 bn", "17%"."""
    digits = sum(c.isdigit() for c in text)
    return 2 * digits >= len(text.replace(" ", ""))
