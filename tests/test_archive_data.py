"""The archive as data: the per-year CSV and JSON Lines files and their datapackage.json (validated by the
Frictionless reference tool), the citations an article page gives reference managers (Highwire Press tags,
RIS and CSL-JSON as ``data:`` links), and the fixity manifests with
``newsarchive verify``. Built from a real-looking archive: three scripts, bylines with roles, a summary full
of quotes and commas, single-newline paragraphs."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import sqlite3
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes

import pytest
from conftest import article, outside_index, page_links, run_cli, snapshot, write_site
from hypothesis import given
from hypothesis import strategies as st

from newsarchive.build import BuildOptions, build
from newsarchive.data import cite
from newsarchive.data import tables as datasets
from newsarchive.output import fixity

CONFIG = """title: Archives du littoral
description: Local news from the coast.
base_url: https://newsarchive.example/
license: CC-BY-4.0
sources:
  Le Courrier du Littoral:
    url: https://courrier-littoral.example/
  Al-Waha Daily:
    url: https://alwaha.example/
"""

FILES = {
    "2018/03/2018-03-26-evacuation.md": article(
        "Évacuation du quartier du port", "2018-03-26T07:45:00+02:00", "Le Courrier du Littoral",
        language="fr", authors="[\"Claire Le Goff, envoyée spéciale à Brest\", \"Jean Dupont, AFP\"]",
        tags="[tempête, port]", url="https://courrier-littoral.example/2018/03/26/evacuation",
        summary="'Il a dit : « non », puis \"oui\", enfin, trois cents habitants'",
        body="Près de trois cents habitants ont passé la nuit au gymnase.\nLe maire a parlé à 6 h.\n\n"
             "Les ferries reprennent demain."),
    "2018/03/2018-03-25-souq.md": article(
        "افتتاح سوق السمك الجديد", "2018-03-25T18:45:00+03:00", "Al-Waha Daily", language="ar",
        author="\"أحمد علي، مراسل الجزيرة\"", tags="[الخليج]",
        body="افتتح السوق الجديد صباح اليوم.\nوحضر الافتتاح مئات."),
    "2019/01/2019-01-10-storm.md": article(
        "Storm batters the bay, \"again\"", "2019-01-10T09:00:00Z", "Harbour Gazette", language="en",
        author="\"Calvin Rodo, Chief Technology Officer\"", updated="2019-01-11T10:00:00Z",
        body="Waves reached the sea wall. 🌊\nNobody was hurt."),
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", dict(FILES), CONFIG)


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte-order mark
    assert raw.endswith(b"\r\n") and b"\n" not in raw.split(b"\r\n", 1)[0]  # CRLF, as RFC 4180 says
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def test_each_year_as_csv_and_json_lines_with_every_articles_facts(site: Path):
    build(site, BuildOptions(search=False))
    out = site / "build"
    rows = read_csv(out / "data/articles-2018.csv")
    assert b"\n" not in (out / "data/articles-2018.csv").read_bytes().replace(b"\r\n", b"")
    assert list(rows[0]) == ["path", "address", "title", "date", "day", "source", "language", "authors",
                             "tags", "original_url", "summary", "updated", "file"]
    assert [r["day"] for r in rows] == ["2018-03-25", "2018-03-26"]  # oldest first
    arabic, french = rows
    assert arabic["title"] == "افتتاح سوق السمك الجديد" and arabic["language"] == "ar"
    assert json.loads(arabic["authors"]) == ["أحمد علي، مراسل الجزيرة"]  # the byline as written
    assert french["date"] == "2018-03-26T07:45:00+02:00"
    assert french["summary"] == "Il a dit : « non », puis \"oui\", enfin, trois cents habitants"
    assert json.loads(french["tags"]) == ["tempête", "port"] and french["updated"] == ""
    assert french["address"] == "https://newsarchive.example/" + french["path"]
    assert (out / french["path"] / "index.html").is_file() and french["file"].startswith("content/2018/")
    lines = (out / "data/articles-2018.jsonl").read_text(encoding="utf-8").splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["path"] for o in objects] == [r["path"] for r in rows]
    assert objects[1]["summary"] == french["summary"] and objects[1]["updated"] is None
    assert objects[1]["authors"] == ["Claire Le Goff, envoyée spéciale à Brest", "Jean Dupont, AFP"]
    [storm] = read_csv(out / "data/articles-2019.csv")
    assert storm["updated"] == "2019-01-11T10:00:00+00:00"
    assert storm["title"] == "Storm batters the bay, \"again\""
    api = json.loads((out / "api/articles.json").read_text())["articles"]
    assert {a["path"] for a in api} == {r["path"] for r in rows} | {storm["path"]}  # the same articles


def test_the_data_package_is_valid_for_the_frictionless_reference_tool(site: Path):
    from frictionless import validate

    build(site, BuildOptions(search=False))
    data = site / "build/data"
    package = json.loads((data / "datapackage.json").read_text())
    assert package["profile"] == "tabular-data-package" and package["licenses"] == [{"name": "CC-BY-4.0"}]
    assert {s["title"] for s in package["sources"]} == {"Le Courrier du Littoral", "Al-Waha Daily"}
    assert [r["path"] for r in package["resources"]] == ["articles-2018.csv", "articles-2018.jsonl",
                                                          "articles-2019.csv", "articles-2019.jsonl"]
    schema = package["resources"][0]["schema"]
    assert schema["primaryKey"] == ["path"]
    assert {f["name"]: f["type"] for f in schema["fields"]}["date"] == "datetime"
    report = validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # the validation does check: a broken date in a copy is found
    broken = site / "broken"
    shutil.copytree(data, broken)
    csv_file = broken / "articles-2018.csv"
    csv_file.write_bytes(csv_file.read_bytes().replace(b"2018-03-26T07:45:00+02:00", b"26/03/2018"))
    assert not validate(str(broken / "datapackage.json")).valid


def test_the_text_is_there_when_the_config_asks(site: Path):
    (site / "newsarchive.yaml").write_text(CONFIG + "data_text: true\n")
    build(site, BuildOptions(search=False))
    rows = read_csv(site / "build/data/articles-2018.csv")
    assert rows[1]["text"] == ("Près de trois cents habitants ont passé la nuit au gymnase. Le maire a "
                               "parlé à 6 h.\n\nLes ferries reprennent demain.")
    assert rows[0]["text"] == "افتتح السوق الجديد صباح اليوم. وحضر الافتتاح مئات."
    page = (site / "build/data/index.html").read_text()
    assert "<code>text</code>" in page


def test_with_the_text_an_edit_of_the_text_rewrites_its_years_files(site: Path, tmp_path: Path):
    (site / "newsarchive.yaml").write_text(CONFIG + "data_text: true\n")
    build(site, BuildOptions(search=False))
    before = snapshot(site / "build")
    path = site / "content/2019/01/2019-01-10-storm.md"
    path.write_text(path.read_text().replace("Nobody was hurt.", "Two boats were lost."))
    build(site, BuildOptions(search=False))
    after = snapshot(site / "build")
    assert "Two boats were lost." in read_csv(site / "build/data/articles-2019.csv")[0]["text"]
    assert after["data/articles-2018.csv"] == before["data/articles-2018.csv"]
    build(site, BuildOptions(output=tmp_path / "clean", clean=True, search=False))
    assert outside_index(site / "build") == outside_index(tmp_path / "clean")


def test_a_wrong_data_text_value_is_named_with_its_line(site: Path):
    (site / "newsarchive.yaml").write_text(CONFIG + "data_text: sometimes\n")
    before = snapshot(site / "build") if (site / "build").exists() else {}
    proc = run_cli("build", str(site), cwd=site.parent)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "newsarchive.yaml:10: 'data_text' must be true or false" in proc.stderr
    assert "data_text: true or data_text: false" in proc.stderr
    assert (snapshot(site / "build") if (site / "build").exists() else {}) == before


def test_home_page_links_the_data_page_which_links_every_file(site: Path):
    build(site, BuildOptions(search=False))
    out = site / "build"
    home = (out / "index.html").read_text()
    assert any(href == "data/" for _tag, href, _a in page_links(home))
    page = (out / "data/index.html").read_text()
    hrefs = {href for _tag, href, _a in page_links(page)}
    for name in ("articles-2018.csv", "articles-2018.jsonl", "articles-2019.csv", "datapackage.json"):
        assert name in hrefs and (out / "data" / name).is_file()
    assert "../manifest-sha256.txt" in hrefs
    assert "<td>2</td>" in page and "<td>1</td>" in page  # the articles of each year


def test_a_rebuild_rewrites_only_the_years_whose_articles_changed(site: Path, tmp_path: Path):
    build(site, BuildOptions(search=False))
    before = snapshot(site / "build")
    (site / "content/2019/01/2019-01-12-ferry.md").write_text(article(
        "Ferry service resumes", "2019-01-12T08:00:00Z", "Harbour Gazette", language="en"))
    build(site, BuildOptions(search=False))
    after = snapshot(site / "build")
    assert after["data/articles-2018.csv"] == before["data/articles-2018.csv"]  # bytes and mtime
    assert after["data/articles-2018.jsonl"] == before["data/articles-2018.jsonl"]
    assert after["data/articles-2019.csv"] != before["data/articles-2019.csv"]
    build(site, BuildOptions(output=tmp_path / "clean", clean=True, search=False))
    assert outside_index(site / "build") == outside_index(tmp_path / "clean")  # manifests included


class _ReferenceManager(HTMLParser):
    """Reads an article page as Zotero's Embedded Metadata translator does: the ``<meta name content>`` tags
    of the ``<head>`` (``citation_*``, ``prism.*``, ``DC.*``), every value in page order, and the links a
    reader downloads a citation from."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.downloads: dict[str, dict] = {}
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "meta" and self.in_head and "name" in attrs:
            self.meta.setdefault(attrs["name"], []).append(attrs["content"])
        elif tag == "a" and "download" in attrs:
            self.downloads[attrs["download"].rsplit(".", 1)[-1]] = attrs  # "ris", "json"

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def read_as_reference_manager(html: str) -> _ReferenceManager:
    reader = _ReferenceManager()
    reader.feed(html)
    return reader


def data_link(href: str, media_type: str) -> bytes:
    """The bytes of a ``data:`` link, as a browser saves them; checks the link is all percent-encoded."""
    head, _, payload = href.partition(",")
    assert head == f"data:{media_type};charset=utf-8"
    assert re.fullmatch(r"(?:[A-Za-z0-9._~-]|%[0-9A-F]{2})*", payload), payload  # no quote, #, space...
    return unquote_to_bytes(payload)


def ris_fields(text: str) -> list[tuple[str, str]]:
    """An RIS record's (tag, value) lines, checked line by line: ``TY`` first, ``ER`` last, CRLF ends."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = [(line[:2], line[6:]) for line in text.split("\r\n")[:-1]]
    assert all(line[2:6] == "  - " for line in text.split("\r\n")[:-1])
    assert lines[0] == ("TY", "NEWS") and lines[-1] == ("ER", "")
    return lines


def page_of(site: Path, row: dict) -> str:
    return (site / "build" / unquote(row["path"]) / "index.html").read_text(encoding="utf-8")


# What each article of FILES is, as a reference manager should read it from its page.
CITED = {
    "Évacuation du quartier du port": {
        "citation_author": ["Le Goff, Claire", "Dupont, Jean"],  # the bylines' roles left out
        "citation_publication_date": ["2018/03/26"], "citation_publisher": ["Le Courrier du Littoral"],
        "citation_language": ["fr"]},
    "افتتاح سوق السمك الجديد": {
        "citation_author": ["علي, أحمد"], "citation_publication_date": ["2018/03/25"],
        "citation_publisher": ["Al-Waha Daily"], "citation_language": ["ar"]},
    "Storm batters the bay, \"again\"": {
        "citation_author": ["Rodo, Calvin"], "citation_publication_date": ["2019/01/10"],
        "citation_publisher": ["Harbour Gazette"], "citation_language": ["en"]},
}


def test_the_article_page_tells_a_reference_manager_what_to_cite(site: Path):
    """Zotero, Mendeley and Google Scholar read the Highwire Press tags from the page itself."""
    build(site, BuildOptions(search=False))
    rows = read_csv(site / "build/data/articles-2018.csv") + read_csv(site / "build/data/articles-2019.csv")
    assert {row["title"] for row in rows} == set(CITED)
    for row in rows:
        meta = read_as_reference_manager(page_of(site, row)).meta
        expected = CITED[row["title"]]
        assert meta["citation_title"] == [row["title"]]
        for name, values in expected.items():
            assert meta[name] == values, (row["title"], name)
        assert meta["prism.publicationName"] == expected["citation_publisher"]  # Zotero's publication
        assert meta["DC.type"] == ["NewsItem"]  # a newspaper article to Zotero, not a journal article
        assert meta["citation_public_url"] == [row["address"]]  # the archive's copy, as the citations cite
        assert "citation_journal_title" not in meta and "citation_online_date" not in meta


def _expected_work(row: dict, authors: tuple, original: str | None, summary: str | None,
                   keywords: tuple) -> cite.Work:
    published = date.fromisoformat(row["day"])
    return cite.Work(authors, row["title"], row["source"], published, row["address"],
                     None,  # no access date: these articles do not say when their copy was taken (archived:)
                     row["language"], row["path"].rstrip("/").rsplit("/", 1)[-1], original, summary, keywords)


def test_the_citation_downloads_are_data_links_with_what_cite_gives(site: Path):
    import rispy

    build(site, BuildOptions(search=False))
    assert not list((site / "build").rglob("citation.*"))  # no file beside the pages
    french, arabic, english = (read_csv(site / "build/data/articles-2018.csv")[1],
                               read_csv(site / "build/data/articles-2018.csv")[0],
                               read_csv(site / "build/data/articles-2019.csv")[0])
    works = [
        (french, _expected_work(french, ("Claire Le Goff, envoyée spéciale à Brest", "Jean Dupont, AFP"),
                                "https://courrier-littoral.example/2018/03/26/evacuation",
                                "Il a dit : « non », puis \"oui\", enfin, trois cents habitants",
                                ("tempête", "port"))),
        (arabic, _expected_work(arabic, ("أحمد علي، مراسل الجزيرة",), None, None, ("الخليج",))),
        (english, _expected_work(english, ("Calvin Rodo, Chief Technology Officer",), None, None, ())),
    ]
    for row, work in works:
        reader = read_as_reference_manager(page_of(site, row))
        ris_link, csl_link = reader.downloads["ris"], reader.downloads["json"]
        key = cite.bibtex_key(work)
        assert (ris_link["download"], csl_link["download"]) == (f"{key}.ris", f"{key}.csl.json")
        assert ris_link["type"] == "application/x-research-info-systems"
        assert csl_link["type"] == "application/vnd.citationstyles.csl+json"
        ris = data_link(ris_link["href"], ris_link["type"])
        assert ris == cite.ris(work).encode("utf-8")  # the bytes the citation file had
        fields = ris_fields(unquote(ris_link["href"].partition(",")[2]))
        assert ("TI", row["title"]) in fields and ("PY", row["day"][:4]) in fields
        assert ("DA", row["day"].replace("-", "/")) in fields
        assert [value for tag, value in fields if tag == "AU"] == CITED[row["title"]]["citation_author"]
        [entry] = rispy.loads(ris.decode("utf-8"))
        assert entry["title"] == row["title"] and entry["urls"] == [row["address"]]
        csl = data_link(csl_link["href"], csl_link["type"])
        assert json.loads(csl) == cite.csl_json(work)
        assert csl == (json.dumps(cite.csl_json(work), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


HOSTILE = "Quote \"><script>alert(1)</script> 100% #1 'x' & <b>é 🌊"


def test_a_hostile_title_round_trips_through_the_citations_and_stays_inert(tmp_path: Path):
    site = write_site(tmp_path / "site", {"2019/01/2019-01-10-hostile.md": article(
        json.dumps(HOSTILE, ensure_ascii=False), "2019-01-10T09:00:00Z", "Harbour Gazette", language="en",
        author=json.dumps("Jane \"<i>\" Doe, Staff"), summary=json.dumps("100% <sure>\n# not a heading"),
        body="Text.")}, CONFIG)
    build(site, BuildOptions(search=False))
    [row] = read_csv(site / "build/data/articles-2019.csv")
    assert row["title"] == HOSTILE
    html = page_of(site, row)
    assert "<script>alert" not in html and "<b>é" not in html and "<i>" not in html
    reader = read_as_reference_manager(html)
    assert reader.meta["citation_title"] == [HOSTILE]
    assert reader.meta["citation_author"] == ["Doe, Jane \"<i>\""]
    ris = data_link(reader.downloads["ris"]["href"], "application/x-research-info-systems").decode("utf-8")
    assert ("TI", HOSTILE) in ris_fields(ris) and ("AB", "100% <sure> # not a heading") in ris_fields(ris)
    csl = data_link(reader.downloads["json"]["href"], "application/vnd.citationstyles.csl+json")
    [item] = json.loads(csl)
    assert item["title"] == HOSTILE
    assert item["abstract"] == "100% <sure> # not a heading"  # on one line, as the loader keeps it


def test_a_rebuild_after_a_title_change_gives_the_new_citations_as_a_clean_build_does(site: Path,
                                                                                        tmp_path: Path):
    build(site, BuildOptions(search=False))
    path = site / "content/2019/01/2019-01-10-storm.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Storm batters the bay", "Storm hits the bay"),
                    encoding="utf-8")
    build(site, BuildOptions(search=False))
    [row] = read_csv(site / "build/data/articles-2019.csv")
    reader = read_as_reference_manager(page_of(site, row))
    assert reader.meta["citation_title"] == ["Storm hits the bay, \"again\""]
    ris = data_link(reader.downloads["ris"]["href"], "application/x-research-info-systems").decode("utf-8")
    assert ("TI", "Storm hits the bay, \"again\"") in ris_fields(ris)
    build(site, BuildOptions(output=tmp_path / "clean", clean=True, search=False))
    assert outside_index(site / "build") == outside_index(tmp_path / "clean")


# ---- fixity ----

def test_the_manifests_hold_the_sha256_of_every_file(site: Path):
    build(site, BuildOptions(search=False))
    out = site / "build"
    listed = fixity.read_manifest((out / "manifest-sha256.txt").read_text(encoding="utf-8"))
    files = {rel for rel in snapshot(out)} - {"manifest-sha256.txt"}
    assert set(listed) == files and "content-sha256.txt" in listed
    for rel in files:
        assert listed[rel] == hashlib.sha256((out / rel).read_bytes()).hexdigest(), rel
    lines = (out / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines, key=lambda line: line[66:])
    content = fixity.read_manifest((out / "content-sha256.txt").read_text(encoding="utf-8"))
    assert set(content) == {f"content/{rel}" for rel in FILES}
    for rel, digest in content.items():
        assert digest == hashlib.sha256((site / rel).read_bytes()).hexdigest()


def test_verify_a_mirror_and_report_a_changed_a_missing_and_an_extra_file(site: Path, tmp_path: Path):
    build(site, BuildOptions(search=False))
    mirror = tmp_path / "mirror"
    shutil.copytree(site / "build", mirror)
    proc = run_cli("verify", str(mirror), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "every one matches the manifest" in proc.stdout
    csv_file = mirror / "data/articles-2018.csv"
    data = bytearray(csv_file.read_bytes())
    data[-3] ^= 1  # one bit of one byte
    csv_file.write_bytes(bytes(data))
    (mirror / "feed.xml").unlink()
    (mirror / "2018/notes.txt").write_text("not the archive's")
    proc = run_cli("verify", "mirror", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "mirror/data/articles-2018.csv: changed" in proc.stderr
    assert "mirror/feed.xml: missing" in proc.stderr
    assert "mirror/2018/notes.txt: extra" in proc.stderr
    assert "1 changed, 1 missing, 1 extra" in proc.stdout
    manifest = mirror / "manifest-sha256.txt"
    manifest.write_text(manifest.read_text() + "ab" * 32 + "  ../outside.txt\n")  # a hostile manifest
    proc = run_cli("verify", "mirror", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "manifest-sha256.txt:" in proc.stderr and "the manifest is damaged" in proc.stderr
    manifest.unlink()
    proc = run_cli("verify", "mirror", cwd=tmp_path)
    assert proc.returncode == 2 and "has no manifest-sha256.txt" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_small_rebuild_hashes_only_what_it_wrote(site: Path, tmp_path: Path, monkeypatch):
    for i in range(40):  # enough articles that adding one is a small rebuild
        (site / f"content/2018/05/2018-05-{1 + i % 28:02d}-item-{i}.md").parent.mkdir(exist_ok=True)
        (site / f"content/2018/05/2018-05-{1 + i % 28:02d}-item-{i}.md").write_text(article(
            f"Item {i}", f"2018-05-{1 + i % 28:02d}T{i % 24:02d}:00:00+01:00", ["Wire", "Gazette"][i % 2],
            tags=f"[t{i % 5}]"))
    build(site, BuildOptions(search=False, jobs=1))
    hashed = []
    real = fixity.sha256_file
    monkeypatch.setattr(fixity, "sha256_file", lambda path: hashed.append(path) or real(path))
    (site / "content/2019/01/2019-01-12-ferry.md").write_text(article(
        "Ferry service resumes", "2019-01-12T08:00:00Z", "Harbour Gazette", language="en"))
    result = build(site, BuildOptions(search=False, jobs=1))
    assert result.mode in ("journal", "added")
    assert 0 < len(hashed) <= result.written + 1  # the files written and the new content file
    assert len(hashed) < len(snapshot(site / "build")) // 3
    build(site, BuildOptions(output=tmp_path / "clean", clean=True, search=False, jobs=1))
    assert (site / "build/manifest-sha256.txt").read_bytes() == \
        (tmp_path / "clean/manifest-sha256.txt").read_bytes()
    proc = run_cli("verify", str(site / "build"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


# ---- the formats, for any text ----

TEXT = st.text(st.characters(exclude_categories=("Cs",)))  # any character a UTF-8 file can hold


@given(st.lists(st.tuples(TEXT, TEXT, st.lists(TEXT, max_size=3)), max_size=5))
def test_any_text_survives_a_csv_and_json_lines_round_trip(values):
    names = ["path", "title", "tags"]
    rows = [{"path": str(i), "title": title, "tags": tags} for i, (title, _other, tags) in enumerate(values)]
    back = datasets.from_csv(datasets.to_csv(rows, names))
    assert [{**r, "tags": json.loads(r["tags"])} for r in back] == rows
    assert [json.loads(line) for line in datasets.to_jsonl(rows).split("\n")[:-1]] == rows


@given(st.lists(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="/\x00"), min_size=1)
                .filter(lambda part: part not in (".", "..")), min_size=1, max_size=3).map("/".join))
def test_any_path_survives_the_manifest(rel):
    digest = "ab" * 32
    assert fixity.read_manifest(fixity.manifest_text({rel: digest})) == {rel: digest}


def test_a_record_left_by_an_interrupted_build_is_not_trusted(site: Path, tmp_path: Path):
    """A build stopped after its commit, before saving its fixity record, leaves the catalog without the
    record's header row (removed before the output changed): the next rebuild must look at the files
    again, not trust the rows the record had."""
    build(site, BuildOptions(search=False, jobs=1))
    (site / "content/2019/01/2019-01-12-ferry.md").write_text(article(
        "Ferry service resumes", "2019-01-12T08:00:00Z", "Harbour Gazette", language="en"))
    build(site, BuildOptions(search=False, jobs=1))
    with sqlite3.connect(site / ".build.cache/catalog.sqlite") as db:  # as if that build had stopped there
        assert db.execute("SELECT count(*) FROM outputs").fetchone()[0] > 0
        db.execute("DELETE FROM meta WHERE name = ?", (fixity.RECORD,))
        db.execute("UPDATE outputs SET sha256 = ?", ("0" * 64,))  # rows no build may vouch for
    (site / "content/2019/01/2019-01-13-quay.md").write_text(article(
        "Quay repairs begin", "2019-01-13T08:00:00Z", "Harbour Gazette", language="en"))
    build(site, BuildOptions(search=False, jobs=1))
    build(site, BuildOptions(output=tmp_path / "clean", clean=True, search=False, jobs=1))
    assert (site / "build/manifest-sha256.txt").read_bytes() == \
        (tmp_path / "clean/manifest-sha256.txt").read_bytes()
