"""A ``static/`` folder beside ``content/`` (Hugo's, Zola's: an old site's ``/images/...``) is copied to the
output's root as it is, and an article's root-relative link into it resolves wherever the archive is
served; rebuilds copy what changed and remove what went, as a clean build would."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import article, page_links, resolve, snapshot, write_site

from newsarchive.build import BuildOptions, build

BODY = """The team met on the quay.

![The team](/images/team%20photo.png "On the quay")

Read [the report](/files/report.pdf#page=2), see [about us](/about/) and [elsewhere](//cdn.example/x.png).
"""


def _site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site", {
        "2019/11/2019-11-20-team.md": article("The team", "2019-11-20", body=BODY),
    }, "search: false\nbase_url: https://example.org/archive/\n")
    for rel, data in {"images/team photo.png": b"\x89PNG team", "files/report.pdf": b"%PDF-1.4 report",
                      "images/.DS_Store": b"junk", "index.html": b"<p>old home</p>",
                      "favicon.ico": b"\x00\x00\x01\x00"}.items():
        path = root / "static" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_static_files_are_copied_and_root_relative_links_to_them_resolve(tmp_path: Path):
    root = _site(tmp_path)
    result = build(root, BuildOptions(jobs=1))
    out = root / "build"
    assert (out / "images/team photo.png").read_bytes() == b"\x89PNG team"
    assert (out / "files/report.pdf").read_bytes() == b"%PDF-1.4 report"
    assert (out / "favicon.ico").exists() and not (out / "images/.DS_Store").exists()
    assert (out / "index.html").read_text("utf-8") != "<p>old home</p>"  # the home page is the archive's
    assert any("static/index.html" in p.path and "would replace the generated page" in p.message
               for p in result.problems)
    page = out / "2019/11/20/the-team/index.html"
    html = page.read_text("utf-8")
    links = {href: resolve(out, page, href) for _t, href, _a in page_links(html)}
    assert links["../../../../files/report.pdf#page=2"] == out / "files/report.pdf"
    assert 'src="../../../../images/team%20photo.png"' in html
    assert "/about/" in links and "//cdn.example/x.png" in links  # not static files: left as written


def test_a_changed_added_or_removed_static_file_rebuilds_as_a_clean_build(tmp_path: Path):
    root = _site(tmp_path)
    build(root, BuildOptions(jobs=1))
    pdf = root / "static/files/report.pdf"
    pdf.write_bytes(b"%PDF-1.4 report, second edition")
    os.utime(pdf, ns=(pdf.stat().st_mtime_ns + 10**9,) * 2)
    (root / "static/images/team photo.png").unlink()
    (root / "static/images/map.png").write_bytes(b"\x89PNG map")
    again = build(root, BuildOptions(jobs=1))
    assert again.mode in ("journal", "swap") and again.written < 10, again
    out = root / "build"
    assert (out / "files/report.pdf").read_bytes() == b"%PDF-1.4 report, second edition"
    assert not (out / "images/team photo.png").exists() and (out / "images/map.png").exists()
    clean = tmp_path / "clean"
    build(root, BuildOptions(jobs=1, output=clean, clean=True))
    mine = {rel: data for rel, (data, _m) in snapshot(out).items()}
    assert mine == {rel: data for rel, (data, _m) in snapshot(clean).items()}
    assert build(root, BuildOptions(jobs=1)).mode == "nothing changed"


def test_a_link_out_of_static_is_not_followed(tmp_path: Path):
    """A symbolic link in static/ to a file elsewhere on the machine would publish it: skipped, named."""
    root = _site(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("the editor's password", encoding="utf-8")
    (root / "static/passwords.txt").symlink_to(secret)
    (root / "static/report-link.pdf").symlink_to(root / "static/files/report.pdf")  # inside: followed
    result = build(root, BuildOptions(jobs=1))
    out = root / "build"
    assert not (out / "passwords.txt").exists()
    assert (out / "report-link.pdf").read_bytes() == b"%PDF-1.4 report"
    said = [(p.path, p.message) for p in result.problems]
    assert any(path == "static/passwords.txt" and "leads outside static/" in m for path, m in said), said
    assert all("the editor's password" not in p.read_text("utf-8", errors="replace")
               for p in out.rglob("*") if p.is_file())
