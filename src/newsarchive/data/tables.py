"""The archive as data: every article's facts, one table per year, as CSV (RFC 4180) and JSON Lines, with a
Frictionless Data ``datapackage.json`` describing them (a Tabular Data Package: one resource per file, the
Table Schema of every column), and a page listing them.

One place decides the columns (``columns``): the CSV and JSON Lines files have the same ones in the same
order, and the descriptor is made from the same list. ``api/articles.json`` (``views.export``) stays what it
was, for tools that read one JSON document.

- CSV: UTF-8 without a byte-order mark, CRLF line ends, a header row, fields quoted when they hold a comma,
  a quote or a line end (quotes doubled); the lists (authors, tags) as JSON arrays in their cell (Table
  Schema's ``array``); a missing value as an empty cell. A cell a spreadsheet would run as a formula
  (beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) starts with an added ``'``, as
  OWASP's CSV-injection guidance says (``spreadsheet_cell``, the one place that decides it); ``from_csv``
  takes it off again, so any text still comes back as it was.
- JSON Lines: one JSON object per article and line (LF), keys in the columns' order, ``null`` when missing.
- The text (``data_text: true`` in the config): the article's body as plain text, paragraphs separated by
  a blank line. Off by default: it makes the files about ten times larger.

A year's files have the fingerprint of its articles' entry keys (and their content hashes with the text):
a rebuild writes only the years whose articles changed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import quote

from newsarchive import routes
from newsarchive.fingerprints import page_key, set_key
from newsarchive.model import Page

DATASETTE_LITE = "https://lite.datasette.io/?url="  # opens a database by its address, in the browser

if TYPE_CHECKING:  # the archive's modules are imported when a build places articles
    from newsarchive.catalog.archive import Archive
    from newsarchive.config import Config
    from newsarchive.model import Entry

DATA_TEMPLATES = ("articles.csv", "articles.jsonl")
# What the descriptor and the data page say of the CSV cells ``spreadsheet_cell`` changes.
CSV_CELLS_NOTE = ("A cell that begins with =, +, -, @, a tab or a carriage return starts with an added "
                  "apostrophe ('), so that a spreadsheet shows it as text instead of running it as a formula "
                  "(OWASP's advice against CSV injection); so does a cell of apostrophes followed by one of "
                  "those. The JSON Lines file holds the exact text.")
_FORMULA = re.compile(r"'*[=+\-@\t\r]")  # a cell a spreadsheet would run, or one that would read as such
CSV_DIALECT = {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True, "lineTerminator": "\r\n",
               "header": True}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # Table Schema type
    description: str
    # datetimes: "default", which Table Schema (v2) defines as XML Schema's dateTime, offsets included; "any"
    # would let a reader take 26/03/2018 for a date
    format: str = "default"
    required: bool = False


def columns(config: Config) -> list[Column]:
    """The columns of the tables, in order (``address`` with ``base_url`` only, ``text`` with
    ``data_text`` only)."""
    out = [Column("path", "string", "The article's page in the archive, relative to the site's root (a URL "
                                    "path, percent-encoded). Unique: the primary key.", required=True)]
    if config.base_url:
        out.append(Column("address", "string", "The article's page in the archive: its full address.", "uri",
                          required=True))
    out += [
        Column("title", "string", "The headline.", required=True),
        Column("date", "datetime", "When it was published, with its UTC offset (ISO 8601).", required=True),
        Column("day", "date", "The calendar day it is filed under, as the article gives it.",
               required=True),
        Column("source", "string", "The outlet that published it (empty when unattributed)."),
        Column("language", "string", "Its language, a BCP 47 tag (en, fr, ar, pt-BR).", required=True),
        Column("authors", "array", "The bylines as written, roles included (a JSON array)."),
        Column("tags", "array", "Its tags (a JSON array)."),
        Column("original_url", "string", "The address of the original article, when known."),
        Column("summary", "string", "Its summary, when it has one."),
        Column("updated", "datetime", "When it was last updated, with its UTC offset (ISO 8601), if it was."),
        Column("file", "string", "Its source file in the archive (content/...)."),
    ]
    if config.data_text:
        out.append(Column("text", "string", "Its text, as plain text: paragraphs separated by a blank line."))
    return out


def row(entry: Entry, config: Config, text: str | None = None) -> dict:
    """An article's values, by column name (lists as lists, a missing value as None)."""
    a = entry.article
    values = {"path": entry.url}
    if config.base_url:
        values["address"] = config.base_url + entry.url
    values.update({
        "title": a.title, "date": a.instant.isoformat(), "day": a.day.isoformat(),
        "source": entry.source.name,
        "language": a.language, "authors": list(a.authors), "tags": [t.name for t in entry.tags],
        "original_url": a.url, "summary": a.summary, "updated": a.updated.isoformat() if a.updated else None,
        "file": "content/" + a.path,
    })
    if config.data_text:
        values["text"] = text
    return values


def to_csv(rows: list[dict], names: list[str]) -> str:
    """RFC 4180 CSV: a header row, CRLF line ends, quoting when needed; lists as JSON arrays; every cell
    made inert for spreadsheets (``spreadsheet_cell``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([spreadsheet_cell(name) for name in names])
    for values in rows:
        writer.writerow([spreadsheet_cell(_cell(values[name])) for name in names])
    return out.getvalue()


def spreadsheet_cell(text: str) -> str:
    """The cell as a CSV file the archive writes holds it: with an apostrophe before a text that begins
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, which a spreadsheet would otherwise run as a
    formula (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``). A text of apostrophes before one of those
    gets one more too, so that ``from_csv`` can always take the added one off (``text_of_cell``)."""
    return "'" + text if _FORMULA.match(text) else text


def text_of_cell(cell: str) -> str:
    """The text a CSV cell written by ``to_csv`` holds: without the apostrophe ``spreadsheet_cell`` added."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(values, ensure_ascii=False) + "\n" for values in rows)


def from_csv(text: str) -> list[dict]:
    """The rows of a CSV file written by ``to_csv``, each cell's text as it was given (the apostrophe that
    keeps a spreadsheet from running it taken off), for tests and tools."""
    reader = csv.reader(io.StringIO(text, newline=""))
    names = [text_of_cell(name) for name in next(reader)]
    return [dict(zip(names, map(text_of_cell, cells))) for cells in reader]


# ---- the pages ----

def data_pages(archive: Archive, config: Config, years=None) -> list[Page]:
    """Each year's CSV and JSON Lines files (``years``: only those years', when given), the descriptor and
    the data page."""
    pages: list[Page] = []
    counts = []
    names = [c.name for c in columns(config)]
    for year, months in sorted(archive.calendar.items()):
        if years is not None and year not in years:
            counts.append((year, sum(len(entries) for days in months.values() for entries in days.values())))
            continue
        entries = [e for m in sorted(months) for d in sorted(months[m]) for e in months[m][d]]
        counts.append((year, len(entries)))
        for template, extension in zip(DATA_TEMPLATES, ("csv", "jsonl")):
            page = Page(routes.data_file(year, extension), template,
                        {"entries": entries, "year": year, "with_text": config.data_text})
            # (grown by an added article: rebuilds.year_files)
            page.key = set_key(page.url, names, entries=entries, texts=config.data_text)
            pages.append(page)
    package = Page(routes.data_package(), "datapackage.json", {"counts": counts})
    package.key = page_key(package.url, [year for year, _count in counts])
    database = database_links(config)  # the SQLite database, with ``database: true``
    listing = Page(routes.data(), "data.html", {"counts": counts, "columns": columns(config),
                                                 "csv_cells": CSV_CELLS_NOTE, "database": database})
    listing.key = page_key(listing.url, counts)  # (the config is in every page's key: site_key)
    return pages + [package, listing]


def file_text(kind: str, page: Page, config: Config) -> str:
    """The text of a year's ``csv`` or ``jsonl`` file, or of the ``package`` descriptor."""
    if kind == "package":
        return json.dumps(descriptor(page.context["counts"], config), ensure_ascii=False, indent=2) + "\n"
    bodies = page.context.get("bodies") or {}
    rows = [row(e, config, plain_text(bodies[e.article.path]) if e.article.path in bodies else None)
            for e in page.context["entries"]]
    if kind == "csv":
        return to_csv(rows, [c.name for c in columns(config)])
    return to_jsonl(rows)


def descriptor(counts: list[tuple[int, int]], config: Config) -> dict:
    """The Tabular Data Package descriptor (Frictionless Data v1): the site, its licence and sources when the
    config gives them, and a resource for each file with its Table Schema."""
    fields = []
    for c in columns(config):
        field: dict = {"name": c.name, "type": c.type, "format": c.format, "description": c.description}
        if c.required:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema = {"fields": fields, "primaryKey": ["path"], "missingValues": [""]}
    package: dict = {
        "profile": "tabular-data-package",
        "name": routes.make_slug(config.title, fallback="news-archive"),
        "title": config.title,
    }
    if config.description:
        package["description"] = config.description
    if config.base_url:
        package["homepage"] = config.base_url
    if config.license:
        key = "path" if config.license.startswith(("http://", "https://")) else "name"
        package["licenses"] = [{key: config.license}]
    sources = [{"title": name, "path": info.url} for name, info in sorted(config.sources.items()) if info.url]
    if sources:
        package["sources"] = sources
    resources = []
    for year, _count in counts:
        for extension, media, extra in (
                ("csv", "text/csv", {"dialect": CSV_DIALECT}),
                ("jsonl", "application/jsonl", {})):
            path = routes.data_file(year, extension)
            resources.append({
                "name": f"articles-{year:04d}-{extension}",
                "path": path.rpartition("/")[2],  # beside the descriptor
                "profile": "tabular-data-resource",
                "title": f"Articles of {year:04d}",
                # no count here: the descriptor changes only when a year or the configuration does (the
                # data page shows the counts)
                "description": f"The articles published in {year:04d}, oldest first."
                               + (" " + CSV_CELLS_NOTE if extension == "csv" else ""),
                "format": extension, "mediatype": media, "encoding": "utf-8", **extra,
                "schema": schema,
            })
    package["resources"] = resources
    return package


# ---- the text ----

_BLOCKS = frozenset({"p", "div", "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr",
                     "figure", "figcaption", "table", "ul", "ol", "hr", "dl", "dt", "dd", "section",
                     "article"})
_SPACES = re.compile(r"[ \t\r\f\v]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(_SPACES.sub(" ", data.replace("\n", " ")))


def database_links(config: Config) -> dict | None:
    """What the data page says of the database: its address in the site, and the Datasette Lite address
    that opens it in a browser (only with ``base_url``: Datasette Lite fetches it by its full address).
    None when the config does not ask for it."""
    if not config.database:
        return None
    url = routes.database()
    lite = DATASETTE_LITE + quote(config.base_url + url, safe=":/") if config.base_url else None
    return {"url": url, "datasette_lite": lite}


def shows_text(config: Config, tree, rel: str, place) -> bool:
    """Whether the year's data files show an article's text (``data_text: true``): see planning."""
    return config.data_text


def plain_text(body_html: str) -> str:
    """A body's HTML as plain text: one line per paragraph, a blank line between paragraphs."""
    parser = _Text()
    parser.feed(body_html)
    parser.close()
    text = "".join(parser.parts)
    paragraphs = (" ".join(line.split()) for line in re.split(r"\n{2,}", text))
    return "\n\n".join(p for p in (q.strip() for q in paragraphs) if p)
