"""The catalog's SQLite file: opened once per build and output, checked to be ours and of this format,
replaced by an empty one when it is not (see the package's docstring).

Values that are not plain columns (an article's facts, a placement, a header field) are kept as
``marshal`` bytes (fast, builtins only), or ``pickle`` bytes for the rare front-matter value marshal cannot
hold (a ``!!timestamp`` in an extra key); ``pack`` and ``unpack`` tell them apart by their first byte.
"""

from __future__ import annotations

import errno
import marshal
import os
import pickle
import re
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from pathlib import Path

NAME = "catalog.sqlite"
APPLICATION_ID = 0x4E415243  # "NARC": a newsarchive catalog
FORMAT = 6  # the tables' shape (user_version): another one means an empty catalog (6: list_counts,
# story_day_pairs)

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
-- every file of content/ as the last build's scan saw it
CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL) WITHOUT ROWID;
-- each article file's facts (marshal of a model.ArticleRecord, or NULL when it is no article) and problems
CREATE TABLE articles (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, defaults_key TEXT NOT NULL,
    facts BLOB, problems BLOB NOT NULL, day INTEGER, source TEXT, language TEXT);
CREATE INDEX articles_by_day ON articles (day);
CREATE INDEX articles_by_source ON articles (source);
-- where each published article was placed (marshal of a model.Placement), and the lists it is in (marshal
-- of its sort key and the lists' names: catalog.lists)
CREATE TABLE placements (path TEXT PRIMARY KEY, url TEXT NOT NULL, source_key TEXT NOT NULL,
                         data BLOB NOT NULL, lists BLOB NOT NULL);
CREATE INDEX placements_by_url ON placements (url);
CREATE INDEX placements_by_source ON placements (source_key);
-- each list's articles, newest first (ORDER BY neg, path: neg is minus the article's instant in seconds):
-- the whole archive's (''), each term's ('source:le-monde', 'tag:port'...) and each day's ('day:738000')
CREATE TABLE members (list TEXT NOT NULL, neg REAL NOT NULL, path TEXT NOT NULL,
                      PRIMARY KEY (list, neg, path)) WITHOUT ROWID;
CREATE INDEX members_by_path ON members (path);
-- how many articles each list has, kept by the triggers below as members' rows come and go (the
-- connection sets recursive_triggers, so that a row INSERT OR REPLACE replaces counts out): a list's
-- count is one row read, not its members counted (the indexes' pages show every term's count)
CREATE TABLE list_counts (list TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER members_in AFTER INSERT ON members BEGIN
    INSERT INTO list_counts (list, n) VALUES (NEW.list, 1) ON CONFLICT (list) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER members_out AFTER DELETE ON members BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = OLD.list;
    DELETE FROM list_counts WHERE list = OLD.list AND n = 0;
END;
-- each term (archive.Term): the name pages show, and the spelling it is named after
CREATE TABLE terms (term TEXT PRIMARY KEY, name TEXT NOT NULL, spelling TEXT NOT NULL) WITHOUT ROWID;
-- each page's input fingerprint (fingerprints.page_key)
CREATE TABLE pages (url TEXT PRIMARY KEY, key TEXT NOT NULL) WITHOUT ROWID;
-- content/'s assets as the last build copied them
CREATE TABLE assets (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER) WITHOUT ROWID;
-- the fixity record: every file of the output and of content/ with its SHA-256 (fixity.Record)
CREATE TABLE outputs (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                      inode INTEGER NOT NULL, sha256 TEXT NOT NULL) WITHOUT ROWID;
-- each folder of the output with its change time and inode as the last build left it: a folder whose
-- ctime did not change had no entry added, removed or renamed (drift.check lists only the others)
CREATE TABLE folders (path TEXT PRIMARY KEY, ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL) WITHOUT ROWID;
-- same-story detection's memory (stories.kept): each text's shingles (uint32, sorted, unique) by content
-- hash, with its signature and the digest of the boilerplate left out of it (NULL: not signed yet), the
-- articles the boilerplate counts counted, every counted shingle, sorted, in parts by its top bits, and
-- the counts' pairs of a common shingle and a day carrying it, in parts by the shingle's top bits
CREATE TABLE stories (hash TEXT PRIMARY KEY, shingles BLOB NOT NULL, digest BLOB, signature BLOB);
CREATE TABLE story_counted (hash TEXT NOT NULL, source TEXT NOT NULL, day INTEGER NOT NULL);
CREATE TABLE story_parts (part INTEGER PRIMARY KEY, every BLOB NOT NULL);
CREATE TABLE story_day_pairs (part INTEGER PRIMARY KEY, pairs BLOB NOT NULL, counts BLOB NOT NULL);
-- the last build's problems (catalog.problems): kind is the message without its values, for GROUP BY
CREATE TABLE problems (path TEXT NOT NULL, line INTEGER, message TEXT NOT NULL, hint TEXT NOT NULL,
                       severity TEXT NOT NULL, kind TEXT NOT NULL);
CREATE INDEX problems_by_kind ON problems (severity, kind, path, line, message);
CREATE TABLE content_hashes (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                             sha256 TEXT NOT NULL) WITHOUT ROWID;
"""

_NAMES = set(re.findall(r"CREATE (?:TABLE|INDEX|TRIGGER) (\w+)", SCHEMA))
_TRIGGERS = re.findall(r"CREATE TRIGGER (\w+)", SCHEMA)


def _statements(script: str) -> list[str]:
    """The script's statements, each whole (a trigger's body holds semicolons of its own)."""
    out, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending)
            pending = ""
    return out


_STATEMENTS = _statements(SCHEMA)
_open: dict[Path, Store] = {}


_SURROGATE = re.compile("[\udc80-\udcff]")


def path_value(path: str) -> str | bytes:
    """A path as the catalog stores it: text, or the name's bytes for a name that is not UTF-8 (Python
    holds each byte of such a name as a lone surrogate, which SQLite's text cannot hold)."""
    if path.isascii() or _SURROGATE.search(path) is None:
        return path
    return path.encode("utf-8", "surrogateescape")


def path_of(value: str | bytes) -> str:
    """``path_value`` undone."""
    return value if type(value) is str else value.decode("utf-8", "surrogateescape")


def pack(value) -> bytes:
    try:
        return b"M" + marshal.dumps(value)
    except ValueError:  # a value marshal cannot hold
        return b"P" + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes):
    return marshal.loads(data[1:]) if data[:1] == b"M" else pickle.loads(data[1:])


class Store:
    """One catalog file, with one connection (in autocommit mode: ``transaction`` groups writes)."""

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / NAME
        self.written = 0  # rows this build wrote (inserted, replaced or deleted)
        cache_dir.mkdir(parents=True, exist_ok=True)
        with disk_errors(self.path):
            try:
                self.db = self._connect()
            except sqlite3.OperationalError as exc:
                if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _DISK:
                    raise
                self._remove()
                self.db = self._connect()
            except sqlite3.DatabaseError:  # corrupt, foreign or of another format: an empty catalog
                self._remove()
                self.db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            application, version = (db.execute("PRAGMA application_id").fetchone()[0],
                                    db.execute("PRAGMA user_version").fetchone()[0])
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if (application, version) != (APPLICATION_ID, FORMAT):
                if tables or application or version:
                    raise sqlite3.DatabaseError("not a catalog of this format")
                db.execute("PRAGMA journal_mode = WAL")
                with _transaction(db):  # (not executescript: it commits on its own)
                    for statement in _STATEMENTS:
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {FORMAT}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")  # WAL: a commit is atomic; durable at checkpoints
            db.execute("PRAGMA recursive_triggers = ON")  # (list_counts: a REPLACE's deletion counted)
            found = {name for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') "
                "AND name NOT LIKE 'sqlite_%'")}
            if found != _NAMES:  # a table, index or trigger dropped, or added by someone else
                raise sqlite3.DatabaseError("the catalog's tables are not this format's")
        except BaseException:
            db.close()
            raise
        return db

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                self.path.with_name(self.path.name + suffix).unlink()
            except FileNotFoundError:
                pass

    def reset(self) -> None:
        """Start again from an empty catalog (a read found it damaged)."""
        self.db.close()
        self._remove()
        with disk_errors(self.path):
            self.db = self._connect()

    # ---- reading ----
    def meta(self, name: str):
        """A header value, or None when missing (or unreadable)."""
        try:
            row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
            return None if row is None else unpack(row[0])
        except (sqlite3.DatabaseError, ValueError, EOFError, TypeError, pickle.UnpicklingError):
            return None

    def rows(self, sql: str, parameters: Iterable = ()) -> list[tuple]:
        return self.db.execute(sql, tuple(parameters)).fetchall()

    # ---- writing ----
    @contextmanager
    def transaction(self):
        with disk_errors(self.path), _transaction(self.db):
            yield self.db

    def forget(self, name: str) -> None:
        """Remove a header row at once (committed): what it vouched for is no longer trusted."""
        with disk_errors(self.path):
            self.db.execute("DELETE FROM meta WHERE name = ?", (name,))

    def put_meta(self, name: str, value) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, pack(value)))

    def put_members(self, rows: Iterable[tuple]) -> None:
        """Every ``members`` row anew (a full save), with each list's count made in one pass after them
        rather than by the triggers, a row at a time (that doubled the rows' cost)."""
        db = self.db
        for trigger in _TRIGGERS:
            db.execute(f"DROP TRIGGER {trigger}")
        db.execute("DELETE FROM members")
        db.execute("DELETE FROM list_counts")
        db.executemany("INSERT OR REPLACE INTO members (list, neg, path) VALUES (?, ?, ?)", rows)
        db.execute("INSERT INTO list_counts (list, n) SELECT list, count(*) FROM members GROUP BY list")
        for statement in _STATEMENTS:
            if statement.lstrip().startswith("CREATE TRIGGER"):
                db.execute(statement)

    def sync(self, table: str, key: str, columns: tuple[str, ...], new: Mapping, old: Mapping | None,
             row=None) -> int:
        """Make ``table`` hold ``new`` (key -> value), writing only what differs from ``old`` (what the
        table holds, as read by this build; None: unknown, the table is written whole). ``row(key, value)``
        gives the row's columns after the key (default: the value itself, a tuple). Returns the rows
        written."""
        row = row or (lambda k, v: v)
        names = ", ".join((key, *columns))
        marks = ", ".join("?" * (len(columns) + 1))
        insert = f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})"
        db = self.db
        if old is None:
            db.execute(f"DELETE FROM {table}")
            changed = list(new.items())
        else:
            changed = [(k, v) for k, v in new.items() if old.get(k, _ABSENT) != v]
            gone = [(path_value(k),) for k in old.keys() - new.keys()]
            if gone:
                db.executemany(f"DELETE FROM {table} WHERE {key} = ?", gone)
            self.written += len(gone)
        db.executemany(insert, ((path_value(k), *row(k, v)) for k, v in changed))
        self.written += len(changed)
        return len(changed)

    def close(self) -> None:
        self.db.close()


_ABSENT = object()


# SQLite's primary result codes for a disk that refuses a write, and the errno each means to the user
_DISK = {13: errno.ENOSPC, 8: errno.EROFS, 3: errno.EACCES, 14: errno.EACCES}


@contextmanager
def disk_errors(path: Path):
    """SQLite's "database or disk is full" (and alike) raised as the OSError a file write would raise, so
    that the user reads the same message (cli._stop) whichever file the disk refused."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        code = _DISK.get(getattr(exc, "sqlite_errorcode", 0) & 0xFF)
        if code is None:
            raise
        raise OSError(code, os.strerror(code), str(path)) from exc


@contextmanager
def _transaction(db: sqlite3.Connection):
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def open_store(cache_dir: Path) -> Store:
    """The catalog of an output's cache folder, opened once per build (``close_all`` ends it)."""
    key = cache_dir.absolute()
    store = _open.get(key)
    if store is None:
        store = _open[key] = Store(key)
    return store


def close_all() -> None:
    while _open:
        _open.popitem()[1].close()
