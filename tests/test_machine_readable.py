"""What machines read: sitemap, robots.txt, 404 page, JSON-LD, OpenGraph, canonical links, JSON export."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import article, run_cli, write_site

from newsarchive.build import BuildOptions, build
from newsarchive.pages import listing as pages

BASE = "https://archive.example.org/news/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def corpus(n: int = 12) -> dict[str, str]:
    return {f"{2017 + i % 2}/a{i}.md": article(
        f"Story {i}", f"{2017 + i % 2}-0{1 + i % 9}-1{i % 9}T08:00:00+02:00", "Harbour Gazette",
        url=f"https://original.example/{i}", author="Ana Ruiz", summary=f"Summary {i}", tags="[port]")
        for i in range(n)}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", corpus(), f"base_url: {BASE}\ntitle: Test archive\nper_page: 5\n")


def test_sitemap_lists_every_page_with_absolute_urls(site: Path):
    build(site, BuildOptions())
    out = site / "build"
    index = ET.parse(out / "sitemap.xml").getroot()  # the index of the parts: a year's, the other pages'
    parts = [s.find(f"{SITEMAP}loc").text for s in index.findall(f"{SITEMAP}sitemap")]
    assert parts[0] == BASE + "sitemap-pages.xml" and BASE + "sitemap-2017.xml" in parts
    urls = [u for part in parts for u in ET.parse(out / part.removeprefix(BASE)).getroot().findall(
        f"{SITEMAP}url")]
    locs = [u.find(f"{SITEMAP}loc").text for u in urls]
    assert len(locs) == len(set(locs))
    pages_on_disk = {BASE + p.parent.relative_to(out).as_posix() + "/" if p.parent != out else BASE
                     for p in out.rglob("index.html")}
    # but the open list pages (not full yet, noindex: 12 articles, 5 a page, page 3 holds 2)
    open_pages = {BASE + f"{folder}page/3/" for folder in ("", "sources/harbour-gazette/", "tags/port/",
                                                            "languages/en/", "authors/ana-ruiz/")}
    assert open_pages <= pages_on_disk
    # and every page that asks robots not to index it (the search page, the open pages)
    noindex = {BASE + p.parent.relative_to(out).as_posix() + "/" for p in out.rglob("index.html")
               if '<meta name="robots" content="noindex">' in p.read_text(encoding="utf-8")}
    assert open_pages <= noindex and BASE + "search/" in noindex
    assert set(locs) == pages_on_disk - noindex
    lastmods = [u.find(f"{SITEMAP}lastmod") for u in urls]
    assert any(m is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.text) for m in lastmods)
    assert (out / "robots.txt").read_text().strip().endswith(f"Sitemap: {BASE}sitemap.xml")


def test_sitemap_is_split_into_an_index_past_the_limit(site: Path, monkeypatch):
    monkeypatch.setattr(pages, "SITEMAP_LIMIT", 10)
    build(site, BuildOptions())
    out = site / "build"
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = [s.find(f"{SITEMAP}loc").text for s in index.findall(f"{SITEMAP}sitemap")]
    assert len(parts) >= 2
    total = 0
    for loc in parts:
        part = ET.parse(out / loc.removeprefix(BASE)).getroot()
        count = len(part.findall(f"{SITEMAP}url"))
        assert 0 < count <= 10
        total += count
    # the open pages (home, source, language, tag, author) and the search page are noindex
    assert total == len(list(out.rglob("index.html"))) - 6


def test_not_found_page_links_absolutely(site: Path):
    build(site, BuildOptions())
    text = (site / "build/404.html").read_text()
    assert f'href="{BASE}sources/"' in text and f'href="{BASE}static/style.css"' in text


def test_without_base_url_say_so_once_and_skip_them(tmp_path: Path):
    site = write_site(tmp_path / "s", corpus(3))
    proc = run_cli("build", cwd=site)
    assert proc.returncode == 0
    assert proc.stderr.count("base_url is not set") == 1
    assert "newsarchive.yaml: warning: base_url is not set" in proc.stderr
    for name in ("sitemap.xml", "robots.txt", "404.html"):
        assert not (site / "build" / name).exists()


def test_article_pages_carry_json_ld_opengraph_and_canonical(site: Path):
    build(site, BuildOptions())
    page = next((site / "build/2017").rglob("story-0/index.html")).read_text()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page,
                                re.DOTALL).group(1))
    assert data["@type"] == "NewsArticle" and data["headline"] == "Story 0"
    assert data["datePublished"] == "2017-01-10T08:00:00+02:00"
    assert data["author"] == [{"@type": "Person", "name": "Ana Ruiz"}]
    assert data["publisher"] == {"@type": "Organization", "name": "Harbour Gazette"}
    assert data["inLanguage"] == "en" and data["isBasedOn"] == "https://original.example/0"
    url = BASE + "2017/01/10/story-0/"
    assert data["url"] == url
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:title" content="Story 0">' in page


def test_json_ld_cannot_break_out_of_its_script(tmp_path: Path):
    site = write_site(tmp_path / "s",
                      {"a.md": article('"</script><script>alert(1)</script>"', "2018-01-01", "S")})
    build(site, BuildOptions())
    page = (site / "build/2018/01/01").glob("*/index.html").__next__().read_text()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1)
    assert json.loads(block)["headline"] == "</script><script>alert(1)</script>"
    assert page.count("<script") == 1


def test_json_export(site: Path, monkeypatch):
    build(site, BuildOptions())
    data = json.loads((site / "build/api/articles.json").read_text())
    assert len(data["articles"]) == 12
    first = data["articles"][0]
    assert first["title"] == "Story 7" and first["source"] == "Harbour Gazette" and first["tags"] == ["port"]
    assert first["original_url"] == "https://original.example/7"  # newest first
    assert (site / "build" / first["path"] / "index.html").is_file()
    monkeypatch.setattr(pages, "EXPORT_LIMIT", 5)
    build(site, BuildOptions(output=site / "split"))
    index = json.loads((site / "split/api/articles.json").read_text())
    assert index == {"years": {"2017": "api/articles-2017.json", "2018": "api/articles-2018.json"}}
    years = [json.loads((site / "split" / p).read_text())["articles"] for p in index["years"].values()]
    assert sum(len(y) for y in years) == 12


def test_translations_are_linked_both_ways(tmp_path: Path):
    files = {
        "en/storm.md": article("Storm closes the port", "2018-03-26", "Wire", language="en"),
        "fr/tempete.md": article("La tempête ferme le port", "2018-03-26", "Courrier", language="fr",
                                 translation_of="en/storm.md"),
        "es/tormenta.md": article("La tormenta cierra el puerto", "2018-03-27", "Diario", language="es",
                                  story="storm-2018"),
        "ar/asifa.md": article("عاصفة تغلق الميناء", "2018-03-27", "Waha", language="ar", story="storm-2018"),
        "en/lonely.md": article("Lonely", "2018-03-28", "Wire", translation_of="nowhere.md"),
    }
    site = write_site(tmp_path / "s", files)
    proc = run_cli("build", cwd=site)
    assert "content/en/lonely.md: warning: 'translation_of' names 'nowhere.md'" in proc.stderr
    out = site / "build/2018/03"
    en = (out / "26/storm-closes-the-port/index.html").read_text()
    fr = (out / "26/la-tempete-ferme-le-port/index.html").read_text()
    assert ('<link rel="alternate" hreflang="fr" '
            'href="../../../../2018/03/26/la-tempete-ferme-le-port/">') in en
    assert ('<link rel="alternate" hreflang="en" '
            'href="../../../../2018/03/26/storm-closes-the-port/">') in fr
    assert re.search(r"Also in:\s*<a [^>]*hreflang=\"fr\"[^>]*>French</a>", en)
    es = next((out / "27").glob("la-tormenta*/index.html")).read_text()
    assert 'hreflang="ar"' in es and 'hreflang="en"' not in es
    assert "Also in" not in next((out / "28").glob("*/index.html")).read_text()
