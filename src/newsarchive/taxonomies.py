"""The kinds of index the site has, one row each: what an article is filed under (its source, its language,
its tags, the authors its bylines name), how a term's key is made, its addresses, templates and feeds, and
its entry in the menus. The archive (``archive``) makes the terms, the page list (``pages``) their pages
and feeds, and the header its menu from this table: a new kind of index is a row here (and its index
template), not a tour of the code.

| kind | key | index, term pages | feed per term | menu |
| --- | --- | --- | --- | --- |
| source | slug (``unattributed``: none) | ``sources/``, ``sources/<slug>/`` | with archive parts | always |
| language | BCP 47 code | ``languages/``, ``languages/<code>/`` | latest articles | always |
| tag | slug | ``tags/``, ``tags/<slug>/`` | latest articles | always |
| author | slug of a byline's name | ``authors/``, ``authors/<slug>/`` | latest articles | when any |

A feed "with archive parts" has its RFC 5005 archive (see paging.py); a "latest" one is the latest 50
articles in full. What is a row's own (a source's config ``sources:`` facts and profile page) is said by a
flag here, and done where the thing is made (``archive``, ``pages``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsarchive import routes
from newsarchive.content import bylines

if TYPE_CHECKING:
    from newsarchive.model import Article

UNATTRIBUTED = "unattributed"  # the key of the source of articles that name none

ARCHIVED = "archived"  # a feed per term, with its archive documents
LATEST = "latest"  # a feed per term: its latest articles only


def _source_names(article: Article) -> tuple[str, ...]:
    return (article.source,)


def _language_names(article: Article) -> tuple[str, ...]:
    return (article.language,)


def _tag_names(article: Article) -> tuple[str, ...]:
    return article.tags


def _author_names(article: Article) -> tuple[str, ...]:
    """The people an article's bylines name, without their roles (``bylines.name``: "By Claire Le Goff,
    envoyée spéciale" is Claire Le Goff); an article without a byline has none (no "Unattributed")."""
    if not article.authors:
        return ()
    return tuple(name for name in map(bylines.name, article.authors) if name)


@dataclass(frozen=True, slots=True)
class Taxonomy:
    kind: str  # Term.kind: "source", "language", "tag", "author"
    plural: str  # the Archive's list of its terms, and the Entry's (or its single term: ``single``)
    key: str  # "slug" (of the name, with the config's ``slugs:`` rule) or "code" (the name is the key)
    index_url: Callable[[], str]  # routes: the page of all its terms
    term_url: Callable[[str], str]  # routes: a term's page, from its key
    index_template: str
    label: str  # the menu's word (i18n), also the index page's heading
    feed: str | None  # ARCHIVED, LATEST or None (no feed per term)
    names: Callable[[Article], tuple[str, ...]]  # an article's names for this kind, as written
    single: bool = False  # an article has exactly one (its source, its language)
    always: bool = True  # its index page and menu entry even when no article has a term of it
    term_template: str = "term.html"
    config_info: bool = False  # sources: the facts of the config's ``sources:``
    profile: bool = False  # sources: a profile on the term's own page (views.source_profile)

    @property
    def attribute(self) -> str:
        """The Entry's attribute holding its term (``single``) or terms."""
        return self.kind if self.single else self.plural

    def indexed(self, terms: list) -> bool:
        """Whether the site has this kind's index page (and its menus link it), given its terms."""
        return self.always or bool(terms)

    def key_of(self, name: str, slugs: str) -> str:
        """The key of the term a name belongs to: its slug (``slugs``: the config's rule), or the name
        itself (a language code). Names with one key are one term."""
        if self.key == "code":
            return name
        return routes.make_slug(name, fallback=self.kind, mode=slugs) if name else UNATTRIBUTED


SOURCES = Taxonomy("source", "sources", "slug", routes.sources, routes.source, "sources.html", "Sources",
                   ARCHIVED, _source_names, single=True, config_info=True, profile=True)
LANGUAGES = Taxonomy("language", "languages", "code", routes.languages, routes.language, "languages.html",
                     "Languages", LATEST, _language_names, single=True)
TAGS = Taxonomy("tag", "tags", "slug", routes.tags, routes.tag, "tags.html", "Tags", LATEST, _tag_names)
AUTHORS = Taxonomy("author", "authors", "slug", routes.authors, routes.author, "authors.html", "Authors",
                   LATEST, _author_names, always=False)

TAXONOMIES: tuple[Taxonomy, ...] = (SOURCES, LANGUAGES, TAGS, AUTHORS)  # the menus' and page list's order
BY_KIND = {t.kind: t for t in TAXONOMIES}


def taxonomy(kind: str) -> Taxonomy:
    """The row of a kind of term (``Term.kind``)."""
    return BY_KIND[kind]


def shown(archive) -> tuple[str, ...]:
    """The kinds whose index the site has (and its menus link): all but those with no term (authors of an
    archive without bylines)."""
    return tuple(t.kind for t in TAXONOMIES if t.indexed(archive.terms(t)))


def menu(kinds: tuple[str, ...]) -> list[Taxonomy]:
    """The rows the menus link, from ``shown``'s kinds."""
    return [BY_KIND[kind] for kind in kinds]


def byline_authors(written: tuple[str, ...], authors: list, slugs: str) -> list[tuple[str, object]]:
    """Each byline as written, with the author term (``authors``: an entry's) its name belongs to, or None
    (a byline that names no one): what the article page links."""
    by_key = {term.key: term for term in authors}
    out = []
    for byline in written:
        name = bylines.name(byline)
        out.append((byline, by_key.get(AUTHORS.key_of(name, slugs)) if name else None))
    return out
