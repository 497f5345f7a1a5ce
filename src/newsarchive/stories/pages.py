"""What the site shows of the stories several outlets told (``stories`` finds them): on an article's page,
"Also reported by: Source A (same day), Source B (next day)"; a stories page per day (``routes.stories``)
listing the largest stories first reported that day, linked from the day's page; and each story's own
page (``routes.story``), paged, listing all its articles.

A story belongs to the day of its first article (the earliest, then by path): its pages do not move when
a later article joins it. Only stories told by two or more sources are shown; a day without one has no
stories page and its day page no link. Each page's fingerprint holds what it shows of the story, so
adding an article re-renders its story's pages, not the archive.

What a page shows of a story is bounded, however large the story: an article's page links one article of
each other outlet (its first), ``MOST_OUTLETS`` of them, then says "and N more" with a link to the story's
page; the day's page lists each story's first ``MOST_SHOWN`` articles; the story's page shows
``STORY_PAGE`` articles a page, oldest first (a full page never changes as the story grows).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from newsarchive import fingerprints, i18n, routes
from newsarchive.catalog.archive import Archive
from newsarchive.config import Config
from newsarchive.model import Entry, Page
from newsarchive.stories.detect import Stories

MOST_STORIES = 20  # stories on a day's page, the largest first
MOST_OUTLETS = 10  # other outlets an article's page links, one article each
MOST_SHOWN = 10  # a story's articles on its day's page
STORY_PAGE = 50  # articles a page of a story's own page


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
    """A story as its day's page shows it: its first articles, how many it has, its sources and
    languages, and its own page."""

    entries: tuple[Entry, ...]  # the first MOST_SHOWN
    count: int
    sources: tuple[str, ...]
    languages: tuple[str, ...]
    url: str


def _also(entry: Entry, firsts: dict[str, Entry], language: str) -> tuple[list[Also], int]:
    """What ``entry``'s page says of its story: the first article of each other outlet (the earliest
    outlets first, ``MOST_OUTLETS`` of them), and how many other outlets are left unsaid."""
    day = entry.article.day
    others = [other for key, other in firsts.items() if key != entry.source.key]
    return [Also(other.url, other.source.name, other.article.title, other.article.language, other.direction,
                 i18n.relative_day((other.article.day - day).days, language))
            for other in others[:MOST_OUTLETS]], max(0, len(others) - MOST_OUTLETS)


def story_context(page: Page, shown: list, more: int, story_url: str) -> None:
    """An article page's "Also reported by" (``shown``: Also or its tuple), its count of the other outlets
    left unsaid and its story's page; its fingerprint with them."""
    shown = [Also(*a) for a in shown]
    page.context["also_reported"] = shown
    page.context["also_more"] = more
    page.context["story_url"] = story_url
    page.key = fingerprints.digest(page.key, [tuple(a) for a in shown], more, story_url)


def link_day_stories(page: Page, stories_url: str) -> None:
    """A day page's link to its stories page."""
    page.context["stories_url"] = stories_url
    page.key = fingerprints.digest(page.key, stories_url)


def add_story_pages(pages: list[Page], archive: Archive, found: Stories, config: Config) -> list[Page]:
    """Give the article pages of each story their "Also reported by", the day pages the link to their
    stories page, and return the stories pages and the stories' own pages."""
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
    also: dict[str, tuple[list[Also], int, str]] = {}  # path -> shown, outlets left unsaid, story page
    by_day: dict[date, list[Story]] = defaultdict(list)
    out = []
    for entries in stories:
        story_url = routes.story(entries[0].url)
        firsts: dict[str, Entry] = {}
        for entry in entries:
            firsts.setdefault(entry.source.key, entry)
        for entry in entries:
            shown, more = _also(entry, firsts, language)
            also[entry.article.path] = (shown, more, story_url)
        by_day[entries[0].article.day].append(Story(
            tuple(entries[:MOST_SHOWN]), len(entries),
            tuple(sorted({e.source.name for e in firsts.values()}, key=str.casefold)),
            tuple(sorted({e.language.name for e in entries}, key=str.casefold)), story_url))
        out.extend(_story_pages(entries, story_url, len(firsts)))
    story_urls = {day: routes.stories(day.year, day.month, day.day) for day in by_day}
    for page in pages:
        kind = page.kind.name
        if kind == "article":
            said = also.get(page.context["article"].path)
            if said and said[0]:
                story_context(page, *said)
        elif kind == "day" and page.context["date"] in story_urls:
            link_day_stories(page, story_urls[page.context["date"]])
    for day, day_stories in sorted(by_day.items()):
        day_stories.sort(key=lambda s: (-s.count, s.entries[0].article.instant, s.entries[0].article.path))
        shown_stories = day_stories[:MOST_STORIES]
        page = Page(story_urls[day], "stories.html", {
            "date": day, "year": day.year, "month": day.month, "day": day.day, "stories": shown_stories,
            "story_count": len(day_stories)})
        page.key = fingerprints.page_key(page.url, page.template, len(day_stories),
                                         [(s.count, s.url) for s in shown_stories],
                                         entries=[e for s in shown_stories for e in s.entries])
        out.append(page)
    return out


def _story_pages(entries: list[Entry], story_url: str, outlets: int) -> list[Page]:
    """A story's own pages: ``STORY_PAGE`` articles each, the oldest first; page 1 at the story's
    address, page k at ``routes.paged(story_url, k)``. A page links the one before and the one after; the
    first says how many articles and outlets the story has."""
    count = len(entries)
    last = max(1, -(-count // STORY_PAGE))
    out = []
    for number in range(1, last + 1):
        chunk = entries[(number - 1) * STORY_PAGE:number * STORY_PAGE]
        url = routes.story_page(story_url, number)
        page = Page(url, "story.html", {
            "first": entries[0], "entries": chunk, "number": number, "start": (number - 1) * STORY_PAGE,
            "count": count if number == 1 else None, "outlets": outlets if number == 1 else None,
            "older_url": routes.story_page(story_url, number - 1) if number > 1 else None,
            "newer_url": routes.story_page(story_url, number + 1) if number < last else None,
            "story_url": story_url})
        page.key = fingerprints.page_key(url, page.template, number, page.context["count"],
                                         page.context["outlets"], number < last,
                                         entries=[entries[0], *chunk])
        out.append(page)
    return out
