"""What a build on a Dask cluster sends its workers (``executors``, ``context``): the config, the theme's
and the archive's paths once to each worker, then each chunk with its own pages' data, never the archive
(whose pages link every article to its source, tags and authors, and those to all their articles)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from test_distributed_processes import _archive

from newsarchive import executors, planning
from newsarchive.context import RenderContext
from newsarchive.errors import BuildFailed
from newsarchive.model import Span
from newsarchive.options import BuildOptions
from newsarchive.output.writer import Output
from newsarchive.pages.render import make_environment
from newsarchive.progress import Progress


def _context(site: Path) -> RenderContext:
    output = Output(site / "build")
    setup = planning.setup(site, output, BuildOptions(search=False, clean=True, jobs=1))
    plan = planning.plan_all(setup, Progress(False), lambda _phase: None)
    env = make_environment(site, plan.site, output.cache_dir)
    return RenderContext(plan.reading, plan.pages, plan.dirty, env, plan.site,
                         (site / "stage", str(output.output), True, frozenset()), site)


def _sent(context: RenderContext, indices: list[int]) -> bytes:
    part = context.part(indices)
    return executors.detached_dumps((part, indices), context.entries_shown(part))


def _index(context: RenderContext, url: str) -> int:
    return next(i for i, page in enumerate(context.pages) if page.url == url)


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    root = tmp_path_factory.mktemp("parts")  # the first 200 articles of both are the same
    return _context(_archive(root / "small", 200)), _context(_archive(root / "large", 1000))


def test_what_each_worker_gets_once_does_not_grow_with_the_archive(archives):
    whole = [len(executors.deep_dumps(c)) for c in archives]
    assert whole[1] > 2 * whole[0]  # the context sent whole before: the archive
    base = [len(executors.deep_dumps(c.base())) for c in archives]
    assert max(base) < 4096 and abs(base[0] - base[1]) < 64


def test_a_chunk_carries_its_pages_not_the_archive(archives):
    small, large = archives
    whole = len(executors.deep_dumps(large))
    for url in ("sources/", "tags/"):  # each term's count and days, not its articles
        sizes = [len(_sent(c, [_index(c, url)])) for c in archives]
        assert sizes[1] < 1.1 * sizes[0], url
    for url in ("2015/01/", "sources/outlet-07/"):  # a month's headlines, a source's newest and profile
        assert len(_sent(large, [_index(large, url)])) < 0.05 * whole, url
    article = next(i for i, p in enumerate(small.pages) if p.url.endswith("/article-00005/"))
    sizes = [len(_sent(c, [_index(c, small.pages[article].url)])) for c in archives]
    assert sizes[1] < 1.5 * sizes[0] < 30_000


def test_a_term_arrives_with_its_count_and_days_and_its_page_renders_as_at_home(archives):
    _small, large = archives
    index = _index(large, "sources/")
    part, _chunk = pickle.loads(_sent(large, [index]))
    sent = {t.key: t for t in part[0][index].context["terms"]}
    for term in large.pages[index].context["terms"]:
        arrived = sent[term.key]
        assert (arrived.count, arrived.first_day, arrived.last_day, arrived.name, arrived.url) == (
            term.count, term.first_day, term.last_day, term.name, term.url)
        assert type(arrived.entries) is Span
    joined = large.base().joined(part)
    from newsarchive.pages.render import render_page

    assert render_page(large.env, joined.pages[index], joined.site) == render_page(
        large.env, large.pages[index], large.site)


def test_a_template_that_lists_a_terms_articles_elsewhere_is_told_why_on_a_cluster():
    with pytest.raises(BuildFailed) as raised:
        list(Span(3, None, None))
    assert "term.entries" in str(raised.value.problems[0]) and "--executor" in str(raised.value.problems[0])
