"""Year and month pages link the previous and next year and month that have articles, skipping the empty
ones between (as day pages link days), and a rebuild that fills a gap gives what a clean build gives."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import article, write_site
from test_incremental import same_as_clean

from newsarchive.build import build
from newsarchive.options import BuildOptions


def _neighbours(html: str) -> dict[str, tuple[str, str]]:
    nav = html.split('<nav class="prev-next"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a rel="(prev|next)" href="([^"]*)">(.*?)</a>', nav, re.DOTALL)
    return {rel: (href, re.sub(r"<[^>]+>", " ", text).split(maxsplit=2)[-1].strip())
            for rel, href, text in links}


def test_year_and_month_pages_link_their_neighbours_with_articles(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "2016/2016-11-03-a.md": article("A", "2016-11-03"),
        "2018/2018-03-26-b.md": article("B", "2018-03-26"),
        "2018/2018-05-02-c.md": article("C", "2018-05-02"),
        "2019/2019-01-12-d.md": article("D", "2019-01-12"),
    })
    build(site, BuildOptions(jobs=1))
    out = site / "build"
    march = (out / "2018/03/index.html").read_text()
    assert _neighbours(march) == {"prev": ("../../2016/11/", "November 2016"),
                                  "next": ("../../2018/05/", "May 2018")}
    assert '<link rel="prev" href="../../2016/11/">' in march
    assert _neighbours((out / "2018/index.html").read_text()) == {
        "prev": ("../2016/", "2016"), "next": ("../2019/", "2019")}
    assert _neighbours((out / "2016/index.html").read_text()) == {"next": ("../2018/", "2018")}
    january = (out / "2019/01/index.html").read_text()
    assert _neighbours(january) == {"prev": ("../../2018/05/", "May 2018")}
    # an article in the gap: April links both, and March and May link April
    (site / "content/2018/2018-04-09-e.md").write_text(article("E", "2018-04-09"))
    build(site, BuildOptions(jobs=1))
    april = ("../../2018/04/", "April 2018")
    assert _neighbours((out / "2018/03/index.html").read_text())["next"] == april
    assert _neighbours((out / "2018/05/index.html").read_text())["prev"] == april
    assert same_as_clean(site, out, tmp_path / "clean")


def test_in_arabic_the_neighbours_are_named_in_arabic(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "2018/2018-03-26-b.md": article("ب", "2018-03-26", language="ar"),
        "2018/2018-05-02-c.md": article("ج", "2018-05-02", language="ar"),
    }, "language: ar\n")
    build(site, BuildOptions(jobs=1))
    html = (site / "build/2018/03/index.html").read_text()
    assert 'aria-label="أشهر أخرى"' in html and "الشهر التالي" in html


def test_the_header_links_the_dates(tmp_path: Path):
    """The header's "Dates" entry opens the newest year's page (its months, the other years), on every page:
    not only the footer's list of years, a phone's screen lengths down."""
    site = write_site(tmp_path / "site", {
        "2016/2016-11-03-a.md": article("A", "2016-11-03"),
        "2019/2019-01-12-d.md": article("D", "2019-01-12", language="ar"),
    }, "language: ar\n")
    build(site, BuildOptions(jobs=1))
    out = site / "build"
    for rel, up in (("index.html", "./"), ("2016/11/03/a/index.html", "../../../../"),
                    ("2016/index.html", "../")):
        nav = (out / rel).read_text().split('<nav aria-label="التنقل الرئيسي">', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', nav)
        assert links[:2] == [(up, "الرئيسية"), (f"{up}2019/", "التواريخ")], (rel, links)
    # where it lands, every year is one click away, near the top (a year without articles is not listed)
    year = (out / "2019/index.html").read_text()
    jump = year.split('<nav class="jump-years" aria-label="السنوات">', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<li>(.*?)</li>', jump) == ['<span aria-current="page">2019</span>',
                                                   '<a href="../2016/">2016</a>']
    assert year.index("jump-years") < year.index('class="months"')
