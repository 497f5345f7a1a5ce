"""Redirect pages at an article's old addresses, so that links into a migrated site keep working: the
``aliases`` Hugo reads, the ``redirect_from`` of Jekyll's plugin, the ``permalink`` (or Hugo's ``url``)
the article's front matter gave its page on the old site, and the address the old site's permalink
pattern gave it (``old_permalinks: /:year/:month/:day/:slug.html`` in the config: ``pattern_address``).
Each is a small HTML page at that path, as Hugo writes its aliases: a refresh to the article's page
(relative, so that it works under any base path), its canonical address, ``noindex``, and a link for a
reader whose browser does not follow the refresh.

An old address is a path on the same site (``/2019/11/20/how-le-runs-ct-logs.html``, ``/blog/slug/``): a
full address on another host, a path that leaves the site (``..``), or one that would replace a page of
the archive or another article's redirect is left out, with a warning naming the article."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, urlsplit

from newsarchive import routes
from newsarchive.errors import WARNING, Problem
from newsarchive.fingerprints import page_key
from newsarchive.model import Entry, Page

TEMPLATE = "redirect.html"
KEYS = ("aliases", "redirect_from", "permalink")  # the front-matter keys that name an old address
MOST = 50  # old addresses one article may have: more is a mistake, not a history


TOKENS = routes.OLD_PERMALINK_TOKENS
_JEKYLL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def pattern_address(article, pattern: str) -> str:
    """The address an old site's permalink pattern gave an article: ``:year``, ``:month``, ``:day`` (its
    day), ``:slug`` (its slug), ``:filename`` (its file's name without suffix, nor Jekyll's date prefix),
    ``:title`` (its title as an ASCII slug)."""
    stem = article.path.rpartition("/")[2].rpartition(".")[0]
    day = article.day
    values = {":year": f"{day.year:04d}", ":month": f"{day.month:02d}", ":day": f"{day.day:02d}",
              ":slug": article.slug, ":filename": _JEKYLL_DATE.sub("", stem),
              ":title": routes.make_slug(article.title, fallback=stem)}
    return re.sub("|".join(re.escape(t) for t in sorted(TOKENS, key=len, reverse=True)),
                  lambda m: values[m.group(0)], pattern)


def old_addresses(extra: dict, article=None, patterns: tuple[str, ...] = ()) -> list[str]:
    """The old addresses an article's front matter names, as written, then those the old site's
    permalink patterns give it (when ``article`` is given)."""
    found: list[str] = []
    for key in KEYS:
        value = extra.get(key)
        for item in (value if isinstance(value, list) else [value]):
            if isinstance(item, str) and item.strip():
                found.append(item.strip())
    if article is not None:
        found += [pattern_address(article, pattern) for pattern in patterns]
    return found[:MOST]


def has_old_addresses(extra: dict) -> bool:
    return any(extra.get(key) for key in KEYS)


def redirect_url(address: str) -> str | None:
    """The archive URL that serves an old address (``/blog/slug/`` -> ``blog/slug/``, ``/a/b.html`` ->
    ``a/b.html``, ``/a/b`` -> ``a/b/``), percent-encoded; None when it is not a path on this site."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or any(ord(c) < 32 or c in "\\\x7f" for c in address):
        return None
    path = parts.path
    if not path.startswith("/"):
        return None
    clean = posixpath.normpath(path).lstrip("/")
    if not clean or clean == "." or clean.startswith("..") or "/../" in path or path.endswith("/.."):
        return None
    if not clean.lower().endswith((".html", ".htm")):
        clean += "/"
    return quote(clean, safe="/-._~!$&'()*+,;=:@")


def old_urls(entries: list[Entry], patterns: tuple[str, ...] = ()) -> dict[str, str]:
    """Each old address (by ``routes.root_key``) -> the page of the article it names (the newest first):
    what an article's root-relative link to an old address points at (``markup.rebase_links``)."""
    urls: dict[str, str] = {}
    for entry in entries:
        extra = entry.article.extra
        if patterns or has_old_addresses(extra):
            for address in old_addresses(extra, entry.article, patterns):
                key = routes.root_key(address) if redirect_url(address) is not None else None
                if key:
                    urls.setdefault(key, entry.url)
    return urls


def redirect_pages(entries: list[Entry], taken: set[str], patterns: tuple[str, ...] = ()
                   ) -> tuple[list[Page], list[Problem]]:
    """A redirect page for each old address of each article (newest first, the first to name an address
    keeps it), none where ``taken`` (the output paths of the archive's pages) already has a file."""
    pages: list[Page] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for entry in entries:
        extra = entry.article.extra
        if not patterns and not has_old_addresses(extra):
            continue
        for address in old_addresses(extra, entry.article, patterns):
            url = redirect_url(address)
            shown = f"content/{entry.article.path}"
            if url is None:
                problems.append(Problem(shown, None, f"its old address {address!r} is not a path of the old "
                                        "site (such as /2019/11/20/slug.html): no redirect page is made for "
                                        "it", "write the old address as a path from the site's root",
                                        WARNING))
                continue
            path = routes.output_path(url)
            if url == entry.url or path in seen:
                continue  # its own page, or an address another article took first
            if path in taken:
                problems.append(Problem(shown, None, f"its old address {address!r} is the address of a page "
                                        "of the archive: no redirect page is made for it", "", WARNING))
                continue
            seen.add(path)
            pages.append(redirect_page(url, entry))
    return pages, problems


def redirect_page(url: str, entry: Entry) -> Page:
    page = Page(url, TEMPLATE, {"target": entry.url, "title": entry.article.title, "noindex": True},
                language=entry.article.language)
    page.key = page_key(url, entry.url, entry.article.title)
    return page
