"""The import formats, one table (``FORMATS``) that ``newsarchive import`` and its ``--help`` read: each
format's name, the file names it is recognised by, how its first bytes are recognised when the name says
nothing (``sniff``), and its reader. Every reader has one shape: ``read(path, shown, reading)`` yields, in
the file's order, an ``Item`` for each good record, a ``BadRow`` for each bad one, and a ``LeftOut`` for
what a web archive holds that is not an article page. A new format is a reader and a row here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsarchive import options
from newsarchive import text as text_file
from newsarchive.errors import UsageError
from newsarchive.importer import csvfile, feed, jsonl, warc, webpage
from newsarchive.importer.records import (
    IDENTITY,
    BadRow,
    Defaults,
    Item,
    LeftOut,
    Row,
    resolve_columns,
    to_item,
)

Record = Item | BadRow | LeftOut


@dataclass(frozen=True, slots=True)
class Reading:
    """What a reader is given besides the file: --map, the defaults of --source/--lang/--date, and a web
    archive's --include and --exclude."""

    mapping: dict = field(default_factory=dict)
    defaults: Defaults = field(default_factory=Defaults)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    advance: Callable[[int], None] = field(default=lambda n: None)  # a web archive's bytes read, as it goes


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    suffixes: tuple[str, ...]  # lower case; a file name ending in one is of this format
    read: Callable[[Path, str, Reading], Iterator[Record]]
    sniff: Callable[[bytes], bool] | None = None  # its first bytes (lower case, BOM and blanks aside)
    mapped: bool = False  # --map applies (records with their own column names)
    web_archive: bool = False  # --include and --exclude apply
    folder: bool = False  # a folder is read as this format


def _identity(rows: Iterator[Row | BadRow | LeftOut], reading: Reading) -> Iterator[Record]:
    for row in rows:
        yield to_item(row, IDENTITY, reading.defaults) if isinstance(row, Row) else row


def _read_warc(path: Path, shown: str, reading: Reading) -> Iterator[Record]:
    if path.is_dir():
        raise UsageError(f"{shown} is a folder; a web archive is a .warc, .warc.gz or .wacz file")
    return _identity(warc.read(path, shown, reading.include, reading.exclude, reading.advance), reading)


def _read_html(path: Path, shown: str, reading: Reading) -> Iterator[Record]:
    return _identity(webpage.read(path, shown), reading)


def _not_folder(path: Path, shown: str) -> None:
    if path.is_dir():
        raise UsageError(f"{shown} is a folder; a folder is read as saved web pages (--format html)")


def _read_feed(path: Path, shown: str, reading: Reading) -> Iterator[Record]:
    _not_folder(path, shown)
    return _identity(feed.read(path.read_bytes(), shown), reading)


def _read_jsonl(path: Path, shown: str, reading: Reading) -> Iterator[Record]:
    _not_folder(path, shown)
    text = _decode(path.read_bytes(), shown)
    if text.lstrip().startswith("["):
        raise UsageError(f"{shown}: a JSON array, not JSON Lines; write one object per line "
                         "(e.g. jq -c '.[]' file.json > file.jsonl)")
    rows = list(jsonl.read(text, shown))
    keys: dict[str, None] = {}
    for row in rows:
        if isinstance(row, Row):
            keys.update(dict.fromkeys(row.values))
    resolve_columns(keys, reading.mapping)  # a --map key that no record has is a mistake
    everywhere = resolve_columns(keys, reading.mapping, strict=False)  # where the records hold each field
    by_keys: dict[tuple, dict] = {}  # records may differ in their keys: resolve each set once
    for row in rows:
        if isinstance(row, BadRow):
            yield row
            continue
        names = tuple(row.values)
        if names not in by_keys:
            by_keys[names] = resolve_columns(names, reading.mapping, strict=False)
        yield to_item(row, by_keys[names], reading.defaults, everywhere)


def _read_csv(path: Path, shown: str, reading: Reading) -> Iterator[Record]:
    _not_folder(path, shown)
    header, table = csvfile.read(_decode(path.read_bytes(), shown), shown)
    columns = resolve_columns(header, reading.mapping)
    for row in table:
        yield row if isinstance(row, BadRow) else to_item(row, columns, reading.defaults)


def _decode(data: bytes, shown: str) -> str:
    try:
        return text_file.decode(data)
    except text_file.NotUTF8 as bad:
        raise UsageError(f"{shown}:{bad.line}: the file is not UTF-8 text (byte {bad.offset}); save it with "
                         "UTF-8 encoding") from None


_ENDS = options.IMPORT_SUFFIXES
FORMATS: tuple[Format, ...] = (
    Format("jsonl", _ENDS["jsonl"], _read_jsonl, lambda start: start.startswith(b"{"), mapped=True),
    Format("csv", _ENDS["csv"], _read_csv, mapped=True),
    Format("feed", _ENDS["feed"], _read_feed,
           lambda start: start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))),
    Format("html", _ENDS["html"], _read_html,
           lambda start: start.startswith((b"<!doctype html", b"<html")), folder=True),
    Format("warc", _ENDS["warc"], _read_warc, lambda start: start.startswith(b"warc/"), web_archive=True),
)
NAMES = tuple(f.name for f in FORMATS)
assert NAMES == options.IMPORT_NAMES
FALLBACK = "csv"  # a file whose name and first bytes say nothing


def named(name: str) -> Format:
    return next(f for f in FORMATS if f.name == name)


def detect(path: Path) -> Format:
    """The format of ``path``: a folder is read as saved pages; else by its name's ending, else by its
    first bytes, else CSV."""
    if path.is_dir():
        return next(f for f in FORMATS if f.folder)
    name = path.name.lower()
    for candidate in sorted(FORMATS, key=lambda f: -max(map(len, f.suffixes))):  # .warc.gz before .gz
        if name.endswith(candidate.suffixes):
            return candidate
    with open(path, "rb") as handle:
        start = handle.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return next((f for f in FORMATS if f.sniff is not None and f.sniff(start)), named(FALLBACK))

