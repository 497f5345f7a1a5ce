"""The build's plan: what changed since the last build, and the cheapest way to a right output.

- ``setup``: the config, content/'s files and the last build's cache;
- ``plan_text``: only the text of some articles changed, not what any list shows of them: render their
  pages only, journaled into the output, without reading the other articles or rebuilding the archive;
- ``plan_all``: read every article's facts (the unchanged ones from the cache), place them in the archive,
  list every page with the fingerprint of its inputs, and render those whose fingerprint changed: through
  the journal when they are few, else into a whole new output swapped in.

Either plan is then run by the same steps (``build``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsarchive import fingerprints, i18n, routes, taxonomies
from newsarchive import options as build_options
from newsarchive.catalog import state as cache
from newsarchive.config import CONFIG_NAME, Config, load_config
from newsarchive.content.loader import loader_key
from newsarchive.content.tree import ContentTree, rescanned, scan
from newsarchive.data import database as archive_database
from newsarchive.data import tables as datasets
from newsarchive.errors import INFO, WARNING, BuildFailed, Problem
from newsarchive.options import BuildOptions
from newsarchive.output import assets, drift
from newsarchive.output.fixity import Record
from newsarchive.output.writer import MARKER, Output
from newsarchive.versions import files as versions

if TYPE_CHECKING:  # the modules that read, place and render articles are imported when a plan needs them:
    # a rebuild with nothing changed stops before, and starts sooner without them
    from newsarchive.context import ReadContext
    from newsarchive.model import Page, Site
    from newsarchive.progress import Progress

JOURNAL_SHARE = 4  # a rebuild touching at most 1/4 of the pages commits through the journal


@dataclass(slots=True)
class Setup:
    """What every plan starts from."""

    site_dir: Path
    output: Output
    options: BuildOptions
    config_read: tuple[Config, list[Problem]]
    tree: ContentTree
    previous: cache.CacheState | None  # the last build's cache, when it can be trusted
    site_files: list[Path]  # the theme's files and the config: every page depends on them
    run_key: str
    record: Record  # what the last build committed (fixity)
    drift: drift.Drift  # how the output differs from it: those files are made again, or removed
    statics: dict[str, Path]  # the site's static/ files, copied to the output's root (``assets``)
    static_problems: list[Problem]  # the files of static/ that are not copied (links out of it...)
    # the only files of content/ that may have changed since the last build, when a watcher said so
    # (``Known``): the fixity step looks at them only; None: every file
    told: set[str] | None = None

    @property
    def config(self) -> Config:
        return self.config_read[0]

    @property
    def portable(self) -> bool:
        return self.options.portable or self.config.portable


@dataclass(slots=True)
class Plan:
    """What the build will do: which pages to render (``dirty``), how to commit, and the cache to save."""

    mode: str  # "text", "journal" or "swap"
    pages: list[Page]
    dirty: bytearray  # 1 for each page to render
    site: Site
    reading: ReadContext
    # the build's problems: every one (the full plan), or only those found by this build (the others are in
    # the catalog's problems table: ``whole`` False)
    problems: list[Problem]
    files: set[str]  # the output's files, the search index's aside (the steps add what they stage)
    old_files: set[str]  # the last build's files (those not staged again are deleted)
    state: cache.CacheState  # the cache to save (its files, search key and summary are set at the end)
    counts: tuple[int, int]  # articles and pages of the site
    search_pages: list[str] = field(default_factory=list)  # the article pages the search index holds
    static: dict[str, Path] = field(default_factory=dict)  # the theme's static files to copy
    copy_assets: bool = False  # copy content/'s assets (with ``previous`` when journaling)
    previous: cache.CacheState | None = None
    # the state's placements, lists, terms and extras, made when the cache is saved: not held while the
    # workers fork and render
    placements: Callable[[], tuple] | None = None
    save: Callable[[cache.CacheState], None] | None = None  # its own way to save the cache (additions)

    @property
    def whole(self) -> bool:
        """The plan knows every problem of the build (it read every article)."""
        return self.mode in ("swap", "journal")

    @property
    def journal(self) -> bool:
        return self.mode != "swap"


@dataclass(slots=True)
class Known:
    """What a long-running process (``serve``) knows between its builds, so that a rebuild looks at what
    its watcher saw change instead of at every file: the last good build's content tree and fixity record,
    and the content files changed since (``changed``, relative to content/; ``everything``: a change
    outside content/, or nothing known yet). With it a build stats the changed files only
    (``tree.rescanned``), reads neither the content files' rows nor the fixity record from the catalog,
    and does not check the output against the record: the output is the one the last build committed,
    which a watcher of content/ cannot see changed by hand (the next command-line build checks it). It is
    filled by a good build (``keep``) and emptied by a failed one (``forget``)."""

    tree: ContentTree | None = None
    record: Record | None = None
    changed: set[str] = field(default_factory=set)
    everything: bool = True

    def keep(self, setup: Setup) -> None:
        self.tree, self.record, self.changed, self.everything = setup.tree, setup.record, set(), False

    def forget(self) -> None:
        self.tree, self.record, self.changed, self.everything = None, None, set(), True

    def tree_now(self, content_dir: Path) -> ContentTree | None:
        """The content tree with the changed files looked at again, or None: scan content/."""
        if self.everything or self.tree is None or self.record is None:
            return None
        return rescanned(self.tree, content_dir, self.changed)


def setup(site_dir: Path, output: Output, options: BuildOptions, known: Known | None = None) -> Setup:
    """Read the config, scan content/ (or look at what ``known`` says changed) and read the last build's
    cache (unless --clean)."""
    config_read = load_config(site_dir)
    if options.search and not config_read[0].search:
        options = replace(options, search=False)
    executor = options.executor or config_read[0].executor  # the command line's, else the config's
    options = replace(options, executor=None if executor in (None, "", build_options.LOCAL) else executor)
    site_files = [*assets.theme_files(site_dir), site_dir / CONFIG_NAME]
    statics, static_problems = assets.site_static(site_dir)
    tree = known.tree_now(site_dir / "content") if known is not None and not options.clean else None
    if tree is None:
        tree, known = scan(site_dir / "content"), None
    previous = None if options.clean or not output.is_built else cache.load(
        output.cache_dir, known.tree.stats if known else None)
    record = known.record.reopened(output.cache_dir) if known else Record(output.cache_dir)
    found = drift.check(str(output.output), record) if previous and not known else drift.Drift()
    if not found.known:
        previous = None  # no record to check the output with: nothing of it is carried forward
    # (a static/ file's change is a change of the run: the full plan copies it, and renders nothing else)
    run_key = fingerprints.run_key([*site_files, *statics.values()], options,
                                   options.portable or config_read[0].portable)
    return Setup(site_dir, output, options, config_read, tree, previous, site_files, run_key, record, found,
                 statics, static_problems, set(known.changed) if known else None)


def nothing_changed(setup: Setup) -> bool:
    """Not a file of content/, the theme or the config changed, nor the options, and no future article is
    due, and the output is what the last build wrote: it is right as it is."""
    previous = setup.previous
    if not (previous and previous.run_key == setup.run_key and previous.stats == setup.tree.stats) \
            or setup.drift:
        return False
    if previous.next_change is None:
        return True
    from newsarchive.content.reading import now

    return now().timestamp() < previous.next_change


def plan_all(setup: Setup, progress: Progress, timing: Callable[[str], None]) -> Plan:
    """Read every article's facts (the unchanged ones from the cache), place them, list every page, and
    compare each page's fingerprint with the last build's: render the changed ones."""
    from newsarchive.catalog import lists
    from newsarchive.catalog.archive import build_archive
    from newsarchive.content.reading import load, load_options
    from newsarchive.context import ReadContext
    from newsarchive.model import Site
    from newsarchive.pages.listing import (
        article_urls,
        placements,
        site_pages,
        sitemap_extras,
        with_more_pages,
    )

    site_dir, options, config, previous = setup.site_dir, setup.options, setup.config, setup.previous
    timing("text plan tried")
    loaded = load(site_dir, options, previous, progress, setup.tree, setup.config_read)
    timing("read articles")
    problems = loaded.problems
    if any(p.is_error for p in problems):
        if not options.skip_invalid:
            raise BuildFailed(sorted(problems, key=Problem.sort_key))
        problems = [p.as_skipped() if p.is_error else p for p in problems]

    archive = build_archive(loaded.articles, config)
    timing("archive")
    problems = sorted(problems + archive.problems + config_notes(config) + left_out_notes(loaded),
                      key=Problem.sort_key)
    from newsarchive.pages import redirects  # the articles' old addresses (aliases...): redirect pages

    urls = article_urls(archive)
    # (a root-relative link to an old address: its article's page)
    urls.update(redirects.old_urls(archive.entries, config.old_permalinks))
    pages = site_pages(archive, config, search=options.search, urls=urls)
    fingerprints.with_links_shown(pages, urls)
    timing("pages and their keys")
    if config.stories.enabled:  # the same story across outlets: "Also reported by", the stories pages
        from newsarchive import parallel
        from newsarchive.stories.detect import detect
        from newsarchive.stories.pages import add_story_pages

        found = detect([e.article for e in archive.entries], config.stories,
                       ReadContext(site_dir / "content", setup.tree, load_options(config)),
                       setup.output.cache_dir, not options.clean, options.jobs or parallel.default_jobs(),
                       options.executor)
        pages = with_more_pages(pages, add_story_pages(pages, archive, found, config), archive, config)
        parallel.release_memory()  # the counts' arrays, freed: several hundred MB at 100,000 articles
        timing("stories")
    moved, notes = redirects.redirect_pages(archive.entries, {routes.output_path(p.url) for p in pages},
                                            config.old_permalinks)
    if moved or notes:
        pages += moved
        problems = sorted(problems + notes, key=Problem.sort_key)
    if config.database:  # every article, its text and its story: written by the build's main process
        from newsarchive.data import database as archive_database

        groups = found.groups if config.stories.enabled else []
        pages.append(archive_database.page(archive, groups, config, urls))
    site = Site(config, tuple(archive.years), i18n.babel_locale(config.language), options.search,
                setup.portable, taxonomies.shown(archive))
    loader = loader_key(config)
    # (the static/ files' names: an article's root-relative link to one is made relative, see markup)
    site_key = fingerprints.site_key(setup.site_files, site.years, site.menus, loader, options.search,
                                     setup.portable, tuple(setup.statics))
    if previous is not None and not previous.load_pages():
        previous = None  # the pages file does not belong with the header: build as if from scratch
    known_pages = previous.pages if previous and previous.site_key == site_key else {}
    dirty = bytearray(1 if known_pages.get(p.url) != p.key else 0 for p in pages)
    paths = [routes.output_path(p.url) for p in pages]  # one string each, shared by the sets below
    if setup.drift:
        _repair(paths, dirty, setup.drift.untrusted)
    timing("last build's pages read, keys compared")
    journal = bool(known_pages) and sum(dirty) <= len(pages) // JOURNAL_SHARE
    static = assets.static_files(site_dir)
    files = set(paths) | {routes.static(rel) for rel in static} | {MARKER}  # (+ the copied ones: _copy)
    tree = setup.tree
    timing("output files listed")
    state = cache.CacheState(
        loader_key=loader, site_key=site_key, run_key=setup.run_key,
        stats=tree.stats, records=loaded.records, pages={p.url: p.key for p in pages},
        assets={**{rel: tree.stats.get(rel) for rel in tree.assets},
                **assets.site_static_stats(setup.statics)},
        next_change=loaded.next_change,
        years=tuple(archive.years), menus=site.menus)
    timing("archive and pages")
    return Plan("journal" if journal else "swap", pages, dirty, site,
                ReadContext(site_dir / "content", tree, load_options(config, setup.statics), urls), problems,
                files,
                set(previous.files) if previous else set(), state, (len(archive.entries), len(pages)),
                search_pages=([path for p, path in zip(pages, paths) if p.kind.searched]
                              if options.search else []),
                static=static, copy_assets=True, previous=previous,
                placements=lambda: (placements(archive), lists.lists_of(archive.entries),
                                    lists.term_rows(archive),
                                    {**lists.extras(archive.entries, pages, urls),
                                     "sitemap": sitemap_extras(pages)}))


def plan_text(setup: Setup) -> Plan | None:
    """The editor's most common rebuild: only the text of some articles changed, not what any list shows
    of them (title, date, source, tags...). Then only their own pages change: render those, and skip
    rebuilding the archive. None when anything else changed (every page is then planned).

    Only with the default theme: a site's own article.html might show more of the archive than this
    path rebuilds (such as the number of articles of a source)."""
    from newsarchive.content.loader import load_article
    from newsarchive.content.reading import load_options, now
    from newsarchive.context import ReadContext
    from newsarchive.model import Article, Site
    from newsarchive.pages.listing import article_page
    from newsarchive.search import index as search

    site_dir, options, config, previous, tree = (setup.site_dir, setup.options, setup.config, setup.previous,
                                                 setup.tree)
    if not previous or previous.run_key != setup.run_key or (site_dir / "templates").exists() or setup.drift:
        return None  # (files of the output changed since the last build: every page is planned)
    if previous.stats.keys() != tree.stats.keys() or (
            previous.next_change is not None and now().timestamp() >= previous.next_change):
        return None
    changed = [rel for rel, stats in tree.stats.items() if previous.stats[rel] != stats]
    articles = set(tree.articles)
    if not changed or any(rel not in articles for rel in changed):
        return None  # assets or folder defaults changed
    known = previous.load_facts()
    if previous.loader_key != loader_key(config) or not previous.load_pages():
        return None
    reading = ReadContext(site_dir / "content", tree, load_options(config, setup.statics))
    fresh: dict[str, tuple] = {}
    texts: dict[str, tuple] = {}  # rel -> (content hash, bytes, title) of each changed article
    for rel in changed:
        old = known.get(rel)
        try:
            raw = (site_dir / "content" / rel).read_bytes()
        except OSError:
            return None
        article, found = load_article(raw, rel, tree.defaults_for(rel), reading.load_options, with_body=False)
        problems = [p.to_record() for p in found]
        if article is None or old is None or old.record is None or old.problems != problems \
                or old.record.facts_hash != article.facts_hash or old.defaults_key != tree.defaults_key(rel):
            return None
        if any(shows(config, tree, rel, previous.placed.get(rel)) for shows in TEXT_SHOWN_ELSEWHERE):
            return None  # another page shows its text too: every page is planned
        if any(target[0] == "/" for target in article.links):
            return None  # a root-relative link may be an old address: the full plan knows them
        fresh[rel] = cache.FileFacts(tree.stats[rel], tree.defaults_key(rel), article.to_record(), problems)
        texts[rel] = (article.content_hash, raw, article.title)
    if config.stories.enabled:  # a changed text may join or leave a story: then every page is planned
        from newsarchive.stories.detect import text_changes_keep_stories

        if not text_changes_keep_stories(config.stories, setup.output.cache_dir, known, previous.placed,
                                         texts):
            return None

    site = Site(config, tuple(previous.years), i18n.babel_locale(config.language), options.search,
                setup.portable, previous.menus)  # the same as the last build's: run_key holds it
    urls = {rel: place.url for rel, place in previous.placed.items()}  # unchanged: no title, date... changed
    pages = []
    for rel, entry in fresh.items():
        place = previous.placed.get(rel)
        if place is None:
            continue  # a draft or a future article: no page
        page = article_page(Article.from_record(entry.record), place, config, urls)
        pages.append(page)
        previous.pages[page.url] = page.key
    previous.records = {**known, **fresh}
    previous.stats = tree.stats
    extras = previous.store.meta(cache.EXTRAS)  # kept for the rebuilds that add articles (additions)
    if isinstance(extras, dict) and isinstance(extras.get("dangling"), list):
        # a changed text may link a file no article is yet (never less: another may link it too)
        linked = {target for facts in fresh.values() for target in facts.record.links}
        extras["dangling"] = sorted(set(extras["dangling"]) | {t for t in linked if t not in urls})
        if isinstance(extras.get("linked"), list):  # (and one it links is no longer moved by query: edits)
            extras["linked"] = sorted(set(extras["linked"]) | {t for t in linked if t in urls})
        previous.extras = extras
    files = set(previous.files)
    if options.search:
        files -= {rel for rel in previous.files if rel.startswith(search.BUNDLE)}  # staged again
    return Plan("text", pages, bytearray([1]) * len(pages), site, replace(reading, article_urls=urls),
                [], files, set(previous.files), previous,
                previous.summary[:2],
                search_pages=([routes.output_path(url) for url in previous.pages if routes.is_article(url)]
                              if options.search else []),
                previous=previous)


def _in_feeds(config: Config, tree: ContentTree, rel: str, place) -> bool:
    """A feed carries the article (``pages.placements``), with its text."""
    return place is not None and place.in_feeds


# What else shows an article's text than its own page: each feature answers for an article (its config,
# the content's tree, its path under content/, its placement by the last build). When one does, a change
# of its text changes that page too, and the text-only rebuild does not apply. (The stories are asked
# after, with every changed text at once: stories.text_changes_keep_stories.)
TEXT_SHOWN_ELSEWHERE = (datasets.shows_text, archive_database.shows_text, versions.shows_text, _in_feeds)


def left_out_notes(loaded) -> list[Problem]:
    """What the build leaves out without an error (``reading.Loaded``): future articles and drafts, said
    once each with a count and the option that publishes them, so "Built 11 articles" for 12 files is
    never a mystery."""
    notes = []
    if loaded.future:
        path, moment = loaded.future[0]
        count = len(loaded.future)
        what = "1 article is" if count == 1 else f"{count} articles are"
        notes.append(Problem(f"content/{path}", None,
                             f"{what} dated in the future (the first: {moment}) and left out of this build; "
                             "each is published by the first build after its date",
                             "build with --future (or set include_future: true in newsarchive.yaml) to "
                             "publish them now", INFO))
    if loaded.drafts:
        what = "1 draft is" if loaded.drafts == 1 else f"{loaded.drafts} drafts are"
        notes.append(Problem("content/", None, f"{what} left out of this build (draft: true)",
                             "build with --drafts to see them, or remove 'draft: true' to publish", INFO))
    return notes


def _repair(paths: list[str], dirty: bytearray, untrusted: frozenset[str]) -> None:
    """Render again each page whose file differs from what the last build wrote."""
    for i, path in enumerate(paths):
        if path in untrusted:
            dirty[i] = 1


def config_notes(config: Config) -> list[Problem]:
    if config.base_url:
        return []
    return [Problem(CONFIG_NAME, None, "base_url is not set: no sitemap.xml, robots.txt or 404.html is made, "
                         "and feeds link relatively",
                         "set base_url to the address the site is served at, e.g. base_url: https://example.org/",
                         WARNING)]
