"""One rule for reading a text file (``newsarchive.text``): a file with lone CR line ends (old Mac editors)
reads the same as its LF copy through every path that reads a file the user wrote."""

from __future__ import annotations

import dataclasses

import pytest

from newsarchive import text
from newsarchive.config import load_config
from newsarchive.content.links import problems as link_problems
from newsarchive.content.loader import LoadOptions, load_article, render_body
from newsarchive.content.tree import scan
from newsarchive.importer.formats import _decode
from newsarchive.importer.keys import existing_keys

ARTICLE = ("---\ntitle: Lone returns\ndate: 2018-03-26\nsource: The Wire\nurl: https://example.org/a\n"
           "tags: [one, two]\n---\nFirst paragraph.\n\nSecond [link](missing.md).\n")
DEFAULTS = "source: The Wire\nlanguage: fr\ntags:\n  - folder\n"
CONFIG = "title: Lone returns\nbase_url: https://example.org/\nlanguage: fr\n"


def _ends(value: str, end: str, bom: bool = False) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + value.replace("\n", end).encode()


ENDINGS = [("\r", False), ("\r\n", False), ("\r", True)]


def test_decode_makes_every_line_end_lf():
    assert text.decode(b"\xef\xbb\xbfa\rb\r\nc\n\rd") == "a\nb\nc\n\nd"
    assert text.lf("a\r\rb") == "a\n\nb"


def test_a_bad_byte_is_placed_by_the_same_line_ends():
    with pytest.raises(text.NotUTF8) as bad:
        text.decode(b"\xef\xbb\xbfa\rb\r\nc\xe9")
    assert (bad.value.offset, bad.value.byte, bad.value.line) == (9, 0xE9, 3)


@pytest.mark.parametrize(("end", "bom"), ENDINGS)
def test_article_reads_the_same(end, bom):
    options = LoadOptions()
    lf, lf_problems = load_article(ARTICLE.encode(), "2018/a.md", {}, options)
    other, other_problems = load_article(_ends(ARTICLE, end, bom), "2018/a.md", {}, options)
    assert lf is not None and other is not None and lf_problems == other_problems
    same = [f.name for f in dataclasses.fields(lf) if f.name != "content_hash"]  # the hash is of the bytes
    assert [getattr(other, name) for name in same] == [getattr(lf, name) for name in same]
    assert render_body(_ends(ARTICLE, end, bom), other, options) == render_body(ARTICLE.encode(), lf, options)


@pytest.mark.parametrize(("end", "bom"), ENDINGS)
def test_folder_defaults_read_the_same(tmp_path, end, bom):
    trees = []
    for name, raw in (("lf", DEFAULTS.encode()), ("other", _ends(DEFAULTS, end, bom))):
        content = tmp_path / name / "content"
        (content / "2018").mkdir(parents=True)
        (content / "_defaults.yaml").write_bytes(raw)
        (content / "2018" / "a.md").write_bytes(ARTICLE.encode())
        trees.append(scan(content))
    assert trees[0].defaults == trees[1].defaults and trees[0].defaults["2018"]["language"] == "fr"
    assert trees[0].problems == trees[1].problems


@pytest.mark.parametrize(("end", "bom"), ENDINGS)
def test_config_reads_the_same(tmp_path, end, bom):
    (tmp_path / "lf").mkdir()
    (tmp_path / "lf" / "newsarchive.yaml").write_bytes(CONFIG.encode())
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "newsarchive.yaml").write_bytes(_ends(CONFIG, end, bom))
    lf, other = load_config(tmp_path / "lf"), load_config(tmp_path / "other")
    assert lf == other and lf[0].language == "fr"


@pytest.mark.parametrize(("end", "bom"), ENDINGS)
def test_import_paths_read_the_same(tmp_path, end, bom):
    for name, raw in (("lf", ARTICLE.encode()), ("other", _ends(ARTICLE, end, bom))):
        (tmp_path / name / "2018").mkdir(parents=True)
        (tmp_path / name / "2018" / "a.md").write_bytes(raw)
    assert existing_keys(tmp_path / "lf") == existing_keys(tmp_path / "other") != {}
    assert _decode(_ends(ARTICLE, end, bom), "x.csv") == ARTICLE
    files = {"2018/a.md"}
    assert (link_problems("2018/a.md", _ends(ARTICLE, end, bom), files, files)
            == link_problems("2018/a.md", ARTICLE.encode(), files, files) != [])


# One rule for a web address too (``newsarchive.webaddress``): front matter, import and the config agree.
@pytest.mark.parametrize("url", ["https://example.org/a\x00b", "https://example.org/a\x01",
                                 "https://example.org/a b", "https:///a", "javascript:alert(1)",
                                 "https://example.org/a\\b", "HTTPS://"])
def test_every_web_address_check_says_the_same(tmp_path, url):
    from datetime import timezone

    from newsarchive import webaddress
    from newsarchive.config import validate
    from newsarchive.content.values import original_url
    from newsarchive.importer.records import IDENTITY, BadRow, Defaults, Row, to_item

    assert webaddress.problem(url) is not None

    class Problems:
        def __init__(self):
            self.said = []

        def warn(self, *args):
            self.said.append(args)

    seen = Problems()
    assert original_url({"url": url}, lambda key: 4, seen) is None and seen.said
    row = Row("2", {"title": "T", "date": "2018-03-26", "source": "S", "text": "Body.", "url": url}, 2)
    assert isinstance(to_item(row, IDENTITY, Defaults(tz=timezone.utc)), BadRow)
    config, problems = validate({"base_url": url}, {"base_url": 1})
    assert config.base_url in (None, "") and problems
    config, problems = validate({"sources": {"S": {"url": url}}}, {"sources": 1})
    assert not config.sources["S"].url and problems


@pytest.mark.parametrize("url", ["https://example.org/a?b=1#c", "http://[::1]:8000/x", "HTTPS://Example.org/"])
def test_a_good_web_address_passes_every_check(url):
    from newsarchive import webaddress
    from newsarchive.content.values import original_url

    assert webaddress.problem(url) is None
    assert original_url({"url": url}, lambda key: 4, None) == url
