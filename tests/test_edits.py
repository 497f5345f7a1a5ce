"""The rebuild that edits articles in place (``edits``): a corrected headline, summary or byline role
changes the article's page and the pages that show it (its neighbours, the list pages and feeds that hold
it, its day, month and year, its year's data files), found by query from the catalog; the output is byte
for byte what a clean build makes of the same content, and whatever it cannot do the same goes to the full
plan (which is right too)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_additions import _article, _build, _same_as_clean, _sample


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


@pytest.mark.parametrize("change", ["date", "tag", "source", "slug", "author", "title", "error", "draft"])
def test_an_edit_that_moves_the_article_goes_to_the_full_plan_and_is_right(wired, tmp_path, change):
    item = wired / "content/2018/wire/051.md"
    text = item.read_text(encoding="utf-8")
    text = {
        "date": lambda t: t.replace("date: 2018-01-13T11:15:00Z", "date: 2018-01-14T11:15:00Z"),
        "tag": lambda t: t.replace('tags: ["council", "port"]', 'tags: ["council", "port", "ferry"]'),
        "source": lambda t: t.replace('source: "Archive Wire"', 'source: "Northern Wire"'),
        "slug": lambda t: t.replace("---\n\n", "slug: wire-fifty\n---\n\n", 1),
        "author": lambda t: t.replace("Nadia Quellec", "Tom Bell"),
        "title": lambda t: t.replace('title: "Wire item 51"', 'title: "Wire item 51b"'),  # a new address
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


TITLES = ("Ferry strike ends", "La grève du port est levée", "انتهاء إضراب الميناء", "Huelga: fin",
          "Item 'quoted' & <b>bold</b>")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 129), st.sampled_from(TITLES)), min_size=1, max_size=3,
                unique_by=lambda t: t[0]), st.booleans())
def test_any_headline_corrections_equal_a_clean_build(tmp_path_factory, edits, sitemap):
    tmp = tmp_path_factory.mktemp("edits")
    site = _sample(tmp, sitemap=sitemap)
    folder = site / "content/2018/wire"
    folder.mkdir(parents=True)
    for n in range(130):
        (folder / f"{n:03d}.md").write_text(_article(
            f"Wire item {n}", f"2018-01-{1 + n // 5:02d}T{8 + n % 5}:00:00Z",
            ("Archive Wire", "Northern Wire")[n % 2], "en", ["harbour"], n), encoding="utf-8")
    _build(site)
    for n, title in edits:
        item = folder / f"{n:03d}.md"
        # the slug is kept, so that the address stays: only what the lists show of the article changes
        item.write_text(item.read_text(encoding="utf-8").replace(
            f'title: "Wire item {n}"', f'title: "{title} ({n})"\nslug: wire-item-{n}'), encoding="utf-8")
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
