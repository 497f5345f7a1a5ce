"""Versions and corrections at any size: the diff of very long versions, articles with hundreds of versions,
dates of changes that cannot be, version files an import cannot use, and direction controls in notes."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import run_cli, snapshot, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.versions import diffseq, worddiff


def _rebuilt(a: list, b: list, ops: list) -> list:
    """``b`` as the opcodes rebuild it from ``a`` (checking that they cover both, in order)."""
    i = j = 0
    out: list = []
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
            out += a[i1:i2]
        else:
            out += b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return out


_WORDS = st.lists(st.sampled_from(["the", "storm", "\n", "12", "dead", "港", "口"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_WORDS, _WORDS)
def test_the_paragraph_first_diff_gives_back_both_texts(a: list[str], b: list[str]):
    small = diffseq.SMALL
    diffseq.SMALL = 0  # the way long texts are compared, on short ones
    try:
        ops = diffseq.opcodes(a, b, "\n")
    finally:
        diffseq.SMALL = small
    assert _rebuilt(a, b, ops) == b
    assert all(not (x[0] == y[0] == "equal") for x, y in pairwise(ops))


def _long_text(paragraphs: int) -> list[str]:
    scripts = ["The harbour council said on Tuesday that repairs to the quay would take until April",
               "Le conseil portuaire a annoncé mardi que les réparations dureront jusqu'en avril",
               "قال مجلس الميناء يوم الثلاثاء إن إصلاح الرصيف سيستغرق حتى أبريل",
               "港口委员会周二表示码头修复工程将持续到四月"]
    return [f"{scripts[n % 4]} ({n}); {scripts[(n * 7) % 4]}, {n * 31 % 997} boats."
            for n in range(paragraphs)]


def test_a_two_megabyte_version_is_compared_word_by_word_where_it_changed():
    """Its time is benchmarks/diff_budget.py's to measure (against a peer, not as a timed test)."""
    old = _long_text(16000)
    assert sum(len(p.encode()) for p in old) > 2_000_000
    new = list(old)
    new[4] = new[4].replace("Tuesday", "Wednesday", 1)
    new[9000] = new[9000].replace("boats", "ferries")
    del new[12000]
    body, inserted, deleted = worddiff.diff_html(old, new)
    assert inserted == 2 and deleted == 2 + len(worddiff.tokens([old[12000]]))
    assert ('<del><span class="diff-label">deleted: </span><span class="diff-mark" aria-hidden="true">[\u2212'
            '</span>Tuesday<span class="diff-mark" aria-hidden="true">]</span></del> ') in body
    assert '<span class="diff-mark" aria-hidden="true">[+</span>Wednesday' in body


def test_a_text_rewritten_past_the_budget_shows_as_replaced():
    old, new = _long_text(3000), [p.upper() + " !" for p in _long_text(3000)]
    body, inserted, deleted = worddiff.diff_html(old, new)
    assert deleted == len(worddiff.tokens(old)) - 2999 and inserted == len(worddiff.tokens(new)) - 2999
    assert body.count("<del>") == 3000 and body.count("<ins>") == 3000


def test_an_ordinary_edit_is_compared_as_before():
    old = ["The storm left 21 dead in the harbour town overnight. Roads along the quay are closed."]
    new = ["The storm left 12 dead in the harbour town overnight. Roads along the quay reopened."]
    _body, inserted, deleted = worddiff.diff_html(old, new)
    assert (inserted, deleted) == (2, 3)


# ---- importing a changed item again, into a versions folder the user left unusable ----

FERRY = {"title": "Ferry fares to rise by five percent in April", "date": "2018-03-20T10:00:00Z",
         "source": "Northern Wire", "language": "en", "url": "https://northernwire.example/2018/03/20/ferry-fares",
         "text": "The ferry company said on Tuesday that fares would rise by five percent from April.\n\n"
                 "Season tickets — «abonnements» — are not affected."}
FERRY_FILE = "content/2018/03/2018-03-20-ferry-fares-to-rise-by-five-percent-in-april"
ENV = {"SOURCE_DATE_EPOCH": "1522142100"}  # 2018-03-27T09:15:00Z


def _jsonl(path: Path, item: dict) -> Path:
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _imported_then_edited(tmp_path: Path) -> tuple[Path, Path]:
    site = write_site(tmp_path / "site", {})
    assert run_cli("import", str(_jsonl(tmp_path / "wire.jsonl", FERRY)), cwd=site, env=ENV).returncode == 0
    edited = dict(FERRY, title="Ferry fares to rise by six percent in April",
                  text=FERRY["text"].replace("five", "six"))
    return site, _jsonl(tmp_path / "wire-later.jsonl", edited)


@pytest.mark.parametrize("damage, message", [
    ("file", f"{FERRY_FILE}.versions is a file, not a folder of versions; rename or remove it"),
    ("9999", (f"{FERRY_FILE}.versions/9999-12-31T23-59-59Z.txt is dated 9999-12-31T23:59:59+00:00, after "
             "now: a new version must be named later than it; rename it to the moment that copy was taken")),
    ("2090", f"{FERRY_FILE}.versions/2090-01-01T00-00-00Z.txt is dated 2090-01-01T00:00:00+00:00, after now"),
])
def test_a_versions_folder_that_cannot_take_a_new_version_is_the_user_s_error(tmp_path: Path, damage: str,
                                                                               message: str):
    site, later = _imported_then_edited(tmp_path)
    article = site / (FERRY_FILE + ".txt")
    folder = site / (FERRY_FILE + ".versions")
    if damage == "file":
        folder.write_text("notes about this article\n", encoding="utf-8")
    else:
        folder.mkdir()
        stamp = "9999-12-31T23-59-59Z" if damage == "9999" else "2090-01-01T00-00-00Z"
        (folder / f"{stamp}.txt").write_bytes(article.read_bytes())
    before = article.read_bytes()
    done = run_cli("import", str(later), cwd=site, env=ENV)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr.lower()
    assert f"{later}:1: not updated: {message}" in done.stderr.replace(str(site) + "/", "")
    assert article.read_bytes() == before
    assert (folder.is_file() if damage == "file" else len(list(folder.iterdir())) == 1)


# ---- changes dated before the article, or after now ----

STORM = """---
title: Storm hits the harbour, 12 dead
date: 2018-03-26T07:45:00+01:00
source: Harbour Gazette
language: en
corrections:
  - date: {correction}
    note: "The toll was 12, not 21 as first reported — «12 morts»."
---
The storm left 12 dead in the harbour town overnight.
"""
STORM_V1 = STORM.replace("12 dead", "21 dead").split("corrections:")[0] + "---\nThe storm left 21 dead.\n"
VERSIONS = "content/2018/03/2018-03-26-storm.versions"


def _storm(tmp_path: Path, correction: str = "2018-03-27", version: str = "2018-03-27T09-15-00Z") -> Path:
    return write_site(tmp_path / "site", {
        "2018/03/2018-03-26-storm.md": STORM.format(correction=correction),
        f"2018/03/2018-03-26-storm.versions/{version}.md": STORM_V1,
    }, "title: Harbour archive\nbase_url: https://archive.example.org/\n")


@pytest.mark.parametrize("correction, version, message", [
    ("2018-03-20", "2018-03-27T09-15-00Z",
     ("content/2018/03/2018-03-26-storm.md:6: 'corrections' is dated 2018-03-20, before the article's date "
     "2018-03-26: a correction cannot come before the article; check the year and month")),
    ("2018-03-27", "2017-03-27T09-15-00Z",
     (f"{VERSIONS}/2017-03-27T09-15-00Z.md: its name dates it 2017-03-27T09:15:00+00:00, before its "
      "article's date 2018-03-26: the archive cannot have kept a copy of an article before it was")),
])
def test_a_change_dated_before_its_article_is_an_error_and_nothing_is_written(
        tmp_path: Path, correction: str, version: str, message: str):
    site = _storm(tmp_path)
    assert run_cli("build", "--no-search", cwd=site).returncode == 0
    before = snapshot(site / "build")
    (site / "content/2018/03/2018-03-26-storm.md").write_text(STORM.format(correction=correction),
                                                               encoding="utf-8")
    old = site / VERSIONS / "2018-03-27T09-15-00Z.md"
    old.rename(old.with_name(f"{version}.md"))
    for command in ("build", "check"):
        done = run_cli(command, "--no-search", cwd=site) if command == "build" else run_cli(command, cwd=site)
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert message in done.stdout + done.stderr
    assert snapshot(site / "build") == before


def test_a_version_earlier_the_same_day_than_its_article_is_a_warning(tmp_path: Path):
    site = _storm(tmp_path, version="2018-03-26T05-00-00Z")  # 07:45+01:00 is 06:45 UTC
    done = run_cli("build", "--no-search", cwd=site)
    assert done.returncode == 0, done.stderr
    assert (f"{VERSIONS}/2018-03-26T05-00-00Z.md: warning: its name dates it 2018-03-26T05:00:00+00:00, "
            "before its article was published (2018-03-26T07:45:00+01:00)") in done.stderr


def test_check_warns_of_a_version_or_a_correction_dated_in_the_future(tmp_path: Path):
    site = _storm(tmp_path, correction="2090-03-27", version="2090-01-01T00-00-00Z")
    done = run_cli("check", cwd=site, env={"SOURCE_DATE_EPOCH": "1544000000"})  # 2018-12-05
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert ("content/2018/03/2018-03-26-storm.md:6: warning: a correction is dated 2090-03-27, in the "
            "future: the article would say it was corrected then; check the correction's date") in said
    assert (f"{VERSIONS}/2090-01-01T00-00-00Z.md: warning: its name dates it 2090-01-01T00:00:00+00:00, "
            "in the future: its article would say it was modified then; rename it") in said
    quiet = run_cli("check", cwd=_storm(tmp_path / "quiet"), env={"SOURCE_DATE_EPOCH": "1544000000"})
    assert "in the future" not in quiet.stdout + quiet.stderr


# ---- direction controls in a correction's note ----

def test_a_direction_override_in_a_correction_note_is_left_out_and_the_note_isolated(tmp_path: Path):
    hostile = "The toll was 12, not 21 \u202eetadpu\u202c — see «Harbour Gazette»."
    arabic = "كان عدد الضحايا 12 وليس 21."
    text = STORM.format(correction="2018-03-27").replace(
        "---\nThe storm", f"  - date: 2018-03-28\n    note: \"{arabic}\"\n---\nThe storm").replace(
        "The toll was 12, not 21 as first reported — «12 morts».", hostile)
    site = write_site(tmp_path / "site", {"2018/03/2018-03-26-storm.md": text},
                      "title: Harbour archive\nbase_url: https://archive.example.org/\n")
    done = run_cli("build", "--no-search", cwd=site)
    assert done.returncode == 0, done.stderr
    assert ("content/2018/03/2018-03-26-storm.md:6: warning: the note of 'corrections' item 1 holds a "
            "text-direction control (U+202E), which would reverse or reorder the text after it wherever it "
            "is shown; it is left out; remove it") in done.stderr
    page = (site / "build/2018/03/26/storm-hits-the-harbour-12-dead/index.html").read_text(encoding="utf-8")
    feed = (site / "build/feed.xml").read_text(encoding="utf-8")
    for output in (page, feed):
        assert "\u202e" not in output and "\u202c" not in output
    assert "<bdi>The toll was 12, not 21 etadpu — see «Harbour Gazette».</bdi>" in page
    assert f"<bdi>{arabic}</bdi>" in page  # its own direction, never the sentence's around it
    assert f"&lt;bdi&gt;{arabic}&lt;/bdi&gt;" in feed


# ---- an article with hundreds of versions ----

def _live_blog(number: int) -> str:
    """Version ``number`` of a live blog: one more line each time (English, French, Arabic in turn)."""
    lines = ["09:00 — Storm warning for the harbour.", "09:10 — Le port ferme ses portes.",
             "09:20 — إغلاق الميناء حتى إشعار آخر."]
    body = "\n\n".join(f"{lines[n % 3]} ({n})" for n in range(number))
    return (f"---\ntitle: Live — storm over the harbour (update {number})\ndate: 2018-03-26T07:45:00+01:00\n"
            f"source: Harbour Gazette\nlanguage: en\n---\n{body}\n")


def _stamp(number: int) -> str:
    return f"2018-03-{27 + number // 1440:02d}T{number // 60 % 24:02d}-{number % 60:02d}-00Z"


def test_hundreds_of_versions_each_page_links_its_neighbours_and_a_new_one_changes_few_pages(tmp_path: Path):
    count = 250
    files = {f"2018/03/2018-03-26-live.versions/{_stamp(n)}.md": _live_blog(n) for n in range(1, count + 1)}
    files["2018/03/2018-03-26-live.md"] = _live_blog(count + 1)
    site = write_site(tmp_path / "site", files, "title: Harbour archive\nbase_url: https://archive.example.org/\n")
    done = run_cli("build", "--no-search", cwd=site)
    assert done.returncode == 0, done.stderr
    out = site / "build/2018/03/26/live-storm-over-the-harbour-update-251/"
    versions = out / "versions"
    fifth = (versions / "5/index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="[./]*2018/03/26/live[^"]*/versions/(\d+)/"', fifth))
    assert linked == {"4", "6"} and 'update-251/versions/">All versions</a>' in fifth
    for n in (2, 120, 249):  # never a list of every version: its size follows its text
        shown = (versions / f"{n}/index.html").read_text(encoding="utf-8")
        assert len(re.findall(r'href="[^"]*/versions/', shown)) == 3
    first, second, last = (versions / "index.html", versions / "page/2/index.html",
                           versions / "page/3/index.html")
    assert len(re.findall(r'href="[^"]*/versions/\d+/"', first.read_text(encoding="utf-8"))) == 100
    assert "Version 101 ·" in second.read_text(encoding="utf-8")
    assert "Version 251 (current)" in last.read_text(encoding="utf-8")
    article = (out / "index.html").read_text(encoding="utf-8")
    assert article.count("versions/2") < 10 and 'versions/">All versions (251)</a>' in article

    before = snapshot(site / "build")
    live = site / "content/2018/03/2018-03-26-live.md"
    (site / f"content/2018/03/2018-03-26-live.versions/{_stamp(count + 1)}.md").write_bytes(live.read_bytes())
    live.write_text(_live_blog(count + 2).replace("(update 252)", "(update 251)"), encoding="utf-8")
    assert run_cli("build", "--no-search", cwd=site).returncode == 0
    after = snapshot(site / "build")
    changed = sorted(k for k in after if "/versions/" in k and before.get(k) != after[k])
    prefix = "2018/03/26/live-storm-over-the-harbour-update-251/versions/"
    assert changed == [prefix + "251/index.html", prefix + "252/index.html", prefix + "page/3/index.html"]
