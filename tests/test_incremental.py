"""Rebuilds: the cache, page fingerprints and journaled commits must give exactly the site a clean build
gives, touching only what changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import article, outside_index, run_cli, searchable, snapshot, write_site

from newsarchive.build import BuildOptions, build
from newsarchive.output import writer

FIXITY = ("manifest-sha256.txt", "content-sha256.txt")  # they change with any file


def corpus(n: int = 40) -> dict[str, str]:
    sources = ["Harbour Gazette", "Northern Wire", "Le Courrier"]
    languages = ["en", "fr", "ar"]
    files = {}
    for i in range(n):  # one article a day over three months (the added one shares item-4's day)
        day = 1 + i % 14
        files[f"2018/0{1 + i % 3}/2018-0{1 + i % 3}-{day:02d}-item-{i}.md"] = article(
            f"Item {i}", f"2018-0{1 + i % 3}-{day:02d}T{i % 24:02d}:00:00+01:00", sources[i % 3],
            language=languages[i % 3], tags=f"[t{i % 5}, t{i % 7}]", body=f"Body of item {i}, *emphasis*.")
    return files


def clean_build(site: Path, out: Path) -> dict[str, bytes]:
    """A clean build's files outside the search index. A rebuild's index differs from a clean build's by
    design (a recent part for the changed articles, and changes.json saying which copies it supersedes):
    ``same_as_clean`` compares what a search finds in it instead."""
    build(site, BuildOptions(output=out, clean=True, jobs=1))
    return outside_index(out)


def same_as_clean(site: Path, out: Path, clean: Path) -> bool:
    """A rebuild gives a clean build's site byte for byte outside the search index, and an index in which a
    search finds the same pages, with the same text, filters and meta."""
    assert outside_index(out) == clean_build(site, clean)
    assert searchable(out) == searchable(clean)
    return True


def contents(out: Path) -> dict[str, bytes]:
    return {rel: data for rel, (data, _mtime) in snapshot(out).items()}


def touched(before: dict, after: dict) -> set[str]:
    """Files added, removed, or rewritten (new bytes or new modification time)."""
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", corpus(), "per_page: 5\n")


def test_noop_rebuild_writes_nothing(site: Path):
    first = build(site, BuildOptions(jobs=2))
    before = snapshot(site / "build")
    again = build(site, BuildOptions(jobs=2))
    assert again.mode == "nothing changed" and again.written == 0
    assert again.articles == first.articles and again.pages == first.pages
    assert snapshot(site / "build") == before


def test_noop_rebuild_still_reports_warnings(site: Path):
    (site / "content/2018/01/2018-01-09-unattributed.md").write_text("No source here.\n")
    first = run_cli("build", cwd=site)
    again = run_cli("build", cwd=site)
    assert "warning: no source" in first.stderr and "warning: no source" in again.stderr
    assert "nothing changed" in again.stdout


@pytest.mark.parametrize("change", ["edit", "add", "delete", "rename", "retitle", "retag", "defaults",
                                    "version"])
def test_rebuild_after_a_change_equals_a_clean_build_and_touches_only_what_changed(site: Path, tmp_path: Path,
                                                                                   change: str):
    build(site, BuildOptions(jobs=2))
    before = snapshot(site / "build")
    path = site / "content/2018/02/2018-02-02-item-1.md"
    if change == "edit":
        path.write_text(path.read_text() + "\nOne more sentence.\n")
    elif change == "add":
        (site / "content/2018/02/2018-02-05-new.md").write_text(
            article("Brand new", "2018-02-05", "Northern Wire"))
    elif change == "delete":
        path.unlink()
    elif change == "rename":
        path.rename(path.with_name("2018-02-02-item-1-moved.md"))
    elif change == "retitle":
        path.write_text(path.read_text().replace("title: Item 1", "title: Item one renamed"))
    elif change == "retag":
        path.write_text(path.read_text().replace("tags: [t1, t1]", "tags: [t1, fresh]"))
    elif change == "defaults":
        (site / "content/2018/03/_defaults.yaml").write_text("tags: [march]\n")
    elif change == "version":  # an earlier version kept (versions.py), the text edited
        folder = path.with_suffix(".versions")
        folder.mkdir()
        (folder / "2018-03-01T10-00-00Z.md").write_text(path.read_text())
        path.write_text(path.read_text().replace("Body of item 1,", "Body of item 1, corrected,"))
    result = build(site, BuildOptions(jobs=2))
    after = snapshot(site / "build")
    assert same_as_clean(site, site / "build", tmp_path / "clean")
    changed = touched(before, after)
    if change != "defaults":
        # (additions: only a new file; edits: an article changed in place, its lists the same, its page
        # moved to a new title's address)
        assert result.mode == {"add": "added", "edit": "edited", "retitle": "edited"}.get(change, "journal")
        unrelated = "2018/01/01/item-0/index.html"
        assert unrelated not in changed
        assert len(changed) <= len(after) // 3
    if change == "edit":  # lists show the title, not the body; feeds and the search index hold the body
        assert "2018/02/02/item-1/index.html" in changed
        assert all(rel == "2018/02/02/item-1/index.html" or rel.endswith("feed.xml")
                   or rel.startswith("pagefind/") or rel in FIXITY for rel in changed)
    if change == "delete":
        assert "2018/02/02/item-1/index.html" in changed and not (site / "build/2018/02/02/item-1").exists()
    if change == "version":
        assert {"2018/02/02/item-1/index.html", "2018/02/02/item-1/versions/1/index.html",
                "2018/02/02/item-1/versions/2/index.html"} <= changed
        # editing the kept version alone renders its pages again, and the site is still a clean build's
        (path.with_suffix(".versions") / "2018-03-01T10-00-00Z.md").write_text(
            path.read_text().replace("corrected", "first"))
        build(site, BuildOptions(jobs=2))
        assert "first" in (site / "build/2018/02/02/item-1/versions/1/index.html").read_text()
        assert same_as_clean(site, site / "build", tmp_path / "clean-again")


def test_changing_the_theme_or_config_rerenders(site: Path, tmp_path: Path):
    build(site, BuildOptions())
    (site / "templates").mkdir()
    (site / "templates/footer.html").write_text("<footer>custom footer</footer>\n")
    build(site, BuildOptions())
    assert "custom footer" in (site / "build/2018/01/01/item-0/index.html").read_text()
    (site / "newsarchive.yaml").write_text("per_page: 5\ntitle: Renamed archive\n")
    build(site, BuildOptions())
    assert "Renamed archive" in (site / "build/index.html").read_text()
    assert same_as_clean(site, site / "build", tmp_path / "clean")


def test_deleted_output_is_rebuilt_even_with_a_cache(site: Path):
    build(site, BuildOptions())
    shutil.rmtree(site / "build")
    result = build(site, BuildOptions())
    assert result.mode == "swap" and (site / "build/index.html").is_file()


def test_jobs_do_not_change_the_bytes(site: Path, tmp_path: Path):
    build(site, BuildOptions(output=tmp_path / "one", jobs=1))
    build(site, BuildOptions(output=tmp_path / "two", jobs=2))
    assert contents(tmp_path / "one") == contents(tmp_path / "two")


def test_an_interrupted_journal_commit_is_completed_by_the_next_run(site: Path, tmp_path: Path, monkeypatch):
    build(site, BuildOptions())
    path = site / "content/2018/02/2018-02-02-item-1.md"
    path.write_text(path.read_text().replace("title: Item 1", "title: Item one renamed"))
    real_replace = os.replace
    calls = {"n": 0}

    def dying_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == 3:  # the journal is written (1st), one file moved (2nd), then the process dies
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        build(site, BuildOptions(jobs=1))
    monkeypatch.setattr(writer.os, "replace", real_replace)
    assert (site / ".build.cache/journal.json").is_file()
    build(site, BuildOptions())
    assert not (site / ".build.cache/journal.json").exists()
    assert same_as_clean(site, site / "build", tmp_path / "clean")


def test_an_article_dated_in_the_future_appears_when_its_time_comes(site: Path, monkeypatch):
    (site / "content/2030-01-01-later.md").write_text(article("Later", "2030-01-01", "Northern Wire"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023
    build(site, BuildOptions())
    assert not (site / "build/2030").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # 2030-03
    result = build(site, BuildOptions())
    assert result.mode != "nothing changed"
    assert (site / "build/2030/01/01/later/index.html").is_file()


def test_cli_clean_and_jobs_flags(site: Path):
    assert run_cli("build", "--jobs", "2", cwd=site).returncode == 0
    proc = run_cli("build", "--clean", cwd=site)
    assert proc.returncode == 0 and "nothing changed" not in proc.stdout
    assert "0 files written" in proc.stdout  # re-rendered, but the same bytes: nothing rewritten
    assert run_cli("build", "--jobs", "0", cwd=site).returncode == 2


def test_a_rebuild_with_nothing_to_do_starts_without_the_reading_placing_and_search_modules(site: Path):
    """A no-op rebuild stops after the scan: the modules that read, place and index articles are not even
    imported (Python's start-up is a good share of a small rebuild)."""
    import subprocess
    import sys

    build(site, BuildOptions(jobs=1))
    heavy = ["newsarchive.catalog.archive", "newsarchive.pages.listing", "newsarchive.content.reading",
             "newsarchive.search.index", "newsarchive.parallel"]
    code = ("import sys; from pathlib import Path; from newsarchive.build import build; "
            f"result = build(Path({str(site)!r})); "
            f"print(result.mode, [m for m in {heavy!r} if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          check=True)
    assert proc.stdout.strip() == "nothing changed []"


def test_progress_is_plain_lines_when_not_a_terminal(capsys):
    from newsarchive.progress import LONG, Progress

    progress = Progress(enabled=True)
    with progress.task("Rendering pages", LONG) as advance:
        advance(LONG)
    with progress.task("Reading articles", LONG - 1) as advance:  # short phases say nothing
        advance(1)
    assert capsys.readouterr().err == f"Rendering pages: {LONG}...\n"
    with Progress(enabled=False).task("Rendering pages", 10 * LONG) as advance:
        advance(1)
    assert capsys.readouterr().err == ""


def test_a_second_build_of_the_same_output_waits_its_turn(site: Path):
    import fcntl

    build(site, BuildOptions())
    before = snapshot(site / "build")
    with open(site / ".build.cache/lock", "w") as held:  # as if another build were running
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = run_cli("build", "--clean", cwd=site)
    assert proc.returncode == 2 and "another newsarchive build is writing" in proc.stderr
    assert snapshot(site / "build") == before
    assert run_cli("build", cwd=site).returncode == 0  # free again


def test_text_edits_take_the_short_path_only_where_it_is_safe(tmp_path: Path):
    # 120 articles of one source, language and tag: the oldest is in no feed (feeds carry the latest 50)
    files = {f"2018/01/2018-01-01-a{i:03d}.md": article(f"Item {i}",
                                                         f"2018-01-01T{i // 60:02d}:{i % 60:02d}:00Z",
                                                         "One Source", tags="[only]", body=f"Text {i}.")
             for i in range(120)}
    site = write_site(tmp_path / "site", files)
    build(site, BuildOptions())
    path = site / "content/2018/01/2018-01-01-a000.md"
    path.write_text(path.read_text() + "\nA new paragraph.\n")  # (its first one shows in the lists)
    assert build(site, BuildOptions()).mode in ("text", "edited")
    assert "A new paragraph." in (site / "build/2018/01/01/item-0/index.html").read_text()
    # its first paragraph shows in the lists (it has no summary): an edit there is not a text-only change
    path.write_text(path.read_text().replace("Text 0.", "Text zero, edited."))
    assert build(site, BuildOptions()).mode == "edited"  # (its pages found by query: edits)
    assert "Text zero, edited." in (site / "build/page/1/index.html").read_text()
    newest = site / "content/2018/01/2018-01-01-a119.md"  # in the feeds: the feeds change too
    newest.write_text(newest.read_text() + "Fresh text.\n")
    assert build(site, BuildOptions()).mode == "edited"
    assert "Fresh text." in (site / "build/feed.xml").read_text()
    # a summary shows in lists: not a text-only change
    path.write_text(path.read_text().replace("title: Item 0", "title: Item 0\nsummary: Now summed up"))
    assert build(site, BuildOptions()).mode == "edited"
    # a site with its own templates always gets the full rebuild
    (site / "templates").mkdir()
    (site / "templates/article.html").write_text(
        '{% extends "base.html" %}{% block main %}{{ article.body_html | safe }} '
        '{{ entry.source.count }} articles from this source{% endblock %}')
    build(site, BuildOptions())
    path.write_text(path.read_text() + "Yet another paragraph.\n")
    result = build(site, BuildOptions())
    assert result.mode == "journal"
    page = (site / "build/2018/01/01/item-0/index.html").read_text()
    assert "Yet another paragraph." in page and "120 articles from this source" in page
    assert same_as_clean(site, site / "build", tmp_path / "clean")


def test_neighbours_and_calendars_follow_additions_and_deletions(tmp_path: Path):
    """An article's page shows the newer and older article of its source and the articles of its day
    published before it; day pages link the days around them; calendars count articles. Rebuilds keep all of
    it true."""
    files = {f"2018/03/2018-03-{d:02d}-a{d}.md": article(f"Day {d}", f"2018-03-{d:02d}T10:00:00Z", "Wire",
                                                         body=f"Text {d}.")
             for d in (2, 5, 9)}
    files["2018/03/2018-03-05-b.md"] = article("Also on the 5th", "2018-03-05T08:00:00Z", "Other")
    site = write_site(tmp_path / "site", files)
    out = site / "build"
    build(site, BuildOptions(jobs=1))
    middle = out / "2018/03/05/day-5/index.html"
    assert "Day 9" in middle.read_text() and "Day 2" in middle.read_text()
    # a new article between two others of the source, on the day of another source's article
    (site / "content/2018/03/2018-03-07-new.md").write_text(article("Day 7", "2018-03-07T10:00:00Z", "Wire"))
    (site / "content/2018/03/2018-03-05-c.md").write_text(
        article("Late on the 5th", "2018-03-05T20:00:00Z", "Other"))
    build(site, BuildOptions(jobs=1))
    assert same_as_clean(site, out, tmp_path / "clean1")
    assert "Day 7" in middle.read_text() and "Day 9" not in middle.read_text()  # its newer neighbour now
    late = (out / "2018/03/05/late-on-the-5th/index.html").read_text()
    assert "Late on the 5th" not in middle.read_text()  # a later article of its day: never listed
    assert "Day 5" in late and "Also on the 5th" in late  # the day's earlier articles
    assert 'href="../../../2018/03/07/"' in (out / "2018/03/05/index.html").read_text()  # next day
    assert 'aria-label="March 7, 2018: 1 article"' in (out / "2018/index.html").read_text()
    # deleting it puts things back
    (site / "content/2018/03/2018-03-07-new.md").unlink()
    build(site, BuildOptions(jobs=1))
    assert same_as_clean(site, out, tmp_path / "clean2")
    assert "Day 9" in middle.read_text() and "2018/03/07" not in (out / "2018/03/05/index.html").read_text()
    # a title change reaches the pages of its neighbours
    path = site / "content/2018/03/2018-03-09-a9.md"
    path.write_text(path.read_text().replace("title: Day 9", "title: Day nine"))
    build(site, BuildOptions(jobs=1))
    assert "Day nine" in middle.read_text()
    assert same_as_clean(site, out, tmp_path / "clean3")


def test_the_text_only_rebuild_keeps_an_articles_neighbours(tmp_path: Path):
    # 60 articles of one source: the oldest are in no feed, and have neighbours and same-day articles
    files = {f"2018/01/a{i:03d}.md": article(f"Item {i}", f"2018-01-{1 + i // 6:02d}T{i % 6:02d}:00:00Z",
                                             "One", body=f"Text {i}.") for i in range(60)}
    site = write_site(tmp_path / "site", files)
    build(site, BuildOptions(jobs=1))
    path = site / "content/2018/01/a003.md"
    path.write_text(path.read_text() + "\nAn added paragraph.\n")
    assert build(site, BuildOptions(jobs=1)).mode in ("text", "edited")
    page = (site / "build/2018/01/01/item-3/index.html").read_text()
    assert "An added paragraph." in page and "Item 4" in page and "Item 2" in page and "Item 0" in page
    assert same_as_clean(site, site / "build", tmp_path / "clean")


def test_rebuilds_with_stories_equal_a_clean_build(tmp_path: Path):
    """The same story across outlets (tests/fixtures/stories): an article joining a story, a story's article
    edited, one edited outside any story and one deleted give a clean build's
    bytes, stories pages and "Also reported by" included."""
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "fixtures" / "stories", site)
    out, clean = site / "build", tmp_path / "clean"
    build(site, BuildOptions(jobs=1))
    content = site / "content/2025/03"
    wire = (content / "2025-03-04-greve-controleurs-brest.md").read_text(encoding="utf-8")
    (content / "2025-03-05-radio-greve.md").write_text(
        wire.replace("Agence Littorale", "Radio Penn-ar-Bed").replace("2025-03-04T11:00", "2025-03-05T07:00")
        .replace("title: \"Grève", "title: \"Brest, au lendemain de la grève"), encoding="utf-8")
    build(site, BuildOptions(jobs=1))
    assert "Radio Penn-ar-Bed" in (out / "stories/2025/03/04/index.html").read_text(encoding="utf-8")
    assert same_as_clean(site, out, clean)
    story = content / "2025-03-05-greve-aeroport-suite.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nLa réunion de jeudi est confirmée.\n",
                     encoding="utf-8")
    assert build(site, BuildOptions(jobs=1)).mode != "text"  # its page shows the story
    assert same_as_clean(site, out, clean)
    alone = content / "2025-03-06-valley-market.md"
    alone.write_text(alone.read_text(encoding="utf-8") + "\nA second cider press has signed up.\n",
                     encoding="utf-8")
    build(site, BuildOptions(jobs=1))  # (every article of this small site is in a feed: not text-only)
    assert same_as_clean(site, out, clean)
    (content / "2025-03-07-library-vote.md").unlink()  # the library story loses its second outlet
    build(site, BuildOptions(jobs=1))
    assert not (out / "stories/2025/03/06").exists()
    assert "stories-link" not in (out / "2025/03/06/index.html").read_text(encoding="utf-8")
    assert same_as_clean(site, out, clean)
