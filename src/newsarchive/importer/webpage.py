"""HTML pages saved from the web (a file, or a folder of ``.html`` files): the article's text and facts
are found by trafilatura (which leaves out menus, footers and scripts), its text kept as Markdown.

The date comes only from the page's own metadata (``pagedate``), never from trafilatura's guess. A sidecar
file ``PAGE.yaml`` beside ``PAGE.html`` gives what the page lacks or gets wrong (``date:``, ``title:``,
``source:``, ``author:``...): its keys win over what was extracted. The page itself is kept beside the
article (``run`` copies it to ``.originals/``), never published."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from newsarchive import options
from newsarchive import text as text_file
from newsarchive.content.frontmatter import FrontMatterError, parse_yaml_mapping
from newsarchive.importer.pagedate import page_date
from newsarchive.importer.records import BadRow, Row

SUFFIXES = options.IMPORT_SUFFIXES["html"]

_META = (r"""<meta\s[^>]*?(?:property|name|itemprop)\s*=\s*["']{name}["']"""
         r"""[^>]*?content\s*=\s*["']([^"']+)["']""")
_META_REVERSED = (r"""<meta\s[^>]*?content\s*=\s*["']([^"']+)["']"""
                  r"""[^>]*?(?:property|name|itemprop)\s*=\s*["']{name}["']""")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


def pages(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                      and not any(part.startswith(".") for part in p.relative_to(path).parts))
    return [path]


def read(path: Path, shown: str) -> Iterator[Row | BadRow]:
    for page in pages(path):
        where = shown if page == path else f"{shown.rstrip('/')}/{page.relative_to(path).as_posix()}"
        values = extract(page.read_bytes(), where)
        if isinstance(values, BadRow):
            yield values
            continue
        sidecar, sidecar_where = _sidecar(page), f"{where.rsplit('.', 1)[0]}.yaml"
        if sidecar is not None:
            try:
                given = _sidecar_values(sidecar)
            except FrontMatterError as exc:
                line = f":{exc.line}" if exc.line else ""
                yield BadRow(f"{sidecar_where}{line}", f"{exc.message}; {exc.hint or 'fix the YAML'}")
                continue
            values.update(given)
        undated = ("no date in the page's own metadata (JSON-LD datePublished, article:published_time, the "
                   "article's <time>, a dateline); give it with --date YYYY-MM-DD, "
                   f"or write 'date: YYYY-MM-DD' in {sidecar_where} beside the page")
        yield Row(where, values, undated=undated, original=page)


_SIDECAR_KEYS = {"title": "title", "date": "date", "source": "source", "language": "language",
                 "lang": "language", "url": "url", "tags": "tags", "author": "authors", "authors": "authors",
                 "summary": "summary"}


def _sidecar(page: Path) -> Path | None:
    for suffix in (".yaml", ".yml"):
        candidate = page.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def _sidecar_values(path: Path) -> dict:
    """The sidecar's keys as row values; raises FrontMatterError."""
    text = text_file.decode(path.read_bytes(), errors="replace")
    data, _lines = parse_yaml_mapping(text, 1, "the sidecar file")
    out = {}
    for key, value in data.items():
        name = _SIDECAR_KEYS.get(str(key).lower())
        if name is None or value is None:
            continue
        out[name] = [value] if name == "authors" and not isinstance(value, list) else value
    return out


def extract(raw: bytes, where: str) -> dict | BadRow:
    """A page's article: its text as Markdown (``markdown``), title, date (its own metadata only: the
    date's value and its Markdown), address, site name, authors, tags, summary and language; a BadRow
    when trafilatura finds no article text in it."""
    import lxml.html
    import trafilatura
    from trafilatura.metadata import extract_metadata

    text = raw.decode("utf-8", errors="replace")
    try:
        body = trafilatura.extract(text, output_format="markdown", include_links=True,
                                   include_formatting=True, include_tables=True, include_comments=False,
                                   with_metadata=False, favor_precision=True)
        meta = extract_metadata(text)
        tree = lxml.html.document_fromstring(raw)
    except Exception as exc:  # noqa: BLE001 - trafilatura on a broken page: one bad page, not a failed import
        return BadRow(where, f"could not be read as a web page ({exc}); save the page again as HTML")
    if not body:
        return BadRow(where, "no article text found in the page; save the article's own page (not a "
                             "list of articles), as 'Web page, complete' or HTML only")
    title = meta.title if meta is not None else None
    language = _language(text)
    markdown = _without_title(body, title)
    found = page_date(tree, markdown, language)
    return {
        "title": title,
        "date": found[0] if found else None,
        "url": (meta.url if meta is not None else None) or _meta(text, "og:url"),
        "source": meta.sitename if meta is not None else None,
        "authors": [a.strip() for a in (meta.author or "").split(";") if a.strip()] if meta else [],
        "tags": list(meta.tags or []) if meta is not None else [],
        "summary": meta.description if meta is not None else None,
        "language": language,
        "markdown": markdown,
    }


def _meta(text: str, name: str) -> str | None:
    for pattern in (_META, _META_REVERSED):
        found = re.search(pattern.format(name=re.escape(name)), text, re.IGNORECASE)
        if found:
            return found.group(1).strip()
    return None


def _language(text: str) -> str | None:
    found = _HTML_LANG.search(text)
    if found:
        return found.group(1)
    locale = _meta(text, "og:locale")
    return locale.replace("_", "-") if locale else None


def _without_title(markdown: str, title: str | None) -> str:
    """trafilatura keeps the page's headline as a first heading: it is the title, not the text."""
    lines = markdown.lstrip("\n").split("\n")
    if (title and lines and lines[0].lstrip("#").strip() == " ".join(title.split())
            and lines[0].startswith("#")):
        lines = lines[1:]
    return "\n".join(lines).strip("\n")
