"""A subscription feed grown by the articles added on top of it, instead of made again: a feed carries its
latest 50 articles with their whole text, so making it again reads and renders 50 bodies (seven feeds an
added article: about 350, most of a told addition's rendering). Here only the new articles' entries are
rendered, with the feed's head (its ``updated`` and links); the entries kept are copied from the last
build's file, the oldest ones past 50 left out.

It applies to a rebuild that only adds articles (``additions``), which stands aside when an added article
could change another's entry (one linked by an older text, a renamed term, a new story): so an entry kept
is the bytes the last build wrote for it. The planner marks a feed (``mark``) when its new entries are all
above the old ones; the renderer (``grown``) checks the old file against the fixity record's SHA-256 and
each kept entry's ``<id>`` in order, and renders the feed whole when anything differs.
``tests/test_additions.py`` compares the result with a clean build's, byte for byte.
"""

from __future__ import annotations

import hashlib

from newsarchive import routes
from newsarchive.model import Page

GROWN = "grown_feed"  # a page context's key: (the last build's file, its SHA-256, the number of new entries)
FEED_TEMPLATE = "atom.xml"
_ENTRY = b"\n  <entry xml:lang="  # each entry starts a line (titles and texts in it are escaped)
_END = b"</feed>"


def mark(pages: list[Page], new_paths: set[str], output: str, record, untrusted) -> None:
    """Mark each subscription feed whose new entries (``new_paths``) are its newest, with the file the
    last build wrote for it (``record``: the fixity record's rows by output path)."""
    for page in pages:
        if page.template != FEED_TEMPLATE or "entries" not in page.context:
            continue
        entries = page.context["entries"]
        count = sum(1 for e in entries if e.article.path in new_paths)
        if not count or any(e.article.path not in new_paths for e in entries[:count]):
            continue
        rel = routes.output_path(page.url)
        known = record.get(rel)
        if known is None or rel in untrusted:
            continue
        page.context[GROWN] = (f"{output}/{rel}", known[3], count)


def grown(env, page: Page, render) -> bytes | None:
    """The marked feed with its new entries rendered (``render``: a page to bytes) and the others copied
    from the last build's file; None when that file is not what the record says, or its entries are not
    the ones kept, in order."""
    path, digest, count = page.context[GROWN]
    try:
        with open(path, "rb") as handle:
            old = handle.read()
    except OSError:
        return None
    if hashlib.sha256(old).hexdigest() != digest:
        return None
    entries = page.context["entries"]
    kept = entries[count:]
    starts = _starts(old)
    end = old.rfind(_END)
    if end < 0 or len(kept) > len(starts) or (starts and starts[-1] > end):
        return None
    atom_id = env.globals["atom_id"]
    for i, entry in enumerate(kept):
        stop = starts[i + 1] if i + 1 < len(starts) else end
        at = old.find(b"<id>", starts[i], stop)
        wanted = f"<id>{atom_id(entry.article.url or 'article:' + entry.url)}</id>".encode()
        if at < 0 or not old.startswith(wanted, at):
            return None
    context = {key: value for key, value in page.context.items() if key != GROWN}
    made = render(Page(page.url, page.template, {**context, "entries": entries[:count]}, page.language,
                       page.key))
    if not kept:
        return made
    tail = made.rfind(_END)
    if tail < 0:
        return None
    stop = starts[len(kept)] if len(kept) < len(starts) else end
    return made[:tail] + old[starts[0]:stop] + made[tail:]


def _starts(data: bytes) -> list[int]:
    """Where each entry's line starts."""
    out, at = [], data.find(_ENTRY)
    while at >= 0:
        out.append(at + 1)
        at = data.find(_ENTRY, at + 1)
    return out
