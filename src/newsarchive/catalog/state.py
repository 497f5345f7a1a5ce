"""The last build's state, read from the catalog and written back in place: the header (keys and counts),
the content files' stats, each article's facts, where each was placed, each page's fingerprint, the assets
copied and the output's files. ``fingerprints`` names and computes the keys.

A build reads the header and the files' stats (a rebuild with nothing changed stops there), the rest when
something changed (``load_facts``, ``load_pages``), and writes back only the rows that differ from what it
read (``save``): a small rebuild writes a few rows, whatever the archive's size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newsarchive import __version__
from newsarchive.catalog import problems as catalog_problems
from newsarchive.catalog.store import Store, open_store, pack, path_of, path_value, unpack
from newsarchive.model import Article, ArticleRecord, Placement

FORMAT = 17  # 17: the year files keyed by set_key (grown by an added article); 16: each source's months
# as lists (members); 15: the problems as rows (catalog.problems); 14: an article's excerpt in its facts;
# 13: the lists and terms; 12: the menus in the header, authors in placements; 11: the catalog
HEADER = "header"
EXTRAS = "extras"  # a meta row read on demand: catalog.lists.EXTRAS


class FileFacts(NamedTuple):
    """What the catalog keeps of an article file."""

    stats: tuple | None  # (size, mtime_ns) when read
    defaults_key: str  # the folder defaults it inherited
    record: ArticleRecord | Article | None  # None when it could not be read as an article (a build: Article)
    problems: list  # Problem.to_record() of each problem found in it


@dataclass(slots=True)
class CacheState:
    version: str = __version__
    format: int = FORMAT
    loader_key: str = ""  # what parsing depends on besides the file (site language, time zone, options)
    site_key: str = ""  # what every page depends on (version, config, theme, years...)
    run_key: str = ""  # the theme/config files' stats + build options: the no-op check
    stats: dict = field(default_factory=dict)  # content rel path -> (size, mtime_ns)
    # the build's problems (errors.Problem), when it knows them all: written to the problems table
    # (catalog.problems), which a rebuild that adds articles adds to and a no-op reports from
    problems: list | None = None
    next_change: float | None = None  # the earliest future article: a no-op build is no longer one then
    summary: tuple = ()  # (articles, pages, files) of the last build
    years: tuple = ()  # the years the site has
    menus: tuple = ()  # the kinds of term whose index the site has (model.Site.menus)
    search_key: str = ""  # what the search bundle in the output was built from ("" when none)
    # read on demand (load_facts, load_pages):
    records: dict = field(default_factory=dict)  # article rel path -> FileFacts
    pages: dict = field(default_factory=dict)  # page url -> fingerprint
    files: list = field(default_factory=list)  # every file of the output (for deletions)
    assets: dict = field(default_factory=dict)  # content rel path of an asset -> its stats
    placed: dict = field(default_factory=dict)  # published article rel path -> Placement
    lists: dict = field(default_factory=dict)  # published article rel path -> (neg, its lists: catalog.lists)
    terms: dict = field(default_factory=dict)  # "kind:key" -> (name, spelling) of each term
    extras: dict | None = None  # what the rebuild that adds articles needs besides (catalog.lists.EXTRAS)
    store: Store | None = None
    _loaded: int = 0  # 1: the facts were read, 2: the pages were read
    _pages_ok: bool = False
    # what the catalog's tables held when read (None: not read): ``save`` writes only what differs
    _known_stats: dict | None = None
    _known_records: dict | None = None  # rel -> (stats, defaults key): a file is read again when they change
    _known_pages: dict | None = None
    _known_placed: dict | None = None
    _known_lists: dict | None = None
    _known_terms: dict | None = None
    _known_assets: dict | None = None

    def load_facts(self) -> dict:
        """Each article file's facts (read once: the text plan and the full plan share them)."""
        if self._loaded & 1:
            return self.records
        self._loaded |= 1
        records, known = {}, {}
        try:
            for rel, size, mtime, key, facts, found in self.store.rows(
                    "SELECT path, size, mtime_ns, defaults_key, facts, problems FROM articles"):
                stats = None if size is None else (size, mtime)
                rel = path_of(rel)
                record = None if facts is None else ArticleRecord._make(unpack(facts))
                records[rel] = FileFacts(stats, key, record, unpack(found))
                known[rel] = (stats, key)
        except Exception:  # noqa: BLE001 - unreadable or of another shape: read every file again
            records, known = {}, None
        self.records, self._known_records = records, known
        return records

    def load_pages(self) -> bool:
        """The pages' fingerprints, the placements, the assets and the output's files (read once); False
        when they cannot be read."""
        if self._loaded & 2:
            return self._pages_ok
        self._loaded |= 2
        try:
            rows = self.store.rows
            pages = dict(rows("SELECT url, key FROM pages"))
            placed, lists = {}, {}
            for rel, data, listed in rows("SELECT path, data, lists FROM placements"):
                rel = path_of(rel)
                placed[rel], lists[rel] = Placement._make(unpack(data)), unpack(listed)
            terms = {term: (name, spelling) for term, name, spelling in rows(
                "SELECT term, name, spelling FROM terms")}
            assets = {path_of(rel): (size, mtime)
                      for rel, size, mtime in rows("SELECT path, size, mtime_ns FROM assets")}
            files = [path_of(rel) for (rel,) in rows("SELECT path FROM outputs")]
        except Exception:  # noqa: BLE001 - unreadable: build as if from scratch
            return False
        self._known_pages, self._known_placed, self._known_assets = dict(pages), dict(placed), assets
        self._known_lists, self._known_terms = dict(lists), dict(terms)
        self.pages, self.placed, self.assets, self.files = pages, placed, dict(assets), files
        self.lists, self.terms = lists, terms
        self._pages_ok = True
        return True


_HEADER = ("version", "format", "loader_key", "site_key", "run_key", "next_change", "summary",
           "years", "menus", "search_key")


def load(cache_dir: Path, stats: dict | None = None) -> CacheState | None:
    """The last build's header and content stats, or None when there is none to trust. ``stats``: the
    content files' rows as the caller knows them (``planning.Known``: those of the build it kept), not read
    again."""
    store = open_store(cache_dir)
    raw = store.meta(HEADER)
    if not isinstance(raw, dict):
        return None
    try:
        state = CacheState(**{k: raw[k] for k in _HEADER}, store=store)
        if state.version != __version__ or state.format != FORMAT:
            return None
        state.stats = stats if stats is not None else {path_of(rel): (size, mtime) for rel, size, mtime in
                                                       store.rows("SELECT path, size, mtime_ns FROM files")}
    except Exception:  # noqa: BLE001 - any damage means: no catalog to trust
        store.reset()
        return None
    state._known_stats = dict(state.stats)
    return state


def forget(cache_dir: Path) -> None:
    """Called before the output changes: until the new state is saved, there is no catalog to trust."""
    store = open_store(cache_dir)
    store.forget(HEADER)
    store.forget(EXTRAS)


def save(cache_dir: Path, state: CacheState, previous: CacheState | None = None) -> None:
    """Write the state in one transaction, the header last: only the rows that differ from what
    ``previous`` (the state this build started from) read, or every row when it read none."""
    store = open_store(cache_dir)
    if previous is not None and previous.store is not store:
        previous = None

    def known(name: str):
        return getattr(previous, name) if previous is not None else None

    with store.transaction():
        store.sync("files", "path", ("size", "mtime_ns"), state.stats, known("_known_stats"))
        same_loader = previous is not None and previous.loader_key == state.loader_key
        old_records = known("_known_records") if same_loader else None
        _save_records(store, state.records, old_records)
        store.sync("pages", "url", ("key",), state.pages, known("_known_pages"),
                   lambda url, key: (key,))
        _save_placements(store, state, known("_known_placed"), known("_known_lists"))
        store.sync("terms", "term", ("name", "spelling"), state.terms, known("_known_terms"))
        if state.extras is not None:
            store.put_meta(EXTRAS, state.extras)
        store.sync("assets", "path", ("size", "mtime_ns"), state.assets, known("_known_assets"),
                   lambda rel, stats: stats or (None, None))
        if state.problems is not None:
            catalog_problems.save(store, state.problems)
        store.put_meta(HEADER, {name: getattr(state, name) for name in _HEADER})


def _save_placements(store: Store, state: CacheState, old_placed: dict | None,
                     old_lists: dict | None) -> None:
    """The placements' rows, and the members rows of the articles whose lists changed."""
    db = store.db
    placed, lists = state.placed, state.lists
    whole = old_placed is None or old_lists is None
    if whole:
        db.execute("DELETE FROM placements")
        changed = list(placed)
        gone: list[str] = []
    else:
        changed = [rel for rel, place in placed.items()
                   if old_placed.get(rel) != place or old_lists.get(rel) != lists.get(rel)]
        gone = [rel for rel in old_placed.keys() - placed.keys()]
        for rel in gone:
            db.execute("DELETE FROM placements WHERE path = ?", (path_value(rel),))
        for rel in gone + [rel for rel in changed if rel in old_lists and old_lists[rel] != lists.get(rel)]:
            db.execute("DELETE FROM members WHERE path = ?", (path_value(rel),))
    store.written += len(changed) + len(gone)
    db.executemany("INSERT OR REPLACE INTO placements (path, url, source_key, data, lists) "
                   "VALUES (?, ?, ?, ?, ?)",
                   ((path_value(rel), placed[rel][0], placed[rel][1], pack(tuple(placed[rel])),
                     pack(lists[rel])) for rel in changed))
    fresh = changed if whole else [rel for rel in changed if old_lists.get(rel) != lists.get(rel)]
    rows = [(name, lists[rel][0], path_value(rel)) for rel in fresh for name in lists[rel][1]]
    if whole:  # every row: in the table's order, appended to its B-tree (a fifth of the time)
        rows.sort(key=lambda row: (row[0], row[1], type(row[2]) is bytes, row[2]))  # text before blobs
        store.put_members(rows)
    else:
        db.executemany("INSERT OR REPLACE INTO members (list, neg, path) VALUES (?, ?, ?)", rows)


def _save_records(store: Store, records: dict, old: dict | None) -> None:
    """The articles' rows: those whose file (stats, folder defaults) changed since they were read."""
    db = store.db
    if old is None:
        db.execute("DELETE FROM articles")
        changed = list(records.items())
    else:
        changed = [(rel, f) for rel, f in records.items() if old.get(rel) != (f.stats, f.defaults_key)]
        gone = [(path_value(rel),) for rel in old.keys() - records.keys()]
        db.executemany("DELETE FROM articles WHERE path = ?", gone)
        store.written += len(gone)
    store.written += len(changed)
    db.executemany("INSERT OR REPLACE INTO articles (path, size, mtime_ns, defaults_key, facts, problems, "
                   "day, source, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", map(_article_row, changed))


def _article_row(item: tuple[str, FileFacts]) -> tuple:
    rel, f = item
    record = f.record
    if isinstance(record, Article):  # a build keeps its Articles rather than their records
        record = record.to_record()
    size, mtime = f.stats or (None, None)
    rel = path_value(rel)
    if record is None:
        return rel, size, mtime, f.defaults_key, None, pack(f.problems), None, None, None
    return (rel, size, mtime, f.defaults_key, pack(tuple(record)), pack(f.problems), record.day,
            record.source, record.language)


def save_added(cache_dir: Path, state: CacheState, records: dict, placed: dict, lists: dict, terms: dict,
               pages: dict, problems: list, also: Callable[[], None] | None = None,
               old_problems: list = (), gone: tuple[str, ...] = ()) -> None:
    """Save what a rebuild that adds articles changed (``additions``), in one transaction, the header last:
    the new files' stats and facts, the placements that are new or changed and their lists, the new terms,
    the pages' new fingerprints (those of the ``gone`` URLs removed: the old addresses of moved articles),
    the new articles' problems (those of ``old_problems`` removed: the
    problems of edited articles before their edit), and what ``also`` writes (the stories' counts grown by
    the articles)."""
    store = open_store(cache_dir)
    db = store.db
    with store.transaction():
        stats = {rel: state.stats[rel] for rel in records}
        db.executemany("INSERT OR REPLACE INTO files (path, size, mtime_ns) VALUES (?, ?, ?)",
                       ((path_value(rel), *value) for rel, value in stats.items()))
        db.executemany("INSERT OR REPLACE INTO articles (path, size, mtime_ns, defaults_key, facts, "
                       "problems, day, source, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       map(_article_row, records.items()))
        for rel in lists:
            db.execute("DELETE FROM members WHERE path = ?", (path_value(rel),))
        db.executemany("INSERT OR REPLACE INTO placements (path, url, source_key, data, lists) "
                       "VALUES (?, ?, ?, ?, ?)",
                       ((path_value(rel), place[0], place[1], pack(tuple(place)), pack(lists[rel]))
                        for rel, place in placed.items()))
        db.executemany("INSERT INTO members (list, neg, path) VALUES (?, ?, ?)",
                       ((name, lists[rel][0], path_value(rel)) for rel in lists for name in lists[rel][1]))
        db.executemany("INSERT OR REPLACE INTO terms (term, name, spelling) VALUES (?, ?, ?)",
                       ((term, *value) for term, value in terms.items()))
        db.executemany("INSERT OR REPLACE INTO pages (url, key) VALUES (?, ?)", pages.items())
        db.executemany("DELETE FROM pages WHERE url = ?", ((url,) for url in gone if url not in pages))
        store.written += len(stats) + len(records) + len(placed) + len(terms) + len(pages) + len(gone) + 1 \
            + sum(len(lists[rel][1]) for rel in lists)
        catalog_problems.remove(store, list(old_problems))
        catalog_problems.add(store, problems)
        if also is not None:
            also()
        store.put_meta(EXTRAS, state.extras)
        store.put_meta(HEADER, {name: getattr(state, name) for name in _HEADER})
