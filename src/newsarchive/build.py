"""The orchestrator, which reads like the build's table of contents:

1. recover from an interrupted build; read the config; scan content/;
2. stop at once if nothing changed since the last build (the cache's file stats and keys);
3. read the articles' facts, reusing the cache for unchanged files, in parallel;
4. place them in the archive and list the pages, each with the fingerprint of its inputs;
5. render the pages whose fingerprint changed (with each article's body read then), in parallel;
6. commit: swap a whole new output in, or journal the few files that changed; save the cache.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import jinja2

from newsarchive import __version__, cache, dates, i18n, language_guess, parallel, routes, search
from newsarchive.archive import Archive, build_archive
from newsarchive.bodies import feed_bodies, with_body
from newsarchive.config import CONFIG_NAME, Config, load_config
from newsarchive.content.loader import LOADER_RULES, LoadOptions, load_article
from newsarchive.content.tree import ContentTree, scan
from newsarchive.errors import WARNING, BuildFailed, ContentError, UsageError, display_path
from newsarchive.model import Article
from newsarchive.pages import article_page, article_urls, placements, site_pages
from newsarchive.progress import Progress
from newsarchive.render import Page, Site, make_environment, render_page, theme_dir
from newsarchive.writer import MARKER, MARKER_TEXT, Output, Stage

LOAD_CHUNK = 250
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
class Loaded:
    config: Config
    tree: ContentTree
    articles: list[Article]  # the ones to publish
    problems: list[ContentError] = field(default_factory=list)
    left_out: int = 0  # drafts and future articles
    records: dict = field(default_factory=dict)  # for the cache
    next_change: float | None = None  # the earliest future article left out


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


def now() -> datetime:
    """The build's moment: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


# ---------------------------------------------------------------- reading

def load(site_dir: Path, options: BuildOptions, previous: cache.CacheState | None = None,
         progress: Progress | None = None, tree: ContentTree | None = None,
         config_read: tuple[Config, list[ContentError]] | None = None) -> Loaded:
    content_dir = site_dir / "content"
    if not content_dir.is_dir():
        raise UsageError(f"no content/ folder in {site_dir}: an archive folder holds its articles in content/")
    config, problems = config_read or load_config(site_dir)
    problems = list(problems)
    tree = tree or scan(content_dir)
    problems += tree.problems
    load_options = _load_options(config)
    known = previous.load_facts() if previous and previous.loader_key == _loader_key(config) else {}

    records: dict[str, tuple] = {}
    todo: list[str] = []
    for rel in tree.articles:
        entry = known.get(rel)
        if entry is not None and entry.stats == tree.stats.get(rel) \
                and entry.defaults_key == tree.defaults_key(rel):
            records[rel] = entry
        else:
            todo.append(rel)
    parallel.shared.update(content_dir=content_dir, tree=tree, load_options=load_options)
    jobs = options.jobs or parallel.default_jobs()
    with (progress or Progress(False)).task("Reading articles", len(todo)) as advance:
        for chunk_result in parallel.run(_load_chunk, parallel.chunks(todo, LOAD_CHUNK), jobs):
            for rel, entry in chunk_result:
                records[rel] = entry
            advance(len(chunk_result))

    articles: list[Article] = []
    for rel in tree.articles:
        _stats, _defaults, record, found = records[rel]
        problems += [ContentError(*p) for p in found]
        if record is not None:
            articles.append(Article.from_record(record))
    moment = now()
    publish_future = options.future or config.include_future
    kept, later = [], []
    for article in articles:
        if article.draft and not options.drafts:
            continue
        if not publish_future and article.instant > moment:
            later.append(article.instant.timestamp())
            continue
        kept.append(article)
    return Loaded(config, tree, kept, problems, len(articles) - len(kept), records,
                  min(later) if later else None)


def _load_chunk(rels: list[str]) -> list[tuple[str, tuple]]:
    """In a worker: read the facts of some articles (not their bodies)."""
    content_dir, tree, options = (parallel.shared[k] for k in ("content_dir", "tree", "load_options"))
    out = []
    for rel in rels:
        stats, defaults_key = tree.stats.get(rel), tree.defaults_key(rel)
        try:
            raw = (content_dir / rel).read_bytes()
        except OSError as exc:
            problem = ContentError("content/" + rel, None, f"cannot be read ({exc.strerror})",
                                   "check the file exists and is readable (a broken link?)")
            out.append((rel, cache.FileFacts(stats, defaults_key, None, [problem.to_record()])))
            continue
        article, found = load_article(raw, rel, tree.defaults_for(rel), options, with_body=False)
        record = article.to_record() if article is not None else None
        out.append((rel, cache.FileFacts(stats, defaults_key, record, [p.to_record() for p in found])))
    return out


def _loader_key(config: Config) -> str:
    return cache.digest(__version__, LOADER_RULES, Article.RECORD, config.language, config.timezone,
                        config.allow_raw_html, config.detect_language, config.slugs)


def _load_options(config: Config) -> LoadOptions:
    if config.detect_language:
        language_guess.ready()  # loaded once, before the workers fork
    return LoadOptions(config.language, dates.zone(config.timezone), config.allow_raw_html,
                       config.detect_language, config.slugs)


# ---------------------------------------------------------------- building

def build(site_dir: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site. The garbage collector is paused meanwhile: the build holds many small objects
    and makes almost no cycles, and collections over 100,000 articles' objects cost seconds."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(site_dir, options)
    finally:
        if enabled:
            gc.enable()


def _build(site_dir: Path, options: BuildOptions) -> BuildResult:
    site_dir = site_dir.absolute()
    output = Output((options.output or site_dir / "build").absolute())
    _check_output(site_dir, output.output)
    content_dir = site_dir / "content"
    if not content_dir.is_dir():
        raise UsageError(f"no content/ folder in {site_dir}: an archive folder holds its articles in content/")
    output.check_ours()  # before the lock's folder is made beside it: a refused output leaves nothing
    with output.lock():
        return _build_locked(site_dir, output, options)


def _build_locked(site_dir: Path, output: Output, options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    feed_bodies.clear()  # from an earlier build in this process
    content_dir = site_dir / "content"
    output.recover()
    output.check_ours()
    progress = Progress(options.progress)
    timing = _Timings()

    # 1-2. what changed since the last build?
    config_read = load_config(site_dir)
    config = config_read[0]
    if options.search and not config.search:
        options = replace(options, search=False)
    theme_files = _theme_files(site_dir)
    tree = scan(content_dir)
    previous = None if options.clean or not output.is_built else cache.load(output.cache_dir)
    portable = options.portable or config.portable
    run_key = cache.digest(__version__, cache.stats_key([*theme_files, site_dir / CONFIG_NAME]),
                           options.drafts, options.future, options.skip_invalid, options.search, portable,
                           os.environ.get("SOURCE_DATE_EPOCH"))  # a moment set back unpublishes articles
    if previous and previous.run_key == run_key and previous.stats == tree.stats and (
            previous.next_change is None or now().timestamp() < previous.next_change):
        articles, pages, files = previous.summary
        return BuildResult(articles, pages, 0, files, time.perf_counter() - started,
                           [ContentError(*p) for p in previous.problems], output.output, 0, "nothing changed")

    if previous and previous.run_key == run_key and not (site_dir / "templates").exists():
        quick = _body_only(site_dir, output, options, previous, tree, config, started)
        if quick is not None:
            return quick
    timing("scan and cache")

    # 3. read
    loaded = load(site_dir, options, previous, progress, tree, config_read)
    timing("read articles")
    problems = loaded.problems
    if any(p.is_error for p in problems):
        if not options.skip_invalid:
            raise BuildFailed(sorted(problems, key=ContentError.sort_key))
        problems = [p.as_warning() if p.is_error else p for p in problems]

    # 4. place and list
    archive = build_archive(loaded.articles, config)
    problems = sorted(problems + archive.problems + _config_notes(config), key=ContentError.sort_key)
    urls = article_urls(archive)
    pages = site_pages(archive, config, search=options.search, urls=urls)
    site = Site(config, tuple(archive.years), i18n.babel_locale(config.language), options.search, portable)
    site_key = cache.digest(__version__, cache.files_key([*theme_files, site_dir / CONFIG_NAME]),
                            site.years, _loader_key(config), options.search, portable)
    if previous is not None and not previous.load_pages():
        previous = None  # the pages file does not belong with the header: build as if from scratch
    known_pages = previous.pages if previous and previous.site_key == site_key else {}
    dirty = bytearray(1 if known_pages.get(p.url) != p.key else 0 for p in pages)
    journal = bool(known_pages) and sum(dirty) <= len(pages) // JOURNAL_SHARE
    env = make_environment(site_dir, site)
    timing("archive and pages")

    # 5. render
    static = _static_files(site_dir)
    all_files = {routes.output_path(p.url) for p in pages} | {routes.static(rel) for rel in static} | {MARKER}
    stage_root = output.begin_journal() if journal else output.begin_swap()
    stage = Stage(stage_root, output.output, link_unchanged=not journal)
    try:
        parallel.shared.update(pages=pages, env=env, site=site, dirty=dirty, content_dir=content_dir, article_urls=urls,
                               stage_args=(stage_root, output.output, not journal),
                               load_options=_load_options(config), tree=loaded.tree, site_dir=site_dir)
        todo = [i for i in range(len(pages)) if dirty[i]] if journal else list(range(len(pages)))
        with progress.task("Rendering pages", len(todo)) as advance:
            work = _work(pages, todo)
            for files, changed, written, unchanged, count in parallel.run(_render_chunk, work,
                                                                           options.jobs or parallel.default_jobs()):
                stage.merge(files, changed, written, unchanged)
                advance(count)
        timing("render")
        for rel, path in static.items():
            _copy(stage, routes.static(rel), path, known_unchanged=journal)  # the theme is in site_key
        problems += _copy_assets(stage, content_dir, loaded.tree, all_files, previous if journal else None)
        search_key = ""
        if options.search:
            articles = [routes.output_path(p.url) for p in pages if p.template == "article.html"]
            gone = set(previous.files) - all_files if previous else set()
            bundle, search_key = search.stage_index(stage, output, articles, gone, config, progress,
                                                    previous.search_key if previous else "",
                                                    options.jobs or parallel.default_jobs())
            all_files |= bundle
            timing("search index")
        stage.put(MARKER, MARKER_TEXT)
        cache.forget(output.cache_dir)
        deleted: list[str] = []
        if journal:
            deleted = sorted(set(previous.files) - all_files)
            output.commit_journal(stage.changed, deleted)
        else:
            output.commit_swap(stage.files, stage.written)
    except BaseException:
        output.abort()
        raise

    timing("commit")

    # 6. remember
    cache.save(output.cache_dir, cache.CacheState(
        loader_key=_loader_key(config), site_key=site_key, run_key=run_key, stats=tree.stats,
        records=loaded.records, pages={p.url: p.key for p in pages}, files=sorted(all_files),
        assets={rel: tree.stats.get(rel) for rel in loaded.tree.assets},
        problems=[p.to_record() for p in problems], next_change=loaded.next_change,
        summary=(len(archive.entries), len(pages), len(all_files)), years=tuple(archive.years),
        placed=placements(archive), search_key=search_key,
    ))
    timing("save cache")
    unchanged = len(all_files) - stage.written if journal else stage.unchanged
    return BuildResult(len(archive.entries), len(pages), stage.written, unchanged,
                       time.perf_counter() - started, problems, output.output, len(deleted),
                       "journal" if journal else "swap")


def _body_only(site_dir: Path, output: Output, options: BuildOptions, previous: cache.CacheState,
               tree: ContentTree, config: Config, started: float) -> BuildResult | None:
    """The editor's most common rebuild: only the text of some articles changed, not what any list shows
    of them (title, date, source, tags...). Then only their own pages change: render those, and skip
    rebuilding the archive. None when anything else changed (the full rebuild then runs).

    Only with the default theme: a site's own article.html might show more of the archive than this
    path rebuilds (such as the number of articles of a source)."""
    if previous.stats.keys() != tree.stats.keys() or (
            previous.next_change is not None and now().timestamp() >= previous.next_change):
        return None
    changed = [rel for rel, stats in tree.stats.items() if previous.stats[rel] != stats]
    articles = set(tree.articles)
    if not changed or any(rel not in articles for rel in changed):
        return None  # assets or folder defaults changed
    known = previous.load_facts()
    if previous.loader_key != _loader_key(config) or not previous.load_pages():
        return None
    load_options = _load_options(config)
    fresh: dict[str, tuple] = {}
    for rel in changed:
        old = known.get(rel)
        try:
            raw = (site_dir / "content" / rel).read_bytes()
        except OSError:
            return None
        article, found = load_article(raw, rel, tree.defaults_for(rel), load_options, with_body=False)
        problems = [p.to_record() for p in found]
        if article is None or old is None or old.record is None or old.problems != problems \
                or old.record.facts_hash != article.facts_hash or old.defaults_key != tree.defaults_key(rel):
            return None
        place = previous.placed.get(rel)
        if place is not None and place.in_feeds:
            return None  # a feed shows this article's text: the feeds change too
        fresh[rel] = cache.FileFacts(tree.stats[rel], tree.defaults_key(rel), article.to_record(), problems)

    site = Site(config, tuple(previous.years), i18n.babel_locale(config.language), options.search,
                options.portable or config.portable)  # the same as the last build's: run_key holds it
    env = make_environment(site_dir, site)
    stage = Stage(output.begin_journal(), output.output, link_unchanged=False)
    urls = {rel: place.url for rel, place in previous.placed.items()}  # unchanged: no title, date... changed
    parallel.shared.update(content_dir=site_dir / "content", tree=tree, load_options=load_options, article_urls=urls)
    try:
        for rel, entry in fresh.items():
            place = previous.placed.get(rel)
            if place is None:
                continue  # a draft or a future article: no page
            page = article_page(Article.from_record(entry.record), place, config, urls)
            stage.put(routes.output_path(page.url), render_page(env, with_body(page), site))
            previous.pages[page.url] = page.key
        stale: list[str] = []
        if options.search:
            articles = [routes.output_path(url) for url in previous.pages if routes.is_article(url)]
            bundle, previous.search_key = search.stage_index(stage, output, articles, set(), config,
                                                             Progress(options.progress), previous.search_key,
                                                             options.jobs or parallel.default_jobs())
            before = {rel for rel in previous.files if rel.startswith(search.BUNDLE)}
            stale = sorted(before - bundle)
            previous.files = sorted((set(previous.files) - before) | bundle)
            previous.summary = (*previous.summary[:2], len(previous.files))
        cache.forget(output.cache_dir)
        output.commit_journal(stage.changed, stale)
    except BuildFailed:
        output.abort()
        raise
    except Exception as exc:
        output.abort()
        problem = template_problem(exc, site_dir)
        if problem is None:
            raise
        raise BuildFailed([problem]) from None
    except BaseException:
        output.abort()
        raise
    previous.records = {**known, **fresh}
    previous.stats = tree.stats
    cache.save(output.cache_dir, previous)
    articles, pages, files = previous.summary
    return BuildResult(articles, pages, stage.written, files - stage.written, time.perf_counter() - started,
                       [ContentError(*p) for p in previous.problems], output.output, len(stale), "text")


def _config_notes(config: Config) -> list[ContentError]:
    if config.base_url:
        return []
    return [ContentError(CONFIG_NAME, None, "base_url is not set: no sitemap.xml, robots.txt or 404.html is made, "
                         "and feeds link relatively",
                         "set base_url to the address the site is served at, e.g. base_url: https://example.org/",
                         WARNING)]


def _work(pages: list[Page], todo: list[int]) -> list:
    """Chunks of pages for the workers: feeds (50 articles' text each) first and in small chunks, so that
    the heaviest work is spread over the workers, then the rest."""
    heavy = [i for i in todo if pages[i].template == "atom.xml"]
    light = [i for i in todo if pages[i].template != "atom.xml"]
    return parallel.chunks(heavy, FEED_CHUNK) + parallel.chunks(light, RENDER_CHUNK)


def _render_chunk(indices: list[int]) -> tuple:
    """In a worker: render some pages into the stage (unchanged ones are kept from the last build)."""
    shared = parallel.shared
    pages, dirty, env, site = shared["pages"], shared["dirty"], shared["env"], shared["site"]
    stage = Stage(*shared["stage_args"])
    for index in indices:
        page = pages[index]
        rel = routes.output_path(page.url)
        if not dirty[index] and stage.keep(rel):
            continue
        try:
            data = render_page(env, with_body(page), site)
        except Exception as exc:
            problem = template_problem(exc, shared["site_dir"])
            if problem is None:
                raise
            raise BuildFailed([problem]) from None
        stage.put(rel, data)
    return stage.files, stage.changed, stage.written, stage.unchanged, len(indices)


def check(site_dir: Path, options: BuildOptions = BuildOptions()) -> tuple[Loaded, Archive, list[ContentError]]:
    """Validate without writing anything; returns every problem (build's, plus editor warnings)."""
    from newsarchive.checks import editor_warnings
    from newsarchive.content.links import link_problems

    site_dir = site_dir.absolute()
    loaded = load(site_dir, BuildOptions(drafts=options.drafts, future=True, jobs=options.jobs))
    archive = build_archive(loaded.articles, loaded.config)
    problems = loaded.problems + archive.problems + editor_warnings(loaded, archive, now(), site_dir / "content")
    problems += link_problems(site_dir / "content", loaded, options.jobs)
    return loaded, archive, sorted(problems, key=ContentError.sort_key)


_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".json")
_OWN_CODE = str(Path(__file__).resolve().parent)


def template_problem(exc: BaseException, site_dir: Path) -> ContentError | None:
    """A mistake in a template (the site's override, usually) as a message naming its file and line.

    A Jinja error is always one. Any other exception raised while rendering is the template's when the
    innermost frame of newsarchive's own code or a template is a template (``{{ 1/0 }}``, ``{{ title +
    1 }}``, a template including itself); else it is a bug in newsarchive, and this returns None."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    is_jinja = isinstance(exc, jinja2.TemplateError)
    blamed = is_jinja
    if filename is None:  # an error while rendering: find the innermost template frame in the traceback
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith(_TEMPLATE_SUFFIXES):
                filename, line, blamed = name, tb.tb_lineno, True
            elif name.startswith(_OWN_CODE) and not is_jinja:
                blamed = False
            tb = tb.tb_next
    if not blamed:
        return None
    shown = display_path(Path(filename), site_dir) if filename else "templates"
    if isinstance(exc, RecursionError):
        message = "the template includes or extends itself, without end"
    elif is_jinja:
        message = getattr(exc, "message", None) or str(exc)
    else:
        message = f"{exc} ({type(exc).__name__})"
    return ContentError(shown, line, f"template error: {message}",
                        "fix the template (or remove your override to use the default theme)")


def _check_output(site_dir: Path, output: Path) -> None:
    resolved_site, resolved_out = site_dir.resolve(), output.resolve()
    content = (site_dir / "content").resolve()
    if resolved_out in (resolved_site, content) or content.is_relative_to(resolved_out) \
            or resolved_out.is_relative_to(content):
        raise UsageError(f"the output folder {output} would overwrite the archive's own files; "
                         "choose a folder such as build/")


def _theme_files(site_dir: Path) -> list[Path]:
    """Every file of the theme and of the site's overrides: a change to any re-renders every page."""
    files: list[Path] = []
    for folder in (theme_dir(), site_dir / "templates"):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    return files


def _static_files(site_dir: Path) -> dict[str, Path]:
    """The theme's static/ files, then the site's templates/static/ files of the same name win."""
    chosen: dict[str, Path] = {}
    for folder in (theme_dir() / "static", site_dir / "templates" / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    chosen[path.relative_to(folder).as_posix()] = path
    return dict(sorted(chosen.items()))


def _copy(stage: Stage, rel: str, source: Path, known_unchanged: bool) -> None:
    if known_unchanged and stage.keep(rel):
        return
    stage.copy(rel, source)


def _copy_assets(stage: Stage, content_dir: Path, tree: ContentTree, all_files: set[str],
                 previous: cache.CacheState | None) -> list[ContentError]:
    problems = []
    folded: set[str] = set()
    for rel in tree.assets:
        target = routes.output_path(routes.asset(rel))  # the file serving its URL
        if target.casefold() in folded:
            problems.append(ContentError("content/" + rel, None,
                                         "another file has the same name but for upper/lower case; it is not "
                                         "copied, since the two would be one file on many disks",
                                         "rename one of them", WARNING))
            continue
        folded.add(target.casefold())
        if target.startswith(search.BUNDLE):
            problems.append(ContentError("content/" + rel, None,
                                         f"the folder {search.BUNDLE} of the output holds the search index; "
                                         "this file is not copied", "move it to another folder", WARNING))
            continue
        if stage.has(target) or target in all_files:
            problems.append(ContentError("content/" + rel, None,
                                         f"this file would replace the generated page /{target}; it is not copied",
                                         "rename or move it", WARNING))
            continue
        unchanged = previous is not None and previous.assets.get(rel) == tree.stats.get(rel)
        try:
            _copy(stage, target, content_dir / rel, unchanged)
        except OSError as exc:
            problems.append(ContentError("content/" + rel, None, f"could not be copied ({exc.strerror})",
                                         "rename or move it", WARNING))
            continue
        except ValueError:
            problems.append(ContentError("content/" + rel, None,
                                         "its name has a character that is not safe in a URL (such as \\); "
                                         "it is not copied", "rename it", WARNING))
            continue
        all_files.add(target)
    return problems
