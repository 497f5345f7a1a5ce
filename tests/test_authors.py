"""Author pages: the people the bylines name, each with a page of their articles and a feed, linked from the
bylines; the names as bylines.py reads them ("Name, Role" aware), keyed like tags."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from conftest import article, html_attrs, page_links, resolve, sitemap_text, write_site
from test_incremental import same_as_clean

from newsarchive.build import BuildOptions, build

CONFIG = "title: Bylines\nbase_url: https://example.org/archive/\nper_page: 10\n"
CLAIRE = "authors/claire-le-goff/"
MINA = "authors/mina-al-oraibi/"
FATIMA = "authors/فاطمة-سالم-الظاهري/"


def messy() -> dict[str, str]:
    """Bylines as newsrooms write them: a 'By' and a role, a place, two authors, an Arabic name, none, and
    the same person written with another case and spacing."""
    return {
        "2018/03/2018-03-26-storm.md": article(
            "Storm hits the port", "2018-03-26T08:00:00Z", "Le Courrier", language="fr",
            author='"By Claire Le Goff, envoyée spéciale"'),
        "2018/03/2018-03-27-talks.md": article(
            "Talks resume", "2018-03-27T08:00:00Z", "The Wire",
            authors='["Mina Al-Oraibi, London", "Claire Le Goff"]'),
        "2018/03/2018-03-28-markets.md": article(
            "Markets calm", "2018-03-28T08:00:00Z", "The Wire", author="Mina Al-Oraibi"),
        "2018/03/2018-03-29-souq.md": article(
            "سوق السمك", "2018-03-29T08:00:00Z", "Al-Waha", language="ar",
            author='"بقلم: فاطمة سالم الظاهري"'),
        "2018/03/2018-03-30-notice.md": article("A notice", "2018-03-30T08:00:00Z", "The Wire"),
        "2018/03/2018-03-31-harbour.md": article(
            "Harbour reopens", "2018-03-31T08:00:00Z", "Le Courrier", author='"claire   LE GOFF"'),
    }


def built(tmp_path: Path, files: dict[str, str], config: str = CONFIG, name: str = "site") -> Path:
    site = write_site(tmp_path / name, files, config)
    build(site, BuildOptions(jobs=1))
    return site / "build"


def listed(html: str) -> list[str]:
    """The titles a list page shows, in order."""
    return re.findall(r'class="entry-title" href="[^"]*"[^>]*>([^<]*)</a>', html)


def rows(html: str) -> dict[str, int]:
    """The authors index: each author's name and article count."""
    return {name: int(count) for name, count in
            re.findall(r'<tr><td><a href="[^"]*"><bdi>([^<]*)</bdi></a></td><td>(\d+)</td>', html)}


def test_the_authors_index_lists_each_person_once_with_their_count(tmp_path: Path):
    out = built(tmp_path, messy())
    index = (out / "authors/index.html").read_text()
    # roles, places and "By" are not part of the name; case and spacing do not make another author; the
    # article without a byline is on no author page (no "Unattributed" author)
    assert rows(index) == {"Claire Le Goff": 3, "Mina Al-Oraibi": 2, "فاطمة سالم الظاهري": 1}
    assert sorted(p.name for p in (out / "authors").iterdir() if p.is_dir()) == sorted(
        ["claire-le-goff", "mina-al-oraibi", "فاطمة-سالم-الظاهري"])


def test_an_author_page_lists_exactly_their_articles_newest_first_with_a_feed(tmp_path: Path):
    out = built(tmp_path, messy())
    claire = (out / CLAIRE / "index.html").read_text()
    assert listed(claire) == ["Harbour reopens", "Talks resume", "Storm hits the port"]
    assert "<h1>Claire Le Goff</h1>" in claire  # the spelling used most
    assert listed((out / MINA / "index.html").read_text()) == ["Markets calm", "Talks resume"]
    assert listed((out / FATIMA / "index.html").read_text()) == ["سوق السمك"]
    # its feed: the latest articles in full, no archive documents (the taxonomies' feed policy)
    assert '<link rel="alternate" type="application/atom+xml" title="Claire Le Goff · Bylines" ' \
           'href="../../authors/claire-le-goff/feed.xml">' in claire
    feed = (out / CLAIRE / "feed.xml").read_text()
    assert re.findall(r"<entry [^>]*>\s*<title>([^<]*)</title>", feed) == [
        "Harbour reopens", "Talks resume", "Storm hits the port"]
    assert "<title>Claire Le Goff · Bylines</title>" in feed
    assert not (out / CLAIRE / "feed").exists()
    # in the sitemap, as the other term pages
    sitemap = sitemap_text(out)
    for url in ("authors/", CLAIRE, MINA):
        assert f"<loc>https://example.org/archive/{url}</loc>" in sitemap


def test_author_pages_are_numbered_from_the_oldest_like_other_lists(tmp_path: Path):
    out = built(tmp_path, messy(), CONFIG.replace("per_page: 10", "per_page: 2"))
    assert listed((out / CLAIRE / "index.html").read_text()) == ["Harbour reopens", "Talks resume"]
    assert listed((out / CLAIRE / "page/1/index.html").read_text()) == ["Talks resume", "Storm hits the port"]
    assert listed((out / CLAIRE / "page/2/index.html").read_text()) == ["Harbour reopens"]


def test_the_byline_links_the_author_page_with_a_relative_link(tmp_path: Path):
    out = built(tmp_path, messy())
    page = out / "2018/03/27/talks-resume/index.html"
    html = page.read_text()
    authors = [(href, a) for tag, href, a in page_links(html) if a.get("class") == "author"]
    # each byline as written, linking its person's page
    assert re.search(r'<span class="authors">.*</span>', html).group(0).count("<a ") == 2
    assert [href for href, _ in authors] == ["../../../../" + MINA, "../../../../" + CLAIRE]
    assert ">Mina Al-Oraibi, London</a>" in html and ">Claire Le Goff</a>" in html
    for href, _ in authors:
        assert resolve(out, page, href).is_file()
        # relative: the same link works wherever the site is served
        assert urljoin("https://host/some/prefix/2018/03/27/talks-resume/", href).startswith(
            "https://host/some/prefix/authors/")
    assert 'href="../../../../authors/claire-le-goff/">By Claire Le Goff, envoyée spéciale</a>' in (
        out / "2018/03/26/storm-hits-the-port/index.html").read_text()
    # no byline, no author link
    notice = (out / "2018/03/30/a-notice/index.html").read_text()
    assert 'class="authors"' not in notice and "authors/claire" not in notice


def test_the_menu_links_authors_only_when_the_site_has_some(tmp_path: Path):
    out = built(tmp_path, messy())
    for rel in ("index.html", "2018/03/30/a-notice/index.html", "tags/index.html", "404.html"):
        html = (out / rel).read_text()
        nav = re.search(r'<nav aria-label="Main navigation">.*?</nav>', html, re.DOTALL).group(0)
        menu = ["Home", "Dates", "Sources", "Languages", "Tags", "Authors"]
        assert re.findall(r">([^<]+)</a>", nav) == menu, rel
    none = built(tmp_path, {"2018/03/2018-03-30-notice.md": article("A notice", "2018-03-30")},
                 name="no-bylines")
    assert not (none / "authors").exists()
    assert "authors/" not in (none / "index.html").read_text()


def test_author_pages_in_an_arabic_site_are_right_to_left(tmp_path: Path):
    out = built(tmp_path, messy(), CONFIG + "language: ar\n")
    for rel in (FATIMA, CLAIRE, "authors/"):
        html = (out / rel / "index.html").read_text()
        assert html_attrs(html) == {"lang": "ar", "dir": "rtl"}, rel
    assert "<h1>الكتّاب</h1>" in (out / "authors/index.html").read_text()
    assert '>الكتّاب</a></li>' in (out / "index.html").read_text()  # the menu, in Arabic


def test_an_author_name_with_html_stays_text_everywhere(tmp_path: Path):
    files = messy()
    files["2018/04/2018-04-01-x.md"] = article("Hostile", "2018-04-01T08:00:00Z", "The Wire",
                                               author='"<script>alert(1)</script> <b>Bold</b>"')
    out = built(tmp_path, files)
    [folder] = [p for p in (out / "authors").iterdir() if "script" in p.name]
    assert folder.name == "script-alert-1-script-b-bold-b"
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;Bold&lt;/b&gt;"
    for path in (folder / "index.html", folder / "feed.xml", out / "authors/index.html",
                 out / "2018/04/01/hostile/index.html"):
        text = path.read_text()
        assert escaped in text, path
    for path in out.rglob("*"):
        if path.suffix in (".html", ".xml"):
            assert "<script>alert" not in path.read_text(), path


def test_rebuilds_with_authors_equal_a_clean_build(tmp_path: Path):
    site = write_site(tmp_path / "site", {"2018/03/2018-03-30-notice.md": article("A notice", "2018-03-30")},
                      CONFIG)
    build(site, BuildOptions(jobs=1))
    assert not (site / "build/authors").exists()
    steps = [  # the first bylines (the menu appears on every page), then an article by an existing author
        lambda: write_site(site, messy()),
        lambda: write_site(site, {"2018/04/2018-04-02-more.md": article(
            "More talks", "2018-04-02T08:00:00Z", "The Wire", author='"Mina Al-Oraibi, Beirut"')}),
        lambda: (site / "content/2018/03/2018-03-26-storm.md").write_text(
            messy()["2018/03/2018-03-26-storm.md"] + "Another paragraph.\n"),
        # the spelling used most changes: the author's name changes on their pages
        lambda: write_site(site, {"2018/04/2018-04-03-more.md": article(
            "Yet more", "2018-04-03T08:00:00Z", "The Wire", author="claire LE GOFF"),
            "2018/04/2018-04-04-more.md": article(
            "Still more", "2018-04-04T08:00:00Z", "The Wire", author="claire LE GOFF")}),
    ]
    for number, step in enumerate(steps):
        step()
        assert build(site, BuildOptions(jobs=1)).mode in ("swap", "journal", "added", "edited")
        assert same_as_clean(site, site / "build", tmp_path / f"clean-{number}"), number
    assert listed((site / "build" / MINA / "index.html").read_text()) == [
        "More talks", "Markets calm", "Talks resume"]
    assert "<h1>claire LE GOFF</h1>" in (site / "build" / CLAIRE / "index.html").read_text()
    assert 'href="../../../../authors/claire-le-goff/">By Claire Le Goff, envoyée spéciale</a>' in (
        site / "build/2018/03/26/storm-hits-the-port/index.html").read_text()


def test_a_text_only_rebuild_keeps_the_byline_links(tmp_path: Path):
    """The short path renders an edited article's page from where the last build placed it: its authors
    too. 55 articles by the same two: the oldest is in no feed, so editing its text takes that path."""
    files = {f"2018/01/2018-01-01-a{i:03d}.md": article(
        f"Item {i}", f"2018-01-01T{i // 60:02d}:{i % 60:02d}:00Z", "One Source",
        authors='["Mina Al-Oraibi, London", "By Claire Le Goff, envoyée spéciale"]') for i in range(55)}
    site = write_site(tmp_path / "site", files, CONFIG)
    build(site, BuildOptions(jobs=1))
    path = site / "content/2018/01/2018-01-01-a000.md"
    path.write_text(path.read_text() + "\nA new paragraph.\n")  # (the first one is the lists')
    assert build(site, BuildOptions(jobs=1)).mode in ("text", "edited")  # (a short path: edits first)
    html = (site / "build/2018/01/01/item-0/index.html").read_text()
    assert "A new paragraph." in html
    links = ('<bdi><a class="author" href="../../../../authors/mina-al-oraibi/">Mina Al-Oraibi, London</a>'
             '</bdi>, <bdi><a class="author" href="../../../../authors/claire-le-goff/">'
             'By Claire Le Goff, envoyée spéciale</a></bdi>')
    assert links in html
    assert same_as_clean(site, site / "build", tmp_path / "clean")


def test_every_kind_of_index_has_its_templates_routes_and_translated_label():
    from newsarchive import i18n, routes
    from newsarchive.pages.render import theme_dir
    from newsarchive.taxonomies import TAXONOMIES

    languages = set(i18n._WORDS["Home"])  # the languages the theme's words are translated into
    assert languages >= {"fr", "ar", "es"}
    assert [t.kind for t in TAXONOMIES] == ["source", "language", "tag", "author"]
    for row in TAXONOMIES:
        assert (theme_dir() / row.index_template).is_file() and (theme_dir() / row.term_template).is_file()
        assert set(i18n._WORDS[row.label]) == languages, row.label
        assert row.index_url() == f"{row.plural}/" and row.term_url("x") == f"{row.plural}/x/"
    assert set(i18n._WORDS["Author"]) == languages
    assert routes.author("فاطمة") == "authors/%D9%81%D8%A7%D8%B7%D9%85%D8%A9/"
