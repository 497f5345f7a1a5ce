"""Web archives: the article pages a crawl captured, from WARC files (``.warc``, ``.warc.gz``, as Heritrix,
Browsertrix, Webrecorder and ``wget --warc-file`` write them) and WACZ packages (a zip of WARC files with
``pages/pages.jsonl``, the pages the crawl meant to capture).

Records are read one at a time with warcio (the field's library), so a crawl of any size is read in
bounded memory; a record's place in its file (its byte offset) is kept in ``imported_from`` so the exact
capture can be found again. Each HTML response with status 200 is read as a saved page is
(``webpage.extract``: the text, title, byline and date from the page's own metadata only); its capture time
(``WARC-Date``) is kept as provenance (``captured``), never as the publication date, and its target URI is
the article's original address. A revisit record (the same payload captured again) is read from the
response it refers to. Pages that do not read as articles (a home page, a section front, too little text,
no title) and records that are not HTML pages are left out and counted (``LeftOut``); ``--include`` and
``--exclude`` narrow the pages by address (globs)."""

from __future__ import annotations

import fnmatch
import json
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO

from newsarchive import options
from newsarchive.importer import webpage
from newsarchive.importer.records import BadRow, LeftOut, Row

SUFFIXES = options.IMPORT_SUFFIXES["warc"]
MIN_TEXT = 250  # characters of article text below which a page is not read as an article (a short
# news item in Arabic, dense as the script is, has about 300)
MAX_PAGE = 32 * 1024 * 1024  # bytes: a larger "page" is not an article page
MAX_LISTED = 512 * 1024 * 1024  # bytes of a WACZ's pages.jsonl (a million pages take about 200 MB)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_web_archive(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def read(path: Path, shown: str, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
         advance: Callable[[int], None] = lambda n: None) -> Iterator[Row | BadRow | LeftOut]:
    """The article pages of a WARC file or a WACZ package, in the file's order (``advance``: told the
    bytes of each record read)."""
    wanted = _Filter(include, exclude)
    if path.name.lower().endswith(".wacz"):
        yield from _wacz(path, shown, wanted, advance)
        return
    with open(path, "rb") as stream:
        yield from _records(stream, shown, "", wanted, partial(path.open, "rb"), advance)


class _Filter:
    """--include and --exclude: globs on a page's address (``*`` matches any text, slashes too)."""

    def __init__(self, include: tuple[str, ...], exclude: tuple[str, ...], listed: set[str] | None = None):
        self.include, self.exclude, self.listed = include, exclude, listed

    def why_not(self, url: str) -> str | None:
        if self.listed is not None and url not in self.listed:
            return "not a page of the crawl (pages/pages.jsonl): a resource it loaded"
        if self.include and not any(fnmatch.fnmatchcase(url, glob) for glob in self.include):
            return "outside --include"
        if any(fnmatch.fnmatchcase(url, glob) for glob in self.exclude):
            return "matched by --exclude"
        return None


def _wacz(path: Path, shown: str, wanted: _Filter, advance: Callable[[int], None]
          ) -> Iterator[Row | BadRow | LeftOut]:
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield BadRow(shown, f"is not a WACZ package (a zip file): {exc}; check the file was copied whole")
        return
    with package:
        names = package.namelist()
        listed: set[str] | None = None
        for pages in ("pages/pages.jsonl", "pages/extraPages.jsonl"):
            if pages in names:
                if package.getinfo(pages).file_size > MAX_LISTED:  # (a zip's sizes are checked as it is read)
                    yield BadRow(f"{shown}/{pages}", f"lists pages in more than {MAX_LISTED // 2**20} MB: "
                                 "not a crawl's page list; check the package, or import its WARC files")
                    return
                listed = (listed or set()) | _listed(package.read(pages))
        wanted = _Filter(wanted.include, wanted.exclude, listed)
        archives = sorted(n for n in names if n.startswith("archive/") and n.lower().endswith((".warc",
                                                                                              ".warc.gz")))
        if not archives:
            yield BadRow(shown, "holds no WARC file (archive/*.warc.gz): it is not a WACZ package")
            return
        for name in archives:
            with package.open(name) as stream:
                yield from _records(stream, f"{shown}/{name}", name, wanted,
                                    lambda name=name: package.open(name), advance)


def _listed(data: bytes) -> set[str]:
    """The addresses pages.jsonl lists (its first line is a header without one)."""
    out = set()
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict) and isinstance(value.get("url"), str):
            out.add(value["url"])
    return out


def _records(stream: IO[bytes], shown: str, member: str, wanted: _Filter, reopen: Callable[[], IO[bytes]],
             advance: Callable[[int], None] = lambda n: None) -> Iterator[Row | BadRow | LeftOut]:
    """The pages of one WARC file (``member``: its name in a WACZ package, else "")."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    responses: dict[str, int] = {}  # payload digest -> offset of the response that holds it
    records = ArchiveIterator(stream, no_record_parse=False)
    end = 0  # where the last record read whole ends
    try:
        for record in records:
            kind = record.rec_type
            if kind not in ("response", "revisit"):
                _drain(record)
                advance(records.get_record_offset() + records.get_record_length() - end)
                end = records.get_record_offset() + records.get_record_length()
                continue  # requests, metadata, warcinfo: not pages
            url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            why = _not_a_page(record) or wanted.why_not(url)
            wanted_now = why is None and kind == "response"
            payload = record.content_stream().read(MAX_PAGE + 1) if wanted_now else b""
            _drain(record)
            offset = records.get_record_offset()  # (known once the record is read)
            advance(offset + records.get_record_length() - end)
            end = offset + records.get_record_length()
            if kind == "response" and digest:
                responses.setdefault(digest, offset)
            where = f"{shown} (byte {offset}: {url})"
            if why is not None:
                yield LeftOut(where, why)
                continue
            captured = record.rec_headers.get_header("WARC-Date")
            if kind == "revisit":
                found = responses.get(digest or "")
                if found is None:
                    yield LeftOut(where, "a revisit of a capture this file does not hold")
                    continue
                payload = _payload_at(reopen, found)
            place = f"{member}, byte {offset}" if member else f"byte {offset}"
            yield _row(payload, where, url, captured, place)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        yield BadRow(shown, f"cannot be read past byte {end} ({type(exc).__name__}: {exc}): the file is "
                            "cut short or damaged; the records before it were read; copy it whole again")


def _drain(record) -> None:
    """Read the rest of a record, a megabyte at a time; a record that ends before its Content-Length (a
    gzip member cut short: its decompressor says nothing) raises EOFError."""
    raw = record.raw_stream
    while raw.read(1 << 20):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise EOFError(f"a record ends {raw.limit} bytes before its length")


def _not_a_page(record) -> str | None:
    """Why a response (or revisit) record is not an HTML page with status 200, or None."""
    http = record.http_headers
    if http is None:
        return "not an HTTP response"
    status = http.get_statuscode()
    if status != "200":
        return f"HTTP status {status}, not 200"
    kind = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind not in _HTML_TYPES:
        return "not an HTML page (an image, a style sheet, a script...)"
    return None


def _payload_at(reopen: Callable[[], IO[bytes]], offset: int) -> bytes:
    """The payload of the response at ``offset`` (a revisit's original), read again from the file."""
    from warcio.archiveiterator import ArchiveIterator

    with reopen() as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        return record.content_stream().read(MAX_PAGE + 1)


def _row(payload: bytes, where: str, url: str, captured: str | None, record: str) -> Row | BadRow | LeftOut:
    if len(payload) > MAX_PAGE:
        return LeftOut(where, f"larger than {MAX_PAGE // 2**20} MB: not an article page")
    values = webpage.extract(payload, where)
    if isinstance(values, BadRow):
        return LeftOut(where, "no article text (a home page, a section front, a list of articles)")
    text = values["markdown"] or ""
    if not values.get("title") or len(" ".join(text.split())) < MIN_TEXT:
        return LeftOut(where, f"not an article: no title, or under {MIN_TEXT} characters of text")
    values["url"] = url  # the address the crawler captured: the article's original
    undated = ("no date in the page's own metadata (JSON-LD datePublished, article:published_time, the "
               "article's <time>, a dateline); the capture time is not its date: give one with --date "
               "YYYY-MM-DD, or leave the page out with --exclude")
    return Row(where, values, record=record, undated=undated, captured=captured)
