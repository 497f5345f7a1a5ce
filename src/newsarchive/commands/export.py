"""``newsarchive export archive.sqlite``: the archive as one SQLite database for its readers, in the shape
Datasette and sqlite-utils users expect: a table per thing (articles, sources, authors, tags, stories,
versions, corrections), link tables for the lists, and a full-text index (FTS5) over the articles.

The schema below is public (``docs/archive-as-data.md`` documents it): columns are added, never renamed or
removed. Rows are inserted in a fixed order (articles oldest first, by path on a tie; names sorted), so the
same archive gives the same database. The file is written beside its final name and renamed into place:
an export that fails leaves the previous one as it was. It publishes what ``build`` publishes (drafts with
``--drafts``; future articles never).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from newsarchive.errors import BuildFailed, Problem, UsageError, content_folder

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


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    articles: int
    problems: list[Problem]


def export(site_dir: Path, target: Path, drafts: bool = False) -> Exported:
    """Write the archive of ``site_dir`` to the SQLite file ``target``. Raises BuildFailed (content errors,
    as a build would) and UsageError (a target that is not a newsarchive export)."""
    from newsarchive.build import BuildOptions
    from newsarchive.catalog.archive import build_archive
    from newsarchive.content.reading import load, load_options
    from newsarchive.context import ReadContext
    from newsarchive.pages.listing import article_urls

    content_folder(site_dir)
    _refuse_foreign(target)
    loaded = load(site_dir.absolute(), BuildOptions(drafts=drafts))
    if any(p.is_error for p in loaded.problems):
        raise BuildFailed(loaded.problems)
    archive = build_archive(loaded.articles, loaded.config)
    reading = ReadContext(site_dir.absolute() / "content", loaded.tree, load_options(loaded.config),
                          article_urls(archive))
    temporary = target.with_name(f".{target.name}.part")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        database = sqlite3.connect(temporary)
        try:
            _fill(database, archive, loaded.config, reading)
            database.commit()
            database.execute("VACUUM")
        finally:
            database.close()
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return Exported(target, len(archive.entries), sorted(loaded.problems + archive.problems,
                                                          key=Problem.sort_key))


def _refuse_foreign(target: Path) -> None:
    """Never overwrite a file that is not an earlier export (someone's own database, a document)."""
    if target.is_dir():
        raise UsageError(f"{target} is a folder; name the database file, e.g. {target / 'archive.sqlite'}")
    if not target.exists():
        if not target.parent.is_dir():
            raise UsageError(f"no folder {target.parent} to write {target.name} in; create it first")
        return
    try:
        with contextlib.closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as database:
            found = database.execute("SELECT value FROM meta WHERE key = ?", (MARKER[0],)).fetchone()
    except sqlite3.Error:
        found = None
    if found is None or found[0] != MARKER[1]:
        raise UsageError(f"{target} exists and is not a database newsarchive exported; nothing was changed. "
                         "Name another file, or remove that one first")


def _fill(database: sqlite3.Connection, archive, config, reading) -> None:
    from newsarchive.content import bodies
    from newsarchive.data.tables import plain_text
    from newsarchive.stories import detect as stories

    database.executescript(SCHEMA)
    database.executemany("INSERT INTO meta VALUES (?, ?)", [
        MARKER, ("schema", str(SCHEMA_VERSION)), ("title", config.title), ("language", config.language),
        ("base_url", config.base_url or "")])
    entries = sorted(archive.entries, key=lambda e: (e.article.instant, e.article.path))
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
    story_of = _stories(database, entries, config, reading, stories)
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
    database.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def _stories(database: sqlite3.Connection, entries: list, config, reading, stories) -> dict[str, int]:
    """The stories across outlets (as the build finds them), numbered by their first article: path -> id."""
    if not config.stories.enabled:
        return {}
    found = stories.detect([e.article for e in entries], config.stories, reading, None, reuse=False)
    day_of = {e.article.path: e.article.day for e in entries}
    first = {e.article.path: n for n, e in enumerate(entries)}
    groups = sorted(found.groups, key=lambda paths: min(first[p] for p in paths))
    out = {}
    for number, paths in enumerate(groups, 1):
        database.execute("INSERT INTO stories VALUES (?, ?, ?)",
                         (number, min(day_of[p] for p in paths).isoformat(), len(paths)))
        out.update(dict.fromkeys(paths, number))
    return out
