"""The front matter other generators write: Hugo's TOML (``+++`` fences) and JSON (a leading object), and
Pelican's metadata lines (``Title: ...`` at the top of a Markdown file, ended by a blank line).

Each reader returns (data, key -> 1-based file line, body, body line) where ``body`` is the end of the text
(``text[len(text) - len(body):]``, which the render step relies on), or raises FrontMatterError.
TOML's own dates stay date/datetime objects at the top level (``newsarchive.dates`` reads them); nested
ones become ISO text, like every other value an article keeps for its templates.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime, time

_TOML_NAME = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_TOML_KEY = re.compile(rf"^[ \t]*({_TOML_NAME}(?:[ \t]*\.[ \t]*{_TOML_NAME})*)[ \t]*=")
_TOML_TABLE = re.compile(r"^[ \t]*\[\[?[ \t]*([^\]\n]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$")
_TOML_WHERE = re.compile(r"\(at line (\d+), column \d+\)|\(at end of document\)")
_JSON_START = re.compile(r"\{\s*[\"}]")
# Pelican (Python-Markdown's meta extension): "Key: value", continuation lines indented by 4 spaces or more.
_META_LINE = re.compile(r"^[ ]{0,3}([A-Za-z][A-Za-z0-9_-]*):[ \t]*(.*?)[ \t]*$")
_META_MORE = re.compile(r"^(?:[ ]{4,}|\t)[ \t]*(\S.*?)[ \t]*$")
PELICAN_MARKERS = frozenset({"title", "date"})


class FrontMatterError(ValueError):
    """Front matter that cannot be read: its line (when known), what is wrong and how to fix it."""

    def __init__(self, line: int | None, message: str, hint: str = ""):
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


def _error(line: int | None, message: str, hint: str) -> Exception:
    return FrontMatterError(line, message, hint)


# ---- TOML (Hugo: +++ fences)

def is_toml_fence(line: str) -> bool:
    return line.rstrip(" \t") == "+++"


def split_toml(text: str) -> tuple[dict, dict[str, int], str, int]:
    lines = text.split("\n")
    for end in range(1, len(lines)):
        if is_toml_fence(lines[end]):
            break
    else:
        raise _error(1, "the front matter opened with '+++' on line 1 is never closed",
                     "add a line '+++' after the last key, before the article's text")
    toml_text = "\n".join(lines[1:end])
    if "\x00" in toml_text:
        line = toml_text[: toml_text.index("\x00")].count("\n") + 2
        raise _error(line, "front matter contains a NUL character", "remove it; it is not text")
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _TOML_WHERE.search(message)
        line = int(where.group(1)) + 1 if where and where.group(1) else end
        problem = _TOML_WHERE.sub("", message).strip().rstrip(".") or "invalid TOML"
        raise _error(line, f"front matter is not valid TOML: {problem}",
                     'write one key = value per line, text in quotes: title = "Storm: the harbour closes"'
                     ) from None
    except RecursionError:
        raise _error(2, "front matter is not valid TOML: it is nested too deeply", "flatten it") from None
    data = {key: (_plain(value) if isinstance(value, (dict, list)) else value) for key, value in data.items()}
    return data, toml_lines(lines[1:end], 2), "\n".join(lines[end + 1:]), end + 2


def toml_lines(lines: list[str], first_line: int) -> dict[str, int]:
    """Each key (nested as ``table.key``) -> its file line. A light scan: multi-line strings are skipped."""
    out: dict[str, int] = {}
    prefix, in_string = "", False
    for number, line in enumerate(lines, first_line):
        quotes = line.count('"""') + line.count("'''")
        if in_string:
            in_string = quotes % 2 == 0
            continue
        table = _TOML_TABLE.match(line)
        if table:
            prefix = _toml_name(table.group(1)) + "."
            out.setdefault(prefix[:-1], number)
            continue
        key = _TOML_KEY.match(line)
        if key:
            out.setdefault(prefix + _toml_name(key.group(1)), number)
        in_string = quotes % 2 == 1
    return out


def _toml_name(dotted: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in dotted.split("."))


def _plain(value):
    """Nested TOML values as YAML gives them: dates and times as ISO text."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


# ---- JSON (Hugo: the file starts with an object)

def looks_like_json(text: str) -> bool:
    return text.startswith("{") and _JSON_START.match(text) is not None


def split_json(text: str) -> tuple[dict, dict[str, int], str, int]:
    try:
        data, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise _error(exc.lineno, f"front matter is not valid JSON: {exc.msg}",
                     'write one object, {"title": "...", "date": "2018-03-26"}, then the text') from None
    except RecursionError:
        raise _error(1, "front matter is not valid JSON: it is nested too deeply", "flatten it") from None
    if not isinstance(data, dict):  # raw_decode of a text starting with '{' gives an object
        raise _error(1, "front matter must be a JSON object", "write it as {\"title\": \"...\"}")
    newline = text.find("\n", end)
    if newline < 0 or text[end:newline].strip(" \t"):
        if text[end:].strip(" \t\n"):
            raise _error(text[:end].count("\n") + 1,
                         "the JSON front matter is followed by text on its last line",
                         "start the article's text on the line after the closing '}'")
        newline = len(text) - 1
    body_start = newline + 1
    return data, json_lines(text[:end]), text[body_start:], text[:body_start].count("\n") + 1


def json_lines(text: str) -> dict[str, int]:
    """The line of each key of the top-level object (a scan that knows strings and nesting)."""
    out: dict[str, int] = {}
    depth, line, index, size = 0, 1, 0, len(text)
    while index < size:
        char = text[index]
        if char == "\n":
            line += 1
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        elif char == '"':
            start = index
            index += 1
            while index < size and text[index] != '"':
                index += 2 if text[index] == "\\" else 1
            if depth == 1:
                rest = text[index + 1:index + 40].lstrip()
                if rest.startswith(":"):
                    try:
                        out.setdefault(json.loads(text[start:index + 1]), line)
                    except ValueError:
                        pass
            line += text.count("\n", start, index)
        index += 1
    return out


# ---- Pelican metadata lines

def split_pelican(text: str) -> tuple[dict, dict[str, int], str, int] | None:
    """The metadata block at the very top, or None when the file does not start with one.

    A block is lines ``Key: value`` (keys read case-insensitively, continuation lines indented) ended by a
    blank line, and it must name a ``Title`` or a ``Date``: prose whose first line is "Update: ..." is not
    metadata."""
    if not text[:1].isalpha() or ":" not in text[:100]:
        return None
    data: dict[str, str] = {}
    lines_of: dict[str, int] = {}
    key = ""
    lines = text.split("\n", 60)
    for number, line in enumerate(lines[:60], 1):
        if not line.strip():
            break
        more = _META_MORE.match(line) if key else None
        if more:
            data[key] = f"{data[key]} {more.group(1)}".strip()
            continue
        match = _META_LINE.match(line)
        if not match:
            return None
        key = match.group(1).lower()
        data[key], lines_of[key] = match.group(2), number  # a repeated key: the last one, as Pelican
    else:
        if len(lines) > 60:
            return None  # too long to be metadata
        number = len(lines) + 1
    if not PELICAN_MARKERS & data.keys():
        return None
    body_lines = lines[number:]
    return data, lines_of, "\n".join(body_lines), number + 1
