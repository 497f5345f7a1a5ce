"""Versions and corrections: earlier versions kept beside an article (by hand or by importing a changed item
again), corrections in front matter, and what readers see of them: the article page's note and links, the
version pages with their word-level diff (English, French, Arabic right to left), JSON-LD, feeds, check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import screenshot, serve
from conftest import run_cli, sitemap_text, snapshot, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.build import BuildOptions, build
from newsarchive.versions import files as versions
from newsarchive.versions import worddiff

MOMENT = "1522142100"  # 2018-03-27T09:15:00Z: when the tests' imports take their copies

STORM_V1 = """---
title: Storm hits the harbour, 21 dead
date: 2018-03-26T07:45:00+01:00
source: Harbour Gazette
language: en
url: https://gazette.example.com/2018/03/26/storm
author: Maeve Doyle, Harbour correspondent
---
The storm left 21 dead in the harbour town overnight.
Roads along the quay are closed until further notice.

Fishermen kept their boats ashore for a second day.
"""

STORM = """---
title: Storm hits the harbour, 12 dead
date: 2018-03-26T07:45:00+01:00
source: Harbour Gazette
language: en
url: https://gazette.example.com/2018/03/26/storm
author: Maeve Doyle, Harbour correspondent
slug: storm-hits-the-harbour-21-dead
corrections:
  - date: 2018-03-27
    note: The toll was 12, not 21 as first reported.
---
The storm left 12 dead in the harbour town overnight.
Roads along the quay reopened on Tuesday.

Fishermen kept their boats ashore for a second day.
"""

PORT_V1 = """---
title: Le port de Kervel rouvre après la tempête
date: 2018-03-27
source: Le Courrier du Littoral
language: fr
---
Le port a rouvert mardi matin ; 1 200 bateaux sont rentrés avant midi.
"""

PORT = PORT_V1.replace("1 200 bateaux", "1 250 bateaux")

WAHA_V1 = """---
title: استقالة رئيس البلدية بعد خلاف حول عقد الميناء
date: 2018-03-22
source: Al-Waha Daily
language: ar
---
قدم رئيس البلدية استقالته صباح الثلاثاء بعد خلاف حول عقد الميناء.
"""

WAHA = WAHA_V1.replace("صباح الثلاثاء", "مساء الأربعاء")


def _site(root: Path) -> Path:
    return write_site(root, {
        "2018/03/2018-03-26-storm.md": STORM,
        "2018/03/2018-03-26-storm.versions/2018-03-27T09-15-00Z.md": STORM_V1,
        "2018/03/2018-03-27-port.md": PORT,
        "2018/03/2018-03-27-port.versions/2018-03-27T10-00-00Z.md": PORT_V1,
        "2018/03/2018-03-22-waha.md": WAHA,
        "2018/03/2018-03-22-waha.versions/2018-03-23T08-00-00Z.md": WAHA_V1,
        "2018/03/2018-03-20-quiet.md": ("---\ntitle: A quiet day\ndate: 2018-03-20\nsource: Harbour Gazette\n"
                                        "---\nNothing changed here.\n"),
    }, "title: Harbour archive\nbase_url: https://archive.example.org/\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = _site(tmp_path_factory.mktemp("versions") / "site")
    build(site, BuildOptions(jobs=1, search=False))
    return site / "build"


def _read(out: Path, url: str) -> str:
    return (out / url / "index.html").read_text(encoding="utf-8")


STORM_URL = "2018/03/26/storm-hits-the-harbour-21-dead/"


def _visible(html: str) -> str:
    """The text a reader sees (tags out, screen-reader labels out, spaces folded)."""
    html = re.sub(r'<span class="diff-label">[^<]*</span>', "", html)
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_version_files_are_not_articles_and_the_address_never_changes(built: Path):
    assert (built / STORM_URL / "index.html").is_file()
    listed = _read(built, "")
    assert listed.count("Storm hits the harbour, 12 dead") >= 1 and "21 dead" not in listed
    assert not list(built.rglob("*2018-03-27T09-15-00Z*"))


def test_the_article_page_says_how_often_it_changed_and_links_each_version(built: Path):
    page = _read(built, STORM_URL)
    note = re.search(r'<p class="change-note">(.*?)</p>', page).group(1)
    assert note == ("Updated once; corrected on March 27, 2018: <bdi>The toll was 12, not 21 as first "
                    "reported.</bdi>")
    assert 'href="../../../../2018/03/26/storm-hits-the-harbour-21-dead/versions/1/"' in page
    assert "Version 1 · <time datetime=\"2018-03-27T09:15:00+00:00\">March 27, 2018</time>" in page
    quiet = _read(built, "2018/03/20/a-quiet-day/")
    assert "change-note" not in quiet and "versions/" not in quiet


def test_json_ld_has_the_modification_date_and_the_corrections(built: Path):
    page = _read(built, STORM_URL)
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    data = json.loads(found.group(1))
    assert data["datePublished"] == "2018-03-26T07:45:00+01:00"
    assert data["dateModified"] == "2018-03-27T09:15:00+00:00"  # no updated: the newest version's moment
    assert data["correction"] == [{"@type": "CorrectionComment", "datePublished": "2018-03-27",
                                   "text": "The toll was 12, not 21 as first reported."}]


def test_the_current_version_page_shows_the_english_headline_change_word_by_word(built: Path):
    page = _read(built, STORM_URL + "versions/2/")
    assert '<meta name="robots" content="noindex">' in page
    assert '<link rel="canonical" href="https://archive.example.org/' + STORM_URL + '">' in page
    assert "Changes from version 1" in page
    title = re.search(r'<p class="diff-title">(.*?)</p>', page, re.DOTALL).group(1)
    assert _visible(title) == "Title: Storm hits the harbour, [−21] [+12] dead"
    diff = re.search(r'<div class="diff-body">(.*?)</div>', page, re.DOTALL).group(1)
    assert _visible(diff).startswith("The storm left [−21] [+12] dead in the harbour town overnight. "
                                     "Roads along the quay [−are closed until further notice][+reopened on "
                                     "Tuesday].")
    assert '<del><span class="diff-label">deleted: </span>' in diff  # told apart without colour
    assert '<ins><span class="diff-label">inserted: </span>' in diff
    assert "1 words inserted" not in page and "4 words inserted, 6 words deleted" in page
    assert 'href="../../../../../../' + STORM_URL + '">Read the current version' in page


def test_an_earlier_version_page_shows_that_version_as_it_was(built: Path):
    page = _read(built, STORM_URL + "versions/1/")
    assert "<h1>Storm hits the harbour, 21 dead</h1>" in page
    assert "The storm left 21 dead" in page and "diff-body" not in page  # the first: nothing before it
    assert "Version 1 · archived on <time datetime=\"2018-03-27T09:15:00+00:00\">" in page


def test_a_french_figure_correction_is_one_word(built: Path):
    page = _read(built, "2018/03/27/le-port-de-kervel-rouvre-apres-la-tempete/versions/2/")
    diff = _visible(re.search(r'<div class="diff-body">(.*?)</div>', page, re.DOTALL).group(1))
    assert diff == "Le port a rouvert mardi matin ; 1 [−200] [+250] bateaux sont rentrés avant midi."
    assert '<article class="version" lang="fr" dir="ltr">' in page


def test_an_arabic_edit_keeps_the_article_s_script_and_direction(built: Path):
    out = [p for p in built.glob("2018/03/22/*/versions/2/index.html")]
    assert len(out) == 1
    page = out[0].read_text(encoding="utf-8")
    assert '<article class="version" lang="ar" dir="rtl">' in page
    diff = _visible(re.search(r'<div class="diff-body">(.*?)</div>', page, re.DOTALL).group(1))
    assert diff == "قدم رئيس البلدية استقالته [−صباح الثلاثاء] [+مساء الأربعاء] بعد خلاف حول عقد الميناء."


def test_version_pages_are_out_of_the_sitemap_and_feeds_mark_the_update(built: Path):
    sitemap = sitemap_text(built)
    assert STORM_URL in sitemap and "/versions/" not in sitemap
    feed = (built / "feed.xml").read_text(encoding="utf-8")
    entry = next(e for e in feed.split("<entry") if "Storm hits the harbour" in e)
    assert "<published>2018-03-26T07:45:00+01:00</published>" in entry
    assert "<updated>2018-03-27T09:15:00+00:00</updated>" in entry
    assert "&lt;p class=&#34;change-note&#34;&gt;&lt;em&gt;Updated once; corrected on March 27, 2018" in entry


def test_check_lists_the_articles_changed_since_first_archived(built: Path):
    site = built.parent
    done = run_cli("check", cwd=site)
    assert done.returncode == 0, done.stderr
    said = done.stdout + done.stderr
    assert ("content/2018/03/2018-03-26-storm.md: info: changed since it was first archived: 1 earlier "
            "version, 1 correction; its earlier versions are in content/2018/03/2018-03-26-storm.versions/"
            in said)
    assert "3 article(s) changed since first archived" in said and "quiet" not in said.split("info")[0]


# ---- bad input ----

@pytest.mark.parametrize("value, message", [
    ("[{date: 2018-03-27}]", "content/a.md:5: 'corrections' has no 'note'; say what was corrected"),
    ("[{date: 2018-02-30, note: Fixed.}]",
     "content/a.md:5: 'corrections': 'date': '2018-02-30' is not a real date"),
    ("[{note: Fixed.}]", "content/a.md:5: 'corrections' has no 'date'; add the day it was corrected"),
    ("yes", "content/a.md:5: 'corrections' must be a list of {date, note}, not str"),
    ("[{date: 2018-03-27, note: Fixed.}, {date: 2018-03-28, nte: Typo}]",
     "content/a.md:5: 'corrections' item 2 has an unknown key 'nte'"),
])
def test_bad_corrections_are_reported_with_the_file_and_line(tmp_path: Path, value: str, message: str):
    site = write_site(tmp_path / "site", {"a.md": "---\ntitle: T\ndate: 2018-03-26\nsource: S\n"
                                                   f"corrections: {value}\n---\nText.\n"})
    done = run_cli("build", cwd=site)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_versions_folder_without_its_article_is_an_error_and_nothing_is_written(tmp_path: Path):
    site = _site(tmp_path / "site")
    assert run_cli("build", cwd=site).returncode == 0
    before = snapshot(site / "build")
    (site / "content/2018/03/2018-03-26-storm.md").rename(site / "content/2018/03/2018-03-26-tempest.md")
    done = run_cli("build", cwd=site)
    assert done.returncode == 1
    assert ("content/2018/03/2018-03-26-storm.versions: is a versions folder without its article: there is "
            "no 2018-03-26-storm.md (or .txt) beside it; move it beside its article") in done.stderr
    assert snapshot(site / "build") == before


def test_a_broken_version_file_is_reported_at_its_own_path(tmp_path: Path):
    site = _site(tmp_path / "site")
    (site / "content/2018/03/2018-03-27-port.versions/2018-03-27T10-00-00Z.md").write_text(
        "---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    done = run_cli("build", cwd=site)
    assert done.returncode == 1
    shown = "content/2018/03/2018-03-27-port.versions/2018-03-27T10-00-00Z.md"
    assert f"{shown}:3: front matter is not valid YAML" in done.stderr


# ---- importing a changed item again ----

FIRST = [
    {"title": "Ferry fares to rise by five percent in April", "date": "2018-03-20T10:00:00Z",
     "source": "Northern Wire", "language": "en", "url": "https://northernwire.example/2018/03/20/ferry-fares",
     "text": "The ferry company said on Tuesday that fares would rise by five percent from April.\n\n"
             "Season tickets are not affected.", "tags": ["transport"]},
    {"title": "Le maire démissionne", "date": "2018-03-21", "source": "Le Courrier du Littoral",
     "language": "fr", "url": "https://courrier-littoral.example/2018/03/21/maire",
     "text": "Le maire de Port-Kervel a démissionné lundi.\n\nIl dirigeait la ville depuis 12 ans."},
    {"title": "استقالة رئيس البلدية", "date": "2018-03-22", "source": "Al-Waha Daily", "language": "ar",
     "url": "https://alwaha.example/2018/03/22/mayor",
     "text": "قدم رئيس البلدية استقالته صباح الثلاثاء."},
    {"title": "Harbour dredging starts", "date": "2018-03-23", "source": "Northern Wire",
     "url": "https://northernwire.example/2018/03/23/dredging", "text": "Dredging began at dawn."},
]


def _second() -> list[dict]:
    edited = [dict(item) for item in FIRST]
    edited[0].update(title="Ferry fares to rise by six percent in April",
                     text=edited[0]["text"].replace("five percent", "six percent"), tags=["fares"])
    edited[1]["text"] = edited[1]["text"].replace("12 ans", "14 ans")  # a figure corrected
    edited[2]["text"] = "قدم رئيس البلدية استقالته مساء الأربعاء."
    edited[3]["text"] = "Dredging   began\nat dawn."  # whitespace only: not a new version
    return edited


def _jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return path


def test_importing_a_changed_item_again_records_a_new_version(tmp_path: Path):
    site = write_site(tmp_path / "site", {}, "title: Wire archive\nbase_url: https://archive.example.org/\n")
    first = _jsonl(tmp_path / "wire.jsonl", FIRST)
    env = {"SOURCE_DATE_EPOCH": MOMENT}
    assert run_cli("import", str(first), cwd=site, env=env).returncode == 0
    ferry = site / "content/2018/03/2018-03-20-ferry-fares-to-rise-by-five-percent-in-april.txt"
    # an editor adds a tag and a correction by hand between the imports
    ferry.write_text(ferry.read_text(encoding="utf-8").replace(
        "tags: [transport]", "tags: [transport, islands]\ncorrections: [{date: 2018-03-21, note: 'The rise "
        "starts in April, not May.'}]"), encoding="utf-8")
    again = run_cli("import", str(_jsonl(tmp_path / "wire-later.jsonl", _second())), cwd=site, env=env)
    assert again.returncode == 0, again.stderr
    out = again.stdout
    assert (f"{tmp_path / 'wire-later.jsonl'}:1: updated (version 2): content/2018/03/"
            "2018-03-20-ferry-fares-to-rise-by-five-percent-in-april.txt") in out.replace(str(site) + "/", "")
    assert ":2: updated (version 2)" in out and ":3: updated (version 2)" in out
    assert ":4: skipped: already in the archive" in out  # whitespace only
    assert "updated 3 articles (a new version each); skipped 1 already in the archive" in out

    kept = ferry.with_suffix(".versions") / "2018-03-27T09-15-00Z.txt"
    assert kept.is_file() and "five percent" in kept.read_text(encoding="utf-8")
    now = ferry.read_text(encoding="utf-8")
    assert "title: Ferry fares to rise by six percent in April" in now
    assert "slug: ferry-fares-to-rise-by-five-percent-in-april" in now  # the address stays
    assert "tags: [transport, islands, fares]" in now
    assert "corrections: [{date: '2018-03-21', note: 'The rise starts in April, not May.'}]" in now
    assert "imported_from: {file: wire-later.jsonl, record: line 1}" in now

    # a third import of the same file: nothing changed since
    third = run_cli("import", str(tmp_path / "wire-later.jsonl"), cwd=site, env=env)
    assert "updated" not in third.stdout and "skipped 4 already in the archive" in third.stdout

    built = run_cli("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    url = "2018/03/20/ferry-fares-to-rise-by-five-percent-in-april/"
    page = _read(site / "build", url)
    assert "<h1>Ferry fares to rise by six percent in April</h1>" in page
    assert "Updated once; corrected on March 21, 2018: <bdi>The rise starts in April, not May.</bdi>" in page
    diff = _read(site / "build", url + "versions/2/")
    assert _visible(re.search(r'<p class="diff-title">(.*?)</p>', diff, re.DOTALL).group(1)) == \
        "Title: Ferry fares to rise by [−five] [+six] percent in April"
    mayor = _read(site / "build", "2018/03/21/le-maire-demissionne/versions/2/")
    assert "[−12] [+14] ans" in _visible(mayor)
    arabic = next((site / "build/2018/03/22").glob("*/versions/2/index.html")).read_text(encoding="utf-8")
    assert "استقالته [−صباح الثلاثاء][+مساء الأربعاء]." in _visible(arabic) and 'dir="rtl"' in arabic


def test_an_article_written_by_hand_is_never_replaced_by_an_import(tmp_path: Path):
    site = write_site(tmp_path / "site", {"mine.md": "---\ntitle: My own account\ndate: 2018-03-20\n"
                                                     "source: Northern Wire\nurl: https://northernwire.example"
                                                     "/2018/03/20/ferry-fares\n---\nWritten by me.\n"})
    done = run_cli("import", str(_jsonl(tmp_path / "w.jsonl", FIRST[:1])), cwd=site)
    assert "skipped: already in the archive: content/mine.md (same url)" in done.stdout
    assert not (site / "content/mine.versions").exists()


def test_a_feed_imported_again_with_an_edit_records_a_version(tmp_path: Path):
    feed = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Le Courrier du Littoral</title><link>https://courrier.example/</link>
<language>fr</language>
<item><title>{title}</title><link>https://courrier.example/2018/03/26/ecluse</link>
<pubDate>Mon, 26 Mar 2018 08:00:00 +0200</pubDate><description>&lt;p&gt;{text}&lt;/p&gt;</description></item>
</channel></rss>
"""
    site = write_site(tmp_path / "site", {})
    (tmp_path / "a.rss").write_text(feed.format(title="L'écluse fermée", text="Fermée pour 3 jours."))
    (tmp_path / "b.rss").write_text(feed.format(title="L'écluse fermée", text="Fermée pour 5 jours."))
    env = {"SOURCE_DATE_EPOCH": MOMENT}
    assert run_cli("import", str(tmp_path / "a.rss"), cwd=site, env=env).returncode == 0
    done = run_cli("import", str(tmp_path / "b.rss"), cwd=site, env=env)
    assert "entry 1: updated (version 2)" in done.stdout
    folder = site / "content/2018/03/2018-03-26-l-ecluse-fermee.versions"
    assert [p.name for p in folder.iterdir()] == ["2018-03-27T09-15-00Z.md"]
    again = run_cli("import", str(tmp_path / "a.rss"), cwd=site, env=env)  # the older text comes back
    assert "entry 1: updated (version 3)" in again.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["2018-03-27T09-15-00Z.md", "2018-03-27T09-15-01Z.md"]


# ---- the diff itself ----

def test_the_diff_compares_characters_in_scripts_without_spaces():
    html, inserted, deleted = worddiff.diff_html(["台风造成十二人死亡。"], ["台风造成十三人死亡。"])
    assert _visible(html) == "台风造成十[−二][+三]人死亡。" and (inserted, deleted) == (1, 1)
    thai, *_ = worddiff.diff_html(["ฝนตกหนักมาก"], ["ฝนตกหนักน้อย"])
    assert "[−มาก]" in _visible(thai) or "[−ม" in _visible(thai)


def test_whitespace_alone_is_no_change_and_text_is_escaped():
    html, inserted, deleted = worddiff.diff_html(["a  b\nc"], ["a b c"])
    assert (inserted, deleted) == (0, 0) and html == "<p>a b c</p>"
    html, *_ = worddiff.diff_html(["x"], ["<script>alert(1)</script> & x"])
    assert "<script" not in html and "&lt;script&gt;" in html


_words = st.lists(st.sampled_from(["the", "storm", "12", "21", "port", "ميناء", "台", "风", "é", "<b>", "&"]),
                  max_size=30)


@settings(max_examples=200, deadline=None)
@given(_words, _words)
def test_the_diff_gives_back_both_texts(old: list[str], new: list[str]):
    """Leaving out the insertions gives the old text; leaving out the deletions gives the new one."""
    html, *_ = worddiff.diff_html([" ".join(old)], [" ".join(new)])
    html = re.sub(r'<span class="diff-(?:label|mark)"[^>]*>[^<]*</span>', "", html)

    def without(tag: str) -> str:
        import html as html_lib
        text = re.sub(rf"<{tag}>.*?</{tag}>", " ", html)
        return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", text)).split())

    def joined(words: list[str]) -> str:
        return "".join(t.word for t in worddiff.tokens([" ".join(words)]))

    assert "".join(without("ins").split()) == joined(old).replace(" ", "")
    assert "".join(without("del").split()) == joined(new).replace(" ", "")


def test_version_names_sort_in_time_order_and_are_valid_everywhere(tmp_path: Path):
    from datetime import datetime, timezone

    article = tmp_path / "2018-03-26-storm.md"
    article.write_text("one")
    moment = datetime(2018, 3, 27, 9, 15, tzinfo=timezone.utc)
    names = []
    for text in ("two", "three"):
        path, _n = versions.record(article, moment)  # the same second twice: the next second
        names.append(path.name)
        article.write_text(text)
    assert names == ["2018-03-27T09-15-00Z.md", "2018-03-27T09-15-01Z.md"] == sorted(names)
    assert not any(c in "".join(names) for c in ':*?"<>|\\')
    assert versions.moment_of(names[1]) == datetime(2018, 3, 27, 9, 15, 1, tzinfo=timezone.utc)


# ---- in a browser ----

def test_a_version_page_in_a_browser_rtl_dark_and_print(built: Path, page):
    arabic = next(built.glob("2018/03/22/*/versions/2/index.html")).relative_to(built).parent.as_posix() + "/"
    with serve(built) as base:
        page.goto(base + arabic)
        facts = page.evaluate("""() => {
          const ins = document.querySelector('.diff-body ins');
          const del = document.querySelector('.diff-body del');
          const article = document.querySelector('article.version');
          const style = (e) => getComputedStyle(e);
          return {ins: ins.innerText, del: del.innerText,
                  insLine: style(ins).textDecorationLine, delLine: style(del).textDecorationLine,
                  direction: style(article).direction, insBox: ins.getBoundingClientRect().width,
                  body: style(document.body).backgroundColor, insBg: style(ins).backgroundColor};
        }""")
        assert facts["direction"] == "rtl"
        assert "[+" in facts["ins"] and "[−" in facts["del"]  # visible markers
        assert "مساء الأربعاء" in facts["ins"] and "صباح الثلاثاء" in facts["del"]
        assert facts["insLine"] == "underline" and facts["delLine"] == "line-through"
        assert facts["insBox"] > 0
        screenshot(page, "version-diff-arabic-light")
        page.emulate_media(color_scheme="dark")
        dark = page.evaluate("() => [getComputedStyle(document.body).backgroundColor,"
                             " getComputedStyle(document.querySelector('.diff-body ins')).backgroundColor]")
        assert dark[0] != facts["body"] and dark[1] != facts["insBg"]
        screenshot(page, "version-diff-arabic-dark")
        page.emulate_media(media="print", color_scheme="light")
        printed = page.evaluate("""() => ({
          list: getComputedStyle(document.querySelector('.version-nav')).display,
          insBg: getComputedStyle(document.querySelector('.diff-body ins')).backgroundColor,
          mark: document.querySelector('.diff-body ins .diff-mark').getBoundingClientRect().width})""")
        assert printed["list"] == "none" and printed["mark"] > 0
        assert printed["insBg"] in ("rgba(0, 0, 0, 0)", "transparent")
        screenshot(page, "version-diff-arabic-print")
        assert page.js_errors == []


def test_a_new_version_s_text_is_written_in_the_article_file_s_own_format():
    """Plain text going into a Markdown article is escaped (shown as written, never read as markup); HTML
    going into a plain-text article becomes its text."""
    from datetime import date

    from newsarchive.content.markup import render_markdown
    from newsarchive.importer.records import Item
    from newsarchive.importer.revise import body_for

    plain = Item("w", 1, "T", "2018-03-26", date(2018, 3, 26),
                 body="# 12 *dead*, AT&amp;T <b>\n\n- 3. [a](b)", body_kind="text")
    html = render_markdown(body_for(Path("a.md"), plain), "", want_title=False)[0]
    assert worddiff.paragraphs(html) == ["# 12 *dead*, AT&amp;T <b>", "- 3. [a](b)"]
    rich = Item("w", 1, "T", "2018-03-26", date(2018, 3, 26), body="<p>Le <b>port</b> rouvre</p><p>Fin.</p>",
                body_kind="html")
    assert body_for(Path("a.txt"), rich) == "Le port rouvre\n\nFin."


def test_hostile_markup_in_a_version_never_runs(tmp_path: Path):
    """A kept version is content like any article: its body goes through the sanitizer, its title and the
    diff are escaped."""
    hostile = ("---\ntitle: '<img src=x onerror=alert(1)>Storm'\ndate: 2018-03-26\nsource: Wire\n---\n"
               "Text <script>alert(2)</script> and <a href=\"javascript:alert(3)\">a link</a>.\n")
    site = write_site(tmp_path / "site", {
        "2018-03-26-storm.md": "---\ntitle: Storm\ndate: 2018-03-26\nsource: Wire\n---\nText and a link.\n",
        "2018-03-26-storm.versions/2018-03-27T09-15-00Z.md": hostile})
    build(site, BuildOptions(jobs=1, search=False))
    for number in (1, 2):
        page = _read(site / "build", f"2018/03/26/storm/versions/{number}/")
        assert "<script>alert" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
        assert "javascript:" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;Storm" in _read(site / "build", "2018/03/26/storm/versions/1/")


def test_the_change_note_is_in_the_site_s_language(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "2018/03/2018-03-27-port.md": PORT.replace("language: fr\n", "language: fr\ncorrections: [{date: "
                                                   "2018-03-28, note: 1 250 bateaux et non 1 200.}]\n"),
        "2018/03/2018-03-27-port.versions/2018-03-27T10-00-00Z.md": PORT_V1,
        "2018/03/2018-03-27-port.versions/2018-03-28T06-30-00Z.md": PORT_V1.replace("mardi", "mardi matin"),
    }, "title: Archives du Littoral\nlanguage: fr\n")
    build(site, BuildOptions(jobs=1, search=False))
    page = _read(site / "build", "2018/03/27/le-port-de-kervel-rouvre-apres-la-tempete/")
    note = re.search(r'<p class="change-note">(.*?)</p>', page).group(1)
    assert note == "Mis à jour 2 fois; corrigé le 28 mars 2018\u202f: <bdi>1 250 bateaux et non 1 200.</bdi>"
    assert "Voir ce qui a changé" in page and "Version 3 (actuelle)" in page
    version = _read(site / "build", "2018/03/27/le-port-de-kervel-rouvre-apres-la-tempete/versions/3/")
    assert "Changements depuis la version 2" in version
    assert '<span class="diff-label">ajouté: </span>' in version
