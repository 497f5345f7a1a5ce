"""Front-matter values as text: checked, with whitespace collapsed and HTML entities decoded.

Exports from WordPress, Jekyll and Hugo write ``AT&amp;T``, ``accueille&nbsp;:``, ``&#8217;`` in titles;
those are the characters they stand for. Only complete entities (ending in ``;``) are decoded: ``AT&T``,
``R&D`` and ``&copy`` stay as written. Whitespace is collapsed only where it is ASCII (space, tab, line
ends), so a no-break space (written or decoded) survives.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from html.entities import html5
from typing import Any

from newsarchive import webaddress
from newsarchive.errors import kind_of

MAX_ITEMS = 500  # tags or authors of one article

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def _entity(match: re.Match) -> str:
    text = match.group(0)
    if text[1] != "#" and text[1:] not in html5:
        return text  # not an entity HTML knows: kept as written
    return unescape(text)


def clean(text: str) -> str:
    """Entities decoded, ASCII whitespace runs made one space, ends trimmed."""
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if "  " in text or "\t" in text or "\n" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    return text.strip(" ")


# Explicit direction controls: embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
# An unmatched one in a title, a source or a name reverses or re-orders everything after it on its line
# (the page's <title>, a citation, the archive's own address in it). No headline needs them: the marks
# U+200E and U+200F, which do not spill, stay.
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _without_direction_controls(found: str, what: str, where: int | None, problems) -> str:
    if _DIRECTION.search(found) is None:
        return found
    first = _DIRECTION.search(found).group()
    problems.warn(where, (f"{what} holds a text-direction control (U+{ord(first):04X}), "
                          "which would reverse or reorder the text after it wherever it is shown; "
                          "it is left out"),
                  "remove it; the page sets each text's direction itself")
    return _DIRECTION.sub("", found)


def without_direction_controls(found: str, what: str, where: int | None, problems) -> str:
    """``found`` without its text-direction controls, with a warning naming ``what`` when it had one."""
    return _without_direction_controls(found, what, where, problems)


def as_shown(text: str) -> str:
    """What a text value becomes (without the warnings): "" when nothing visible is left."""
    found = clean(_DIRECTION.sub("", text))
    return found if visible(found) else ""


def visible(text: str) -> bool:
    """Whether ``text`` has a character a reader can see (not only spaces, zero-width or format ones)."""
    # separators, controls, format characters (zero-width, direction marks) and surrogates show nothing;
    # a code point this Python does not know yet (Cn) or a private-use one (icon fonts) may well
    return any(unicodedata.category(c) not in _INVISIBLE for c in text)


_INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs"})


def scalar(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def text(data: dict, key: str, line, problems) -> str | None:
    """``data[key]`` as one line of text, or None (absent, empty: a warning, or not text: an error)."""
    if key not in data:
        return None
    value = data[key]
    found = scalar(value) if value is not None else ""
    if found is None:
        problems.error(line(key), f"'{key}' must be text, not {kind_of(value)}",
                       f"write {key}: followed by text")
        return None
    found = clean(_without_direction_controls(found, f"'{key}'", line(key), problems))
    if not found.strip():
        problems.warn(line(key), f"'{key}' is empty; it is ignored",
                      f"give '{key}' a value, or remove the line")
        return None
    if not visible(found):
        problems.warn(line(key), f"'{key}' has no visible character (only {_names(found)}); it is ignored",
                      f"write the {key}, or remove the line")
        return None
    return found


def _names(text: str) -> str:
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed').lower()}"
                     for c in dict.fromkeys(text))[:200]


def items(data: dict, key: str, line, problems, split_commas: bool = False) -> tuple[str, ...]:
    """``data[key]`` as a list of texts (one text, a list, or ``a, b`` with ``split_commas``); duplicates
    and empty items left out (an empty item is a warning)."""
    value = _named(data.get(key))
    if value is None:
        return ()
    if isinstance(value, str):
        found: list[Any] = value.split(",") if split_commas else [value]
    elif isinstance(value, (list, tuple)):
        found = list(value)
    else:
        one = scalar(value)
        if one is None:
            problems.error(line(key), f"'{key}' must be a list or text, not {kind_of(value)}",
                           f"write {key}: [a, b] or {key}: a, b")
            return ()
        found = [one]
    if len(found) > MAX_ITEMS:
        problems.error(line(key), f"'{key}' has {len(found)} items, more than {MAX_ITEMS}",
                       f"keep the {key} that matter")
        return ()
    out: list[str] = []
    for number, item in enumerate(found, 1):
        item = _named(item)
        one = scalar(item) if item is not None else ""
        if one is None:
            problems.error(line(key), f"item {number} of '{key}' must be text, not {kind_of(item)}",
                           "write each item as plain text")
            continue
        one = clean(_without_direction_controls(one, f"item {number} of '{key}'", line(key), problems))
        if not visible(one):
            problems.warn(line(key), f"item {number} of '{key}' is empty; it is ignored",
                          "remove it or write its text")
            continue
        if one not in out:
            out.append(one)
    return tuple(out)


def _named(value: Any) -> Any:
    """An author written as a record (Jekyll's ``author: {name: ..., url: ...}``) is its name."""
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"]
    return value


def original_url(data: dict, line, problems) -> str | None:
    value = data.get("url")
    if value is None:
        return None
    found = (scalar(value) or "").strip()
    if found.startswith("/") and not found.startswith("//"):
        return None  # a site path (Hugo's url): an old address, not the original article's
    if not webaddress.is_web_address(found):
        problems.warn(line("url"), f"'url' is not a web address: {found[:80]!r}; it is not linked",
                      "write the original article's address, starting with https://")
        return None
    return found
