"""The rebuild that edits articles in place (``edits``): a corrected headline, summary or byline role
changes the article's page and the pages that show it (its neighbours, the list pages and feeds that hold
it, its day, month and year, its year's data files), found by query from the catalog; the output is byte
for byte what a clean build makes of the same content, and whatever it cannot do the same goes to the full
plan (which is right too)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_additions import _article, _build, _same_as_clean, _sample

from newsarchive.catalog.store import unpack


def _retitle(path: Path, title: str) -> None:
    """A corrected headline, its address kept (``slug:`` the old one: the URL made from the old title)."""
    text = path.read_text(encoding="utf-8")
    old = re.search(r'(?m)^title: "(.*)"$', text)[1]
    slug = re.sub(r"[^a-z0-9]+", "-", old.lower()).strip("-")
    path.write_text(text.replace(old_line := f'title: "{old}"', f'title: "{title}"\nslug: {slug}', 1),
                    encoding="utf-8")
    assert old_line in text


@pytest.fixture
def wired(tmp_path: Path) -> Path:
    """The sample with 130 articles of one outlet over 40 days (numbered list pages, feed documents,
    days of several articles), built."""
    site = _sample(tmp_path)
    folder = site / "content/2018/wire"
    folder.mkdir(parents=True)
    for n in range(130):
        (folder / f"{n:03d}.md").write_text(_article(
            f"Wire item {n}", f"2018-01-{1 + n // 4:02d}T{8 + n % 4}:15:00Z" if n < 120
            else f"2018-02-{n - 119:02d}T09:00:00+01:00", "Archive Wire", "en",
            ["harbour"] if n % 3 else ["council", "port"], n,
            author="Nadia Quellec, staff reporter"), encoding="utf-8")
    _build(site)
    return site


def test_a_corrected_headline_rewrites_the_pages_that_show_it_and_equals_a_clean_build(wired, tmp_path):
    _retitle(wired / "content/2018/wire/041.md", "Wire item 41: the ferry strike ends")
    result = _build(wired)
    assert result.mode == "edited"
    assert 0 < result.written <= 30, result.written
    page = (wired / "build/2018/01/11/wire-item-41/index.html").read_text(encoding="utf-8")
    assert "Wire item 41: the ferry strike ends" in page
    day = (wired / "build/2018/01/11/index.html").read_text(encoding="utf-8")
    assert "the ferry strike ends" in day
    newer = (wired / "build/2018/01/11/wire-item-42/index.html").read_text(encoding="utf-8")
    assert "the ferry strike ends" in newer  # its neighbour's card
    _same_as_clean(wired, tmp_path)


def test_a_byline_role_and_a_summary_in_three_scripts_equal_a_clean_build(wired, tmp_path):
    item = wired / "content/2018/wire/129.md"
    text = item.read_text(encoding="utf-8").replace("staff reporter", "envoyée spéciale à Tanger")
    item.write_text(text.replace("---\n\n", 'summary: "الميناء يعود إلى العمل; le port rouvre"\n---\n\n', 1),
                    encoding="utf-8")
    assert _build(wired).mode == "edited"
    _same_as_clean(wired, tmp_path)
    _retitle(wired / "content/2018/wire/000.md", "Wire item 0, the oldest")  # on the oldest numbered page
    assert _build(wired).mode == "edited"
    _same_as_clean(wired, tmp_path)


@pytest.mark.parametrize("change", ["date", "tag", "source", "author", "error", "draft"])
def test_an_edit_that_moves_the_article_goes_to_the_full_plan_and_is_right(wired, tmp_path, change):
    item = wired / "content/2018/wire/051.md"
    text = item.read_text(encoding="utf-8")
    text = {
        "date": lambda t: t.replace("date: 2018-01-13T11:15:00Z", "date: 2018-01-14T11:15:00Z"),
        "tag": lambda t: t.replace('tags: ["council", "port"]', 'tags: ["council", "port", "ferry"]'),
        "source": lambda t: t.replace('source: "Archive Wire"', 'source: "Northern Wire"'),
        "author": lambda t: t.replace("Nadia Quellec", "Tom Bell"),
        "error": lambda t: t.replace("date: 2018-01-13T11:15:00Z", "date: 2018-01-13T11:15:00Z\ndate: again"),
        "draft": lambda t: t.replace("---\n\n", "draft: true\n---\n\n", 1),
    }[change](text)
    assert text != item.read_text(encoding="utf-8")
    item.write_text(text, encoding="utf-8")
    if change == "error":
        assert _build.__name__  # the build fails as any build does: nothing to compare
        with pytest.raises(Exception):  # noqa: B017 - BuildFailed
            _build(wired)
        return
    assert _build(wired).mode not in ("edited", "added", "text")
    _same_as_clean(wired, tmp_path)


def _catalog_rows(output: Path) -> dict[str, list]:
    """What a rebuild by query writes of the catalog, as a clean build would: pages, placements, lists."""
    db = sqlite3.connect(output.parent / f".{output.name}.cache/catalog.sqlite")
    try:
        return {table: [tuple(unpack(v) if isinstance(v, bytes) else v for v in row)  # (marshal's bytes vary)
                        for row in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
                for table in ("pages", "placements", "members", "list_counts")}
    finally:
        db.close()


@pytest.mark.parametrize("change", ["title", "slug"])
def test_a_new_title_moves_the_page_by_query_and_equals_a_clean_build(wired, tmp_path, change):
    """A headline changed without ``slug:`` moves the page (its address is made from the title), as does a
    new ``slug:``: the old page goes, the new one and every page that shows the article link it."""
    item = wired / "content/2018/wire/051.md"
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace('title: "Wire item 51"', 'title: "La grève du port, jour 3"') if change
                    == "title" else text.replace("---\n\n", "slug: wire-fifty-one\n---\n\n", 1),
                    encoding="utf-8")
    result = _build(wired)
    assert result.mode == "edited"
    assert 0 < result.written <= 30, result.written
    new = "la-greve-du-port-jour-3" if change == "title" else "wire-fifty-one"
    assert not (wired / "build/2018/01/13/wire-item-51").exists()  # the old page and its folder
    assert (wired / f"build/2018/01/13/{new}/index.html").is_file()
    newer = (wired / "build/2018/01/14/wire-item-52/index.html").read_text(encoding="utf-8")
    assert f"/13/{new}/" in newer and "wire-item-51/" not in newer  # its neighbour links the new address
    for listed in ("build/2018/01/13/index.html", "build/sitemap-2018.xml"):
        assert new in (wired / listed).read_text(encoding="utf-8")
        assert "wire-item-51/" not in (wired / listed).read_text(encoding="utf-8")
    _same_as_clean(wired, tmp_path)
    assert _catalog_rows(wired / "build") == _catalog_rows(tmp_path / "clean")
    assert _build(wired).written == 0  # the catalog knows the move: nothing left to do
    # and the next rebuild by query starts from it: an article added, then the title moved back
    (wired / "content/2018/wire/200.md").write_text(_article(
        "Wire item 200", "2018-02-20T09:00:00Z", "Archive Wire", "en", ["harbour"], 200), encoding="utf-8")
    assert _build(wired).mode == "added"
    item.write_text(text, encoding="utf-8")
    assert _build(wired).mode == "edited"
    assert (wired / "build/2018/01/13/wire-item-51/index.html").is_file()
    _same_as_clean(wired, tmp_path)


@pytest.mark.parametrize("case", ["linked", "linked_later", "taken", "shared", "old_permalinks"])
def test_a_move_that_other_pages_name_goes_to_the_full_plan_and_is_right(wired, tmp_path, case, monkeypatch,
                                                                       capsys):
    """A move stays by query only when nothing but the lists shows the address: an article that links the
    moved one (its page shows the address), a new address another article has, an old address shared with
    another article (a clean build gives that one the plain address back), or old addresses (their
    redirect pages name the page) need the full plan."""
    folder = wired / "content/2018/wire"
    item = folder / "051.md"
    if case == "linked":
        other = folder / "060.md"
        other.write_text(other.read_text(encoding="utf-8") + "\nSee [the strike](051.md).\n",
                         encoding="utf-8")
    elif case == "shared":  # a second article with the same title and day: it gets a suffixed address
        (folder / "051b.md").write_text(_article("Wire item 51", "2018-01-13T18:00:00Z", "Northern Wire",
                                                 "en", [], 7), encoding="utf-8")
    elif case == "old_permalinks":
        config = wired / "newsarchive.yaml"
        config.write_text(config.read_text(encoding="utf-8")
                          + "old_permalinks: ['/:year/:month/:filename.html']\n", encoding="utf-8")
    _build(wired)
    if case == "linked_later":  # by an article added by query since the last full build
        (folder / "200.md").write_text(_article(
            "Wire item 200", "2018-02-20T09:00:00Z", "Archive Wire", "en", ["harbour"], 200,
            extra="summary: follows the strike\n") + "\nSee [the strike](051.md).\n", encoding="utf-8")
        assert _build(wired).mode == "added"
    title = "Wire item 50" if case == "taken" else "Wire item 51: strike over"  # 050.md's day and address
    item.write_text(item.read_text(encoding="utf-8").replace('title: "Wire item 51"', f'title: "{title}"'),
                    encoding="utf-8")
    monkeypatch.setenv("NEWSARCHIVE_TIMINGS", "1")
    capsys.readouterr()
    result = _build(wired)
    assert result.mode not in ("edited", "text")
    why = {"linked": "an article links it", "linked_later": "an article links it",
           "taken": "another page has the new one", "shared": "its old address was shared",
           "old_permalinks": "its old addresses"}[case]
    assert f"edits stand aside: 2018/wire/051.md: its address moves, and {why}" in capsys.readouterr().err
    _same_as_clean(wired, tmp_path)


TITLES = ("Ferry strike ends", "La grève du port est levée", "انتهاء إضراب الميناء", "Huelga: fin",
          "Item 'quoted' & <b>bold</b>")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 129), st.sampled_from(TITLES), st.booleans()), min_size=1,
                max_size=3, unique_by=lambda t: t[0]), st.booleans())
def test_any_headline_corrections_equal_a_clean_build(tmp_path_factory, edits, sitemap):
    """Corrected headlines, each with its address kept (``slug:``) or moved to the new title's."""
    tmp = tmp_path_factory.mktemp("edits")
    site = _sample(tmp, sitemap=sitemap)
    folder = site / "content/2018/wire"
    folder.mkdir(parents=True)
    for n in range(130):
        (folder / f"{n:03d}.md").write_text(_article(
            f"Wire item {n}", f"2018-01-{1 + n // 5:02d}T{8 + n % 5}:00:00Z",
            ("Archive Wire", "Northern Wire")[n % 2], "en", ["harbour"], n), encoding="utf-8")
    _build(site)
    for n, title, kept in edits:
        item = folder / f"{n:03d}.md"
        # with the slug kept the address stays: only what the lists show of the article changes
        item.write_text(item.read_text(encoding="utf-8").replace(
            f'title: "Wire item {n}"', f'title: "{title} ({n})"' + (f"\nslug: wire-item-{n}" if kept else "")
        ), encoding="utf-8")
    assert _build(site).mode == "edited"
    _same_as_clean(site, tmp)


def test_an_article_in_a_story_or_joining_one_goes_to_the_full_plan_and_is_right(wired, tmp_path):
    story = ("The port authority closed the northern quay on Tuesday after the storm damaged its cranes. "
             "Dockers said the closure would last a week while engineers inspect every crane. ") * 4
    folder = wired / "content/2018/story"
    folder.mkdir()
    for n, source in enumerate(("Harbour Post", "Coast Daily")):
        (folder / f"{n}.md").write_text(
            f'---\ntitle: "Quay closed, take {n}"\ndate: 2018-01-20T1{n}:00:00Z\nsource: "{source}"\n'
            f"language: en\n---\n\n{story}\n", encoding="utf-8")
    (folder / "2.md").write_text(
        '---\ntitle: "Lighthouse keeper retires"\ndate: 2018-01-21T10:00:00Z\nsource: "Bay Times"\n'
        "language: en\n---\n\nAfter forty years the keeper hands over the lamp to a machine.\n",
        encoding="utf-8")
    _build(wired)
    _retitle(folder / "0.md", "Quay closed after the storm")  # in a story: its story page shows the title
    assert _build(wired).mode not in ("edited", "text")
    _same_as_clean(wired, tmp_path)
    lighthouse = folder / "2.md"  # rewritten as the story: it joins it
    lighthouse.write_text(lighthouse.read_text(encoding="utf-8").replace(
        "After forty years the keeper hands over the lamp to a machine.", story).replace(
        'title: "Lighthouse keeper retires"',
        'title: "Quay closed, take 3"\nslug: lighthouse-keeper-retires'), encoding="utf-8")
    assert _build(wired).mode not in ("edited", "text")
    assert "Quay closed, take 3" in (wired / "build/2018/01/20/quay-closed-take-1/index.html").read_text(
        encoding="utf-8")  # "Also reported by"
    _same_as_clean(wired, tmp_path)


def test_an_edited_translation_takes_the_text_only_rebuild_and_is_right(tmp_path):
    """Edits stand aside for an article with translations (its translations' pages show its title); the
    text-only rebuild still takes a change of its text alone."""
    site = _sample(tmp_path)
    folder = site / "content/2018/wire"
    folder.mkdir(parents=True)
    for n in range(60):  # the oldest in no feed's latest 50
        (folder / f"{n:02d}.md").write_text(_article(
            f"Wire item {n}", f"2018-01-{1 + n // 3:02d}T{8 + n % 3}:00:00Z", "Archive Wire", "en", [], n),
            encoding="utf-8")
    (folder / "00-fr.md").write_text(_article(
        "Dépêche 0", "2018-01-01T08:30:00Z", "Archive Wire", "fr", [], 0,
        extra="translation_of: 2018/wire/00.md\n"), encoding="utf-8")
    _build(site)
    oldest = folder / "00.md"
    text = oldest.read_text(encoding="utf-8")
    oldest.write_text(text + "\nOne more sentence at the end.\n", encoding="utf-8")
    assert _build(site).mode == "text"
    assert "One more sentence at the end." in (site / "build/2018/01/01/wire-item-0/index.html").read_text(
        encoding="utf-8")
    _same_as_clean(site, tmp_path)
