"""An article's old addresses (Hugo's ``aliases``, Jekyll's ``redirect_from`` and ``permalink``) get redirect
pages, as Hugo makes its aliases, so that links into a migrated site keep working under any base path."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import resolve, snapshot, write_site

from newsarchive.build import BuildOptions, build

CT_LOGS = """---
title: How Let's Encrypt runs CT logs
date: 2019-11-20T09:00:00-05:00
source: The Ops Desk
aliases:
  - /2019/11/20/how-le-runs-ct-logs.html
  - /blog/ct-logs/
  - /blog/ct-logs/
  - https://elsewhere.example/ct/
  - /../../etc/passwd
---
Certificate Transparency logs are append-only.
"""

JEKYLL = """---
title: "Ferry timetable, winter edition"
date: 2018-10-04 06:30:00 +0100
source: The Kestrel Bay Courier
permalink: /news/ferry-timetable
redirect_from: ["/2018/10/ferry.html", "/nouvelles/traversée/"]
---
The last ferry leaves at 19:40.
"""


def _site(tmp_path: Path, config: str = "search: false\nbase_url: https://example.org/archive/\n") -> Path:
    return write_site(tmp_path / "site", {
        "post/ct-logs.md": CT_LOGS,
        "_posts/2018-10-04-ferry.md": JEKYLL,
        "2019/11/2019-11-21-other.md": "---\ntitle: Other\ndate: 2019-11-21\nsource: The Ops Desk\n"
                                       "aliases: [/sources/]\n---\nIts alias is a page of the archive.\n",
        "2020/01/2020-01-05-linking.md": "---\ntitle: Linking\ndate: 2020-01-05\nsource: The Ops Desk\n---\n"
                                         "As [we wrote](/blog/ct-logs#append), and "
                                         '<a href="/2019/11/20/how-le-runs-ct-logs.html?ref=x">here</a>; '
                                         "[about us](/about/).\n",
    }, config)


def _target(out: Path, page: Path) -> Path:
    html = page.read_text("utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html).group(1)
    assert f'<a href="{refresh}">' in html and '<meta name="robots" content="noindex">' in html
    return resolve(out, page, refresh)


def test_old_addresses_redirect_to_the_articles_pages(tmp_path: Path):
    root = _site(tmp_path)
    result = build(root, BuildOptions(jobs=1))
    out = root / "build"
    ct = out / "2019/11/20/how-let-s-encrypt-runs-ct-logs/index.html"
    ferry = next(out.glob("2018/10/04/*/index.html"))
    assert _target(out, out / "2019/11/20/how-le-runs-ct-logs.html") == ct
    assert _target(out, out / "blog/ct-logs/index.html") == ct
    assert _target(out, out / "news/ferry-timetable/index.html") == ferry
    assert _target(out, out / "2018/10/ferry.html") == ferry
    assert _target(out, out / "nouvelles/traversée/index.html") == ferry
    canonical = (out / "blog/ct-logs/index.html").read_text("utf-8")
    assert ('<link rel="canonical" href="https://example.org/archive/2019/11/20/how-let-s-encrypt-runs-ct-logs/">'
            in canonical)
    said = [(p.path, p.message) for p in result.problems]
    wrong = ("its old address 'https://elsewhere.example/ct/' is not a path of the old site (such as "
             "/2019/11/20/slug.html): no redirect page is made for it")
    assert ("content/post/ct-logs.md", wrong) in said
    assert any("'/../../etc/passwd' is not a path" in m for _p, m in said)
    assert not (out.parent / "etc").exists()
    assert any(p == "content/2019/11/2019-11-21-other.md" and "is the address of a page of the archive" in m
               for p, m in said)
    assert "http-equiv" not in (out / "sources/index.html").read_text("utf-8")
    linking = out / "2020/01/05/linking/index.html"
    hrefs = re.findall(r'<a href="([^"]+)"[^>]*>(?:we wrote|here|about us)', linking.read_text("utf-8"))
    assert hrefs == ["../../../../2019/11/20/how-let-s-encrypt-runs-ct-logs/#append",
                     "../../../../2019/11/20/how-let-s-encrypt-runs-ct-logs/?ref=x", "/about/"]
    sitemaps = "".join(p.read_text("utf-8") for p in out.glob("sitemap*.xml"))
    assert "blog/ct-logs" not in sitemaps and "how-le-runs" not in sitemaps  # redirects are not listed


def test_an_alias_added_later_rebuilds_as_a_clean_build(tmp_path: Path):
    root = _site(tmp_path)
    build(root, BuildOptions(jobs=1))
    post = root / "content/post/ct-logs.md"
    post.write_text(CT_LOGS.replace("  - /blog/ct-logs/\n", "  - /blog/certificate-transparency/\n")
                    .replace("runs CT logs", "runs its CT logs"), "utf-8")  # its page moves too
    os.utime(post, ns=(post.stat().st_mtime_ns + 10**9,) * 2)
    added = root / "content/2019/11/2019-11-22-new.md"
    added.write_text("---\ntitle: New\ndate: 2019-11-22\nsource: The Ops Desk\naliases: /blog/new/\n"
                     "---\nNew.\n", "utf-8")
    build(root, BuildOptions(jobs=1))
    out = root / "build"
    assert not (out / "blog/ct-logs/index.html").exists()
    assert (out / "blog/certificate-transparency/index.html").exists()
    assert (out / "blog/new/index.html").exists()
    clean = tmp_path / "clean"
    build(root, BuildOptions(jobs=1, output=clean, clean=True))
    mine = {rel: data for rel, (data, _m) in snapshot(out).items()}
    assert mine == {rel: data for rel, (data, _m) in snapshot(clean).items()}


def _jekyll_site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {
        "_posts/2019-11-20-how-le-runs-ct-logs.md": "---\ntitle: How we run CT logs\ndate: 2019-11-20\n"
                                                    "source: The Ops Desk\n---\nAppend-only logs.\n",
        "_posts/2019-12-02-linking.md": "---\ntitle: Linking\ndate: 2019-12-02\nsource: Letters\n---\n"
                                        "As [we wrote](/2019/11/20/how-le-runs-ct-logs.html), and "
                                        "[soon](/2019/12/24/winter-logs.html).\n",
    }, "search: false\nold_permalinks: /:year/:month/:day/:filename.html\n")


def _same_as_clean(root: Path, tmp_path: Path, name: str) -> None:
    clean = tmp_path / name
    build(root, BuildOptions(jobs=1, output=clean, clean=True))
    mine = {rel: data for rel, (data, _m) in snapshot(root / "build").items()}
    assert mine == {rel: data for rel, (data, _m) in snapshot(clean).items()}


def test_the_old_sites_permalink_pattern_gives_every_article_its_old_address(tmp_path: Path):
    root = _jekyll_site(tmp_path)
    build(root, BuildOptions(jobs=1))
    out = root / "build"
    page = next(out.glob("2019/11/20/how-we-run-ct-logs/index.html"))
    assert _target(out, out / "2019/11/20/how-le-runs-ct-logs.html") == page
    assert _target(out, out / "2019/12/02/linking.html") == next(out.glob("2019/12/02/linking/index.html"))
    linking = (out / "2019/12/02/linking/index.html").read_text("utf-8")
    assert 'href="../../../../2019/11/20/how-we-run-ct-logs/"' in linking
    assert 'href="/2019/12/24/winter-logs.html"' in linking  # no such article yet

    # a day's new article: its redirect page (by the full plan here: a feed shows the text that has
    # root-relative links; see the test below for the rebuild that adds articles)
    new = root / "content/_posts/2019-12-20-solstice.md"
    new.write_text("---\ntitle: Solstice\ndate: 2019-12-20\nsource: The Ops Desk\n---\nShort day.\n", "utf-8")
    build(root, BuildOptions(jobs=1))
    assert (out / "2019/12/20/solstice.html").exists()
    _same_as_clean(root, tmp_path, "clean-1")

    # the article an older one links by its old address: that page changes too (the full plan)
    later = root / "content/_posts/2019-12-24-winter-logs.md"
    later.write_text("---\ntitle: Winter logs\ndate: 2019-12-24\nsource: The Ops Desk\n---\nCold.\n", "utf-8")
    assert build(root, BuildOptions(jobs=1)).mode != "added"
    assert 'href="../../../../2019/12/24/winter-logs/"' in (out / "2019/12/02/linking/index.html").read_text(
        "utf-8")
    _same_as_clean(root, tmp_path, "clean-2")


def test_a_days_article_gets_its_old_address_by_the_rebuild_that_adds_articles(tmp_path: Path):
    root = _jekyll_site(tmp_path)
    (root / "content/_posts/2019-12-02-linking.md").unlink()
    build(root, BuildOptions(jobs=1))
    new = root / "content/_posts/2019-12-20-solstice.md"
    new.write_text("---\ntitle: Solstice\ndate: 2019-12-20\nsource: The Ops Desk\n---\nShort day.\n", "utf-8")
    result = build(root, BuildOptions(jobs=1))
    assert result.mode == "added" and result.written < 50
    target = _target(root / "build", root / "build/2019/12/20/solstice.html")
    assert target == root / "build/2019/12/20/solstice/index.html"
    _same_as_clean(root, tmp_path, "clean")


def test_an_old_permalink_pattern_that_is_not_one_is_refused_on_its_line(tmp_path: Path):
    root = write_site(tmp_path / "site", {"a.md": "---\ntitle: A\ndate: 2019-11-20\n---\nA.\n"},
                      "title: Ops\nold_permalinks:\n  - /:year/:slug/\n  - ':slug.html'\n")
    from conftest import run_cli

    result = run_cli("build", str(root), cwd=tmp_path)
    assert result.returncode == 1
    assert "newsarchive.yaml:2: old_permalinks: ':slug.html' must be a path from the old site's root" \
        in result.stderr, result.stderr


def test_hostile_old_addresses_stay_inert(tmp_path: Path):
    root = write_site(tmp_path / "site", {
        "a.md": "---\ntitle: '\"><script>alert(1)</script>'\ndate: 2019-11-20\nsource: Desk\naliases:\n"
                "  - '/x\"><script>alert(2)</script>/'\n  - \"/javascript:alert(3)\"\n  - \"/a\\tb/\"\n"
                "  - '/%2e%2e/%2e%2e/escape/'\n---\nText.\n",
    }, "search: false\n")
    result = build(root, BuildOptions(jobs=1))
    out = root / "build"
    pages = [p for p in out.rglob("*.html") if "http-equiv" in p.read_text("utf-8")]
    assert pages, result.problems
    for page in pages:
        html = page.read_text("utf-8")
        assert "<script>" not in html and "alert(1)</" not in html
        assert re.search(r'content="0; url=(\.\./)*2019/11/20/[^"<>]+/"', html), html
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    assert not (tmp_path / "escape").exists() and not (root / "escape").exists()
