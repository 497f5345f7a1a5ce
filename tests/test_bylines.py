"""Bylines as written and the names citations take from them (newsarchive.content.bylines)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import article, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.build import BuildOptions, build
from newsarchive.content import bylines
from newsarchive.data import cite

CASES = [
    # byline as written, (family, given), the name given names first
    ("Calvin Rodo, Chief Technology Officer", ("Rodo", "Calvin"), "Calvin Rodo"),
    ("Le Goff, Claire", ("Le Goff", "Claire"), "Claire Le Goff"),
    ("Claire Le Goff, envoyée spéciale à Brest", ("Le Goff", "Claire"), "Claire Le Goff"),
    ("María José Pérez, corresponsal en Lima", ("Pérez", "María José"), "María José Pérez"),
    ("Pérez, María José", ("Pérez", "María José"), "María José Pérez"),
    ("By Jane Doe, Staff Writer", ("Doe", "Jane"), "Jane Doe"),
    ("Par Jean Dupont", ("Dupont", "Jean"), "Jean Dupont"),
    ("Jean Dupont, AFP", ("Dupont", "Jean"), "Jean Dupont"),
    ("أحمد علي، مراسل الجزيرة", ("علي", "أحمد"), "أحمد علي"),
    ("بقلم: سارة حسن", ("حسن", "سارة"), "سارة حسن"),
    ("van der Berg, Anna", ("van der Berg", "Anna"), "Anna van der Berg"),
    ("Anna van der Berg, Reuters", ("van der Berg", "Anna"), "Anna van der Berg"),
    ("Por Ana Gómez", ("Gómez", "Ana"), "Ana Gómez"),
    ("Von Anna Schmidt", ("Schmidt", "Anna"), "Anna Schmidt"),
    ("von der Leyen, Ursula", ("von der Leyen", "Ursula"), "Ursula von der Leyen"),
    ("Dupont, J.-P.", ("Dupont", "J.-P."), "J.-P. Dupont"),
    ("Dupont, AFP", ("Dupont", ""), "Dupont"),
    ("الحربي، سلمى", ("الحربي", "سلمى"), "سلمى الحربي"),
    ("Claire Le Goff", ("Le Goff", "Claire"), "Claire Le Goff"),
    ("Reuters", ("Reuters", ""), "Reuters"),
    ("Byron Smith", ("Smith", "Byron"), "Byron Smith"),
    ("王小明，新华社记者", ("王小明", ""), "王小明"),
    # a dateline or a credit before the name, an outlet in brackets after it: the role, not the name
    ("بقلم لندن: مينا العريبي", ("العريبي", "مينا"), "مينا العريبي"),
    ("London: Mina Al-Oraibi", ("Al-Oraibi", "Mina"), "Mina Al-Oraibi"),
    ("LONDON — Jane Doe", ("Doe", "Jane"), "Jane Doe"),
    ("By PARIS – Claire Le Goff, envoyée spéciale", ("Le Goff", "Claire"), "Claire Le Goff"),
    ("Additional reporting: Tom Chenoweth", ("Chenoweth", "Tom"), "Tom Chenoweth"),
    ("Morag Innes (Northern Wire)", ("Innes", "Morag"), "Morag Innes"),
    ("Par Jean Dupont (AFP)", ("Dupont", "Jean"), "Jean Dupont"),
    ("Dupont, Jean (AFP)", ("Dupont", "Jean"), "Jean Dupont"),
    ("(AFP)", ("(AFP)", ""), "(AFP)"),
    ("Reporting: ", ("Reporting:", ""), "Reporting:"),
]


@pytest.mark.parametrize(("byline", "split", "name"), CASES)
def test_the_name_in_a_byline(byline, split, name):
    assert bylines.split(byline) == split
    assert cite.split_name(byline) == split
    assert bylines.name(byline) == name


def work(*authors: str) -> cite.Work:
    return cite.Work(authors, "Title", "The Wire", date(2018, 3, 26), "https://example.org/a/",
                     date(2018, 3, 27))


def test_the_dateline_and_the_outlet_are_the_role():
    assert bylines.parse("بقلم لندن: مينا العريبي")[2] == "لندن"
    assert bylines.parse("Morag Innes (Northern Wire)")[2] == "Northern Wire"
    assert bylines.parse("Jane Doe, Staff Writer (Reuters)")[2] == "Staff Writer, Reuters"
    assert cite.apa(work("بقلم لندن: مينا العريبي")).startswith("العريبي, مينا (2018")


def test_citations_use_the_name_not_the_role():
    one = work("Calvin Rodo, Chief Technology Officer")
    assert cite.apa(one).startswith("Rodo, C. (2018, March 26).")
    assert cite.mla(one).startswith("Rodo, Calvin. “Title.”")
    assert cite.chicago(one).startswith("Rodo, Calvin. “Title.”")
    assert "author = {Rodo, Calvin}" in cite.bibtex(one)
    assert cite.bibtex_key(one) == "rodo2018title"
    two = work("By Jane Doe, Staff Writer", "Jean Dupont, AFP")
    assert cite.mla(two).startswith("Doe, Jane, and Jean Dupont. ")
    assert cite.chicago(two).startswith("Doe, Jane and Jean Dupont. ")
    assert cite.apa(two).startswith("Doe, J., & Dupont, J. (2018")
    assert cite.apa(work("Le Goff, Claire")).startswith("Le Goff, C. (2018")


names = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@given(st.one_of(names, st.lists(st.sampled_from(
    ["By", "Par", "von", "der", "Le", "Goff", "Claire", ",", "،", "AFP", "envoyée", "J.", "سارة", "بقلم:",
     " ", ""]),
    max_size=8).map(" ".join)))
@settings(max_examples=500)
def test_split_never_loses_the_name_and_never_crashes(byline):
    family, given_names, _role = bylines.parse(byline)
    words = (given_names + " " + family).split()
    assert words == bylines.name(byline).split()
    written = byline.replace(",", " ").replace("،", " ").replace("，", " ").replace(":", " ").split()
    for word in words:  # every word of the name is a word of the byline
        assert word.strip(",،，:") in written or word in byline
    if byline.strip() and not byline.strip(" ,،，:"):
        return
    assert family or not byline.strip()  # a byline with words gives a name


def test_the_page_shows_the_byline_as_written_and_cites_the_name(tmp_path):
    import json
    import re

    from conftest import article, write_site

    from newsarchive.build import BuildOptions, build

    root = write_site(tmp_path / "site", {"2018-03-26-a.md": article(
        "Launch", author='"Calvin Rodo, Chief Technology Officer"')}, "search: false\n")
    build(root, BuildOptions(jobs=1))
    html = (root / "build/2018/03/26/launch/index.html").read_text(encoding="utf-8")
    assert "Calvin Rodo, Chief Technology Officer" in html  # the byline, as written
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                              re.DOTALL).group(1))
    assert ld["author"] == [{"@type": "Person", "name": "Calvin Rodo"}]
    assert "Rodo, C. (2018, March 26)." in html
    assert "a. T. O." not in html


def test_an_arabic_page_lists_names_with_the_arabic_comma_each_name_isolated(tmp_path):
    # "okaz ,alyaum ,alweeam" read backwards: the names were joined by a Latin comma and not isolated
    files = {"ar/one.md": article('"افتتاح سوق السمك"', "2018-03-25T08:00:00Z", '"okaz"', language="ar",
                                  authors='["Mina Al-Oraibi", "سارة الخطيب"]', body="نص المقال.\n")}
    site = write_site(tmp_path / "site", files, "title: أرشيف\nlanguage: ar\nsearch: false\n")
    build(site, BuildOptions(jobs=1))
    page = next((site / "build/2018/03/25").glob("*/index.html")).read_text(encoding="utf-8")
    authors = re.search(r'<span class="authors">(.*?)</span>', page, re.DOTALL)[1]
    assert re.fullmatch(r'<bdi lang="ar">بقلم</bdi> '
                        r'<bdi><a class="author" href="[^"]+">Mina Al-Oraibi</a></bdi>'
                        r'\u060c <bdi><a class="author" href="[^"]+">سارة الخطيب</a></bdi>', authors), authors
    english = write_site(tmp_path / "en", {"one.md": files["ar/one.md"]}, "title: Archive\nsearch: false\n")
    build(english, BuildOptions(jobs=1))
    page = next((english / "build/2018/03/25").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Mina Al-Oraibi</a></bdi>, <bdi>" in page  # an English page keeps its comma
