"""The catalog (``.build.cache/catalog.sqlite``): a rebuild reads it, writes back only the rows that
changed, and gives a clean build's site; a catalog that is corrupt, foreign, of another format, damaged,
stale or left without its header by an interrupted build means a clean build, never a wrong site."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import article, run_cli, write_site
from test_incremental import corpus, same_as_clean

from newsarchive.build import BuildOptions, build
from newsarchive.catalog import store
from newsarchive.output import writer

CATALOG = ".build.cache/catalog.sqlite"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", corpus(60), "per_page: 5\n")


def query(site: Path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(site / CATALOG) as db:
        return db.execute(sql, args).fetchall()


def test_the_catalog_holds_the_archive_in_tables(site: Path):
    result = build(site, BuildOptions(jobs=1))
    assert query(site, "PRAGMA journal_mode") == [("wal",)]
    assert query(site, "SELECT count(*) FROM articles") == [(60,)]
    assert query(site, "SELECT count(*) FROM placements") == [(60,)]
    assert query(site, "SELECT count(*) FROM pages")[0][0] == result.pages
    assert query(site, "SELECT count(*) FROM outputs")[0][0] == result.written
    # the columns that serve queries: a day's articles, a source's articles
    day = query(site, "SELECT path FROM articles WHERE day = (SELECT day FROM articles "
                      "WHERE path = '2018/01/2018-01-01-item-0.md') ORDER BY path")
    assert ("2018/01/2018-01-01-item-0.md",) in day
    assert query(site, "SELECT url FROM placements WHERE path = '2018/01/2018-01-01-item-0.md'") == [
        ("2018/01/01/item-0/",)]
    assert {row[0] for row in query(site, "SELECT DISTINCT source_key FROM placements")} == {
        "harbour-gazette", "northern-wire", "le-courrier"}
    hashes = dict(query(site, "SELECT path, sha256 FROM outputs"))
    manifest = (site / "build/manifest-sha256.txt").read_text()
    assert f"{hashes['index.html']}  index.html\n" in manifest


def test_a_small_rebuild_writes_only_the_rows_that_changed(site: Path, tmp_path: Path):
    """Adding, renaming, editing and deleting an article each write a few rows of the catalog, not a row per
    article or page; every rebuild equals a clean build."""
    first = build(site, BuildOptions(jobs=1))
    assert first.rows_written > first.pages + 60  # a first build writes every row
    path = site / "content/2018/02/2018-02-02-item-1.md"
    steps = [
        lambda: (site / "content/2018/03/2018-03-14-newest.md").write_text(
            article("Newest of all", "2018-03-20T10:00:00+01:00", "Northern Wire", tags="[t1, brand]")),
        lambda: path.write_text(path.read_text().replace("title: Item 1", "title: Item one renamed")),
        lambda: path.write_text(path.read_text() + "A body-only sentence.\n"),
        lambda: (site / "content/2018/01/2018-01-01-item-0.md").unlink(),
        lambda: (site / "content/2018/03/2018-03-14-newest.md").unlink(),
    ]
    for number, step in enumerate(steps):
        step()
        result = build(site, BuildOptions(jobs=1))
        assert result.mode in ("journal", "text", "added", "edited"), (number, result.mode)
        # the article, its placement and those of the neighbours that show it, each page that shows it and
        # the files that page writes or removes, the content file and its hash: rows in proportion to the
        # files written, far fewer than a first build's
        files = result.written + result.deleted
        # (and the folders that hold them: their change times, for the next build's check of the output)
        assert 0 < result.rows_written <= 3 * files + 12, (number, result.rows_written, files)
        assert result.rows_written < first.rows_written / 5, (number, result.rows_written)
        assert same_as_clean(site, site / "build", tmp_path / f"clean-{number}"), number
        assert _counts_kept(site), number
    assert build(site, BuildOptions(jobs=1)).mode == "nothing changed"


def _counts_kept(site: Path) -> bool:
    """Each list's count in ``list_counts`` (kept by triggers, read by the indexes' pages) is its number of
    members, and an emptied list has no row."""
    counted = query(site, "SELECT list, count(*) FROM members GROUP BY list ORDER BY list")
    return bool(counted) and counted == query(site, "SELECT list, n FROM list_counts ORDER BY list")


def _edit(site: Path, text: str) -> None:
    path = site / "content/2018/01/2018-01-01-item-0.md"
    path.write_text(path.read_text() + text)


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:  # another program's database at the same name
        db.execute("CREATE TABLE meta (name TEXT, value BLOB)")
        db.execute("INSERT INTO meta VALUES ('header', x'00')")


def _other_format(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {store.FORMAT + 1}")


def _damaged_table(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE pages")


def _dropped_trigger(path: Path) -> None:
    with sqlite3.connect(path) as db:  # the lists' counts would no longer follow their members
        db.execute("DROP TRIGGER members_out")


def _garbage_header(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = x'4d00ff' WHERE name = 'header'")


def _garbage_rows(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE articles SET facts = x'4d0102'")


DAMAGE = {
    "garbage bytes": lambda path: path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 3000),
    "not a database": lambda path: path.write_bytes(b"M\x00\x01garbage"),
    "empty file": lambda path: path.write_bytes(b""),
    "foreign database": _foreign,
    "another format": _other_format,
    "a table dropped": _damaged_table,
    "a trigger dropped": _dropped_trigger,
    "an unreadable header": _garbage_header,
    "unreadable rows": _garbage_rows,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_or_foreign_catalog_means_a_clean_build(site: Path, tmp_path: Path, damage: str):
    build(site, BuildOptions(jobs=1))
    for suffix in ("-wal", "-shm"):  # the catalog is closed: everything is in the main file
        assert not (site / (CATALOG + suffix)).exists()
    DAMAGE[damage](site / CATALOG)
    _edit(site, "x")
    result = build(site, BuildOptions(jobs=1))
    assert result.mode == "swap" or damage == "unreadable rows", result.mode
    assert same_as_clean(site, site / "build", tmp_path / "clean")
    assert build(site, BuildOptions(jobs=1)).mode == "nothing changed"  # a sound catalog again


def test_a_stale_catalog_from_an_earlier_build_never_gives_a_wrong_site(site: Path, tmp_path: Path):
    """A catalog copied back from an earlier build (a backup restored beside a newer output): the output's
    files do not match its record, so they are made again."""
    build(site, BuildOptions(jobs=1))
    shutil.copy(site / CATALOG, tmp_path / "old.sqlite")
    path = site / "content/2018/02/2018-02-02-item-1.md"
    path.write_text(path.read_text().replace("title: Item 1", "title: Item one renamed"))
    build(site, BuildOptions(jobs=1))
    shutil.copy(tmp_path / "old.sqlite", site / CATALOG)
    _edit(site, "y")
    build(site, BuildOptions(jobs=1))
    assert same_as_clean(site, site / "build", tmp_path / "clean")


@pytest.mark.parametrize("step", ["commit_swap", "commit_journal"])
def test_a_build_stopped_after_its_commit_leaves_no_catalog_to_trust(site: Path, tmp_path: Path, monkeypatch,
                                                                     step: str):
    """Killed after the output changed and before the catalog was written back: the header is gone (it is
    removed before the output changes), so the next build is a clean one."""
    build(site, BuildOptions(jobs=1))
    if step == "commit_swap":
        (site / "newsarchive.yaml").write_text("per_page: 4\n")  # every page changes: a swap
    else:
        _edit(site, "z")
    real = getattr(writer.Output, step)

    def commit_then_die(self, *args):
        real(self, *args)
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.Output, step, commit_then_die)
    with pytest.raises(KeyboardInterrupt):
        build(site, BuildOptions(jobs=1))
    monkeypatch.setattr(writer.Output, step, real)
    # (the stories' memory stays: it is kept by the texts' content hashes, whatever the output holds)
    assert query(site, "SELECT name FROM meta WHERE name != 'stories' ORDER BY name") == []
    _edit(site, "w")
    assert build(site, BuildOptions(jobs=1)).mode == "swap"
    assert same_as_clean(site, site / "build", tmp_path / "clean")


def test_a_failed_build_leaves_the_catalog_as_it_was(site: Path):
    build(site, BuildOptions(jobs=1))
    before = query(site, "SELECT path, facts FROM articles ORDER BY path")
    (site / "content/2018/03/2018-03-30-broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    with pytest.raises(Exception, match="error"):
        build(site, BuildOptions(jobs=1))
    assert query(site, "SELECT path, facts FROM articles ORDER BY path") == before
    (site / "content/2018/03/2018-03-30-broken.md").unlink()
    assert build(site, BuildOptions(jobs=1)).mode == "nothing changed"


def test_the_problems_are_rows_reported_by_kind_after_an_addition_and_a_no_op(tmp_path: Path):
    """A warning 12 files share is kept as 12 rows; an added article's rebuild adds its own and reports
    the kind from the table (3 shown, the others counted), as the full build did; --verbose lists all."""
    files = {f"2005/04/2005-04-{n + 1:02d}-market-{n}.md": article(f"Market day {n}", "2005-04-01",
                                                                   "The Wire", dte="2005-04-30")
             for n in range(12)}
    site = write_site(tmp_path / "site", files)
    first = run_cli("build", "--no-search", cwd=site)
    assert first.returncode == 0, first.stderr
    assert "warning: 9 more like these (unknown key …" in first.stderr
    assert query(site, "SELECT count(*) FROM problems WHERE message LIKE 'unknown key ''dte''%'") == [(12,)]
    (site / "content/2005/04/2005-04-29-late.md").write_text(
        article("Late market", "2005-04-29", "The Wire", dte="2005-04-30"), encoding="utf-8")
    added = build(site, BuildOptions(jobs=1, search=False))
    assert added.mode == "added"
    shown = [p for p in added.problems if "'dte'" in p.message]
    assert [p.path for p in shown] == [f"content/2005/04/2005-04-0{n + 1}-market-{n}.md" for n in range(3)]
    assert sum(added.problems.more.values()) == 10
    assert any("base_url is not set" in p.message for p in added.problems)  # a kind one file has: listed
    again = run_cli("build", "--no-search", cwd=site)
    assert "nothing changed" in again.stdout
    assert "warning: 10 more like these (unknown key …" in again.stderr
    assert "14 warnings (above)" in again.stdout  # 13 unknown keys, and base_url
    every = run_cli("build", "--no-search", "--verbose", cwd=site)
    assert sum("unknown key 'dte'" in line for line in every.stderr.splitlines()) == 13
    assert "more like these" not in every.stderr
    # the full plan (an edited date: the article moves in its lists) keeps the rows that did not change,
    # and reports the same
    late = site / "content/2005/04/2005-04-29-late.md"
    late.write_text(late.read_text(encoding="utf-8").replace("date: 2005-04-29", "date: 2005-04-28"),
                    encoding="utf-8")
    rows = query(site, "SELECT rowid, path FROM problems ORDER BY rowid")
    edited = build(site, BuildOptions(jobs=1, search=False))
    assert edited.mode in ("journal", "swap")
    assert query(site, "SELECT rowid, path FROM problems ORDER BY rowid") == rows  # none written again
    assert sum("'dte'" in p.message for p in edited.problems) == 13
