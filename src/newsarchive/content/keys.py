"""Which front-matter keys the archive knows, and the warning for one it does not (a typo such as ``dte:``).

A key is known when newsarchive reads it, when an import writes it, when another generator's site is
known to carry it (Hugo, Jekyll, Pelican, Eleventy: a migrated site keeps its keys, unused, without a
warning per file), or when the site declares it under ``extra_keys`` in ``newsarchive.yaml`` (keys its own
templates read as ``article.extra.KEY``). Any other key is almost always a misspelling, and a misspelt
``date`` files the article under the day in its file name without a word: so it is a warning, on its line,
with the nearest known key.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable

from newsarchive.errors import shorten

# newsarchive's own keys: what the loader reads, and what imports and versions write.
OWN = frozenset({
    "title", "date", "source", "language", "lang", "url", "tags", "author", "authors", "summary", "slug",
    "draft", "updated", "corrections", "story", "translation_of", "import_key", "imported_from", "archived",
})
# Other generators' front matter (compared in lower case: Hugo reads keys in any case, Pelican capitalizes).
GENERATORS = frozenset({
    # Hugo
    "aliases", "audio", "build", "cascade", "description", "expirydate", "headless", "images",
    "keywords", "lastmod", "layout", "linktitle", "markup", "outputs", "params", "publishdate", "pubdate",
    "published", "resources", "series", "sitemap", "type", "unpublishdate", "videos", "weight", "toc",
    "categories", "category", "menu", "menus", "translationkey", "featured_image", "image", "cover",
    "subtitle", "showtoc", "comments", "iscjklanguage",
    # Jekyll
    "permalink", "excerpt", "excerpt_separator", "last_modified_at", "modified", "redirect_from",
    "redirect_to", "hidden", "pinned", "header", "sidebar", "share", "related", "feature",
    # Pelican
    "status", "translation", "save_as", "url_save_as", "template",
    # Eleventy
    "eleventynavigation", "eleventyexcludefromcollections", "eleventycomputed", "pagination",
    "templateengineoverride",
})


def known(key: str, declared: frozenset[str]) -> bool:
    return key in OWN or key in declared or key.lower() in GENERATORS or key.lower() in OWN


def unknown_keys(keys: Iterable[str], lines: dict[str, int],
                 declared: frozenset[str]) -> list[tuple[int | None, str, str]]:
    """``(line, message, hint)`` for each key nobody reads, in the file's order."""
    out = []
    for key in keys:
        if not isinstance(key, str) or known(key, declared):
            continue
        guess = _guess(key.lower())
        if len(key) > 40:  # a line of text taken for a key: named, not repeated three times
            out.append((lines.get(key), f"unknown key {shorten(key)}: nothing reads it, so it has no effect",
                        "correct the key's name (a key is a short name before a colon)"))
            continue
        out.append((lines.get(key), f"unknown key '{key}': nothing reads it, so it has no effect",
                    (f"{guess}correct the key's name; if your own templates read it (article.extra.{key}), "
                    f"declare it once in newsarchive.yaml: extra_keys: [{key}]")))
    return out


@functools.lru_cache(maxsize=1024)
def _guess(key: str) -> str:
    """"did you mean ...? " for the nearest known key, or "": asked once per key in a process (a key
    carried by every file of an import would otherwise be compared again for each)."""
    close = difflib.get_close_matches(key, sorted(OWN - {"lang"}), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""
