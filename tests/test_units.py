"""Property tests for the small parsers and URL rules everything else relies on."""

from __future__ import annotations

import posixpath
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive import dates, i18n, routes
from newsarchive.content import infer
from newsarchive.content.frontmatter import FrontMatterError, split

SAFE_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@given(st.text())
@settings(max_examples=500)
def test_slugs_are_always_safe_path_segments(text):
    slug = routes.make_slug(text)
    assert SAFE_SEGMENT.match(slug), slug
    assert len(slug) <= routes.MAX_SLUG + 1
    assert slug not in {"con", "prn", "aux", "nul", "com1", "lpt1"}


@pytest.mark.parametrize("hostile", ["../../etc", "/etc/passwd", "..", ".", "a\x00b", "x" * 5000, "CON",
                                     "aux", "Lpt1", "C:\\Windows", "~/.ssh", "%2e%2e%2f"])
def test_hostile_slugs(hostile):
    slug = routes.make_slug(hostile)
    assert SAFE_SEGMENT.match(slug) and ".." not in slug and "/" not in slug


segment = st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True)
page_url = st.lists(segment, max_size=5).map(lambda parts: "".join(p + "/" for p in parts))
file_url = st.tuples(page_url, segment).map(lambda t: f"{t[0]}{t[1]}.xml")


@given(st.one_of(page_url, file_url), st.one_of(page_url, file_url))
def test_relative_links_resolve_to_their_target(from_url, to_url):
    link = routes.relative(from_url, to_url)
    base = posixpath.dirname("/" + from_url) if not from_url.endswith("/") else "/" + from_url
    resolved = posixpath.normpath(posixpath.join(base, link))
    expected = posixpath.normpath("/" + to_url)
    assert resolved == expected
    assert not link.startswith("/")


aware = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9998, 12, 31),
                     timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=3)),
                                                timezone(timedelta(hours=-5, minutes=-30))]))


@given(aware)
def test_dates_round_trip_in_every_written_form(moment):
    moment = moment.replace(microsecond=0)
    offset = moment.strftime("%z")
    forms = [moment.isoformat(), moment.strftime("%Y-%m-%d %H:%M:%S ") + offset,
             moment.strftime("%Y-%m-%dT%H:%M:%S") + offset[:3] + ":" + offset[3:]]
    for text in forms:
        parsed = dates.parse_date(text)
        assert parsed.instant == moment
        assert parsed.day == moment.date()  # filed on the day as written
        assert parsed.has_time


@given(st.dates(min_value=date(1, 1, 1)))
def test_plain_dates(day):
    parsed = dates.parse_date(day.isoformat()) if day.year >= 1000 else dates.parse_date(day)
    assert parsed.day == day and not parsed.has_time


@given(st.text(max_size=40))
def test_date_parser_only_raises_date_error(text):
    try:
        dates.parse_date(text)
    except dates.DateError:
        pass


@pytest.mark.parametrize("text,message", [
    ("2018-02-30", "not a real date"),
    ("March 26, 2018", "not a date I can read"),
    ("26/03/2018", "not a date I can read"),
    ("2018-03-26 25:00", "impossible time"),
    ("", "empty"),
])
def test_unreadable_dates_say_why(text, message):
    with pytest.raises(dates.DateError, match=message):
        dates.parse_date(text)


def test_date_without_offset_uses_site_zone():
    paris = dates.zone("Europe/Paris")
    parsed = dates.parse_date("2018-07-01 12:00", paris)
    assert parsed.instant.utcoffset() == timedelta(hours=2)


@given(st.text())
def test_front_matter_split_only_raises_its_own_error(text):
    try:
        result = split(text.replace("\r", ""))
    except FrontMatterError as exc:
        assert exc.message
    else:
        assert isinstance(result.data, dict)


def test_front_matter_lines_count_the_opening_fence():
    result = split("---\ntitle: A\ndate: 2018-01-01\n---\nBody\n")
    assert result.key_lines == {"title": 2, "date": 3}
    assert result.body == "Body\n" and result.body_line == 5
    with pytest.raises(FrontMatterError) as info:
        split("---\ntitle: A\nsource: B: C\n---\n")
    assert info.value.line == 3


@pytest.mark.parametrize("line,name", [
    ("Source: Le Monde", "Le Monde"), ("Source : Le Monde", "Le Monde"), ("source:Le Monde", "Le Monde"),
    ("*Source: AFP*", "AFP"), ("**Source:** AFP", "AFP"), ("Fuente: El País", "El País"),
    ("المصدر: الواحة", "الواحة"), ("Source :\u00a0Ouest", "Ouest"),
])
def test_source_line_forms(line, name):
    found, body, _ = infer.take_source_line(f"Text.\n\n{line}\n")
    assert found == name
    assert line not in body and "Text." in body


def test_source_line_only_near_the_end():
    found, _body, _ = infer.take_source_line("Source: Early\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n")
    assert found is None


@pytest.mark.parametrize("tag,canonical,direction", [
    ("fr", "fr", "ltr"), ("pt_br", "pt-BR", "ltr"), ("AR", "ar", "rtl"), ("fa-IR", "fa-IR", "rtl"),
    ("he", "he", "rtl"), ("ur", "ur", "rtl"), ("az-Arab", "az-Arab", "rtl"), ("ku-Latn", "ku-Latn", "ltr"),
    ("zh-hant-tw", "zh-Hant-TW", "ltr"), ("en-us-u-ca-gregory", "en-US-u-ca-gregory", "ltr"),
])
def test_languages(tag, canonical, direction):
    assert i18n.normalize_language(tag) == canonical
    assert i18n.direction(canonical) == direction


@pytest.mark.parametrize("tag,direction", [
    ("ks", "rtl"), ("mzn", "rtl"), ("nqo", "rtl"), ("sd-Deva", "ltr"), ("he-Latn", "ltr"),
    ("ar-u-nu-latn", "rtl"), ("arc", "rtl"), ("x-private", "ltr"), ("ar-EG", "rtl"), ("en", "ltr"),
])
def test_direction_from_babel_then_the_script(tag, direction):
    """Babel knows the languages (Kashmiri, Mazanderani, N'Ko are right-to-left); a script subtag decides
    over the language (Sindhi in Devanagari is left-to-right); a code Babel lacks (Aramaic) falls back."""
    assert i18n.direction(tag) == direction


@pytest.mark.parametrize("tag", ["iw", "en-Latn", "zh-cmn", "i-klingon", "mo", "ja-Jpan"])
def test_tags_keep_their_code_where_langcodes_would_replace_it(tag):
    """``langcodes.standardize_tag`` replaces deprecated codes and drops implied scripts (iw -> he, en-Latn
    -> en): the tag a user wrote is in the language pages' URLs, so only its case is made canonical."""
    import langcodes

    assert i18n.normalize_language(tag).lower() == tag.lower()
    assert langcodes.standardize_tag(tag).lower() != tag.lower()


@pytest.mark.parametrize("language,counts", [
    ("en", {0: "0 articles", 1: "1 article", 2: "2 articles"}),
    ("fr", {0: "0 article", 1: "1 article", 2: "2 articles"}),
    ("es", {0: "0 artículos", 1: "1 artículo", 2: "2 artículos"}),
    ("ar", {0: "0 مقال", 1: "1 مقال", 2: "مقالان", 3: "3 مقالات", 11: "11 مقالًا", 100: "100 مقال"}),
    ("de", {0: "0 articles", 1: "1 article", 2: "2 articles"}),  # no words: English's rule and words
])
def test_counts_follow_the_language_s_plural_rules(language, counts):
    for count, said in counts.items():
        assert i18n.counted(count, language) == said


def test_arabic_days_apart_use_the_dual_without_a_number():
    assert i18n.relative_day(2, "ar") == "بعد يومين" and i18n.relative_day(-3, "ar") == "قبل 3 أيام"
    assert i18n.relative_day(2, "fr") == "2 jours plus tard"


@pytest.mark.parametrize("language,counts,said", [
    ("fr", (0, 2), "0 article · 2 articles"), ("ar", (2, 11), "مقالان · 11 مقالًا"),
    ("en", (1, 0), "1 article · 0 articles"),
])
def test_the_plural_filter_uses_the_site_language(tmp_path, language, counts, said):
    from newsarchive.config import Config
    from newsarchive.model import Site
    from newsarchive.pages.render import make_environment

    site = Site(Config(language=language), (2018,), i18n.babel_locale(language))
    env = make_environment(tmp_path, site)
    assert env.from_string("{{ a | plural }} · {{ b | plural }}").render(a=counts[0], b=counts[1]) == said


@pytest.mark.parametrize("bad", ["english", "French", "fr_FRANCE_x", "12", "e"])
def test_invalid_language_tags(bad):
    with pytest.raises(i18n.LanguageError):
        i18n.normalize_language(bad)


def test_localized_dates():
    day = date(2018, 3, 26)
    assert dates.format_day(day, "fr") == "26 mars 2018"
    assert dates.format_day(date(2018, 3, 27), "es") == "27 de marzo de 2018"
    assert "مارس" in dates.format_day(day, "ar")
    assert dates.format_day(day, "en") == "March 26, 2018"


# ---- the body read at render time is the body a full read gives ----

from conftest import REPO

from newsarchive.content.loader import LoadOptions, load_article, render_body


def _same_body(raw: bytes, rel: str, defaults: dict | None = None) -> None:
    options = LoadOptions()
    full, _ = load_article(raw, rel, defaults or {}, options)
    facts, _ = load_article(raw, rel, defaults or {}, options, with_body=False)
    assert (full is None) == (facts is None)
    if full is not None:
        assert facts.body_html == ""
        assert facts.title == full.title and facts.source == full.source
        assert render_body(raw, facts, options) == full.body_html


def test_render_body_matches_a_full_read_for_every_sample_article():
    for path in sorted((REPO / "content").rglob("*")):
        if path.suffix in (".md", ".txt"):
            _same_body(path.read_bytes(), path.relative_to(REPO / "content").as_posix())


body_line = st.sampled_from(["# Heading", "Text with *emphasis*.", "", "Source: The Wire",
                             "Source : Le Courrier", "- item", "> quote", "Setext", "======", "```", "code",
                             "\u00e9t\u00e9 \u0645\u0637\u0631"])


@given(front=st.sampled_from(["", "---\ntitle: T\n---\n", "---\ndate: 2018-01-01\nsource: S\n---\n",
                              "---\nsource: S\n---\n\n"]),
       lines=st.lists(body_line, max_size=12), crlf=st.booleans(), bom=st.booleans(),
       suffix=st.sampled_from([".md", ".txt"]))
@settings(max_examples=300, deadline=None)
def test_render_body_matches_a_full_read(front, lines, crlf, bom, suffix):
    text = front + "\n".join(lines) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    _same_body(raw, f"2018/2018-01-02-a{suffix}")


# ---- the fast Markdown parser (markdown-it-pyrs) gives what markdown-it-py gives ----

from newsarchive.content import markup

md_block = st.sampled_from([
    "# Heading *em*", "## Sub", "Setext\n======", "Plain text with **strong** and `code`.", "- a\n- b\n  - c",
    "1. one\n2. two", "> quote\n> more", "```python\nx = 1\n```", "    indented code",
    "| a | b |\n|---|:-:|\n| 1 | 2 |",
    "~~gone~~ and <b>raw</b>", "[link](photo.jpg) ![img](../x.png) [abs](https://e.example/a?b=1#c)",
    "Été déjà vu — مطر غزير", "Line one  \nline two", "<div>block html</div>", "***", "Auto <https://e.example>",
    "[ref]\n\n[ref]: https://e.example/r", "&amp; &copy; &#1605;",
])


@given(st.lists(md_block, max_size=8), st.booleans())
@settings(max_examples=300, deadline=None)
def test_fast_markdown_equals_the_reference(blocks, want_title):
    if markup.fast_markdown() is None:
        pytest.skip("markdown-it-pyrs is not installed")
    text = "\n\n".join(blocks) + "\n"
    fast_html, fast_title = markup.render_markdown(text, "2018/03", want_title)
    ref_html, ref_title = markup._render_reference(text, want_title)
    assert fast_title == ref_title
    assert fast_html == markup.rebase_links(ref_html, "2018/03")


def test_fast_markdown_equals_the_reference_on_the_sample_archive():
    for path in sorted((REPO / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8").split("---", 2)[-1]
        assert markup.fast_markdown().render(text) == markup.markdown().render(text), path


from newsarchive.output import writer


@given(st.text(alphabet="a./\\\x00", max_size=12))
@settings(max_examples=500)
def test_the_writers_fast_path_check_refuses_what_the_careful_one_refuses(rel):
    careful = fast = True
    try:
        writer.safe_parts(rel)
    except ValueError:
        careful = False
    try:
        writer.refuse_outside(rel)
    except ValueError:
        fast = False
    assert careful == fast


@given(st.text(alphabet="abcXYZ019 .:;!?()-", max_size=90))
@settings(max_examples=500)
def test_the_plain_slug_fast_path_gives_python_slugify_result(text):
    from slugify import slugify

    expected = slugify(text, max_length=routes.MAX_SLUG, word_boundary=True, save_order=True) or "untitled"
    if expected in {"con", "prn", "aux", "nul"}:
        expected += "_"
    routes.make_slug.cache_clear()
    assert routes.make_slug(text) == expected


@given(aware)
@settings(max_examples=300)
def test_instants_survive_the_cache_record(moment):
    back = dates.from_record(dates.to_record(moment))
    assert back == moment and back.isoformat() == moment.isoformat()
