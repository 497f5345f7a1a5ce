"""The archive -> the list of pages the site has (URL, template, what the template shows)."""

from __future__ import annotations

from dataclasses import dataclass

from newsarchive import routes
from newsarchive.archive import Archive, Entry, paginate
from newsarchive.config import Config
from newsarchive.render import Page


@dataclass(frozen=True, slots=True)
class Pager:
    number: int  # 1-based
    count: int
    first_url: str

    def url(self, number: int) -> str:
        return routes.paged(self.first_url, number)

    @property
    def prev_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    @property
    def numbers(self) -> list[int | None]:
        """Page numbers to show: first, last, and two around the current one; None marks a gap."""
        wanted = {1, self.count} | set(range(self.number - 2, self.number + 3))
        out: list[int | None] = []
        for n in range(1, self.count + 1):
            if n in wanted:
                out.append(n)
            elif out and out[-1] is not None:
                out.append(None)
        return out


def site_pages(archive: Archive, config: Config) -> list[Page]:
    pages: list[Page] = []
    pages += _listing(archive.entries, "", "home.html", config, {})
    for entry in archive.entries:
        pages.append(Page(entry.url, "article.html", {"entry": entry, "article": entry.article},
                          language=entry.article.language))
    for year, months in archive.calendar.items():
        pages.append(Page(routes.year(year), "year.html", {
            "year": year,
            "months": [(m, sum(len(v) for v in days.values())) for m, days in sorted(months.items())],
            "total": sum(len(v) for days in months.values() for v in days.values()),
        }))
        for month, days in months.items():
            pages.append(Page(routes.month(year, month), "month.html", {
                "year": year, "month": month, "days": sorted(days.items()),
                "total": sum(len(v) for v in days.values()),
            }))
            for day, entries in days.items():
                pages.append(Page(routes.day(year, month, day), "day.html", {
                    "year": year, "month": month, "day": day, "date": entries[0].article.day,
                    "entries": entries,
                }))
    pages.append(Page(routes.sources(), "sources.html", {"terms": archive.sources}))
    pages.append(Page(routes.languages(), "languages.html", {"terms": archive.languages}))
    pages.append(Page(routes.tags(), "tags.html", {"terms": archive.tags}))
    for term in archive.sources + archive.languages + archive.tags:
        pages += _listing(term.entries, term.url, "term.html", config, {"term": term})
    return pages


def _listing(entries: list[Entry], first_url: str, template: str, config: Config, extra: dict) -> list[Page]:
    chunks = paginate(entries, config.per_page)
    out = []
    for number, chunk in enumerate(chunks, 1):
        pager = Pager(number, len(chunks), first_url)
        out.append(Page(pager.url(number), template, {**extra, "entries": chunk, "pager": pager}))
    return out
