"""A source named by a short id in its articles (as exports write them) gets its name once, in the config:
every page, feed, citation and data file shows the name; the address stays the id's."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import article, run_cli, write_site

from newsarchive.build import build
from newsarchive.options import BuildOptions

CONFIG = """title: Gulf press
base_url: https://archive.example/
sources:
  aawsat:
    name: Asharq Al-Awsat
    language: ar
  wire:
    name: "Wire <script>alert(1)</script> & Co"
"""


def _site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {
        "2018/2018-03-26-port.md": article("ميناء الدمام يوسع أرصفته", "2018-03-26", "aawsat", language="ar",
                                           body="افتتح الميناء رصيفين جديدين."),
        "2018/2018-03-27-port-2.md": article("توسعة ثانية للميناء", "2018-03-27", "AAWSAT", language="ar"),
        "2018/2018-03-27-wire.md": article("Harbour expands", "2018-03-27", "wire"),
    }, CONFIG)


def test_the_config_names_a_source_its_articles_give_by_id(tmp_path: Path):
    site = _site(tmp_path)
    build(site, BuildOptions(search=False, jobs=1))
    out = site / "build"
    source_page = (out / "sources/aawsat/index.html").read_text()
    assert "Asharq Al-Awsat" in source_page and ">aawsat<" not in source_page
    (article_page,) = out.glob("2018/03/26/*/index.html")
    html = article_page.read_text()
    assert '<meta name="citation_publisher" content="Asharq Al-Awsat">' in html
    assert "aawsat" not in html.replace("sources/aawsat/", "")  # only in the source page's address
    assert "Asharq Al-Awsat" in (out / "sources/index.html").read_text()
    assert "Asharq Al-Awsat" in (out / "sources/aawsat/feed.xml").read_text()
    with open(out / "data/articles-2018.csv", newline="", encoding="utf-8") as handle:
        assert {row["source"] for row in csv.DictReader(handle)} == {
            "Asharq Al-Awsat", "Wire <script>alert(1)</script> & Co"}
    ld = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert "Asharq Al-Awsat" in json.dumps(ld, ensure_ascii=False)


def test_a_hostile_source_name_stays_text(tmp_path: Path):
    site = _site(tmp_path)
    build(site, BuildOptions(search=False, jobs=1))
    out = site / "build"
    for page in [out / "sources/wire/index.html", *out.glob("2018/03/27/harbour-expands/index.html")]:
        html = page.read_text()
        assert "<script>alert(1)</script>" not in html
        assert "Wire &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "<script>alert(1)" not in (out / "sources/wire/feed.xml").read_text()


def test_a_misspelt_key_under_a_source_is_named(tmp_path: Path):
    site = write_site(tmp_path / "site", {"a.md": article(source="aawsat")},
                      "sources:\n  aawsat:\n    nmae: Asharq Al-Awsat\n")
    result = run_cli("build", cwd=site)
    assert result.returncode == 1
    assert "newsarchive.yaml:3: unknown key 'nmae' for source 'aawsat'; did you mean 'name'?" in result.stderr
