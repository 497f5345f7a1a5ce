"""Every fingerprint the build compares with the last build's, named, with what it covers. A build re-reads,
re-renders or re-indexes only what a changed fingerprint says changed: a fingerprint that misses an input
means a stale page, so each one lists its inputs here, and the other modules call these.

| fingerprint | covers | a change means |
| --- | --- | --- |
| ``run_key`` | the theme's and config's file stats, build options, SOURCE_DATE_EPOCH | not a no-op build |
| ``loader_key`` | newsarchive's version, the loader's rules, the config it uses | re-read every file |
| ``site_key`` | the theme's and config's bytes, years, menus, ``loader_key``, options | re-render all |
| ``search_key`` | Pagefind's binary and the language it indexes as | re-index every year |
| ``content_hash`` | an article's bytes and the folder defaults it inherits | its page changes |
| ``facts_hash`` | an article's facts (all but its body): what lists show of it | its lists change |
| ``entry_key`` | ``facts_hash``, its URL, its source's, language's, tags', authors' names | lists change |
| ``page_key`` | a page's own inputs besides the site-wide ones (``article_page_key``) | that page changes |

``entry_key`` is ``Entry.key``, ``page_key`` is ``Page.key``.
All are blake2b, 16 bytes, of the ``repr`` of builtins: the same in every process and every run.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from newsarchive import __version__

SEPARATOR = b"\x1f"


def digest(*parts: object) -> str:
    """A stable fingerprint of builtins (the same in every process and every run)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(SEPARATOR)
    return h.hexdigest()


def files_key(paths: list[Path]) -> str:
    """The fingerprint of files' contents (the theme, the config)."""
    h = hashlib.blake2b(digest_size=16)
    for path in paths:
        h.update(str(path).encode("utf-8", "surrogatepass"))
        try:
            if not path.is_file():  # missing, or a named pipe that reading would wait on for ever
                raise FileNotFoundError(path)
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\x00missing")
    return h.hexdigest()


def stats_key(paths: list[Path]) -> str:
    """The cheap fingerprint of files (size and modification time), for the no-op check."""
    out = []
    for path in paths:
        try:
            st = path.stat()
            out.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((str(path), -1, -1))
    return digest(out)


# ---------------------------------------------------------------- the build's keys (in the cache's header)

def run_key(site_files: list[Path], options, portable: bool) -> str:
    """The no-op check: the theme's and config's files (``site_files``) by their stats, the build options
    that change the output, and the build's moment when set (a moment set back unpublishes articles)."""
    return digest(__version__, stats_key(site_files), options.drafts, options.future, options.skip_invalid,
                  options.search, portable, os.environ.get("SOURCE_DATE_EPOCH"))


def site_key(site_files: list[Path], years: tuple[int, ...], menus: tuple[str, ...], loader_key: str,
             search: bool, portable: bool, statics: tuple[str, ...] = ()) -> str:
    """What every page depends on: the theme's and config's bytes, the site's years and the kinds of term
    its menus link (every page's navigation), how articles are read (``content.loader.loader_key``), and
    the options that change every page, and the names of the site's static/ files (an article's link to
    one is made relative)."""
    return digest(__version__, files_key(site_files), years, menus, loader_key, search, portable,
                  statics or None)


def search_key(binary: str | None, stats: tuple[int, int] | None, language_code: str) -> str:
    """What the search index depends on besides the pages: Pagefind's binary and the language it
    indexes as."""
    return repr((binary, stats, language_code))


# ---------------------------------------------------------------- an article's and a page's keys

def content_hash(raw: bytes, defaults: dict) -> str:
    """Everything an article is made of: its bytes and the folder defaults it inherits."""
    h = hashlib.blake2b(raw, digest_size=16)
    if defaults:
        h.update(repr(defaults).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def facts_hash(facts: object) -> str:
    """An article's facts, everything but its body: what lists of articles can show of it."""
    return hashlib.blake2b(repr(facts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def entry_key(entry) -> bytes:
    """What lists show of a placed article (``archive.Entry``): its facts, its path and URL, its source's,
    language's, tags' and authors' keys and names (its page links its authors' pages). Its own page adds
    its content hash (``article_page_key``)."""
    a = entry.article
    text = "\x1f".join((
        a.facts_hash, a.path, entry.url, entry.source.key, entry.source.name, entry.language.name,
        *(f"{t.key}\x1e{t.name}" for t in entry.tags), "\x1d",
        *(f"{t.key}\x1e{t.name}" for t in entry.authors),
    ))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def with_links_shown(pages: list, urls: dict[str, str]) -> None:
    """A feed's or a data file's key gains the addresses its entries' texts link (``Article.links``), as
    an article page's has them (``article_page_key``): an article that a text links, arriving or moving,
    changes the text those pages show. Pages whose entries link nothing keep their key."""
    for page in pages:
        if page.kind.texts == "entries" or page.context.get("with_text"):
            linked = sorted({target for entry in page.context.get("entries") or ()
                             for target in entry.article.links})
            if linked:
                page.key = digest(page.key, [(target, urls.get(target)) for target in linked])


def page_key(*parts: object, entries: list = ()) -> str:
    """A page's inputs besides the site-wide ones: ``parts`` (builtins) and the keys of the entries it
    shows."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr(parts).encode("utf-8", "surrogatepass"))
    for entry in entries:
        h.update(entry.key)
    return h.hexdigest()


_SET_MODULUS = 1 << 128


def set_key(*parts: object, entries: list = (), texts: bool = False) -> str:
    """``page_key`` for a file that shows every article of a set in an order their keys decide (a year's
    data and export files), made so that adding articles grows it without the others (``grown_key``): the
    sum of a digest of each entry's key (and its text's hash, ``texts``) and of the ``parts``, modulo 2**128.
    An article added to a year of 100,000 then costs its own digest, not 100,000 keys read."""
    total = int.from_bytes(hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16)
                           .digest(), "big")
    return grown_key(f"{total:032x}", entries, texts)


def grown_key(key: str, entries: list, texts: bool = False, removed: list = ()) -> str:
    """``set_key``'s key of a set, with ``entries`` added to the set and ``removed`` taken out of it."""

    def one(entry) -> int:
        h = hashlib.blake2b(entry.key, digest_size=16)
        if texts:
            h.update(entry.article.content_hash.encode("ascii"))
        return int.from_bytes(h.digest(), "big")

    total = int(key, 16) + sum(map(one, entries)) - sum(map(one, removed))
    return f"{total % _SET_MODULUS:032x}"


def article_page_key(entry, urls: dict[str, str], cards: dict | None = None) -> str:
    """An article page shows what lists show, its body, its translations, its neighbours (the newer and older
    article of its source, the other articles of its day) and the URLs of the articles its body links to
    (``urls``: source path -> page URL). ``cards``: a memo of each card's text, for a build that keys every
    article page (a card is the neighbour of a dozen articles)."""
    links = entry.article.links
    h = hashlib.blake2b(entry.key, digest_size=16)  # one digest: the build keeps one key per page
    h.update(entry.article.content_hash.encode("ascii"))
    h.update(repr(entry.translations).encode("utf-8", "surrogatepass") if entry.translations else b"")
    h.update(SEPARATOR + _nearby_text(entry.nearby, cards).encode("utf-8", "surrogatepass"))
    if links:
        h.update(SEPARATOR + repr([urls.get(path) for path in links]).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _nearby_text(nearby, cards: dict | None) -> str:
    """What an article page shows of its neighbours (``model.Nearby``): each card's ``repr``, made once per
    card when ``cards`` is given (a card is the neighbour of a dozen articles)."""
    if cards is None:
        cards = {}
    parts = []
    for card in (nearby.newer, nearby.older, *nearby.same_day):
        if card is None:
            parts.append("-")
            continue
        text = cards.get(id(card))
        if text is None:
            text = cards[id(card)] = repr(card)
        parts.append(text)
    parts.append(str(nearby.earlier))
    return "\x1f".join(parts)
