"""What the build's workers need, passed to them explicitly (see ``parallel.run``): no module-level state.

Both records are frozen and set once per worker: with fork they are inherited without copying. A Dask
worker (``executors``) gets the archive's part of them with each chunk instead: ``base()`` is what every
chunk shares (the config, the theme, the paths: sent once to each worker, whatever the archive's size),
``part(chunk)`` what that chunk's pages or files need (their pages, the folders' defaults, the addresses
their texts link), and the worker puts them together with ``joined(part)``. ``shared()`` names what a
worker on another machine must see as this one does (a shared filesystem)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2

from newsarchive.content.loader import LoadOptions
from newsarchive.content.tree import ContentTree
from newsarchive.model import Article, Page, Site


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What reading an article's file needs: its facts (``reading``) or its body (``bodies``)."""

    content_dir: Path
    tree: ContentTree  # the content files, with each folder's defaults
    load_options: LoadOptions
    # published article path -> its URL (links between articles)
    article_urls: Mapping[str, str] | None = None
    # The bodies feeds show, kept by each worker for the other feeds (and the article page) that show them
    # again: at most 50 per feed, about 13,000 at 100,000 articles. Each worker fills its own copy.
    kept_bodies: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # by path

    def shared(self) -> tuple[dict[str, tuple[int, int]], Path | None]:
        """A file of content/ with its (size, mtime in ns): a worker that sees it so sees this content/."""
        for rel in self.tree.articles or self.tree.stats:
            return {str(self.content_dir / rel): self.tree.stats[rel]}, None
        return {}, None

    def base(self) -> ReadContext:
        return ReadContext(self.content_dir, ContentTree(), self.load_options)

    def part(self, chunk: Sequence) -> ContentTree:
        """A chunk of files to read: paths, or tuples whose first value is a path."""
        return self.tree.part(item if isinstance(item, str) else item[0] for item in chunk)

    def joined(self, part: ContentTree) -> ReadContext:
        return replace(self, tree=part)


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What rendering pages into the stage needs (``build._render_chunk``)."""

    reading: ReadContext
    pages: Sequence[Page]
    dirty: bytearray  # 1 for each page whose inputs changed since the last build
    env: jinja2.Environment
    site: Site
    stage_args: tuple  # Stage(root, previous output, link unchanged files, untrusted files)
    site_dir: Path  # for naming a template's file in its error

    def shared(self) -> tuple[dict[str, tuple[int, int]], Path | None]:
        """What ``ReadContext.shared`` says, and the stage, which the workers write into."""
        return self.reading.shared()[0], self.stage_args[0]

    def base(self) -> RenderContext:
        return RenderContext(self.reading.base(), (), bytearray(), self.env, self.site, self.stage_args,
                             self.site_dir)

    def part(self, indices: Sequence[int]) -> tuple:
        """The chunk's pages (by their index), and what reading the texts they show needs: those
        articles' part of the tree and the addresses of the articles their texts link."""
        pages = {i: self.pages[i] for i in indices}
        shown = [article for page in pages.values() if page.kind.texts or page.context.get("with_text")
                 for article in _texts_of(page)]
        urls = self.reading.article_urls or {}
        linked = {target: urls[target] for article in shown for target in article.links if target in urls}
        return (pages, {i: self.dirty[i] for i in indices}, self.reading.tree.part(a.path for a in shown),
                linked)

    def entries_shown(self, part: tuple) -> frozenset[int] | None:
        """The ids of the entries whose own page is among the part's pages: the theme shows an article's
        neighbours there only. None (every entry's are needed) when the site has templates of its own."""
        if (self.site_dir / "templates").is_dir():
            return None
        return frozenset(id(page.context["entry"]) for page in part[0].values() if "entry" in page.context)

    def joined(self, part: tuple) -> RenderContext:
        pages, dirty, tree, urls = part
        return replace(self, pages=pages, dirty=dirty, reading=replace(self.reading, tree=tree,
                                                                        article_urls=urls))

    def __reduce__(self) -> tuple:
        """Pickled (for a Dask worker) without the Jinja environment, which holds functions: the worker
        makes its own, once, from the site's templates/ and the theme."""
        return _with_environment, (self.reading, self.pages, self.dirty, self.site, self.stage_args,
                                   self.site_dir)


def _texts_of(page: Page) -> list[Article]:
    """The articles whose text a page may show: its article, or those it lists."""
    context: dict[str, Any] = page.context
    found = [context["article"]] if "article" in context else []
    return found + [entry.article for entry in context.get("entries") or ()]


def _with_environment(reading: ReadContext, pages: Sequence[Page], dirty: bytearray, site: Site,
                      stage_args: tuple, site_dir: Path) -> RenderContext:
    from newsarchive.pages.render import make_environment

    return RenderContext(reading, pages, dirty, make_environment(site_dir, site), site, stage_args, site_dir)
