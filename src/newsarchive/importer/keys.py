"""The import keys already in the archive: every article's original ``url`` and ``import_key``.

An imported item is the same as an existing article when its url is (trailing slash aside), or, without a
url, when the hash of its title, day and text is; the hash is kept in the file as ``import_key:``. Urls are
compared by ``records.url_key`` (tracking parameters, scheme, ``www.``, a trailing slash aside), and an
address that differs only by its whole query string is the same article when the title and day are too.
Articles written by hand count too: importing a story the archive already has by its url adds nothing.
The articles are the build's (``tree.scan``): hidden files, editor backups, Hugo's ``_index`` pages,
links leading outside content/ and named pipes are not articles here either."""

from __future__ import annotations

from pathlib import Path

from newsarchive import dates
from newsarchive import text as text_file
from newsarchive.content.frontmatter import FrontMatterError, split
from newsarchive.content.tree import scan
from newsarchive.importer.records import story_key, url_key


def existing_keys(content_dir: Path) -> dict[str, str]:
    """{key: the file that has it, relative to the site folder (content/...)}."""
    keys: dict[str, str] = {}
    for rel in scan(content_dir).articles:
        try:
            text = text_file.decode((content_dir / rel).read_bytes(), errors="replace")
            data = split(text).data
        except (OSError, FrontMatterError):
            continue  # the build reports it
        shown = "content/" + rel
        for name in ("url", "import_key"):
            value = data.get(name)
            if isinstance(value, str) and value.strip():
                keys.setdefault(url_key(value) if name == "url" else value.strip(), shown)
        url, title = data.get("url"), data.get("title")
        if isinstance(url, str) and url.strip() and isinstance(title, str) and data.get("date") is not None:
            try:
                day = dates.parse_date(data["date"]).day
            except dates.DateError:
                continue
            keys.setdefault(story_key(url, title, day), shown)
    return keys
