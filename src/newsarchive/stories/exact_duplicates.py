"""``newsarchive check``: the same text under two addresses (exact duplicates), whatever their titles, days
and original urls. ``duplicates`` compares only files that share an original url or a title and day; this
reads every article's body once, compares it with whitespace aside (line breaks, indentation, spaces),
and names both files of each pair it finds, with how to fix it."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path

from newsarchive import text as text_file
from newsarchive.errors import WARNING, Problem

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^---[ \t]*$", re.DOTALL | re.MULTILINE)


def body_key(raw: bytes) -> str | None:
    """The fingerprint of a file's body (front matter aside), whitespace aside; None for an empty body."""
    text = _FRONT_MATTER.sub("", text_file.decode(raw, errors="replace"), count=1)
    words = " ".join(text.split())
    if not words:
        return None
    return hashlib.blake2b(words.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def exact_duplicate_warnings(articles, content_dir: Path | None, already: list[Problem]) -> list[Problem]:
    """A warning on the later file (by path) of each pair of articles with the same body, unless
    ``already`` (the ``duplicates`` module's warnings) names that pair."""
    if content_dir is None:
        return []
    groups: dict[str, list] = defaultdict(list)
    for article in articles:
        try:
            key = body_key((content_dir / article.path).read_bytes())
        except OSError:
            continue
        if key is not None:
            groups[key].append(article)
    named = {(p.path, other) for p in already for other in _paths_in(p.message)}
    out: list[Problem] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        group = sorted(group, key=lambda a: a.path)
        first = group[0]
        other = "content/" + first.path
        for article in group[1:]:
            shown = "content/" + article.path
            if (shown, other) in named:
                continue
            if article.source == first.source:
                hint = (f"an article archived twice: delete {shown} (or {other}); if they are two articles, "
                        "give each its own text")
            else:
                hint = (f"if both {first.source or 'unattributed'} and {article.source or 'unattributed'} "
                        "ran this text (wire copy), keep both; otherwise delete the file that is wrong")
            out.append(Problem(shown, None, f"exact duplicate: {shown} has the same text as {other} "
                                            "(whitespace aside), under another address", hint, WARNING))
    return out


def _paths_in(message: str) -> list[str]:
    return re.findall(r"content/\S+?\.(?:md|txt)\b", message)
