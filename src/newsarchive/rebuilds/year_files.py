"""An added or edited article's year files, changed in place instead of made again: its year's data files
(``data/``: CSV and JSON Lines, a row per article) and, past ``listing.EXPORT_LIMIT`` articles, its year's
export (``api/articles-YYYY.json``) list every article of the year, 100,000 a year at a million articles;
up to the limit, the one export (``api/articles.json``) lists every article of the archive, 10,000 of them.
Made again, each added or edited article would read them all from the catalog and write them all; here
the last build's file gets an added article's row put in where a full build puts it, before the row of
the article that follows (its day's next older article, or the newest of the next day of the year; in
the one export, the next older article of the archive), or an
edited article's row in place of its old one (an edit by query does not move an article in any list), and
its key grows by theirs (``fingerprints.grown_key``).

A file is made whole again (``listing._exports``, ``tables.data_pages``) when growing it could differ from
a full build: the data files hold each article's text (``data_text``), the last build's file is not the
one the fixity record says it wrote (changed since, or unknown), or the row before which a new one goes is
not found once in it. ``tests/test_additions.py`` compares the result with a clean build's, byte for byte.
"""

from __future__ import annotations

import hashlib
from datetime import date

from jinja2.utils import htmlsafe_json_dumps

from newsarchive import characters, routes
from newsarchive.catalog import lists as catalog_lists
from newsarchive.config import Config
from newsarchive.data import tables as datasets
from newsarchive.fingerprints import grown_key
from newsarchive.model import MADE, Entry, Page
from newsarchive.pages import listing, views


def pages(setup, store, archive: catalog_lists.CatalogArchive, config: Config,
          changes: list[tuple[Entry | None, Entry]], years: set[int], split_before: bool) -> list[Page]:
    """The year files, export index, data descriptor and data page the changes make: (None, entry) for an
    added article, (its entry before, after) for an edited one."""
    out: list[Page] = []
    grown: dict[str, Page] = {}
    export = routes.api_articles()
    if not split_before and len(archive.entries) <= listing.EXPORT_LIMIT:  # one export, before and after
        page = _grown(setup, store, archive, export, "json", changes, config, whole_archive=True)
        if page is not None:
            grown[export] = page
    for year in sorted(years):
        mine = [(old, new) for old, new in changes if new.article.day.year == year]
        files = [(routes.data_file(year, "csv"), "csv"), (routes.data_file(year, "jsonl"), "jsonl")]
        if split_before:
            files.append((routes.api_articles(year), "json"))
        for url, kind in files:
            page = None if config.data_text and kind != "json" else _grown(setup, store, archive, url, kind,
                                                                           mine, config)
            if page is not None:
                grown[url] = page
    if split_before:
        whole_exports = listing._exports(archive, {y for y in years if routes.api_articles(y) not in grown})
    else:  # the one export (grown, or made whole), or the first split into years' files
        whole_exports = [] if export in grown else listing._exports(archive, None)
    whole_data = datasets.data_pages(archive, config, {y for y in years
                                                       if routes.data_file(y, "csv") not in grown
                                                       or routes.data_file(y, "jsonl") not in grown})
    for page in whole_exports + whole_data:
        out.append(grown.pop(page.url, page))
    return out + list(grown.values())


def _grown(setup, store, archive, url: str, kind: str, mine: list[tuple[Entry | None, Entry]],
           config: Config, whole_archive: bool = False) -> Page | None:
    rel = routes.output_path(url)
    known = setup.record.output.get(rel)
    old_key = store.rows("SELECT key FROM pages WHERE url = ?", (url,))
    if known is None or not old_key or rel in setup.drift.untrusted:
        return None
    try:
        with open(setup.output.output / rel, "rb") as handle:
            old = handle.read()
    except OSError:
        return None
    if hashlib.sha256(old).hexdigest() != known[3]:
        return None
    befores = [before for before, _after in mine if before is not None]
    afters = [after for _before, after in mine]
    if not befores:
        made = _put_in(old, kind, (_archive_places if whole_archive else _places)(archive, afters), config)
    elif len(befores) == len(mine):
        made = _replaced(old, kind, mine, config)
    else:
        return None
    if made is None:
        return None
    year = None if whole_archive else afters[0].article.day.year
    template = "articles.json" if kind == "json" else datasets.DATA_TEMPLATES[kind == "jsonl"]
    page = Page(url, template, {MADE: made, "entries": [], "year": year, "years": None})
    page.key = grown_key(old_key[0][0], afters, removed=befores)
    return page


def _places(archive, mine: list[Entry]) -> list[tuple[Entry | None, list[Entry]]]:
    """The new entries by the old entry they go before in a year file (None: after the last), each group in
    the file's order: months and days oldest first, a day's articles newest first (``listing._exports``)."""
    new = {e.article.path for e in mine}
    reader = archive.reader
    year = mine[0].article.day.year
    days = sorted(date(year, m, d) for m, ds in archive.calendar.get(year, {}).items() for d in ds)
    groups: dict[str | None, list[tuple[tuple, Entry]]] = {}
    firsts: dict[str, Entry] = {}
    for entry in mine:
        day = entry.article.day
        paths = reader.paths(catalog_lists.day_list(day))
        at = paths.index(entry.article.path)
        following = next((p for p in paths[at + 1:] if p not in new), None)
        name, index = catalog_lists.day_list(day), None
        if following is not None:
            index = paths.index(following)
        else:
            for later in (d for d in days if d > day):
                later_paths = reader.paths(catalog_lists.day_list(later))
                found = next((i for i, p in enumerate(later_paths) if p not in new), None)
                if found is not None:
                    following, name, index = later_paths[found], catalog_lists.day_list(later), found
                    break
        if following is not None and following not in firsts:
            firsts[following] = reader.slice(name, index, index + 1)[0]
        groups.setdefault(following, []).append(((day.toordinal(), at), entry))
    return [(firsts.get(path) if path is not None else None, [e for _order, e in sorted(group)])
            for path, group in groups.items()]


def _archive_places(archive, mine: list[Entry]) -> list[tuple[Entry | None, list[Entry]]]:
    """``_places`` in the one export of the archive, which lists every article newest first (the archive's
    own list, ``catalog.lists.HOME``): each new entry goes before the next older article that is not new."""
    new = {e.article.path for e in mine}
    reader = archive.reader
    paths = reader.paths(catalog_lists.HOME)
    groups: dict[str | None, list[tuple[int, Entry]]] = {}
    firsts: dict[str, Entry] = {}
    for entry in mine:
        at = paths.index(entry.article.path)
        index = next((i for i in range(at + 1, len(paths)) if paths[i] not in new), None)
        following = None if index is None else paths[index]
        if index is not None and following not in firsts:
            firsts[following] = reader.slice(catalog_lists.HOME, index, index + 1)[0]
        groups.setdefault(following, []).append((at, entry))
    return [(firsts.get(path) if path is not None else None, [e for _at, e in sorted(group, key=_first)])
            for path, group in groups.items()]


def _first(item: tuple) -> int:
    return item[0]


def _text(kind: str, entries: list[Entry], config: Config) -> bytes:
    """The entries' rows as a full build writes them in a year file of this kind (without the CSV header)."""
    if kind == "json":  # as the template's ``tojson`` writes the export's items
        return b", ".join(characters.output_bytes(str(htmlsafe_json_dumps(
            views.export([e], None)["articles"][0], sort_keys=True))) for e in entries)
    names = [c.name for c in datasets.columns(config)]
    rows = [datasets.row(e, config) for e in entries]
    made = datasets.to_csv(rows, names)[len(datasets.to_csv([], names)):] if kind == "csv" \
        else datasets.to_jsonl(rows)
    return characters.output_bytes(made)


def _found(old: bytes, row: bytes, kind: str) -> int:
    """Where ``row`` starts a row of ``old``, found once; -1 when it is not."""
    at = old.find(row)
    if at < 0 or old.find(row, at + 1) >= 0 or not _starts_row(old, at, kind):
        return -1
    return at


def _replaced(old: bytes, kind: str, mine: list[tuple[Entry, Entry]], config: Config) -> bytes | None:
    """``old`` with each edited article's row in place of its row before, or None when one is not found
    once."""
    puts = []
    for before, after in mine:
        row = _text(kind, [before], config)
        at = _found(old, row, kind)
        if at < 0:
            return None
        puts.append((at, at + len(row), _text(kind, [after], config)))
    return _spliced(old, puts)


def _put_in(old: bytes, kind: str, places: list, config: Config) -> bytes | None:
    """``old`` with each group of new rows put in before its row, or None when a row is not found once."""
    puts: list[tuple[int, int, bytes]] = []
    for following, entries in places:
        made = _text(kind, entries, config)
        if following is None:
            if kind != "json":
                puts.append((len(old), len(old), made))
                continue
            end = len(old)
            while end and old[end - 1] == 0x0A:  # (the export ends with a line end; rstrip would copy it)
                end -= 1
            end -= 2  # before its closing "]}"
            if not old.endswith(b"]}", 0, end + 2):
                return None
            puts.append((end, end, made if old.endswith(b"[", 0, end) else b", " + made))
            continue
        at = _found(old, _text(kind, [following], config), kind)
        if at < 0:
            return None
        puts.append((at, at, made + b", " if kind == "json" else made))
    return _spliced(old, puts)


def _spliced(old: bytes, puts: list[tuple[int, int, bytes]]) -> bytes | None:
    """``old`` with each (start, end, bytes) put in place of ``old[start:end]``; None when two overlap."""
    out, last = [], 0
    for start, end, made in sorted(puts, key=lambda put: put[0]):
        if start < last:
            return None
        out += [old[last:start], made]
        last = end
    out.append(old[last:])
    return b"".join(out)


def _starts_row(old: bytes, at: int, kind: str) -> bool:
    if kind == "json":
        return old[at - 1:at] == b"[" or old[at - 2:at] == b", "
    if kind == "csv":
        return old[at - 2:at] == b"\r\n"
    return at == 0 or old[at - 1:at] == b"\n"
