"""CSV (and TSV): a header row naming the columns, then one article per row. The delimiter is the one of
``,`` ``;`` or tab that the header uses most; each bad row is reported with its line number."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from newsarchive.errors import UsageError
from newsarchive.importer.records import BadRow, Row

MAX_FIELD = 64 * 1024 * 1024  # the least limit set: a whole article's text in one cell


def delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read(text: str, shown: str) -> tuple[list[str], Iterator[Row | BadRow]]:
    """(the header's columns, the rows). Raises UsageError when there is no header."""
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise UsageError(f"{shown}: the first line must name the columns (title,date,source,...); "
                         "it is empty")
    # No cell is longer than the file: with the limit at the file's length, the csv module never stops
    # inside a long quoted cell (it would read the rest of the cell as rows: articles made from its text).
    # The limit is the process's: only ever raised.
    csv.field_size_limit(max(MAX_FIELD, len(text) + 1, csv.field_size_limit()))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(first))
    header = [name.strip() for name in next(reader)]
    if len(set(header)) != len(header):
        twice = sorted({n for n in header if header.count(n) > 1})
        raise UsageError(f"{shown}:1: the columns {', '.join(map(repr, twice))} appear twice; "
                         "rename one of them")
    return header, _rows(reader, header, shown)


def _rows(reader, header: list[str], shown: str) -> Iterator[Row | BadRow]:
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield BadRow(f"{shown}:{line}", f"not valid CSV: {exc}; check the quotes on this row", line)
            continue
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            yield BadRow(f"{shown}:{line}", f"{len(values)} values but the header has {len(header)} columns; "
                                            "quote values that contain the delimiter", line)
            continue
        values += [""] * (len(header) - len(values))
        yield Row(f"{shown}:{line}", dict(zip(header, values)), line, record=f"line {line}")
