"""The records that flow through the build: frozen, validated, free of URLs and templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from newsarchive import dates

if TYPE_CHECKING:
    from newsarchive.config import Config, SourceInfo


@dataclass(frozen=True, slots=True, eq=False)
class Article:
    path: str  # the source file relative to content/, POSIX separators: "2018/03/2018-03-26-storm.md"
    title: str
    instant: datetime  # aware; orders articles
    day: date  # the calendar day as written; files the article
    has_time: bool
    source: str  # "" when unattributed
    language: str  # canonical BCP 47 tag
    tags: tuple[str, ...]
    url: str | None  # the original's address
    authors: tuple[str, ...]
    summary: str | None
    body_html: str
    slug: str
    draft: bool = False
    updated: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # unknown front-matter keys, for templates
    content_hash: str = ""
    body_spec: tuple = (0, -1, False)  # where the body starts, the Source line taken out, title taken out
    facts_hash: str = ""  # everything but the body: what lists of articles can show of it
    language_detected: bool = False  # the file has no 'language': it was guessed from the text
    links: tuple[str, ...] = ()  # the articles (source paths) its body links to: its page shows their URLs
    versions: tuple = ()  # its earlier versions, oldest first: (path, content hash) each (see versions.py)
    excerpt: str | None = None  # its first paragraph, shortened: what a list shows when it has no summary

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by path: a total, stable order."""
        return (-self.instant.timestamp(), self.path)

    @property
    def is_attributed(self) -> bool:
        return bool(self.source)

    RECORD = 4  # the shape of ArticleRecord: a build cache of another shape is read again

    def to_record(self) -> ArticleRecord:
        """The article's facts (not its body) as builtins, for the build cache (marshal)."""
        return ArticleRecord(
            self.path, self.title, dates.to_record(self.instant), self.day.toordinal(), self.has_time,
            self.source, self.language, self.tags, self.url, self.authors, self.summary, self.slug,
            self.draft, dates.to_record(self.updated) if self.updated else None, self.extra,
            self.content_hash, self.body_spec, self.facts_hash, self.language_detected, self.links,
            self.versions, self.excerpt)

    @classmethod
    def from_record(cls, r: ArticleRecord) -> Article:
        return cls(r.path, r.title, dates.from_record(r.instant), _day(r.day), r.has_time,
                   r.source, r.language, tuple(r.tags), r.url, tuple(r.authors), r.summary, "", r.slug,
                   r.draft, dates.from_record(r.updated) if r.updated else None, r.extra, r.content_hash,
                   tuple(r.body_spec), r.facts_hash, r.language_detected, tuple(r.links),
                   tuple(map(tuple, r.versions)), r.excerpt)


@lru_cache(maxsize=65_536)
def _day(ordinal: int) -> date:
    """One date object per day, shared by its articles."""
    return date.fromordinal(ordinal)


class ArticleRecord(NamedTuple):
    """An article's facts (not its body) as builtins: what the build cache keeps of it. The cache's file
    holds it as a plain tuple, in this order (see Article.RECORD)."""

    path: str
    title: str
    instant: tuple  # dates.to_record
    day: int  # the calendar day's ordinal
    has_time: bool
    source: str
    language: str
    tags: tuple[str, ...]
    url: str | None
    authors: tuple[str, ...]
    summary: str | None
    slug: str
    draft: bool
    updated: tuple | None  # dates.to_record
    extra: dict[str, Any]
    content_hash: str
    body_spec: tuple
    facts_hash: str
    language_detected: bool
    links: tuple[str, ...]
    versions: tuple  # (path, content hash) of each earlier version
    excerpt: str | None  # the first paragraph, shortened (markup.excerpt)


class Placement(NamedTuple):
    """Where the last full build placed a published article (pages.placements), for the text-only rebuild.
    Its terms are those of taxonomies.TAXONOMIES.
    The cache's file holds it as a plain tuple, in this order."""

    url: str
    source_key: str
    source_name: str
    language_name: str
    tags: list  # (key, name) of each tag
    in_feeds: bool  # a feed carries the article: a feed shows its text too
    translations: list  # (url, language, title) of each translation
    nearby: tuple  # its neighbours, as Nearby.to_record gives them
    authors: list  # (key, name) of each author its bylines name (its page links theirs)

class Kind(NamedTuple):
    """What a kind of page needs besides its template, said once (``KINDS``) for the build's steps to ask,
    instead of each testing template names."""

    name: str
    texts: str = ""  # the texts its rendering reads from files (``bodies.with_body``): "article" (its
    # body), "entries" (the body of each article it lists), "version" (a version's texts and diff), or none
    heavy: bool = False  # rendered first and in small chunks, so that the workers share the heaviest work
    searched: bool = False  # in the search index
    whole: bool = False  # made of every article (the site's database): written by the build's own process,
    # once the workers are done, never in a chunk


LIST = Kind("list")  # every other page: lists, indexes, calendars, data files, sitemaps
KINDS = {
    "article.html": Kind("article", texts="article", searched=True),
    "atom.xml": Kind("feed", texts="entries", heavy=True),
    "version.html": Kind("version", texts="version"),
    "day.html": Kind("day"),
    "archive.sqlite": Kind("database", whole=True),
}


# a page's context key holding the file's bytes, made without its template (``rebuilds.year_files``): the
# build stages them as they are, in its own process (``build._render``)
MADE = "made"


@dataclass(slots=True)
class Page:
    """A page of the site: what the renderer needs to write it."""

    url: str  # routes URL of this page
    template: str  # theme file name, e.g. "article.html"
    context: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # <html lang>; the site's language when None
    key: str = ""  # its inputs besides the site-wide ones: fingerprints.page_key / article_page_key

    @property
    def kind(self) -> Kind:
        return KINDS.get(self.template, LIST)


@dataclass(frozen=True, slots=True)
class Site:
    """What every page may show: the config and the archive's navigation."""

    config: Config
    years: tuple[int, ...]
    locale: str  # Babel locale of the site's language
    search: bool = False  # the site has a search page (Pagefind)
    portable: bool = False  # links name files (…/index.html), so the site works opened from disk
    menus: tuple[str, ...] = ("source", "language", "tag")  # the kinds of term whose index the menus link


# ---- what templates see of the archive: cards, neighbours, translations (pages.views makes them)

class Card(NamedTuple):
    """What a page shows of an article it links (its neighbours, a source's first and last)."""

    url: str
    title: str
    language: str
    direction: str
    date_label: str
    source: str  # the source's name
    iso_day: str  # the day, 2018-03-26

    __repr__ = tuple.__repr__  # pages' fingerprints hash repr(): the tuple's is C-fast


class Nearby(NamedTuple):
    """An article's neighbours: the newer and older article of its source, the articles of its day published
    before it (the first SAME_DAY_SHOWN, newest first) and how many there are.

    Only earlier articles: a page never changes when a newer article is added to its day (an archive grows
    at its newest end, and adding today's article must not rewrite the day's other pages). The newer
    article of its source is the one link that appears once, when that article arrives."""

    newer: Card | None
    older: Card | None
    same_day: tuple[Card, ...]
    earlier: int  # articles of the same day published before this one

    __repr__ = tuple.__repr__

    def to_record(self, plain=tuple) -> tuple:
        """Plain tuples, for the build cache (marshal); ``plain`` turns a card into one."""
        return (plain(self.newer) if self.newer else None, plain(self.older) if self.older else None,
                tuple(plain(c) for c in self.same_day), self.earlier)

    @classmethod
    def from_record(cls, r: tuple) -> Nearby:
        newer, older, same_day, earlier = r
        return cls(Card(*newer) if newer else None, Card(*older) if older else None,
                   tuple(Card(*c) for c in same_day), earlier)


NO_NEIGHBOURS = Nearby(None, None, (), 0)


class Translation(NamedTuple):
    """The same story in another language (see archive._link_translations)."""

    url: str
    language: str
    title: str

    __repr__ = tuple.__repr__


# ---- the archive's records (catalog.archive places them)

@dataclass(slots=True, eq=False)
class Term:
    """A source, a language, a tag or an author (a kind of taxonomies.TAXONOMIES), with its articles (newest
    first)."""

    kind: str  # Taxonomy.kind: "source" | "language" | "tag" | "author"
    key: str  # the slug (sources, tags, authors) or the BCP 47 code (languages): Taxonomy.key_of
    name: str
    url: str
    entries: list[Entry] = field(default_factory=list)
    info: SourceInfo | None = None  # sources only: metadata from the config
    direction: str = "ltr"
    spelling: str = ""  # the name as most of its articles write it (``name`` shows the config's, if any)

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def first_day(self) -> date:
        entries = self.entries
        if type(entries) is Span:
            return entries.oldest
        if hasattr(type(entries), "oldest_day"):  # a list read from the catalog (catalog.lists.Listed)
            return entries.oldest_day
        return entries[-1].article.day

    @property
    def last_day(self) -> date:
        entries = self.entries
        if type(entries) is Span:
            return entries.newest
        if hasattr(type(entries), "newest_day"):
            return entries.newest_day
        return entries[0].article.day


class Span:
    """A term's articles as a Dask worker receives them with a chunk of pages (``executors``): how many,
    and the days of the newest and the oldest, which is all the theme's pages show of a term they do not
    list (``Term.count``, ``last_day``, ``first_day``). Its articles stay where the build runs: sent with
    every chunk that names the term, they would be the whole archive each time."""

    __slots__ = ("count", "newest", "oldest")

    def __init__(self, count: int, newest: date | None, oldest: date | None):
        self.count, self.newest, self.oldest = count, newest, oldest

    @classmethod
    def of(cls, entries: list[Entry]) -> Span:
        if not entries:
            return cls(0, None, None)
        return cls(len(entries), entries[0].article.day, entries[-1].article.day)

    def __len__(self) -> int:
        return self.count

    def __reduce__(self) -> tuple:
        return Span, (self.count, self.newest, self.oldest)

    def __iter__(self):
        self._not_sent()

    def __getitem__(self, index):
        self._not_sent()

    @staticmethod
    def _not_sent():
        from newsarchive.errors import BuildFailed, Problem

        raise BuildFailed([Problem("templates/", None, "a template reads a term's articles (term.entries), "
                                   "which a build on a Dask cluster does not send to its workers",
                                   "list a page's own articles with its entries, or build without "
                                   "--executor")])


@dataclass(slots=True, eq=False)
class Entry:
    """An article placed in the site."""

    article: Article
    url: str
    source: Term | None = None
    language: Term | None = None
    tags: list[Term] = field(default_factory=list)
    authors: list[Term] = field(default_factory=list)  # the people its bylines name
    direction: str = "ltr"
    key: bytes = b""  # what lists show of this article: fingerprints.entry_key
    date_label: str = ""  # the day, written in the site's language
    translations: list[Translation] | tuple = ()  # most articles have none: no list each
    nearby: Nearby = NO_NEIGHBOURS  # what its page shows of its neighbours
