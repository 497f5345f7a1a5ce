"""A source's own calendar: what did this paper publish in March 2018? Each source has a page per year (its
months, with their counts; a small year lists its articles there) and, for a year of more than 50
articles, per month (its articles by day, the newest of a busy day and a link to the day's page for the
others), linked from its profile; a rebuild that adds or edits articles makes the ones they change, as a
clean build would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import main_of
from test_additions import _article, _build, _same_as_clean, _sample

from newsarchive.pages.listing import SOURCE_DAY_SHOWN


@pytest.fixture
def wire(tmp_path: Path) -> Path:
    """The sample with an outlet's wire over three months of two years: a busy day (55 articles), quiet
    months between, its articles in three scripts; and a smaller outlet's 50 articles of one month."""
    site = _sample(tmp_path)
    folder = site / "content/wire"
    folder.mkdir(parents=True)
    for n in range(55):  # 2018-03-14: a busy day
        (folder / f"busy-{n:02d}.md").write_text(_article(
            f"Port strike, update {n}", f"2018-03-14T{6 + n // 4:02d}:{(n % 4) * 15:02d}:00+01:00",
            "Archive Wire", "en", ["port"], n), encoding="utf-8")
    for n in range(50):  # one month of a small outlet: its year is one page
        (folder / f"coast-{n:02d}.md").write_text(_article(
            f"Coast notes {n}", f"2018-10-{1 + n % 28:02d}T08:{n:02d}:00Z", "Coast Courier", "en", [], n),
            encoding="utf-8")
    (folder / "march.md").write_text(_article("Ferry timetable", "2018-03-02T09:00:00Z", "Archive Wire",
                                              "en", [], 40), encoding="utf-8")
    (folder / "june.md").write_text(_article("إضراب الميناء ينتهي", "2018-06-30T23:30:00-04:00",
                                             "Archive Wire", "ar", [], 41), encoding="utf-8")
    (folder / "next-year.md").write_text(_article("Un an après la grève", "2019-01-05T10:00:00+01:00",
                                                  "Archive Wire", "fr", [], 42), encoding="utf-8")
    _build(site)
    return site


def test_a_sources_year_and_month_pages_list_what_it_published(wire):
    build = wire / "build"
    year = main_of(build / "sources/archive-wire/2018/index.html")
    # its months with their counts, each linking its month page; the other years; every source's year
    assert re.findall(r'href="\.\./\.\./\.\./sources/archive-wire/2018/(\d\d)/">(\w+)</a> '
                      r'<span class="count">\((\d+) articles?\)', year) == [
        ("03", "March", "56"), ("06", "June", "1")]
    assert 'rel="next" href="../../../sources/archive-wire/2019/"' in year
    assert 'href="../../../2018/">Every source</a>' in year
    march = main_of(build / "sources/archive-wire/2018/03/index.html")
    assert "<h1>March 2018</h1>" in march and "56 articles" in march
    # its days, the oldest first; the busy day's newest 20 and a link to the day's page for the others
    assert march.index("March 2, 2018") < march.index("March 14, 2018")
    assert march.count('class="entry-title"') == 1 + SOURCE_DAY_SHOWN
    assert "Port strike, update 54" in march and "Port strike, update 34<" not in march
    assert 'href="../../../../2018/03/14/">and 35 more</a>' in march
    # the source and the day are not said again on each item
    assert 'class="entry-source"' not in march and "<time" not in march.split("</h2>", 1)[1].split("<h2")[0]
    # the month after with articles (April and May have none), in the article's own script
    assert 'rel="next" href="../../../../sources/archive-wire/2018/06/"' in march
    june = main_of(build / "sources/archive-wire/2018/06/index.html")
    assert 'lang="ar" dir="rtl">إضراب الميناء ينتهي</a>' in june  # filed on its own day: the 30th
    assert "June 30, 2018" in june
    assert not (build / "sources/archive-wire/2018/04").exists()
    # a year of one article is one page: its month a section of it, which the month before links
    assert 'rel="next" href="../../../../sources/archive-wire/2019/#month-01"' in june
    small = main_of(build / "sources/archive-wire/2019/index.html")
    assert '<h2 id="month-01">January 2019</h2>' in small and "Un an après la grève" in small
    assert not (build / "sources/archive-wire/2019/01").exists()
    coast = main_of(build / "sources/coast-courier/2018/index.html")
    assert coast.count('class="entry-title"') == 50 and 'href="#month-10">October</a>' in coast


def test_the_profile_links_the_sources_years_and_months(wire):
    profile = main_of(wire / "build/sources/archive-wire/index.html")
    assert re.findall(r'<a href="\.\./\.\./sources/archive-wire/(\d{4})/">\d{4}</a> \((\d+)\)', profile) == [
        ("2018", "57"), ("2019", "1")]
    # the table of the chart links the source's month pages, or a small year's sections
    assert 'href="../../sources/archive-wire/2018/03/">March 2018</a>' in profile
    assert 'href="../../sources/archive-wire/2019/#month-01">January 2019</a>' in profile
    assert 'href="../../sources/archive-wire/2018/04/"' not in profile  # a month without articles


def test_the_sitemap_lists_them_in_their_years_part(wire):
    part = (wire / "build/sitemap-2018.xml").read_text(encoding="utf-8")
    assert "sources/archive-wire/2018/</loc>" in part and "sources/archive-wire/2018/06/</loc>" in part
    assert "sources/archive-wire/2019/" not in part and "sources/coast-courier/2018/10/" not in part
    assert "sources/archive-wire/2019/</loc>" in (wire / "build/sitemap-2019.xml").read_text(encoding="utf-8")
    assert "sources/archive-wire/2018/" not in (wire / "build/sitemap-pages.xml").read_text(encoding="utf-8")


def test_an_article_in_a_new_month_relinks_the_months_beside_it_and_equals_a_clean_build(wire, tmp_path):
    (wire / "content/wire/may.md").write_text(_article(
        "Dockers vote", "2018-05-20T08:00:00Z", "Archive Wire", "en", ["port"], 43), encoding="utf-8")
    assert _build(wire).mode == "added"
    build = wire / "build"
    assert 'rel="next" href="../../../../sources/archive-wire/2018/05/"' in main_of(
        build / "sources/archive-wire/2018/03/index.html")
    assert 'rel="prev" href="../../../../sources/archive-wire/2018/05/"' in main_of(
        build / "sources/archive-wire/2018/06/index.html")
    assert "Dockers vote" in main_of(build / "sources/archive-wire/2018/05/index.html")
    _same_as_clean(wire, tmp_path)
    # the 51st article of a small outlet's year: its months get pages of their own, by query too
    (wire / "content/wire/coast-50.md").write_text(_article(
        "Coast notes 50", "2018-11-03T08:00:00Z", "Coast Courier", "en", [], 44), encoding="utf-8")
    assert _build(wire).mode == "added"
    assert (build / "sources/coast-courier/2018/10/index.html").is_file()
    assert 'rel="next" href="../../../../sources/coast-courier/2018/11/"' in main_of(
        build / "sources/coast-courier/2018/10/index.html")
    _same_as_clean(wire, tmp_path)
    # a new source, by query too
    (wire / "content/wire/other.md").write_text(_article(
        "Harbour dues rise", "2018-11-03T09:00:00Z", "Bay Herald", "en", [], 45), encoding="utf-8")
    assert _build(wire).mode == "added"
    assert "Harbour dues rise" in main_of(build / "sources/bay-herald/2018/index.html")
    _same_as_clean(wire, tmp_path)


def test_an_edited_headline_shows_on_its_sources_month_page(wire, tmp_path):
    item = wire / "content/wire/march.md"
    item.write_text(item.read_text(encoding="utf-8").replace('title: "Ferry timetable"',
                                                             'title: "Ferry timetable changes"'),
                    encoding="utf-8")
    assert _build(wire).mode == "edited"
    assert "Ferry timetable changes" in main_of(wire / "build/sources/archive-wire/2018/03/index.html")
    _same_as_clean(wire, tmp_path)
    small = wire / "content/wire/next-year.md"  # on its small year's page
    small.write_text(small.read_text(encoding="utf-8").replace("Un an après la grève", "Un an plus tard"),
                     encoding="utf-8")
    assert _build(wire).mode == "edited"
    assert "Un an plus tard" in main_of(wire / "build/sources/archive-wire/2019/index.html")
    _same_as_clean(wire, tmp_path)


@pytest.mark.parametrize("width", [320, 360, 1280])
def test_the_calendar_pages_fit_a_phone_and_pass_axe(wire, browser, width):
    """No page of a source's calendar scrolls sideways from 320 px (an Arabic headline, a breadcrumb of five
    steps), light and dark; axe finds no serious violation where it is installed."""
    from browser import serve
    from test_quality import AXE, AXE_SERIOUS

    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide, violations = {}, {}
    with serve(wire / "build") as base:
        for url in ("sources/archive-wire/", "sources/archive-wire/2018/", "sources/archive-wire/2018/03/",
                    "sources/archive-wire/2018/06/", "sources/archive-wire/2019/"):
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                page.goto(base + url)
                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    wide[url] = overflow
                if AXE.is_file() and width == 360:
                    page.add_script_tag(path=str(AXE))
                    found = page.evaluate(AXE_SERIOUS)
                    if found:
                        violations[f"{url} {scheme}"] = found
    context.close()
    assert wide == {}, f"pages wider than a {width} px screen (by px): {wide}"
    assert violations == {}
