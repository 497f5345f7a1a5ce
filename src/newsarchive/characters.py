"""Which characters a page or a feed can carry, decided in one place.

XML 1.0 forbids most C0 control characters (all but tab, line feed and carriage return), the
noncharacters U+FFFE and U+FFFF and lone surrogates; one of them anywhere makes a feed or a sitemap
ill-formed, and feed readers then drop the whole feed. HTML calls them parse errors too. They reach
content from PDFs (a form feed between pages), terminals (ESC), bad conversions (``\\x01``) and YAML
escapes (``"\\ud800"``). The content files keep them as written (the archive's copy is not altered);
every rendered output replaces them when it is written:

- form feed and vertical tab separate words or pages: each becomes a space;
- a lone surrogate stands for a character that was lost: U+FFFD, the replacement character, shows it;
- the other forbidden characters (NUL, ESC, U+0001...) carry nothing a reader can see: removed.

The loader warns about them, with their line, so that an editor knows (``loader``).
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_REPLACEMENT = {"\x0b": " ", "\x0c": " "}


def _replace(match: re.Match) -> str:
    char = match.group()
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    return _REPLACEMENT.get(char, "")


def for_output(text: str) -> str:
    """``text`` without the characters no page or feed may carry (cheap when there are none)."""
    if FORBIDDEN.search(text) is None:
        return text
    return FORBIDDEN.sub(_replace, text)


_C0 = bytes(range(0x20)).translate(None, b"\t\n\r")  # the control characters forbidden, as UTF-8 bytes


def output_bytes(text: str) -> bytes:
    """``for_output(text)`` in UTF-8. The usual page has none of those characters: it is checked on its
    bytes (one encoding, which the page needs anyway, a byte-table pass and two substring searches: about
    ten times faster than a regular expression over its characters)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return for_output(text).encode("utf-8")
    if len(data.translate(None, _C0)) != len(data):
        return for_output(text).encode("utf-8")
    special = data.find(b"\xef\xbf")  # U+FFC0 to U+FFFF: U+FFFE and U+FFFF end in BE and BF
    while special >= 0:
        if data[special + 2] >= 0xBE:
            return for_output(text).encode("utf-8")
        special = data.find(b"\xef\xbf", special + 3)
    return data


def describe(char: str) -> str:
    """``U+000C (form feed)`` for messages."""
    names = {"\x00": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape",
             "\ufffe": "a noncharacter", "\uffff": "a noncharacter"}
    name = names.get(char, "a lone surrogate" if "\ud800" <= char <= "\udfff" else "a control character")
    return f"U+{ord(char):04X} ({name})"


_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def for_terminal(text: str) -> str:
    """``text`` as a message line: control characters (a file named with ESC sequences that would
    recolour or clear the terminal, a line break, a bidirectional override) shown as escapes (``\\x1b``),
    and a byte of a file name that is not UTF-8 (held as a lone surrogate, which no terminal can be sent)
    as ``\\xff``, as ``ls -b`` shows it."""
    if _TERMINAL.search(text) is None:
        return text
    return _TERMINAL.sub(_escape, text)


def _escape(match: re.Match) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")
