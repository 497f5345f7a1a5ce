"""Importing an item the archive already has, changed: a new version of its article (``versions.py``).

An item matches an article by its original url (``records.url_key``) or its import key. When the article
was written by an import (it has ``imported_from:``) and the item's title or text differs from it (by more
than whitespace: spaces, line breaks and blank lines aside), the article's file is copied, as it is, into
its versions folder, and the file is rewritten with:

- from the item: ``title``, the text, ``summary``, the authors, ``language`` (when the item says it) and
  ``imported_from`` (where this version came from);
- kept from the file: ``date`` (the day it is filed under), ``source``, ``url``, ``import_key``, the slug
  (written as ``slug:`` when the new title would give another one, so that the address never changes),
  ``corrections``, ``updated``, ``draft`` and every other key an editor added; its tags, followed by the
  item's new ones.

An article written by hand is never replaced by an import: a matching item is skipped, as before.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from newsarchive import text as text_file
from newsarchive.content import compose
from newsarchive.content.frontmatter import FrontMatterError, split
from newsarchive.importer import body_files
from newsarchive.importer.records import Item
from newsarchive.output import atomic_files
from newsarchive.versions import files as versions

FROM_ITEM = ("title", "summary", "author", "authors", "language", "imported_from")


def _folded(text: str) -> str:
    return " ".join(str(text).split())


def read_current(path: Path) -> tuple[dict, str] | None:
    """The article file's front matter and body, or None when it cannot be read (the build reports why)."""
    try:
        parts = split(text_file.decode(path.read_bytes()))
    except (OSError, FrontMatterError, text_file.NotUTF8):
        return None
    return parts.data, parts.body


_MARKDOWN_CHARS = re.compile(r"([\\`*_\[\]<>|~&])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])", re.MULTILINE)


def body_for(path: Path, item: Item) -> str:
    """The item's text as the article's file holds text (its suffix decides, as the loader reads it): HTML
    and Markdown in a ``.txt`` file become their plain text; plain text in a Markdown file is escaped, so
    that nothing in it is read as markup. Raises ``body_files.BodyError`` for HTML too deep to convert."""
    suffix, body = body_files.as_file(item.body, item.body_kind)
    is_text = path.suffix.lower() == ".txt"
    if is_text and suffix != ".txt":
        from newsarchive.content.markup import render_markdown, sanitize
        from newsarchive.versions.worddiff import paragraphs

        try:
            html = render_markdown(body, "", want_title=False)[0]
            return "\n\n".join(paragraphs(sanitize(html)))
        except RecursionError:
            raise body_files.BodyError(body_files.TOO_DEEP) from None
    if not is_text and suffix == ".txt":
        escaped = _MARKDOWN_CHARS.sub(r"\\\1", body)
        return _MARKDOWN_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    return body


def changed(current: tuple[dict, str], item: Item, path: Path) -> bool:
    """Whether the item's title or text differs from the article's, whitespace aside."""
    data, body = current
    new_body = body_for(path, item)
    return (_folded(data.get("title") or "") != _folded(item.title)
            or _folded(body) != _folded(new_body))


def imported(current: tuple[dict, str]) -> bool:
    """Whether an import wrote the article (an editor's own file is never replaced by an import)."""
    return isinstance(current[0].get("imported_from"), dict)


def revise(path: Path, current: tuple[dict, str], item: Item, provenance: dict, moment: datetime,
           slug_mode: str, shown: str | None = None) -> int:
    """Keep the file as a version, write the item's new content in its place; returns the number of the
    version now current (2 after the first update: version 1 is the copy kept). ``slug_mode``: the site's
    ``slugs:`` (the article's address is made with it); ``shown``: the versions folder as messages name it.
    Raises versions.VersionError (nothing written) when its versions folder cannot take a new version."""
    from newsarchive.routes import make_slug

    data, _body = current
    slug = make_slug(str(data.get("slug") or data.get("title") or ""), fallback=path.stem, mode=slug_mode)
    body = body_for(path, item)
    fields = dict(data)
    for key in FROM_ITEM:
        fields.pop(key, None)
    fields["title"] = item.title
    if item.summary:
        fields["summary"] = item.summary
    if item.language:
        fields["language"] = item.language
    if item.authors:
        fields["author" if len(item.authors) == 1 else "authors"] = (item.authors[0] if len(item.authors) == 1
                                                                      else item.authors)
    old_tags = data.get("tags")
    if isinstance(old_tags, list):
        tags = [str(t) for t in old_tags]
    else:
        tags = [t.strip() for t in str(old_tags or "").split(",") if t.strip()]
    fields["tags"] = tags + [t for t in item.tags if t not in tags]
    if "slug" not in data and make_slug(item.title, fallback=path.stem, mode=slug_mode) != slug:
        fields["slug"] = slug  # the title changed: the address must not
    fields["imported_from"] = provenance
    _version, number = versions.record(path, moment, shown)
    # replaced in one step: a process killed meanwhile leaves the article as it was (its copy kept too)
    atomic_files.write_over(path, compose.article_text(fields, body).encode("utf-8"))
    return number + 1
