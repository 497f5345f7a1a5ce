"""Lists and feeds that grow at one end only: numbered from the oldest article, so that a full list page
or a full feed archive document holds the same articles, and the same bytes, for ever.

**List pages.** A list (the home page: every article; a source, a language, a tag) of N articles, P a page
(``per_page``):

- Numbered page k (``routes.paged``: ``page/k/``) holds the articles k*P-P+1 .. k*P of the list counted
  from the oldest, shown newest first (as every list of the site). Pages 1 .. N//P are full: nothing on
  them depends on the list's totals (no "page 3 of 40", no count, no newest date); each shows its number,
  its articles and their dates, and links the older page (k-1), the newer page (k+1) and the list's own
  address ("latest"). Adding a newer article never changes them.
- The page after the last full one (N//P + 1) always exists, so that the newest full page's link to k+1
  never dangles: the *open* page, with the 0 .. P-1 newest articles that fill no page yet. It says it is
  still filling (or, empty, that there are no newer articles yet), links "newer" to the list's address,
  and is ``noindex`` and out of the sitemap: it is the only numbered page that changes when an article is
  added at the newest end. The day it holds P articles it is full, and page N//P + 2 is written, empty.
- The list's own address shows the newest P articles, the counts (a source's profile too), the numbers
  of the pages and "older": the numbered page holding the next older article.
- A list of fewer than P articles has no numbered page: its address shows them all.

An article dated before the newest (back-dated, or deleted) moves every article after it by one place:
the pages from the one where it lands up to the newest change. That is the price of numbering by date.

**Feeds (RFC 5005, archived feeds).** The whole archive's feed and each source's: the subscription
document ``feed.xml`` carries the latest 50 articles in full and links ``prev-archive`` to the newest full
archive document. Archive document k (``routes.feed_archive``) holds the articles 50k-49 .. 50k counted
from the oldest (the same rule as list pages, with P = 50), with their facts, link and summary but not
their text (small, cheap, and never depending on a body), ``<fh:archive/>``, ``current`` (the
subscription document), ``prev-archive`` (k-1) and ``next-archive`` (k+1). RFC 5005 asks an archive
document to link the next one when there is one (SHOULD) and its entries never to change (SHOULD NOT):
adding ``next-archive`` on the day k+1 fills would change a full document, and a harvester that never
fetches an archive twice (section 4.2 allows it) would never see the link. So a full document links k+1
from the start, and k+1 always exists: until it is full it is the *open* document, a plain Atom feed of
the entries after archive k (0 to 49) without ``<fh:archive/>`` (so no client takes it for stable), with
``current`` and ``prev-archive``. Walking ``prev-archive`` from ``feed.xml`` reaches every article: the
archive documents hold each once, and ``feed.xml`` the newest (those of the open document, and some of
the newest archive's: RFC 5005 consumers merge entries by ``atom:id``). Language and tag feeds are not
archived (their articles are all in the whole archive's, and archiving them would triple the documents):
they carry the latest 50 only.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsarchive import routes

FEED_ENTRIES = 50  # the subscription feed: the latest 50 articles, in full
ARCHIVE_ENTRIES = 50  # an archive document: 50 articles, without their text


def numbered(entries: list, size: int) -> list[list]:
    """The numbered chunks of a list held newest first: chunk k (index k-1) holds the items k*size-size+1
    .. k*size counted from the oldest, newest first; the last chunk is the open one (0 .. size-1 items).
    None while the list has fewer than ``size`` items: its own address shows them all, and no full
    chunk links an open one."""
    return [chunk(entries, size, k) for k in range(1, chunk_count(len(entries), size) + 1)]


def chunk_count(count: int, size: int) -> int:
    """How many numbered chunks a list of ``count`` items has (``numbered``): the full ones and the open
    one, or none."""
    full = count // size
    return full + 1 if full else 0


def chunk(entries, size: int, k: int) -> list:
    """Numbered chunk k of ``entries`` (``numbered``), the open one when k is past the full ones.
    ``entries`` is any sequence that slices (a list, or a list read from the catalog)."""
    count = len(entries)
    full = count // size
    if k <= full:
        return entries[count - k * size:count - (k - 1) * size]
    return entries[:count - full * size]


def latest_older(count: int, per_page: int) -> int | None:
    """The numbered page holding the newest article the list's address does not show (None: it shows
    them all)."""
    return (count - 1 - per_page) // per_page + 1 if count > per_page else None


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a list page stands: the list's own address (``number`` 0: the latest articles), or numbered
    page ``number`` (full, or the open one)."""

    list_url: str
    number: int  # 0: the list's address; k >= 1: numbered page k, counted from the oldest
    full: bool = True  # a numbered page holding per_page articles: it never changes again
    older: int | None = None  # the list's address: the page to go on to (None: none older)
    last: int = 0  # the list's address: the highest numbered page holding articles (0: no numbered page)

    def url(self, number: int) -> str:
        return routes.paged(self.list_url, number)

    @property
    def is_latest(self) -> bool:
        return self.number == 0

    @property
    def is_open(self) -> bool:
        return self.number > 0 and not self.full

    @property
    def older_url(self) -> str | None:
        """The older articles (``rel="prev"``: pages count from the oldest)."""
        if self.is_latest:
            return self.url(self.older) if self.older else None
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def newer_url(self) -> str | None:
        """The newer articles: page k+1 from a full page (it always exists), the list's address from the
        open page."""
        if self.is_latest:
            return None
        return self.url(self.number + 1) if self.full else self.list_url

    @property
    def next_url(self) -> str | None:
        """``rel="next"``: the following numbered page, from a full page."""
        return self.url(self.number + 1) if self.number and self.full else None

    @property
    def numbers(self) -> list[int | None]:
        """The list's address only: the page numbers to show (the first, and the last three); None marks
        a gap."""
        if not self.is_latest:
            return []
        wanted = {1} | set(range(self.last - 2, self.last + 1))
        out: list[int | None] = []
        for n in range(1, self.last + 1):
            if n in wanted:
                out.append(n)
            elif out and out[-1] is not None:
                out.append(None)
        return out
