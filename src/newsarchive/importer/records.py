"""What every importer produces, and the field mapping of tabular formats (CSV, JSON Lines).

A reader yields ``Row``s: the raw values of one record by column name, and where it is in the file. The
mapping says which column holds each field (``--map title=Headline``; by default the first column whose
name is the field or one of its aliases, ignoring case, spaces, dashes and underscores). ``to_item``
turns a row into an ``Item`` (validated, normalized) or a ``BadRow`` saying what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
import email.utils
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from newsarchive import dates, i18n, webaddress
from newsarchive.errors import UsageError, shorten

# field -> the column names that hold it by default (compared after _norm)
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "head"),
    "date": ("date", "published", "published_at", "published_on", "publication_date", "pubdate", "pub_date",
             "datetime", "date_published", "created", "created_at", "time", "timestamp"),
    "source": ("source", "outlet", "publisher", "publication", "newspaper", "site", "site_name", "sitename",
               "media"),
    "language": ("language", "lang", "locale", "language_code"),
    "url": ("url", "link", "href", "permalink", "original_url", "canonical_url", "uri"),
    "text": ("text", "body", "content", "article", "article_text", "full_text", "fulltext", "plain_text",
             "maintext"),
    "html": ("html", "body_html", "content_html", "html_body", "html_content"),
    "tags": ("tags", "keywords", "categories", "category", "subjects", "topics"),
    "authors": ("authors", "author", "byline", "creator", "creators", "writer"),
    "summary": ("summary", "description", "abstract", "lede", "standfirst", "excerpt", "teaser"),
}
FIELDS = tuple(ALIASES)
# Feeds and web pages name their values by field already (and may give a Markdown body).
IDENTITY: dict[str, str | None] = {name: name for name in (*FIELDS, "markdown")}

# A text value that contains these tags is HTML, whatever its column is called.
_LOOKS_HTML = re.compile(r"<(?:p|div|br|a|em|strong|b|i|ul|ol|li|h[1-6]|blockquote|figure|img|span)\b[^>]*>",
                         re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Row:
    where: str  # how to point at the record in the file: "12" (a line) or "entry 3"
    values: dict[str, Any]
    line: int | None = None  # the file line, when there is one
    record: str | None = None  # the record in its file, for provenance: "line 12", "entry 3" (None: the file)
    undated: str | None = None  # what to say when the record has no date (what was looked at; how to fix)
    original: Any = None  # a saved page's file (Path), kept beside the article
    captured: str | None = None  # a web archive's capture time (WARC-Date): provenance, never the date


@dataclass(frozen=True, slots=True)
class BadRow:
    where: str
    message: str  # what is wrong; how to fix it
    line: int | None = None


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A record a crawl holds that is not an article page (an image, a home page, a page outside
    --include): counted by its reason, not reported one by one."""

    where: str
    reason: str


@dataclass(slots=True)
class Item:
    where: str
    line: int | None
    title: str
    date: str  # as the loader reads it
    day: Any  # datetime.date
    source: str | None = None
    language: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    body: str = ""
    body_kind: str = "text"  # "text", "html" or "markdown"
    record: str | None = None
    original: Any = None
    captured: str | None = None

    def same_story(self) -> str | None:
        """For an item with a url: its address without the query string, title and day (the same page
        reached with other parameters is the same article when its title and day are the same)."""
        return story_key(self.url, self.title, self.day) if self.url else None

    def key(self) -> str:
        """What identifies the item across imports: its original url, else a hash of what it says."""
        if self.url:
            return url_key(self.url)
        words = "\n".join((" ".join(self.title.split()), self.day.isoformat(), " ".join(self.body.split())))
        return "sha256:" + hashlib.sha256(words.encode("utf-8", "surrogatepass")).hexdigest()[:32]


# Query parameters that say how a reader reached a page (campaigns, click ids), never which page it is.
_TRACKING = re.compile(r"^(?:utm_.*|fbclid|gclid|dclid|gclsrc|msclkid|mc_cid|mc_eid|ocid|cmpid|at_[a-z_]+|"
                       r"_ga|_gl|igshid|yclid|twclid|ref_src|ref_url|s_cid|icid|xtor|wt_mc|wt\.mc_id|"
                       r"cmp|camp|share|smid|sr_share|__twitter_impression)$", re.IGNORECASE)


def story_key(url: str, title: str, day) -> str:
    return "\n".join((url_key(url, drop_query=True), " ".join(title.split()).casefold(), day.isoformat()))


def url_key(url: str, drop_query: bool = False) -> str:
    """What identifies a page by its address, so that the same article reached by different links is one:
    no scheme (http and https), no ``www.``, the host in lower case, no trailing slash, no ``#fragment``,
    no tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``...; the others keep their order);
    ``drop_query`` leaves out the whole query string. Used for duplicates by the importer and ``check``."""
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return text.rstrip("/")
    rest = rest.split("#", 1)[0]
    address, _, query = rest.partition("?")
    host, slash, path = address.partition("/")
    host = host.lower().removeprefix("www.")
    if host.endswith((":80", ":443")):
        host = host.rsplit(":", 1)[0]
    path = (slash + path).rstrip("/")
    kept = [] if drop_query else [p for p in query.split("&")
                                  if p and not _TRACKING.match(p.split("=", 1)[0])]
    return "//" + host + path + ("?" + "&".join(kept) if kept else "")


def _norm(name: str) -> str:
    return re.sub(r"[\s\-_.]+", "_", str(name).strip().lower()).strip("_")


def parse_map(options: Iterable[str]) -> dict[str, str | None]:
    """``--map field=column`` options as {field: column}; ``field=`` maps the field to nothing (ignore
    the column it would take by default). Raises UsageError naming the bad option."""
    out: dict[str, str | None] = {}
    for option in options:
        name, sep, column = option.partition("=")
        name = name.strip().lower()
        if not sep or not name:
            raise UsageError(f"--map {option!r} is not field=column; write e.g. --map title=Headline")
        if name not in ALIASES:
            close = difflib.get_close_matches(name, FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "the fields are: " + ", ".join(FIELDS)
            raise UsageError(f"--map {option!r}: unknown field '{name}'; {hint}")
        out[name] = column.strip() or None
    return out


def resolve_columns(columns: Iterable[str], mapping: dict[str, str | None],
                    strict: bool = True) -> dict[str, str | None]:
    """{field: the column that holds it, or None}. A column named in ``--map`` that is not among
    ``columns`` is a UsageError listing the columns there are (``strict``), or kept as named (the keys of
    one JSON Lines record, which may leave some out)."""
    columns = list(columns)
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(_norm(column), column)
    out: dict[str, str | None] = {}
    for name in FIELDS:
        if name in mapping:
            wanted = mapping[name]
            if wanted is not None and wanted not in columns:
                found = by_norm.get(_norm(wanted), None if strict else wanted)
                if found is None:
                    shown = ", ".join(repr(c) for c in columns[:30]) or "none"
                    raise UsageError(f"--map {name}={wanted}: there is no column {wanted!r}; "
                                     f"the columns are: {shown}")
                wanted = found
            out[name] = wanted
            continue
        out[name] = next((by_norm[a] for a in ALIASES[name] if a in by_norm), None)
    taken = {c for n, c in out.items() if n in mapping and c}
    for name in FIELDS:  # a column mapped explicitly is not also taken by default by another field
        if name not in mapping and out[name] in taken:
            out[name] = None
    return out


@dataclass(frozen=True, slots=True)
class Defaults:
    """What the command line gives rows that lack it."""

    source: str | None = None
    language: str | None = None
    tz: tzinfo | None = None
    date: str | None = None  # --date: for records that have none


def to_item(row: Row, columns: dict[str, str | None], defaults: Defaults,
            others: dict[str, str | None] | None = None) -> Item | BadRow:
    """Validate one row. ``columns`` maps each field to the row's key that holds it; ``others`` (JSON Lines,
    whose records may leave keys out) maps each field to the key the file's other records hold it in, so
    a record without one is told so, not told that no column holds it."""
    others = others or {}

    def bad(message: str) -> BadRow:
        return BadRow(row.where, message, row.line)

    def value(name: str) -> Any:
        column = columns.get(name)
        found = row.values.get(column) if column is not None else None
        if isinstance(found, str):
            found = found.strip()
        return None if found in ("", None, []) else found

    title = value("title")
    if title is None:
        column = columns.get("title") or others.get("title")
        if column is not None and column not in row.values:
            return bad(f"no title: this record has no {column!r}, which the other records give their "
                       "headline in; write its headline there")
        if columns.get("title") is None:
            return bad("no title: no column holds the headline; name it with --map title=COLUMN")
        return bad(f"no title: {columns['title']!r} is empty; write the headline there")
    if not isinstance(title, (str, int, float)) or isinstance(title, bool):
        return bad(f"the title must be text, not {shorten(title)}; fix the row")
    title = " ".join(str(title).split())

    raw_date = value("date")
    if raw_date is None and defaults.date is not None:
        raw_date = defaults.date
    if raw_date is None:
        if row.undated:
            return bad(row.undated)
        column = columns.get("date") or others.get("date")
        if column is not None and column not in row.values:
            return bad(f"no date: this record has no {column!r}, which the other records are dated by; "
                       "write its date there (e.g. 2018-03-26), or give every record without one a date with "
                       "--date YYYY-MM-DD")
        if columns.get("date") is None:
            return bad("no date: no column holds the date; name it with --map date=COLUMN, or give every "
                       "record without one a date with --date YYYY-MM-DD")
        return bad(f"no date: {columns['date']!r} is empty; write the date as YYYY-MM-DD (e.g. 2018-03-26), "
                   "or give every record without one a date with --date YYYY-MM-DD")
    try:
        date_language = str(value("language") or defaults.language or "") or None
        date_text, day = read_date(raw_date, defaults.tz, date_language)
    except NotADate as exc:
        return bad(str(exc))

    language = value("language")
    if language is not None:
        try:
            language = i18n.normalize_language(str(language))
        except i18n.LanguageError as exc:
            return bad(f"{exc}; write a BCP 47 code such as en, fr, ar, es or pt-BR (or leave it empty and "
                       "give one for all rows with --lang)")
    else:
        language = defaults.language

    url = value("url")
    if url is not None:
        url = str(url).strip()
        if not webaddress.is_web_address(url):
            return bad(f"'url' is not a web address: {shorten(url)}; write the original's address, starting "
                       "with https://, or leave it empty")

    source = value("source")
    source = " ".join(str(source).split()) if source is not None else defaults.source

    html, markdown, text = value("html"), value("markdown"), value("text")
    body, kind = "", "text"
    if html is not None:
        body, kind = str(html), "html"
    elif markdown is not None:
        body, kind = str(markdown), "markdown"
    elif text is not None:
        body = str(text)
        kind = "html" if _LOOKS_HTML.search(body) else "text"
    summary = value("summary")
    return Item(row.where, row.line, title, date_text, day, source or None, language, url,
                _words(value("tags"), split=True), _words(value("authors"), split=False),
                " ".join(str(summary).split()) if summary is not None else None, body, kind, row.record,
                row.original, row.captured)


def _words(value: Any, split: bool) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else (str(value).split(",") if split else [str(value)])
    out: list[str] = []
    for item in items:
        text = " ".join(str(item).split()) if item is not None else ""
        if text and text not in out:
            out.append(text)
    return out


class NotADate(ValueError):
    """A record's date that is not one; the message says what is wrong and how to write it."""


def read_date(value: Any, tz: tzinfo | None, language: str | None = None) -> tuple[str, Any]:
    """(the date as the loader reads it, its calendar day); raises ``NotADate`` when it is not a date."""
    text = str(value).strip()
    try:
        found = dates.parse_date(text, tz) if tz else dates.parse_date(text)
        return text, found.day
    except dates.DateError as exc:
        first_error = str(exc)
    try:  # RFC 822, as in RSS and e-mail: "Mon, 26 Mar 2018 07:45:00 +0100"
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is None:  # in the feed's or page's language: "mar., 27 mars 2018 08:00:00 +0200"
        moment = dates.parse_localized(text, language, tz or dates.zone("UTC"))
        if moment is not None and ":" not in text and not moment.time():  # a day without a time
            return moment.date().isoformat(), moment.date()
    if moment is not None:
        return moment.isoformat(), moment.date()
    raise NotADate(f"'date': {first_error}; {dates.DATE_HINT}")
