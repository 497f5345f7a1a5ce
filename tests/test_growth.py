"""An archive that only grows: list pages numbered from the oldest article and feed archive documents
(RFC 5005) never change once full, so adding an article changes the newest end of its lists only."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest
from conftest import article, crawl, sitemap_text, snapshot, write_site

from newsarchive.build import BuildOptions, build

BASE = "https://archive.example/"
PER_PAGE = 3
FIRST_DAY = date(2018, 1, 1)


def corpus(n: int) -> dict[str, str]:
    """One article a day: two sources (alternating), two languages (two by two), three tags."""
    files = {}
    for i in range(n):
        day = FIRST_DAY + timedelta(days=i)
        files[f"{day.year}/{day:%Y-%m-%d}-item-{i}.md"] = article(
            f"Item {i}", f"{day.isoformat()}T10:00:00+00:00", ["Harbour Gazette", "Le Courrier"][i % 2],
            language=["en", "fr"][i // 2 % 2], tags=f"[t{i % 3}]", summary=f"Summary {i}.",
            body=f"Body of item {i}.")
    return files


def make_site(root: Path, n: int) -> Path:
    return write_site(root, corpus(n), f"title: Growing archive\nbase_url: {BASE}\nper_page: {PER_PAGE}\n")


def contents(out: Path) -> dict[str, bytes]:
    return {rel: data for rel, (data, _mtime) in snapshot(out).items()}


def changed_files(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


def full_pages(files: dict[str, bytes]) -> set[str]:
    """The numbered list pages holding a whole page of articles, and the archive documents marked full."""
    pages = {rel for rel, data in files.items() if re.search(r"(^|/)page/\d+/index\.html$", rel)
             and data.count(b'class="entry-title"') == PER_PAGE}
    archives = {rel for rel, data in files.items() if re.search(r"(^|/)feed/\d+\.xml$", rel)
                and b"<fh:archive/>" in data}
    return pages | archives


def list_end(list_url: str, before: int, after: int) -> set[str]:
    """What adding articles at the newest end of a list (``before`` -> ``after`` articles) may change: its
    address, its open page (which may fill) and the page after it (made when it fills)."""
    out = {f"{list_url}index.html"}
    if after >= PER_PAGE:
        numbers = range(before // PER_PAGE + 1, after // PER_PAGE + 2)
        out |= {f"{list_url}page/{k}/index.html" for k in numbers}
    return out


def archive_end(list_url: str, before: int, after: int) -> set[str]:
    """The same for a feed: the subscription document, the open archive document (and the next one)."""
    out = {f"{list_url}feed.xml"}
    if after >= 50:
        out |= {f"{list_url}feed/{k}.xml" for k in range(before // 50 + 1, after // 50 + 2)}
    return out


def parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def link(feed, rel: str) -> str | None:
    found = [item.href for item in feed.feed.get("links", []) if item.rel == rel]
    assert len(found) <= 1
    return found[0] if found else None


def local(out: Path, href: str) -> Path:
    assert href.startswith(BASE), href
    return out / unquote(href[len(BASE):])


@pytest.fixture
def grown(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    site = make_site(tmp_path / "site", 124)
    build(site, BuildOptions(jobs=2, search=False))
    return site, contents(site / "build")


def test_a_newer_article_changes_only_the_newest_end(grown, tmp_path: Path):
    site, before = grown
    # 124 articles: 62 a source and a language, 42 in tag t0; the new one goes to all four lists
    (site / "content/2018/2018-06-01-late.md").write_text(article(
        "Late news", "2018-06-01T08:00:00+00:00", "Harbour Gazette", language="en", tags="[t0]",
        summary="Late."))
    result = build(site, BuildOptions(jobs=2, search=False))
    after = contents(site / "build")
    build(site, BuildOptions(output=tmp_path / "clean", clean=True, jobs=1, search=False))
    assert after == contents(tmp_path / "clean")  # the rebuild gives what a clean build gives

    kept = full_pages(before)
    assert len(kept) > 60
    assert {rel for rel in kept if after.get(rel) != before[rel]} == set()  # full pages: the same bytes

    # the newest article before was item-123 (2018-05-04, Le Courrier); item-122 the newest of Harbour Gazette
    expected = (
        {"2018/06/01/late-news/index.html", "2018/06/01/index.html", "2018/06/index.html", "2018/index.html",
         "2018/05/04/index.html",  # the day before links the new day
         "2018/05/index.html",  # and the month before the new month
         "2018/05/03/item-122/index.html",  # the source's previous newest links the new one as next
         # the source's year (62 articles: a page per month), its new month, and the month before it
         "sources/harbour-gazette/2018/index.html", "sources/harbour-gazette/2018/06/index.html",
         "sources/harbour-gazette/2018/05/index.html",
         "sources/index.html", "languages/index.html", "tags/index.html", "api/articles.json",
         # the sitemap's part of its year, and of the other pages (Harbour Gazette's page 21 is full now):
         # not its index, nor another year's part
         "sitemap-2018.xml", "sitemap-pages.xml",
         # its year's data files and the data page's counts (not the data package's descriptor); the
         # fixity manifests of the output and of content/ (its citations are links in its page)
         "data/articles-2018.csv", "data/articles-2018.jsonl", "data/index.html",
         "manifest-sha256.txt", "content-sha256.txt"}
        | list_end("", 124, 125) | list_end("sources/harbour-gazette/", 62, 63)
        | list_end("languages/en/", 62, 63) | list_end("tags/t0/", 42, 43)
        | archive_end("", 124, 125) | archive_end("sources/harbour-gazette/", 62, 63)
        | {"languages/en/feed.xml", "tags/t0/feed.xml"})  # language and tag feeds: not archived
    changed = changed_files(before, after)
    assert changed == expected
    assert result.mode == "added" and result.written == len(changed)
    # Harbour Gazette's open page filled: page 21 is full now, and page 22 is the open one, empty
    page21 = after["sources/harbour-gazette/page/21/index.html"].decode()
    assert "noindex" not in page21 and page21.count('class="entry-title"') == PER_PAGE
    page22 = after["sources/harbour-gazette/page/22/index.html"].decode()
    assert '<meta name="robots" content="noindex">' in page22 and "No newer articles yet." in page22


def test_a_back_dated_article_shifts_the_pages_from_where_it_lands(grown):
    site, before = grown
    # dated between item 29 and item 30: the 31st article counted from the oldest, on the home's page 11
    (site / "content/2018/2018-01-30-back.md").write_text(article(
        "Back-dated", "2018-01-30T12:00:00+00:00", "Le Courrier", language="fr", tags="[t1]"))
    build(site, BuildOptions(jobs=2, search=False))
    after = contents(site / "build")
    for k in range(1, 42):
        page = f"page/{k}/index.html"
        assert (after[page] == before[page]) == (k < 11), k  # pages 11 and newer shift by one article
    # the whole archive's first archive document (articles 1-50) takes it in and so shifts too
    assert after["feed/1.xml"] != before["feed/1.xml"]


def test_walking_the_archives_reaches_every_article(grown):
    site, _files = grown
    out = site / "build"
    for list_url, count in (("", 124), ("sources/le-courrier/", 62)):
        subscription = parse(out / f"{list_url}feed.xml")
        assert len(subscription.entries) == 50
        # walking prev-archive from the subscription feed (RFC 5005, 4.2)
        seen, documents = [], []
        href = link(subscription, "prev-archive")
        while href:
            path = local(out, href)
            raw = path.read_bytes()
            assert b"<fh:archive/>" in raw and b'xmlns:fh="http://purl.org/syndication/history/1.0"' in raw
            document = parse(path)
            assert len(document.entries) == 50 and link(document, "current") == BASE + f"{list_url}feed.xml"
            assert all("content" not in e and e.summary.startswith("Summary") for e in document.entries)
            documents.append(path.name)
            seen += [e.id for e in document.entries]
            href = link(document, "prev-archive")
        assert documents == [f"{n}.xml" for n in range(count // 50, 0, -1)]
        assert len(seen) == len(set(seen))  # each archived article once
        newest_archive = {e.id for e in parse(out / f"{list_url}feed/{count // 50}.xml").entries}
        latest = {e.id for e in subscription.entries}
        assert latest & set(seen) <= newest_archive  # the subscription overlaps the newest archive only
        assert len(set(seen) | latest) == count  # every article, merged by id
        # walking next-archive from the first: each article exactly once, up to the open document
        walked, href = [], BASE + f"{list_url}feed/1.xml"
        while href:
            document = parse(local(out, href))
            walked += [e.id for e in document.entries]
            href = link(document, "next-archive")
        assert len(walked) == count and len(set(walked)) == count
        assert b"<fh:archive/>" not in (out / f"{list_url}feed/{count // 50 + 1}.xml").read_bytes()
    # a language's and a tag's feed: the latest 50, not archived
    assert link(parse(out / "languages/en/feed.xml"), "prev-archive") is None
    assert not (out / "tags/t0/feed").exists()


def test_an_archive_document_fills_and_the_next_one_opens(tmp_path: Path):
    site = make_site(tmp_path / "site", 99)
    build(site, BuildOptions(jobs=2, search=False))
    before = contents(site / "build")
    assert b"<fh:archive/>" not in before["feed/2.xml"] and "feed/3.xml" not in before
    assert link(parse(site / "build/feed.xml"), "prev-archive") == BASE + "feed/1.xml"
    (site / "content/2018/2018-12-01-hundredth.md").write_text(
        article("Hundredth", "2018-12-01", "Le Courrier"))
    build(site, BuildOptions(jobs=2, search=False))
    after = contents(site / "build")
    assert after["feed/1.xml"] == before["feed/1.xml"]
    second = parse(site / "build/feed/2.xml")
    assert b"<fh:archive/>" in after["feed/2.xml"] and len(second.entries) == 50
    assert link(second, "next-archive") == BASE + "feed/3.xml"
    third = parse(site / "build/feed/3.xml")
    assert third.entries == [] and link(third, "prev-archive") == BASE + "feed/2.xml"
    assert link(third, "next-archive") is None
    # the empty open document dates from when the one before it filled, not from 1970
    assert third.feed.updated == max(e.updated for e in second.entries) == "2018-12-01T00:00:00+00:00"
    assert link(parse(site / "build/feed.xml"), "prev-archive") == BASE + "feed/2.xml"


def test_every_pager_and_feed_link_resolves(grown):
    site, files = grown
    out = site / "build"
    reached, broken = crawl(out)
    assert broken == []
    pages = {p for p in out.rglob("*.html")} - {out / "404.html"}
    assert pages - reached == set()
    for rel in files:
        if rel.endswith(".xml") and "feed" in rel:
            for href in re.findall(r'<link rel="[^"]+" type="[^"]+" href="([^"]+)"/>', files[rel].decode()):
                assert local(out, href).exists() or local(out, href + "index.html").exists(), (rel, href)
    # the open pages are noindex and left out of the sitemap; full pages are in it
    sitemap = sitemap_text(out)
    assert f"<loc>{BASE}page/1/</loc>" in sitemap and f"<loc>{BASE}page/42/</loc>" not in sitemap
    assert b'<meta name="robots" content="noindex">' in files["page/42/index.html"]


def test_a_newer_article_of_the_same_day_leaves_the_days_other_pages_alone(grown, tmp_path: Path):
    """An article page lists the articles of its day published before it, never the later ones: adding
    today's second article (of another source) does not rewrite today's first article's page."""
    site, _before = grown
    (site / "content/2018/2018-06-01-late.md").write_text(article(
        "Late news", "2018-06-01T08:00:00+00:00", "Harbour Gazette", language="en", tags="[t0]"))
    build(site, BuildOptions(jobs=1, search=False))
    first = site / "build/2018/06/01/late-news/index.html"
    before = first.read_bytes()
    (site / "content/2018/2018-06-01-later.md").write_text(article(
        "Later news", "2018-06-01T17:30:00+00:00", "Le Courrier", language="fr", tags="[t1]"))
    build(site, BuildOptions(jobs=1, search=False))
    assert first.read_bytes() == before
    later = (site / "build/2018/06/01/later-news/index.html").read_text()
    assert "Earlier the same day" in later and "Late news" in later
    build(site, BuildOptions(output=tmp_path / "clean", clean=True, jobs=1, search=False))
    assert contents(site / "build") == contents(tmp_path / "clean")
