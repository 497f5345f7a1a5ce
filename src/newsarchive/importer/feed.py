"""RSS and Atom feed files (read with feedparser): each entry is an article. Entries have no line numbers
that a reader could rely on, so they are named by their position: ``feed.xml: entry 3``."""

from __future__ import annotations

import html
from collections.abc import Iterator

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
    for number, entry in enumerate(parsed.entries, 1):
        values: dict = {
            "title": _plain(entry.get("title")),
            "date": entry.get("published") or entry.get("updated") or entry.get("created"),
            "url": entry.get("link"),
            "source": (entry.get("source") or {}).get("title") or feed_title,
            "authors": [a.get("name") for a in entry.get("authors", []) if a.get("name")],
            "tags": [t.get("term") for t in entry.get("tags", []) if t.get("term")],
        }
        contents = entry.get("content") or []
        summary = entry.get("summary_detail") or {}
        body = contents[0] if contents else summary
        language = body.get("language") or feed_language
        if language:
            values["language"] = language
        if body.get("type", "text/html") == "text/plain":
            values["text"] = body.get("value")
        else:
            values["html"] = body.get("value")
        if contents and summary.get("value"):
            values["summary"] = _plain(summary["value"])
        yield Row(f"{shown}: entry {number}", values)


def _plain(text: str | None) -> str | None:
    """Text that may hold markup or entities, as plain text."""
    if text is None:
        return None
    return html.unescape(nh3.clean(text, tags=set()))
