"""The records that flow through the build: frozen, validated, free of URLs and templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

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

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by path: a total, stable order."""
        return (-self.instant.timestamp(), self.path)

    @property
    def is_attributed(self) -> bool:
        return bool(self.source)

    RECORD = 2  # the shape of to_record's tuple: a build cache of another shape is read again

    def to_record(self) -> tuple:
        """The article's facts (not its body) as builtins, for the build cache (marshal)."""
        return (self.path, self.title, dates.to_record(self.instant), self.day.toordinal(), self.has_time,
                self.source, self.language, self.tags, self.url, self.authors, self.summary, self.slug,
                self.draft, dates.to_record(self.updated) if self.updated else None, self.extra,
                self.content_hash, self.body_spec, self.facts_hash, self.language_detected, self.links)

    @classmethod
    def from_record(cls, r: tuple) -> Article:
        return cls(r[0], r[1], dates.from_record(r[2]), date.fromordinal(r[3]), r[4], r[5], r[6], tuple(r[7]),
                   r[8], tuple(r[9]), r[10], "", r[11], r[12], dates.from_record(r[13]) if r[13] else None,
                   r[14], r[15], tuple(r[16]), r[17], r[18], tuple(r[19]))


@dataclass(slots=True)
class Page:
    """A page of the site: what the renderer needs to write it."""

    url: str  # routes URL of this page
    template: str  # theme file name, e.g. "article.html"
    context: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # <html lang>; the site's language when None
    key: str = ""  # fingerprint of the page's inputs (besides the site-wide ones)
