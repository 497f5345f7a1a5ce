"""Other generators' template tags in articles' text (Jekyll's Liquid, Eleventy's and Hugo's shortcodes,
Pelican's link prefixes) are translated as the generator rendered them, by text substitution only; what is
not recognised is kept as text and named, with its line, by the build and by ``check``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, crawl, run_cli, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.content import shortcodes

FIXTURES = REPO / "tests" / "fixtures" / "generators"


def _site(name: str, tmp_path: Path, config: str = "") -> Path:
    site = tmp_path / name
    shutil.copytree(FIXTURES / name, site / "content")
    if config:
        (site / "newsarchive.yaml").write_text(config, encoding="utf-8")
    return site


def _body(site: Path, url: str) -> str:
    page = (site / "build" / url / "index.html").read_text(encoding="utf-8")
    return page.split('<div class="body">', 1)[1].split("</div>", 1)[0]


@pytest.fixture(scope="module")
def liquid(tmp_path_factory) -> tuple[Path, str]:
    site = _site("liquid-blog", tmp_path_factory.mktemp("liquid"))
    built = run_cli("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    return site, built.stderr


def test_a_jekyll_blog_s_liquid_tags_become_pictures_links_and_code(liquid):
    site, _stderr = liquid
    body = _body(site, "2019/11/20/how-the-team-runs-the-harbour-logs")
    # Eleventy's image shortcode: a picture, its path from the site's root made relative to the page
    picture = ('<img src="../../../../assets/blog/harbour-logs/team.jpg" '
               'alt="The logs team at the harbour office">')
    assert picture in body
    # post_url: the other post's page, under any base path
    assert '<a href="../../../../2019/04/02/opening-the-arrival-records/"' in body
    assert '<a href="/data-dictionary/"' in body  # {{ site.baseurl }} gone: the old site's own address
    assert '<pre><code class="language-python">record = {' in body  # {% highlight %}: a code block
    assert "we write it raw: {{ site.baseurl }}." in body  # {% raw %}: as written
    assert "{% image" not in body and "post_url" not in body and "highlight" not in body
    other = _body(site, "2019/04/02/opening-the-arrival-records")
    assert '<a href="../../../../2019/11/20/how-the-team-runs-the-harbour-logs/"' in other  # {% link %}


def test_an_unknown_liquid_tag_stays_text_and_is_named_with_its_line(liquid, tmp_path: Path):
    site, stderr = liquid
    warning = ("content/_posts/2019-11-20-how-the-team-runs-the-harbour-logs.md:28: warning: another "
               "generator's tag '{% include blog-footer.html %}' is shown as text: newsarchive does not "
               "know it; replace it in the text, or map it once in newsarchive.yaml: "
               "shortcodes: {include: 'TEXT'}")
    assert warning in stderr
    page = _body(site, "2019/11/20/how-the-team-runs-the-harbour-logs")
    assert "<p>{% include blog-footer.html %}</p>" in page
    checked = run_cli("check", cwd=_site("liquid-blog", tmp_path))
    assert warning in checked.stdout + checked.stderr


def test_a_hugo_site_s_shortcodes_become_figures_links_and_text(tmp_path: Path):
    site = _site("hugo-shortcodes", tmp_path)
    built = run_cli("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    body = _body(site, "2021/06/05/the-lighthouse-reopens-to-visitors")
    assert ('<p><img src="../../../../images/lighthouse.jpg" alt="The lighthouse at dusk"></p>\n'
            "<p><em>The lantern was rebuilt over two winters.</em></p>") in body
    assert "<p>The stairs stay closed in strong wind" in body and "note" not in body  # the wrapper's text
    # a video and a post: links, never a frame or a script
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in body
    assert '<a href="https://twitter.com/pointvolunteers/status/1401234567890123456"' in body
    assert "<iframe" not in body and "<script" not in body
    # ref (beside the page) and relref (from content/'s root): the articles' pages
    assert '<a href="../../../../2019/03/11/works-begin-on-the-lighthouse-lantern/"' in body
    assert '<a href="../../../../2018/01/15/a-short-history-of-the-harbour/"' in body
    assert ("content/lighthouse-reopens.md:23: warning: another generator's tag "
            """'{{< gallery dir="/images/works/" >}}'""") in built.stderr
    # {{</* ... */>}}: Hugo's way to show a shortcode as text
    works = _body(site, "2019/03/11/works-begin-on-the-lighthouse-lantern")
    assert 'Hugo writes {{&lt; figure src="x.jpg" &gt;}}.' in works


def test_a_site_maps_its_own_shortcodes_once(tmp_path: Path):
    site = _site("hugo-shortcodes", tmp_path, "shortcodes:\n  gallery: '[Photos of the works]({dir})'\n")
    built = run_cli("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "gallery" not in built.stderr
    assert '<a href="/images/works/"' in _body(site, "2021/06/05/the-lighthouse-reopens-to-visitors")
    (site / "newsarchive.yaml").write_text("shortcodes: [gallery]\n", encoding="utf-8")
    refused = run_cli("build", "--no-search", cwd=site)
    assert refused.returncode == 1
    assert ("newsarchive.yaml:1: 'shortcodes' must map each tag's name to the text that replaces it"
            in refused.stderr)


def test_hostile_tag_arguments_stay_inert(tmp_path: Path):
    text = ('{{< figure src="javascript:alert(1)" caption="<script>alert(1)</script>" >}}\n\n'
            '{% image "x.jpg\\" onerror=\\"alert(1)" "<img src=x onerror=alert(2)>" %}\n\n'
            '{{< youtube "x\\" onload=\\"alert(3)" >}} {{< tweet user="a<b" id="1" >}}\n\n'
            "{% raw %}<script>alert(4)</script>{% endraw %}\n")
    head = "---\ntitle: X\ndate: 2018-03-26\nsource: S\nslug: x\n---\n"
    site = write_site(tmp_path / "site", {"2018/x.md": head + text})
    built = run_cli("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    body = _body(site, "2018/03/26/x")
    assert "<script" not in body and not re.search(r'(?:href|src)="[^"]*javascript:', body)
    assert not re.search(r"<[^>]+\son\w+=", body)  # no event handler attribute made by a substitution


# NUL and private-use characters among them: what a part set aside is marked with
_PIECES = [*'{}%<>/*"= \nabcfigure_urlsrcyoutube.mdraw', "\x00", "\ue000", "\ue0001", "{% raw %}",
           "{% endraw %}", "{{</*", "*/>}}", "0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_translation_never_fails_and_leaves_text_without_tags_as_it_is(text: str):
    out, unknown = shortcodes.translate(text, {"box": "[{0}]"}, "2018/03")
    assert isinstance(out, str)
    if "{%" not in text and "{{" not in text and "{filename}" not in text and "{static}" not in text:
        assert out == text and unknown == []
    for _line, tag in unknown:
        assert tag in text


def test_an_html_article_with_front_matter_is_named_not_copied_as_it_is(tmp_path: Path):
    """Hugo reads .html content files with front matter as articles: copied as they are, they would
    show their front matter. They are named with how to publish them; a page made to be copied (no
    front matter) is copied."""
    site = _site("hugo-shortcodes", tmp_path)
    built = run_cli("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    assert ("content/ferry-schedule.html:1: warning: is an HTML article with front matter (as Hugo reads "
            "them); it is not published, since copied as it is it would show its front matter; rename it "
            "to .md") in built.stderr
    assert not (site / "build/ferry-schedule.html").exists()
    assert (site / "build/embeds/tide-chart.html").read_bytes() == \
        (site / "content/embeds/tide-chart.html").read_bytes()
    (site / "content/ferry-schedule.html").rename(site / "content/ferry-schedule.md")
    rebuilt = run_cli("build", "--no-search", cwd=site)
    assert rebuilt.returncode == 0 and "HTML article" not in rebuilt.stderr
    page = (site / "build/2021/10/04/the-winter-ferry-schedule/index.html").read_text(encoding="utf-8")
    assert "<p>From the first Monday of November the last ferry leaves at 19:40.</p>" in page


def test_a_text_holding_every_private_use_character_is_still_read():
    """The part a raw block sets aside is marked with a private-use character the text does not hold;
    a text holding all of them is read without setting anything aside (its raw tags named)."""
    every = "".join(map(chr, range(0xE000, 0xF900)))
    out, unknown = shortcodes.translate(every + "{% raw %}{{ site.url }}{% endraw %} {{< youtube abc >}}")
    assert out.startswith(every) and "https://www.youtube.com/watch?v=abc" in out
    assert [tag for _line, tag in unknown] == ["{% raw %}", "{% endraw %}"]


@pytest.mark.parametrize("hostile", [
    "{% raw %}x" * 100_000,  # openers left without a closer
    "{% highlight py %}a" * 100_000 + "{% endhighlight %}",
    "{{</* a" * 100_000,
    "{{< x " * 200_000,  # shortcodes never closed
    "{% foo %}\n" * 100_000,  # a hundred thousand unknown tags, each named with its line
])
def test_a_hostile_text_is_translated_in_linear_time(hostile: str):
    """Pairs are matched in one pass, lines counted once: a regular expression with .*? between the tags,
    or a count of lines from the start for each tag, took minutes on such a 1 MB text (quadratic)."""
    import time

    started = time.perf_counter()
    _out, unknown = shortcodes.translate(hostile)
    assert time.perf_counter() - started < 10  # about 0.5 s at most here
    if hostile.startswith("{% foo"):
        assert len(unknown) == 100_000 and unknown[-1] == (99_999, "{% foo %}")


def test_a_hugo_site_s_static_folder_comes_along_and_its_pictures_show(tmp_path: Path):
    """As the migration guide says: the old site's static/ beside content/; the figure's /images/... is
    then a file of the archive, found from the article's page wherever the archive is served."""
    site = _site("hugo-shortcodes", tmp_path, "base_url: https://example.org/harbour/\n"
                 "old_permalinks: /:year/:month/:day/:filename.html\n")  # the old site's ugly URLs
    (site / "content" / "lantern-notes.md").write_text(
        "---\ntitle: Notes on the lantern\ndate: 2021-06-07\nsource: Point Volunteers\n---\n"
        "Read [the reopening](/2021/06/05/lighthouse-reopens.html) first.\n", encoding="utf-8")
    (site / "static" / "images").mkdir(parents=True)
    (site / "static" / "images" / "lighthouse.jpg").write_bytes(b"\xff\xd8\xff\xe0 lighthouse")
    built = run_cli("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    page = site / "build/2021/06/05/the-lighthouse-reopens-to-visitors/index.html"
    assert 'src="../../../../images/lighthouse.jpg"' in page.read_text("utf-8")
    assert (page.parent / "../../../../images/lighthouse.jpg").resolve().read_bytes().endswith(b"lighthouse")
    notes = (site / "build/2021/06/07/notes-on-the-lantern/index.html").read_text("utf-8")
    assert 'href="../../../../2021/06/05/the-lighthouse-reopens-to-visitors/"' in notes  # an ugly URL
    assert (site / "build/2021/06/05/lighthouse-reopens.html").is_file()  # and kept, as a redirect


def test_the_jekyll_blog_with_its_assets_in_static_has_its_pictures_and_no_broken_link(tmp_path: Path):
    """The old site's assets/ brought along as the migration guide says (static/assets/...): every picture
    and every link inside the archive resolves; what is left is the old site's own page, named by check."""
    site = _site("liquid-blog", tmp_path, "base_url: https://example.org/harbour/\n")
    for rel in ("assets/blog/harbour-logs/team.jpg", "assets/blog/arrivals/chart.png"):
        picture = site / "static" / rel
        picture.parent.mkdir(parents=True)
        picture.write_bytes(b"\xff\xd8\xff\xe0 a picture")
    built = run_cli("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    page = site / "build/2019/11/20/how-the-team-runs-the-harbour-logs/index.html"
    assert (page.parent / "../../../../assets/blog/harbour-logs/team.jpg").resolve().is_file()
    _pages, broken = crawl(site / "build")
    assert sorted(href for _page, href in broken) == ["/data-dictionary/"], broken
    checked = run_cli("check", cwd=site)  # check names the rest, on its line; the pictures are fine
    said = checked.stdout + checked.stderr
    assert ("content/_posts/2019-11-20-how-the-team-runs-the-harbour-logs.md:20: warning: link "
            "'/data-dictionary/' starts at the site's root and names no file of static/") in said
    assert "team.jpg" not in said and "chart.png" not in said
