"""``newsarchive check``: the same article twice, told apart from two different articles that would share an
original url or a title and day.

- Two files whose original urls are one page (``importer.records.url_key``: tracking parameters, scheme,
  ``www.``, a trailing slash and fragments aside) or that share a title and day are compared by their text
  (the body, whitespace aside).
- Same source and same text: a true duplicate, "keep one".
- Different texts: two different articles; the editor gives one a ``slug:`` (same title and day) or checks
  the urls (same url: one may be a later version of the other).
Only files in such a group are read again, so the check costs nothing on an archive without them.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from newsarchive import text as text_file
from newsarchive.content.frontmatter import FrontMatterError, split
from newsarchive.errors import WARNING, Problem
from newsarchive.importer.records import url_key


def duplicate_warnings(articles, content_dir: Path | None) -> list[Problem]:
    by_url: dict[str, list] = defaultdict(list)
    by_title: dict[tuple, list] = defaultdict(list)
    for article in articles:
        if article.url:
            by_url[url_key(article.url)].append(article)
        by_title[(article.day, " ".join(article.title.split()).casefold())].append(article)
    texts: dict[str, str | None] = {}
    out: list[Problem] = []
    reported: set[frozenset[str]] = set()
    for url, group in sorted(by_url.items()):
        if len(group) > 1:
            out += _judge(group, content_dir, texts, reported, f"the original url {group[0].url}")
    for (day, _title), group in sorted(by_title.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if len(group) > 1:
            out += _judge(group, content_dir, texts, reported, f"the title and day ({day.isoformat()})")
    return out


def _judge(group, content_dir: Path | None, texts: dict, reported: set, what: str) -> list[Problem]:
    group = sorted(group, key=lambda a: a.path)
    names = frozenset(a.path for a in group)
    if names in reported:
        return []
    reported.add(names)
    first = group[0]
    out: list[Problem] = []
    for article in group[1:]:
        shown, other = "content/" + article.path, "content/" + first.path
        same_text = _text(first, content_dir, texts) == _text(article, content_dir, texts) is not None
        if same_text and article.source == first.source:
            out.append(Problem(shown, None, f"duplicate: {shown} has the same text as {other} "
                                                 f"(and {what})", "keep one", WARNING))
        elif same_text:
            continue  # one story from two sources (a wire story): two articles
        elif what.startswith("the title"):
            out.append(Problem(shown, None, f"two different articles share {what}: {other} and {shown} "
                                                 "have different words",
                                    "give one a `slug:` (or a more precise title)", WARNING))
        else:
            out.append(Problem(shown, None, f"two different articles have {what}: {other} and {shown} "
                                                 "have different words",
                                    "check the url of each; if one is a later version of the other, keep one",
                                    WARNING))
    return out


def _text(article, content_dir: Path | None, texts: dict) -> str | None:
    """The article's body, whitespace aside (None when it cannot be read)."""
    if article.path not in texts:
        body = None
        if content_dir is not None:
            try:
                raw = text_file.decode((content_dir / article.path).read_bytes(), errors="replace")
                body = " ".join(split(raw).body.split())
            except (OSError, FrontMatterError):
                body = None
        texts[article.path] = body
    return texts[article.path]
