"""The records that flow through the build: frozen, validated, free of URLs and templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


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

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by path: a total, stable order."""
        return (-self.instant.timestamp(), self.path)

    @property
    def is_attributed(self) -> bool:
        return bool(self.source)
