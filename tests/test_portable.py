"""--portable: every internal link names a file, so the archive works opened straight from disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, article, crawl, run_cli, write_site

from newsarchive import routes
from newsarchive.build import BuildOptions, build


@pytest.mark.parametrize("href,portable", [
    ("../2018/", "../2018/index.html"), ("./", "./index.html"), ("../../", "../../index.html"),
    ("..", "../index.html"), (".", "./index.html"), ("../tags/port/#top", "../tags/port/index.html#top"),
    ("page/2/?q=1", "page/2/index.html?q=1"), ("../static/style.css", "../static/style.css"),
    ("../feed.xml", "../feed.xml"), ("https://example.org/a/", "https://example.org/a/"),
    ("/absolute/", "/absolute/"), ("#main", "#main"), ("mailto:a@b.example", "mailto:a@b.example"), ("", ""),
])
def test_portable_href(href: str, portable: str):
    assert routes.portable_href(href) == portable


def test_portable_links_rewrite_hrefs_only():
    html = ('<a class="x" href="../2018/">2018/</a> <link rel="prev" href="./"> <img src="a/"> '
            '<p>href="b/"</p>')
    assert routes.portable_links(html) == ('<a class="x" href="../2018/index.html">2018/</a> '
                                           '<link rel="prev" href="./index.html"> <img src="a/"> '
                                           '<p>href="b/"</p>')
    assert routes.relative("2018/03/", "2018/", portable=True) == "../index.html"
    assert routes.relative("2018/03/", "", portable=True) == "../../index.html"


@pytest.fixture(scope="module")
def portable_sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("portable") / "build"
    build(REPO, BuildOptions(output=out, portable=True))
    return out


def test_every_link_of_a_portable_build_names_a_file(portable_sample: Path):
    reached, broken = crawl(portable_sample, files_only=True)
    assert broken == []
    assert {p for p in portable_sample.rglob("*.html")} - {portable_sample / "404.html"} <= reached


def test_portable_from_the_command_line_or_the_config_and_never_mixed_with_a_normal_build(tmp_path: Path):
    site = write_site(tmp_path / "s", {"a.md": article("A", "2018-03-26", "S"),
                                       "b.md": article("B", "2018-03-27", "S")})
    home = site / "build/index.html"
    assert run_cli("build", "--portable", cwd=site).returncode == 0
    assert 'href="./2018/index.html"' in home.read_text()
    assert run_cli("build", cwd=site).returncode == 0  # the cache must not keep the portable pages
    assert 'href="./2018/"' in home.read_text()
    assert "index.html" not in (site / "build/2018/index.html").read_text()
    (site / "newsarchive.yaml").write_text("portable: true\n")
    assert run_cli("build", cwd=site).returncode == 0
    article_page = (site / "build/2018/03/26/a/index.html").read_text()
    assert 'href="../../../../2018/03/27/b/index.html"' in article_page
    reached, broken = crawl(site / "build", files_only=True)
    assert broken == [] and site / "build/2018/03/27/b/index.html" in reached


def test_portable_site_in_a_browser_from_disk(portable_sample: Path, page):
    page.goto((portable_sample / "index.html").as_uri())
    assert page.url.endswith("/index.html")
    page.locator("footer.site-footer a", has_text="2018").click()
    assert page.url.endswith("/2018/index.html") and page.locator("h1").inner_text() == "2018"
    page.locator('table.calendar caption a', has_text="March").click()
    assert page.url.endswith("/2018/03/index.html")
    page.locator('td a[aria-label^="March 26, 2018"]').first.click()
    assert page.url.endswith("/2018/03/26/index.html") and page.locator("h1").inner_text() == "March 26, 2018"
    page.locator("a.entry-title").first.click()
    assert page.url.endswith("/index.html") and page.locator("article h1").count() == 1
    page.locator(".prev-next a").first.click()  # a neighbour in the same source
    assert page.url.endswith("/index.html") and page.locator("article h1").count() == 1
    page.locator("footer.article-footer dd a").first.click()  # its source's profile
    assert "/sources/" in page.url and page.locator(".profile").count() == 1
    page.locator(".breadcrumbs a").first.click()
    page.locator("header.site-header a", has_text="Tags").click()
    assert page.url.endswith("/tags/index.html")
    page.locator("header.site-header .site-title a").click()
    assert page.url == (portable_sample / "index.html").as_uri()
    assert page.js_errors == []
