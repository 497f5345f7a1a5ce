"""The archive's lists in the catalog, and the archive read back from them a slice at a time.

A full build places every article (``archive``) and keeps, for each, the lists it is in (``lists_of``): the
whole archive's (``""``), its source's, language's, tags' and authors' (``"tag:port"``), its day's
(``"day:738000"``) and its source's month's (``"month:le-monde:2018-03"``), each ordered newest first by
``neg`` (minus its instant in seconds) then path, as the archive orders them; and each term's name
(``term_rows``). The catalog's ``members`` table holds them, indexed by list.

A rebuild that only adds articles (``pages.added``) reads the archive back from there: ``Listed`` is a list
of entries that reads only the slices a page asks for (a page's articles, a count, the newest, a
neighbour), and ``CatalogArchive`` is the archive's shape (entries, calendar, terms) made of them, so that
the functions that list a full build's pages (``pages.listing``) make the same pages, with the same
fingerprints, from what a query returns. Nothing here holds the whole archive.

``EXTRAS``: what that rebuild needs of the last full build besides (a meta row of the catalog).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from newsarchive import i18n
from newsarchive.catalog.store import Store, path_of, path_value, unpack
from newsarchive.config import Config
from newsarchive.fingerprints import entry_key
from newsarchive.model import Article, ArticleRecord, Entry, Nearby, Placement, Term, Translation
from newsarchive.pages import views
from newsarchive.taxonomies import AUTHORS, LANGUAGES, SOURCES, TAGS, TAXONOMIES

HOME = ""  # the whole archive's list
# the meta row "extras": {"dangling": sorted paths that articles link (or name in translation_of) and that
# are no published article; "also": path -> what its page says of its story (stories.pages.add_story_pages);
# "story_days": day ordinal -> that day's stories page}
# "sitemap": what makes its parts again (pages.listing.sitemap_extras)
# "linked": sorted paths of the published articles that articles link (or name in translation_of): their
# linking pages show their URL, so a rebuild by query does not move them (rebuilds.edits)
EXTRAS = ("dangling", "also", "story_days", "sitemap", "linked")


def term_list(kind: str, key: str) -> str:
    return f"{kind}:{key}"


def day_list(day: date) -> str:
    return f"day:{day.toordinal()}"


def source_month_list(key: str, year: int, month: int) -> str:
    """A source's articles of one month (its month page: ``pages.listing.source_date_pages``)."""
    return f"month:{key}:{year:04d}-{month:02d}"


def entry_lists(entry: Entry) -> tuple[str, ...]:
    """The lists an entry is in, by name."""
    d = entry.article.day
    return (HOME, term_list("source", entry.source.key), term_list("language", entry.language.key),
            *(term_list("tag", t.key) for t in entry.tags),
            *(term_list("author", t.key) for t in entry.authors),
            day_list(d), source_month_list(entry.source.key, d.year, d.month))


def lists_of(entries: list[Entry]) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Each placed article's sort key (``neg``) and lists."""
    return {e.article.path: (-e.article.instant.timestamp(), entry_lists(e)) for e in entries}


def term_rows(archive) -> dict[str, tuple[str, str]]:
    """Each term's name and the spelling it is named after (``archive.make_term``)."""
    return {term_list(t.kind, t.key): (t.name, t.spelling) for taxonomy in TAXONOMIES
            for t in archive.terms(taxonomy)}


# ---------------------------------------------------------------- reading the archive back, a slice at a time

_ROWS = ("SELECT a.facts, p.data FROM members m JOIN articles a ON a.path = m.path "
         "JOIN placements p ON p.path = m.path WHERE m.list = ? ORDER BY m.neg, m.path LIMIT ? OFFSET ?")


_OLDEST = ("SELECT a.facts, p.data FROM members m JOIN articles a ON a.path = m.path "
           "JOIN placements p ON p.path = m.path WHERE m.list = ? ORDER BY m.neg DESC, m.path DESC LIMIT 1")


class Reader:
    """Entries made from the catalog's rows (an article's facts and where it was placed), each made once."""

    def __init__(self, store: Store, config: Config, fresh: dict[str, Entry] | None = None):
        self.store = store
        self.locale = i18n.babel_locale(config.language)
        self.made: dict[str, Entry] = dict(fresh or {})  # path -> entry (the added ones given)
        self.counts: dict[str, int] = {}

    def entry(self, facts: bytes, data: bytes) -> Entry:
        record = ArticleRecord._make(unpack(facts))
        found = self.made.get(record.path)
        if found is None:
            found = self.made[record.path] = entry_of(Article.from_record(record),
                                                      Placement._make(unpack(data)), self.locale)
        return found

    def count(self, name: str) -> int:
        found = self.counts.get(name)
        if found is None:
            row = self.store.rows("SELECT n FROM list_counts WHERE list = ?", (name,))  # (store.SCHEMA)
            found = self.counts[name] = row[0][0] if row else 0
        return found

    def slice(self, name: str, start: int, stop: int) -> list[Entry]:
        if stop <= start:
            return []
        rows = self.store.rows(_ROWS, (name, stop - start, start))
        return [self.entry(facts, data) for facts, data in rows]

    def end_days(self, name: str) -> tuple[date, date] | None:
        """The days of a list's oldest and newest articles (two index look-ups; no entry is made)."""
        days = [self.store.rows(
            "SELECT a.day FROM members m JOIN articles a ON a.path = m.path WHERE m.list = ? "
            f"ORDER BY m.neg {order}, m.path {order} LIMIT 1", (name,)) for order in ("DESC", "ASC")]
        if not days[0] or not days[1]:
            return None
        return date.fromordinal(days[0][0][0]), date.fromordinal(days[1][0][0])

    def oldest(self, name: str) -> Entry:
        """A list's oldest entry (read from the index's end, not by skipping the others)."""
        facts, data = self.store.rows(_OLDEST, (name,))[0]
        return self.entry(facts, data)

    def rank(self, name: str, path: str, neg: float) -> int:
        """Where an article stands in a list, from its newest (0)."""
        # (a row value: the index's range, where "neg < ? OR (neg = ? AND path < ?)" read the whole list,
        # 17 ms for the newest article of 100,000)
        return self.store.rows("SELECT count(*) FROM members WHERE list = ? AND (neg, path) < (?, ?)",
                               (name, neg, path_value(path)))[0][0]

    def paths(self, name: str) -> list[str]:
        return [path_of(p) for (p,) in self.store.rows(
            "SELECT path FROM members WHERE list = ? ORDER BY neg, path", (name,))]


class Listed:
    """A list of the archive (``members``) as a sequence of entries, newest first: its length, an item and a
    slice read from the catalog when asked (``pages.listing`` slices lists by page)."""

    __slots__ = ("_all", "_days", "name", "reader")

    def __init__(self, reader: Reader, name: str):
        self.reader, self.name, self._all, self._days = reader, name, None, None

    @property
    def oldest_day(self) -> date:
        """The day of the list's oldest article (what a term's page and its index show), read without
        making its entry: an index of terms shows every term's first and last days."""
        return self._end_days()[0]

    @property
    def newest_day(self) -> date:
        return self._end_days()[1]

    def _end_days(self) -> tuple[date, date]:
        if self._days is None:
            if self._all is not None:
                self._days = (self._all[-1].article.day, self._all[0].article.day)
            else:
                self._days = self.reader.end_days(self.name)
            if self._days is None:
                raise IndexError(f"the list {self.name!r} has no articles")
        return self._days

    def __len__(self) -> int:
        return self.reader.count(self.name)

    def __getitem__(self, index):
        if isinstance(index, slice):
            if self._all is not None:
                return self._all[index]
            start, stop, step = index.indices(len(self))
            if step != 1:
                return list(self)[index]
            return self.reader.slice(self.name, start, stop)
        count = len(self)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError(index)
        if index == count - 1 and self._all is None:
            return self.reader.oldest(self.name)
        return self[index:index + 1][0]

    def __iter__(self) -> Iterator[Entry]:
        if self._all is None:
            self._all = self.reader.slice(self.name, 0, len(self))
        return iter(self._all)

    def __bool__(self) -> bool:
        return len(self) > 0


def entry_of(article: Article, place: Placement, locale: str) -> Entry:
    """An article placed where the last build placed it (its URL, its terms' keys and names, its
    translations and neighbours)."""
    code = article.language
    entry = Entry(article, place.url, direction=i18n.direction(code))
    entry.source = Term("source", place.source_key, place.source_name, SOURCES.term_url(place.source_key))
    entry.language = Term("language", code, place.language_name, LANGUAGES.term_url(code),
                          direction=entry.direction)
    entry.tags = [Term("tag", key, name, TAGS.term_url(key)) for key, name in place.tags]
    entry.authors = [Term("author", key, name, AUTHORS.term_url(key)) for key, name in place.authors]
    entry.translations = [Translation(*t) for t in place.translations]
    entry.nearby = Nearby.from_record(place.nearby)
    entry.key = entry_key(entry)
    entry.date_label = views.date_label(article.day, locale)
    return entry


class CatalogArchive:
    """The archive's shape (``archive.Archive``: entries, calendar, terms) read from the catalog: each list
    a ``Listed``; the calendar's days, and each kind's terms, from their lists' names."""

    def __init__(self, reader: Reader, config: Config):
        self.reader, self.config = reader, config
        self.entries = Listed(reader, HOME)
        self.calendar: dict[int, dict[int, dict[int, Listed]]] = {}
        for (name,) in reader.store.rows("SELECT list FROM list_counts WHERE list >= 'day:' "
                                         "AND list < 'day;'"):  # (a row a day, not a row an article)
            d = date.fromordinal(int(name[4:]))
            self.calendar.setdefault(d.year, {}).setdefault(d.month, {})[d.day] = Listed(reader, name)
        # newest first, as the archive's calendar
        self.calendar = {y: {m: dict(sorted(days.items(), reverse=True))
                             for m, days in sorted(months.items(), reverse=True)}
                         for y, months in sorted(self.calendar.items(), reverse=True)}
        self._terms: dict[str, list[Term]] = {}
        self.by_list: dict[str, Term] = {}

    @property
    def years(self) -> list[int]:
        return sorted(self.calendar, reverse=True)

    def source_months(self, key: str) -> dict[tuple[int, int], Listed]:
        """A source's months that have articles: (year, month) -> its articles of that month."""
        prefix = source_month_list(key, 0, 0)[:-len("0000-00")]
        return {(int(name[-7:-3]), int(name[-2:])): Listed(self.reader, name)
                for (name,) in self.reader.store.rows("SELECT list FROM list_counts WHERE list >= ? "
                                                      "AND list < ?", (prefix, prefix[:-1] + ";"))}

    def terms(self, taxonomy) -> list[Term]:
        found = self._terms.get(taxonomy.plural)
        if found is None:
            from newsarchive.catalog.archive import make_term, sources_info

            info = sources_info(self.config) if taxonomy.config_info else {}
            found = []
            prefix = taxonomy.kind + ":"
            for term, _name, spelling in self.reader.store.rows(
                    "SELECT term, name, spelling FROM terms WHERE term >= ? AND term < ?",
                    (prefix, taxonomy.kind + ";")):
                made = make_term(taxonomy, term[len(prefix):], spelling, Listed(self.reader, term),
                                 self.config, info)
                found.append(made)
                self.by_list[term] = made
            found.sort(key=lambda t: (t.name.casefold(), t.key))
            self._terms[taxonomy.plural] = found
        return found

    def profile_counts(self, term: Term) -> tuple:
        """A source's articles counted per month, language and tag by query (``views.source_profile``),
        with the language and tag terms: its articles are not read."""
        prefix = source_month_list(term.key, 0, 0)[:-len("0000-00")]
        per_month = Counter({(int(name[-7:-3]), int(name[-2:])): n for name, n in self.reader.store.rows(
            "SELECT list, n FROM list_counts WHERE list >= ? AND list < ?", (prefix, prefix[:-1] + ";"))})
        shared = self.reader.store.rows(
            "SELECT m2.list, count(*) FROM members m1 JOIN members m2 ON m2.path = m1.path WHERE m1.list = ? "
            "AND ((m2.list >= 'language:' AND m2.list < 'language;') OR (m2.list >= 'tag:' AND m2.list < "
            "'tag;')) GROUP BY m2.list", (term_list(term.kind, term.key),))
        languages = Counter({name[9:]: n for name, n in shared if name.startswith("language:")})
        tags = Counter({name[len("tag:"):]: n for name, n in shared if name.startswith("tag:")})
        language_terms = {t.key: t for t in self.terms(LANGUAGES)}
        tag_terms = {t.key: t for t in self.terms(TAGS)}
        return (per_month, languages, {k: language_terms[k] for k in languages}, tags,
                {k: tag_terms[k] for k in tags})

    @property
    def sources(self) -> list[Term]:
        return self.terms(SOURCES)

    @property
    def languages(self) -> list[Term]:
        return self.terms(LANGUAGES)

    @property
    def tags(self) -> list[Term]:
        return self.terms(TAGS)

    @property
    def authors(self) -> list[Term]:
        return self.terms(AUTHORS)


def extras(entries: list[Entry], pages: list, urls: dict[str, str]) -> dict:
    """``EXTRAS`` of a full build: the files articles name that are no published article, those that are,
    and what the stories gave the article and day pages (``pages``: the site's, stories applied)."""
    dangling, linked = set(), set()
    for entry in entries:
        article = entry.article
        for target in article.links:
            if target not in urls:
                dangling.add(target)
            elif target[0] != "/":  # (a root-relative link to an old address is neither)
                linked.add(target)
        other = article.extra.get("translation_of")
        if isinstance(other, str) and other.strip():
            target = other.strip().removeprefix("content/").lstrip("/")
            (linked if target in urls else dangling).add(target)
    also, story_days = {}, {}
    for page in pages:
        context = page.context
        if "also_reported" in context:
            also[context["article"].path] = ([tuple(a) for a in context["also_reported"]],
                                             context["also_more"], context["story_url"])
        elif "stories_url" in context and page.kind.name == "day":
            story_days[context["date"].toordinal()] = context["stories_url"]
    return {"dangling": sorted(dangling), "also": also, "story_days": story_days, "linked": sorted(linked)}
