"""The orchestrator, which reads like the build's table of contents. A build first plans, then runs the
same steps whatever the plan:

1. setup: recover from an interrupted build; read the config; scan content/; read the last build's cache;
2. plan (``planning``), the cheapest that is right:
   - "nothing changed" since the last build (the cache's file stats and keys): stop at once;
   - "added" or "edited": only new articles, or only articles edited where they stand in every list: the
     pages they change found by query from the catalog (``rebuilds``);
   - "text": only the text of some articles changed, not what any list shows of them: their pages only;
   - "journal" or "swap": read the articles' facts (``reading``), place them in the archive and list the
     pages with the fingerprint of their inputs (``pages``); a few pages changed: journal them into the
     output, else stage a whole new output and swap it in;
3. stage: render the pages whose fingerprint changed (each article's body read then, ``bodies``), in
   parallel; copy the static files and assets (``assets``); stage the search index by parts (``search``);
4. commit (``writer``): swap the new output in, or replay the journal of changed files;
5. remember: save the catalog (``catalog``): the rows that changed, in one transaction.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsarchive import executors, planning, routes
from newsarchive.catalog import problems as catalog_problems
from newsarchive.catalog import state as cache
from newsarchive.catalog import store
from newsarchive.errors import BuildFailed, Problem, Problems, UsageError, content_folder
from newsarchive.options import BuildOptions
from newsarchive.output.writer import MARKER, MARKER_TEXT, Output, Stage
from newsarchive.progress import Progress

if TYPE_CHECKING:  # rendering's modules (Jinja, Markdown...) are imported once a build has something to do
    from newsarchive.context import RenderContext
    from newsarchive.model import Page

RENDER_CHUNK = 200
FEED_CHUNK = 8
# Fewer pages than this are rendered by the build's own process: forking workers (a collection of the
# whole heap first, then each worker's copy-on-write faults) cost more than they save for the pages of a
# rebuild (an added article's 50 pages: 0.34 s of CPU in one process at 10,000 articles, 0.7 s more forked).
PARALLEL_FROM = 400


@dataclass(slots=True)
class BuildResult:
    articles: int
    pages: int
    written: int
    unchanged: int
    seconds: float
    problems: list[Problem]
    output: Path
    deleted: int = 0
    # "swap", "journal", "text" (only articles' text changed), "added" (only articles added: additions),
    # "edited" (articles edited in place: edits) or "nothing changed"
    mode: str = "swap"
    repaired: int = 0  # output files changed, deleted or added since the last build: made again or removed
    rows_written: int = 0  # rows of the catalog this build wrote (it writes what changed: see catalog)


class _Timings:
    """Phase timings on stderr when NEWSARCHIVE_TIMINGS is set (for profiling the build): wall time, or
    this process's CPU time with NEWSARCHIVE_TIMINGS=cpu (steadier on a busy machine)."""

    def __init__(self) -> None:
        setting = os.environ.get("NEWSARCHIVE_TIMINGS", "")
        self.enabled = bool(setting)
        self.clock = time.process_time if setting == "cpu" else time.perf_counter
        self.last = self.clock()

    def __call__(self, phase: str) -> None:
        if self.enabled:
            moment = self.clock()
            print(f"[timing] {phase}: {moment - self.last:.3f} s", file=sys.stderr)
            self.last = moment


def build(site_dir: Path, options: BuildOptions | None = None,
          known: planning.Known | None = None) -> BuildResult:
    """Build the site. The garbage collector is paused meanwhile: the build holds many small objects
    and makes almost no cycles, and collections over 100,000 articles' objects cost seconds. ``known``:
    what a long-running caller (``serve``) knows of the last build and of what changed since (see
    ``planning.Known``); the build fills it when it succeeds and empties it when it does not."""
    options = options or BuildOptions()
    enabled = gc.isenabled()
    gc.disable()
    try:
        site_dir = site_dir.absolute()
        output = Output((options.output or site_dir / "build").absolute())
        _check_output(site_dir, output.output)
        output.check_ours()  # before the lock's folder is made beside it: a refused output leaves nothing
        with output.lock():
            return _build(site_dir, output, options, known)
    except BaseException:
        if known is not None:
            known.forget()
        raise
    finally:
        executors.disconnect()
        store.close_all()
        if enabled:
            gc.enable()


def _build(site_dir: Path, output: Output, options: BuildOptions,
           known: planning.Known | None) -> BuildResult:
    started = time.perf_counter()
    progress, timing = Progress(options.progress), _Timings()
    output.recover()
    output.check_ours()

    # 1. what changed since the last build
    setup = planning.setup(site_dir, output, options, known)
    options = setup.options  # with search off when the config turns it off
    timing("setup: config, scan, cache header")
    if known is not None:
        known.keep(setup)  # (taken back if the build fails)
    if planning.nothing_changed(setup):
        articles, pages, files = setup.previous.summary
        return BuildResult(articles, pages, 0, files, time.perf_counter() - started,
                           catalog_problems.report(setup.previous.store, options.verbose), output.output, 0,
                           "nothing changed")

    # 2. plan: the changed articles' pages only, the pages new articles change, or every page (those whose
    # fingerprint changed rendered)
    from newsarchive.rebuilds import additions, edits

    # (the cheapest first: additions and edits decide from the changed files alone, the text-only plan
    # reads every article's facts)
    plan = (additions.plan(setup, timing) or edits.plan(setup, timing) or planning.plan_text(setup)
            or planning.plan_all(setup, progress, timing))
    timing(f"plan ({plan.mode})")

    # 3. stage: render, copy, index; 4. commit
    from newsarchive.context import RenderContext
    from newsarchive.pages.render import make_environment

    stage_root = output.begin_journal() if plan.journal else output.begin_swap()
    stage_args = (stage_root, output.output, not plan.journal, setup.drift.untrusted)
    stage = Stage(*stage_args)
    try:
        env = make_environment(site_dir, plan.site, output.cache_dir)
        context = RenderContext(plan.reading, plan.pages, plan.dirty, env,
                                plan.site, stage_args, site_dir)
        _render(plan, stage, context, progress, options)
        timing("render")
        _copy(plan, stage, setup)
        if options.search:
            _index(plan, stage, setup, progress)
            timing("search index")
        stage.put(MARKER, MARKER_TEXT)
        _manifests(plan, stage, setup)
        timing("fixity manifests")
        deleted = _commit(plan, stage, output, setup)
    except BaseException:
        output.abort()
        raise
    timing("commit")

    # 5. remember: the fixity record first (it says what the output now holds), then the cache
    setup.record.save(str(output.output), None if not plan.journal else set(stage.changed) | set(deleted))
    _remember(plan, output)
    timing("save cache")
    unchanged = len(plan.files) - stage.written if plan.journal else stage.unchanged
    repairs = setup.drift.problems(os.path.relpath(output.output, site_dir), plan.files)
    problems = (Problems(plan.problems) if plan.whole
                else catalog_problems.report(store.open_store(output.cache_dir), options.verbose))
    problems += repairs
    return BuildResult(*plan.counts, stage.written, unchanged, time.perf_counter() - started,
                       problems, output.output, len(deleted), plan.mode, setup.drift.count,
                       store.open_store(output.cache_dir).written)


def _render(plan: planning.Plan, stage: Stage, context: RenderContext, progress: Progress,
            options: BuildOptions) -> None:
    from newsarchive import parallel
    from newsarchive.data import database as archive_database
    from newsarchive.model import MADE

    todo = ([i for i in range(len(plan.pages)) if plan.dirty[i]] if plan.journal
            else list(range(len(plan.pages))))
    databases = [i for i in todo if plan.pages[i].kind.whole]
    if databases:
        todo = [i for i in todo if not plan.pages[i].kind.whole]
    made = [i for i in todo if MADE in plan.pages[i].context]  # (a year's file grown: 165 MB at a million
    if made:  # articles, staged here rather than sent to a worker)
        todo = [i for i in todo if MADE not in plan.pages[i].context]
        for index in made:
            stage.put(routes.output_path(plan.pages[index].url), plan.pages[index].context[MADE])
    with progress.task("Rendering pages", len(todo)) as advance:
        work = _work(plan.pages, todo, remote=bool(options.executor))
        jobs = options.jobs or parallel.default_jobs()
        if len(todo) < PARALLEL_FROM:
            jobs = 1
        if jobs > 1 and len(work) > 1 and not options.executor:  # forked workers inherit them
            from newsarchive.pages.render import load_templates

            load_templates(context.env)
        chunks = parallel.run(_render_chunk, work, jobs, context, options.executor)
        for files, changed, written, unchanged, count, hashes in chunks:
            stage.merge(files, changed, written, unchanged, hashes)
            advance(count)
    for index in databases:  # one file made of every article: here, once the workers are done
        page = plan.pages[index]
        if plan.dirty[index] or not stage.keep(routes.output_path(page.url)):
            with progress.task("Writing the archive's database", plan.counts[0]) as advance:
                archive_database.stage(stage, page, plan.reading, plan.site.config, advance)


def _work(pages: list[Page], todo: list[int], remote: bool = False) -> list:
    """Chunks of pages for the workers: feeds (50 articles' text each) first and in small chunks, so that
    the heaviest work is spread over the workers, then the rest. For a Dask cluster (``remote``), whose
    chunks carry the articles their pages show, feeds and lists are taken in the order of their newest
    article, so that a chunk's pages share more of their articles (each is sent once per chunk: 17% fewer
    bytes at 10,000 articles), and article pages apart from them."""
    from newsarchive import parallel

    kinds = [pages[i].kind for i in todo]
    heavy = [i for i, kind in zip(todo, kinds) if kind.heavy]
    articles = [i for i, kind in zip(todo, kinds) if kind.texts == "article"]  # they reuse feeds' bodies
    light = [i for i, kind in zip(todo, kinds) if not kind.heavy and kind.texts != "article"]
    if remote:
        def newest(index: int) -> tuple:  # its newest article's sort key (newest first)
            return min((entry.article.sort_key for entry in pages[index].context.get("entries") or ()),
                       default=(0.0, ""))

        heavy.sort(key=newest)
        light.sort(key=newest)
        return parallel.chunks(heavy, FEED_CHUNK) + parallel.chunks(articles, RENDER_CHUNK) + parallel.chunks(
            light, RENDER_CHUNK)
    return parallel.chunks(heavy, FEED_CHUNK) + parallel.chunks(articles + light, RENDER_CHUNK)


def _render_chunk(context: RenderContext, indices: list[int]) -> tuple:
    """In a worker: render some pages into the stage (unchanged ones are kept from the last build)."""
    from newsarchive.content.bodies import forget_bodies, with_body
    from newsarchive.pages.render import render_page
    from newsarchive.pages.template_errors import template_problem
    from newsarchive.rebuilds import feeds

    pages, dirty, env, site = context.pages, context.dirty, context.env, context.site
    stage = Stage(*context.stage_args)
    forget_bodies(context.reading, [pages[i] for i in indices])
    for index in indices:
        page = pages[index]
        rel = routes.output_path(page.url)
        if not dirty[index] and stage.keep(rel):
            continue
        try:
            data = None
            if feeds.GROWN in page.context:  # (a feed grown by added articles: rebuilds.feeds)
                data = feeds.grown(env, page, lambda made: render_page(env, with_body(context.reading, made),
                                                                       site))
            if data is None:
                data = render_page(env, with_body(context.reading, page), site)
        except Exception as exc:
            problem = template_problem(exc, context.site_dir)
            if problem is None:
                raise
            raise BuildFailed([problem]) from None
        stage.put(rel, data)
    return stage.files, stage.changed, stage.written, stage.unchanged, len(indices), stage.hashes


def _copy(plan: planning.Plan, stage: Stage, setup: planning.Setup) -> None:
    """The theme's static files, and content/'s assets (whose problems are warnings)."""
    from newsarchive.output import assets

    assets.copy_static(stage, plan.static, known_unchanged=plan.journal)  # the theme is in the site key
    if plan.copy_assets:
        previous = plan.previous if plan.journal else None
        plan.problems += assets.copy_assets(stage, plan.reading.content_dir, setup.tree, plan.files, previous)
        plan.problems += setup.static_problems + assets.copy_site_static(stage, setup.statics, plan.files,
                                                                         previous)


def _index(plan: planning.Plan, stage: Stage, setup: planning.Setup, progress: Progress) -> None:
    """Stage the search index: the changed articles go to a small recent part, merged into their years'
    parts when it grows past its bound (see search.stage_index)."""
    from newsarchive import parallel
    from newsarchive.search import index as search

    previous_key = plan.previous.search_key if plan.previous else ""
    recorded = setup.record.output if plan.journal and setup.record.known else None
    bundle, plan.state.search_key = search.stage_index(
        stage, setup.output, plan.search_pages, setup.config, progress,
        previous_key, setup.options.jobs or parallel.default_jobs(), recorded)
    plan.files |= bundle


def _manifests(plan: planning.Plan, stage: Stage, setup: planning.Setup) -> None:
    """The SHA-256 of every file of the output and of content/ (``fixity``), staged last."""
    from newsarchive.output import fixity

    plan.files |= stage.files
    fixity.stage_manifests(stage, plan.files, setup.site_dir / "content", setup.tree.stats, setup.record,
                           plan.journal, setup.told)


def _commit(plan: planning.Plan, stage: Stage, output: Output, setup: planning.Setup) -> list[str]:
    """Swap the staged output in, or replay the journal of changed and deleted files (the files the last
    build did not write among them); returns the deleted."""
    cache.forget(output.cache_dir)
    setup.record.forget()
    if not plan.journal:
        output.commit_swap(stage.files, stage.written)
        return []
    deleted = sorted((plan.old_files | setup.drift.extra) - plan.files)
    output.commit_journal(stage.changed, deleted)
    return deleted


def _remember(plan: planning.Plan, output: Output) -> None:
    """Save the cache the next build starts from."""
    state = plan.state
    if plan.placements is not None:
        state.placed, state.lists, state.terms, state.extras = plan.placements()
    state.files = list(plan.files)  # sorted when the cache's base is written
    state.summary = (*plan.counts, len(plan.files))
    state.problems = plan.problems if plan.whole else None  # (the others add theirs: plan.save)
    if plan.save is not None:
        plan.save(state)
    else:
        cache.save(output.cache_dir, state, plan.previous)


def _check_output(site_dir: Path, output: Path) -> None:
    """Refuse an output folder that would overwrite the archive, or an archive without content/."""
    resolved_site, resolved_out = site_dir.resolve(), output.resolve()
    content = (site_dir / "content").resolve()
    if resolved_out in (resolved_site, content) or content.is_relative_to(resolved_out) \
            or resolved_out.is_relative_to(content):
        raise UsageError(f"the output folder {output} would overwrite the archive's own files; "
                         "choose a folder such as build/")
    content_folder(site_dir)
