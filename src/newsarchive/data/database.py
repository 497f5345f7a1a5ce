"""The archive as one SQLite database for its readers, in the shape Datasette and sqlite-utils users expect:
a table per thing (articles, sources, authors, tags, stories, versions, corrections), link tables for the
lists, and a full-text index (FTS5) over the articles. ``newsarchive export`` writes it where it is told;
a build with ``database: true`` in the config writes it into the site as ``data/archive.sqlite``.

The schema below is public (``docs/archive-as-data.md`` documents it): columns are added, never renamed or
removed. Rows are inserted in a fixed order (articles oldest first, by path on a tie; names sorted), so the
same archive gives the same database, byte for byte (with the same SQLite library): a build compares a
fingerprint of everything it holds (``page``) to rewrite it only when one of its inputs changed, and a
rewritten one is the bytes a clean build writes.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from newsarchive import routes
from newsarchive.model import Page

if TYPE_CHECKING:
    from newsarchive.catalog.archive import Archive
    from newsarchive.config import Config
    from newsarchive.context import ReadContext

TEMPLATE = "archive.sqlite"  # the database's page kind: written by the build's main process, not a template

# Bump when the schema gains a column or a table (a reader can check ``meta``'s ``schema`` row).
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, slug TEXT NOT NULL UNIQUE, page TEXT NOT NULL,
    url TEXT, description TEXT, country TEXT, language TEXT);
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL, slug TEXT NOT NULL UNIQUE, page TEXT NOT NULL);
CREATE TABLE stories (id INTEGER PRIMARY KEY, first_day TEXT NOT NULL, articles INTEGER NOT NULL);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY, page TEXT NOT NULL UNIQUE, address TEXT, file TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, published TEXT NOT NULL, day TEXT NOT NULL, updated TEXT,
    source_id INTEGER REFERENCES sources(id), language TEXT NOT NULL, original_url TEXT, summary TEXT,
    text TEXT NOT NULL, story_id INTEGER REFERENCES stories(id));
CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles(id), position INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES authors(id), PRIMARY KEY (article_id, position));
CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id), position INTEGER NOT NULL,
    tag_id INTEGER NOT NULL REFERENCES tags(id), PRIMARY KEY (article_id, position));
CREATE TABLE versions (
    article_id INTEGER NOT NULL REFERENCES articles(id), number INTEGER NOT NULL, file TEXT NOT NULL,
    title TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (article_id, number));
CREATE TABLE corrections (
    article_id INTEGER NOT NULL REFERENCES articles(id), number INTEGER NOT NULL, day TEXT NOT NULL,
    moment TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY (article_id, number));
CREATE INDEX articles_day ON articles (day);
CREATE INDEX articles_source ON articles (source_id);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX article_tags_tag ON article_tags (tag_id);
CREATE INDEX article_authors_author ON article_authors (author_id);
-- as sqlite-utils' enable-fts makes it: an external-content index named <table>_fts, which Datasette finds
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, summary, text, content='articles', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
"""
MARKER = ("generator", "newsarchive")


def write(path: Path, archive: Archive, config: Config, reading: ReadContext, groups: list[list[str]],
          advance: Callable[[int], object] | None = None) -> None:
    """Write the database of ``archive`` to the new file ``path``: its stories are ``groups`` (each the
    source paths of one story's articles, as ``stories.detect`` finds them); ``advance(1)`` after each
    article."""
    database = sqlite3.connect(path)
    try:
        _fill(database, archive, config, reading, groups, advance)
        database.commit()
        database.execute("VACUUM")
    finally:
        database.close()


def story_groups(archive: Archive, config: Config, reading: ReadContext) -> list[list[str]]:
    """The stories across outlets as the build finds them (without its cache), for ``export``."""
    from newsarchive.stories import detect as stories

    if not config.stories.enabled:
        return []
    return stories.detect([e.article for e in archive.entries], config.stories, reading, None,
                          reuse=False).groups


# ---- in the site (config ``database``) ----

def shows_text(config: Config, tree, rel: str, place) -> bool:
    """Whether the site's database (``database: true``) holds an article's text: see planning."""
    return config.database


def page(archive: Archive, groups: list[list[str]], config: Config, urls: dict[str, str]) -> Page:
    """The database as a page of the site, with the fingerprint of everything it holds: every published
    article's facts, text (its content hash) and earlier versions, where the site places it (its address,
    source, tags), the sources and tags, the stories, and the SQLite library that writes the bytes."""
    h = hashlib.blake2b(digest_size=16)

    def add(*parts: object) -> None:
        h.update(repr(parts).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")

    add(SCHEMA_VERSION, sqlite3.sqlite_version, config.title, config.language, config.base_url)
    for term in sorted(archive.sources, key=lambda t: t.key):
        info = term.info
        add(term.key, term.name, term.url,
            (info.url, info.description, info.country, info.language) if info else None)
    add([(t.key, t.name, t.url) for t in sorted(archive.tags, key=lambda t: t.key)])
    for entry in _oldest_first(archive):
        a = entry.article
        h.update(entry.key)
        add(a.content_hash, a.versions, [urls.get(path) for path in a.links] if a.links else None)
    add(sorted(sorted(group) for group in groups))
    out = Page(routes.database(), TEMPLATE, {"archive": archive, "groups": groups})
    out.key = h.hexdigest()
    return out


def stage(stage, database: Page, reading: ReadContext, config: Config,
          advance: Callable[[int], object] | None = None) -> None:
    """Write the database of ``database`` (``page``) into the build's stage (``writer.Stage``): made in the
    stage's scratch file, then moved into place, or left as the previous output has it when its bytes are
    the same. A build that fails leaves the previous output's database as it was."""
    scratch = stage.scratch(routes.database())
    write(Path(scratch), database.context["archive"], config, reading, database.context["groups"], advance)
    stage.put_file(routes.database(), scratch)


# ---- the rows ----

def _oldest_first(archive: Archive) -> list:
    return sorted(archive.entries, key=lambda e: (e.article.instant, e.article.path))


def _fill(database: sqlite3.Connection, archive: Archive, config: Config, reading: ReadContext,
          groups: list[list[str]], advance: Callable[[int], object] | None) -> None:
    from newsarchive.content import bodies
    from newsarchive.data.tables import plain_text

    database.executescript(SCHEMA)
    database.executemany("INSERT INTO meta VALUES (?, ?)", [
        MARKER, ("schema", str(SCHEMA_VERSION)), ("title", config.title), ("language", config.language),
        ("base_url", config.base_url or "")])
    entries = _oldest_first(archive)
    source_ids = {}
    for number, term in enumerate(sorted(archive.sources, key=lambda t: t.key), 1):
        info = term.info
        source_ids[term.key] = number
        database.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (
            number, term.name, term.key, term.url, info.url if info else None,
            info.description if info else None, info.country if info else None,
            info.language if info else None))
    tag_ids = {}
    for number, term in enumerate(sorted(archive.tags, key=lambda t: t.key), 1):
        tag_ids[term.key] = number
        database.execute("INSERT INTO tags VALUES (?, ?, ?, ?)", (number, term.name, term.key, term.url))
    names = sorted({name for e in entries for name in e.article.authors})
    author_ids = {name: number for number, name in enumerate(names, 1)}
    database.executemany("INSERT INTO authors VALUES (?, ?)", [(n, name) for name, n in author_ids.items()])
    story_of = _stories(database, entries, groups)
    for number, entry in enumerate(entries, 1):
        article = entry.article
        text = plain_text(bodies.read_body(reading, article))
        database.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
            number, entry.url, (config.base_url + entry.url) if config.base_url else None,
            "content/" + article.path, article.title, article.instant.isoformat(), article.day.isoformat(),
            article.updated.isoformat() if article.updated else None,
            source_ids.get(entry.source.key) if entry.source else None, article.language, article.url,
            article.summary, text, story_of.get(article.path)))
        database.executemany("INSERT INTO article_authors VALUES (?, ?, ?)",
                             [(number, i, author_ids[name]) for i, name in enumerate(article.authors, 1)])
        database.executemany("INSERT INTO article_tags VALUES (?, ?, ?)",
                             [(number, i, tag_ids[t.key]) for i, t in enumerate(entry.tags, 1)])
        for i, (rel, *_hash) in enumerate(article.versions, 1):
            title, body = bodies.read_version(reading, article, rel)
            database.execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?)",
                             (number, i, "content/" + rel, title, plain_text(body)))
        database.executemany("INSERT INTO corrections VALUES (?, ?, ?, ?, ?)", [
            (number, i, day, moment, note)
            for i, (day, moment, note) in enumerate(article.extra.get("corrections") or (), 1)])
        if advance is not None:
            advance(1)
    database.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def _stories(database: sqlite3.Connection, entries: list, groups: list[list[str]]) -> dict[str, int]:
    """The stories across outlets, numbered by their first article: path -> id."""
    day_of = {e.article.path: e.article.day for e in entries}
    first = {e.article.path: n for n, e in enumerate(entries)}
    ordered = sorted(groups, key=lambda paths: min(first[p] for p in paths))
    out = {}
    for number, paths in enumerate(ordered, 1):
        database.execute("INSERT INTO stories VALUES (?, ?, ?)",
                         (number, min(day_of[p] for p in paths).isoformat(), len(paths)))
        out.update(dict.fromkeys(paths, number))
    return out
