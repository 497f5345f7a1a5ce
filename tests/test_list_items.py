"""A list's items do not repeat what the list's page already says of every one: a day's page does not
date each item, a source's page does not name the source on each; other lists show both."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import article, write_site

from newsarchive.build import build
from newsarchive.options import BuildOptions


def _metas(html: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", m).split())
            for m in re.findall(r'<span class="entry-meta">(.*?)</span>', html, re.DOTALL)]


def test_items_say_only_what_their_page_does_not(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "2018/2018-03-26-a.md": article("Storm closes the port", "2018-03-26T08:00:00Z",
                                        "The Harbour Gazette"),
        "2018/2018-03-26-b.md": article("Tempête sur le port", "2018-03-26T09:00:00Z", "Le Courrier",
                                        language="fr", tags="[storm]"),
    })
    build(site, BuildOptions(jobs=1))
    out = site / "build"
    # the language's code only for an article in another language than the site's (en), never on the
    # language's own page
    day = _metas((out / "2018/03/26/index.html").read_text())
    assert day == ["Le Courrier · fr", "The Harbour Gazette"]
    assert _metas((out / "sources/le-courrier/index.html").read_text()) == ["March 26, 2018 · fr"]
    both = ["March 26, 2018 · Le Courrier · fr", "March 26, 2018 · The Harbour Gazette"]
    assert _metas((out / "index.html").read_text()) == both
    assert _metas((out / "tags/storm/index.html").read_text()) == both[:1]
    assert _metas((out / "languages/fr/index.html").read_text()) == ["March 26, 2018 · Le Courrier"]


def test_an_archive_in_the_sites_language_shows_no_language_code(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        f"2018/{n}.md": article(f"Tempête {n}", f"2018-03-2{n}T08:00:00Z", "Le Courrier", language="fr")
        for n in range(3)}, "title: Archives\nlanguage: fr\nsearch: false\n")
    build(site, BuildOptions(jobs=1))
    home = (site / "build/index.html").read_text()
    assert 'class="lang-code"' not in home
    assert _metas(home) == [f"2{n} mars 2018 · Le Courrier" for n in (2, 1, 0)]
