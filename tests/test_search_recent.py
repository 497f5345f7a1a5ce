"""The search index of a rebuild: a small "recent" part for the articles added or changed since their year's
part was made, merged into the years' parts when it passes its bound. A search gives the same results
(addresses and counts, with and without filters, by best match and by date) as a clean build's index;
the site outside the index is byte-identical to a clean build; the same builds give the same bytes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from browser import serve
from conftest import article, outside_index, searchable, snapshot, write_site

from newsarchive.build import BuildOptions, build
from newsarchive.search import index as search

SOURCES = ["Harbour Gazette", "The Wire", "Le Courrier"]


def corpus() -> dict[str, str]:
    """Twenty-four articles over three years, two a day on some days (same day, different times)."""
    files = {}
    for i in range(24):
        year, month, day = 2018 + i % 3, 1 + i % 12, 1 + i // 2
        words = ["festival", "harbour" if i % 2 else "market", "storm" if i % 5 == 0 else "calm"]
        files[f"a{i:02d}.md"] = article(
            f"Story {i}", f"{year}-{month:02d}-{day:02d}T{8 + i % 10:02d}:00:00+00:00", SOURCES[i % 3],
            language="fr" if i % 3 == 2 else "en", body=f"Number {i}: the {' and the '.join(words)}.")
    return files


def change(content: Path) -> None:
    """What an editor does between builds: add two articles, edit two (a word a query finds), delete one."""
    (content / "new1.md").write_text(article("Lighthouse reopens", "2019-02-01T09:00:00+00:00", "The Wire",
                                             language="en", body="The festival at the lighthouse."))
    (content / "new2.md").write_text(article("A new year", "2021-01-05T09:00:00+00:00", "Le Courrier",
                                             language="fr", body="A harbour festival, and a storm."))
    edited = content / "a04.md"  # 2019: "market" becomes "lighthouse"
    edited.write_text(edited.read_text().replace("market", "lighthouse"))
    edited = content / "a07.md"  # 2019: "storm" added
    edited.write_text(edited.read_text().replace("calm", "storm"))
    (content / "a09.md").unlink()  # 2018, a "harbour" article


def index_files(folder: Path) -> dict[str, bytes]:
    return {rel: data for rel, (data, _t) in snapshot(folder / "pagefind").items()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The same content built twice: incrementally (a clean build, then the changes) and clean."""
    root = tmp_path_factory.mktemp("recent")
    site = write_site(root / "site", corpus())
    build(site, BuildOptions(jobs=1))
    before = snapshot(site / "build")
    change(site / "content")
    build(site, BuildOptions(jobs=1))
    build(site, BuildOptions(output=root / "clean", clean=True, jobs=1))
    return site, site / "build", root / "clean", before


def test_a_rebuild_indexes_the_changed_articles_only_into_the_recent_part(sites):
    _site, out, clean, before = sites
    changes = json.loads((out / "pagefind" / "changes.json").read_text())
    assert changes["recent"] == "recent/"
    # the edited and deleted articles' copies in 2018 and 2019 are superseded
    assert sorted(changes["superseded"]) == ["2018", "2019"]
    assert (out / "pagefind" / "recent" / "pagefind.js").is_file()
    # a clean build makes the year parts only, and supersedes nothing
    assert json.loads((clean / "pagefind" / "changes.json").read_text()) == {"recent": None, "superseded": {}}
    assert sorted(p.name for p in (clean / "pagefind").iterdir()) == [
        "2018", "2019", "2020", "2021", "changes.json"]
    # the year parts the rebuild kept were not touched (2021 is new: its part is made whole)
    after = snapshot(out)
    for year in ("2018", "2019", "2020"):
        kept = {rel: v for rel, v in after.items() if rel.startswith(f"pagefind/{year}/")}
        assert kept and kept == {rel: v for rel, v in before.items() if rel.startswith(f"pagefind/{year}/")}
    # everything outside the index is byte-identical to a clean build's; the index differs by design
    assert outside_index(out) == outside_index(clean)
    assert index_files(out) != index_files(clean)
    # what a search can find is the same: each page, with its text, filters and meta
    assert searchable(out) == searchable(clean)


def test_the_same_builds_give_the_same_bytes(sites, tmp_path):
    _site, out, _clean, _before = sites
    again = write_site(tmp_path / "again", corpus())
    build(again, BuildOptions(jobs=1))
    change(again / "content")
    build(again, BuildOptions(jobs=1))
    assert index_files(again / "build") == index_files(out)


def test_past_the_bound_the_recent_part_is_merged_into_the_years(tmp_path, monkeypatch):
    site = write_site(tmp_path / "site", corpus())
    build(site, BuildOptions(jobs=1))
    monkeypatch.setattr(search, "BOUND", 3)
    (site / "content" / "x1.md").write_text(article("Quay", "2019-03-03", "The Wire", body="A quay."))
    build(site, BuildOptions(jobs=1))
    kept = index_files(site / "build")
    assert "recent/pagefind.js" in kept
    change(site / "content")  # five articles more: past the bound
    build(site, BuildOptions(jobs=1))
    build(site, BuildOptions(output=tmp_path / "clean", clean=True, jobs=1))
    # merged: the recent part is gone and the whole index is a clean build's, byte for byte
    assert not (site / "build" / "pagefind" / "recent").exists()
    assert index_files(site / "build") == index_files(tmp_path / "clean")
    assert outside_index(site / "build") == outside_index(tmp_path / "clean")


def test_a_page_moved_by_a_new_title_is_found_at_its_new_address_only(tmp_path):
    """A rebuild by query that moves an article's page (``rebuilds.edits``) takes its old address out of
    the index and puts the new one in: the index finds what a clean build's finds."""
    site = write_site(tmp_path / "site", corpus())
    build(site, BuildOptions(jobs=1))
    edited = site / "content" / "a04.md"
    edited.write_text(edited.read_text().replace("title: Story 4", "title: Story four, the market reopens"))
    assert build(site, BuildOptions(jobs=1)).mode == "edited"
    build(site, BuildOptions(output=tmp_path / "clean", clean=True, jobs=1))
    found = searchable(site / "build")
    assert found == searchable(tmp_path / "clean")
    assert not [url for url in json.dumps(found).split('"') if url.endswith("/story-4/")]
    assert "story-four-the-market-reopens/" in json.dumps(found)
    assert outside_index(site / "build") == outside_index(tmp_path / "clean")


def test_a_changed_index_key_makes_year_parts_again(sites, tmp_path):
    """A cache without the ledger (or from another Pagefind) means a clean index: year parts only."""
    site, _out, _clean, _before = sites
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / ".build.cache" / search.LEDGER).unlink()
    (copy / "content" / "a01.md").write_text((copy / "content" / "a01.md").read_text() + "More.\n")
    build(copy, BuildOptions(jobs=1))
    assert json.loads((copy / "build" / "pagefind" / "changes.json").read_text())["recent"] is None
    assert not (copy / "build" / "pagefind" / "recent").exists()


# ---- in the browser: the same results as a clean build's index ----

QUERIES = [
    {"q": "festival"}, {"q": "harbour"}, {"q": "lighthouse"}, {"q": "storm"}, {"q": "market"},
    {"q": "festival", "year": "2019"}, {"q": "festival", "source": "The Wire"},
    {"q": "harbour", "language": "French"}, {"q": "storm", "year": "2018", "source": "Harbour Gazette"},
    {"year": "2019"}, {"source": "Le Courrier"},
]


def _shown(page, params: dict) -> tuple[str, list[str]]:
    """Fill in the search form on the open search page (its loaded parts stay loaded), return the status
    ("12 results") and every result's address (after "Show more" as often as it is offered)."""
    page.evaluate("""params => {
        const box = document.getElementById('search'), form = box.querySelector('form');
        for (const name of ['q', 'source', 'language', 'year', 'sort'])
            form.elements[name].value = params[name] || '';
        box.dataset.state = '';
        form.requestSubmit();
    }""", params)
    page.wait_for_selector("#search[data-state=done]", timeout=15000)
    status = page.inner_text(".search-status")
    while page.is_visible(".search-more"):
        count = page.locator(".search-result").count()
        page.click(".search-more")
        page.wait_for_function(f"document.querySelectorAll('.search-result').length > {count}")
    hrefs = page.eval_on_selector_all(".search-result a", "as => as.map(a => a.getAttribute('href'))")
    return status, hrefs


def test_searches_give_what_a_clean_index_gives(browser, page, sites):
    _site, out, clean, _before = sites
    fresh_page = page.context.new_page()
    with serve(out) as incremental, serve(clean) as fresh:
        page.goto(f"{incremental}search/")
        fresh_page.goto(f"{fresh}search/")
        for params in QUERIES:
            for sort in ("", "newest", "oldest"):
                asked = {**params, "sort": sort}
                got, want = _shown(page, asked), _shown(fresh_page, asked)
                assert got[0] == want[0] and want[0], asked  # the count ("12 results")
                if sort:  # by date: the same order
                    assert got[1] == want[1], asked
                else:  # by best match: the same articles (scores come from each part's statistics)
                    assert sorted(got[1]) == sorted(want[1]), asked
        # the edit and the deletion are seen: no stale copy
        _status, hrefs = _shown(page, {"q": "market"})
        assert hrefs and not [h for h in hrefs if "story-4/" in h]
        _status, hrefs = _shown(page, {"q": "lighthouse", "sort": "newest"})
        assert [h.split("/")[-2] for h in hrefs] == ["story-4", "lighthouse-reopens"]
        assert not page.js_errors
