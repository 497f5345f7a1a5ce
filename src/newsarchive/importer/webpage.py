"""HTML pages saved from the web (a file, or a folder of ``.html`` files): the article's text and facts
are found by trafilatura (which leaves out menus, footers and scripts), its text kept as Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from newsarchive.importer.records import BadRow, Row

SUFFIXES = (".html", ".htm", ".xhtml")

_META = r"""<meta\s[^>]*?(?:property|name|itemprop)\s*=\s*["']{name}["'][^>]*?content\s*=\s*["']([^"']+)["']"""
_META_REVERSED = r"""<meta\s[^>]*?content\s*=\s*["']([^"']+)["'][^>]*?(?:property|name|itemprop)\s*=\s*["']{name}["']"""
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


def pages(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                      and not any(part.startswith(".") for part in p.relative_to(path).parts))
    return [path]


def read(path: Path, shown: str) -> Iterator[Row | BadRow]:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    for page in pages(path):
        where = shown if page == path else f"{shown.rstrip('/')}/{page.relative_to(path).as_posix()}"
        raw = page.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        try:
            body = trafilatura.extract(text, output_format="markdown", include_links=True,
                                       include_formatting=True, include_tables=True, include_comments=False,
                                       with_metadata=False, favor_precision=True)
            meta = extract_metadata(text)
        except Exception as exc:  # noqa: BLE001 - trafilatura on a broken page: one bad page, not a failed import
            yield BadRow(where, f"could not be read as a web page ({exc}); save the page again as HTML")
            continue
        if not body:
            yield BadRow(where, "no article text found in the page; save the article's own page (not a "
                                "list of articles), as 'Web page, complete' or HTML only")
            continue
        title = meta.title if meta is not None else None
        values = {
            "title": title,
            "date": _meta(text, "article:published_time") or _meta(text, "datePublished")
            or (meta.date if meta is not None else None),
            "url": (meta.url if meta is not None else None) or _meta(text, "og:url"),
            "source": meta.sitename if meta is not None else None,
            "authors": [a.strip() for a in (meta.author or "").split(";") if a.strip()] if meta else [],
            "tags": list(meta.tags or []) if meta is not None else [],
            "summary": meta.description if meta is not None else None,
            "language": _language(text),
            "markdown": _without_title(body, title),
        }
        yield Row(where, values)


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
    if title and lines and lines[0].lstrip("#").strip() == " ".join(title.split()) and lines[0].startswith("#"):
        lines = lines[1:]
    return "\n".join(lines).strip("\n")
