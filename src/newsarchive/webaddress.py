"""What counts as a web address, decided once: an article's original ``url`` (front matter, ``import``,
``new --url``) and the site's ``base_url`` follow the same rule; each caller words its own message."""

from __future__ import annotations

from urllib.parse import urlsplit

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
