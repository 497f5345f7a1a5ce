"""Atom feeds: the whole archive, each source, language and tag; parsed as a feed reader would."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from conftest import article, page_links, write_site

from newsarchive.build import BuildOptions, build


def corpus(n: int) -> dict[str, str]:
    return {f"2018/2018-03-{1 + i % 28:02d}-item-{i}.md": article(
        f"Item {i}", f"2018-03-{1 + i % 28:02d}T{i % 24:02d}:00:00+01:00",
        ["Harbour Gazette", "Le Courrier"][i % 2], language=["en", "fr"][i % 2],
        tags="[port]" if i % 3 == 0 else "[storm]", body=f"Full *text* of item {i}.",
        url=f"https://original.example/{i}") for i in range(n)}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    site = write_site(tmp_path / "site", corpus(60))
    build(site, BuildOptions())
    return site


def parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def test_every_feed_is_valid_atom(built: Path):
    feeds = sorted((built / "build").rglob("feed.xml"))
    names = {p.relative_to(built / "build").as_posix() for p in feeds}
    assert {"feed.xml", "sources/harbour-gazette/feed.xml", "languages/fr/feed.xml",
            "tags/port/feed.xml"} <= names
    for path in feeds:
        feed = parse(path)
        assert feed.version == "atom10" and feed.feed.updated and feed.entries


def test_home_feed_has_the_latest_fifty_in_full_newest_first(built: Path):
    feed = parse(built / "build/feed.xml")
    assert len(feed.entries) == 50
    published = [e.published_parsed for e in feed.entries]
    assert published == sorted(published, reverse=True)
    first = feed.entries[0]
    assert "<em>text</em>" in first.content[0].value  # the whole body, as HTML
    assert feed.feed.updated == first.updated


def test_term_feeds_carry_only_their_articles(built: Path):
    feed = parse(built / "build/sources/le-courrier/feed.xml")
    assert len(feed.entries) == 30
    assert all(int(e.title.split()[1]) % 2 == 1 for e in feed.entries)
    assert {e.title_detail.language for e in parse(built / "build/languages/fr/feed.xml").entries} == {"fr"}


def test_feed_ids_do_not_change_when_the_site_moves(built: Path, tmp_path: Path):
    before = parse(built / "build/feed.xml")
    (built / "newsarchive.yaml").write_text("base_url: https://archive.example.org/news/\n")
    build(built, BuildOptions(output=tmp_path / "moved"))
    after = parse(tmp_path / "moved/feed.xml")
    assert [e.id for e in before.entries] == [e.id for e in after.entries]
    assert before.feed.id == after.feed.id
    assert after.entries[0].link.startswith("https://archive.example.org/news/2018/03/")


def test_pages_link_to_their_feeds(built: Path):
    def alternates(page: Path) -> set[str]:
        return {href for tag, href, attrs in page_links(page.read_text()) if tag == "link"
                and attrs.get("rel") == "alternate" and attrs.get("type") == "application/atom+xml"}

    assert alternates(built / "build/index.html") == {"./feed.xml"}
    assert "../../sources/le-courrier/feed.xml" in alternates(built / "build/sources/le-courrier/index.html")


def test_hostile_values_are_escaped_in_feeds(tmp_path: Path):
    site = write_site(tmp_path / "s", {"a.md": article('"<script>alert(1)</script>"', "2018-03-01",
                                                       '"<b onmouseover=x>Evil</b>"',
                                                       tags='["<img src=x onerror=y>"]',
                                                       body="<script>alert(2)</script>Text")})
    build(site, BuildOptions())
    for path in (site / "build").rglob("feed.xml"):
        raw = path.read_text()
        assert "<script" not in raw and "<img" not in raw and "<b " not in raw
        feed = parse(path)
        assert feed.entries[0].title == "<script>alert(1)</script>"
        assert "alert(2)" not in feed.entries[0].content[0].value
