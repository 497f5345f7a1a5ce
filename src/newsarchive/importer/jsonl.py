"""JSON Lines: one JSON object per line (``.jsonl``, ``.ndjson``). Blank lines are skipped; a line that is
not a JSON object is a bad row with its line number."""

from __future__ import annotations

import json
from collections.abc import Iterator

from newsarchive.importer.records import BadRow, Row


def read(text: str, shown: str) -> Iterator[Row | BadRow]:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{shown}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadRow(where, f"not valid JSON: {exc.msg} (column {exc.colno}); write one JSON object per "
                                "line, e.g. {\"title\": \"...\", \"date\": \"2018-03-26\"}", number)
            continue
        if not isinstance(value, dict):
            yield BadRow(where, f"a JSON {type(value).__name__}, not an object; write one JSON object per line "
                                "with keys such as title, date, source, text", number)
            continue
        yield Row(where, value, number, record=f"line {number}")
