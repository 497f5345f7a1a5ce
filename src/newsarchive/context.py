"""What the build's workers need, passed to them explicitly (see ``parallel.run``): no module-level state.

Both records are frozen and set once per worker: with fork they are inherited without copying; the Dask
executor (``executors``) pickles them once per worker, not once per chunk. ``shared()`` names what a worker
on another machine must see as this one does (a shared filesystem)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

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
    kept_bodies: dict[Article, str] = field(default_factory=dict, compare=False, repr=False)

    def shared(self) -> tuple[dict[str, tuple[int, int]], Path | None]:
        """A file of content/ with its (size, mtime in ns): a worker that sees it so sees this content/."""
        for rel in self.tree.articles or self.tree.stats:
            return {str(self.content_dir / rel): self.tree.stats[rel]}, None
        return {}, None


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

    def __reduce__(self) -> tuple:
        """Pickled (for a Dask worker) without the Jinja environment, which holds functions: the worker
        makes its own, once, from the site's templates/ and the theme."""
        return _with_environment, (self.reading, self.pages, self.dirty, self.site, self.stage_args,
                                   self.site_dir)


def _with_environment(reading: ReadContext, pages: Sequence[Page], dirty: bytearray, site: Site,
                      stage_args: tuple, site_dir: Path) -> RenderContext:
    from newsarchive.pages.render import make_environment

    return RenderContext(reading, pages, dirty, make_environment(site_dir, site), site, stage_args, site_dir)
