"""The records that flow through the build: frozen, validated, free of URLs and templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from newsarchive import dates


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

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by path: a total, stable order."""
        return (-self.instant.timestamp(), self.path)

    @property
    def is_attributed(self) -> bool:
        return bool(self.source)

    RECORD = 3  # the shape of ArticleRecord: a build cache of another shape is read again

    def to_record(self) -> ArticleRecord:
        """The article's facts (not its body) as builtins, for the build cache (marshal)."""
        return ArticleRecord(
            self.path, self.title, dates.to_record(self.instant), self.day.toordinal(), self.has_time,
            self.source, self.language, self.tags, self.url, self.authors, self.summary, self.slug,
            self.draft, dates.to_record(self.updated) if self.updated else None, self.extra,
            self.content_hash, self.body_spec, self.facts_hash, self.language_detected, self.links,
            self.versions)

    @classmethod
    def from_record(cls, r: ArticleRecord) -> Article:
        return cls(r.path, r.title, dates.from_record(r.instant), _day(r.day), r.has_time,
                   r.source, r.language, tuple(r.tags), r.url, tuple(r.authors), r.summary, "", r.slug,
                   r.draft, dates.from_record(r.updated) if r.updated else None, r.extra, r.content_hash,
                   tuple(r.body_spec), r.facts_hash, r.language_detected, tuple(r.links),
                   tuple(map(tuple, r.versions)))


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
    nearby: tuple  # its neighbours, as views.Nearby.to_record gives them
    authors: list  # (key, name) of each author its bylines name (its page links theirs)

@dataclass(slots=True)
class Page:
    """A page of the site: what the renderer needs to write it."""

    url: str  # routes URL of this page
    template: str  # theme file name, e.g. "article.html"
    context: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # <html lang>; the site's language when None
    key: str = ""  # its inputs besides the site-wide ones: fingerprints.page_key / article_page_key
