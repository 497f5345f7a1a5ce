"""Import invents no date: a saved page's date comes only from its own metadata (never from a copyright
line, a class name or trafilatura's guess), an undated record is reported with how to give its date
(``--date``, a sidecar ``PAGE.yaml``), and dates written in the feed's language are read."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from babel.dates import get_day_names, get_month_names
from conftest import REPO, run_cli, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.content.frontmatter import split
from newsarchive.dates import parse_localized

FIXTURES = REPO / "tests/fixtures/import"
UNDATED = ("no date in the page's own metadata (JSON-LD datePublished, article:published_time, the article's "
           "<time>, a dateline); give it with --date YYYY-MM-DD, or write 'date: YYYY-MM-DD' in {sidecar} "
           "beside the page")


def _front(site: Path, rel: str) -> dict:
    return split((site / "content" / rel).read_text(encoding="utf-8")).data


@pytest.mark.parametrize(("page", "written", "date"), [
    # JSON-LD @graph: the NewsArticle's datePublished, not the WebPage's, nor 2026 in class names or scripts
    ("harbour-graph.html", "2019/06/2019-06-11-night-ferry-returns-to-kestrel-bay-after-two-years.md",
     "2019-06-11T08:15:00+01:00"),
    # article:published_time (the later article:modified_time is not the publication)
    ("waha-arabic.html", "2018/03/2018-03-22-ftth-swq-lsmk-ljdyd-fy-lmyn.md", "2018-03-22T09:15:00+04:00"),
    # only dateModified: used, as there is no publication date
    ("mise-a-jour.html", "2018/03/2018-03-27-les-horaires-de-la-navette-de-l-ile-changent-au-printemps.md",
     "2018-03-27T08:00:00+02:00"),
    # JSON-LD in //<![CDATA[ ... //]]> (an XHTML-serialized page), the article as the WebPage's mainEntity:
    # its datePublished, not article:modified_time, og:updated_time or the page's dateModified
    ("ferry-timetable-cdata.html", "2017/10/2017-10-04-winter-ferry-timetable-cuts-the-last-crossing.md",
     "2017-10-04T06:30:00+01:00"),
    # <![CDATA[ ... ]]>, @graph, "schema:NewsArticle" in a list of types: its datePublished wins over
    # article:published_time (a day later) and the WebPage's own date
    ("lighthouse-graph-cdata.html", "2016/02/2016-02-12-le-phare-de-la-pointe-rouvre-aux-visiteurs.md",
     "2016-02-12T17:45:00+01:00"),
    # only a dateline in Portuguese ("© 2003-2026" and the class year-2026 are not dates of the article)
    ("lisboa-dateline.html", "2018/09/2018-09-24-camara-aprova-obras-no-cais-do-sodre-antes-do-inverno.md",
     "2018-09-24"),
])
def test_a_saved_page_is_dated_by_its_own_metadata(tmp_path: Path, page: str, written: str, date: str):
    site = write_site(tmp_path / "site", {})
    done = run_cli("import", f"pages/{page}", "--site", str(site), cwd=FIXTURES)
    assert done.returncode == 0, done.stderr
    assert _front(site, written)["date"] == date


def test_an_undated_page_is_reported_never_guessed(tmp_path: Path):
    from trafilatura.metadata import extract_metadata

    html = (FIXTURES / "pages/no-date.html").read_text(encoding="utf-8")
    assert extract_metadata(html).date is not None  # what a guess would have given (2026-01-01)
    site = write_site(tmp_path / "site", {})
    done = run_cli("import", "pages/no-date.html", "--site", str(site), cwd=FIXTURES)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["pages/no-date.html: " + UNDATED.format(sidecar="pages/no-date.yaml")]
    assert "Imported 0 articles" in done.stdout
    assert not list((site / "content").rglob("*.md"))


def test_an_undated_page_imported_with_date(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    done = run_cli("import", "pages/no-date.html", "--site", str(site), "--date", "2018-05-02", cwd=FIXTURES)
    assert done.returncode == 0, done.stderr
    data = _front(site, "2018/05/2018-05-02-volunteers-repaint-the-old-lighthouse.md")
    assert data["date"] == "2018-05-02"
    # --date is for records without one: the dated pages keep theirs
    done = run_cli("import", "pages", "--site", str(site), "--date", "2018-05-02", cwd=FIXTURES)
    assert done.returncode == 0, done.stderr
    front = _front(site, "2018/03/2018-03-22-ftth-swq-lsmk-ljdyd-fy-lmyn.md")
    assert front["date"] == "2018-03-22T09:15:00+04:00"
    bad = run_cli("import", "pages", "--site", str(site), "--date", "last tuesday", cwd=FIXTURES)
    assert bad.returncode == 2 and "--date 'last tuesday'" in bad.stderr and "YYYY-MM-DD" in bad.stderr


def test_an_undated_page_imported_with_a_sidecar(tmp_path: Path):
    saved = tmp_path / "saved"
    saved.mkdir()
    shutil.copy(FIXTURES / "pages/no-date.html", saved / "no-date.html")
    (saved / "no-date.yaml").write_text("date: 2018-05-03\ntitle: The old lighthouse gets a new coat\n"
                                        "author: Morwenna Hale\nsource: Kestrel Bay Notes\n",
                                        encoding="utf-8")
    site = write_site(tmp_path / "site", {})
    done = run_cli("import", "saved", "--site", str(site), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = _front(site, "2018/05/2018-05-03-the-old-lighthouse-gets-a-new-coat.md")
    assert (data["date"], data["title"], data["author"]) == (
        "2018-05-03", "The old lighthouse gets a new coat", "Morwenna Hale")
    assert data["imported_from"]["file"] == "saved/no-date.html"
    (saved / "no-date.yaml").write_text("date: [2018\n", encoding="utf-8")
    broken = run_cli("import", "saved", "--site", str(write_site(tmp_path / "other", {})), cwd=tmp_path)
    assert broken.returncode == 1 and broken.stderr.startswith("saved/no-date.yaml:")


@pytest.mark.parametrize(("feed", "written", "date"), [
    ("feeds/ribeira-base.atom", "2018/09/2018-09-24-mare-alta-invade-a-marginal.txt",
     "2018-09-24T19:42:40-03:00"),
    ("feeds/courrier-sans-langue.rss", "2018/03/2018-03-27-la-navette-de-l-ile-passe-a-l-heure-d-ete.md",
     "2018-03-27T08:00:00+02:00"),
    ("feeds/courrier-sans-langue.rss", "2018/10/2018-10-20-el-puerto-de-valdelosa-amplia-su-muelle.md",
     "2018-10-20T07:10:00+02:00"),
    ("feeds/courrier-sans-langue.rss", "2018/05/2018-05-02-hafen-mowenbucht-bekommt-neue-krane.md",
     "2018-05-02T11:30:00+02:00"),
])
def test_feed_dates_in_the_feeds_language(tmp_path: Path, feed: str, written: str, date: str):
    site = write_site(tmp_path / "site", {})
    done = run_cli("import", feed, "--site", str(site), cwd=FIXTURES)
    assert done.returncode == 0, done.stderr
    assert _front(site, written)["date"] == date


def test_localized_dates_that_are_not_dates():
    assert parse_localized("The storm of 27 March 2018 hit the quay", "en") is None  # a sentence
    assert parse_localized("27 brumaire 2018", "fr") is None
    assert parse_localized("mar., 31 févr. 2018", "fr") is None
    assert parse_localized("Seg, 24 Set 2018 19:42:40 -0300") == datetime(
        2018, 9, 24, 19, 42, 40, tzinfo=timezone(timedelta(hours=-3)))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["fr", "pt", "es", "de", "it", "ar"]),
       st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31)),
       st.integers(min_value=-12 * 4, max_value=14 * 4),
       st.sampled_from(["abbreviated", "wide"]))
def test_rfc822_dates_with_babels_names_read_back(language: str, moment: datetime, quarters: int, width: str):
    moment = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=15 * quarters)))
    month = get_month_names(width, locale=language)[moment.month]
    weekday = get_day_names(width, locale=language)[moment.weekday()]
    offset = moment.strftime("%z")
    text = f"{weekday}, {moment.day:02d} {month} {moment.year} {moment:%H:%M:%S} {offset}"
    assert parse_localized(text, language) == moment


@pytest.mark.parametrize(("start", "language", "day"), [
    ("PARIS, 27 mars 2018 — Le conseil a voté.", "fr", "2018-03-27"),
    ("**LISBOA**, 24 de setembro de 2018 – A câmara aprovou.", "pt", "2018-09-24"),
    ("KESTREL BAY, March 27, 2018 - The council met.", "en", "2018-03-27"),
    ("The council met, as it does every week - on 27 March 2018.", "en", None),  # not a dateline
    ("PARIS, le conseil — a voté.", "fr", None),
])
def test_datelines(start: str, language: str, day: str | None):
    import lxml.html

    from newsarchive.importer.pagedate import page_date

    found = page_date(lxml.html.document_fromstring("<html><body><p>x</p></body></html>"), start, language)
    assert (found[0] if found else None) == day


@pytest.mark.parametrize(("head", "body", "date"), [
    ('<meta itemprop="datePublished" content="2018-03-26">', "", "2018-03-26"),
    ("", '<article><p>x</p><time itemprop="datePublished">24 de setembro de 2018</time></article>',
     "2018-09-24"),
    ("", ('<time datetime="2026-01-01">footer</time><article><time datetime="2018-05-02T10:00:00Z">2 May'
         "</time></article>"), "2018-05-02T10:00:00Z"),
    (('<meta name="parsely-pub-date" content="2018-04-02T09:30:00Z">'
     '<meta property="article:modified_time" content="2019-01-01">'), "", "2018-04-02T09:30:00Z"),
    ('<meta name="DC.date.issued" content="2018-04-03">', "", "2018-04-03"),
    ('<script type="application/ld+json">{"@type": "WebPage", "datePublished": "2026-01-01"}</script>', "",
     None),
    (('<script type="application/ld+json">/*<![CDATA[*/{"@type": "NewsArticle", '
      '"datePublished": "2018-03-26"}/*]]>*/</script>'), "", "2018-03-26"),
    (('<script type="application/ld+json"><!-- {"@type": "https://schema.org/BlogPosting", '
      '"datePublished": "2018-03-27"} --></script>'), "", "2018-03-27"),
    (('<script type="application/ld+json; charset=utf-8">{"@type": "NewsArticle", "headline": "a ]]> b",'
      '"datePublished": "2018-03-28"}</script>'), "", "2018-03-28"),
    # hostile: nesting deeper than any page's, and a script that is not JSON, are no date (never a crash)
    ('<script type="application/ld+json">' + '{"mainEntity": ' * 50 + ('{"@type": "NewsArticle", '
     '"datePublished": "2018-03-29"}') + "}" * 50 + "</script>", "", None),
    ('<script type="application/ld+json"><![CDATA[ {"@type": "NewsArticle", </script>', "", None),
    ('<meta name="copyright" content="© 1998–2026">',
     '<div class="date-2026 MathJax_Preview 2026-01-01">x</div>', None),
])
def test_page_metadata(head: str, body: str, date: str | None):
    import lxml.html

    from newsarchive.importer.pagedate import page_date

    tree = lxml.html.document_fromstring(f"<html lang='pt'><head>{head}</head><body>{body}</body></html>")
    found = page_date(tree, "Text of the article.", "pt")
    assert (found[0] if found else None) == date
