"""The order of search results sorted by date, written into each article page for Pagefind.

Pagefind sorts by a page's sort value as plain text (byte order), and a search across the index's parts
(one per year, and the recent part) merges each part's sorted results in the browser: so the value must
be unique (no ties, whose order would depend on which part a page is in) and its text order must be the
date order. It is ``YYYY-MM-DD TTTTTTTTTTTTT URL``: the calendar day the article is filed under (so that
the years' parts follow each other), the instant as seconds shifted to 13 digits (text order is number
order, before 1970 too), then the article's address, which no other article has.
"""

from __future__ import annotations

from newsarchive.model import Article

SHIFT = 10 ** 12  # seconds; any instant from year 1 to 9999 gives 13 digits


def key(article: Article, url: str) -> str:
    return f"{article.day.isoformat()} {int(article.instant.timestamp()) + SHIFT:013d} {url}"
