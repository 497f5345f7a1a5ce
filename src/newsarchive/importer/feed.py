"""RSS and Atom feed files (read with feedparser): each entry is an article. Entries have no line numbers
that a reader could rely on, so they are named by their position: ``feed.xml: entry 3``.

Relative addresses (an entry's link, links and images in its content) are resolved against the feed's own
address: its ``xml:base``, else the feed's ``<link>``. A relative address with nothing to resolve it
against stays as written (and an entry's link then is reported as not a web address)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urljoin

import feedparser
import nh3

from newsarchive.errors import UsageError
from newsarchive.importer.records import BadRow, Row


def read(data: bytes, shown: str) -> Iterator[Row | BadRow]:
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        reason = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        raise UsageError(f"{shown}: no entries found: not an RSS or Atom feed{reason}; "
                         "pass --format to say what the file is")
    channel = parsed.feed
    feed_language = channel.get("language")
    feed_title = channel.get("title")
    feed_base = channel.get("link") or ""
    for number, entry in enumerate(parsed.entries, 1):
        contents = entry.get("content") or []
        summary = entry.get("summary_detail") or {}
        body = contents[0] if contents else summary
        base = _absolute(body.get("base")) or _absolute(feed_base)
        values: dict = {
            "title": _plain(entry.get("title")),
            "date": entry.get("published") or entry.get("updated") or entry.get("created"),
            "url": _resolve(base, entry.get("link")),
            "source": (entry.get("source") or {}).get("title") or feed_title,
            "authors": [a.get("name") for a in entry.get("authors", []) if a.get("name")],
            "tags": [t.get("term") for t in entry.get("tags", []) if t.get("term")],
        }
        language = body.get("language") or feed_language
        if language:
            values["language"] = language
        if body.get("type", "text/html") == "text/plain":
            values["text"] = body.get("value")
        else:
            values["html"] = _resolve_links(base, body.get("value"))
        if contents and summary.get("value"):
            values["summary"] = _plain(summary["value"])
        yield Row(f"{shown}: entry {number}", values, record=f"entry {number}",
                  undated="no date: the entry has no <pubDate>, <published> or <updated>; give the entries "
                          "without one a date with --date YYYY-MM-DD")


def _plain(text: str | None) -> str | None:
    """Text that may hold markup or entities, as plain text."""
    if text is None:
        return None
    return html.unescape(nh3.clean(text, tags=set()))


_LINK = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)(["'])([^"'<>]*)\2""", re.IGNORECASE)


def _absolute(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _resolve(base: str | None, url: str | None) -> str | None:
    if not url or not base or _absolute(url) or url.startswith(("#", "mailto:", "tel:", "data:")):
        return url
    return urljoin(base, url.strip())


def _resolve_links(base: str | None, fragment: str | None) -> str | None:
    """The HTML of an entry with its relative links and images pointing at the feed's site."""
    if not fragment or not base:
        return fragment
    return _LINK.sub(lambda m: f"{m.group(1)}{m.group(2)}{_resolve(base, m.group(3))}{m.group(2)}", fragment)
