"""Build real fixture sites and look at them the way a reader would: pages, links, words, dates."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import REPO, article, crawl, html_attrs, page_links, resolve, run_cli, sitemap_text, write_site

from newsarchive.build import BuildOptions, build


def titles(page: Path) -> list[str]:
    """The article titles listed on an index page, in order."""
    html = page.read_text(encoding="utf-8")
    return [re.sub(r"<[^>]+>", "", t).strip() for t in
            re.findall(r'<a class="entry-title"[^>]*>(.*?)</a>', html, re.DOTALL)]


def text_of(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def section(page: str, start: str, end: str) -> str:
    i = page.index(start)
    return page[i:page.index(end, i)]


def only(paths) -> Path:
    found = list(paths)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- the repository's own sample archive

# ``sample``: built once per test run (conftest.py)


def test_sample_archive_every_page_reachable_from_home_and_no_broken_link(sample: Path):
    reached, broken = crawl(sample)
    assert broken == []
    pages = {p for p in sample.rglob("*.html")} - {sample / "404.html"}  # served by the host, at any path
    assert pages - reached == set(), "pages not reachable from home"


def test_sample_archive_has_every_article_of_content(sample: Path):
    sources = [p for p in (REPO / "content").rglob("*") if p.suffix in (".md", ".txt")
               and not p.parent.name.endswith(".versions")]  # earlier versions are not articles
    drafts = [p for p in sources if re.search(r"^draft:\s*true", p.read_text(encoding="utf-8"), re.MULTILINE)]
    articles = [p for p in sample.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html")]
    assert len(articles) == len(sources) - len(drafts)
    languages = {html_attrs(text_of(p))["lang"] for p in articles}
    assert {"en", "fr", "ar", "es"} <= languages


def test_sample_archive_shows_a_corrected_article_and_a_story_told_twice(sample: Path):
    storm = sample / "2018/03/26/storm-batters-kestrel-bay-harbour-fishing-fleet-stays-in-port"
    assert ("Updated once; corrected on March 27, 2018: <bdi>An earlier version gave the strongest gust"
            in text_of(storm / "index.html"))
    diff = text_of(storm / "versions/2/index.html")
    assert re.search(r"<del[^>]*>.*seventy.*</del>", diff) and re.search(r"<ins[^>]*>.*eighty.*</ins>", diff)
    # the kept version's map, two folders below the article page, is the same image
    assert '<img src="../../../../../../2018/03/harbour-map.png"' in text_of(storm / "versions/1/index.html")
    slug = "kestrel-bay-lookout-among-three-to-close-as-coastguard-turns-to-cameras"
    copy = text_of(sample / "2019/02/12" / slug / "index.html")
    assert "Also reported by" in copy and "Northern Wire" in copy
    assert "Kestrel Bay lookout among three" in text_of(sample / "stories/2019/02/11/index.html")
    sitemap = sitemap_text(sample)  # the stories page is made after the others, listed too
    assert "<loc>https://newsarchive.example/stories/2019/02/11/</loc>" in sitemap
    assert "/versions/" not in sitemap  # version pages are noindex


def test_sample_archive_arabic_article_is_right_to_left(sample: Path):
    arabic = [p for p in sample.glob("20*/*/*/*/index.html") if html_attrs(text_of(p))["lang"] == "ar"]
    assert arabic
    for page in arabic:
        assert html_attrs(text_of(page))["dir"] == "rtl"
        # the site's chrome keeps the site's language and direction
        assert '<header class="site-header" lang="en" dir="ltr">' in text_of(page)


# ---------------------------------------------------------------- indexes list exactly the right articles

@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    files = {
        "a.md": article("Alpha storm", "2018-03-26T10:00:00+00:00", "Harbour Gazette", tags="[storm, port]"),
        "b.md": article("Beta ferry", "2018-03-26T12:00:00+00:00", "Northern Wire", tags="[port]"),
        "c.md": article("Gamma tempête", "2018-04-02", "Le Courrier", language="fr", tags="[storm]"),
        "d.md": article("Delta مطر", "2019-01-05", "Al-Waha", language="ar"),
        "e.md": article("Epsilon río", "2019-01-06", "El Diario", language="es", tags="Port, Río"),
        "f.md": article("Zeta late", "2018-03-26T23:30:00-05:00", "Harbour Gazette"),
    }
    site = write_site(tmp_path / "site", files, "title: Test archive\nper_page: 2\n")
    build(site, BuildOptions())
    return site / "build"


def test_source_pages_list_exactly_their_articles(newsroom: Path):
    pages = [newsroom / "sources/harbour-gazette/index.html"]
    assert titles(pages[0]) == ["Zeta late", "Alpha storm"]
    assert titles(newsroom / "sources/northern-wire/index.html") == ["Beta ferry"]
    sources_index = text_of(newsroom / "sources/index.html")
    for name in ("Harbour Gazette", "Northern Wire", "Le Courrier", "Al-Waha", "El Diario"):
        assert name in sources_index


def test_tag_pages_merge_spellings_and_list_exactly_their_articles(newsroom: Path):
    # 3 articles, 2 a page: the tag's address shows the newest 2; numbered page 1 the oldest 2, page 2 the 3rd
    assert titles(newsroom / "tags/port/index.html") == ["Epsilon río", "Beta ferry"]
    port = titles(newsroom / "tags/port/page/2/index.html") + titles(newsroom / "tags/port/page/1/index.html")
    assert port == ["Epsilon río", "Beta ferry", "Alpha storm"]
    assert titles(newsroom / "tags/storm/index.html") == ["Gamma tempête", "Alpha storm"]
    assert titles(newsroom / "tags/rio/index.html") == ["Epsilon río"]
    assert not (newsroom / "tags/rio/page").exists()  # fewer articles than a page: its address shows them


def test_language_pages(newsroom: Path):
    assert titles(newsroom / "languages/fr/index.html") == ["Gamma tempête"]
    assert titles(newsroom / "languages/ar/index.html") == ["Delta مطر"]
    languages = text_of(newsroom / "languages/index.html")
    assert "French" in languages and "Français" in languages and "العربية" in languages


def test_date_archives_file_by_the_day_as_written_and_order_by_instant(newsroom: Path):
    # 23:30-05:00 on the 26th is 04:30 UTC on the 27th: filed on the 26th, but the newest of that day.
    assert titles(newsroom / "2018/03/26/index.html") == ["Zeta late", "Beta ferry", "Alpha storm"]
    assert not (newsroom / "2018/03/27").exists()
    month = text_of(newsroom / "2018/03/index.html")
    assert "3 articles" in month and '2018/03/26/"' in month
    year = text_of(newsroom / "2018/index.html")
    assert "March" in year and "April" in year and "4 articles" in year
    assert (newsroom / "2019/01/05/index.html").is_file()


def test_home_shows_the_latest_and_numbers_pages_from_the_oldest(newsroom: Path):
    # 6 articles, 2 a page: pages 1-3 are full (page 1 the oldest two), page 4 is open and empty
    assert titles(newsroom / "index.html") == ["Epsilon río", "Delta مطر"]
    pages = [newsroom / f"page/{n}/index.html" for n in (3, 2, 1)]
    listed = [t for p in pages for t in titles(p)]
    assert listed == ["Epsilon río", "Delta مطر", "Gamma tempête", "Zeta late", "Beta ferry", "Alpha storm"]
    assert titles(newsroom / "page/4/index.html") == []
    assert not (newsroom / "page/5").exists()
    home = text_of(newsroom / "index.html")
    assert '<link rel="prev" href="./page/2/">' in home and 'rel="next"' not in home  # older: page 2
    numbers = section(home, '<nav class="pagination"', "</nav>")
    assert [plain(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", numbers, re.DOTALL)] == [
        "Latest articles", "Oldest articles: 1", "2", "3", "Older →"]
    first = text_of(newsroom / "page/1/index.html")
    assert '<link rel="next" href="../../page/2/">' in first and 'rel="prev"' not in first
    assert "Page 1: " in plain(first) and "of 3" not in first and "6 articles" not in first
    middle = text_of(newsroom / "page/2/index.html")
    assert '<link rel="prev" href="../../page/1/">' in middle
    assert '<link rel="next" href="../../page/3/">' in middle
    assert "noindex" not in middle
    empty = text_of(newsroom / "page/4/index.html")
    assert '<meta name="robots" content="noindex">' in empty and "No newer articles yet." in empty
    assert '<a href="../../">← Newer</a>' in empty  # the open page's "newer" is the latest
    assert '<link rel="prev" href="../../page/3/">' in empty and 'rel="next"' not in empty


def test_every_page_reachable_and_links_relative(newsroom: Path):
    reached, broken = crawl(newsroom)
    assert broken == []
    assert set(newsroom.rglob("*.html")) <= reached
    for page in newsroom.rglob("*.html"):
        for _tag, href, _ in page_links(text_of(page)):
            assert not href.startswith("/"), f"{page}: absolute link {href}"


def test_index_pages_show_title_date_source_language(newsroom: Path):
    home = text_of(newsroom / "index.html")
    assert re.search(r'lang="es"[^>]*>Epsilon río</a>.*?January 6, 2019.*?El Diario.*?>es</a>', home,
                     re.DOTALL)


@pytest.mark.parametrize("per_page,count,pages", [(2, 4, 3), (2, 5, 3), (3, 3, 2), (5, 1, 0), (3, 2, 0)])
def test_pagination_edges(tmp_path: Path, per_page: int, count: int, pages: int):
    """``pages`` numbered pages: the full ones and the open one after them; none below a page's worth."""
    files = {f"{i}.md": article(f"Title {i}", f"2018-01-{i + 1:02d}", "S") for i in range(count)}
    site = write_site(tmp_path / "s", files, f"per_page: {per_page}\n")
    out = site / "build"
    build(site, BuildOptions())
    for n in range(1, pages + 1):
        assert (out / f"page/{n}/index.html").is_file()
        assert (out / f"sources/s/page/{n}/index.html").is_file()
    assert not (out / f"page/{pages + 1}").exists()
    listed = [t for n in range(1, pages + 1) for t in titles(out / f"page/{n}/index.html")]
    assert sorted(listed) == (sorted(f"Title {i}" for i in range(count)) if pages else [])
    assert titles(out / "index.html") == [f"Title {i}" for i in range(count - 1, -1, -1)][:per_page]
    assert ('class="pagination"' in text_of(out / "index.html")) == (pages > 0)


def test_empty_content_folder_builds_a_home_page(tmp_path: Path):
    site = write_site(tmp_path / "s", {})
    result = build(site, BuildOptions())
    assert result.articles == 0
    assert (site / "build/index.html").is_file()


# ---------------------------------------------------------------- article pages, languages, dates

def test_article_page_shows_everything_in_its_language(tmp_path: Path):
    files = {
        "fr.md": article("Évacuation du port", "2018-03-26", "Le Courrier", language="fr",
                         url="https://courrier.example/evac", author="Jeanne Roux", tags="[port, tempête]",
                         body="Le *quartier* est évacué."),
        "es.md": article("Crecida", "2018-03-27", "El Diario", language="es"),
        "ar.md": article("مطر", "2018-03-28", "Al-Waha", language="ar"),
    }
    site = write_site(tmp_path / "s", files)
    build(site, BuildOptions())
    fr = text_of(site / "build/2018/03/26/evacuation-du-port/index.html")
    assert html_attrs(fr) == {"lang": "fr", "dir": "ltr"}
    assert ">26 mars 2018</time>" in fr
    assert 'href="https://courrier.example/evac"' in fr and "Read the original" in fr
    assert "Jeanne Roux" in fr and "<em>quartier</em>" in fr
    assert 'href="../../../../sources/le-courrier/"' in fr
    assert 'href="../../../../tags/tempete/"' in fr and 'href="../../../../languages/fr/"' in fr
    es = text_of(only((site / "build/2018/03/27").glob("*/index.html")))
    assert ">27 de marzo de 2018</time>" in es
    ar = text_of(only((site / "build/2018/03/28").glob("*/index.html")))
    assert html_attrs(ar) == {"lang": "ar", "dir": "rtl"}
    assert "مارس" in ar


def test_theme_words_come_in_the_site_language(tmp_path: Path):
    files = {"a.md": article("Titre", "2018-03-26", "Source", url="https://x.example/a")}
    site = write_site(tmp_path / "s", files, "language: fr\n")
    build(site, BuildOptions())
    home = text_of(site / "build/index.html")
    assert html_attrs(home)["lang"] == "fr"
    assert ">Langues</a>" in home and ">Mots-clés</a>" in home and "Derniers articles" in home
    page = text_of(site / "build/2018/03/26/titre/index.html")
    assert "Lire l'original" in page or "Lire l&#39;original" in page
    assert html_attrs(page)["lang"] == "fr"  # no language in the file: the site's language


def test_arabic_site_chrome_is_right_to_left(tmp_path: Path):
    site = write_site(tmp_path / "s", {"a.md": article("عنوان", "2018-03-26", "الواحة")}, "language: ar\n")
    build(site, BuildOptions())
    home = text_of(site / "build/index.html")
    assert html_attrs(home) == {"lang": "ar", "dir": "rtl"}
    assert "المصادر" in home


# ---------------------------------------------------------------- inference rules

def test_inference_date_from_file_name_title_from_heading_source_from_line(tmp_path: Path):
    files = {
        "2018/03/2018-03-26-storm.md": ("# Storm hits the harbour\n\nWaves broke the wall.\n\n"
                                        "Source: Harbour Gazette\n"),
        "2018/03/2018-03-27-fr.md": "---\nlang: fr\n---\nLe texte.\n\nSource : Le Courrier\n",
        "2019/02/2019-02-14-river-ferry.txt": ("River ferry returns\n\nThe ferry is back.\n"
                                               "It was repaired.\n\nSource: Northern Wire\n"),
        "2019/02/2019-02-15-long-first.txt": ("This first paragraph is long and\n"
                                              "hard-wrapped on two lines.\n\nSecond.\n"),
    }
    site = write_site(tmp_path / "s", files)
    build(site, BuildOptions())
    out = site / "build"
    storm = text_of(out / "2018/03/26/storm-hits-the-harbour/index.html")
    assert "<h1>Storm hits the harbour</h1>" in storm
    assert storm.count("Storm hits the harbour</h1>") == 1  # the heading is not repeated in the body
    assert "Source: Harbour Gazette" not in storm and ">Harbour Gazette</a>" in storm
    fr = text_of(out / "2018/03/27/2018-03-27-fr/index.html") if (out / "2018/03/27/2018-03-27-fr").exists() \
        else text_of(only((out / "2018/03/27").glob("*/index.html")))
    assert ">Le Courrier</a>" in fr and "Source :" not in fr and html_attrs(fr)["lang"] == "fr"
    ferry = text_of(out / "2019/02/14/river-ferry-returns/index.html")
    assert "<h1>River ferry returns</h1>" in ferry
    # short lines that each end a sentence are paragraphs (the plain-text paragraph rule in the README)
    assert "<p>The ferry is back.</p>\n<p>It was repaired.</p>" in ferry
    assert ">Northern Wire</a>" in ferry
    long_first = text_of(only((out / "2019/02/15").glob("*/index.html")))
    assert "<h1>Long first</h1>" in long_first  # from the file name
    assert "<p>This first paragraph is long and hard-wrapped on two lines.</p>" in long_first  # reflowed


def test_missing_source_is_unattributed_with_a_warning(tmp_path: Path):
    site = write_site(tmp_path / "s", {"2018-01-01-x.md": "Just text.\n"})
    proc = run_cli("build", cwd=site)
    assert proc.returncode == 0, proc.stderr
    assert "content/2018-01-01-x.md: warning: no source" in proc.stderr
    assert "Unattributed" in text_of(site / "build/sources/unattributed/index.html")


def test_folder_defaults_nearer_folders_win_and_the_file_wins(tmp_path: Path):
    files = {
        "_defaults.yaml": "source: Root Source\nlanguage: en\ntags: [all]\n",
        "waha/_defaults.yaml": "source: Al-Waha Daily\nlanguage: ar\n",
        "waha/2018-01-01-a.md": "---\ntitle: أ\n---\nنص\n",
        "waha/deeper/2018-01-02-b.md": "---\ntitle: Own\nlanguage: fr\n---\ntexte\n",
        "2018-01-03-c.md": "---\ntitle: Root\n---\ntext\n",
    }
    site = write_site(tmp_path / "s", files)
    build(site, BuildOptions())
    out = site / "build"
    assert titles(out / "sources/al-waha-daily/index.html") == ["Own", "أ"]
    assert titles(out / "sources/root-source/index.html") == ["Root"]
    assert titles(out / "languages/fr/index.html") == ["Own"]
    assert titles(out / "languages/ar/index.html") == ["أ"]
    assert len(titles(out / "tags/all/index.html")) == 3


def test_front_matter_forms_bom_crlf_and_date_with_offset(tmp_path: Path):
    raw = "\ufeff---\r\ntitle: Souq\r\ndate: 2018-03-25 18:45:00 +0300\r\nsource: Al-Waha\r\n" \
          "tags: fish, market\r\nauthors: [A One, B Two]\r\nmood: calm\r\n---\r\nBody.\r\n"
    site = write_site(tmp_path / "s", {"x.md": raw.encode("utf-8")})
    (site / "templates").mkdir()
    (site / "templates/article.html").write_text(
        '{% extends "base.html" %}{% block main %}<p id="mood">{{ article.extra.mood }}</p>'
        '<p id="when">{{ article.instant | iso }}</p>{{ article.authors | join("|") }}{% endblock %}')
    build(site, BuildOptions())
    page = text_of(site / "build/2018/03/25/souq/index.html")
    assert '<p id="mood">calm</p>' in page  # unknown keys reach templates
    assert '<p id="when">2018-03-25T18:45:00+03:00</p>' in page
    assert "A One|B Two" in page
    assert (site / "build/tags/fish/index.html").is_file()
    assert (site / "build/tags/market/index.html").is_file()


def test_explicit_slug_and_url_collision_suffix(tmp_path: Path):
    files = {
        "a.md": article("Same title", "2018-03-26T08:00:00Z", "S"),
        "b.md": article("Same title", "2018-03-26T09:00:00Z", "S"),
        "c.md": article("Other", "2018-03-26", "S", slug="My Own Slug"),
    }
    site = write_site(tmp_path / "s", files)
    proc = run_cli("build", cwd=site)
    assert proc.returncode == 0
    out = site / "build/2018/03/26"
    assert (out / "same-title/index.html").is_file() and (out / "same-title-2/index.html").is_file()
    assert "Some text" in text_of(out / "same-title/index.html")
    assert (out / "my-own-slug/index.html").is_file()
    assert re.search(r"content/a\.md: warning: articles share the URL /2018/03/26/same-title/ "
                     r"\(content/a\.md, content/b\.md\)", proc.stderr)


def test_assets_are_copied_and_relative_images_point_at_them(tmp_path: Path):
    files = {
        "2018/03/2018-03-26-storm.md": article("Storm", None, "S",
                                               body="![Map](map.png) [pdf](docs/report.pdf)"),
        "2018/03/map.png": b"\x89PNG\r\n\x1a\nfake",
        "2018/03/docs/report.pdf": b"%PDF-1.4 fake",
    }
    site = write_site(tmp_path / "s", files)
    build(site, BuildOptions())
    out = site / "build"
    page = out / "2018/03/26/storm/index.html"
    links = {href for _t, href, _a in page_links(text_of(page))}
    assert "../../../../2018/03/map.png" in links
    for href in ("../../../../2018/03/map.png", "../../../../2018/03/docs/report.pdf"):
        target = resolve(out, page, href)
        assert target is not None and target.is_file()
    assert (out / "2018/03/map.png").read_bytes() == b"\x89PNG\r\n\x1a\nfake"


def test_theme_override_by_name(tmp_path: Path):
    site = write_site(tmp_path / "s", {"a.md": article("Hello", "2018-03-26", "S")})
    (site / "templates/static").mkdir(parents=True)
    (site / "templates/day.html").write_text(
        '{% extends "base.html" %}{% block main %}'
        '<p id="custom-day">{{ entries | length }}</p>{% endblock %}')
    (site / "templates/static/style.css").write_text("body { color: red; }")
    build(site, BuildOptions())
    out = site / "build"
    assert '<p id="custom-day">1</p>' in text_of(out / "2018/03/26/index.html")
    assert "Hello" in text_of(out / "index.html")  # other templates still come from the theme
    assert (out / "static/style.css").read_text() == "body { color: red; }"


def test_source_metadata_from_config_is_shown(tmp_path: Path):
    config = ("sources:\n  Le Courrier:\n    url: https://courrier.example/\n"
              "    description: Daily paper of the coast.\n    country: France\n    language: fr\n")
    site = write_site(tmp_path / "s", {"a.md": article("T", "2018-03-26", "Le Courrier")}, config)
    build(site, BuildOptions())
    page = text_of(site / "build/sources/le-courrier/index.html")
    assert "Daily paper of the coast." in page and "France" in page and "https://courrier.example/" in page


# ---------------------------------------------------------------- command line

def test_cli_build_summary_and_exit_codes(tmp_path: Path):
    site = write_site(tmp_path / "s", {"a.md": article("T", "2018-03-26", "S"),
                                        "d.md": article("Draft one", "2018-03-27", "S", draft="true")})
    proc = run_cli("build", cwd=site)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"Built 1 article into build: \d+ pages, \d+ files written, \d+ unchanged, "
                        r"in [\d.]+ s; 1 warning \(above\)\.", last)  # (no base_url)
    proc = run_cli("build", str(site), "-o", str(tmp_path / "out"), "--drafts", cwd=tmp_path)
    assert proc.returncode == 0 and "Built 2 articles" in proc.stdout
    assert (tmp_path / "out/2018/03/27/draft-one/index.html").is_file()
    proc = run_cli("build", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert proc.returncode == 2 and "no content/ folder" in proc.stderr
    proc = run_cli("build", "--no-such-flag", cwd=site)
    assert proc.returncode == 2


def test_empty_folder_with_only_content_builds_the_full_theme(tmp_path: Path):
    site = write_site(tmp_path / "plain", {"a.md": article("Only content", "2018-03-26", "S")})
    proc = run_cli("build", cwd=site)
    assert proc.returncode == 0, proc.stderr
    assert (site / "build/static/style.css").is_file()
    _reached, broken = crawl(site / "build")
    assert broken == []


def test_output_folder_not_made_by_us_is_refused(tmp_path: Path):
    site = write_site(tmp_path / "s", {"a.md": article("T", "2018-03-26", "S")})
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me")
    proc = run_cli("build", "-o", str(precious), cwd=site)
    assert proc.returncode == 2 and "not made by newsarchive" in proc.stderr
    assert (precious / "thesis.txt").read_text() == "keep me"
    proc = run_cli("build", "-o", "content", cwd=site)
    assert proc.returncode == 2


def test_repository_sample_builds_with_the_cli(sample_build):
    proc = sample_build.result  # `newsarchive build` in a copy of the repository's archive
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr
