"""What templates see of the archive, beyond the records themselves: an article's card (what a page shows
of an article it links), its neighbours, the day as written in the site's language, a source's profile,
schema.org's JSON-LD, what a citation cites and the JSON export. Pure functions of records: no I/O."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

from newsarchive import dates, routes
from newsarchive.config import Config
from newsarchive.content import bylines
from newsarchive.data import cite
from newsarchive.model import Card, Entry, Nearby, Term
from newsarchive.pages import calendars

if TYPE_CHECKING:
    from newsarchive.model import Article

SAME_DAY_SHOWN = 10  # other articles of the day listed on an article's page (the day page has them all)
TOP_TAGS = 10
MAX_CHART_MONTHS = 600  # past 50 years, a source's chart has a bar per year with articles


def date_label(day: date, locale: str) -> str:
    """The day an article is filed under, as lists and article pages show it."""
    return dates.format_day(day, locale)




def card(entry: Entry) -> Card:
    a = entry.article
    return Card(entry.url, a.title, a.language, entry.direction, entry.date_label, entry.source.name,
                a.day.isoformat())


def link_neighbours(entries: list[Entry], sources: list[Term], calendar: dict) -> None:
    """Each article's neighbours: the newer and older article of its source, and the articles of its day
    published before it (see Nearby). One card per article, shared."""
    cards = {id(e): card(e) for e in entries}
    around: dict[int, tuple[Card | None, Card | None]] = {}
    for term in sources:
        listed = term.entries
        for i, entry in enumerate(listed):
            around[id(entry)] = (cards[id(listed[i - 1])] if i > 0 else None,
                                 cards[id(listed[i + 1])] if i + 1 < len(listed) else None)
    for months in calendar.values():
        for days in months.values():
            for members in days.values():
                count = len(members)  # newest first
                for i, entry in enumerate(members):
                    others = tuple(cards[id(o)] for o in members[i + 1:i + 1 + SAME_DAY_SHOWN])
                    entry.nearby = Nearby(*around[id(entry)], others, count - i - 1)


SOURCE_YEAR_INLINE = 50  # a source's year of at most this many articles lists them on its page; a bigger
# year has a page per month (pages.listing.source_date_pages)


def source_month_url(key: str, year: int, month: int, year_total: int) -> str:
    """Where a source's month is: its own page, or (a small year: ``SOURCE_YEAR_INLINE``) its section of
    the source's year page."""
    if year_total > SOURCE_YEAR_INLINE:
        return routes.source_month(key, year, month)
    return f"{routes.source_year(key, year)}#month-{month:02d}"


def source_profile(term: Term, counted: tuple | None = None) -> dict:
    """What a source's first page shows of it: its first and last article, articles per month (every month
    from the first to the last) and per year (its year pages), its languages and its most used tags. Plain
    data: it is its own fingerprint. ``counted``: the counts as a query gives them (per month, per language
    and per tag, with the language and tag terms: ``catalog.lists.CatalogArchive.profile_counts``), instead
    of reading every article of the source (20,000 at a million articles)."""
    if counted is None:
        per_month = Counter((e.article.day.year, e.article.day.month) for e in term.entries)
        languages = Counter(e.language.key for e in term.entries)
        names = {e.language.key: e.language for e in term.entries}
        tags = Counter(t.key for e in term.entries for t in e.tags)
        tag_terms = {t.key: t for e in term.entries for t in e.tags}
    else:
        per_month, languages, names, tags, tag_terms = counted
    per_year = Counter()
    for (y, _m), n in per_month.items():
        per_year[y] += n
    span = (term.last_day.year - term.first_day.year) * 12 + term.last_day.month - term.first_day.month + 1
    if span <= MAX_CHART_MONTHS:
        months = [(y, m, per_month.get((y, m), 0))
                  for y, m in calendars.months_between(term.first_day, term.last_day)]
    else:  # centuries (a stray date): one bar per year that has articles, month 0, so the page stays small
        months = [(y, 0, n) for y, n in sorted(per_year.items())]
    busiest = max(months, key=lambda ymc: ymc[2])
    return {
        "years": sorted(per_year.items()),
        # each of ``months`` with articles: its place in the source's calendar (a month 0: its year page)
        "month_links": [None if not n else source_month_url(term.key, y, m, per_year[y]) if m
                        else routes.source_year(term.key, y) for y, m, n in months],
        "first": card(term.entries[-1]), "last": card(term.entries[0]), "months": months,
        "busiest": busiest, "bars": calendars.bars(months, width=600, height=120),
        "languages": [(names[k].name, names[k].url, n) for k, n in
                      sorted(languages.items(), key=lambda kv: (-kv[1], names[kv[0]].name))],
        "tags": [(tag_terms[k].name, tag_terms[k].url, n) for k, n in
                 sorted(tags.items(), key=lambda kv: (-kv[1], tag_terms[kv[0]].name))[:TOP_TAGS]],
    }


def ld_article(article: Article, entry: Entry, config: Config) -> dict:
    """schema.org NewsArticle for an article page (rendered with |tojson, which escapes <, > and &)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.instant.isoformat(),
        "dateModified": (article.updated or article.instant).isoformat(),
        "inLanguage": article.language,
        "publisher": {"@type": "Organization", "name": entry.source.name},
        "author": [{"@type": "Person", "name": bylines.name(byline)} for byline in article.authors]
        or [{"@type": "Organization", "name": entry.source.name}],
    }
    if config.base_url:
        data["url"] = config.base_url + entry.url
        data["mainEntityOfPage"] = config.base_url + entry.url
    if article.url:
        data["isBasedOn"] = article.url
    if article.summary:
        data["description"] = article.summary
    if article.tags:
        data["keywords"] = list(article.tags)
    corrections = article.extra.get("corrections")
    if corrections:  # hand-written corrections (corrections.py), oldest first
        data["correction"] = [{"@type": "CorrectionComment", "datePublished": day, "text": note}
                              for day, _instant, note in corrections]
    return data


def citation_work(article: Article, entry: Entry, config: Config) -> cite.Work:
    """What the article page's citations cite: the archive's copy when the site has an address (base_url),
    else the original; accessed on the day the archive's copy was taken, when the article says it, and
    published by its source, when it names one (see cite.py)."""
    url = config.base_url + entry.url if config.base_url else article.url
    container = entry.source.name if article.source else ""
    return cite.Work(tuple(article.authors), article.title, container, article.day, url,
                     cite.access_date(article.extra.get("archived")), article.language,
                     routes.slug_of(entry.url), article.url, article.summary,
                     tuple(t.name for t in entry.tags))


def export(entries: list[Entry], years: list[int] | None) -> dict:
    """api/articles.json: each article's facts and its page's path (relative to the site's root)."""
    if years is not None:
        return {"years": {str(y): routes.api_articles(y) for y in years}}
    return {"articles": [{
        "title": e.article.title, "date": e.article.instant.isoformat(), "day": e.article.day.isoformat(),
        "source": e.source.name, "language": e.article.language, "tags": [t.name for t in e.tags],
        "authors": list(e.article.authors), "summary": e.article.summary, "original_url": e.article.url,
        "path": e.url, "file": "content/" + e.article.path,
    } for e in entries]}
