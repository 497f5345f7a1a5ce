"""``newsarchive import crawl.warc.gz`` / ``crawl.wacz``: the article pages a crawl captured, read record by
record (``importer.warc``). The WARCs are written here with warcio, as crawlers write them (responses with
their HTTP headers, a revisit, requests, images and a home page among the articles), and one by a real
crawler, ``wget --warc-file``, from pages served on 127.0.0.1."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import re
import shutil
import subprocess
import threading
import zipfile
from functools import partial
from pathlib import Path

import pytest
import yaml
from conftest import run_cli, write_site
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive.build import BuildOptions, build

PAGES = Path(__file__).parent / "fixtures" / "import" / "pages"
FERRY = "https://kestrelbay.example/news/2017/10/winter-ferry-timetable"
FRENCH = "https://littoral.example/actualites/mise-a-jour-digue"
ARABIC = "https://waha.example/ar/news/oasis-water"
UNDATED = "https://kestrelbay.example/news/undated"

HOME = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The Kestrel Bay Courier</title>
</head><body><div class="cookie-banner">We use cookies. <a href="/privacy">Manage cookies</a></div>
<nav><a href="/news/">News</a> <a href="/sport/">Sport</a></nav><ul>
<li><a href="/news/2017/10/winter-ferry-timetable">Winter ferry timetable cuts the last crossing</a></li>
<li><a href="/news/undated">Harbour lights</a></li></ul>
<footer>&copy; 2003-2026 The Kestrel Bay Courier</footer></body></html>"""


def _html(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def _response(writer: WARCWriter, url: str, payload: bytes, when: str, kind: str = "text/html; charset=utf-8",
              status: str = "200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", kind), ("Content-Length", str(len(payload)))],
                               protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": when})
    writer.write_record(record)
    return record


def _crawl(path: Path, gzipped: bool = True) -> Path:
    """A crawl as Browsertrix or Heritrix leave one: a warcinfo, requests, the home page, three articles
    (English, French, Arabic), one without a date, an image, a 404, a revisit of the ferry article the
    next day, and a revisit of a capture this file does not hold."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "kestrelbay.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://kestrelbay.example/", "request",
                                                      http_headers=request))
        _response(writer, "https://kestrelbay.example/", HOME, "2024-03-02T09:00:00Z")
        ferry = _response(writer, FERRY, _html("ferry-timetable-cdata.html"), "2024-03-02T09:00:05Z")
        _response(writer, FRENCH, _html("mise-a-jour.html"), "2024-03-02T09:00:07Z")
        _response(writer, ARABIC, _html("waha-arabic.html"), "2024-03-02T09:00:09Z")
        _response(writer, UNDATED, _html("no-date.html"), "2024-03-02T09:00:11Z")
        _response(writer, "https://kestrelbay.example/img/ferry.jpg", b"\xff\xd8\xff\xe0JFIF",
                  "2024-03-02T09:00:12Z", kind="image/jpeg")
        _response(writer, "https://kestrelbay.example/gone", b"<html><body>Not found</body></html>",
                  "2024-03-02T09:00:13Z", status="404 Not Found")
        digest = ferry.rec_headers.get_header("WARC-Payload-Digest")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        later = {"WARC-Date": "2024-03-03T09:00:00Z"}
        writer.write_record(writer.create_revisit_record(FERRY, digest, FERRY, "2024-03-02T09:00:05Z",
                                                         http_headers=headers, warc_headers_dict=later))
        writer.write_record(writer.create_revisit_record(
            "https://kestrelbay.example/news/elsewhere", "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "https://kestrelbay.example/news/elsewhere", "2020-01-01T00:00:00Z", http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-03-03T09:00:01Z"}))
    return path


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---")[1])


def _imported(root: Path) -> dict[str, dict]:
    """Each imported article's front matter, by its original address."""
    return {(f := _front(p))["url"]: f | {"_path": p} for p in sorted((root / "content").rglob("*.md"))}


def test_a_crawl_brings_in_its_articles_dated_by_their_pages_with_the_capture_as_provenance(tmp_path: Path):
    root = write_site(tmp_path / "site", {}, "search: false\n")
    crawl = _crawl(tmp_path / "crawl.warc.gz")
    result = run_cli("import", str(crawl), "--site", str(root), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr  # the undated page is a bad record
    articles = _imported(root)
    assert set(articles) == {FERRY, FRENCH, ARABIC}
    ferry = articles[FERRY]
    assert str(ferry["date"]).startswith("2017-10-04")  # its JSON-LD, not the capture (2024)
    assert ferry["imported_from"]["file"] == "crawl.warc.gz"
    assert ferry["imported_from"]["record"].startswith("byte ")
    assert ferry["imported_from"]["captured"] == "2024-03-02T09:00:05Z"
    assert ferry["language"] == "en" and articles[ARABIC]["language"] == "ar"
    # the exact capture is found again at its offset
    offset = int(ferry["imported_from"]["record"].split()[1])
    with crawl.open("rb") as stream:
        stream.seek(offset)
        member = gzip.GzipFile(fileobj=stream).read(4096)
    assert b"WARC-Type: response" in member and FERRY.encode() in member
    out = result.stdout + result.stderr
    assert f"(byte {offset}: {FERRY})" in out or f"byte {offset}" in out
    assert "no date in the page's own metadata" in result.stderr and UNDATED in result.stderr
    assert "the capture time is not its date" in result.stderr
    assert "Left out" in result.stdout
    for why in ("1 HTTP status 404, not 200", "1 not an HTML page", "1 a revisit of a capture this file"):
        assert why in result.stdout, result.stdout
    assert "no article text" in result.stdout or "not an article" in result.stdout  # the home page
    assert "skipped: already in the archive" in result.stdout  # the revisit, read from its original
    assert "Imported 3 articles" in result.stdout

    again = run_cli("import", str(crawl), "--site", str(root), cwd=tmp_path)  # a second run adds nothing
    assert "Imported 0 articles" in again.stdout and len(_imported(root)) == 3

    build(root, BuildOptions(jobs=1))
    page = (root / "build").rglob("winter-ferry-timetable*/index.html")
    html = next(page).read_text("utf-8")
    assert FERRY in html and "Ruth Calloway" in html


def test_include_and_exclude_narrow_a_crawl_by_address(tmp_path: Path):
    root = write_site(tmp_path / "site", {}, "search: false\n")
    crawl = _crawl(tmp_path / "crawl.warc", gzipped=False)
    result = run_cli("import", str(crawl), "--site", str(root), "--include", "https://*.example/*",
                     "--exclude", "*/undated", "--exclude", "https://waha.example/*", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert set(_imported(root)) == {FERRY, FRENCH}
    assert "matched by --exclude" in result.stdout
    wrong = run_cli("import", str(PAGES / "mise-a-jour.html"), "--site", str(root), "--include", "*x*",
                    cwd=tmp_path)
    assert wrong.returncode == 2 and "--include and --exclude apply to web archives" in wrong.stderr


def test_a_crawl_cut_short_keeps_what_came_before_and_says_where_it_stopped(tmp_path: Path):
    root = write_site(tmp_path / "site", {}, "search: false\n")
    whole = _crawl(tmp_path / "whole.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    members, at = [], whole.find(b"\x1f\x8b\x08")
    while at >= 0:
        members.append(at)
        at = whole.find(b"\x1f\x8b\x08", at + 1)
    cut.write_bytes(whole[:(members[5] + members[6]) // 2])  # the Arabic page's member, cut in its middle
    result = run_cli("import", str(cut), "--site", str(root), cwd=tmp_path)
    assert result.returncode == 1
    assert "cut short or damaged" in result.stderr and "cannot be read past byte" in result.stderr
    assert FERRY in _imported(root)


def test_a_wacz_imports_the_pages_its_crawl_lists(tmp_path: Path):
    root = write_site(tmp_path / "site", {}, "search: false\n")
    warc = _crawl(tmp_path / "data.warc.gz")
    wacz = tmp_path / "harbour.wacz"
    pages = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"},
             {"id": "1", "url": FERRY, "ts": "2024-03-02T09:00:05Z", "title": "Winter ferry"},
             {"id": "2", "url": FRENCH, "ts": "2024-03-02T09:00:07Z"}]
    with zipfile.ZipFile(wacz, "w") as package:
        package.write(warc, "archive/data.warc.gz", compress_type=zipfile.ZIP_STORED)
        package.writestr("pages/pages.jsonl", "\n".join(json.dumps(p) for p in pages) + "\n")
        package.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}))
    result = run_cli("import", str(wacz), "--site", str(root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    articles = _imported(root)
    assert set(articles) == {FERRY, FRENCH}  # the Arabic page is in the WARC but not among the pages
    assert articles[FERRY]["imported_from"]["file"] == "harbour.wacz"
    assert articles[FERRY]["imported_from"]["record"].startswith("archive/data.warc.gz, byte ")
    assert "not a page of the crawl" in result.stdout
    bad = tmp_path / "bad.wacz"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = run_cli("import", str(bad), "--site", str(root), cwd=tmp_path)
    assert result.returncode == 1 and "is not a WACZ package" in result.stderr


def test_hostile_captures_stay_inert(tmp_path: Path):
    """A captured page with scripts and handlers, and a record whose address is a script: nothing runs."""
    root = write_site(tmp_path / "site", {}, "search: false\n")
    hostile = _html("ferry-timetable-cdata.html").replace(
        b"<p>The weekend timetable", b'<p><img src=x onerror="alert(1)"><script>alert(2)</script>'
        b'<a href="javascript:alert(3)">timetable</a> The weekend timetable')
    path = tmp_path / "hostile.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        _response(writer, FERRY, hostile, "2024-03-02T09:00:05Z")
        _response(writer, "javascript:alert(4)", _html("mise-a-jour.html"), "2024-03-02T09:00:06Z")
        _response(writer, 'https://x.example/a"><script>alert(5)</script>', _html("waha-arabic.html"),
                  "2024-03-02T09:00:07Z")
    result = run_cli("import", str(path), "--site", str(root), cwd=tmp_path)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    assert "1 not an HTTP response" in result.stdout  # the script address: never read as a page
    build(root, BuildOptions(jobs=1))
    pages = list((root / "build").rglob("*.html"))
    assert any("timetable" in page.read_text("utf-8") for page in pages)
    for page in pages:
        html = page.read_text("utf-8")
        assert not re.search(r"<script[^>]*>[^<]*alert\(", html), page  # as text, escaped, at most
        assert not re.search(r"<[^>]+\son\w+\s*=", html), page
        assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE), page


@pytest.mark.skipif(shutil.which("wget") is None, reason="wget is not installed (apt install wget)")
def test_a_crawl_written_by_wget_imports(tmp_path: Path):
    served = tmp_path / "www"
    (served / "news").mkdir(parents=True)
    home = HOME.replace(b"/news/2017/10/winter-ferry-timetable", b"news/ferry.html")
    (served / "index.html").write_bytes(home.replace(b"/news/undated", b"news/digue.html"))
    (served / "news" / "ferry.html").write_bytes(_html("ferry-timetable-cdata.html"))
    (served / "news" / "digue.html").write_bytes(_html("mise-a-jour.html"))
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        subprocess.run(["wget", "--quiet", "--recursive", "--level=1", "--no-parent", "--delete-after",
                        "--warc-file=wget-crawl", "--no-warc-keep-log", base], cwd=tmp_path, check=False,
                       timeout=60)
    finally:
        server.shutdown()
    crawl = tmp_path / "wget-crawl.warc.gz"
    assert crawl.exists()
    root = write_site(tmp_path / "site", {}, "search: false\n")
    result = run_cli("import", str(crawl), "--site", str(root), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    articles = _imported(root)
    assert set(articles) == {base + "news/ferry.html", base + "news/digue.html"}
    assert str(articles[base + "news/ferry.html"]["date"]).startswith("2017-10-04")


@pytest.mark.parametrize("name, args", [("crawl.warc.gz", ["--exclude", "*/undated"]), ("crawl.wacz", [])])
def test_the_sample_crawls_the_manual_imports(tmp_path: Path, name: str, args: list[str]):
    root = write_site(tmp_path / "site", {}, "search: false\n")
    result = run_cli("import", str(PAGES.parent / name), "--site", str(root), *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert set(_imported(root)) == {FERRY, FRENCH, ARABIC}
    assert f"Imported 3 articles from {PAGES.parent / name}" in result.stdout.replace("\\", "/") or \
        "Imported 3 articles" in result.stdout


def test_an_imported_capture_is_linked_in_the_replay_tool_the_site_names(tmp_path: Path):
    replay = "replay_url: https://web.archive.org/web/{timestamp}/{url}\n"
    root = write_site(tmp_path / "site", {
        # written by hand: a capture time that is not one is no link
        "2018/03/2018-03-28-by-hand.md": "---\ntitle: By hand\ndate: 2018-03-28\nsource: The Wire\n"
                                         "url: https://wire.example/a\n"
                                         "imported_from:\n  captured: '<script>'\n---\nText.\n",
    }, "search: false\n" + replay)
    assert run_cli("import", str(PAGES.parent / "crawl.warc.gz"), "--site", str(root), "--exclude",
                   "*/undated", cwd=tmp_path).returncode == 0
    build(root, BuildOptions(jobs=1))
    ferry = next((root / "build").rglob("winter-ferry-timetable*/index.html")).read_text("utf-8")
    assert f'href="https://web.archive.org/web/20240302090005/{FERRY}"' in ferry
    assert "Archived capture" in ferry
    arabic = next(p for p in (root / "build").rglob("index.html")
                  if ARABIC in p.read_text("utf-8") and "/2018/03/22/" in p.as_posix())
    assert f"/web/20240302090009/{ARABIC}" in arabic.read_text("utf-8")
    by_hand = next((root / "build").rglob("by-hand/index.html")).read_text("utf-8")
    assert "Archived capture" not in by_hand and "Internet Archive copy" in by_hand

    (root / "newsarchive.yaml").write_text("search: false\n")  # no replay tool named: no link
    build(root, BuildOptions(jobs=1))
    assert "Archived capture" not in next((root / "build").rglob("winter-ferry-timetable*/index.html")
                                          ).read_text("utf-8")


@pytest.mark.parametrize("value, said", [
    ("javascript:alert({url})", "is not a web address once filled in"),
    ("https://replay.example/collection/", "must hold {url}"),
    ("[1, 2]", "must be text"),
])
def test_a_replay_address_that_is_not_one_is_refused_on_its_line(tmp_path: Path, value: str, said: str):
    article = "---\ntitle: A\ndate: 2018-03-28\n---\nA.\n"
    root = write_site(tmp_path / "site", {"2018/03/2018-03-28-a.md": article},
                      f"title: Harbour\nreplay_url: {value}\n")
    result = run_cli("build", str(root), cwd=tmp_path)
    assert result.returncode == 1 and not (root / "build").exists()
    assert f"newsarchive.yaml:2: 'replay_url' {said}" in result.stderr, result.stderr
