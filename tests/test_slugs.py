"""Addresses in the reader's script (``slugs:``): the files on disk, and every URL a host, a browser or a
feed reader sees, percent-encoded as RFC 3986 wants."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from conftest import article, crawl, page_links, sitemap_text, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive import routes
from newsarchive.build import BuildOptions, build
from newsarchive.config import validate

BASE = "https://example.org/archive/"
TITLES = {
    "2018-03-25-souq.md": ("افتتاح سوق السمك الجديد", "ar", "الواحة", "[ميناء, gulf]"),
    "2018-03-26-tehran.md": ("نمایشگاه کتاب تهران می‌خواهد", "fa", "همشهری", "[کتاب]"),
    "2018-03-27-kremlin.md": ("Путин встретился с Байденом", "ru", "Коммерсантъ", "[Политика]"),
    "2018-03-28-beijing.md": ("北京举行新闻发布会", "zh", "新华社", "[新闻]"),
    "2018-03-29-port.md": ("Évacuation du port", "fr", "Le Courrier", "[tempête]"),
}
UNICODE_PAGES = [
    "2018/03/25/افتتاح-سوق-السمك-الجديد",
    "2018/03/26/نمایشگاه-کتاب-تهران-می\u200cخواهد",
    "2018/03/27/путин-встретился-с-байденом",
    "2018/03/28/北京举行新闻发布会",
    "2018/03/29/evacuation-du-port",  # Latin script: the ASCII slug of older builds
]
ASCII_PAGES = [
    "2018/03/25/ftth-swq-lsmk-ljdyd",
    "2018/03/26/nmyshgh-khtb-thrn-mykhwhd",
    "2018/03/27/putin-vstretilsia-s-baidenom",
    "2018/03/28/bei-jing-ju-xing-xin-wen-fa-bu-hui",
    "2018/03/29/evacuation-du-port",
]
URI_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*")


def site(tmp_path: Path, slugs: str | None = None) -> Path:
    files = {name: article(title, date=name[:10], source=source, language=lang, tags=tags, body="Text.")
             for name, (title, lang, source, tags) in TITLES.items()}
    config = f"base_url: {BASE}\nsearch: false\n" + (f"slugs: {slugs}\n" if slugs else "")
    return write_site(tmp_path / "site", files, config)


def article_dirs(out: Path) -> list[str]:
    return sorted(p.parent.relative_to(out).as_posix() for p in out.glob("20*/*/*/*/index.html"))


def is_uri_path(url: str) -> bool:
    return url.isascii() and URI_PATH.fullmatch(url) is not None


def test_titles_in_other_scripts_keep_their_script_on_disk(tmp_path: Path):
    root = site(tmp_path)
    build(root, BuildOptions(jobs=1))
    out = root / "build"
    assert article_dirs(out) == sorted(UNICODE_PAGES)
    sources = sorted(p.name for p in (out / "sources").iterdir() if p.is_dir())
    assert sources == sorted(["le-courrier", "الواحة", "همشهری", "коммерсантъ", "新华社"])
    tags = sorted(p.name for p in (out / "tags").iterdir() if p.is_dir())
    assert tags == sorted(["gulf", "tempete", "کتاب", "ميناء", "политика", "新闻"])
    reached, broken = crawl(out)
    assert broken == []
    assert {out / p / "index.html" for p in UNICODE_PAGES} <= reached


def test_links_in_pages_are_percent_encoded_and_reach_the_page(tmp_path: Path):
    root = site(tmp_path)
    build(root, BuildOptions(jobs=1))
    out = root / "build"
    for html_file in out.rglob("*.html"):
        for _tag, href, _attrs in page_links(html_file.read_text(encoding="utf-8")):
            if not href.startswith(("http:", "https:")):
                assert is_uri_path(href.split("#")[0].split("?")[0]), (html_file, href)
    home = (out / "index.html").read_text(encoding="utf-8")
    link = ("./2018/03/27/"
            + "%D0%BF%D1%83%D1%82%D0%B8%D0%BD-%D0%B2%D1%81%D1%82%D1%80%D0%B5%D1%82%D0%B8%D0%BB"
            "%D1%81%D1%8F-%D1%81-%D0%B1%D0%B0%D0%B9%D0%B4%D0%B5%D0%BD%D0%BE%D0%BC/")
    assert f'href="{link}"' in home
    assert unquote(link) == "./" + UNICODE_PAGES[2] + "/"


def absolute_urls(text: str) -> list[str]:
    return re.findall(r'(?:<loc>|href=")(' + re.escape(BASE) + r'[^<"]*)', text)


def test_sitemap_feeds_canonical_json_ld_and_export_hold_uris(tmp_path: Path):
    root = site(tmp_path)
    build(root, BuildOptions(jobs=1))
    out = root / "build"
    pages = {p + "/" for p in UNICODE_PAGES}
    for name in ["sitemap.xml", "feed.xml", "sources/коммерсантъ/feed.xml", "tags/新闻/feed.xml"]:
        text = (out / name).read_text(encoding="utf-8")
        urls = absolute_urls(text)
        assert urls, name
        for url in urls:
            path = url[len(BASE):]
            assert is_uri_path(path), (name, url)
            target = out / routes.output_path(path)
            assert target.is_file(), (name, url)
        ids = re.findall(r"<id>([^<]*)</id>", text)
        assert all(i.startswith("urn:uuid:") for i in ids) and (ids or name == "sitemap.xml")
    located = {u[len(BASE):] for u in absolute_urls(sitemap_text(out))}
    assert {unquote(u) for u in located} >= pages
    page_dir = out / UNICODE_PAGES[0]
    html = (page_dir / "index.html").read_text(encoding="utf-8")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    assert canonical == BASE + "/".join(map(routes.segment, UNICODE_PAGES[0].split("/"))) + "/"
    assert unquote(canonical) == BASE + UNICODE_PAGES[0] + "/"
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                              re.DOTALL).group(1))
    assert ld["url"] == canonical
    # the citations cite the archive's copy: shown as a reader reads it (an IRI) in the styles a reader
    # copies, by its URI where a machine reads it (BibTeX, the citation_* tags)
    shown = re.sub(r"</?bdi>", "", html)  # the parts of a right-to-left citation are isolated
    assert f"{unquote(canonical)}." in shown and f"url = {{{canonical}}}" in html
    assert f'<meta name="citation_public_url" content="{canonical}">' in html
    export = json.loads((out / "api/articles.json").read_text(encoding="utf-8"))
    paths = {a["path"] for a in export["articles"]}
    assert all(is_uri_path(p) for p in paths)
    assert {unquote(p) for p in paths} == pages


def test_portable_links_name_the_encoded_file(tmp_path: Path):
    root = site(tmp_path)
    build(root, BuildOptions(jobs=1, portable=True))
    out = root / "build"
    _reached, broken = crawl(out, files_only=True)
    assert broken == []
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="./2018/03/28/%E5%8C%97%E4%BA%AC%E4%B8%BE%E8%A1%8C%E6%96%B0%E9%97%BB%E5%8F%91%E5%B8%83' \
           '%E4%BC%9A/index.html"' in home


def test_ascii_mode_gives_the_old_slugs(tmp_path: Path):
    root = site(tmp_path, "ascii")
    build(root, BuildOptions(jobs=1))
    out = root / "build"
    assert article_dirs(out) == sorted(ASCII_PAGES)
    assert sorted(p.name for p in (out / "sources").iterdir() if p.is_dir()) == [
        "hmshhry", "kommersant", "le-courrier", "lwh", "xin-hua-she"]
    assert crawl(out)[1] == []


def test_unicode_mode_keeps_latin_accents(tmp_path: Path):
    root = site(tmp_path, "unicode")
    build(root, BuildOptions(jobs=1))
    assert "2018/03/29/évacuation-du-port" in article_dirs(root / "build")
    assert crawl(root / "build")[1] == []


def test_changing_slugs_rebuilds_like_a_clean_build(tmp_path: Path):
    root = site(tmp_path)
    build(root, BuildOptions(jobs=1))
    (root / "newsarchive.yaml").write_text(f"base_url: {BASE}\nsearch: false\nslugs: ascii\n",
                                           encoding="utf-8")
    build(root, BuildOptions(jobs=1))
    assert article_dirs(root / "build") == sorted(ASCII_PAGES)
    clean = tmp_path / "clean"
    build(root, BuildOptions(jobs=1, output=clean, clean=True))
    mine = {p.relative_to(root / "build"): p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()}
    theirs = {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()}
    assert mine == theirs


def test_explicit_slug_keeps_an_address(tmp_path: Path):
    root = write_site(tmp_path / "site",
                      {"2018-03-25-a.md": article("افتتاح سوق", date="2018-03-25", slug="souq-al-samak")})
    build(root, BuildOptions(jobs=1))
    assert article_dirs(root / "build") == ["2018/03/25/souq-al-samak"]


def test_slugs_setting_is_validated():
    config, problems = validate({"slugs": "latin"}, {"slugs": 3})
    assert config.slugs == "auto"
    assert [(p.line, p.message) for p in problems] == [
        (3, "'slugs' must be auto, ascii or unicode, not 'latin'")]
    assert validate({"slugs": "unicode"}, {})[0].slugs == "unicode"


def test_auto_slugs_by_script():
    assert routes.make_slug("Évacuation du quartier", mode="auto") == "evacuation-du-quartier"
    assert routes.make_slug("COVID-19 في مصر", mode="auto") == "covid-19-في-مصر"
    assert routes.make_slug("नमस्ते दुनिया", mode="auto") == "नमस्ते-दुनिया"  # vowel signs (marks) kept
    assert routes.make_slug("Ἀθῆναι σήμερα", mode="auto") == "ἀθῆναι-σήμερα"
    assert routes.make_slug("«\u200fمرحبا\u200f» ـ عالم!", mode="auto") == "مرحبا-ـ-عالم"
    assert routes.make_slug("!!!", mode="unicode") == "untitled"
    assert routes.make_slug("CON", mode="unicode") == "con_"


@given(st.text())
@settings(max_examples=500)
def test_unicode_slugs_are_safe_path_segments(text):
    for mode in ("auto", "unicode"):
        slug = routes.make_slug(text, mode=mode)
        assert slug and "/" not in slug and "\\" not in slug and slug not in (".", "..")
        assert not slug.startswith("-") and not slug.endswith("-")
        assert len(slug) <= routes.MAX_SLUG + 1 and len(slug.encode("utf-8")) <= routes.MAX_SLUG_BYTES + 1
        assert "\x00" not in slug
        assert all(unicodedata.category(c)[0] != "C" or c in "\u200c\u200d" for c in slug)
        segment = routes.segment(slug)
        assert is_uri_path(segment) and unquote(segment) == slug


def test_the_search_index_holds_the_pages_paths(tmp_path: Path):
    import gzip

    import pytest

    from newsarchive.search import index as search

    if search.executable() is None:
        pytest.skip("Pagefind is not installed (pip install 'pagefind[bin]')")
    root = site(tmp_path)
    (root / "newsarchive.yaml").write_text(f"base_url: {BASE}\n", encoding="utf-8")
    build(root, BuildOptions(jobs=1))
    out = root / "build"
    urls = set()
    for fragment in (out / "pagefind").rglob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(data[data.index(b"{"):])["url"])
    # Pagefind keeps the paths it read from disk, in UTF-8; the browser encodes them when a result is followed
    assert urls == {f"/{page}/" for page in UNICODE_PAGES}
    assert all((out / url.strip("/") / "index.html").is_file() for url in urls)
