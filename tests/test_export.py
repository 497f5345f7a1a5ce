"""``newsarchive export archive.sqlite``: the archive as a SQLite database a researcher opens with sqlite3,
Datasette or sqlite-utils, with a full-text index that finds French without its accents and Arabic as
written. Each test exports a real fixture site and queries the file as a reader would."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import REPO, run_cli, write_site

SITE = {
    "2018/03/2018-03-26-tempete.md": """---
title: "Tempête sur le port : le quai Nord évacué"
date: 2018-03-26T07:45:00+02:00
source: Le Courrier du Littoral
language: fr
tags: [tempête, port]
author: "Claire Le Goff, correspondante à Brest"
url: https://courrier-littoral.example/2018/03/26/tempete
corrections:
  - date: 2018-03-27
    note: La vitesse du vent était de 81 nœuds, et non 71.
---
Les habitants du quai Nord ont été évacués dans la nuit.
Les ferries restent à quai jusqu'à mardi.
""",
    "2018/03/2018-03-27-souq.md": """---
title: "افتتاح سوق السمك الجديد في الميناء"
date: 2018-03-27T09:15:00+04:00
source: الواحة
language: ar
tags: [ميناء]
authors: ["ليلى حداد", "Omar Nasser, photographer"]
---
افتتح سوق السمك الجديد صباح الثلاثاء بحضور الصيادين.
""",
    "2018/03/2018-03-28-drop.md": """---
title: "Robert'); DROP TABLE articles; -- and the harbour budget"
date: 2018-03-28
source: The Harbour Gazette
summary: "=HYPERLINK(\\"http://evil.example\\")"
---
The council's budget passed on Wednesday.
""",
}
CONFIG = """title: Kestrel Bay archive
base_url: https://archive.example/kestrel/
sources:
  Le Courrier du Littoral:
    url: https://courrier-littoral.example/
    country: France
    language: fr
"""


def _export(site: Path, *args: str):
    return run_cli("export", *args, cwd=site)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    site = write_site(tmp_path_factory.mktemp("export") / "site", SITE, CONFIG)
    done = _export(site, "archive.sqlite")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Exported 3 articles to archive.sqlite;")
    return site, site / "archive.sqlite"


def _query(database: Path, sql: str, *values) -> list[tuple]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute(sql, values).fetchall()


def test_full_text_search_in_french_and_arabic(exported):
    _site, database = exported
    search = ("SELECT a.title FROM articles_fts f JOIN articles a ON a.id = f.rowid "
              "WHERE articles_fts MATCH ? ORDER BY rank")
    assert _query(database, search, "tempete") == [("Tempête sur le port : le quai Nord évacué",)]
    assert _query(database, search, "evacues") == [("Tempête sur le port : le quai Nord évacué",)]
    assert _query(database, search, "السمك") == [("افتتاح سوق السمك الجديد في الميناء",)]
    dropped = "Robert'); DROP TABLE articles; -- and the harbour budget"
    assert _query(database, search, "budget") == [(dropped,)]


def test_every_fact_is_a_row_as_written(exported):
    _site, database = exported
    rows = _query(database, "SELECT a.page, a.address, a.file, a.published, a.day, s.name, s.country, "
                            "a.language, a.original_url, a.text FROM articles a "
                            "JOIN sources s ON s.id = a.source_id ORDER BY a.id")
    assert rows[0] == (
        "2018/03/26/tempete-sur-le-port-le-quai-nord-evacue/",
        "https://archive.example/kestrel/2018/03/26/tempete-sur-le-port-le-quai-nord-evacue/",
        "content/2018/03/2018-03-26-tempete.md", "2018-03-26T07:45:00+02:00", "2018-03-26",
        "Le Courrier du Littoral", "France", "fr", "https://courrier-littoral.example/2018/03/26/tempete",
        # one paragraph: a single line end inside a Markdown paragraph is a space
        "Les habitants du quai Nord ont été évacués dans la nuit. Les ferries restent à quai jusqu'à mardi.")
    assert rows[1][5] == "الواحة" and rows[1][7] == "ar"
    authors = _query(database, "SELECT a.title, au.name FROM article_authors x "
                               "JOIN authors au ON au.id = x.author_id "
                               "JOIN articles a ON a.id = x.article_id ORDER BY x.article_id, x.position")
    assert [name for _title, name in authors] == ["Claire Le Goff, correspondante à Brest", "ليلى حداد",
                                                  "Omar Nasser, photographer"]
    tags = _query(database, "SELECT t.name, t.slug FROM article_tags x JOIN tags t ON t.id = x.tag_id "
                            "ORDER BY x.article_id, x.position")
    assert [name for name, _slug in tags] == ["tempête", "port", "ميناء"]
    assert _query(database, "SELECT number, day, note FROM corrections") == [
        (1, "2018-03-27", "La vitesse du vent était de 81 nœuds, et non 71.")]
    # text is data: a title holding SQL and a summary holding a formula are kept exactly
    assert _query(database, "SELECT summary FROM articles WHERE id = 3") == [('=HYPERLINK("http://evil.example")',)]
    assert _query(database, "SELECT value FROM meta WHERE key = 'schema'") == [("1",)]


def test_the_same_archive_gives_the_same_bytes(exported, tmp_path: Path):
    site, database = exported
    again = _export(site, str(tmp_path / "again.sqlite"))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.sqlite").read_bytes() == database.read_bytes()


def test_another_file_is_never_overwritten(exported, tmp_path: Path):
    site, _database = exported
    notes = tmp_path / "notes.sqlite"
    with sqlite3.connect(notes) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    before = notes.read_bytes()
    refused = _export(site, str(notes))
    assert refused.returncode == 2
    assert "exists and is not a database newsarchive exported; nothing was changed" in refused.stderr
    assert notes.read_bytes() == before
    text = tmp_path / "thesis.txt"
    text.write_text("chapter one", encoding="utf-8")
    assert _export(site, str(text)).returncode == 2 and text.read_text(encoding="utf-8") == "chapter one"


def test_a_content_error_leaves_the_last_export_as_it_was(tmp_path: Path):
    site = write_site(tmp_path / "site", SITE, CONFIG)
    assert _export(site, "archive.sqlite").returncode == 0
    before = (site / "archive.sqlite").read_bytes()
    (site / "content/2018/03/bad.md").write_text("---\ntitle: Bad\ndate: 2018-02-30\n---\nText.\n")
    failed = _export(site, "archive.sqlite")
    assert failed.returncode == 1
    assert "content/2018/03/bad.md:3: 'date': '2018-02-30' is not a real date" in failed.stderr
    assert "Export failed: 1 error(s); nothing was written." in failed.stderr
    assert (site / "archive.sqlite").read_bytes() == before
    assert not list(site.glob(".archive.sqlite*"))


def test_the_sample_archive_exports_with_its_versions_and_stories(tmp_path: Path):
    site = tmp_path / "sample"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "newsarchive.yaml", site / "newsarchive.yaml")
    done = _export(site, "archive.sqlite")
    assert done.returncode == 0, done.stderr
    database = site / "archive.sqlite"
    versions = _query(database, "SELECT v.number, v.file, a.file FROM versions v "
                                "JOIN articles a ON a.id = v.article_id")
    assert versions
    assert all(file.startswith(article.removesuffix(".md") + ".versions/") for _n, file, article in versions)
    stories = _query(database, "SELECT s.id, count(a.id), s.articles FROM stories s "
                               "JOIN articles a ON a.story_id = s.id GROUP BY s.id")
    assert stories and all(count == said >= 2 for _id, count, said in stories)
