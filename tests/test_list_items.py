"""A list's items do not repeat what the list's page already says of every one: a day's page does not
date each item, a source's page does not name the source on each; other lists show both."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import article, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.build import build
from newsarchive.content import markup
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


# ---- an article without a summary: its first paragraph, shortened ----

BBC_TEXT = """Ad sales boost Time Warner profit

Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to \
December, from $639m year-earlier.
The firm, which is now one of the biggest investors in Google, benefited from sales of high-speed \
internet connections and higher advert sales.
"""


def test_a_list_shows_the_first_paragraph_of_an_article_without_a_summary(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        # a corpus text: the headline, then paragraphs one line each (no front matter but the date)
        "business/2005-04-01-ad-sales.txt": BBC_TEXT,
        # Markdown with a byline, a picture and hostile markup before the first paragraph of prose
        "2005/2005-04-02-storm.md": article(
            "Storm closes the port", "2005-04-02", "The Harbour Gazette",
            body="By Claire Le Goff, envoyée spéciale\n\n![The quay](quay.jpg)\n\n"
                 "The harbour <b onmouseover=\"alert(1)\">closed</b> at *noon*, as "
                 "[winds](https://x.example) reached 120 km/h.\n\nSecond paragraph.\n"),
        "2005/2005-04-03-given.md": article("With a summary", "2005-04-03", "The Wire",
                                            summary='"The summary given."', body="Its first paragraph.\n"),
    }, "title: Excerpts\nsearch: false\n")
    build(site, BuildOptions(jobs=1))
    home = (site / "build/index.html").read_text()
    shown = re.findall(r'<p class="entry-summary[^"]*"[^>]*>(.*?)</p>', home)
    assert shown == [
        "The summary given.",
        "The harbour closed at noon, as winds reached 120 km/h.",
        ("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three "
         "months to December, from $639m year-earlier."),
    ]
    assert "onmouseover" not in home.split('class="entries"')[1]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=400), max_size=4),
       st.booleans())
def test_an_excerpt_is_the_start_of_a_paragraph_on_one_line_and_never_long(paragraphs_given, is_markdown):
    body = "\n\n".join(paragraphs_given)
    found = markup.excerpt(body, is_markdown, None)
    if found is None:
        return
    assert "\n" not in found and found == found.strip() and found
    assert len(found) <= markup.EXCERPT + 1
    if not is_markdown:  # plain text: a paragraph's words as written, cut
        words = " ".join(body.split())
        assert found.removesuffix("…").rstrip(" ,;:–—-") in words
