"""``newsarchive check``: validate an archive without writing anything. Every problem the build would
report (drafts and future articles included), plus the warnings a careful editor wants (``checks``,
``duplicates``) and links that name no file of content/ (``content.links``)."""

from __future__ import annotations

from pathlib import Path

from newsarchive.catalog.archive import Archive, build_archive
from newsarchive.content.checks import editor_warnings
from newsarchive.content.links import link_problems
from newsarchive.content.reading import Loaded, load, now
from newsarchive.errors import Problem
from newsarchive.options import BuildOptions
from newsarchive.planning import config_notes


def _rooted(site_dir: Path, archive: Archive, loaded: Loaded) -> frozenset[str]:
    """The root-relative addresses that resolve: the site's static/ files and the articles' old ones."""
    from newsarchive import routes
    from newsarchive.output.assets import site_static
    from newsarchive.pages.redirects import old_urls

    statics = {routes.root_key("/" + rel) for rel in site_static(site_dir)[0]}
    return frozenset(statics | set(old_urls(archive.entries, loaded.config.old_permalinks))) - {None}


def check(site_dir: Path, options: BuildOptions | None = None) -> tuple[Loaded, Archive, list[Problem]]:
    """Validate without writing anything; returns every problem (build's, plus editor warnings)."""
    options = options or BuildOptions()
    site_dir = site_dir.absolute()
    loaded = load(site_dir, BuildOptions(drafts=options.drafts, future=True, jobs=options.jobs))
    archive = build_archive(loaded.articles, loaded.config)
    problems = (loaded.problems + archive.problems + config_notes(loaded.config)  # what build says too
                + editor_warnings(loaded, archive, now(), site_dir / "content"))
    problems += link_problems(site_dir / "content", loaded, options.jobs, _rooted(site_dir, archive, loaded))
    return loaded, archive, sorted(problems, key=Problem.sort_key)
