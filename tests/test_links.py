"""Links in article bodies: to another article's file (pointed at its page), to images and files (checked
by ``newsarchive check``), and the cache's view of them (a rebuild gives what a clean build gives)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import article, crawl, page_links, resolve, run_cli, snapshot, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.build import BuildOptions, build
from newsarchive.commands.check import check
from newsarchive.content import links

BODY = """Before the storm.

![Map of the port](map.png)

See [the storm](2018-03-25-storm.md#quote) and
[the council](../04/2018-04-12-council.md), the [plan](plan.pdf).

![Missing](missing.png)
Read [the lost one](2018-03-20-lost.md) too.

[Elsewhere](https://example.org/x.md) and [a fragment](#top).
"""


def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {
        "2018/03/2018-03-26-linking.md": article("Linking", "2018-03-26", body=BODY),
        "2018/03/2018-03-25-storm.md": article("The storm", "2018-03-25", body="## Quote\nText."),
        "2018/04/2018-04-12-council.md": article("Council votes", "2018-04-12"),
        "2018/03/map.png": b"\x89PNG\r\n",
        "2018/03/plan.pdf": b"%PDF-1.4\n",
    }, "search: false\n")


def test_check_reports_missing_images_links_and_articles_with_their_lines(tmp_path: Path):
    root = site(tmp_path)
    result = run_cli("check", cwd=root)
    lines = [line for line in result.stderr.splitlines() if "linking.md" in line]
    assert lines == [
        ("content/2018/03/2018-03-26-linking.md:13: warning: image 'missing.png' not found in "
        "content/2018/03/; put the file missing.png in content/2018/03/, or correct the name (case matters)"),
        ("content/2018/03/2018-03-26-linking.md:14: warning: link '2018-03-20-lost.md' names no article: no "
        "2018-03-20-lost.md in content/2018/03/; link to an article by its file's name and folder (e.g. "
        "2018-03-25-storm.md, ../04/2018-04-12-council.md), or remove the link"),
    ], result.stderr


def test_check_reports_links_outside_content_and_to_drafts(tmp_path: Path):
    root = write_site(tmp_path / "site", {
        "a/2018-03-26-a.md": article("A", body="x\n\n[up](../../secret.png) [draft](2018-03-27-b.md)"),
        "a/2018-03-27-b.md": article("B", "2018-03-27", draft="true"),
    })
    _loaded, _archive, problems = check(root)
    found = [(p.line, p.message) for p in problems if p.path.endswith("a.md")]
    assert found == [(8, "link '../../secret.png' points outside content/"),
                     (8, ("link '2018-03-27-b.md' names an article that is not published (a draft?), "
                          "so it has no page"))]


def test_links_to_articles_reach_their_pages(tmp_path: Path):
    root = site(tmp_path)
    build(root, BuildOptions(jobs=1))
    out = root / "build"
    page = out / "2018/03/26/linking/index.html"
    hrefs = {a.get("href"): resolve(out, page, href) for _t, href, a in page_links(page.read_text("utf-8"))}
    assert hrefs["../../../../2018/03/25/the-storm/#quote"] == out / "2018/03/25/the-storm/index.html"
    assert hrefs["../../../../2018/04/12/council-votes/"] == out / "2018/04/12/council-votes/index.html"
    assert hrefs["../../../../2018/03/plan.pdf"] == out / "2018/03/plan.pdf"
    assert "https://example.org/x.md" in hrefs and "#top" in hrefs
    html = page.read_text("utf-8")
    assert 'src="../../../../2018/03/map.png"' in html
    portable = tmp_path / "portable"
    build(root, BuildOptions(jobs=1, output=portable, portable=True))
    html = (portable / "2018/03/26/linking/index.html").read_text("utf-8")
    assert 'href="../../../../2018/03/25/the-storm/index.html#quote"' in html
    assert sorted(href for _page, href in crawl(portable, files_only=True)[1]) == [
        "../../../../2018/03/2018-03-20-lost.md", "../../../../2018/03/missing.png"]  # what check reports


def test_a_linking_article_follows_the_linked_one_when_it_moves(tmp_path: Path):
    root = site(tmp_path)
    build(root, BuildOptions(jobs=1))
    storm = root / "content/2018/03/2018-03-25-storm.md"
    storm.write_text(article("The great storm", "2018-03-25", body="## Quote\nText."), encoding="utf-8")
    os.utime(storm, ns=(storm.stat().st_mtime_ns + 10**9,) * 2)
    build(root, BuildOptions(jobs=1))
    html = (root / "build/2018/03/26/linking/index.html").read_text("utf-8")
    assert 'href="../../../../2018/03/25/the-great-storm/#quote"' in html
    clean = tmp_path / "clean"
    build(root, BuildOptions(jobs=1, output=clean, clean=True))
    mine = {rel: data for rel, (data, _m) in snapshot(root / "build").items()}
    assert mine == {rel: data for rel, (data, _m) in snapshot(clean).items()}


def test_an_edited_link_rebuilds_like_a_clean_build(tmp_path: Path):
    root = site(tmp_path)
    build(root, BuildOptions(jobs=1))
    linking = root / "content/2018/03/2018-03-26-linking.md"
    linking.write_text(article("Linking", "2018-03-26",
                               body="Now [the council](../04/2018-04-12-council.md)."),
                       encoding="utf-8")
    os.utime(linking, ns=(linking.stat().st_mtime_ns + 10**9,) * 2)
    build(root, BuildOptions(jobs=1))
    clean = tmp_path / "clean"
    build(root, BuildOptions(jobs=1, output=clean, clean=True))
    mine = {rel: data for rel, (data, _m) in snapshot(root / "build").items()}
    assert mine == {rel: data for rel, (data, _m) in snapshot(clean).items()}


def test_article_links_are_found_without_rendering():
    body = "[a](x.md) [b](<../y z.md#f>) [c](https://e.org/q.md) [d](sub/w.MD \"t\")\n\n[ref]: ../../v.md\n"
    assert links.article_links(body, "2018/03") == ("2018/03/sub/w.MD", "2018/03/x.md", "2018/y z.md", "v.md")
    assert links.article_links("No links at all.", "2018/03") == ()


def test_images_named_in_other_scripts_are_encoded_and_found(tmp_path: Path):
    root = write_site(tmp_path / "site", {
        "الواحة/2018-03-26-a.md": article("A", body="![خريطة](<خريطة الميناء.png>)\n\n![x](<صورة (1).jpg>)"),
        "الواحة/خريطة الميناء.png": b"\x89PNG\r\n",
        "الواحة/صورة (1).jpg": b"\xff\xd8",
    }, "search: false\n")
    _loaded, _archive, problems = check(root)
    assert [p for p in problems if "not found" in p.message] == []
    build(root, BuildOptions(jobs=1))
    out = root / "build"
    html = (out / "2018/03/26/a/index.html").read_text("utf-8")
    assert ('src="../../../../%D8%A7%D9%84%D9%88%D8%A7%D8%AD%D8%A9/%D8%AE%D8%B1%D9%8A%D8%B7%D8%A9%20'
            '%D8%A7%D9%84%D9%85%D9%8A%D9%86%D8%A7%D8%A1.png"') in html
    page = out / "2018/03/26/a/index.html"
    for _tag, href, _attrs in page_links(html):
        target = resolve(out, page, href)
        assert target is None or target.is_file(), href


def test_what_an_article_links_is_what_its_page_points_at_its_pages(tmp_path: Path):
    """An HTML link and a link with a query reach the page too, and an earlier version's link is resolved
    on the version's page although today's text no longer has it: the article's ``links`` name them all,
    so every page is rendered from them alone (a Dask worker receives those addresses only)."""
    root = write_site(tmp_path / "site", {
        "2018/03/2018-03-26-linking.md": article(
            "Linking", "2018-03-26",
            body='Read <a href="2018-03-25-storm.md#quote">the storm</a> and '
                 "[the council](../04/2018-04-12-council.md?from=feed).\n"),
        "2018/03/2018-03-26-linking.versions/2018-03-26T10-00-00Z.md": article(
            "Linking", "2018-03-26", body="First said in [the tide report](2018-03-24-tide.md).\n"),
        "2018/03/2018-03-25-storm.md": article("The storm", "2018-03-25", body="Text."),
        "2018/03/2018-03-24-tide.md": article("The tide", "2018-03-24", body="Text."),
        "2018/04/2018-04-12-council.md": article("Council votes", "2018-04-12"),
    }, "search: false\nallow_raw_html: true\n")
    build(root, BuildOptions(jobs=1))
    out = root / "build"
    page = out / "2018/03/26/linking/index.html"
    hrefs = [href for _t, href, _a in page_links(page.read_text("utf-8"))]
    assert "../../../../2018/03/25/the-storm/#quote" in hrefs
    assert "../../../../2018/04/12/council-votes/?from=feed" in hrefs
    first = next(out.glob("2018/03/26/linking/versions/1/index.html"), None) or next(
        p for p in (out / "2018/03/26/linking").rglob("index.html") if p != page)
    assert "2018/03/24/the-tide/" in first.read_text("utf-8")


LINK_FORMS = ["[a]({target})", "[a](<{target}>)", '[a]({target} "title")', "[r]\n\n[r]: {target}",
              '<a href="{target}">a</a>', "<a href='{target}'>a</a>", "see {target} here"]
TARGETS = ["a.md", "b%20c.md", "<b c.md>", "caf%C3%A9.md", "café.md", "d.MD", "e.txt", "../x.md", "./a.md",
           "sub/../a.md", "/blog/ct-logs/", "/blog/ct-logs", "/2019/11/20/old.html", "/caf%C3%A9/", "/about/",
           "/"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LINK_FORMS), st.sampled_from(TARGETS),
                          st.sampled_from(["", "#part", "?utm=1"])), max_size=6),
       st.lists(st.sampled_from(["Le port.", "الميناء.", "Text *with* `code.md`.", "\n", "> quote.md"]),
                max_size=4))
def test_a_body_points_at_no_page_that_its_links_do_not_name(forms, words):
    """Rendering a body with every article's address gives the same HTML as with only the addresses of
    what ``article_links`` found in it: the two readings of a link never differ."""
    from newsarchive.content import markup

    parts = [form.format(target=target + tail) for form, target, tail in forms]
    body = "\n\n".join(words + parts)
    every = {f"2018/03/{name}": f"2018/03/26/{name.split('.')[0]}/" for name in
             ("a.md", "b c.md", "café.md", "d.MD", "e.txt")}
    every["2018/x.md"] = "2018/01/01/x/"
    every.update({"/blog/ct-logs": "2019/11/20/ct/", "/2019/11/20/old.html": "2019/11/20/old/",
                  "/café": "2019/11/21/cafe/"})  # old addresses (pages.redirects.old_urls)
    found = links.article_links(body, "2018/03")
    whole = markup.render_markdown(body, "2018/03", False, articles=every)[0]
    named = markup.render_markdown(body, "2018/03", False,
                                   articles={t: every[t] for t in found if t in every} or None)[0]
    assert whole == named

