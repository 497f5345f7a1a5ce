"""What counts as a web address, decided once: an article's original ``url`` (front matter, ``import``,
``new --url``) and the site's ``base_url`` follow the same rule; each caller words its own message."""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes, urlsplit

# Characters an address never holds as written: spaces and quotes end it in HTML and in Markdown; a
# backslash is read as a slash by browsers, so the link would not go where it says.
_NEVER = frozenset(" <>\"'`\\")


def problem(url: str) -> str | None:
    """What is wrong with ``url`` as an http(s) web address, or None."""
    if not url.lower().startswith(("http://", "https://")):
        return "must start with http:// or https://"
    if any(c in _NEVER or ord(c) < 32 or c == "\x7f" for c in url):
        return "holds spaces, quotes or control characters"
    try:
        host = urlsplit(url).hostname
    except ValueError:  # an unclosed [ of an IPv6 host
        host = None
    if not host:
        return "has no host name"
    return None


def is_web_address(url: str) -> bool:
    return problem(url) is None


# RFC 3987, section 3.2: an address is shown as an IRI by decoding the percent-encoded octets that spell
# non-ASCII characters, never those that spell ASCII (a %2F stays, or the address would change), nor
# characters an IRI must not show as they are (bidi controls, which would reorder what a reader sees;
# spaces and other separators).
_ENCODED_RUN = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")
_KEEP_ENCODED = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\\s\u00a0\u2028\u2029]")


def readable(url: str) -> str:
    """``url`` as a reader reads it: ``https://example.org/2018/%D8%A7%D9%84%D9%85%D9%8A%D9%86%D8%A7%D8%A1/``
    shown as ``https://example.org/2018/الميناء/`` (the link itself keeps the encoded form)."""

    def decoded(match: re.Match) -> str:
        try:
            text = unquote_to_bytes(match[0]).decode("utf-8")
        except UnicodeDecodeError:
            return match[0]
        return match[0] if _KEEP_ENCODED.search(text) else text

    return _ENCODED_RUN.sub(decoded, url)
