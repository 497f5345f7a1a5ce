"""Search: the Pagefind index built with the site, the search page and the box on every page, tried in a
real browser (Debian's chromium through playwright) against the built site served on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import serve
from conftest import article, outside_index, run_cli, searchable, write_site

from newsarchive.build import BuildOptions, build
from newsarchive.errors import UsageError
from newsarchive.search import index as search


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


FESTIVAL = {
    "a.md": article("Festival opens by the harbour", "2018-03-26", "The Wire", language="en",
                    body="The festival opened with music on the quay."),
    "b.md": article("Festival closes early", "2019-05-01", "The Wire", language="en",
                    body="Rain closed the festival a day early."),
    "c.md": article("Fishermen join the festival", "2018-07-01", "Harbour Gazette", language="en",
                    body="Boats paraded at the festival."),
    "d.md": article("Le festival du port attire les foules", "2019-08-15", "Le Courrier", language="fr",
                    body="Le festival a attiré des milliers de visiteurs."),
    "e.md": article("El festival del valle", "2020-02-10", "El Diario", language="es",
                    body="El festival celebró su décima edición."),
    "f.md": article('"<img src=x onerror=window.pwned=1> festival"', "2017-01-01", "The Wire", language="en",
                    body="A festival with a <script>window.pwned=2</script> in its text."),
}


@pytest.fixture(scope="module")
def festival(tmp_path_factory):
    site = write_site(tmp_path_factory.mktemp("festival"), FESTIVAL)
    done = run_cli("build", str(site), "-o", str(site / "out"), cwd=site)
    assert done.returncode == 0, done.stderr
    return site / "out"


# ---- without a browser ----

def test_the_build_makes_the_search_page_the_index_and_a_box_on_every_page(sample):
    # one part of the index per year, each a Pagefind bundle, listed (newest first) by the search page
    # (and changes.json: in a clean build, it says that no part supersedes another)
    assert sorted(p.name for p in (sample / "pagefind").iterdir()) == ["2018", "2019", "changes.json"]
    for year in ("2018", "2019"):
        assert (sample / "pagefind" / year / "pagefind.js").is_file()
        assert (sample / "pagefind" / year / "pagefind-entry.json").is_file()
    search_page = (sample / "search" / "index.html").read_text()
    assert 'data-parts="../pagefind/2019/ ../pagefind/2018/"' in search_page
    home = (sample / "index.html").read_text()
    assert re.search(r'<form class="site-search" role="search" action="./search/"', home)
    article_page = (sample / "2018/03/26/evacuation-du-quartier-du-port-apres-la-tempete/index.html"
                    ).read_text()
    assert 'action="../../../../search/"' in article_page
    assert "data-pagefind-body" in article_page
    # Pagefind's ready-made interfaces are not shipped: the theme has its own search page
    assert not list((sample / "pagefind").rglob("pagefind-ui*"))


def test_no_search_leaves_out_the_index_the_page_and_the_box(tmp_path):
    site = write_site(tmp_path, FESTIVAL)
    done = run_cli("build", "--no-search", cwd=site)
    assert done.returncode == 0, done.stderr
    assert not (site / "build" / "pagefind").exists()
    assert not (site / "build" / "search").exists()
    assert "site-search" not in (site / "build" / "index.html").read_text()
    # turning search on later adds them (the option is part of what a rebuild compares)
    done = run_cli("build", cwd=site)
    assert done.returncode == 0, done.stderr
    assert (site / "build" / "pagefind" / "2018" / "pagefind.js").is_file()
    assert "site-search" in (site / "build" / "index.html").read_text()


def test_search_false_in_the_config_is_no_search(tmp_path):
    site = write_site(tmp_path, FESTIVAL, config="search: false\n")
    assert run_cli("build", cwd=site).returncode == 0
    assert not (site / "build" / "pagefind").exists() and not (site / "build" / "search").exists()
    (site / "newsarchive.yaml").write_text("search: maybe\n")
    done = run_cli("build", cwd=site)
    assert done.returncode == 1 and "newsarchive.yaml:1: 'search' must be true or false" in done.stderr


def test_the_index_is_the_same_bytes_for_the_same_pages(tmp_path):
    site = write_site(tmp_path, FESTIVAL)
    first = run_cli("build", "-o", "one", cwd=site)
    second = run_cli("build", "-o", "two", "--clean", cwd=site)
    assert first.returncode == second.returncode == 0
    one, two = _files(site / "one" / "pagefind"), _files(site / "two" / "pagefind")
    assert one.keys() == two.keys() and one == two


def test_a_rebuild_reindexes_only_when_an_article_changed(tmp_path):
    site = write_site(tmp_path, FESTIVAL, config="title: Festivals\n")
    assert run_cli("build", cwd=site).returncode == 0
    bundle = site / "build" / "pagefind"
    before = {rel: (bundle / rel).stat().st_mtime_ns for rel in _files(bundle)}
    # a config change re-renders every page, but no article's text or facts: the index is kept
    (site / "newsarchive.yaml").write_text("title: Festivals of the coast\n")
    assert run_cli("build", cwd=site).returncode == 0
    assert {rel: (bundle / rel).stat().st_mtime_ns for rel in _files(bundle)} == before
    # an article's text changes: it goes into the small recent part, and changes.json says that its copy
    # in the 2020 part is superseded; the years' parts are left as they were
    (site / "content" / "e.md").write_text(article("El festival del valle", "2020-02-10", "El Diario",
                                                   language="es",
                                                   body="Una edición con fuegos artificiales."))
    assert run_cli("build", cwd=site).returncode == 0
    now = {rel: (bundle / rel).stat().st_mtime_ns for rel in _files(bundle)}
    remade = {rel for rel in now if now[rel] != before.get(rel)}
    assert remade and all(rel.startswith("recent/") or rel == "changes.json" for rel in remade)
    assert {rel: t for rel, t in now.items() if rel in before and rel != "changes.json"} == {
        rel: t for rel, t in before.items() if rel != "changes.json"}
    changes = json.loads((bundle / "changes.json").read_text())
    assert changes["recent"] == "recent/" and list(changes["superseded"]) == ["2020"]
    # a search finds what it finds in a clean build's index (the index files differ by design); the rest of
    # the site is byte-identical
    assert run_cli("build", "-o", "clean", "--clean", cwd=site).returncode == 0
    assert searchable(site / "build") == searchable(site / "clean")
    assert _files(bundle) != _files(site / "clean" / "pagefind")
    assert outside_index(site / "build") == outside_index(site / "clean")
    # an article deleted: its copy is superseded too, still what a clean build's index finds
    (site / "content" / "c.md").unlink()
    assert run_cli("build", cwd=site).returncode == 0
    assert run_cli("build", "-o", "clean", "--clean", cwd=site).returncode == 0
    assert searchable(site / "build") == searchable(site / "clean")
    assert outside_index(site / "build") == outside_index(site / "clean")


def test_without_pagefind_the_build_says_what_to_do_and_keeps_the_old_site(tmp_path, monkeypatch):
    site = write_site(tmp_path, FESTIVAL)
    build(site, BuildOptions())
    before = _files(site / "build")
    (site / "content" / "a.md").write_text(article("Festival opens", body="Changed."))
    monkeypatch.setattr(search, "executable", lambda: None)
    with pytest.raises(UsageError, match=r"pip install 'pagefind\[bin\]'.*--no-search"):
        build(site, BuildOptions())
    assert _files(site / "build") == before
    build(site, BuildOptions(search=False))  # the way out the message gives
    assert not (site / "build" / "pagefind").exists()


# ---- in the browser ----

def _search(page, base: str, query: str = "", **params: str) -> list[dict]:
    """Open the search page (as a link to it would), wait for the results, return what each shows."""
    from urllib.parse import urlencode
    args = {"q": query, **params} if query else params
    page.goto(f"{base}search/?{urlencode(args)}")
    return _results(page)


def _results(page) -> list[dict]:
    page.wait_for_selector("#search[data-state=done]", timeout=15000)
    return page.eval_on_selector_all(".search-result", """items => items.map(li => ({
        title: li.querySelector('.entry-title').textContent,
        href: li.querySelector('a').getAttribute('href'),
        meta: li.querySelector('.entry-meta').textContent,
        excerpt: li.querySelector('.excerpt').textContent,
        marks: [...li.querySelectorAll('.excerpt mark')].map(m => m.textContent),
        lang: li.lang}))""")


def test_a_french_word_typed_without_accents_in_the_box_of_an_english_page(browser, page, sample):
    with serve(sample) as base:
        page.goto(base)  # the home page: English
        assert page.get_attribute("html", "lang") == "en"
        page.fill("#site-search", "evacuation")
        page.press("#site-search", "Enter")
        page.wait_for_url(re.compile(r"/search/\?q=evacuation"))
        results = _results(page)
        titles = [r["title"] for r in results]
        assert "Évacuation du quartier du port après la tempête" in titles
        hit = results[titles.index("Évacuation du quartier du port après la tempête")]
        assert hit["lang"] == "fr"
        assert "Le Courrier du Littoral" in hit["meta"] and "26 mars 2018" in hit["meta"]
        assert hit["excerpt"].strip()
        # the result's link opens the article
        page.click(f"a[href='{hit['href']}']")
        assert page.inner_text("h1") == "Évacuation du quartier du port après la tempête"
        assert not page.js_errors


def test_arabic_words_find_arabic_articles(browser, page, sample):
    with serve(sample) as base:
        results = _search(page, base, "سوق السمك")
        assert results, "no result for an Arabic query"
        top = results[0]
        assert top["title"] == "افتتاح سوق السمك الجديد في ميناء رأس الريم"
        assert top["lang"] == "ar" and "Al-Waha Daily" in top["meta"]
        assert any("السمك" in mark for mark in top["marks"])


def test_filters_narrow_the_results_and_combine(browser, page, festival):
    with serve(festival) as base:
        everything = _search(page, base, "festival")
        assert len(everything) == 6
        # the filters offer what the archive has, with counts
        sources = page.eval_on_selector_all("select[name=source] option", "os => os.map(o => o.value)")
        assert sources == ["", "El Diario", "Harbour Gazette", "Le Courrier", "The Wire"]
        page.select_option("select[name=source]", "The Wire")
        page.wait_for_function("document.querySelectorAll('.search-result').length === 3")
        wire = _results(page)
        assert {r["title"] for r in wire} == {"Festival opens by the harbour", "Festival closes early",
                                              "<img src=x onerror=window.pwned=1> festival"}
        assert all("The Wire" in r["meta"] for r in wire)
        page.select_option("select[name=year]", "2019")
        page.wait_for_function("document.querySelectorAll('.search-result').length === 1")
        assert [r["title"] for r in _results(page)] == ["Festival closes early"]
        assert "source=The+Wire" in page.url and "year=2019" in page.url  # a search can be shared
        # by language, from a link
        french = _search(page, base, "festival", language="French")
        assert [r["title"] for r in french] == ["Le festival du port attire les foules"]
        assert page.input_value("select[name=language]") == "French"
        assert not page.js_errors


def test_results_sorted_by_date_when_asked(browser, page, festival):
    with serve(festival) as base:
        newest = [r["title"] for r in _search(page, base, "festival", sort="newest")]
        assert newest == ["El festival del valle", "Le festival du port attire les foules",
                          "Festival closes early", "Fishermen join the festival",
                          "Festival opens by the harbour", "<img src=x onerror=window.pwned=1> festival"]
        oldest = [r["title"] for r in _search(page, base, "festival", sort="oldest")]
        assert oldest == newest[::-1]


def test_hostile_markup_in_a_title_is_shown_as_text_and_never_runs(browser, page, festival):
    with serve(festival) as base:
        results = _search(page, base, "festival")
        assert "<img src=x onerror=window.pwned=1> festival" in [r["title"] for r in results]
        assert page.evaluate("window.pwned") is None
        assert page.query_selector(".search-results img, .search-results script") is None


def test_search_works_under_a_sub_path(browser, page, festival, tmp_path):
    """Deployed at https://host/archive/: the index and the result links follow."""
    (tmp_path / "archive").symlink_to(festival)
    with serve(tmp_path) as base:
        results = _search(page, base + "archive/", "quay")
        assert [r["title"] for r in results] == ["Festival opens by the harbour"]
        page.click(".search-result a")
        assert page.url == base + "archive/2018/03/26/festival-opens-by-the-harbour/"
        assert page.inner_text("h1") == "Festival opens by the harbour"


def test_a_text_only_rebuild_reindexes_too(tmp_path):
    """The editor's fast path (only an old article's text changed: one page rendered) updates the index."""
    files = {f"n{i:02d}.md": article(f"Notice {i}", f"2018-01-{1 + i % 28:02d}", "The Wire", language="en",
                                     body=f"Routine notice number {i}.") for i in range(60)}
    site = write_site(tmp_path, files)
    build(site, BuildOptions())
    (site / "content" / "n00.md").write_text(article("Notice 0", "2018-01-01", "The Wire", language="en",
                                                     body="Routine notice number 0.\n\nA lighthouse keeper "
                                                          "retires."))  # (the first paragraph kept)
    result = build(site, BuildOptions())
    assert result.mode in ("text", "edited")  # (a short path: the edits' first)
    build(site, BuildOptions(output=site / "clean", clean=True))
    assert searchable(site / "build") == searchable(site / "clean")
    assert "lighthouse keeper" in searchable(site / "build")["/2018/01/01/notice-0/"]["content"]
    assert outside_index(site / "build") == outside_index(site / "clean")


def test_a_search_within_a_year_loads_only_that_years_part_of_the_index(browser, page, festival):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    with serve(festival) as base:
        # the filters are in the page before any part of the index is loaded
        page.goto(f"{base}search/")
        years = page.eval_on_selector_all("select[name=year] option", "os => os.map(o => o.textContent)")
        assert years == ["All years", "2020 (1)", "2019 (2)", "2018 (2)", "2017 (1)"]
        assert not [url for url in requested if "/pagefind/" in url]
        results = _search(page, base, "festival", year="2019")
        assert {r["title"] for r in results} == {"Festival closes early",
                                                 "Le festival du port attire les foules"}
        parts = {part.group(1) for url in requested if (part := re.search(r"/pagefind/([0-9]{4})/", url))}
        assert parts == {"2019"}
        # without the year, every part is searched
        assert len(_search(page, base, "festival")) == 6
        parts = {part.group(1) for url in requested if (part := re.search(r"/pagefind/([0-9]{4})/", url))}
        assert parts == {"2017", "2018", "2019", "2020"}


def test_search_turned_off_in_the_config_leaves_the_index_and_its_page_out(tmp_path):
    from conftest import article, write_site

    from newsarchive.build import BuildOptions, build
    from newsarchive.search import index as search

    root = write_site(tmp_path / "site", {"2018-03-26-a.md": article("Launch")}, "search: false\n")
    build(root, BuildOptions(jobs=1))
    assert (root / "build/2018/03/26/launch/index.html").is_file()
    assert not (root / "build" / search.BUNDLE).exists() and not (root / "build/search").exists()


def _harbour_site(folder: Path, language: str, count: int, word: str, source: str) -> Path:
    files = {f"{n:02d}.md": article(f"{word} {n}", f"2018-03-{1 + n:02d}T08:00:00Z", f'"{source}"',
                                    language=language, body=f"{word} {n}.\n") for n in range(count)}
    site = write_site(folder, files, f"title: Harbour\nlanguage: {language}\n")
    done = run_cli("build", str(site), cwd=site)
    assert done.returncode == 0, done.stderr
    return site / "build"


def test_the_count_of_results_takes_the_languages_plural_and_the_meta_line_its_direction(browser, page,
                                                                                        tmp_path):
    """An Arabic search page counts "11 نتيجةً" (CLDR's "many", as the build's own pages count), not "11
    نتائج"; its results' source and date line has the page's direction, each part isolated, although the
    source is a Latin id."""
    arabic = _harbour_site(tmp_path / "ar", "ar", 11, "الميناء", "okaz")
    with serve(arabic) as base:
        results = _search(page, base, "الميناء")
        assert len(results) == 11
        assert page.inner_text(".search-status") == "11 نتيجةً"
        meta = page.eval_on_selector(".search-result .entry-meta", """m => ({
            direction: getComputedStyle(m).direction,
            parts: [...m.querySelectorAll('bdi')].map(b => b.textContent)})""")
        assert meta["direction"] == "rtl" and meta["parts"][0] == "okaz" and len(meta["parts"]) == 2
        assert not page.js_errors
    french = _harbour_site(tmp_path / "fr", "fr", 2, "port", "Le Courrier")
    with serve(french) as base:
        assert len(_search(page, base, "port")) == 2
        assert page.inner_text(".search-status") == "2 résultats"
