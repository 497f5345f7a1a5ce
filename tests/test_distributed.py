"""``newsarchive build --executor``: the reading and rendering on a Dask distributed cluster (here a
``LocalCluster`` of two worker processes) give the same bytes and the same messages as a local build."""

from __future__ import annotations

import filecmp
import os
import shutil
import sys
from pathlib import Path

import cloudpickle
import dask
import pytest
from click.testing import CliRunner
from conftest import REPO, article, write_site
from distributed import LocalCluster

from newsarchive import cli, executors
from newsarchive.errors import UsageError

cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this file


@pytest.fixture(scope="module")
def cluster():
    # a worker lost once is a lost chunk: the last test shows the message without waiting for retries
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        yield cluster


def _build(site: Path, output: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, ["build", str(site), "-o", str(output), "--no-search", *args])
    return result.exit_code, result.stderr


def _files(folder: Path) -> set[Path]:
    """The output's files, its hidden build cache aside."""
    return {path.relative_to(folder) for path in folder.rglob("*")
            if path.is_file() and not path.relative_to(folder).parts[0].startswith(".")}


def _same_tree(left: Path, right: Path) -> list[str]:
    """The files that differ, or are in only one of the two folders."""
    files = _files(left)
    return sorted(str(rel) for rel in files ^ _files(right) | {rel for rel in files if (right / rel).is_file()
                                                             and not filecmp.cmp(left / rel, right / rel,
                                                                                 shallow=False)})


def test_the_sample_archive_builds_on_the_cluster_byte_for_byte_as_locally(cluster, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "newsarchive.yaml", site / "newsarchive.yaml")
    # links between articles, in Markdown, in HTML and in an earlier version: a worker resolves them from
    # the addresses sent with its chunk
    linking = site / "content/2018/03/2018-03-28-follow-up.md"
    linking.write_text('---\ntitle: "Follow-up: the port reopens"\ndate: 2018-03-28\nsource: Le Littoral\n'
                       'language: fr\n---\nLire [la tempête](2018-03-26-harbour-storm.md#bilan) et '
                       '<a href="2018-03-26-harbour-storm.md?from=suite">le bilan</a>.\n', encoding="utf-8")
    version = site / "content/2018/03/2018-03-28-follow-up.versions/2018-03-28T09-00-00Z.md"
    version.parent.mkdir()
    version.write_text('---\ntitle: "Follow-up"\ndate: 2018-03-28\nsource: Le Littoral\nlanguage: fr\n---\n'
                       "Voir [la tempête](2018-03-26-harbour-storm.md?v=1).\n", encoding="utf-8")
    address = cluster.scheduler_address.replace("tcp://", "dask://")
    assert _build(site, tmp_path / "local", "--jobs", "1")[0] == 0
    pages = {p.relative_to(tmp_path / "local").as_posix(): p.read_text("utf-8")
             for p in (tmp_path / "local").rglob("index.html") if "follow-up" in str(p)}
    unresolved = [p for p, html in pages.items() if "harbour-storm.md" in html]
    assert len(pages) >= 2 and not unresolved, sorted(pages)
    code, err = _build(site, tmp_path / "dask", "--executor", address)
    assert code == 0, err
    assert _same_tree(tmp_path / "local", tmp_path / "dask") == []
    assert len(list((tmp_path / "dask").rglob("index.html"))) > 50

    # the config's executor is used too, and the command line wins over it
    (site / "newsarchive.yaml").write_text((REPO / "newsarchive.yaml").read_text() + "executor: tcp://127.0.0.1:9\n")
    code, err = _build(site, tmp_path / "again", "--executor", cluster.scheduler_address, "--clean")
    assert code == 0, err
    assert _same_tree(tmp_path / "local", tmp_path / "again") == []


def test_a_content_error_found_on_a_worker_reads_as_in_a_local_build(cluster, tmp_path):
    bad_file = write_site(tmp_path / "bad-file", {
        **{f"2020/a{n}.md": article(f"Story {n}", f"2020-01-{n + 1:02d}") for n in range(12)},
        "2020/broken.md": "---\ntitle: Broken\ndate: 2020-13-45\nsource: The Wire\n---\nText.\n"})
    bad_template = write_site(tmp_path / "bad-template", {"2020/a.md": article("A", "2020-01-02")})
    (bad_template / "templates").mkdir()
    (bad_template / "templates" / "article.html").write_text("<p>\n{{ article.no_such_field }}\n</p>\n")
    for site in (bad_file, bad_template):
        local = _build(site, tmp_path / "out-local", "--jobs", "1")
        remote = _build(site, tmp_path / "out-dask", "--executor", cluster.scheduler_address)
        assert local[0] == remote[0] == 1
        assert remote[1] == local[1]
        assert (":3: " in remote[1]) if site is bad_file else ("templates/article.html:2: " in remote[1])
        assert not (tmp_path / "out-dask").exists()  # nothing written


def test_an_unreachable_scheduler_or_a_wrong_address_is_a_plain_message(cluster, tmp_path, monkeypatch):
    site = write_site(tmp_path / "site", {"a.md": article()})
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1)
    code, err = _build(site, tmp_path / "out", "--executor", "dask://127.0.0.1:9")
    assert code == 2
    assert err.startswith("Error: cannot reach the Dask scheduler at dask://127.0.0.1:9: ")
    assert "start one with `dask scheduler`, or build without --executor" in err
    code, err = _build(site, tmp_path / "out", "--executor", "127.0.0.1:8786")
    assert code == 2
    wanted = ("Error: --executor: '127.0.0.1:8786' is not a Dask scheduler's address; write dask://HOST:8786 "
              "or tcp://HOST:8786, the address `dask scheduler` prints, or local")
    assert err.splitlines() == [wanted]
    (site / "newsarchive.yaml").write_text("title: T\nexecutor: https://x/\n")
    code, err = _build(site, tmp_path / "out")
    assert code == 1
    assert "newsarchive.yaml:2: executor: 'https://x/' is not a Dask scheduler's address" in err


class _Seen:
    """A context whose content/ a worker sees otherwise than this machine (another disk at the same path)."""

    def __init__(self, path: Path):
        self.path = path

    def shared(self):
        return {str(self.path): (1, 2)}, None


def test_a_worker_that_does_not_share_the_filesystem_is_named(cluster, tmp_path):
    (tmp_path / "a.md").write_text("x")
    with pytest.raises(UsageError, match="content and output must be on a filesystem every worker shares"):
        list(executors.run(cluster.scheduler_address, len, [[1]], _Seen(tmp_path / "a.md")))
    executors.disconnect()


def _die(_context, _item):
    os._exit(9)


def test_a_worker_lost_for_good_stops_the_build_with_a_message(cluster, tmp_path):
    (tmp_path / "a.md").write_text("x")
    stats = os.stat(tmp_path / "a.md")
    with pytest.raises(UsageError, match="a Dask worker died running .*the previous output is unchanged"):
        list(executors.run(cluster.scheduler_address, _die, [1],
                           _Stats(tmp_path / "a.md", (stats.st_size, stats.st_mtime_ns))))
    executors.disconnect()


class _Stats(_Seen):
    def __init__(self, path: Path, stats: tuple[int, int]):
        super().__init__(path)
        self.stats = stats

    def shared(self):
        return {str(self.path): self.stats}, None
