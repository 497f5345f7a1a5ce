"""The same story across outlets: the labelled sample (tests/fixtures/stories) built as a site, its stories
pages, the article pages' "Also reported by", the hard negatives kept apart, check's exact duplicates,
the configuration, rebuilds, and the shingling's properties."""

from __future__ import annotations

import json
import random
import re
import shutil
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import REPO, article, resolve, run_cli, snapshot, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.build import BuildOptions, build
from newsarchive.stories import detect as stories
from newsarchive.stories import shingles

SAMPLE = REPO / "tests" / "fixtures" / "stories"
BRIDGE = "2025/03/04/harbour-bridge-closed-after-crack-found-in-girder/index.html"


def labels() -> dict[str, str]:
    out = {}
    for line in (SAMPLE / "labels.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            path, label = line.split("\t")
            out[path] = label
    return out


def copy_sample(tmp_path: Path, config: str | None = None) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    if config is not None:
        (site / "newsarchive.yaml").write_text(config, encoding="utf-8")
    return site


def text(html: str) -> str:
    """What a reader sees of some HTML, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" ,", ",").replace("( ", "(")


def also_reported(page: Path) -> list[tuple[str, str]]:
    """The (link target, text) of each "Also reported by" link, or [] when the page has none."""
    html = page.read_text(encoding="utf-8")
    found = re.search(r'<p class="also-reported".*?</p>', html, re.DOTALL)
    if not found:
        return []
    links = re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', found.group(0))
    return [(href, text(inner)) for href, inner in links]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_sample(tmp_path_factory.mktemp("stories"))
    build(site, BuildOptions(jobs=1))
    return site / "build"


def article_page(out: Path, rel: str) -> Path:
    """The page of the article whose file is content/``rel`` (from the site's api/articles.json)."""
    for item in json.loads((out / "api/articles.json").read_text(encoding="utf-8"))["articles"]:
        if item["file"] == "content/" + rel:
            return out / unquote(item["path"]) / "index.html"
    raise AssertionError(rel)


def test_the_days_stories_page_lists_each_story_of_several_outlets_largest_first(built: Path):
    html = (built / "stories/2025/03/04/index.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="story".*?</section>', html, re.DOTALL)
    assert [text(re.search(r"<h2.*?</h2>", s, re.DOTALL).group(0)) for s in sections] == [
        "Harbour bridge closed after crack found in girder",  # 4 articles, then 3 (the earlier first)
        "افتتاح محطة لتحلية مياه البحر في صور",
        "Grève des contrôleurs aériens à Brest : 42 vols annulés",
    ]
    bridge = text(sections[0])
    assert "4 articles" in bridge
    assert "Sources: Coastline Wire, Northern Post, The Morning Ledger, Valley Courier" in bridge
    assert "Languages: English" in bridge
    assert "Languages: Arabic" in text(sections[1]) and "Languages: French" in text(sections[2])
    # the story's article of the next day is on the page of its first day
    assert "Girder damage keeps northern span closed" in bridge
    # the Arabic story's headline reads right to left
    assert re.search(r'<h2[^>]*><a [^>]*lang="ar" dir="rtl"', sections[1])


def test_the_stories_are_the_labelled_ones_and_the_hard_negatives_stay_apart(built: Path):
    truth = labels()
    shown: dict[str, set[str]] = {}  # article page -> the pages its "Also reported by" links
    for rel in truth:
        page = article_page(built, rel)
        shown[rel] = {resolve(built, page, href).parent.name for href, _ in also_reported(page)
                      if "/stories/" not in resolve(built, page, href).as_posix()}
    for rel, label in truth.items():
        others = {article_page(built, o).parent.name for o, lab in truth.items() if lab == label and o != rel}
        assert shown[rel] == others, rel
    # the negatives: a briefing sharing its template, a bridge story of the same week, a strike in another
    # town, another water project, the same wire text a month later
    for rel, label in truth.items():
        if label.startswith("neg-"):
            assert also_reported(article_page(built, rel)) == [], rel


def test_also_reported_by_names_each_other_outlet_and_its_day(built: Path):
    links = also_reported(built / BRIDGE)
    assert [t for _h, t in links] == ["The Morning Ledger", "Valley Courier", "Northern Post",
                                      "All outlets' articles of this story"]
    html = (built / BRIDGE).read_text(encoding="utf-8")
    line = text(re.search(r'<p class="also-reported".*?</p>', html, re.DOTALL).group(0))
    assert line.startswith("Also reported by: The Morning Ledger (same day), Valley Courier (next day), "
                           "Northern Post (next day)")
    for href, _t in links:
        assert resolve(built, built / BRIDGE, href) is not None, href
    story = built / "stories" / BRIDGE
    assert resolve(built, built / BRIDGE, links[-1][0]) == story  # the story's own page
    listed = re.findall(r'<li class="entry.*?</li>', story.read_text(encoding="utf-8"), re.DOTALL)
    assert len(listed) == 4
    # seen from the next day's article, the wire's is "the day before"
    later = also_reported(built / "2025/03/05/girder-damage-keeps-northern-span-closed/index.html")
    assert ("Coastline Wire", "the day before") in _said(
        built / "2025/03/05/girder-damage-keeps-northern-span-closed/index.html")
    assert len(later) == 4


def test_day_pages_link_their_stories_page_and_days_without_one_do_not(built: Path):
    days = [p.relative_to(built).as_posix() for p in (built / "stories").glob("*/*/*/index.html")]
    assert sorted(days) == ["stories/2025/03/04/index.html", "stories/2025/03/06/index.html"]
    for day in ("2025/03/04", "2025/03/06"):
        html = (built / day / "index.html").read_text(encoding="utf-8")
        href = re.search(r'<p class="stories-link"><a href="([^"]+)"', html).group(1)
        assert resolve(built, built / day / "index.html", href) == built / "stories" / day / "index.html"
    for day in ("2025/03/03", "2025/03/05", "2025/03/07", "2025/04/08"):
        assert "stories-link" not in (built / day / "index.html").read_text(encoding="utf-8")
    library = text((built / "stories/2025/03/06/index.html").read_text(encoding="utf-8"))
    assert "Council approves new budget for central library" in library
    assert "Library renovation wins council vote" in library  # the next day's, on its story's first day


@pytest.mark.parametrize("language, said, direction", [
    ("fr", "Également rapporté par : The Morning Ledger (le même jour), Valley Courier (le lendemain)",
     "ltr"),
    ("ar", "نقلته أيضاً: The Morning Ledger (في اليوم نفسه)، Valley Courier (في اليوم التالي)", "rtl"),
])
def test_the_relative_days_are_said_in_the_sites_language(tmp_path: Path, language: str, said: str,
                                                          direction: str):
    site = copy_sample(tmp_path, f"title: Archive\nlanguage: {language}\nsearch: false\n")
    build(site, BuildOptions(jobs=1))
    html = (site / "build" / BRIDGE).read_text(encoding="utf-8")
    paragraph = re.search(r'<p class="also-reported"[^>]*>.*?</p>', html, re.DOTALL).group(0)
    assert f'lang="{language}" dir="{direction}"' in paragraph
    assert text(paragraph).startswith(said)


def test_relative_days_beyond_one(tmp_path: Path):
    from newsarchive.i18n import relative_day

    assert relative_day(3, "en") == "3 days later" and relative_day(-2, "en") == "2 days earlier"
    assert relative_day(2, "fr") == "2 jours plus tard" and relative_day(-3, "ar") == "قبل 3 أيام"


def test_stories_off_or_a_higher_threshold_in_the_config(tmp_path: Path):
    site = copy_sample(tmp_path, "title: Archive\nsearch: false\nstories: false\n")
    build(site, BuildOptions(jobs=1))
    assert not (site / "build/stories").exists()
    assert also_reported(site / "build" / BRIDGE) == []
    (site / "newsarchive.yaml").write_text("search: false\nstories:\n  threshold: 0.7\n", encoding="utf-8")
    build(site, BuildOptions(jobs=1))
    # at 0.7 only the wire copy republished with the fewest edits stays joined to the wire's
    assert [t for _h, t in also_reported(site / "build" / BRIDGE)][:-1] == ["The Morning Ledger"]
    (site / "newsarchive.yaml").write_text("search: false\nstories:\n  window: 0\n", encoding="utf-8")
    build(site, BuildOptions(jobs=1))
    assert [t for _h, t in also_reported(site / "build" / BRIDGE)][:-1] == ["The Morning Ledger"]


@pytest.mark.parametrize("config, message", [
    ("stories:\n  threshold: 2\n",
     "newsarchive.yaml:2: 'stories.threshold' must be a number above 0 and at most 1"),
    ("stories:\n  window: -1\n",
     "newsarchive.yaml:2: 'stories.window' must be a whole number of days from 0 to 30"),
    ("stories:\n  treshold: 0.5\n",
     "newsarchive.yaml:2: unknown key 'treshold' under 'stories'; did you mean 'threshold'?"),
    ("stories: often\n", "newsarchive.yaml:1: 'stories' must be true, false or a mapping"),
])
def test_a_wrong_stories_setting_names_its_line_and_leaves_the_output(tmp_path: Path, config: str,
                                                                      message: str):
    site = copy_sample(tmp_path)
    build(site, BuildOptions(jobs=1))
    before = snapshot(site / "build")
    (site / "newsarchive.yaml").write_text(config, encoding="utf-8")
    result = run_cli("build", str(site), cwd=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site / "build") == before


def test_check_names_both_files_of_the_same_text_under_two_addresses(tmp_path: Path):
    body = ("Les pêcheurs de Douarnenez ont voté la reprise du travail après trois jours de grève.\n"
            "Le port rouvrira lundi matin.")
    spaced = body.replace("\n", "\n\n  ").replace(" de ", "  de ")
    site = write_site(tmp_path / "site", {
        "2025/03/2025-03-04-reprise.md": article("Reprise au port", "2025-03-04", "Le Courrier", body=body,
                                                 language="fr"),
        # the same words, another title and day, other line breaks and spaces: an exact duplicate
        "2025/03/2025-03-05-port-rouvre.md": article("Le port rouvre lundi", "2025-03-05", "Le Courrier",
                                                     language="fr", body=spaced),
        "2025/03/2025-03-05-autre.md": article("Autre sujet", "2025-03-05", "Le Courrier", language="fr",
                                               body="Le marché aux poissons change d'horaires."),
    })
    result = run_cli("check", ".", cwd=site)
    found = [line for line in result.stderr.splitlines() if "exact duplicate" in line]
    first, second = "content/2025/03/2025-03-04-reprise.md", "content/2025/03/2025-03-05-port-rouvre.md"
    assert found == [(
        f"{second}: warning: exact duplicate: {second} has the same text as {first} (whitespace aside), "
        f"under another address; an article archived twice: delete {second} (or {first}); if they are two "
        "articles, give each its own text")]


def test_adding_an_article_to_a_story_rerenders_its_storys_pages_not_the_archive(tmp_path: Path):
    site = copy_sample(tmp_path)
    build(site, BuildOptions(jobs=1))
    before = snapshot(site / "build")
    wire = (site / "content/2025/03/2025-03-04-harbour-bridge-closed.md").read_text(encoding="utf-8")
    copy = wire.replace('source: "Coastline Wire"', 'source: "Harbour Radio"').replace(
        'title: "Harbour bridge closed after crack found in girder"',
        'title: "Bridge shut: the crack explained"')
    (site / "content/2025/03/2025-03-05-radio-bridge.md").write_text(
        copy.replace("2025-03-04T15:20", "2025-03-05T18:00").replace("Around 23,000", "Some 23,000"),
        encoding="utf-8")
    build(site, BuildOptions(jobs=1))
    after = snapshot(site / "build")
    changed = {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}
    articles = {rel for rel in changed if re.fullmatch(r"2025/\d\d/\d\d/[^/]+/index.html", rel)}
    story = {BRIDGE, "2025/03/05/bridge-shut-the-crack-explained/index.html",
             "2025/03/04/saltmarsh-bridge-shut-for-ten-days/index.html",
             "2025/03/05/crack-closes-the-harbour-bridge-what-drivers-need-to-know/index.html",
             "2025/03/05/girder-damage-keeps-northern-span-closed/index.html"}
    assert story <= articles
    # besides the story's pages, only the new article's own neighbours changed (its source's older article)
    assert articles - story == {"2025/03/05/girder-damage-keeps-northern-span-closed/index.html"} - story
    assert "stories/2025/03/04/index.html" in changed
    assert "2025/03/04/greve-des-enseignants-a-quimper-ecoles-fermees/index.html" not in changed
    assert ("Harbour Radio", "next day") in [(t, w) for t, w in _said(site / "build" / BRIDGE)]


def _said(page: Path) -> list[tuple[str, str]]:
    html = page.read_text(encoding="utf-8")
    line = text(re.search(r'<p class="also-reported".*?</p>', html, re.DOTALL).group(0)).split(": ", 1)[1]
    return [(name.strip(), when) for name, when in re.findall(r"([^,:()]+?) \(([^)]+)\)", line)]


# ---------------------------------------------------------------- the shingling and the index

@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_shingles_without_error_into_sorted_32_bit_hashes(value: str):
    hashes = shingles.shingle_hashes(value)
    assert list(hashes) == sorted(set(hashes.tolist()))
    assert all(0 <= h < 2 ** 32 for h in hashes.tolist())
    signature = stories.signature(value)
    assert signature is None or len(signature) == 4 * stories.PERMUTATIONS


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=8),
                min_size=1, max_size=40), st.sampled_from([" ", "\n", "  \n\t", " <b> ", " — "]))
def test_spacing_markup_and_case_do_not_change_the_shingles(words: list[str], separator: str):
    plain = " ".join(words)
    assert list(shingles.shingle_hashes(separator.join(words))) == list(shingles.shingle_hashes(plain))
    assert list(shingles.shingle_hashes(plain.upper())) == list(shingles.shingle_hashes(plain.casefold())) \
        or any(w.upper().casefold() != w.casefold() for w in words)  # ß, ﬁ... fold into more letters


def test_accents_and_arabic_vowel_marks_are_folded():
    assert shingles.words("Élus à Besançon") == ["elus", "a", "besancon"]
    assert shingles.words("مُحَطَّة أُولى") == shingles.words("محطة اولى")
    assert shingles.words("東京で地震") == ["東", "京", "で", "地", "震"]


def _items() -> list[tuple]:
    texts = {}
    for rel in labels():
        raw = (SAMPLE / "content" / rel).read_bytes()
        texts[rel] = raw
    out = []
    for rel, raw in sorted(texts.items()):
        head = raw.decode("utf-8")
        language = re.search(r"^language: (\S+)", head, re.MULTILINE).group(1)
        source = re.search(r'^source: "(.*)"', head, re.MULTILINE).group(1)
        day = date.fromisoformat(re.search(r"^date: (\d{4}-\d\d-\d\d)", head, re.MULTILINE).group(1))
        out.append((rel, language, day, source, stories.signature(stories.article_text(raw, ""))))
    return out


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_stories_do_not_depend_on_the_order_articles_are_read_in(rng: random.Random):
    items = _items()
    expected = stories.find(items, stories.Settings())
    shuffled = items[:]
    rng.shuffle(shuffled)
    assert stories.find(shuffled, stories.Settings()) == expected
    assert len(expected.groups) == 4


def test_the_signatures_are_kept_by_content_and_only_new_ones_computed(tmp_path: Path):
    site = copy_sample(tmp_path)
    build(site, BuildOptions(jobs=1))
    kept = stories.load_signatures(site / ".build.cache")
    assert len(kept) == len(labels())
    (site / "content/2025/03/2025-03-08-new.md").write_text(
        article("A new one", "2025-03-08", "Northern Post",
                body="Ten words or so, for a signature of its own, written for this test only."),
        encoding="utf-8")
    from newsarchive.content.reading import load
    from newsarchive.content.tree import scan
    from newsarchive.context import ReadContext

    loaded = load(site, BuildOptions(jobs=1))
    context = ReadContext(site / "content", scan(site / "content"), None)
    _found, computed = stories.signatures(loaded.articles, context, site / ".build.cache")
    assert computed == 1


def test_an_edit_that_joins_a_story_is_not_a_text_only_rebuild(tmp_path: Path):
    # 60 short articles of one source (the oldest are in no feed: their edits can take the text-only
    # rebuild) and one long article of another
    long_text = ("The ferry company cancelled every crossing to the islands on Monday after a storm damaged "
                 "the landing stage at the north pier, and said repairs would take until Thursday at least.")
    files = {f"2018/01/a{i:03d}.md": article(f"Item {i}", f"2018-01-{1 + i // 6:02d}T{i % 6:02d}:00:00Z",
                                             "One", body=f"Text {i}.") for i in range(60)}
    files["2018/01/ferry.md"] = article("Ferries cancelled", "2018-01-01T12:00:00Z", "Two", body=long_text)
    site = write_site(tmp_path / "site", files, "search: false\n")
    build(site, BuildOptions(jobs=1))
    edited = site / "content/2018/01/a004.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert build(site, BuildOptions(jobs=1)).mode in ("text", "edited")  # no story changes
    joining = site / "content/2018/01/a003.md"
    joining.write_text(joining.read_text(encoding="utf-8").replace("Text 3.", long_text), encoding="utf-8")
    assert build(site, BuildOptions(jobs=1)).mode not in ("text", "edited")
    page = site / "build/2018/01/01/item-3/index.html"
    assert [name for name, _when in _said(page)] == ["Two"]
    assert (site / "build/stories/2018/01/01/index.html").is_file()


def test_hostile_titles_and_source_names_in_a_story_are_shown_as_text(tmp_path: Path):
    text_of_story = ("The night ferry ran aground on a sandbank outside the harbour mouth at low tide, and "
                     "the coastguard took its forty passengers ashore in lifeboats before dawn unhurt.")
    site = write_site(tmp_path / "site", {
        "2018/03/a.md": article('"<script>alert(1)</script>"', "2018-03-26",
                                '"<img src=x onerror=alert(2)>"', body=text_of_story),
        "2018/03/b.md": article("Ferry aground", "2018-03-26", "Harbour Wire", body=text_of_story),
    }, "search: false\n")
    build(site, BuildOptions(jobs=1))
    page = site / "build/2018/03/26/ferry-aground/index.html"
    html = page.read_text(encoding="utf-8")
    paragraph = re.search(r'<p class="also-reported".*?</p>', html, re.DOTALL).group(0)
    assert "&lt;img src=x onerror=alert(2)&gt;" in paragraph and "<img" not in paragraph
    assert "&lt;script&gt;" in paragraph and "<script" not in paragraph
    stories_page = (site / "build/stories/2018/03/26/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in stories_page and "<img src=x" not in stories_page
