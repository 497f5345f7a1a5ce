"""What we infer when a key is missing: the source from a ``Source: NAME`` line, a plain-text headline,
a title from the file name."""

from __future__ import annotations

import re

from newsarchive.dates import strip_date_prefix

# "Source: NAME", French "Source : NAME", Spanish "Fuente: NAME", Arabic "المصدر: NAME"; optionally in
# emphasis (*Source: X*, **Source:** X).
_SOURCE_LINE = re.compile(
    r"^[ \t]*[*_]{0,2}(?:source|fuente|المصدر)[ \t\u00a0]*:"
    r"[*_]{0,2}[ \t\u00a0]*(?P<name>.*?)[*_]{0,2}[ \t]*$",
    re.IGNORECASE,
)
SOURCE_LINE_WINDOW = 3  # the Source line must be among the last three non-blank lines
HEADLINE_MAX = 150


def take_source_line(body: str) -> tuple[str | None, str, int | None]:
    """Find ``Source: NAME`` among the last non-blank lines of ``body``.

    Returns (name or None, body without that line, 0-based line index of it within body)."""
    lines = body.split("\n")
    seen = 0
    for index in range(len(lines) - 1, -1, -1):
        if not lines[index].strip():
            continue
        seen += 1
        match = _SOURCE_LINE.match(lines[index])
        if match:
            rest = lines[:index] + lines[index + 1:]
            return match.group("name").strip(), "\n".join(rest), index
        if seen >= SOURCE_LINE_WINDOW:
            break
    return None, body, None


def headline(paragraphs: list[str]) -> str | None:
    """A plain-text article's first paragraph is its title when it is a single short line."""
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0].strip()
    if "\n" in first or len(first) > HEADLINE_MAX:
        return None
    return first


def title_from_filename(stem: str) -> str:
    """``2018-03-26-harbour-storm`` -> ``Harbour storm``."""
    words = re.sub(r"[-_]+", " ", strip_date_prefix(stem)).strip()
    if not words:
        return stem
    return words[:1].upper() + words[1:]
