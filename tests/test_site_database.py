"""``database: true``: the build puts the archive as one SQLite database in the site (``data/archive.sqlite``,
what ``newsarchive export`` writes), listed in the manifest, linked from the data page with Datasette Lite.
Each test builds a fixture site and opens the database as a reader would; rebuilds are compared byte for
byte with clean builds."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import article, page_links, run_cli, sitemap_text, snapshot, write_site
from test_export import SITE
from test_incremental import same_as_clean

from newsarchive.build import BuildOptions, build
from newsarchive.errors import BuildFailed
from newsarchive.output import fixity

HOSTILE = '<script>alert(1)</script> & "quotes"'
FILES = {
    **SITE,
    "2018/03/2018-03-29-hostile.md": article(
        f"'{HOSTILE}'", "2018-03-29", "The Harbour Gazette", body="<script>alert('body')</script> Ferries."),
}
CONFIG = "title: Kestrel Bay archive\nbase_url: https://archive.example/kestrel&co/\ndatabase: true\n"
DATABASE = "data/archive.sqlite"
SEARCH = ("SELECT a.title FROM articles_fts f JOIN articles a ON a.id = f.rowid "
          "WHERE articles_fts MATCH ? ORDER BY rank")


def _query(database: Path, sql: str, *values) -> list[tuple]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute(sql, values).fetchall()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", FILES, CONFIG)


def test_the_build_puts_the_database_in_the_site_listed_in_the_manifest(site: Path, tmp_path: Path):
    result = build(site, BuildOptions(jobs=1))
    database = result.output / DATABASE
    assert _query(database, SEARCH, "tempete") == [("Tempête sur le port : le quai Nord évacué",)]
    assert _query(database, SEARCH, "évacués") == [("Tempête sur le port : le quai Nord évacué",)]
    assert _query(database, SEARCH, "السمك") == [("افتتاح سوق السمك الجديد في الميناء",)]
    assert _query(database, "SELECT value FROM meta WHERE key = 'generator'") == [("newsarchive",)]
    manifest = fixity.read_manifest((result.output / "manifest-sha256.txt").read_text(encoding="utf-8"))
    assert manifest[DATABASE] == hashlib.sha256(database.read_bytes()).hexdigest()
    # the very bytes newsarchive export writes
    exported = run_cli("export", str(tmp_path / "exported.sqlite"), "--site", str(site), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "exported.sqlite").read_bytes() == database.read_bytes()
    # a data file like the year tables: not a page for the sitemap
    assert DATABASE not in sitemap_text(result.output)
    verified = run_cli("verify", str(result.output), cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout
    assert not list(site.rglob(".scratch-*"))  # the file it was made in was moved into place


def test_a_hostile_title_is_text_in_the_database_and_nothing_on_the_data_page(site: Path):
    result = build(site, BuildOptions(jobs=1))
    database = result.output / DATABASE
    assert _query(database, "SELECT title, text FROM articles WHERE title LIKE '<script>%'") == [
        (HOSTILE, "Ferries.")]  # the body's script is sanitized out of the text, as on its page
    assert _query(database, SEARCH, "alert") == [(HOSTILE,)]
    html = (result.output / "data/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    links = {url: attrs for tag, url, attrs in page_links(html) if tag == "a"}
    download = links["archive.sqlite"]
    assert download["type"] == "application/vnd.sqlite3" and "download" in download
    # the database's full address, the & of the site's address percent-encoded for Datasette Lite's url=
    lite = "https://lite.datasette.io/?url=https://archive.example/kestrel%26co/data/archive.sqlite"
    assert lite in links
    assert f'href="{lite}"' in html


def test_without_base_url_the_data_page_gives_the_download_only(tmp_path: Path):
    site = write_site(tmp_path / "site", FILES, "database: true\n")
    result = build(site, BuildOptions(jobs=1))
    html = (result.output / "data/index.html").read_text(encoding="utf-8")
    assert 'href="archive.sqlite"' in html and "datasette" not in html.lower()
    assert (result.output / DATABASE).is_file()


def test_a_rebuild_after_adding_an_article_is_a_clean_build(site: Path, tmp_path: Path):
    build(site, BuildOptions(jobs=2))
    (site / "content/2018/03/2018-03-30-quai.md").write_text(article(
        "Le quai Nord rouvert", "2018-03-30T08:00:00+02:00", "Le Courrier du Littoral", language="fr",
        body="Les ferries reprennent leur service."), encoding="utf-8")
    added = build(site, BuildOptions(jobs=2))
    assert added.articles == 5
    assert _query(added.output / DATABASE, SEARCH, "reprennent") == [("Le quai Nord rouvert",)]
    assert same_as_clean(site, site / "build", tmp_path / "clean")
    again = build(site, BuildOptions(jobs=2))
    assert again.mode == "nothing changed" and again.written == 0


def test_an_edit_of_the_text_only_rewrites_the_database_too(site: Path, tmp_path: Path):
    build(site, BuildOptions(jobs=1))
    path = site / "content/2018/03/2018-03-27-souq.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("الصيادين", "الصيادين والتجار"), encoding="utf-8")
    edited = build(site, BuildOptions(jobs=1))
    assert edited.mode != "text"  # the database holds the text: every page is planned (most kept)
    assert _query(edited.output / DATABASE, SEARCH, "والتجار") == [("افتتاح سوق السمك الجديد في الميناء",)]
    assert same_as_clean(site, site / "build", tmp_path / "clean")


def test_a_change_outside_the_articles_keeps_the_database_file(site: Path):
    build(site, BuildOptions(jobs=1))
    before = snapshot(site / "build")[DATABASE]
    (site / "content/2018/03/harbour.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # an asset: no article changed
    rebuilt = build(site, BuildOptions(jobs=1))
    assert rebuilt.written and snapshot(site / "build")[DATABASE] == before  # same bytes, same mtime


def test_a_failed_build_leaves_the_previous_database_untouched(site: Path):
    build(site, BuildOptions(jobs=1))
    before = snapshot(site / "build")
    (site / "content/2018/03/2018-03-31-new.md").write_text(article("A new one", "2018-03-31"),
                                                            encoding="utf-8")
    (site / "content/2018/03/bad.md").write_text("---\ntitle: [unclosed\ndate: 2018-03-30\n---\nText.\n",
                                                 encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(site, BuildOptions(jobs=1))
    assert snapshot(site / "build") == before
    assert not list(site.parent.rglob(".scratch-*"))


def test_turned_off_the_database_leaves_the_site(site: Path, tmp_path: Path):
    build(site, BuildOptions(jobs=1))
    (site / "newsarchive.yaml").write_text(CONFIG.replace("database: true", "database: false"),
                                           encoding="utf-8")
    result = build(site, BuildOptions(jobs=1))
    assert not (result.output / DATABASE).exists()
    assert DATABASE not in (result.output / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert "archive.sqlite" not in (result.output / "data/index.html").read_text(encoding="utf-8")
    assert same_as_clean(site, site / "build", tmp_path / "clean")


@pytest.mark.parametrize("value", ["sometimes", "data/archive.sqlite", "[true]", "1"])
def test_a_wrong_value_is_named_with_its_line(tmp_path: Path, value: str):
    site = write_site(tmp_path / "site", FILES, f"title: Kestrel\n\ndatabase: {value}\n")
    done = run_cli("build", cwd=site)
    assert done.returncode == 1
    assert re.search(r"^newsarchive\.yaml:3: 'database' must be true or false; "
                     r"write database: true or database: false$", done.stderr, re.MULTILINE), done.stderr
    assert not (site / "build").exists()
