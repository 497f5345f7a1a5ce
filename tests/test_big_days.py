"""A day of a real archive holds thousands of articles: its page is paged as the lists are, numbered from
the day's oldest article (``pages.listing.day_pages``), each page grouped by source; an article added to
the day changes its newest end only, by query, as a clean build would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import main_of
from test_additions import _article, _build, _same_as_clean, _sample

from newsarchive.pages.listing import DAY_PAGE

SOURCES = ("Archive Wire", "وكالة الأنباء", "Le Fil")


@pytest.fixture
def big_day(tmp_path: Path) -> Path:
    """The sample with 450 articles on 2018-03-14 from three outlets (in two scripts), filed through
    the day, and one the day after."""
    site = _sample(tmp_path)
    folder = site / "content/wire"
    folder.mkdir(parents=True)
    for n in range(450):
        minute = n * 3  # 00:00 to 22:27
        (folder / f"{n:03d}.md").write_text(_article(
            f"Bulletin {n}", f"2018-03-14T{minute // 60:02d}:{minute % 60:02d}:00Z", SOURCES[n % 3],
            "ar" if n % 3 == 1 else "en", [], n), encoding="utf-8")
    (folder / "next.md").write_text(_article("The day after", "2018-03-15T09:00:00Z", "Le Fil", "en", [], 7),
                                    encoding="utf-8")
    _build(site)
    return site


def _titles(html: str) -> list[int]:
    return sorted(int(n) for n in re.findall(r">Bulletin (\d+)</a>", html))


def test_a_big_day_is_paged_from_its_oldest_article(big_day):
    build = big_day / "build"
    day = main_of(build / "2018/03/14/index.html")
    assert "451 articles" not in day and "450 articles" in day  # the day's count, not the page's
    assert _titles(day) == list(range(250, 450))  # the newest 200
    assert 'href="#source-archive-wire"' in day  # grouped by source, with jump links
    assert '<a href="../../../2018/03/14/page/1/"><span class="pager-end">Oldest articles: </span>1</a>' \
        in day
    first = (build / "2018/03/14/page/1/index.html").read_text(encoding="utf-8")
    assert _titles(main_of(build / "2018/03/14/page/1/index.html")) == list(range(DAY_PAGE))
    assert '<link rel="next" href="../../../../../2018/03/14/page/2/">' in first and "noindex" not in first
    assert "<title>March 14, 2018 · Page 1 ·" in first
    last = (build / "2018/03/14/page/3/index.html").read_text(encoding="utf-8")  # the open page
    assert _titles(main_of(build / "2018/03/14/page/3/index.html")) == list(range(400, 450))
    assert 'content="noindex"' in last and "This page is not full yet" in last
    sitemap = (build / "sitemap-2018.xml").read_text(encoding="utf-8")
    assert "2018/03/14/page/2/</loc>" in sitemap and "2018/03/14/page/3/" not in sitemap
    # a small day is one page, as before
    small = main_of(build / "2018/03/15/index.html")
    assert "The day after" in small and 'class="pagination"' not in small


def test_an_article_added_to_a_big_day_changes_its_newest_end_only(big_day, tmp_path):
    build = big_day / "build"
    full = (build / "2018/03/14/page/2/index.html").read_bytes()
    (big_day / "content/wire/late.md").write_text(_article(
        "Bulletin 999", "2018-03-14T23:30:00Z", "Archive Wire", "en", [], 9), encoding="utf-8")
    assert _build(big_day).mode == "added"
    assert (build / "2018/03/14/page/2/index.html").read_bytes() == full  # a full page never changes
    assert 999 in _titles(main_of(build / "2018/03/14/index.html"))
    assert 999 in _titles(main_of(build / "2018/03/14/page/3/index.html"))
    _same_as_clean(big_day, tmp_path)
    # one back-dated to the day's first minute moves every page of the day: still by query, still right
    (big_day / "content/wire/early.md").write_text(_article(
        "Bulletin 998", "2018-03-14T00:00:00+01:00", "Le Fil", "en", [], 8), encoding="utf-8")
    assert _build(big_day).mode == "added"
    assert 998 in _titles(main_of(build / "2018/03/14/page/1/index.html"))
    _same_as_clean(big_day, tmp_path)


def test_an_edited_headline_on_a_numbered_day_page_equals_a_clean_build(big_day, tmp_path):
    item = big_day / "content/wire/010.md"
    item.write_text(item.read_text(encoding="utf-8").replace('title: "Bulletin 10"',
                                                             'title: "Bulletin 10, corrected"'),
                    encoding="utf-8")
    assert _build(big_day).mode == "edited"
    assert "Bulletin 10, corrected" in main_of(big_day / "build/2018/03/14/page/1/index.html")
    _same_as_clean(big_day, tmp_path)
