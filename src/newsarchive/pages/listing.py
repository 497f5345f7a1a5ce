"""The archive -> the list of pages the site has (URL, template, what the template shows), each with the
fingerprint of its inputs: a page whose fingerprint did not change since the last build is not rendered."""

from __future__ import annotations

import re
from datetime import date

from newsarchive import dates, i18n, routes
from newsarchive.catalog.archive import Archive
from newsarchive.catalog.lists import entry_of
from newsarchive.config import Config
from newsarchive.data import tables as datasets
from newsarchive.fingerprints import article_page_key, page_key, set_key
from newsarchive.model import Article, Entry, Page, Placement, Term
from newsarchive.pages import calendars, views
from newsarchive.pages.paging import ARCHIVE_ENTRIES, FEED_ENTRIES, Pager, chunk, chunk_count, latest_older
from newsarchive.taxonomies import ARCHIVED, TAXONOMIES
from newsarchive.versions import pages as version_pages


def article_urls(archive: Archive) -> dict[str, str]:
    """Each published article's source path -> its page's URL (links between articles)."""
    return {entry.article.path: entry.url for entry in archive.entries}


def _days(archive: Archive) -> list:
    """Every day that has articles, oldest first."""
    return sorted(date(year, month, day) for year, months in archive.calendar.items()
                  for month, days in months.items() for day in days)


def _term_identity(term: Term) -> tuple:
    """What every page of a term's list shows of it: what it is, not how many articles it has."""
    info = term.info
    return (term.kind, term.key, term.name, term.url,
            (info.url, info.description, info.country, info.language) if info else None)


def _term_facts(term: Term) -> tuple:
    return (*_term_identity(term), term.count, term.first_day.toordinal(), term.last_day.toordinal())


def site_pages(archive: Archive, config: Config, search: bool = False,
               urls: dict[str, str] | None = None) -> list[Page]:
    urls = article_urls(archive) if urls is None else urls
    pages: list[Page] = []
    count = len(archive.entries)
    pages += _listing(archive.entries, "", "home.html", config, {}, (), {"article_count": count}, count)
    cards: dict = {}  # each neighbour card's text, made once (fingerprints.article_page_key)
    for entry in archive.entries:
        page = Page(entry.url, "article.html", {"entry": entry, "article": entry.article},
                    language=entry.article.language)
        page.key = article_page_key(entry, urls, cards)
        pages.append(page)
        if entry.article.versions:
            pages += version_pages.pages(entry, page.key)
    pages += calendar_pages(archive, config)
    for taxonomy in TAXONOMIES:  # the index of each kind of term
        terms = archive.terms(taxonomy)
        if taxonomy.indexed(terms):
            pages.append(_keyed(Page(taxonomy.index_url(), taxonomy.index_template, {"terms": terms}),
                                [_term_facts(t) for t in terms]))
    for taxonomy in TAXONOMIES:  # each term's pages
        for term in archive.terms(taxonomy):
            latest = {"profile": views.source_profile(term)} if taxonomy.profile else {}
            pages += _listing(term.entries, term.url, taxonomy.term_template, config, {"term": term},
                              _term_identity(term), latest, _term_facts(term))
            if taxonomy.profile:  # a source's own calendar
                pages += source_date_pages(term, source_months(term.entries))
    pages += _feeds(archive.entries, "", None, archived=True)
    for taxonomy in TAXONOMIES:  # each term's feed (taxonomies: its feed policy)
        if taxonomy.feed:
            for term in archive.terms(taxonomy):
                pages += _feeds(term.entries, term.url, term, archived=taxonomy.feed == ARCHIVED)
    pages += _exports(archive)
    pages += datasets.data_pages(archive, config)
    if search:
        pages.append(_search_page(archive))
    if config.base_url:
        pages += _for_crawlers(pages, archive, config)
    return pages


def calendar_pages(archive: Archive, config: Config, years=None, months=None, days=None) -> list[Page]:
    """The year, month and day pages (``years``, ``months``, ``days``: only those, when given: sets of
    years, (year, month) and dates)."""
    pages: list[Page] = []
    first_weekday = dates.first_week_day(i18n.babel_locale(config.language))
    all_days = _days(archive)
    all_years = sorted(archive.calendar)
    all_months = sorted((y, m) for y, months_of in archive.calendar.items() for m in months_of)
    for year, months_of in archive.calendar.items():
        if years is None or year in years:
            pages.append(year_page(year, months_of, all_years, first_weekday))
        for month, days_of in months_of.items():
            if months is None or (year, month) in months:
                pages.append(month_page(year, month, days_of, all_months, first_weekday))
            for day, entries in days_of.items():
                if days is None or date(year, month, day) in days:
                    pages += day_pages(year, month, day, entries, all_days, config)
    return pages


def year_page(year: int, months: dict, all_years: list[int], first_weekday: int) -> Page:
    counts = {m: {d: len(v) for d, v in days.items()} for m, days in months.items()}
    month_counts = [(m, sum(c.values())) for m, c in sorted(counts.items())]
    total = sum(count for _m, count in month_counts)
    prev_year, next_year = calendars.neighbours(all_years, year)  # the years that have articles
    return _keyed(Page(routes.year(year), "year.html", {
        "year": year, "months": month_counts, "total": total, "prev_year": prev_year,
        "next_year": next_year,
        "calendar": calendars.year(year, counts, first_weekday)}),
        (year, sorted((m, sorted(c.items())) for m, c in counts.items()), first_weekday, prev_year,
         next_year))


MONTH_HEADLINES = 5  # the newest articles of each day a month's page lists; its day's page has them all


def month_page(year: int, month: int, days: dict, all_months: list, first_weekday: int) -> Page:
    """A month's calendar, and its days in order, each with its newest ``MONTH_HEADLINES`` headlines and a
    link to the day's page for the others: a month of thousands of articles a day stays one page."""
    day_list = sorted(days.items())
    day_counts = [(d, len(v)) for d, v in day_list]
    headlines = [(d, list(v[:MONTH_HEADLINES]), len(v)) for d, v in day_list]
    prev_month, next_month = calendars.neighbours(all_months, (year, month))
    return _keyed(Page(routes.month(year, month), "month.html", {
        "year": year, "month": month, "days": headlines,
        "total": sum(len(v) for v in days.values()), "prev_month": prev_month,
        "next_month": next_month,
        "calendar": calendars.month(year, month, dict(day_counts), first_weekday)}),
        (year, month, day_counts, first_weekday, prev_month, next_month),
        [e for _d, shown, _n in headlines for e in shown])


DAY_GROUPED = 20  # a day of more articles than this, from several sources, is grouped by source
DAY_PAGE = 200  # a day of more articles than this is paged, as the lists are (pages numbered from the oldest)


def day_pages(year: int, month: int, day: int, entries, all_days: list, config: Config) -> list[Page]:
    """A day's articles, newest first; a day of more than ``DAY_GROUPED`` articles from several sources is
    grouped by source (by name), with jump links and counts at the top, as a newspaper's day is by section.
    A day of more than ``DAY_PAGE`` articles is paged as the lists are (``paging``): its address shows the
    newest ``DAY_PAGE``, and its numbered pages (``YYYY/MM/DD/page/N/``) count from its oldest."""
    the_day = date(year, month, day)
    before, after = calendars.neighbours(all_days, the_day)
    count = len(entries)
    shown = {"year": year, "month": month, "day": day, "date": the_day, "prev_day": before,
             "next_day": after}
    pages = _listing(entries, routes.day(year, month, day), "day.html", config, shown,
                     (year, month, day, before, after), {"total": count}, count, per_page=DAY_PAGE)
    for page in pages:
        listed = page.context["entries"]
        page.context["groups"] = by_source(listed) if len(listed) > DAY_GROUPED else []
    return pages


SOURCE_DAY_SHOWN = 20  # a source's articles of one day its month's page lists; the day's page has them all


def source_months(entries) -> dict[tuple[int, int], list[Entry]]:
    """A source's articles (newest first) by (year, month) of their day, each month's newest first."""
    months: dict[tuple[int, int], list[Entry]] = {}
    for entry in entries:
        d = entry.article.day
        found = months.get((d.year, d.month))
        if found is None:
            found = months[(d.year, d.month)] = []
        found.append(entry)
    return months


def _by_day(entries, shown: int) -> list[tuple[date, list[Entry], int]]:
    """Entries (newest first) by day, the oldest day first: each day's newest ``shown``, and its count."""
    by_day: dict[date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(entry.article.day, []).append(entry)
    return [(d, items[:shown], len(items)) for d, items in sorted(by_day.items())]


def source_date_pages(term: Term, months: dict, years=None, only_months=None) -> list[Page]:
    """A source's own calendar (what did this paper publish in March 2018?): a page per year, with its
    months and their counts; a year of at most ``views.SOURCE_YEAR_INLINE`` articles lists them on that
    page, by month and day, and a bigger one has a page per month, its articles by day (the newest
    ``SOURCE_DAY_SHOWN`` of a day, and a link to the day's page for the others). So an archive of many
    small sources does not get a page for each of its thousands of source-months with an article or two.
    ``months``: (year, month) -> the source's entries of that month, newest first (a list, or the
    catalog's ``Listed``), for every month it has; ``years`` and ``only_months``: only those pages."""
    identity = _term_identity(term)
    all_months = sorted(months)
    all_years = sorted({y for y, _m in all_months})
    counts = {ym: len(months[ym]) for ym in all_months}
    totals: dict[int, int] = {}
    for (year, _m), n in counts.items():
        totals[year] = totals.get(year, 0) + n

    def month_url(ym: tuple[int, int] | None) -> str | None:
        """A month's place: its page, or its section of its year's page."""
        if ym is None:
            return None
        return views.source_month_url(term.key, *ym, totals[ym[0]])

    pages: list[Page] = []
    for year in all_years:
        if years is not None and year not in years:
            continue
        listed = [(m, counts[(y, m)]) for y, m in all_months if y == year]
        inline = None if totals[year] > views.SOURCE_YEAR_INLINE else [
            (m, _by_day(months[(year, m)], totals[year])) for m, _n in listed]
        prev_year, next_year = calendars.neighbours(all_years, year)
        pages.append(_keyed(Page(routes.source_year(term.key, year), "source-year.html", {
            "term": term, "year": year, "months": listed, "total": totals[year], "inline": inline,
            "prev_year": prev_year, "next_year": next_year}),
            (identity, year, listed, prev_year, next_year, inline is not None),
            [e for _m, days in inline or () for _d, shown, _n in days for e in shown]))
    for year, month in all_months:
        if (only_months is not None and (year, month) not in only_months) \
                or totals[year] <= views.SOURCE_YEAR_INLINE:
            continue
        days = _by_day(months[(year, month)], SOURCE_DAY_SHOWN)
        prev_month, next_month = calendars.neighbours(all_months, (year, month))
        links = (month_url(prev_month), month_url(next_month))
        pages.append(_keyed(Page(routes.source_month(term.key, year, month), "source-month.html", {
            "term": term, "year": year, "month": month, "days": days, "total": counts[(year, month)],
            "prev_month": prev_month, "next_month": next_month, "links": links}),
            (identity, year, month, [(d.toordinal(), n) for d, _shown, n in days], prev_month, next_month,
             links), [e for _d, shown, _n in days for e in shown]))
    return pages


def by_source(entries: list[Entry]) -> list[tuple[object, list[Entry]]]:
    """The entries grouped by their source (its term), sorted by the source's name, each group in the
    entries' order; [] when they are all of one source."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.source.key, []).append(entry)
    if len(groups) < 2:
        return []
    return sorted(((items[0].source, items) for items in groups.values()),
                  key=lambda group: (group[0].name.casefold(), group[0].key))


def with_more_pages(pages: list[Page], more: list[Page], archive: Archive, config: Config) -> list[Page]:
    """``pages`` (site_pages) and ``more`` made after them (the stories pages), the sitemap made again to
    list them too."""
    if not more or not config.base_url:
        return pages + more
    crawlers = {routes.robots(), routes.not_found()}
    kept = [p for p in pages if p.template != "sitemap.xml" and p.url not in crawlers] + more
    return kept + _for_crawlers(kept, archive, config)


SITEMAP_LIMIT = 50_000  # URLs per sitemap file, as the protocol requires
EXPORT_LIMIT = 10_000  # articles in one JSON file; past it, one file per year


def _exports(archive: Archive, years=None) -> list[Page]:
    """``api/articles.json``: every article's facts and URL, for tools (per year past a size; ``years``: only
    those years' files, and the index, when given)."""
    if len(archive.entries) <= EXPORT_LIMIT:
        entries = list(archive.entries)
        page = Page(routes.api_articles(), "articles.json", {"entries": entries, "years": None})
        page.key = set_key(page.url, entries=entries)  # (grown by an added article: rebuilds.year_files)
        return [page]
    out = []
    for year, months in sorted(archive.calendar.items()):
        if years is not None and year not in years:
            continue
        entries = [e for m in sorted(months) for d in sorted(months[m]) for e in months[m][d]]
        page = Page(routes.api_articles(year), "articles.json", {"entries": entries, "years": None})
        page.key = set_key(page.url, entries=entries)  # (grown by an added article: rebuilds.year_files)
        out.append(page)
    index = Page(routes.api_articles(), "articles.json", {"entries": [], "years": sorted(archive.calendar)})
    index.key = page_key(index.url, sorted(archive.calendar))
    return out + [index]


def _for_crawlers(pages: list[Page], archive: Archive, config: Config) -> list[Page]:
    """The sitemap (``sitemap_pages``), robots.txt and 404.html: they need the site's address."""
    modified = {e.url: (e.article.updated or e.article.instant).date().isoformat() for e in archive.entries}
    urls = [(p.url, modified.get(p.url)) for p in pages
            if p.template.endswith(".html") and not p.context.get("noindex")]
    robots = Page(routes.robots(), "robots.txt", {})
    robots.key = page_key(robots.url)
    missing = Page(routes.not_found(), "404.html", {"root": config.base_url})  # served at any path
    missing.key = page_key(missing.url)
    return sitemap_pages(urls) + [robots, missing]


_YEAR_URL = re.compile(r"(?:stories/|sources/[^/]+/)?(\d{4})/")


def sitemap_group(url: str) -> str:
    """The part of the sitemap that lists a page: its year's (its articles, calendar, sources' calendar and
    stories pages: ``2019``), or ``pages`` (the lists, the indexes, the data page). A rebuild that adds
    articles makes their year's part again, and the other parts only when what they list changed."""
    found = _YEAR_URL.match(url)
    return found.group(1) if found else "pages"


def sitemap_parts(urls: list[tuple[str, str | None]], groups=None) -> dict[str, list]:
    """The sitemap's parts (name -> its URLs, sorted, at most ``SITEMAP_LIMIT``: a group past it goes on in
    ``<group>-2``...), of the given pages (URL and last modification); ``groups``: only those groups."""
    grouped: dict[str, list] = {}
    for url, modified in urls:
        group = sitemap_group(url)
        if groups is None or group in groups:
            grouped.setdefault(group, []).append((url, modified))
    parts = {}
    for group, listed in grouped.items():
        listed.sort()
        for number, start in enumerate(range(0, len(listed), SITEMAP_LIMIT), 1):
            parts[group if number == 1 else f"{group}-{number}"] = listed[start:start + SITEMAP_LIMIT]
    return parts


def sitemap_extras(pages: list[Page]) -> dict | None:
    """What a rebuild that adds articles needs to make the sitemap's parts again (None: no sitemap): the
    other pages' part's URLs besides the lists' (``fixed``), the stories pages (``stories``: a rebuild
    that adds articles changes no story), and every part's name (``parts``)."""
    names = [p.url[len("sitemap-"):-len(".xml")] for p in pages
             if p.template == "sitemap.xml" and p.context["parts"] is None]
    if not names:
        return None
    fixed, stories = [], []
    for p in pages:
        if p.template.endswith(".html") and not p.context.get("noindex") and p.url != routes.not_found():
            if p.url.startswith("stories/"):
                stories.append(p.url)
            elif sitemap_group(p.url) == "pages" and "pager" not in p.context:
                fixed.append(p.url)
    return {"fixed": sorted(fixed), "stories": sorted(stories), "parts": names}


def sitemap_order(name: str) -> tuple:
    """The index lists the other pages' parts first, then the years' (each part's continuations after it)."""
    group, _, number = name.partition("-")
    return (group != "pages", group, int(number or 1))


def sitemap_pages(urls: list[tuple[str, str | None]], parts: dict | None = None,
                  names: list[str] | None = None) -> list[Page]:
    """The sitemap's index and parts (``parts``: the parts made, when not all are; ``names``: every
    part's name then)."""
    if parts is None:
        parts = sitemap_parts(urls)
    names = sorted(parts if names is None else names, key=sitemap_order)
    out = []
    for name in sorted(parts, key=sitemap_order):
        page = Page(routes.sitemap(name), "sitemap.xml", {"urls": parts[name], "parts": None})
        page.key = page_key(page.url, parts[name])
        out.append(page)
    index = Page(routes.sitemap(), "sitemap.xml", {"urls": None, "parts": [routes.sitemap(n) for n in names]})
    index.key = page_key(index.url, index.context["parts"])
    return [*out, index]


def feed_entries(entries: list[Entry]) -> list[Entry]:
    """The entries a subscription feed carries in full: the latest 50."""
    return entries[:FEED_ENTRIES]


def _feeds(entries: list[Entry], list_url: str, term: Term | None, archived: bool, only=None) -> list[Page]:
    """The Atom feed of a list (the home page, a source, a language, a tag): the latest 50, in full; and,
    ``archived``, its archive documents (RFC 5005: see paging.py). ``only``: the numbers of the documents
    wanted (0: the subscription document), when not all are."""
    count = chunk_count(len(entries), ARCHIVE_ENTRIES) if archived else 0
    full = max(count - 1, 0)  # the open document is the last one
    identity = _term_identity(term) if term else None
    feed_url = routes.feed(list_url)
    prev_archive = routes.feed_archive(list_url, full) if full else None
    out = []
    if only is None or 0 in only:
        latest = list(feed_entries(entries))
        page = Page(feed_url, "atom.xml", {
            "entries": latest, "term": term, "list_url": list_url, "prev_archive": prev_archive,
            "updated": _updated(latest)})
        page.key = page_key(page.url, page.template, identity, prev_archive,
                            [e.article.content_hash for e in latest], entries=latest)
        out.append(page)
    for number in range(1, count + 1):
        if only is not None and number not in only:
            continue
        part = list(chunk(entries, ARCHIVE_ENTRIES, number))
        complete = number <= full
        # an empty open document (the archive's count a multiple of 50) dates from when the one before filled
        updated = _updated(part or (list(chunk(entries, ARCHIVE_ENTRIES, number - 1)) if number > 1 else []))
        document = Page(routes.feed_archive(list_url, number), "atom-archive.xml", {
            "entries": part, "term": term, "list_url": list_url, "feed_url": feed_url, "number": number,
            "complete": complete,
            "prev_archive": routes.feed_archive(list_url, number - 1) if number > 1 else None,
            "next_archive": routes.feed_archive(list_url, number + 1) if complete else None,
            "updated": updated})
        document.key = page_key(document.url, document.template, identity, number, complete, updated,
                                entries=part)
        out.append(document)
    return out


def _updated(entries: list[Entry]) -> str:
    """A feed document's ``updated``: its newest entry's (the epoch when it has none)."""
    updated = max((e.article.updated or e.article.instant for e in entries), default=None)
    return updated.isoformat() if updated else "1970-01-01T00:00:00+00:00"


def _search_page(archive: Archive) -> Page:
    """The search page: the parts of the index (one per year, newest first) and the filters' values with
    their counts, written at build time so that the page loads only the parts a search needs."""
    years = [(year, sum(len(entries) for days in archive.calendar[year].values()
                        for entries in days.values()))
             for year in sorted(archive.calendar, reverse=True)]
    filters = {
        "source": [(t.name, t.count) for t in sorted(archive.sources, key=lambda t: t.name.casefold())],
        "language": [(t.name, t.count) for t in sorted(archive.languages, key=lambda t: t.name.casefold())],
        "year": [(str(year), count) for year, count in years],
    }
    parts = [routes.search_part(year) for year, _count in years]
    return _keyed(Page(routes.search(), "search.html", {"parts": parts, "filters": filters, "noindex": True}),
                  (parts, filters))


def _keyed(page: Page, facts: object, entries: list[Entry] = ()) -> Page:
    page.key = page_key(page.url, page.template, facts, entries=entries)
    return page


def _listing(entries: list[Entry], list_url: str, template: str, config: Config, shown: dict,
             identity: tuple, latest: dict | None, totals: object, only=None, per_page: int = 0
             ) -> list[Page]:
    """A list's pages (see paging.py): its own address with the newest ``per_page`` articles (``latest``
    adds to its context and key: the count, a source's profile; ``totals`` to its key), then its numbered
    pages counted from the oldest, whose context and key hold ``shown`` and ``identity`` only (nothing that
    changes with the totals), the last one open (not full yet: ``noindex``). ``only``: the numbers of the
    pages wanted (0: the list's address), when not all are (a rebuild that adds articles). ``latest`` may
    be a function giving it, called only when the list's address is wanted. ``per_page``: the config's,
    unless given (a day's pages)."""
    per_page = per_page or config.per_page
    count = len(entries)
    chunks = chunk_count(count, per_page)
    last = -(-count // per_page) if chunks else 0
    out = []
    if only is None or 0 in only:
        latest = latest() if callable(latest) else latest
        pager = Pager(list_url, 0, older=latest_older(count, per_page), last=last)
        newest = list(entries[:per_page])
        page = Page(list_url, template, {"profile": None, **shown, **latest, "entries": newest,
                                         "pager": pager, "noindex": False})
        out.append(_keyed(page, (0, pager.older, last, identity, totals, sorted(latest.items())), newest))
    for number in range(1, chunks + 1):
        if only is not None and number not in only:
            continue
        part = list(chunk(entries, per_page, number))
        pager = Pager(list_url, number, full=len(part) == per_page)
        page = Page(pager.url(number), template, {"profile": None, **shown, "entries": part, "pager": pager,
                                                  "noindex": not pager.full})
        out.append(_keyed(page, (number, pager.full, identity), part))
    return out


def placements(archive: Archive) -> dict[str, Placement]:
    """Where each published article stands, for the text-only rebuild: its URL, its source, language, tags
    and authors, whether a feed carries it (a feed shows its text too), its translations and its
    neighbours."""
    in_feeds = {e.article.path for e in feed_entries(archive.entries)}
    for taxonomy in TAXONOMIES:
        if taxonomy.feed:
            for term in archive.terms(taxonomy):
                in_feeds.update(e.article.path for e in feed_entries(term.entries))
    plain: dict[int, tuple] = {}  # one plain card per card: the cache file holds it once

    def record(card: tuple) -> tuple:
        found = plain.get(id(card))
        if found is None:
            found = plain[id(card)] = tuple(card)
        return found

    pairs: dict[int, tuple] = {}  # one (key, name) per term, shared by its articles

    def terms(listed: list[Term]) -> list:
        out = []
        for t in listed:
            pair = pairs.get(id(t))
            if pair is None:
                pair = pairs[id(t)] = (t.key, t.name)
            out.append(pair)
        return out

    return {e.article.path: Placement(e.url, e.source.key, e.source.name, e.language.name, terms(e.tags),
                                      e.article.path in in_feeds,
                                      [list(t) for t in e.translations] if e.translations else (),
                                      e.nearby.to_record(record), terms(e.authors) if e.authors else ())
            for e in archive.entries}


def article_page(article: Article, place: Placement, config: Config, urls: dict[str, str]) -> Page:
    """An article's page from where the last full build placed it (its URL, source, language, tags,
    authors)."""
    entry = entry_of(article, place, i18n.babel_locale(config.language))
    page = Page(place.url, "article.html", {"entry": entry, "article": article}, language=article.language)
    page.key = article_page_key(entry, urls)
    return page
