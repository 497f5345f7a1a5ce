"""The rebuild that adds articles: the day's usual work. The pages the new articles change are found by
query from the catalog (``catalog.lists``), never by placing the whole archive:

- each new article's page, and the pages of the articles whose neighbours it changes (the older and newer
  article of its source, the articles of its day after it);
- of each list it joins (the whole archive, its source, language, tags, authors): the list's address, and
  its numbered pages from the one it lands on to the newest (one page, the open one, for an article dated
  after the others); the same for its feeds and their archive documents;
- its year, month and day pages, and the days and months beside a new one (their links); its source's
  year page and month page, and those beside a new one (``source_calendars``);
- the indexes of sources, languages, tags and authors (their counts), the year's data and export files,
  the search page (its counts), the sitemap's part of its year and of the other pages.

The pages are made by the functions that list a full build's pages (``pages.listing``), from lists read a
slice at a time; each page's fingerprint is compared with the last build's, and only the changed ones are
rendered and journaled into the output. The catalog gets the new rows (``catalog.state.save_added``).

This rebuild stands aside (``plan`` returns None, and the full plan runs) whenever it could not give the
output a clean build gives: anything but new article files (a file changed or removed, an asset, folder
defaults, the theme, the config or the options), a site with its own templates, an output that differs
from what the last build wrote, a new article with an error, a draft or a future one, one in a year the
site did not have, one whose URL another article has, one that names another in ``translation_of`` or
``story:``, one with versions, one an article already linked (or named as its translation), one that
would rename a term (a spelling its term is not named after) or add the authors' index, one that would
join a same-story group or change what the stories leave out as boilerplate; and a site with the archive's
database (``database: true``), a file of every article. The sitemap's parts it changes are made again: its
year's, and the other pages' (``pages.listing.sitemap_group``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from newsarchive import i18n, routes
from newsarchive.catalog import lists as catalog_lists
from newsarchive.catalog import state as cache
from newsarchive.catalog.store import path_of, path_value, unpack
from newsarchive.content.loader import load_article, loader_key
from newsarchive.errors import Problem
from newsarchive.fingerprints import entry_key, with_links_shown
from newsarchive.model import Article, Entry, Page, Placement, Site, Term
from newsarchive.pages import paging, redirects, views
from newsarchive.planning import Plan, Setup
from newsarchive.rebuilds import feeds
from newsarchive.search import index as search
from newsarchive.taxonomies import AUTHORS, SOURCES, TAXONOMIES

MOST = 1000  # more new articles than this: the full plan (it reads and places them in parallel)


def plan(setup: Setup, timing: Callable[[str], None]) -> Plan | None:
    """The plan of a rebuild that adds articles, or None when this rebuild does not apply (see above)."""
    from newsarchive.content.reading import load_options, now
    from newsarchive.context import ReadContext

    site_dir, options, config, previous, tree = (setup.site_dir, setup.options, setup.config, setup.previous,
                                                 setup.tree)

    def aside(reason: str) -> None:
        timing(f"additions stand aside: {reason}")

    reason = unusable(setup)
    if reason:
        return aside(reason)
    old, new = previous.stats, tree.stats
    added = sorted(rel for rel in new if rel not in old)
    if not added or len(added) > MOST or len(old) + len(added) != len(new) \
            or any(new.get(rel) != stats for rel, stats in old.items()):
        return aside("not only new files")
    articles = set(tree.articles)
    if any(rel not in articles for rel in added):
        return aside("a new file that is not an article")
    store = previous.store
    extras = kept_extras(store)
    if extras is None:
        return aside("no extras in the catalog")
    dangling = set(extras["dangling"])
    reading = ReadContext(site_dir / "content", tree, load_options(config))
    moment = now()
    fresh: dict[str, tuple[Article, list]] = {}
    for rel in added:
        if rel in dangling:
            return aside(f"{rel} is linked by an article")
        try:
            raw = (site_dir / "content" / rel).read_bytes()
        except OSError:
            return aside(f"{rel} cannot be read")
        article, found = load_article(raw, rel, tree.defaults_for(rel), reading.load_options, with_body=False)
        if article is None or any(p.is_error for p in found) or (article.draft and not options.drafts) \
                or (article.instant > moment and not (options.future or config.include_future)) \
                or article.versions or article.day.year not in previous.years \
                or article.extra.get("translation_of") or article.extra.get("story") \
                or redirects.has_old_addresses(article.extra):
            return aside(f"{rel}: an error, a draft, a future date, versions, a new year, a translation or "
                         "old addresses")
        fresh[rel] = (article, found)
    timing("added articles read")

    db = store.db
    db.execute("BEGIN IMMEDIATE")  # the new rows, for the queries below: rolled back once the pages are made
    try:
        made = _place(setup, store, fresh)
        if made is None:
            return aside("a URL another article has, a term renamed or the authors' index")
        entries, terms = made
        keep_stories = None
        if config.stories.enabled:
            from newsarchive.stories.detect import added_keep_stories

            keep_stories = added_keep_stories(config.stories, store, [e.article for e in entries],
                                              site_dir / "content")
            if keep_stories is None:
                return aside("the stories change")
        timing("added articles placed")
        try:
            found = _pages(setup, store, entries, terms, extras)
        except StandAside as why:
            return aside(str(why))
    finally:
        db.execute("ROLLBACK")
    pages, placed, lists, new_terms, urls = found
    if not shown_links(store, pages, urls):
        return aside("a feed shows a text with a root-relative link (an old address?)")
    with_links_shown(pages, urls)
    files, old_files, search_pages = output_files(setup, store)
    if config.old_permalinks:  # the new articles' addresses on the old site: their redirect pages
        moved = _pattern_redirects(entries, config.old_permalinks, dangling,
                                   old_files | {routes.output_path(p.url) for p in pages})
        if moved is None:
            return aside("a new article's old address is linked, or taken")
        pages += moved
    timing("the pages they change, found and keyed")

    known = dict(store.rows(f"SELECT url, key FROM pages WHERE url IN ({','.join('?' * len(pages))})",
                            [p.url for p in pages])) if pages else {}
    dirty = bytearray(1 if known.get(p.url) != p.key else 0 for p in pages)
    pages = [p for p, d in zip(pages, dirty) if d]
    new_pages = sum(1 for p in pages if p.url not in known)
    feeds.mark(pages, {e.article.path for e in entries}, str(setup.output.output), setup.record.output,
               setup.drift.untrusted)
    files |= {routes.output_path(p.url) for p in pages}
    problems = sorted([p for _a, found in fresh.values() for p in found], key=Problem.sort_key)  # (new ones)
    records = {rel: cache.FileFacts(tree.stats[rel], tree.defaults_key(rel), article.to_record(),
                                    [p.to_record() for p in found])
               for rel, (article, found) in fresh.items()}
    articles_count, pages_count = previous.summary[:2]
    site = Site(config, tuple(previous.years), i18n.babel_locale(config.language), options.search,
                setup.portable, previous.menus)
    if options.search:
        search_pages += [routes.output_path(e.url) for e in entries]

    # the files the new articles link that are no published article (a later one named so goes to the full
    # plan: its linking articles' pages change)
    extras["dangling"] = sorted(dangling | {target for e in entries for target in e.article.links
                                            if target not in urls})
    extras["linked"] = sorted(set(extras["linked"]) | {target for e in entries for target in e.article.links
                                                       if target in urls and target[0] != "/"})

    def save(state: cache.CacheState) -> None:
        state.stats = tree.stats
        state.extras = extras
        cache.save_added(setup.output.cache_dir, state, records, placed, lists, new_terms,
                         {p.url: p.key for p in pages}, problems, keep_stories)

    return Plan("added", pages, bytearray([1]) * len(pages), site,
                ReadContext(site_dir / "content", tree, load_options(config, setup.statics), urls), problems,
                files,
                old_files, previous, (articles_count + len(entries), pages_count + new_pages),
                search_pages=search_pages, previous=previous, save=save)


def shown_links(store, pages: list[Page], urls: dict[str, str]) -> bool:
    """Add to ``urls`` the addresses the bodies that feeds and data files show link (their entries' links,
    read from the catalog's placements); False when one of those links is root-relative (an old address,
    which only the full plan knows)."""
    linked = {target for page in pages if page.kind.texts == "entries" or page.context.get("with_text")
              for entry in page.context.get("entries") or () for target in entry.article.links}
    if any(target[0] == "/" for target in linked):
        return False
    urls.update(placed_urls(store, [target for target in linked if target not in urls]))
    return True


def placed_urls(store, paths) -> dict[str, str]:
    """The page URLs of the published articles among ``paths`` (content/ paths), from the placements."""
    paths = list(paths)
    if not paths:
        return {}
    return {path_of(p): url for p, url in store.rows(
        f"SELECT path, url FROM placements WHERE path IN ({','.join('?' * len(paths))})",
        [path_value(t) for t in paths])}


def _pattern_redirects(entries: list[Entry], patterns: tuple[str, ...], dangling: set[str], taken: set[str]
                       ) -> list[Page] | None:
    """The redirect pages of the new articles' old addresses (config ``old_permalinks``); None when an
    article already links one of them (its page changes: the full plan) or a file has its path."""
    pages = []
    for entry in entries:
        for address in redirects.old_addresses({}, entry.article, patterns):
            url = redirects.redirect_url(address)
            if url is None or url == entry.url:
                continue
            if routes.root_key(address) in dangling or routes.output_path(url) in taken:
                return None
            taken.add(routes.output_path(url))
            pages.append(redirects.redirect_page(url, entry))
    return pages


class StandAside(Exception):
    """Raised while the pages are made, for what only the full plan gives right (its message: why)."""


def unusable(setup: Setup) -> str | None:
    """Why no rebuild by query applies (``additions``, ``edits``), whatever changed in content/: None
    when one may."""
    from newsarchive.content.reading import now

    previous, config = setup.previous, setup.config
    if not previous or previous.run_key != setup.run_key or previous.loader_key != loader_key(config):
        return "no last build, or the theme, the config or the options changed"
    if (setup.site_dir / "templates").exists() or setup.drift or config.database:
        return "the site's own templates, a changed output or the database"
    if previous.next_change is not None and now().timestamp() >= previous.next_change:
        return "a future article is due"
    return None


def kept_extras(store) -> dict | None:
    """What the last full build kept for the rebuilds by query (``catalog.lists.EXTRAS``), or None."""
    extras = store.meta(cache.EXTRAS)
    if not isinstance(extras, dict) or set(extras) != set(catalog_lists.EXTRAS):
        return None
    return extras


def output_files(setup: Setup, store) -> tuple[set[str], set[str], list[str]]:
    """A rebuild by query's output files (the last build's, the search index's aside: staged again), the
    last build's, and the article pages the search index holds (none without search)."""
    old_files = set(setup.record.output)
    if not setup.options.search:
        return set(old_files), old_files, []
    files = {rel for rel in old_files if not rel.startswith(search.BUNDLE)}
    return files, old_files, [routes.output_path(url) for (url,) in store.rows("SELECT url FROM pages")
                              if routes.is_article(url)]


def _place(setup: Setup, store, fresh: dict[str, tuple[Article, list]]):
    """Give each new article its URL and terms, and put its rows in the catalog (in the open transaction);
    None when one would share a URL or rename a term."""
    config = setup.config
    taxonomy_rows = dict(store.rows("SELECT term, spelling FROM terms"))
    urls: set[str] = set()
    entries, terms = [], {}
    locale = i18n.babel_locale(config.language)
    for rel, (article, _found) in fresh.items():
        d = article.day
        url = f"{routes.day(d.year, d.month, d.day)}{routes.segment(article.slug)}/"
        if url in urls or store.rows("SELECT 1 FROM placements WHERE url = ?", (url,)):
            return None
        urls.add(url)
        entry = Entry(article, url, direction=i18n.direction(article.language))
        for taxonomy in TAXONOMIES:
            mine: list[Term] = []
            for name in taxonomy.names(article):
                key = taxonomy.key_of(name, config.slugs)
                term = catalog_lists.term_list(taxonomy.kind, key)
                spelling = taxonomy_rows.get(term)
                if spelling is None:
                    if taxonomy is AUTHORS and "author" not in setup.previous.menus:
                        return None  # the authors' index appears: every page's menu changes
                    taxonomy_rows[term] = spelling = name
                    from newsarchive.catalog.archive import make_term

                    terms[term] = make_term(taxonomy, key, name, [], config)
                if spelling != name and taxonomy.key != "code":
                    return None  # the term's name may change: every page that shows it
                if all(t.key != key for t in mine):
                    mine.append(_term(taxonomy, key, term, terms, store, config))
            setattr(entry, taxonomy.attribute, mine[0] if taxonomy.single else mine)
        entry.date_label = views.date_label(d, locale)
        entry.key = entry_key(entry)
        entries.append(entry)
    db = store.db
    for entry in entries:
        article = entry.article
        neg = -article.instant.timestamp()
        rel = path_value(article.path)
        db.execute("INSERT OR REPLACE INTO articles (path, size, mtime_ns, defaults_key, facts, problems, "
                   "day, source, language) VALUES (?, NULL, NULL, '', ?, ?, ?, ?, ?)",
                   (rel, _pack(tuple(article.to_record())), _pack([]), article.day.toordinal(),
                    article.source, article.language))
        db.execute("INSERT OR REPLACE INTO placements (path, url, source_key, data, lists) VALUES "
                   "(?, ?, ?, ?, ?)", (rel, entry.url, entry.source.key, _pack(tuple(_placement(entry))),
                                       _pack((neg, catalog_lists.entry_lists(entry)))))
        db.executemany("INSERT INTO members (list, neg, path) VALUES (?, ?, ?)",
                       ((name, neg, rel) for name in catalog_lists.entry_lists(entry)))
    for term, made in terms.items():
        db.execute("INSERT INTO terms (term, name, spelling) VALUES (?, ?, ?)",
                   (term, made.name, made.spelling))
    return entries, terms


def _pack(value) -> bytes:
    from newsarchive.catalog.store import pack

    return pack(value)


def _term(taxonomy, key: str, term: str, terms: dict, store, config) -> Term:
    """An entry's term: as a list item shows it (its key, name and address)."""
    made = terms.get(term)
    if made is not None:
        return Term(taxonomy.kind, key, made.name, made.url, direction=made.direction)
    name = store.rows("SELECT name FROM terms WHERE term = ?", (term,))[0][0]
    direction = i18n.direction(key) if taxonomy.key == "code" else "ltr"
    return Term(taxonomy.kind, key, name, taxonomy.term_url(key), direction=direction)


def _placement(entry: Entry, in_feeds: bool = False) -> Placement:
    return Placement(entry.url, entry.source.key, entry.source.name, entry.language.name,
                     [(t.key, t.name) for t in entry.tags], in_feeds, [], entry.nearby.to_record(),
                     [(t.key, t.name) for t in entry.authors])


def _pages(setup: Setup, store, added: list[Entry], new_terms: dict, extras: dict):
    """The pages the added entries may change, with their fingerprints; the placements to write (new and
    changed), their lists, the new terms' rows, and the URLs the rendered articles link."""
    from newsarchive.fingerprints import article_page_key
    from newsarchive.pages import listing
    from newsarchive.rebuilds import year_files
    from newsarchive.stories.pages import story_context
    from newsarchive.taxonomies import ARCHIVED
    from newsarchive.versions import pages as version_pages

    config = setup.config
    reader = catalog_lists.Reader(store, config)
    archive = catalog_lists.CatalogArchive(reader, config)
    per_page = config.per_page
    pages: list[Page] = []
    placed: dict[str, Placement] = {}
    lists: dict[str, tuple] = {}

    # the new articles' and their neighbours' neighbours (Nearby), and who is in a feed
    around: dict[str, Entry] = {}
    articles: list[Page] = []
    for entry in added:
        article = entry.article
        neg = -article.instant.timestamp()
        reader.made[article.path] = entry
        source = catalog_lists.term_list("source", entry.source.key)
        rank = reader.rank(source, article.path, neg)
        for other in reader.slice(source, max(rank - 1, 0), rank + 2):
            around[other.article.path] = other
        day = catalog_lists.day_list(article.day)
        for other in reader.slice(day, 0, reader.rank(day, article.path, neg) + 1):
            around[other.article.path] = other
    feeds = [catalog_lists.HOME] + [catalog_lists.term_list(t.kind, t.key) for entry in added
                                    for t in _terms_of(entry) if t.kind != "day"]
    for name in dict.fromkeys(feeds):  # the article a new one pushed out of a feed's latest 50
        for other in reader.slice(name, paging.FEED_ENTRIES, paging.FEED_ENTRIES + len(added)):
            around.setdefault(other.article.path, other)
    new_paths = {e.article.path for e in added}
    cards: dict = {}
    for path, entry in around.items():
        neg = -entry.article.instant.timestamp()
        old_nearby = entry.nearby if path not in new_paths else None
        entry.nearby = _nearby(reader, entry, neg)
        feed_lists = [name for name in _lists(store, path) if _has_feed(name)]
        in_feeds = any(reader.rank(name, path, neg) < paging.FEED_ENTRIES for name in feed_lists)
        old_place = None if path in new_paths else _stored_placement(store, path)
        place = _placement(entry, in_feeds)
        if old_place is not None:
            place = old_place._replace(nearby=place.nearby, in_feeds=in_feeds)
        if place != old_place:
            placed[path] = place
            lists[path] = (neg, tuple(_lists(store, path)))
        if path in new_paths or entry.nearby != old_nearby:
            page = Page(entry.url, "article.html", {"entry": entry, "article": entry.article},
                        language=entry.article.language)
            articles.append(page)
    # the URLs the rendered articles' bodies link
    linked = {target for page in articles for target in page.context["article"].links}
    if any(target[0] == "/" for target in linked):
        raise StandAside("an article to render links a root-relative address (an old one?)")
    urls = placed_urls(store, linked)
    also = extras["also"]
    for page in articles:
        entry = page.context["entry"]
        page.key = article_page_key(entry, urls, cards)
        pages.append(page)
        if entry.article.versions:
            pages += version_pages.pages(entry, page.key)
        said = also.get(entry.article.path)
        if said:
            story_context(page, *said)

    # the lists they joined: their address and numbered pages from where each landed; their feeds
    wanted: dict[str, set[int]] = {}
    documents: dict[str, set[int]] = {}
    for entry in added:
        article = entry.article
        neg = -article.instant.timestamp()
        for name in [catalog_lists.HOME] + [catalog_lists.term_list(t.kind, t.key) for t in _terms_of(entry)]:
            count, rank = reader.count(name), reader.rank(name, article.path, neg)
            first = (count - 1 - rank) // per_page + 1
            wanted.setdefault(name, {0}).update(range(first, paging.chunk_count(count, per_page) + 1))
            first = (count - 1 - rank) // paging.ARCHIVE_ENTRIES + 1
            documents.setdefault(name, {0}).update(
                range(first, paging.chunk_count(count, paging.ARCHIVE_ENTRIES) + 1))
    count = len(archive.entries)
    pages += listing._listing(archive.entries, "", "home.html", config, {}, (), {"article_count": count},
                              count, only=wanted[catalog_lists.HOME])
    pages += listing._feeds(archive.entries, "", None, archived=True, only=documents[catalog_lists.HOME])
    for taxonomy in TAXONOMIES:
        terms = archive.terms(taxonomy)
        touched = [t for t in terms if catalog_lists.term_list(t.kind, t.key) in wanted]
        if not touched:
            continue
        if taxonomy.indexed(terms):
            pages.append(listing._keyed(Page(taxonomy.index_url(), taxonomy.index_template, {"terms": terms}),
                                        [listing._term_facts(t) for t in terms]))
        for term in touched:
            name = catalog_lists.term_list(term.kind, term.key)
            # (counted by query: the source's articles are not read)
            latest = (lambda term=term, counted=archive.profile_counts:
                      {"profile": views.source_profile(term, counted(term))}) if taxonomy.profile else {}
            pages += listing._listing(term.entries, term.url, taxonomy.term_template, config, {"term": term},
                                      listing._term_identity(term), latest, listing._term_facts(term),
                                      only=wanted[name])
            if taxonomy.feed:
                pages += listing._feeds(term.entries, term.url, term, archived=taxonomy.feed == ARCHIVED,
                                        only=documents[name] if taxonomy.feed == ARCHIVED else {0})
    # the calendar: each new article's year, month and day, and the days and months beside them
    days = {e.article.day for e in added}
    all_days = listing._days(archive)
    all_months = sorted({(d.year, d.month) for d in all_days})
    near_days = set(days)
    near_months = {(d.year, d.month) for d in days}
    for d in days:
        i = all_days.index(d)
        near_days.update(all_days[max(i - 1, 0):i + 2])
        j = all_months.index((d.year, d.month))
        near_months.update(all_months[max(j - 1, 0):j + 2])
    calendar = listing.calendar_pages(archive, config, years={d.year for d in days}, months=near_months,
                                      days=near_days)
    story_days = extras["story_days"]
    for page in calendar:
        if page.kind.name == "day" and page.context["date"].toordinal() in story_days:
            from newsarchive.stories.pages import link_day_stories

            link_day_stories(page, story_days[page.context["date"].toordinal()])
    pages += calendar
    pages += source_calendars(archive, added, beside=True)
    years = {d.year for d in days}
    # (every year's file when the export is split by year for the first time)
    split_before = len(archive.entries) - len(added) > listing.EXPORT_LIMIT
    pages += year_files.pages(setup, store, archive, config, [(None, e) for e in added], years, split_before)
    if setup.options.search:
        pages.append(listing._search_page(archive))
    if config.base_url:
        pages += _sitemap(store, archive, config, extras["sitemap"], years)
    for term, made in new_terms.items():
        new_terms[term] = (made.name, made.spelling)
    _settle(pages)
    return pages, placed, lists, new_terms, urls


def source_calendars(archive: catalog_lists.CatalogArchive, entries: list[Entry], beside: bool) -> list[Page]:
    """The year and month pages of the entries' sources that show them (``pages.listing.source_date_pages``),
    and with ``beside`` (articles added) those whose links change: the months and years beside a new one,
    and every month of a year that passes ``views.SOURCE_YEAR_INLINE`` articles (its months get pages of
    their own) with the months beside that year."""
    from newsarchive.pages import listing

    touched: dict[str, dict[tuple[int, int], int]] = {}
    for entry in entries:
        d = entry.article.day
        months_of = touched.setdefault(entry.source.key, {})
        months_of[(d.year, d.month)] = months_of.get((d.year, d.month), 0) + 1
    terms = {t.key: t for t in archive.terms(SOURCES)}
    pages: list[Page] = []
    for key, months_of in sorted(touched.items()):
        months = archive.source_months(key)
        all_months = sorted(months)
        all_years = sorted({y for y, _m in all_months})
        near_months, near_years = set(months_of), {y for y, _m in months_of}
        if beside:
            for year, month in months_of:
                i, j = all_months.index((year, month)), all_years.index(year)
                near_months.update(all_months[max(i - 1, 0):i + 2])
                near_years.update(all_years[max(j - 1, 0):j + 2])
            for year in {y for y, _m in months_of}:
                total = sum(len(months[ym]) for ym in all_months if ym[0] == year)
                added = sum(n for (y, _m), n in months_of.items() if y == year)
                if total - added <= views.SOURCE_YEAR_INLINE < total:  # its months get their pages
                    inside = [i for i, ym in enumerate(all_months) if ym[0] == year]
                    near_months.update(all_months[max(inside[0] - 1, 0):inside[-1] + 2])
        pages += listing.source_date_pages(terms[key], months, years=near_years, only_months=near_months)
    return pages


def _sitemap(store, archive, config, kept: dict, years: set[int]) -> list[Page]:
    """The sitemap's parts of the new articles' years (their articles, calendar and stories pages) and of
    the other pages (the lists' addresses and full numbered pages, and ``kept["fixed"]``), and its index."""
    from newsarchive.model import ArticleRecord
    from newsarchive.pages import listing

    urls: list[tuple[str, str | None]] = []
    for year in years:
        source_months: dict[str, tuple[int, set[int]]] = {}  # each source's articles and months this year
        for url, source, facts in store.rows(
                "SELECT p.url, p.source_key, a.facts FROM articles a JOIN placements p ON p.path = a.path "
                "WHERE a.day BETWEEN ? AND ?",
                (date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal())):
            article = Article.from_record(ArticleRecord._make(unpack(facts)))
            urls.append((url, (article.updated or article.instant).date().isoformat()))
            total, months = source_months.get(source) or (0, set())
            months.add(article.day.month)
            source_months[source] = (total + 1, months)
        urls.append((routes.year(year), None))
        urls += [(routes.source_year(key, year), None) for key in source_months]
        urls += [(routes.source_month(key, year, month), None)
                 for key, (total, months) in source_months.items()
                 if total > views.SOURCE_YEAR_INLINE for month in months]
        for month, days in archive.calendar[year].items():
            urls.append((routes.month(year, month), None))
            for day, listed in days.items():  # a day's address, and its full numbered pages (a big day)
                url = routes.day(year, month, day)
                urls.append((url, None))
                urls += [(routes.paged(url, n), None) for n in range(1, len(listed) // listing.DAY_PAGE + 1)]
    groups = {str(year) for year in years} | {"pages"}
    urls += [(url, None) for url in kept["stories"] if listing.sitemap_group(url) in groups]
    urls += [(url, None) for url in kept["fixed"]]
    per_page = config.per_page
    lists = [("", len(archive.entries))] + [(t.url, len(t.entries)) for taxonomy in TAXONOMIES
                                            for t in archive.terms(taxonomy)]
    for list_url, count in lists:
        urls.append((list_url, None))
        urls += [(routes.paged(list_url, number), None) for number in range(1, count // per_page + 1)]
    parts = listing.sitemap_parts(urls, groups)
    names = [n for n in kept["parts"] if n.partition("-")[0] not in groups] + list(parts)
    return listing.sitemap_pages([], parts, names)


def _terms_of(entry: Entry) -> list[Term]:
    return [entry.source, entry.language, *entry.tags, *entry.authors]


def _has_feed(name: str) -> bool:
    """Whether a list (by name) has a feed (taxonomies: its feed policy)."""
    if name == catalog_lists.HOME:
        return True
    kind = name.partition(":")[0]
    return any(t.kind == kind and t.feed for t in TAXONOMIES)


def _lists(store, path: str) -> list[str]:
    """The lists an article is in (its placement's row)."""
    row = store.rows("SELECT lists FROM placements WHERE path = ?", (path_value(path),))[0]
    return list(unpack(row[0])[1])


def _stored_placement(store, path: str) -> Placement | None:
    rows = store.rows("SELECT data FROM placements WHERE path = ?", (path_value(path),))
    return Placement._make(unpack(rows[0][0])) if rows else None


def _nearby(reader: catalog_lists.Reader, entry: Entry, neg: float):
    """An entry's neighbours (``views.link_neighbours``) read from its source's and its day's lists."""
    from newsarchive.model import Nearby
    from newsarchive.pages.views import SAME_DAY_SHOWN

    path = entry.article.path
    source = catalog_lists.term_list("source", entry.source.key)
    rank = reader.rank(source, path, neg)
    newer = reader.slice(source, rank - 1, rank) if rank else []
    older = reader.slice(source, rank + 1, rank + 2)
    day = catalog_lists.day_list(entry.article.day)
    i, count = reader.rank(day, path, neg), reader.count(day)
    others = reader.slice(day, i + 1, i + 1 + SAME_DAY_SHOWN)
    return Nearby(views.card(newer[0]) if newer else None, views.card(older[0]) if older else None,
                  tuple(views.card(o) for o in others), count - i - 1)


class _Summary:
    """What a term's pages read of its articles once the catalog is closed: their count, newest and
    oldest (``Term.count``, ``last_day``, ``first_day``)."""

    __slots__ = ("count", "first", "last")

    def __init__(self, listed):
        self.count = len(listed)
        self.first = listed[0] if self.count else None
        self.last = listed[-1] if self.count else None

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int):
        if index == 0:
            return self.first
        if index == -1:
            return self.last
        raise IndexError(index)


class _TermSummary:
    """What the pages of the default theme read of a term's articles (``Term.count``, ``first_day``,
    ``last_day``: rebuilds by query are for the default theme only), read before the catalog is closed:
    its count and the days of its oldest and newest articles, not their entries (552 terms at 9,000
    articles: two entries made for each, for their days)."""

    __slots__ = ("count", "newest_day", "oldest_day")

    def __init__(self, listed: catalog_lists.Listed):
        self.count = len(listed)
        self.oldest_day = listed.oldest_day if self.count else None
        self.newest_day = listed.newest_day if self.count else None

    def __len__(self) -> int:
        return self.count


def _settle(pages: list[Page]) -> None:
    """Read from the catalog what the pages' terms and lists would read later (the catalog's rows of the
    new articles are rolled back before rendering, in other processes)."""
    seen: dict[int, object] = {}
    for page in pages:
        for value in page.context.values():
            for term in (value if isinstance(value, list) else [value]):
                if isinstance(term, Term) and isinstance(term.entries, catalog_lists.Listed) \
                        and id(term) not in seen:
                    seen[id(term)] = term.entries = _TermSummary(term.entries)
        for name, value in list(page.context.items()):
            if isinstance(value, catalog_lists.Listed):
                page.context[name] = list(value)
        if page.kind.name == "month":
            page.context["days"] = [
                (d, _Summary(listed) if isinstance(listed, catalog_lists.Listed) else listed)
                for d, listed in page.context["days"]]
