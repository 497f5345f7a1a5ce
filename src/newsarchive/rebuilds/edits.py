"""The rebuild that edits articles in place: a corrected headline, summary or byline role, a fixed typo
in the text of an article a feed or its neighbours show. The pages it changes are found by query from the
catalog (``catalog.lists``), as for added articles (``additions``), never by placing the whole archive:

- each edited article's page, and the pages of the articles that show it as a neighbour (the newer and
  older article of its source, the later articles of its day);
- in each list it is in (the whole archive, its source, language, tags, authors): the list's address and
  the numbered page that holds it; the same for its feeds and the archive document that holds it;
- its year, month and day pages, its source's year or month page; its year's data and export files; its
  year's part of the sitemap.

Each page's fingerprint is compared with the last build's, and only the changed ones are rendered and
journaled into the output. The catalog gets the edited articles' facts and the neighbours' new placements
(``catalog.state.save_added``).

A new title without ``slug:`` moves the page to a new address (its slug is made from the title): the old
page is removed, the new one written, and the pages above show the new address; the catalog's placement and
page rows follow it. A move stays by query only when nothing else shows the address: no article links the
moved one (``catalog.lists.EXTRAS``, "linked"), the new address is no other article's nor an output file's
(a redirect page, a static file), the old one was not shared with another article (whose suffixed address a
full build would give back), and the article has no old addresses (``old_permalinks``: their redirect
pages name its page).

It applies when the edit leaves every list as it was: the same date and time, source, language, tags,
authors and links, no error, no versions, translations or ``story:``, an article published before and
after, in no same-story group and joining none, the boilerplate the same
(``stories.detect.added_keep_stories``). Anything else (and whatever ``additions`` stands aside for: a
site's own templates, a changed output, the database, new or removed files) goes to the full plan.
"""

from __future__ import annotations

from collections.abc import Callable

from newsarchive import i18n, routes
from newsarchive.catalog import lists as catalog_lists
from newsarchive.catalog import state as cache
from newsarchive.catalog.store import pack, path_value, unpack
from newsarchive.content.loader import load_article
from newsarchive.errors import Problem
from newsarchive.fingerprints import with_links_shown
from newsarchive.model import Article, ArticleRecord, Entry, Page, Placement, Site
from newsarchive.pages import paging, redirects, views
from newsarchive.planning import Plan, Setup
from newsarchive.rebuilds.additions import (
    StandAside,
    _has_feed,
    _lists,
    _nearby,
    _placement,
    _settle,
    _sitemap,
    _stored_placement,
    kept_extras,
    output_files,
    placed_urls,
    shown_links,
    source_calendars,
    unusable,
)
from newsarchive.taxonomies import TAXONOMIES

MOST = 100  # more edited articles than this: the full plan


def plan(setup: Setup, timing: Callable[[str], None]) -> Plan | None:
    """The plan of a rebuild that edits articles in place, or None when it does not apply (see above)."""
    from newsarchive.content.reading import load_options, now
    from newsarchive.context import ReadContext

    site_dir, options, config, previous, tree = (setup.site_dir, setup.options, setup.config, setup.previous,
                                                 setup.tree)

    def aside(reason: str) -> None:
        timing(f"edits stand aside: {reason}")

    reason = unusable(setup)
    if reason:
        return aside(reason)
    old, new = previous.stats, tree.stats
    if old.keys() != new.keys():
        return aside("files added or removed")
    changed = sorted(rel for rel, stats in new.items() if old[rel] != stats)
    articles = set(tree.articles)
    if not changed or len(changed) > MOST or any(rel not in articles for rel in changed):
        return aside("not only edited articles")
    store = previous.store
    extras = kept_extras(store)
    if extras is None:
        return aside("no extras in the catalog")
    reading = ReadContext(site_dir / "content", tree, load_options(config))
    moment = now()
    edited: dict[str, tuple[Article, Article, Placement, list]] = {}
    old_problems: list[tuple] = []  # the edited articles' problems before the edit: replaced by the new
    moved: dict[str, str] = {}  # the path of each article that moves -> its old URL
    placed_before: dict[str, Placement] = {}  # where the last build placed each (year_files: its old row)
    for rel in changed:
        try:
            rows = store.rows("SELECT facts, problems, defaults_key FROM articles WHERE path = ?",
                              (path_value(rel),))
            place = _stored_placement(store, rel)
            if not rows or rows[0][0] is None or place is None or rel in extras["also"] or place.translations:
                return aside(f"{rel}: not published by the last build, in a story or with translations")
            before = Article.from_record(ArticleRecord._make(unpack(rows[0][0])))
            problems_before = [tuple(p) for p in unpack(rows[0][1])]
        except Exception:  # noqa: BLE001 - an unreadable row: the full plan reads the file again
            return aside(f"{rel}: its catalog row cannot be read")
        try:
            raw = (site_dir / "content" / rel).read_bytes()
        except OSError:
            return aside(f"{rel} cannot be read")
        article, found = load_article(raw, rel, tree.defaults_for(rel), reading.load_options, with_body=False)
        if article is None or any(p.is_error for p in found) \
                or rows[0][2] != tree.defaults_key(rel) or not _same_place(before, article, config) \
                or redirects.has_old_addresses(before.extra) or redirects.has_old_addresses(article.extra) \
                or redirects.old_addresses({}, before, config.old_permalinks) != redirects.old_addresses(
                    {}, article, config.old_permalinks) \
                or (article.draft and not options.drafts) \
                or (article.instant > moment and not (options.future or config.include_future)):
            return aside(f"{rel}: an edit that changes a list, a problem, a draft, a date or old addresses")
        placed_before[rel] = place
        if article.slug != before.slug:
            why = _move_problem(setup, store, extras, rel, article, before, place, moved)
            if why:
                return aside(f"{rel}: its address moves, and {why}")
            moved[rel] = place.url
            place = place._replace(url=_url(article))
        edited[rel] = (article, before, place, found)
        old_problems += problems_before
    timing("edited articles read")

    db = store.db
    db.execute("BEGIN IMMEDIATE")  # the edited facts, for the queries below: rolled back once pages are made
    try:
        locale = i18n.babel_locale(config.language)
        entries = []
        for rel, (article, _before, place, _found) in edited.items():
            db.execute("UPDATE articles SET facts = ? WHERE path = ?",
                       (pack(tuple(article.to_record())), path_value(rel)))
            if rel in moved:  # the lists read each article's address from its placement
                db.execute("UPDATE placements SET url = ?, data = ? WHERE path = ?",
                           (place.url, pack(tuple(place)), path_value(rel)))
            entries.append(catalog_lists.entry_of(article, place, locale))
        keep_stories = None
        if config.stories.enabled:
            from newsarchive.stories.detect import added_keep_stories

            keep_stories = added_keep_stories(config.stories, store, [e.article for e in entries],
                                              site_dir / "content", [before for _a, before, _p, _f in
                                                                     edited.values()])
            if keep_stories is None:
                return aside("the stories change")
        timing("edited articles placed")
        befores = {rel: catalog_lists.entry_of(before, placed_before[rel], locale)
                   for rel, (_article, before, _place, _found) in edited.items()}
        try:
            pages, placed, lists, urls = _pages(setup, store, entries, extras, set(moved), befores)
            if not shown_links(store, pages, urls):
                return aside("a feed shows a text with a root-relative link (an old address?)")
            with_links_shown(pages, urls)
        except StandAside as why:
            return aside(str(why))
    finally:
        db.execute("ROLLBACK")
    timing("the pages they change, found and keyed")

    known = dict(store.rows(f"SELECT url, key FROM pages WHERE url IN ({','.join('?' * len(pages))})",
                            [p.url for p in pages])) if pages else {}
    pages = [p for p in pages if known.get(p.url) != p.key]
    files, old_files, search_pages = output_files(setup, store)
    gone = {routes.output_path(url) for url in moved.values()}  # the moved pages' old files: removed
    files -= gone
    if search_pages:
        search_pages = [*(path for path in search_pages if path not in gone),
                        *(routes.output_path(edited[rel][2].url) for rel in moved)]
    problems = sorted((p for _a, _b, _p, found in edited.values() for p in found), key=Problem.sort_key)
    records = {rel: cache.FileFacts(tree.stats[rel], tree.defaults_key(rel), article.to_record(),
                                    [p.to_record() for p in found])
               for rel, (article, _before, _place, found) in edited.items()}
    site = Site(config, tuple(previous.years), i18n.babel_locale(config.language), options.search,
                setup.portable, previous.menus)

    def save(state: cache.CacheState) -> None:
        state.stats = tree.stats
        state.extras = extras
        cache.save_added(setup.output.cache_dir, state, records, placed, lists, {},
                         {p.url: p.key for p in pages}, problems, keep_stories, old_problems,
                         gone=tuple(moved.values()))

    return Plan("edited", pages, bytearray([1]) * len(pages), site,
                ReadContext(site_dir / "content", tree, load_options(config, setup.statics), urls), problems,
                files,
                old_files, previous, previous.summary[:2], search_pages=search_pages, previous=previous,
                save=save)


def _url(article: Article) -> str:
    """The plain address of an article's page (``catalog.archive``: a shared one gets a suffix)."""
    d = article.day
    return routes.article(d.year, d.month, d.day, article.slug)


def _move_problem(setup: Setup, store, extras: dict, rel: str, article: Article, before: Article,
                  place: Placement, moved: dict[str, str]) -> str | None:
    """Why an article's move to the address of its new slug needs the full plan (see the module's
    docstring), or None."""
    url = _url(article)
    if rel in extras["linked"]:
        return "an article links it"
    if place.url != _url(before) or store.rows(
            "SELECT 1 FROM problems WHERE path = ? AND message LIKE 'articles share the URL %'",
            ("content/" + rel,)):
        return "its old address was shared with another article's"
    if store.rows("SELECT 1 FROM placements WHERE url = ?", (url,)) or url in moved.values() \
            or routes.output_path(url) in setup.record.output:
        return "another page has the new one"
    if setup.config.old_permalinks and redirects.old_addresses({}, article, setup.config.old_permalinks):
        return "its old addresses' redirect pages name it"
    return None


def _same_place(before: Article, after: Article, config) -> bool:
    """The edit leaves the article where it was in every list, with the same links, and none of what makes
    the full plan's other pages (versions, translations, a story named); its address may move
    (``_move_problem``)."""
    return (before.instant == after.instant and before.day == after.day
            and before.links == after.links and not before.versions and not after.versions
            and not any(a.extra.get(k) for a in (before, after) for k in ("translation_of", "story"))
            and all(t.names(before) == t.names(after) for t in TAXONOMIES))


def _pages(setup: Setup, store, edited: list[Entry], extras: dict, moved: set[str],
           befores: dict[str, Entry]):
    """The pages the edited entries may change, with their fingerprints; the placements that change (the
    neighbours' cards), their lists, and the URLs the rendered articles link. ``befores``: each edited
    entry as the last build placed it (its row in the year files, replaced)."""
    from newsarchive.fingerprints import article_page_key
    from newsarchive.pages import listing
    from newsarchive.rebuilds import year_files
    from newsarchive.taxonomies import ARCHIVED

    config = setup.config
    reader = catalog_lists.Reader(store, config)
    archive = catalog_lists.CatalogArchive(reader, config)
    per_page = config.per_page
    for entry in edited:
        reader.made[entry.article.path] = entry

    # the edited articles, and the articles that show them as a neighbour
    around: dict[str, Entry] = {}
    ranks: dict[str, dict[str, int]] = {}
    for entry in edited:
        article = entry.article
        neg = -article.instant.timestamp()
        around[article.path] = entry
        mine = ranks[article.path] = {}
        for name in catalog_lists.entry_lists(entry):
            mine[name] = reader.rank(name, article.path, neg)
        source = catalog_lists.term_list("source", entry.source.key)
        rank = mine[source]
        for other in reader.slice(source, max(rank - 1, 0), rank + 2):
            around.setdefault(other.article.path, other)
        day = catalog_lists.day_list(article.day)
        for other in reader.slice(day, 0, mine[day] + 1):
            around.setdefault(other.article.path, other)
    edited_paths = {e.article.path for e in edited}
    placed: dict[str, Placement] = {}
    lists: dict[str, tuple] = {}
    articles: list[Page] = []
    for path, entry in around.items():
        neg = -entry.article.instant.timestamp()
        old_place = _stored_placement(store, path)
        entry.nearby = _nearby(reader, entry, neg)
        place = old_place._replace(nearby=_placement(entry).nearby)
        if place != old_place or path in moved:  # (a moved one's new URL is in the transaction only)
            placed[path] = place
            lists[path] = (neg, tuple(_lists(store, path)))
        if path in edited_paths or place != old_place:
            articles.append(Page(entry.url, "article.html", {"entry": entry, "article": entry.article},
                                 language=entry.article.language))
    linked = {target for page in articles for target in page.context["article"].links}
    if any(target[0] == "/" for target in linked):
        raise StandAside("an article to render links a root-relative address (an old one?)")
    urls = placed_urls(store, linked)
    pages: list[Page] = []
    cards: dict = {}
    also = extras["also"]
    for page in articles:
        entry = page.context["entry"]
        page.key = article_page_key(entry, urls, cards)
        pages.append(page)
        said = also.get(entry.article.path)
        if said:
            from newsarchive.stories.pages import story_context

            story_context(page, *said)

    # the numbered page and feed document of each list that holds an edited article, and the list's address
    wanted: dict[str, set[int]] = {}
    documents: dict[str, set[int]] = {}
    for entry in edited:
        for name, rank in ranks[entry.article.path].items():
            if name.startswith(("day:", "month:")):  # (their pages: the calendars below)
                continue
            count = reader.count(name)
            wanted.setdefault(name, {0}).add((count - 1 - rank) // per_page + 1)
            if _has_feed(name):
                documents.setdefault(name, {0}).add((count - 1 - rank) // paging.ARCHIVE_ENTRIES + 1)
    wanted = {name: {n for n in numbers if n <= paging.chunk_count(reader.count(name), per_page)}
              for name, numbers in wanted.items()}
    documents = {name: {n for n in numbers
                        if n <= paging.chunk_count(reader.count(name), paging.ARCHIVE_ENTRIES)}
                 for name, numbers in documents.items()}
    count = len(archive.entries)
    pages += listing._listing(archive.entries, "", "home.html", config, {}, (), {"article_count": count},
                              count, only=wanted[catalog_lists.HOME])
    pages += listing._feeds(archive.entries, "", None, archived=True, only=documents[catalog_lists.HOME])
    for taxonomy in TAXONOMIES:
        for term in archive.terms(taxonomy):
            name = catalog_lists.term_list(term.kind, term.key)
            if name not in wanted:
                continue
            # (counted by query: the source's articles are not read)
            latest = (lambda term=term, counted=archive.profile_counts:
                      {"profile": views.source_profile(term, counted(term))}) if taxonomy.profile else {}
            pages += listing._listing(term.entries, term.url, taxonomy.term_template, config, {"term": term},
                                      listing._term_identity(term), latest, listing._term_facts(term),
                                      only=wanted[name])
            if taxonomy.feed:
                pages += listing._feeds(term.entries, term.url, term, archived=taxonomy.feed == ARCHIVED,
                                        only=documents.get(name, {0}) if taxonomy.feed == ARCHIVED else {0})
    days = {e.article.day for e in edited}
    calendar = listing.calendar_pages(archive, config, years={d.year for d in days},
                                      months={(d.year, d.month) for d in days}, days=days)
    story_days = extras["story_days"]
    for page in calendar:
        if page.kind.name == "day" and page.context["date"].toordinal() in story_days:
            from newsarchive.stories.pages import link_day_stories

            link_day_stories(page, story_days[page.context["date"].toordinal()])
    pages += calendar
    pages += source_calendars(archive, edited, beside=False)
    years = {d.year for d in days}
    pages += year_files.pages(setup, store, archive, config, [(befores[e.article.path], e) for e in edited],
                              years, len(archive.entries) > listing.EXPORT_LIMIT)
    if config.base_url:
        pages += _sitemap(store, archive, config, extras["sitemap"], years)
    _settle(pages)
    return pages, placed, lists, urls
