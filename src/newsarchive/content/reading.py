"""Reading the articles' facts (not their bodies), reusing the cache for unchanged files, in parallel;
and which of them a build publishes (drafts and future articles aside)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from newsarchive import dates, parallel
from newsarchive.catalog import state as cache
from newsarchive.config import Config, load_config
from newsarchive.content import language_guess
from newsarchive.content.loader import LoadOptions, load_article, loader_key
from newsarchive.content.tree import ContentTree, scan
from newsarchive.context import ReadContext
from newsarchive.errors import Problem, content_folder
from newsarchive.model import Article, ArticleRecord
from newsarchive.progress import Progress
from newsarchive.versions import files as versions

LOAD_CHUNK = 250


@dataclass(slots=True)
class Loaded:
    config: Config
    tree: ContentTree
    articles: list[Article]  # the ones to publish
    problems: list[Problem] = field(default_factory=list)
    left_out: int = 0  # drafts and future articles
    records: dict = field(default_factory=dict)  # for the cache: FileFacts, holding an Article or None
    next_change: float | None = None  # the earliest future article left out
    future: list[tuple[str, str]] = field(default_factory=list)  # (path, ISO moment) left out, earliest first
    drafts: int = 0  # drafts left out


def now() -> datetime:
    """The build's moment: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def load_options(config: Config, statics=()) -> LoadOptions:
    """How articles are read; ``statics``: the names of the site's static/ files (their pages link them)."""
    if config.detect_language:
        language_guess.ready()  # loaded once, before the workers fork
    return LoadOptions(config.language, dates.zone(config.timezone), config.allow_raw_html,
                       config.detect_language, config.slugs, frozenset(config.extra_keys), config.shortcodes,
                       frozenset(statics))


def load(site_dir: Path, options, previous: cache.CacheState | None = None,
         progress: Progress | None = None, tree: ContentTree | None = None,
         config_read: tuple[Config, list[Problem]] | None = None) -> Loaded:
    """Read the config and every article's facts. ``options`` is a ``build.BuildOptions`` (drafts, future,
    jobs)."""
    content_dir = content_folder(site_dir)
    config, problems = config_read or load_config(site_dir)
    problems = list(problems)
    tree = tree or scan(content_dir)
    problems += tree.problems
    known = (previous.load_facts() if previous and previous.loader_key == loader_key(config)
             else {})

    records: dict[str, tuple] = {}
    todo: list[str] = []
    for rel in tree.articles:
        entry = known.get(rel)
        if (entry is not None and entry.stats == tree.stats.get(rel)
                and entry.defaults_key == tree.defaults_key(rel)):
            records[rel] = entry
        else:
            todo.append(rel)
    context = ReadContext(content_dir, tree, load_options(config))
    jobs = options.jobs or parallel.default_jobs()
    with (progress or Progress(False)).task("Reading articles", len(todo)) as advance:
        chunks = parallel.chunks(todo, LOAD_CHUNK)
        for chunk_result in parallel.run(_load_chunk, chunks, jobs, context, options.executor):
            for rel, entry in chunk_result:
                records[rel] = entry
            advance(len(chunk_result))

    articles: list[Article] = []
    for rel in tree.articles:
        facts = records[rel]  # a cache.FileFacts
        problems += [Problem(*p) for p in facts.problems]
        if facts.record is not None:
            article = Article.from_record(_shared(facts.record))
            records[rel] = facts._replace(record=article)  # the cache saves its to_record(): not kept twice
            articles.append(article)
    moment = now()
    publish_future = options.future or config.include_future
    kept, later, drafts = [], [], 0
    for article in articles:
        if article.draft and not options.drafts:
            drafts += 1
            continue
        if not publish_future and article.instant > moment:
            later.append((article.instant, article.path))
            continue
        kept.append(article)
    later.sort()  # the earliest first (aware datetimes compare as moments)
    return Loaded(config, tree, kept, problems, len(articles) - len(kept), records,
                  later[0][0].timestamp() if later else None,
                  [(path, instant.isoformat()) for instant, path in later], drafts)


def _shared(record: ArticleRecord) -> ArticleRecord:
    """The record with one copy of the names many articles repeat (source, language, tags, authors): each
    worker's result arrives with its own copies, which the build would keep for every article."""
    intern = sys.intern
    return record._replace(source=intern(record.source), language=intern(record.language),
                           tags=tuple(map(intern, record.tags)), authors=tuple(map(intern, record.authors)))


def _load_chunk(context: ReadContext, rels: list[str]) -> list[tuple[str, tuple]]:
    """In a worker: read the facts of some articles (not their bodies)."""
    tree = context.tree
    out = []
    for rel in rels:
        stats, defaults_key = tree.stats.get(rel), tree.defaults_key(rel)
        try:
            raw = (context.content_dir / rel).read_bytes()
        except OSError as exc:
            problem = Problem("content/" + rel, None, f"cannot be read ({exc.strerror})",
                                   "check the file exists and is readable (a broken link?)")
            out.append((rel, cache.FileFacts(stats, defaults_key, None, [problem.to_record()])))
            continue
        article, found = load_article(raw, rel, tree.defaults_for(rel), context.load_options, with_body=False)
        if article is not None and rel in tree.versions:
            article, more = versions.attach(article, context.content_dir, tree.versions[rel],
                                            tree.defaults_for(rel), context.load_options)
            found += more
        record = article.to_record() if article is not None else None
        out.append((rel, cache.FileFacts(stats, defaults_key, record, [p.to_record() for p in found])))
    return out
