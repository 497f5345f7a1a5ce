"""JSON Lines: one JSON object per line (``.jsonl``, ``.ndjson``). Blank lines are skipped; a line that is
not a JSON object is a bad row with its line number."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from newsarchive.importer.records import BadRow, Row


def read(text: str, shown: str) -> Iterator[Row | BadRow]:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{shown}:{number}"
        try:
            value = json.loads(line)
        except RecursionError:
            yield BadRow(where, ("the JSON is nested too deeply to be a record "
                                 "(thousands of [ or { inside each other); "
                                 "write one flat JSON object per line"),
                         number)
            continue
        except json.JSONDecodeError as exc:
            yield BadRow(where, f"not valid JSON: {exc.msg} (column {exc.colno}); write one JSON object per "
                                "line, e.g. {\"title\": \"...\", \"date\": \"2018-03-26\"}", number)
            continue
        if not isinstance(value, dict):
            yield BadRow(where, (f"a JSON {type(value).__name__}, not an object; "
                                 "write one JSON object per line "
                                 "with keys such as title, date, source, text"),
                         number)
            continue
        lone = _lone_surrogate(value) if "\\u" in line.lower() else None
        if lone is not None:
            yield BadRow(where, (f"holds the escape \\u{ord(lone):04x}, "
                                 "half of a character (a lone surrogate), which no text file can hold; "
                                 "fix the export (it may have cut an emoji in two), or remove the escape"),
                         number)
            continue
        yield Row(where, value, number, record=f"line {number}")


_SURROGATES = re.compile("[\ud800-\udfff]")


def _lone_surrogate(value) -> str | None:
    """The first lone surrogate in the record's texts (json reads "\\ud800" into one), or None."""
    if isinstance(value, str):
        found = _SURROGATES.search(value)
        return found.group() if found else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _lone_surrogate(key) if isinstance(key, str) else None
        found = found or _lone_surrogate(item)
        if found:
            return found
    return None
