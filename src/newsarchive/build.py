"""The orchestrator, which reads like the build's table of contents. A build first plans, then runs the
same steps whatever the plan:

1. setup: recover from an interrupted build; read the config; scan content/; read the last build's cache;
2. plan, the cheapest that is right:
   - "nothing changed" since the last build (the cache's file stats and keys): stop at once;
   - "text": only the text of some articles changed, not what any list shows of them: their pages only;
   - "journal" or "swap": read the articles' facts (``reading``), place them in the archive and list the
     pages with the fingerprint of their inputs (``pages``); a few pages changed: journal them into the
     output, else stage a whole new output and swap it in;
3. render the pages whose fingerprint changed (each article's body read then, ``bodies``), in parallel;
   copy the static files and assets (``assets``); stage the search index by parts (``search``);
4. commit (``writer``), then save the cache (``cache``).
"""

from __future__ import annotations

import gc
import os
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsarchive import assets, cache, fingerprints, i18n, parallel, routes, search
from newsarchive.archive import build_archive
from newsarchive.bodies import with_body
from newsarchive.config import CONFIG_NAME, Config, load_config
from newsarchive.content.loader import load_article
from newsarchive.content.tree import ContentTree, scan
from newsarchive.context import ReadContext, RenderContext
from newsarchive.errors import WARNING, BuildFailed, ContentError, UsageError
from newsarchive.model import Article
from newsarchive.pages import article_page, article_urls, placements, site_pages
from newsarchive.progress import Progress
from newsarchive.reading import load, load_options, now
from newsarchive.render import Page, Site, make_environment, render_page
from newsarchive.template_errors import template_problem
from newsarchive.writer import MARKER, MARKER_TEXT, Output, Stage

RENDER_CHUNK = 200
FEED_CHUNK = 8
JOURNAL_SHARE = 4  # a rebuild touching at most 1/4 of the pages commits through the journal


@dataclass(frozen=True, slots=True)
class BuildOptions:
    output: Path | None = None  # default: SITE_DIR/build
    drafts: bool = False  # publish articles marked draft: true
    future: bool = False  # publish articles dated after now (also config include_future)
    skip_invalid: bool = False  # leave out files with errors (reported as warnings) and publish the rest
    jobs: int = 0  # worker processes; 0: one per core
    clean: bool = False  # ignore the build cache
    progress: bool = False  # report progress on stderr (the command line turns it on)
    search: bool = True  # build the Pagefind search index and the search page (--no-search: not)
    portable: bool = False  # link pages by file, for opening from disk (also config portable)


@dataclass(slots=True)
class BuildResult:
    articles: int
    pages: int
    written: int
    unchanged: int
    seconds: float
    problems: list[ContentError]
    output: Path
    deleted: int = 0
    mode: str = "swap"  # "swap", "journal", "text" (only articles' text changed) or "nothing changed"


@dataclass(slots=True)
class Setup:
    """What every plan starts from."""

    site_dir: Path
    output: Output
    options: BuildOptions
    config_read: tuple[Config, list[ContentError]]
    tree: ContentTree
    previous: cache.CacheState | None  # the last build's cache, when it can be trusted
    site_files: list[Path]  # the theme's files and the config: every page depends on them
    run_key: str

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
    problems: list[ContentError]
    files: set[str]  # the output's files, the search index's aside (the steps add what they stage)
    old_files: set[str]  # the last build's files (those not staged again are deleted)
    state: cache.CacheState  # the cache to save (its files, search key and summary are set at the end)
    counts: tuple[int, int]  # articles and pages of the site
    search_pages: list[str] = field(default_factory=list)  # the article pages the search index holds
    static: dict[str, Path] = field(default_factory=dict)  # the theme's static files to copy
    copy_assets: bool = False  # copy content/'s assets (with ``previous`` when journaling)
    previous: cache.CacheState | None = None

    @property
    def journal(self) -> bool:
        return self.mode != "swap"


class _Timings:
    """Phase timings on stderr when NEWSARCHIVE_TIMINGS is set (for profiling the build)."""

    def __init__(self) -> None:
        self.enabled = bool(os.environ.get("NEWSARCHIVE_TIMINGS"))
        self.last = time.perf_counter()

    def __call__(self, phase: str) -> None:
        if self.enabled:
            moment = time.perf_counter()
            print(f"[timing] {phase}: {moment - self.last:.3f} s", file=sys.stderr)
            self.last = moment


def build(site_dir: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site. The garbage collector is paused meanwhile: the build holds many small objects
    and makes almost no cycles, and collections over 100,000 articles' objects cost seconds."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        site_dir = site_dir.absolute()
        output = Output((options.output or site_dir / "build").absolute())
        _check_output(site_dir, output.output)
        output.check_ours()  # before the lock's folder is made beside it: a refused output leaves nothing
        with output.lock():
            return _build(site_dir, output, options)
    finally:
        if enabled:
            gc.enable()


def _build(site_dir: Path, output: Output, options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    progress, timing = Progress(options.progress), _Timings()
    output.recover()
    output.check_ours()

    # 1-2. what changed since the last build, and what to do about it
    setup = _setup(site_dir, output, options)
    previous = setup.previous
    if previous and previous.run_key == setup.run_key and previous.stats == setup.tree.stats and (
            previous.next_change is None or now().timestamp() < previous.next_change):
        articles, pages, files = previous.summary
        return BuildResult(articles, pages, 0, files, time.perf_counter() - started,
                           [ContentError(*p) for p in previous.problems], output.output, 0, "nothing changed")
    plan = _plan_text(setup) or _plan_all(setup, progress, timing)

    # 3. render, copy, index; 4. commit
    stage_root = output.begin_journal() if plan.journal else output.begin_swap()
    stage = Stage(stage_root, output.output, link_unchanged=not plan.journal)
    try:
        context = RenderContext(plan.reading, plan.pages, plan.dirty, make_environment(site_dir, plan.site),
                                plan.site, (stage_root, output.output, not plan.journal), site_dir)
        _render(plan, stage, context, progress, options.jobs)
        timing("render")
        assets.copy_static(stage, plan.static, known_unchanged=plan.journal)
        if plan.copy_assets:
            plan.problems += assets.copy_assets(stage, plan.reading.content_dir, setup.tree, plan.files,
                                                plan.previous if plan.journal else None)
        search_key = plan.state.search_key if plan.mode == "text" else ""
        if options.search:
            bundle, search_key = search.stage_index(stage, output, plan.search_pages, plan.old_files - plan.files,
                                                    setup.config, progress,
                                                    plan.previous.search_key if plan.previous else "",
                                                    options.jobs or parallel.default_jobs())
            plan.files |= bundle
            timing("search index")
        stage.put(MARKER, MARKER_TEXT)
        cache.forget(output.cache_dir)
        deleted = sorted(plan.old_files - plan.files) if plan.journal else []
        if plan.journal:
            output.commit_journal(stage.changed, deleted)
        else:
            output.commit_swap(stage.files, stage.written)
    except BaseException:
        output.abort()
        raise
    timing("commit")

    # 5. remember
    state = plan.state
    state.files, state.search_key = sorted(plan.files), search_key
    state.summary = (*plan.counts, len(plan.files))
    state.problems = [p.to_record() for p in plan.problems]
    cache.save(output.cache_dir, state)
    timing("save cache")
    unchanged = len(plan.files) - stage.written if plan.journal else stage.unchanged
    return BuildResult(*plan.counts, stage.written, unchanged, time.perf_counter() - started, plan.problems,
                       output.output, len(deleted), plan.mode)


def _setup(site_dir: Path, output: Output, options: BuildOptions) -> Setup:
    config_read = load_config(site_dir)
    if options.search and not config_read[0].search:
        options = replace(options, search=False)
    site_files = [*assets.theme_files(site_dir), site_dir / CONFIG_NAME]
    tree = scan(site_dir / "content")
    previous = None if options.clean or not output.is_built else cache.load(output.cache_dir)
    run_key = fingerprints.run_key(site_files, options, options.portable or config_read[0].portable)
    return Setup(site_dir, output, options, config_read, tree, previous, site_files, run_key)


def _plan_all(setup: Setup, progress: Progress, timing: _Timings) -> Plan:
    """Read every article's facts (the unchanged ones from the cache), place them, list every page, and
    compare each page's fingerprint with the last build's: render the changed ones."""
    site_dir, options, config, previous = setup.site_dir, setup.options, setup.config, setup.previous
    timing("scan and cache")
    loaded = load(site_dir, options, previous, progress, setup.tree, setup.config_read)
    timing("read articles")
    problems = loaded.problems
    if any(p.is_error for p in problems):
        if not options.skip_invalid:
            raise BuildFailed(sorted(problems, key=ContentError.sort_key))
        problems = [p.as_warning() if p.is_error else p for p in problems]

    archive = build_archive(loaded.articles, config)
    problems = sorted(problems + archive.problems + _config_notes(config), key=ContentError.sort_key)
    urls = article_urls(archive)
    pages = site_pages(archive, config, search=options.search, urls=urls)
    site = Site(config, tuple(archive.years), i18n.babel_locale(config.language), options.search, setup.portable)
    site_key = fingerprints.site_key(setup.site_files, site.years, config, options.search, setup.portable)
    if previous is not None and not previous.load_pages():
        previous = None  # the pages file does not belong with the header: build as if from scratch
    known_pages = previous.pages if previous and previous.site_key == site_key else {}
    dirty = bytearray(1 if known_pages.get(p.url) != p.key else 0 for p in pages)
    journal = bool(known_pages) and sum(dirty) <= len(pages) // JOURNAL_SHARE
    static = assets.static_files(site_dir)
    files = {routes.output_path(p.url) for p in pages} | {routes.static(rel) for rel in static} | {MARKER}
    tree = setup.tree
    state = cache.CacheState(
        loader_key=fingerprints.loader_key(config), site_key=site_key, run_key=setup.run_key, stats=tree.stats,
        records=loaded.records, pages={p.url: p.key for p in pages},
        assets={rel: tree.stats.get(rel) for rel in tree.assets}, next_change=loaded.next_change,
        years=tuple(archive.years), placed=placements(archive))
    timing("archive and pages")
    return Plan("journal" if journal else "swap", pages, dirty, site,
                ReadContext(site_dir / "content", tree, load_options(config), urls), problems, files,
                set(previous.files) if previous else set(), state, (len(archive.entries), len(pages)),
                search_pages=[routes.output_path(p.url) for p in pages if p.template == "article.html"],
                static=static, copy_assets=True, previous=previous)


def _plan_text(setup: Setup) -> Plan | None:
    """The editor's most common rebuild: only the text of some articles changed, not what any list shows
    of them (title, date, source, tags...). Then only their own pages change: render those, and skip
    rebuilding the archive. None when anything else changed (every page is then planned).

    Only with the default theme: a site's own article.html might show more of the archive than this
    path rebuilds (such as the number of articles of a source)."""
    site_dir, options, config, previous, tree = (setup.site_dir, setup.options, setup.config, setup.previous,
                                                 setup.tree)
    if not previous or previous.run_key != setup.run_key or (site_dir / "templates").exists():
        return None
    if previous.stats.keys() != tree.stats.keys() or (
            previous.next_change is not None and now().timestamp() >= previous.next_change):
        return None
    changed = [rel for rel, stats in tree.stats.items() if previous.stats[rel] != stats]
    articles = set(tree.articles)
    if not changed or any(rel not in articles for rel in changed):
        return None  # assets or folder defaults changed
    known = previous.load_facts()
    if previous.loader_key != fingerprints.loader_key(config) or not previous.load_pages():
        return None
    reading = ReadContext(site_dir / "content", tree, load_options(config))
    fresh: dict[str, tuple] = {}
    for rel in changed:
        old = known.get(rel)
        try:
            raw = (site_dir / "content" / rel).read_bytes()
        except OSError:
            return None
        article, found = load_article(raw, rel, tree.defaults_for(rel), reading.load_options, with_body=False)
        problems = [p.to_record() for p in found]
        if article is None or old is None or old[2] is None or old[3] != problems                 or old[2][17] != article.facts_hash or old[1] != tree.defaults_key(rel):
            return None
        place = previous.placed.get(rel)
        if place is not None and place[5]:
            return None  # a feed shows this article's text: the feeds change too
        fresh[rel] = (tree.stats[rel], tree.defaults_key(rel), article.to_record(), problems)

    site = Site(config, tuple(previous.years), i18n.babel_locale(config.language), options.search,
                setup.portable)  # the same as the last build's: run_key holds it
    urls = {rel: place[0] for rel, place in previous.placed.items()}  # unchanged: no title, date... changed
    pages = []
    for rel, entry in fresh.items():
        place = previous.placed.get(rel)
        if place is None:
            continue  # a draft or a future article: no page
        page = article_page(Article.from_record(entry[2]), place, config, urls)
        pages.append(page)
        previous.pages[page.url] = page.key
    previous.records = {**known, **fresh}
    previous.stats = tree.stats
    files = set(previous.files)
    if options.search:
        files -= {rel for rel in previous.files if rel.startswith(search.BUNDLE)}  # staged again
    return Plan("text", pages, bytearray([1]) * len(pages), site, replace(reading, article_urls=urls),
                [ContentError(*p) for p in previous.problems], files, set(previous.files), previous,
                previous.summary[:2],
                search_pages=[routes.output_path(url) for url in previous.pages if routes.is_article(url)],
                previous=previous)


def _render(plan: Plan, stage: Stage, context: RenderContext, progress: Progress, jobs: int) -> None:
    todo = [i for i in range(len(plan.pages)) if plan.dirty[i]] if plan.journal else list(range(len(plan.pages)))
    with progress.task("Rendering pages", len(todo)) as advance:
        work = _work(plan.pages, todo)
        for files, changed, written, unchanged, count in parallel.run(_render_chunk, work,
                                                                       jobs or parallel.default_jobs(), context):
            stage.merge(files, changed, written, unchanged)
            advance(count)


def _work(pages: list[Page], todo: list[int]) -> list:
    """Chunks of pages for the workers: feeds (50 articles' text each) first and in small chunks, so that
    the heaviest work is spread over the workers, then the rest."""
    heavy = [i for i in todo if pages[i].template == "atom.xml"]
    light = [i for i in todo if pages[i].template != "atom.xml"]
    return parallel.chunks(heavy, FEED_CHUNK) + parallel.chunks(light, RENDER_CHUNK)


def _render_chunk(context: RenderContext, indices: list[int]) -> tuple:
    """In a worker: render some pages into the stage (unchanged ones are kept from the last build)."""
    pages, dirty, env, site = context.pages, context.dirty, context.env, context.site
    stage = Stage(*context.stage_args)
    for index in indices:
        page = pages[index]
        rel = routes.output_path(page.url)
        if not dirty[index] and stage.keep(rel):
            continue
        try:
            data = render_page(env, with_body(context.reading, page), site)
        except Exception as exc:
            problem = template_problem(exc, context.site_dir)
            if problem is None:
                raise
            raise BuildFailed([problem]) from None
        stage.put(rel, data)
    return stage.files, stage.changed, stage.written, stage.unchanged, len(indices)


def _config_notes(config: Config) -> list[ContentError]:
    if config.base_url:
        return []
    return [ContentError(CONFIG_NAME, None, "base_url is not set: no sitemap.xml, robots.txt or 404.html is made, "
                         "and feeds link relatively",
                         "set base_url to the address the site is served at, e.g. base_url: https://example.org/",
                         WARNING)]


def _check_output(site_dir: Path, output: Path) -> None:
    """Refuse an output folder that would overwrite the archive, or an archive without content/."""
    resolved_site, resolved_out = site_dir.resolve(), output.resolve()
    content = (site_dir / "content").resolve()
    if resolved_out in (resolved_site, content) or content.is_relative_to(resolved_out) \
            or resolved_out.is_relative_to(content):
        raise UsageError(f"the output folder {output} would overwrite the archive's own files; "
                         "choose a folder such as build/")
    if not (site_dir / "content").is_dir():
        raise UsageError(f"no content/ folder in {site_dir}: an archive folder holds its articles in content/")
