"""What the site shows of the stories several outlets told (``stories`` finds them): on an article's page,
"Also reported by: Source A (same day), Source B (next day)"; a stories page per day (``routes.stories``)
listing the largest stories first reported that day, linked from the day's page.

A story belongs to the day of its first article (the earliest, then by path): it has one page, which
does not move when a later article joins it. Only stories told by two or more sources are shown; a day
without one has no stories page and its day page no link. Each page's fingerprint holds what it shows of
the story, so adding an article re-renders its story's pages, not the archive.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from newsarchive import fingerprints, i18n, routes
from newsarchive.archive import Archive, Entry
from newsarchive.config import Config
from newsarchive.model import Page
from newsarchive.stories import Stories

MOST_STORIES = 20  # stories on a day's page, the largest first


class Also(NamedTuple):
    """Another outlet's article of the same story, as an article's page shows it."""

    url: str
    source: str
    title: str
    language: str
    direction: str
    when: str  # "same day", "next day"... in the site's language


@dataclass(frozen=True, slots=True)
class Story:
    """A story as its day's page shows it: its articles (the first first), their sources and languages."""

    entries: tuple[Entry, ...]
    sources: tuple[str, ...]
    languages: tuple[str, ...]


def add_story_pages(pages: list[Page], archive: Archive, found: Stories, config: Config) -> list[Page]:
    """Give the article pages of each story their "Also reported by", the day pages the link to their
    stories page, and return the stories pages."""
    by_path = {entry.article.path: entry for entry in archive.entries}
    stories: list[list[Entry]] = []
    for group in found.groups:
        entries = sorted((by_path[p] for p in group if p in by_path),
                         key=lambda e: (e.article.instant, e.article.path))
        if len({e.source.key for e in entries}) > 1:
            stories.append(entries)
    if not stories:
        return []
    language = config.language
    also: dict[str, list[Also]] = {}
    first_day: dict[str, date] = {}  # each article's story's day
    by_day: dict[date, list[Story]] = defaultdict(list)
    for entries in stories:
        for entry in entries:
            day = entry.article.day
            first_day[entry.article.path] = entries[0].article.day
            also[entry.article.path] = [
                Also(other.url, other.source.name, other.article.title, other.article.language,
                     other.direction, i18n.relative_day((other.article.day - day).days, language))
                for other in entries if other.source.key != entry.source.key]
        by_day[entries[0].article.day].append(Story(
            tuple(entries), tuple(sorted({e.source.name for e in entries}, key=str.casefold)),
            tuple(sorted({e.language.name for e in entries}, key=str.casefold))))
    story_urls = {day: routes.stories(day.year, day.month, day.day) for day in by_day}
    for page in pages:
        if page.template == "article.html":
            path = page.context["article"].path
            shown = also.get(path)
            if shown:
                day = first_day[path]
                page.context["also_reported"] = shown
                page.context["story_url"] = story_urls[day]
                page.key = fingerprints.digest(page.key, [tuple(a) for a in shown], story_urls[day])
        elif page.template == "day.html" and page.context["date"] in story_urls:
            page.context["stories_url"] = story_urls[page.context["date"]]
            page.key = fingerprints.digest(page.key, page.context["stories_url"])
    out = []
    for day, day_stories in sorted(by_day.items()):
        day_stories.sort(key=lambda s: (-len(s.entries), s.entries[0].article.instant,
                                        s.entries[0].article.path))
        shown = day_stories[:MOST_STORIES]
        page = Page(story_urls[day], "stories.html", {
            "date": day, "year": day.year, "month": day.month, "day": day.day, "stories": shown,
            "story_count": len(day_stories)})
        page.key = fingerprints.page_key(page.url, page.template, len(day_stories),
                                         [len(s.entries) for s in shown],
                                         entries=[e for s in shown for e in s.entries])
        out.append(page)
    return out

