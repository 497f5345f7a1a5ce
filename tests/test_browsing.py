"""Browsing the archive as a reader does: calendars on year and month pages, day-to-day navigation, an
article's neighbours, breadcrumbs and citations, source profiles, page numbers."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import article, crawl, page_links, write_site

from newsarchive.build import BuildOptions, build


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def section(page: str, start: str, end: str) -> str:
    i = page.index(start)
    return page[i:page.index(end, i)]


FILES = {
    "a/2018-03-25-souq.md": article("Souq opens", "2018-03-25T09:00:00+04:00", "Al-Waha Daily", language="ar",
                                    tags="[gulf, market]"),
    "b/2018-03-26-evac.md": article("Évacuation du quartier du port après la tempête",
                                    "2018-03-26T07:45:00+02:00", "Le Courrier du Littoral", language="fr",
                                    author="Claire Le Goff",
                                    url="https://courrier-littoral.example/2018/03/26/evacuation",
                                    tags="[tempête, port]", archived="2018-03-27"),
    "c/2018-03-26-storm.md": article("Storm batters harbour", "2018-03-26T18:00:00Z", "The Harbour Gazette",
                                     tags="[storm, port]"),
    "c/2018-03-26-fleet.md": article("Fleet stays in port", "2018-03-26T12:00:00Z", "The Harbour Gazette",
                                     tags="[port]"),
    "b/2018-04-20-voiles.md": article("Le festival des Voiles revient", "2018-04-20",
                                      "Le Courrier du Littoral", language="fr", tags="[festival]"),
    "b/2018-11-15-peche.md": article("Quotas de pêche", "2018-11-15", "Le Courrier du Littoral",
                                     language="fr", tags="[port]"),
    "c/2019-01-22-bridge.md": article("Bridge plan", "2019-01-22", "The Harbour Gazette"),
}
CONFIG = """title: Coastal News Archive
base_url: https://newsarchive.example/
per_page: 2
sources:
  Le Courrier du Littoral:
    url: https://courrier-littoral.example/
    description: Quotidien régional de la côte ouest.
    country: France
    language: fr
"""


@pytest.fixture(scope="module")
def coast(tmp_path_factory) -> Path:
    site = write_site(tmp_path_factory.mktemp("coast") / "site", FILES, CONFIG)
    build(site, BuildOptions(jobs=1))
    return site / "build"


def test_year_page_calendar_shades_days_and_links_them_with_a_label(coast: Path):
    page = text(coast / "2018/index.html")
    assert page.count('<table class="calendar">') == 12
    cells = re.findall(r'<td class="heat-(\d)"><a href="([^"]+)" aria-label="([^"]+)">', page)
    assert [(level, href, label) for level, href, label in cells] == [
        ("2", "../2018/03/25/", "March 25, 2018: 1 article"),
        ("4", "../2018/03/26/", "March 26, 2018: 3 articles"),
        ("2", "../2018/04/20/", "April 20, 2018: 1 article"),
        ("2", "../2018/11/15/", "November 15, 2018: 1 article"),
    ]
    # months with articles link to their page, the others are plain captions
    assert '<caption><a href="../2018/03/">March</a> <span class="count">4</span></caption>' in page
    assert "<caption>May</caption>" in page
    # weeks start on the locale's first day: Monday for "en" (CLDR's world default)
    assert re.search(r'<thead><tr><th scope="col"><abbr title="Monday">Mon</abbr></th>', page)


def test_month_calendar_follows_the_site_locale(tmp_path: Path):
    site = write_site(tmp_path / "s", {"x.md": article("X", "2018-03-26", "S")}, "language: en-US\n")
    build(site, BuildOptions(jobs=1))
    page = text(site / "build/2018/03/index.html")
    assert '<abbr title="Sunday">Sun</abbr>' in page.split("</th>")[0]
    first_week = re.search(r"<tbody>\s*<tr>(.*?)</tr>", page, re.DOTALL).group(1)
    assert first_week.count("<td></td>") == 4  # 1 March 2018 is a Thursday
    assert '<td class="heat-1"><a href="../../2018/03/26/" aria-label="March 26, 2018: 1 article">' \
           '<span class="d">26</span></a> <span class="n" aria-hidden="true">1 article</span></td>' in page
    fr = write_site(tmp_path / "fr", {"x.md": article("X", "2018-03-26", "S")}, "language: fr\n")
    build(fr, BuildOptions(jobs=1))
    page = text(fr / "build/2018/03/index.html")
    assert '<abbr title="lundi">lun.</abbr>' in page and 'aria-label="26 mars 2018\u202f: 1 article"' in page


def test_day_pages_link_the_previous_and_next_day_with_articles(coast: Path):
    page = text(coast / "2018/03/26/index.html")
    nav = section(page, '<nav class="prev-next"', "</nav>")
    assert re.findall(r'<a rel="(prev|next)" href="([^"]+)">', nav) == [("prev", "../../../2018/03/25/"),
                                                                      ("next", "../../../2018/04/20/")]
    assert '<link rel="prev" href="../../../2018/03/25/">' in page
    assert "Previous day" in plain(nav) and "April 20, 2018" in plain(nav)
    first, last = text(coast / "2018/03/25/index.html"), text(coast / "2019/01/22/index.html")
    assert 'rel="prev"' not in first and 'rel="next" href="../../../2018/03/26/"' in first
    assert 'rel="next"' not in last and 'rel="prev" href="../../../2018/11/15/"' in last
    assert '<span aria-current="page">26</span>' in page


def test_article_breadcrumbs_neighbours_and_same_day(coast: Path):
    page = text(coast / "2018/03/26/evacuation-du-quartier-du-port-apres-la-tempete/index.html")
    crumbs = section(page, '<nav class="breadcrumbs"', "</nav>")
    assert 'aria-label="Breadcrumb"' in crumbs
    assert plain(crumbs) == "Home 2018 March 26 Évacuation du quartier du port après la tempête"
    assert '<span aria-current="page" lang="fr" dir="ltr">' in crumbs
    nav = section(page, '<nav class="prev-next" aria-label="From the same source: Le Courrier du Littoral"',
                  "</nav>")
    assert re.findall(r'rel="(prev|next)" href="([^"]+)"', nav) == [
        # the first of its source: no previous
        ("next", "../../../../2018/04/20/le-festival-des-voiles-revient/")]
    # the day's first article: no article of its day before it (later ones are never listed: adding one
    # to the day must not change this page)
    assert 'class="same-day"' not in page
    latest = text(coast / "2018/03/26/storm-batters-harbour/index.html")
    same_day = section(latest, '<section class="same-day"', "</section>")
    assert "Earlier the same day" in same_day
    assert [plain(li) for li in re.findall(r"<li>(.*?)</li>", same_day, re.DOTALL)] == [
        "Fleet stays in port · The Harbour Gazette",
        "Évacuation du quartier du port après la tempête · Le Courrier du Littoral"]
    middle = text(coast / "2018/04/20/le-festival-des-voiles-revient/index.html")
    nav = section(middle, '<nav class="prev-next"', "</nav>")
    assert re.findall(r'rel="(prev|next)" href="([^"]+)"', nav) == [
        ("prev", "../../../../2018/03/26/evacuation-du-quartier-du-port-apres-la-tempete/"),
        ("next", "../../../../2018/11/15/quotas-de-peche/")]
    assert "Previous article · March 26, 2018" in plain(nav)
    assert 'class="same-day"' not in middle  # alone on its day


def test_article_citations_for_a_known_article(coast: Path):
    page = text(coast / "2018/03/26/evacuation-du-quartier-du-port-apres-la-tempete/index.html")
    cites = dict(re.findall(r"<dt>(\w+)</dt>\s*<dd>(.*?)</dd>",
                            section(page, '<section class="cite"', "</section>"), re.DOTALL))
    url = "https://newsarchive.example/2018/03/26/evacuation-du-quartier-du-port-apres-la-tempete/"
    assert plain(cites["APA"]) == ("Le Goff, C. (2018, March 26). Évacuation du quartier du port après la "
                                   f"tempête. Le Courrier du Littoral. Retrieved March 27, 2018, from {url}")
    assert plain(cites["MLA"]) == ("Le Goff, Claire. “Évacuation du quartier du port après la tempête.” Le "
                                   f"Courrier du Littoral, 26 Mar. 2018, {url}. Accessed 27 Mar. 2018.")
    assert plain(cites["Chicago"]) == ("Le Goff, Claire. “Évacuation du quartier du port après la tempête.” "
                                       "Le Courrier du Littoral, March 26, 2018. "
                                       f"Accessed March 27, 2018. {url}.")
    assert html.unescape(re.sub(r"<[^>]+>", "", cites["BibTeX"])) == (
        "@article{legoff2018evacuation,\n  author = {Le Goff, Claire},\n"
        "  title = {{Évacuation du quartier du port après la tempête}},\n"
        "  journaltitle = {Le Courrier du Littoral},\n  date = {2018-03-26},\n"
        f"  url = {{{url}}},\n  urldate = {{2018-03-27}},\n  langid = {{french}}\n}}")
    links = {href for _t, href, _a in page_links(page)}
    assert "https://courrier-littoral.example/2018/03/26/evacuation" in links
    assert "https://web.archive.org/web/https://courrier-littoral.example/2018/03/26/evacuation" in links


def test_without_base_url_citations_give_the_original(tmp_path: Path):
    site = write_site(tmp_path / "s", {"x.md": article("X", "2018-03-26", "S", url="https://s.example/x",
                                                       updated="2018-04-01")})
    build(site, BuildOptions(jobs=1))
    page = text(site / "build/2018/03/26/x/index.html")
    assert "X. (2018, March 26). S. https://s.example/x" in page  # APA, without an access date:
    assert "Retrieved" not in page and "Accessed" not in page  # an update is not a day the archive read it
    (site / "content/x.md").write_text(article("X", "2018-03-26", "S", url="https://s.example/x",
                                               updated="2018-04-01", archived="2018-04-02"))
    build(site, BuildOptions(jobs=1))
    page = text(site / "build/2018/03/26/x/index.html")
    assert "Retrieved April 2, 2018, from https://s.example/x" in page  # the day the copy was taken


def test_source_profile_figures(coast: Path):
    page = text(coast / "sources/le-courrier-du-littoral/index.html")
    facts = {plain(dt): plain(dd) for dt, dd in
             re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", section(page, '<dl class="facts">', "</dl>"),
                        re.DOTALL)}
    assert facts == {
        "Country": "France", "Language": "French", "Website": "https://courrier-littoral.example/",
        "Number of articles": "3",
        "First article": "March 26, 2018 : Évacuation du quartier du port après la tempête",
        "Last article": "November 15, 2018 : Quotas de pêche",
        "Years": "2018 (3)", "Languages": "French (3)", "Top tags": "port (2) festival (1) tempête (1)",
    }
    assert 'lang="fr" dir="ltr">Quotidien régional de la côte ouest.</p>' in page
    chart = section(page, "<svg", "</svg>")
    assert 'role="img"' in chart and 'aria-labelledby="chart-svg-title chart-svg-desc"' in chart
    assert ('<desc id="chart-svg-desc">March 2018 – November 2018. '
            "Most articles: March 2018 (1 article).</desc>") in chart
    bars = re.findall(r'<rect class="bar"[^>]*height="([\d.]+)"><title>([^<]+)</title>', chart)
    assert [t for _h, t in bars] == [f"{m} 2018: {n}" for m, n in (
        ("March", "1 article"), ("April", "1 article"), ("May", "0 articles"), ("June", "0 articles"),
        ("July", "0 articles"), ("August", "0 articles"), ("September", "0 articles"),
        ("October", "0 articles"), ("November", "1 article"))]
    assert [float(h) for h, _t in bars] == [120, 120, 0, 0, 0, 0, 0, 0, 120]
    table = section(page, '<table class="chart-table">', "</table>")
    # each month links its place in the source's own calendar (a small year's page: its section there)
    assert ('<th scope="row"><a href="../../sources/le-courrier-du-littoral/2018/#month-03">March 2018</a>'
            "</th><td>1</td>") in table
    second = text(coast / "sources/le-courrier-du-littoral/page/2/index.html")
    assert 'class="profile"' not in second  # the profile is on the first page


def test_page_numbers_from_the_oldest_and_rel_links(tmp_path: Path):
    files = {f"{i:02d}.md": article(f"T{i}", f"2018-01-{i + 1:02d}", "S") for i in range(20)}
    site = write_site(tmp_path / "s", files, "per_page: 2\n")
    build(site, BuildOptions(jobs=1))
    out = site / "build"
    # a numbered page: its number, the latest, newer and older; nothing that changes with the totals
    page5 = text(out / "page/5/index.html")
    nav = section(page5, '<nav class="pagination"', "</nav>")
    items = [plain(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", nav, re.DOTALL)]
    assert items == ["Latest articles", "← Newer", "Page 5", "Older →"]
    assert '<span aria-current="page">Page 5</span>' in nav
    assert re.findall(r'<a rel="(prev|next)" href="([^"]+)"', nav) == [("next", "../../page/6/"),
                                                                      ("prev", "../../page/4/")]
    head = page5.split("</head>")[0]
    assert '<link rel="prev" href="../../page/4/">' in head
    assert '<link rel="next" href="../../page/6/">' in head
    assert titles_in(page5) == ["T9", "T8"]  # articles 9 and 10 counted from the oldest, newest first
    assert "10" not in plain(nav) and "20 articles" not in page5
    # the list's address: the page numbers (the first and the last three) and the older page
    first = section(text(out / "index.html"), '<nav class="pagination"', "</nav>")
    assert [plain(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", first, re.DOTALL)] == [
        "Latest articles", "Oldest articles: 1", "…", "8", "9", "10", "Older →"]
    assert '<li><span aria-current="page">Latest articles</span></li>' in first  # where the reader is
    assert '<a rel="prev" href="./page/9/">Older →</a>' in first
    assert titles_in(text(out / "page/11/index.html")) == []  # the open page, empty
    source_page = text(out / "sources/s/page/2/index.html")
    assert '<link rel="prev" href="../../../../sources/s/page/1/">' in source_page


def titles_in(page: str) -> list[str]:
    return [plain(t) for t in re.findall(r'<a class="entry-title"[^>]*>(.*?)</a>', page, re.DOTALL)]


def test_every_page_still_reachable(coast: Path):
    reached, broken = crawl(coast)
    assert broken == []
    assert {p for p in coast.rglob("*.html")} - {coast / "404.html"} <= reached


def test_a_big_day_is_grouped_by_source_with_counts_and_jump_links(tmp_path: Path):
    # 25 articles on one day from three outlets (more than DAY_GROUPED: 20), and a small day of three
    files = {}
    for n in range(25):
        source = ("The Harbour Gazette", "Al-Waha Daily", "Le Courrier du Littoral")[n % 3]
        files[f"big/{n:02d}.md"] = article(f"Storm report {n}", f"2018-03-26T{n % 24:02d}:10:00Z", source)
    for n in range(3):
        files[f"small/{n}.md"] = article(f"Calm report {n}", f"2018-03-27T0{n}:00:00Z",
                                         ("The Harbour Gazette", "Al-Waha Daily")[n % 2])
    site = write_site(tmp_path / "site", files, "title: Days\nsearch: false\n")
    build(site, BuildOptions(jobs=1))
    page = text(site / "build/2018/03/26/index.html")
    jumps = re.findall(r'<li><a href="#source-([^"]+)"><bdi>([^<]+)</bdi></a> '
                       r'<span class="count">(\d+)</span>', page)
    # by the sources' names, each with its count
    assert jumps == [("al-waha-daily", "Al-Waha Daily", "8"), ("le-courrier-du-littoral",
                                                               "Le Courrier du Littoral", "8"),
                     ("the-harbour-gazette", "The Harbour Gazette", "9")]
    sections = re.findall(r'<h2 id="source-([^"]+)">.*?</h2>\s*<ol class="entries">(.*?)</ol>', page,
                          re.DOTALL)
    assert [key for key, _items in sections] == [key for key, _name, _n in jumps]
    for key, items in sections:
        assert items.count('<li class="entry">') == {k: int(n) for k, _name, n in jumps}[key]
        # neither the day nor the source is said again on each item: the page and the heading say them
        assert "<time" not in items and "/sources/" not in items
    # newest first within a group, as the day's list is
    gazette = dict(sections)["the-harbour-gazette"]
    assert gazette.index("Storm report 21") < gazette.index("Storm report 3<")
    small = text(site / "build/2018/03/27/index.html")
    assert "day-sources" not in small and small.count('<li class="entry">') == 3


def test_a_month_lists_each_days_newest_headlines_and_links_the_rest(tmp_path: Path):
    files = {f"{n:02d}.md": article(f"Harbour item {n}", f"2018-03-26T{n:02d}:00:00Z", "The Harbour Gazette")
             for n in range(8)}
    files["quiet.md"] = article("A quiet Sunday", "2018-03-25T09:00:00Z", "Al-Waha Daily")
    site = write_site(tmp_path / "site", files, "title: Months\nsearch: false\n")
    build(site, BuildOptions(jobs=1))
    page = text(site / "build/2018/03/index.html")
    days = re.findall(r'<section class="month-day">\s*<h3><a href="([^"]+)">([^<]+)</a> '
                      r'<span class="count">\(([^)]+)\)</span></h3>(.*?)</section>', page, re.DOTALL)
    assert [(href, label, count) for href, label, count, _rest in days] == [
        ("../../2018/03/25/", "March 25, 2018", "1 article"),
        ("../../2018/03/26/", "March 26, 2018", "8 articles")]
    quiet, busy = days[0][3], days[1][3]
    assert re.findall(r'class="entry-title"[^>]*>([^<]+)<', quiet) == ["A quiet Sunday"]
    # the newest five of the day, newest first, then a link to its page for the other three
    assert re.findall(r'class="entry-title"[^>]*>([^<]+)<', busy) == [f"Harbour item {n}"
                                                                      for n in (7, 6, 5, 4, 3)]
    assert '<p class="more"><a href="../../2018/03/26/">and 3 more</a></p>' in busy
    assert "<time" not in busy  # the day is the heading's
