"""The rebuild that adds articles (``additions``): the pages the new articles change are found by query
from the catalog and rendered alone, and the output is byte for byte what a clean build makes of the same
content; whatever it cannot do the same, it leaves to the full plan (which then runs and is right too)."""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import pytest
from conftest import run_cli, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.build import build
from newsarchive.options import BuildOptions

REPO = Path(__file__).resolve().parents[1]
WORDS = ("harbour", "council", "ferry", "storm", "budget", "mayor", "inquiry", "school", "bridge", "tide",
         "market", "strike", "festival", "museum", "tram", "vote", "court", "rail", "dune", "orchard",
         "الميناء", "المجلس", "العاصفة", "port", "marée", "grève", "musée", "puerto", "huelga", "marea")


def _sample(root: Path, sitemap: bool = True) -> Path:
    """The repository's sample archive (``sitemap``: with its base_url, so with a sitemap)."""
    site = root / "site"
    shutil.copytree(REPO / "content", site / "content")
    config = (REPO / "newsarchive.yaml").read_text(encoding="utf-8")
    if not sitemap:
        config = re.sub(r"(?m)^base_url:.*\n", "", config)
    (site / "newsarchive.yaml").write_text(config, encoding="utf-8")
    return site


def _article(title: str, date: str, source: str, language: str, tags: list[str], seed: int,
             author: str | None = "Nadia Quellec, staff reporter", extra: str = "") -> str:
    words = [WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(240)]
    # single-newline paragraphs, as exports write them
    body = "\n".join(" ".join(words[i:i + 40]).capitalize() + "." for i in range(0, 240, 40))
    lines = ["---", f'title: "{title}"', f"date: {date}", f'source: "{source}"', f"language: {language}",
             "tags: [" + ", ".join(f'"{t}"' for t in tags) + "]"]
    if author:
        lines.append(f'author: "{author}"')
    return "\n".join(lines) + "\n" + extra + "---\n\n" + body + "\n"


def _same_as_clean(site: Path, tmp: Path) -> None:
    clean = tmp / "clean"
    if clean.exists():
        shutil.rmtree(clean)
    build(site, BuildOptions(search=False, clean=True, output=clean, jobs=1))
    built = site / "build"
    mismatch = []

    def compare(cmp: filecmp.dircmp, prefix: str = "") -> None:
        mismatch.extend(prefix + n for n in cmp.left_only + cmp.right_only)
        for name in cmp.common_files:
            if not filecmp.cmp(Path(cmp.left) / name, Path(cmp.right) / name, shallow=False):
                mismatch.append(prefix + name)
        for name, sub in cmp.subdirs.items():
            if name != ".build.cache":
                compare(sub, f"{prefix}{name}/")

    compare(filecmp.dircmp(built, clean, ignore=[".build.cache"]))
    assert mismatch == [], f"the rebuild differs from a clean build: {mismatch[:10]}"


def _build(site: Path):
    return build(site, BuildOptions(search=False, jobs=1))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The sample, built. (A copy of a built site is not one its catalog trusts: the
    theme's and config's paths are in the build's key.)"""
    site = _sample(tmp_path)
    _build(site)
    return site


def test_a_newest_article_renders_only_the_pages_it_changes_and_equals_a_clean_build(sample, tmp_path):
    (sample / "content/2019/12").mkdir(parents=True, exist_ok=True)
    (sample / "content/2019/12/night-ferry.md").write_text(_article(
        "Night ferry resumes after the storm", "2019-12-31T22:15:00+01:00", "The Harbour Gazette", "en",
        ["harbour", "transport"], 1), encoding="utf-8")
    result = _build(sample)
    assert result.mode == "added"
    assert 0 < result.written <= 50
    page = (sample / "build/2019/12/31/night-ferry-resumes-after-the-storm/index.html").read_text()
    assert "Night ferry resumes after the storm" in page
    home = (sample / "build/index.html").read_text()
    assert "Night ferry resumes after the storm" in home
    _same_as_clean(sample, tmp_path)


def test_a_back_dated_article_a_new_source_and_a_new_day_equal_a_clean_build(sample, tmp_path):
    (sample / "content/2018/x").mkdir(parents=True)
    (sample / "content/2018/x/a.md").write_text(_article(
        "Quarry road reopens", "2018-02-06 08:30:00 +0000", "Valley Courier (Sunday edition)", "en",
        ["roads", "harbour"], 2, author="By Ana Ruiz and Tom Bell"), encoding="utf-8")
    (sample / "content/2018/x/b.md").write_text(_article(
        "مجلس المدينة يناقش الميزانية", "2018-02-06T09:00:00+04:00", "Al-Waha Daily", "ar", ["الميزانية"], 3,
        author=None), encoding="utf-8")
    result = _build(sample)
    assert result.mode == "added"
    _same_as_clean(sample, tmp_path)
    # and again, on the catalog that rebuild wrote
    (sample / "content/2018/x/c.md").write_text(_article(
        "Le port rouvre", "2018-02-07 07:00", "Le Courrier du Littoral", "fr", ["port"], 4), encoding="utf-8")
    assert _build(sample).mode == "added"
    _same_as_clean(sample, tmp_path)


@pytest.mark.parametrize("case", ["draft", "new year", "translation", "same url", "error", "renamed term",
                                  "changed file"])
def test_what_it_cannot_do_the_same_goes_to_the_full_plan_and_is_right(sample, tmp_path, case):
    content = sample / "content"
    (content / "2019/12").mkdir(parents=True, exist_ok=True)
    new = content / "2019/12/new.md"
    text = _article("A council vote", "2019-12-30T10:00:00Z", "Northern Wire", "en", ["council"], 5)
    if case == "draft":
        text = text.replace("---\n\n", "draft: true\n---\n\n", 1)
    elif case == "new year":
        text = text.replace("2019-12-30", "2020-01-02")
    elif case == "translation":
        first = min(content.rglob("*.md")).relative_to(content).as_posix()
        text = text.replace("---\n\n", f"translation_of: {first}\n---\n\n", 1)
    elif case == "same url":
        (content / "2019/12/other.md").write_text(text, encoding="utf-8")
    elif case == "error":
        text = text.replace("date: 2019-12-30T10:00:00Z", "date: the thirtieth")
    elif case == "renamed term":
        text = text.replace('source: "Northern Wire"', 'source: "NORTHERN WIRE"')
    elif case == "changed file":
        first = min(content.rglob("*.md"))
        text_before = first.read_text(encoding="utf-8")
        first.unlink()
        first.write_text(text_before + "\nOne more line.\n", encoding="utf-8")
    new.write_text(text, encoding="utf-8")
    if case == "error":
        before = snapshot(sample / "build")
        done = run_cli("build", "--no-search", cwd=sample)
        assert done.returncode != 0 and "content/2019/12/new.md:3" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
        assert snapshot(sample / "build") == before  # the published archive is untouched
        return
    result = _build(sample)
    assert result.mode != "added"
    _same_as_clean(sample, tmp_path)


def test_the_article_that_splits_the_export_by_year_makes_every_year_s_file(sample, tmp_path, monkeypatch):
    from newsarchive.pages import listing

    monkeypatch.setattr(listing, "EXPORT_LIMIT", 20)  # the sample's 20 articles: one file, 21: one a year
    _build(sample)
    (sample / "content/2019/12").mkdir(parents=True, exist_ok=True)
    (sample / "content/2019/12/new.md").write_text(_article(
        "A council vote", "2019-12-30T10:00:00Z", "Northern Wire", "en", ["council"], 12), encoding="utf-8")
    assert _build(sample).mode == "added"
    assert (sample / "build/api/articles-2018.json").is_file()
    _same_as_clean(sample, tmp_path)


def test_an_article_a_new_one_links_before_it_exists_goes_to_the_full_plan(sample, tmp_path):
    """The link of an earlier article to a file that comes later is made then: its page changes too."""
    (sample / "content/2019/12").mkdir(parents=True, exist_ok=True)
    text = _article("Ferry timetable", "2019-12-30T10:00:00Z", "Northern Wire", "en", ["harbour"], 7)
    (sample / "content/2019/12/first.md").write_text(
        text.replace("---\n\n", "---\n\nSee [the follow-up](later.md) tomorrow.\n\n", 1), encoding="utf-8")
    assert _build(sample).mode == "added"
    _same_as_clean(sample, tmp_path)
    (sample / "content/2019/12/later.md").write_text(_article(
        "Ferry timetable, the follow-up", "2019-12-31T10:00:00Z", "Northern Wire", "en", ["harbour"], 8),
        encoding="utf-8")
    assert _build(sample).mode != "added"
    page = (sample / "build/2019/12/30/ferry-timetable/index.html").read_text(encoding="utf-8")
    assert "2019/12/31/ferry-timetable-the-follow-up/" in page
    _same_as_clean(sample, tmp_path)


def test_after_a_text_edit_additions_still_apply(tmp_path):
    """A text-only rebuild keeps what the rebuilds that add articles need."""
    site = _sample(tmp_path)
    folder = site / "content/2018/wire"
    folder.mkdir(parents=True)
    for n in range(55):  # the oldest of them in no feed's latest 50: its text shows on its page alone
        (folder / f"{n:02d}.md").write_text(_article(
            f"Wire item {n}", f"2018-01-{1 + n // 2:02d}T{8 + n % 2}:00:00Z", "Archive Wire", "en", [], n),
            encoding="utf-8")
    _build(site)
    oldest = folder / "00.md"
    oldest.write_text(oldest.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert _build(site).mode in ("text", "edited")
    (site / "content/2019/12").mkdir(parents=True, exist_ok=True)
    (site / "content/2019/12/other.md").write_text(_article(
        "Tide tables", "2019-12-31T09:00:00Z", "Archive Wire", "en", ["harbour"], 10), encoding="utf-8")
    assert _build(site).mode == "added"
    _same_as_clean(site, tmp_path)


def test_a_site_with_a_sitemap_remakes_only_the_parts_that_changed(tmp_path):
    """The sitemap's parts: the new article's year's, and the other pages' when a list page is full."""
    site = _sample(tmp_path, sitemap=True)
    _build(site)
    before = snapshot(site / "build")
    (site / "content/2019/12").mkdir(parents=True, exist_ok=True)
    (site / "content/2019/12/new.md").write_text(_article(
        "A council vote", "2019-12-30T10:00:00Z", "Northern Wire", "en", ["council"], 6), encoding="utf-8")
    result = _build(site)
    assert result.mode == "added"
    assert "2019/12/30/a-council-vote/</loc>" in (site / "build/sitemap-2019.xml").read_text()
    assert "a-council-vote" not in (site / "build/sitemap-2018.xml").read_text()
    assert (site / "build/sitemap-2018.xml").read_bytes() == before["sitemap-2018.xml"][0]
    _same_as_clean(site, tmp_path)


SOURCES = ("The Harbour Gazette", "Northern Wire", "Le Courrier du Littoral", "Al-Waha Daily", "New Outlet")
LANGUAGES = {"The Harbour Gazette": "en", "Northern Wire": "en", "Le Courrier du Littoral": "fr",
             "Al-Waha Daily": "ar", "New Outlet": "es"}
DAYS = ("2018-03-26T07:00:00Z", "2018-03-26T23:00:00+02:00", "2018-11-05 12:00", "2019-06-01T00:00:00Z",
        "2019-11-30 18:45:00 -0500", "2019-12-31T23:59:59-05:00")


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(SOURCES), st.sampled_from(DAYS),
                          st.lists(st.sampled_from(("harbour", "port", "council", "élections", "الميناء")),
                                   max_size=3, unique=True), st.integers(0, 10_000)),
                min_size=1, max_size=4, unique_by=lambda t: t[3]))
def test_any_additions_equal_a_clean_build(tmp_path_factory, added):
    tmp = tmp_path_factory.mktemp("any")
    site = _sample(tmp, sitemap=len(added) % 2 == 0)
    _build(site)
    (site / "content/added").mkdir()
    for source, day, tags, seed in added:
        (site / f"content/added/{seed}.md").write_text(_article(
            f"Report {seed} on the {WORDS[seed % len(WORDS)]}", day, source, LANGUAGES[source], tags, seed),
            encoding="utf-8")
    _build(site)
    _same_as_clean(site, tmp)


def test_a_sources_profile_counted_by_query_is_the_profile_its_articles_give(tmp_path):
    """The profile an added article's source shows (articles per month, languages, tags) is counted by
    query, its articles not read: the same counts as its articles give, for every source of an archive
    whose outlets write in two languages and tag in three scripts."""
    from newsarchive.catalog.lists import CatalogArchive, Reader
    from newsarchive.catalog.store import close_all, open_store
    from newsarchive.config import load_config
    from newsarchive.pages import views

    site = _sample(tmp_path)
    for n, (language, tags) in enumerate([("fr", ["port", "élections"]), ("en", ["port"]),
                                          ("ar", ["الميناء", "port"]), ("fr", [])]):
        (site / f"content/2019/02/bilingual-{n}.md").write_text(_article(
            f"Bilingual wire {n}", f"2019-0{2 + n}-1{n}T08:00:00Z", "The Harbour Gazette", language, tags, n),
            encoding="utf-8")
    _build(site)
    config = load_config(site)[0]
    archive = CatalogArchive(Reader(open_store(site / ".build.cache"), config), config)
    try:
        sources = archive.sources
        assert len(sources) >= 4
        for term in sources:
            assert views.source_profile(term, archive.profile_counts(term)) == views.source_profile(term)
        gazette = next(t for t in sources if t.name == "The Harbour Gazette")
        assert {name for name, _url, _n in views.source_profile(gazette)["languages"]} >= {"English"} 
        assert len(views.source_profile(gazette)["languages"]) >= 3
    finally:
        close_all()
