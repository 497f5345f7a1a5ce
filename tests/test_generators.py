"""Real archives in, faithfully: the posts folder of a Hugo, Jekyll or Pelican site builds as it is.

Each folder under tests/fixtures/generators/ is copied, untouched, to a site's content/ and built with the
command line; the tests read the pages a reader would see (URL, headline, tags, dates) and the messages an
editor would see. The splitters and the date parser are checked with hypothesis.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import REPO, html_attrs, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive import dates
from newsarchive.build import BuildOptions, build
from newsarchive.content.frontmatter import FrontMatterError, split
from newsarchive.content.loader import LoadOptions, load_article
from newsarchive.content.values import as_shown, clean

FIXTURES = REPO / "tests" / "fixtures" / "generators"
ARTICLE_PAGE = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")


# ---------------------------------------------------------------- building a fixture folder as it is


class Built:
    def __init__(self, site: Path, stderr: str, returncode: int):
        self.site, self.out, self.stderr, self.returncode = site, site / "build", stderr, returncode

    def articles(self) -> set[str]:
        return {p.relative_to(self.out).parent.as_posix() + "/" for p in self.out.rglob("index.html")
                if ARTICLE_PAGE.match(p.relative_to(self.out).as_posix())}

    def page(self, url: str) -> str:
        path = self.out / url / "index.html"
        assert path.is_file(), sorted(self.articles())
        return path.read_text(encoding="utf-8")

    def messages(self, path: str) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith(f"content/{path}:")]


def build_fixture(name: str, tmp_path: Path, *args: str) -> Built:
    site = tmp_path / name
    shutil.copytree(FIXTURES / name, site / "content")
    result = run_cli("build", "--no-search", *args, cwd=site)
    assert "Traceback" not in result.stderr and "Internal error" not in result.stderr, result.stderr
    return Built(site, result.stderr, result.returncode)


def no_errors(built: Built) -> None:
    """Exit 0, and every message is a warning."""
    assert built.returncode == 0, built.stderr
    for line in built.stderr.splitlines():
        if line.startswith(("content/", "newsarchive.yaml")):
            assert ": warning: " in line or ": info: " in line, line


def h1(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.DOTALL).group(1).strip()


def head_title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html).group(1).split(" · ")[0]


def tags(html: str) -> list[str]:
    found = re.search(r'<ul class="tags">(.*?)</ul>', html, re.DOTALL)
    return re.findall(r">([^<>]+)</a>", found.group(1)) if found else []


def published(html: str) -> str:
    return re.search(r'<time datetime="([^"]+)" data-pagefind-meta="date">', html).group(1)


def updated(html: str) -> str | None:
    found = re.search(r'<dt>Updated</dt><dd><time datetime="([^"]+)"', html)
    return found.group(1) if found else None


def authors(html: str) -> str:
    """The bylines as the page shows them (each a link to its author's page)."""
    shown = re.search(r'<span class="authors"><bdi[^>]*>By</bdi> (.*?)</span>', html).group(1)
    shown = re.sub(r"</?bdi>", "", shown)  # each byline isolated
    return re.sub(r'<a class="author" href="[^"]*authors/[^"]+/">(.*?)</a>', r"\1", shown)


def source(html: str) -> str:
    return re.search(r'<a class="source"[^>]*>(.*?)</a>', html).group(1)


def never_double_escaped(built: Built) -> None:
    """No page or feed shows an entity as text (``&amp;nbsp;``, ``&amp;#8217;``, ``&amp;amp;``) in a title."""
    for path in [*built.out.rglob("*.html"), *built.out.rglob("*.xml")]:
        text = path.read_text(encoding="utf-8")
        for title in re.findall(r"<title>(.*?)</title>|<h1>(.*?)</h1>", text):
            assert "&amp;nbsp;" not in "".join(title) and "&amp;#" not in "".join(title), (path, title)
            assert "&amp;amp;" not in "".join(title), (path, title)


# ---------------------------------------------------------------- Hugo, TOML and JSON front matter


@pytest.fixture(scope="module")
def hugo_toml(tmp_path_factory) -> Built:
    return build_fixture("hugo-toml", tmp_path_factory.mktemp("gen"))


def test_hugo_toml_every_article_at_its_date_url(hugo_toml: Built):
    no_errors(hugo_toml)
    assert hugo_toml.articles() == {
        "2015/03/17/storm-closes-the-harbour-at-t-lines-down/",
        "2015/03/19/le-snc-accueille-aaron-snow/",  # the slug is the last segment of Hugo's url
        "2015/03/20/lluvias-torrenciales-en-el-puerto/",  # JSON front matter
        "2015/03/22/أمطار-غزيرة-تغلق-ميناء-المدينة/",
    }
    # _index.md is a section's list page: not an article, not copied, not reported
    assert not list(hugo_toml.out.rglob("_index*"))
    assert "_index" not in hugo_toml.stderr


def test_hugo_toml_keys_and_params(hugo_toml: Built):
    html = hugo_toml.page("2015/03/17/storm-closes-the-harbour-at-t-lines-down")
    assert h1(html) == "Storm closes the harbour; AT&amp;T lines down"  # AT&T, escaped once
    assert head_title(html) == h1(html)
    assert published(html) == "2015-03-17T14:00:00-04:00"
    assert updated(html) == "2015-03-18T09:15:00-04:00"  # lastmod
    assert tags(html) == ["storm", "harbour", "News"]  # categories after the tags
    assert authors(html) == "Maggie O\u2019Neill"  # from [params], &#8217; decoded
    assert source(html) == "The Harbour Gazette"
    assert "{{&lt; figure" not in html  # a shortcode is translated (test_shortcodes.py):
    assert '<img src="../../../../images/harbour.jpg" alt="The harbour at noon">' in html  # a picture


def test_hugo_publish_date_url_and_expiry(hugo_toml: Built):
    html = hugo_toml.page("2015/03/19/le-snc-accueille-aaron-snow")
    assert h1(html) == "Le SNC accueille\u00a0: Aaron Snow"  # the no-break space survives
    assert head_title(html) == h1(html)
    assert published(html) == "2015-03-19T08:30:00+01:00"  # publishDate, with no date
    assert html_attrs(html)["lang"] == "fr"  # tempete-au-port.fr.md
    assert tags(html) == ["syndicat", "port", "Société"]
    assert "s\u2019est tenue" in html  # the body's own entity, rendered by Markdown
    # expiryDate passed long ago: an archive keeps the article; url is a path, not a web address
    assert not [m for m in hugo_toml.messages("tempete-au-port.fr.md") if "url" in m]


def test_hugo_json_front_matter(hugo_toml: Built):
    html = hugo_toml.page("2015/03/20/lluvias-torrenciales-en-el-puerto")
    assert h1(html) == "Lluvias torrenciales en el puerto"
    assert updated(html) == "2015-03-21T00:00:00+00:00"
    assert source(html) == "El Diario del Puerto"
    assert tags(html) == ["lluvia", "puerto", "Noticias"]
    assert "<p>Las lluvias de la noche inundaron" in html and '"title"' not in html


def test_hugo_toml_arabic(hugo_toml: Built):
    html = hugo_toml.page("2015/03/22/أمطار-غزيرة-تغلق-ميناء-المدينة")
    assert h1(html) == "أمطار غزيرة تغلق ميناء المدينة"
    assert html_attrs(html)["dir"] == "rtl"
    assert published(html).startswith("2015-03-22")
    assert tags(html) == ["طقس", "ميناء", "أخبار"]


def test_hugo_titles_in_lists_and_feeds(hugo_toml: Built):
    never_double_escaped(hugo_toml)
    feed = (hugo_toml.out / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Storm closes the harbour; AT&amp;T lines down</title>" in feed
    assert "<title>Le SNC accueille\u00a0: Aaron Snow</title>" in feed
    home = (hugo_toml.out / "index.html").read_text(encoding="utf-8")
    assert "Le SNC accueille\u00a0: Aaron Snow" in home


@pytest.fixture(scope="module")
def hugo_yaml(tmp_path_factory) -> Built:
    return build_fixture("hugo-yaml", tmp_path_factory.mktemp("gen"))


def test_hugo_yaml_empty_values_are_warnings(hugo_yaml: Built):
    no_errors(hugo_yaml)
    assert hugo_yaml.articles() == {
        "2016/05/02/incendio-forestal-cerca-de-la-costa/",
        "2016/05/04/ferry-returns/",
        "2016/05/06/marche-aux-poissons-les-prix-senvolent/",
    }
    warned = "\n".join(hugo_yaml.messages("incendio-forestal.md") + hugo_yaml.messages("ferry-returns.md"))
    for expected in ("incendio-forestal.md:7: warning: 'author' is empty; it is ignored;",
                     "incendio-forestal.md:8: warning: 'summary' is empty; it is ignored;",
                     "ferry-returns.md:5: warning: 'tags' is empty; it is ignored;",
                     "ferry-returns.md:6: warning: item 2 of 'categories' is empty; it is ignored;",
                     "ferry-returns.md:7: warning: item 2 of 'authors' is empty; it is ignored;"):
        assert expected in warned, warned


def test_hugo_yaml_date_wins_over_publish_date(hugo_yaml: Built):
    html = hugo_yaml.page("2016/05/02/incendio-forestal-cerca-de-la-costa")
    assert published(html) == "2016-05-02T09:30:00+02:00"
    assert updated(html) == "2016-05-03T11:00:00+02:00"
    assert html_attrs(html)["lang"] == "es"
    assert tags(html) == ["incendio", "costa", "Noticias"]
    assert 'class="authors"' not in html


def test_hugo_yaml_path_url_description_and_entities(hugo_yaml: Built):
    html = hugo_yaml.page("2016/05/04/ferry-returns")
    assert h1(html) == "Ferry returns after a week\u2019s repairs"
    assert published(html).startswith("2016-05-04")  # publishdate (any case, as Hugo)
    assert tags(html) == ["Transport"] and authors(html) == "Tom Reyes"
    assert not [m for m in hugo_yaml.messages("ferry-returns.md") if "'url'" in m]
    home = (hugo_yaml.out / "index.html").read_text(encoding="utf-8")
    assert "The island ferry is back in service." in home  # description is the summary
    french = hugo_yaml.page("2016/05/06/marche-aux-poissons-les-prix-senvolent")
    assert h1(french) == "Marché aux poissons\u00a0: les prix s\u2019envolent"
    never_double_escaped(hugo_yaml)


# ---------------------------------------------------------------- Jekyll


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory) -> Built:
    return build_fixture("jekyll", tmp_path_factory.mktemp("gen"))


def test_jekyll_posts_at_their_date_urls(jekyll: Built):
    no_errors(jekyll)
    assert jekyll.articles() == {
        "2015/03/17/storm-hits-the-harbour/",
        "2015/03/18/phone-lines-restored/",  # the last segment of the permalink, without .html
        "2015/03/19/la-tempete-vue-du-quai/",  # a .mkd file
        "2015/03/20/وصول-سفينة-المساعدات-إلى-الميناء/",
        "2015/03/22/el-puerto-reabre-tras-la-tormenta/",  # under mundo/_posts/
    }
    assert "_posts/2015-03-17-storm-hits-harbour.md:7: warning: 'author' is empty" in jekyll.stderr


def test_jekyll_dates_tags_and_categories(jekyll: Built):
    html = jekyll.page("2015/03/17/storm-hits-the-harbour")
    assert published(html) == "2015-03-17T14:00:00-04:00"  # "2015-03-17 14:00:00 -4", as Ruby writes it
    assert tags(html) == ["storm", "harbour", "news"]  # tags: storm harbour; categories: [news]
    html = jekyll.page("2015/03/18/phone-lines-restored")
    assert published(html) == "2015-03-18T09:05:00-04:00"  # 9:05:00 -0400
    assert tags(html) == ["telephone", "islands", "news", "world"]  # tabs after the items; words
    assert h1(html) == "AT&amp;T restores the island\u2019s phone lines"
    assert "R&amp;D teams" in html
    french = jekyll.page("2015/03/19/la-tempete-vue-du-quai")
    assert published(french) == "2015-03-19T18:30:00+01:00" and html_attrs(french)["lang"] == "fr"
    assert tags(french) == ["tempête", "quai", "actualité"]
    arabic = jekyll.page("2015/03/20/وصول-سفينة-المساعدات-إلى-الميناء")
    assert published(arabic).startswith("2015-03-20T07:15:00.25") and html_attrs(arabic)["dir"] == "rtl"
    assert tags(arabic) == ["ميناء", "مساعدات", "أخبار"]
    assert authors(arabic) == "سارة الحسن"  # author: {name: ..., twitter: ...}, as jekyll-seo-tag has it
    spanish = jekyll.page("2015/03/22/el-puerto-reabre-tras-la-tormenta")
    assert tags(spanish) == ["puerto", "tormenta", "mundo"]  # the folder above _posts/ is a category
    assert html_attrs(spanish)["lang"] == "es"


def test_jekyll_excerpt_is_the_summary(jekyll: Built):
    home = (jekyll.out / "index.html").read_text(encoding="utf-8")
    assert "Lines to the islands are back after two days." in home
    never_double_escaped(jekyll)


def test_jekyll_html_posts_and_drafts(jekyll: Built, tmp_path: Path):
    message = jekyll.messages("_posts/2015-03-21-old-layout.html")
    assert message and ": warning: " in message[0] and "rename it to .md" in message[0]
    assert not list(jekyll.out.rglob("*old-layout*"))  # raw HTML with front matter is never published
    assert not [p for p in jekyll.out.rglob("index.html") if "new-ferry-timetable" in p.as_posix()]
    result = build(jekyll.site, BuildOptions(output=tmp_path / "with-drafts", drafts=True, search=False))
    assert (tmp_path / "with-drafts" / "2015" / "03" / "25" / "new-ferry-timetable" / "index.html").is_file()
    assert result.articles == 6


# ---------------------------------------------------------------- Pelican


@pytest.fixture(scope="module")
def pelican(tmp_path_factory) -> Built:
    return build_fixture("pelican", tmp_path_factory.mktemp("gen"))


def test_pelican_metadata_lines(pelican: Built):
    no_errors(pelican)
    assert pelican.articles() == {
        "2010/12/03/harbour-reopens/",  # Slug:
        "2010/12/06/greve-des-dockers-le-port-a-larret/",
        "2010/12/07/el-mercado-de-pescado-reabre/",  # a .mdown file
        "2010/12/09/ferry-update/",
    }  # ferry-plans.md is "Status: draft"
    html = pelican.page("2010/12/03/harbour-reopens")
    assert h1(html) == "Harbour reopens after the storm"
    assert published(html) == "2010-12-03T10:20:00+00:00"
    assert updated(html) == "2010-12-05T19:30:00+00:00"  # Modified:
    assert tags(html) == ["harbour", "storm", "News"]  # Category: is a tag
    assert authors(html) == "Alexis Moreau, Jane Doe"
    assert source(html) == "The Harbour Gazette"
    assert "Title:" not in html and "<p>The harbour reopened on Friday morning." in html
    home = (pelican.out / "index.html").read_text(encoding="utf-8")
    assert "The port is open again, three days after the storm closed it." in home  # a continuation line


def test_pelican_lowercase_keys_and_languages(pelican: Built):
    html = pelican.page("2010/12/06/greve-des-dockers-le-port-a-larret")
    assert h1(html) == "Grève des dockers\u00a0: le port à l\u2019arrêt"
    assert html_attrs(html)["lang"] == "fr" and tags(html) == ["grève", "port", "Social"]
    spanish = pelican.page("2010/12/07/el-mercado-de-pescado-reabre")
    assert html_attrs(spanish)["lang"] == "es" and authors(spanish) == "Luis Pérez"


def test_prose_that_looks_like_a_key_is_not_metadata(pelican: Built):
    html = pelican.page("2010/12/09/ferry-update")
    assert "<p>Update: the ferry resumed its crossings at noon.</p>" in html
    assert h1(html) == "Ferry update"


# ---------------------------------------------------------------- messages for bad front matter


def _problems(text: str, path: str = "x/2018-01-02-a.md"):
    article, problems = load_article(text.encode("utf-8"), path, {}, LoadOptions())
    return article, [(p.line, p.message, p.hint, p.severity) for p in problems]


def test_invalid_toml_names_its_line():
    article, problems = _problems('+++\ntitle = "Storm"\ndate = 2018-01-02\nsource = The Wire\n+++\nText\n')
    assert article is None
    line, message, hint, severity = problems[0]
    assert (line, severity) == (4, "error")
    assert message.startswith("front matter is not valid TOML: ") and hint


def test_unclosed_toml_and_invalid_json():
    assert _problems("+++\ntitle = 'A'\nText\n")[1][0][:2] == (
        1, "the front matter opened with '+++' on line 1 is never closed")
    article, problems = _problems('{\n  "title": "A",\n  "date": 2018-01-02\n}\nText\n')
    assert article is None and problems[0][0] == 3 and "not valid JSON" in problems[0][1]


@pytest.mark.parametrize("text", ["+++\na = " + "[" * 5000 + "\n+++\n", "{\"a\": " + "[" * 50000 + "\n"])
def test_front_matter_nested_too_deeply_is_a_content_error(text):
    article, problems = _problems(text)
    assert article is None and "nested too deeply" in problems[0][1]


def test_toml_date_errors_point_at_their_key():
    article, problems = _problems('+++\ntitle = "A"\nsource = "S"\n\ndate = "2018-02-30"\n+++\nText\n')
    assert article is None and problems[0][0] == 5 and "not a real date" in problems[0][1]


def test_pelican_and_json_errors_point_at_their_key():
    article, problems = _problems("Title: Leap\nSource: S\nDate: 2010-02-30\n\nText\n")
    assert article is None and problems[0][0] == 3 and "'date'" in problems[0][1]
    article, problems = _problems('{\n  "title": "A",\n  "source": "S",\n  "draft": "yes"\n}\nText\n')
    assert article is None and problems[0][0] == 4 and "'draft'" in problems[0][1]


def test_empty_date_falls_back_to_the_file_name():
    article, problems = _problems("---\ntitle: A\ndate:\nsource: S\n---\nText\n")
    assert article is not None and article.day.isoformat() == "2018-01-02"
    assert problems == [(3, "'date' is empty; it is ignored", "give 'date' a value, or remove the line",
                         "warning")]


def test_keys_in_the_cases_hugo_reads():
    article, problems = _problems('+++\nTitle = "Big tide"\nDate = 2015-03-17\nTags = ["sea"]\n'
                                  'PublishDate = 2015-03-16\nSource = "S"\n+++\nText\n')
    assert problems == []
    assert (article.title, article.day.isoformat(), article.tags, article.source) == (
        "Big tide", "2015-03-17", ("sea",), "S")
    assert article.extra == {"PublishDate": "2015-03-16"}  # not used: the date is there


def test_hugo_date_order_and_jekyll_published():
    def day(text: str, path: str = "x/a.md"):
        article, problems = _problems(text.replace("KEYS", "title = 'T'\nsource = 'S'"), path)
        assert not [p for p in problems if p[3] == "error"], problems
        return article.day.isoformat(), article.updated and article.updated.date().isoformat(), article.draft

    assert day("+++\nKEYS\npubdate = 2015-03-12\nlastmod = 2015-03-18\n+++\nB") == (
        "2015-03-12", "2015-03-18", False)
    assert day("+++\nKEYS\nlastmod = 2015-03-18\n+++\nB") == ("2015-03-18", "2015-03-18", False)
    assert day("+++\nKEYS\nlastmod = 2015-03-18\n+++\nB", "x/2015-03-10-a.md") == (
        "2015-03-10", "2015-03-18", False)  # the file name's date comes before lastmod
    assert day("---\ntitle: T\nsource: S\npublished: false\n---\nB", "x/2015-03-10-a.md") == (
        "2015-03-10", None, True)  # Jekyll's published: false is a draft


def test_entities_decoded_only_when_complete():
    assert clean("AT&amp;T &amp; R&D &copy 2015 &copy; &eacute;t&eacute; &#8217; &#x2019;") == \
        "AT&T & R&D &copy 2015 \u00a9 \u00e9t\u00e9 \u2019 \u2019"
    assert clean("accueille&nbsp;:  Aaron\t\nSnow ") == "accueille\u00a0: Aaron Snow"
    assert clean("&bogus; &#;") == "&bogus; &#;"


def test_every_markdown_extension_is_an_article(tmp_path: Path):
    from newsarchive.content.tree import scan

    names = ["a.md", "b.markdown", "c.mdown", "d.mkd", "e.mkdn", "f.mdwn", "g.mkdown", "h.txt", "i.MD"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "_index.md").write_text("x", encoding="utf-8")
    (tmp_path / "map.png").write_bytes(b"png")
    tree = scan(tmp_path)
    assert tree.articles == sorted(names) and tree.assets == ["map.png"] and not tree.problems


# ---------------------------------------------------------------- hypothesis: dates as Ruby and Go write them


aware = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9998, 12, 31),
                     timezones=st.sampled_from([
                         timezone.utc, timezone(timedelta(hours=-4)), timezone(timedelta(hours=9)),
                         timezone(timedelta(hours=5, minutes=30)),
                         timezone(timedelta(hours=-9, minutes=-30))]))


def _ruby_offset(moment: datetime) -> str:
    """``-4`` (one-digit hour, as in Jekyll's docs) for whole hours, else ``-0930``."""
    minutes = int(moment.utcoffset().total_seconds()) // 60
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    return f"{sign}{minutes // 60}" if minutes % 60 == 0 else f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


@given(aware)
def test_dates_as_jekyll_and_hugo_write_them(moment: datetime):
    offset = moment.strftime("%z")
    colon = offset[:3] + ":" + offset[3:]
    day, hour = moment.strftime("%Y-%m-%d"), f"{moment.hour}:{moment:%M:%S}"  # 9:05:00, no leading zero
    fraction = f".{moment.microsecond:06d}"
    forms = [
        f"{day} {hour} {_ruby_offset(moment)}",  # Ruby: 2015-03-17 14:00:00 -4
        f"{day} {moment:%H:%M:%S} {offset}",  # -0400
        f"{day}T{moment:%H:%M:%S}{fraction}{colon}",  # +05:30, fractional seconds
        f"{day} {hour}{fraction}{offset} ABC",  # Go's time.String(): -0400 EDT
    ]
    if not moment.utcoffset():
        forms.append(f"{day}T{moment:%H:%M:%S}{fraction}Z")
    for text in forms:
        parsed = dates.parse_date(text)
        exact = moment if fraction in text else moment.replace(microsecond=0)
        assert parsed.instant == exact, text
        assert parsed.instant.utcoffset() == moment.utcoffset(), text
        assert parsed.day == moment.date() and parsed.has_time


@given(st.dates(min_value=datetime(1000, 1, 1).date()), st.integers(-23, 23))
def test_impossible_offsets_are_date_errors(day, hours):
    text = f"{day.isoformat()} 10:00:00 {'+' if hours >= 0 else '-'}{abs(hours)}"
    assert dates.parse_date(text).instant.utcoffset() == timedelta(hours=hours)
    with pytest.raises(dates.DateError, match="offset"):
        dates.parse_date(f"{day.isoformat()} 10:00:00 +{24 + abs(hours) % 70}")


# ---------------------------------------------------------------- hypothesis: the splitters


def toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


KEYS = ["title", "source", "summary", "author", "slug", "weight", "type", "description", "publishDate"]
values = st.one_of(st.text(max_size=40), st.integers(-10**6, 10**6),
                   st.lists(st.text(max_size=10), max_size=4))
front = st.dictionaries(st.sampled_from(KEYS), values, max_size=len(KEYS))
bodies = st.text(max_size=200).map(lambda t: t.replace("\r", ""))


def toml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_string(v) for v in value) + "]"
    return toml_string(value) if isinstance(value, str) else str(value)


@given(front, bodies)
@settings(max_examples=200, deadline=None)
def test_toml_front_matter_round_trip(data, body):
    text = "+++\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in data.items()) + "+++\n" + body
    parts = split(text)
    assert parts.kind == "toml" and parts.data == data and parts.body == body
    assert parts.key_lines == {key: number for number, key in enumerate(data, 2)}
    assert text[len(text) - len(parts.body):] == parts.body


@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
       st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), max_size=4))
@settings(max_examples=200, deadline=None)
def test_toml_text_values_reach_the_article_as_written(title, tag_list):
    """Whatever the text, the article shows it with only its entities decoded and its ASCII spaces made
    one."""
    text = (f"+++\ntitle = {toml_string(title)}\nsource = {toml_string(title)}\ndate = 2018-01-02\n"
            f"tags = {toml_value(tag_list)}\n+++\nText\n")
    article, problems = load_article(text.encode("utf-8"), "2018/a.md", {}, LoadOptions())
    assert article is not None, problems
    expected = as_shown(title)  # entities decoded, direction controls out, nothing if nothing visible
    assert article.source == expected if expected.strip() else article.source == ""
    if expected.strip():
        assert article.title == expected
    wanted = []
    for tag in (as_shown(t) for t in tag_list):
        if tag.strip() and tag not in wanted:
            wanted.append(tag)
    assert article.tags == tuple(wanted)


@given(front, bodies)
@settings(max_examples=200, deadline=None)
def test_json_front_matter_round_trip(data, body):
    data = {"title": "A", **data}
    pairs = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in data.items())
    text = "{\n" + pairs + "\n}\n" + body
    parts = split(text)
    assert parts.kind == "json" and parts.data == data and parts.body == body
    assert parts.key_lines == {key: number for number, key in enumerate(data, 2)}


line_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=40)
pelican_keys = st.lists(st.sampled_from(["Title", "date", "Tags", "Category", "Author", "Summary", "Slug",
                                          "Lang", "Modified", "Status"]), unique_by=str.lower, min_size=1)


@given(pelican_keys, st.data(), bodies)
@settings(max_examples=200, deadline=None)
def test_pelican_metadata_round_trip(keys, data, body):
    values_ = [data.draw(line_text.map(lambda t: t.strip(" \t"))) for _ in keys]
    text = "".join(f"{k}: {v}\n" for k, v in zip(keys, values_)) + "\n" + body
    parts = split(text, metadata_lines=True)
    if not {"title", "date"} & {k.lower() for k in keys}:
        assert parts.kind == "" and parts.body == text  # no Title or Date: it is prose
        return
    assert parts.kind == "pelican" and parts.body == body
    assert parts.data == {k.lower(): v for k, v in zip(keys, values_)}
    assert parts.key_lines == {k.lower(): n for n, k in enumerate(keys, 1)}
    assert parts.body_line == len(keys) + 2


@given(st.sampled_from(["Update", "Note", "Editor", "Correction", "Breaking"]), line_text, bodies)
def test_prose_starting_with_a_word_and_a_colon_is_the_body(word, rest, body):
    text = f"{word}: {rest}\n\n{body}"
    parts = split(text, metadata_lines=True)
    assert parts.kind == "" and parts.body == text


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_splitters_only_raise_their_own_error(text):
    for prefix in ("+++\n", "{", '{"', ""):
        try:
            split(prefix + text.replace("\r", ""), metadata_lines=True)
        except FrontMatterError as exc:
            assert exc.message and (exc.line is None or exc.line >= 1)


# ---------------------------------------------------------------- the body read at render time


body_line = st.sampled_from(["# Heading", "Text with *emphasis*.", "", "Source: The Wire",
                             "Title: not metadata", "- item", "+++", "---", "{\"a\": 1}",
                             "\u00e9t\u00e9 \u0645\u0637\u0631"])


@given(front=st.sampled_from(['+++\ntitle = "T"\ndate = 2018-01-02\n+++\n', "+++\n+++\n",
                              '{\n  "title": "T",\n  "source": "S"\n}\n', '{"date": "2018-01-02"}\n',
                              "Title: T\nDate: 2018-01-02\n\n", "date: 2018-01-02\nsummary: a\n    b\n\n"]),
       lines=st.lists(body_line, max_size=10), crlf=st.booleans(), bom=st.booleans(),
       suffix=st.sampled_from([".md", ".mkd", ".txt"]))
@settings(max_examples=200, deadline=None)
def test_render_body_matches_a_full_read_in_every_format(front, lines, crlf, bom, suffix):
    from newsarchive.content.loader import render_body

    text = front + "\n".join(lines) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    rel = f"2018/2018-01-02-a{suffix}"
    full, _ = load_article(raw, rel, {}, LoadOptions())
    facts, _ = load_article(raw, rel, {}, LoadOptions(), with_body=False)
    assert (full is None) == (facts is None)
    if full is not None:
        assert facts.title == full.title and facts.source == full.source
        assert render_body(raw, facts, LoadOptions()) == full.body_html
        if suffix != ".txt" and front.startswith("Title: T"):
            assert "Date:" not in full.body_html
