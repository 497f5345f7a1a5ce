"""Rebuilds told what changed (``planning.Known``, as ``serve``'s watchers tell them): the build looks at
the changed files of content/ only, reads neither the content files' rows nor the fixity record again, and
does not check the output; its output and its catalog are those a clean build and a scan would give, and
any change it cannot vouch for (a folder, folder defaults, an asset, a version, a link, the last article of
a folder) makes it scan and check everything as a command-line build does."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_additions import _article, _same_as_clean, _sample

from newsarchive import planning
from newsarchive.build import build
from newsarchive.catalog import state as cache
from newsarchive.content.tree import rescanned, scan
from newsarchive.errors import BuildFailed
from newsarchive.options import BuildOptions
from newsarchive.output import drift
from newsarchive.output.fixity import Record

STORM = "content/2018/03/2018-03-26-harbour-storm.md"


def _watched(site: Path, known: planning.Known, *changed: str):
    """A rebuild told that these files (relative to the site) changed, as ``serve`` runs it."""
    known.changed |= {rel.removeprefix("content/") for rel in changed}
    return build(site, BuildOptions(search=False, jobs=1), known)


def _tree(tree) -> tuple:
    return tree.articles, tree.stats, tree.assets, tree.defaults, tree.versions, \
        sorted(p.format("") for p in tree.problems)


def _agrees_with_a_scan(site: Path, known: planning.Known) -> None:
    """What the build kept is what a scan and a fresh read of the catalog give."""
    cache_dir = site / ".build.cache"
    assert _tree(known.tree) == _tree(scan(site / "content"))
    assert cache.load(cache_dir).stats == known.tree.stats
    fresh = Record(cache_dir)
    assert (fresh.output, fresh.content, fresh.folders) == (known.record.output, known.record.content,
                                                            known.record.folders)


@pytest.fixture
def watched(tmp_path: Path, monkeypatch):
    """The sample, built once as ``serve``'s first rebuild builds it (a scan, the output checked), then
    with ``scan`` and the output's check forbidden: a rebuild that walks or checks fails."""
    site = _sample(tmp_path)
    known = planning.Known()
    assert _watched(site, known).mode == "swap"
    assert not known.everything and known.tree is not None

    def forbidden(*_args, **_kwargs):
        raise AssertionError("the rebuild walked content/ or checked the output")

    monkeypatch.setattr(planning, "scan", forbidden)
    monkeypatch.setattr(drift, "check", forbidden)
    return site, known


def test_an_added_edited_and_deleted_article_are_looked_at_alone_and_equal_a_clean_build(watched, tmp_path,
                                                                                          monkeypatch):
    site, known = watched
    added = "content/2019/02/2019-02-27-ferry-timetable.md"
    (site / added).write_text(_article(
        "Winter ferry timetable published", "2019-02-27T07:30:00+01:00", "The Harbour Gazette", "en",
        ["harbour", "transport"], 3, author="Jonas Ekdal, transport correspondent"), encoding="utf-8")
    assert _watched(site, known, added).mode == "added"
    page = site / "build/2019/02/27/winter-ferry-timetable-published/index.html"
    assert "Jonas Ekdal" in page.read_text(encoding="utf-8")

    edited = "content/2019/02/2019-02-20-plan-embalse.md"
    update = "\nActualizado a las 09:40: el embalse abre sus compuertas.\n"
    (site / edited).write_text((site / edited).read_text(encoding="utf-8") + update, encoding="utf-8")
    assert _watched(site, known, edited).mode == "edited"
    page = site / "build/2019/02/20" / ("el-valle-prepara-un-plan-de-emergencia-ante-la-sequia-en-el-"
                                        "embalse-de-la-pena")
    assert "el embalse abre sus compuertas" in (page / "index.html").read_text(encoding="utf-8")

    gone = "content/2019/01/2019-01-22-kirkton-bridge-plan.md"
    os.remove(site / gone)
    result = _watched(site, known, gone)
    assert result.mode in ("journal", "swap") and result.deleted > 0

    assert _watched(site, known).mode == "nothing changed"
    monkeypatch.undo()  # (a clean build scans: allowed again for the comparison)
    _agrees_with_a_scan(site, known)
    _same_as_clean(site, tmp_path)


def test_an_editors_swap_files_and_backups_are_ignored(watched):
    site, known = watched
    (site / "content/2019/02/.2019-02-20-plan-embalse.md.swp").write_bytes(b"\x00vim swap")
    (site / "content/2019/02/2019-02-20-plan-embalse.md~").write_text("old copy", encoding="utf-8")
    result = _watched(site, known, "content/2019/02/.2019-02-20-plan-embalse.md.swp",
                      "content/2019/02/2019-02-20-plan-embalse.md~")
    assert result.mode == "nothing changed"


CANNOT_VOUCH = {  # a change and why only a scan knows what it does
    "a new folder": ("content/2020/01/2020-01-03-new-year.md", None),
    "folder defaults": ("content/al-waha/_defaults.yaml", "source: Al-Waha Weekly\nlanguage: ar\n"),
    "an asset": ("content/2018/03/harbour-plan.pdf", "%PDF-1.4 plan"),
    "a version": ("content/2018/03/2018-03-26-harbour-storm.versions/2018-03-27T08-00-00Z.md", None),
    "a link": ("content/2019/02/2019-02-28-linked.md", "link"),
    "a link out of content/": ("content/2019/02/2019-02-28-passwd.md", "link-out"),
    "a named pipe": ("content/2019/02/2019-02-28-pipe.md", "pipe"),
    "the last articles of a folder": ("content/2018/11", "delete"),
}


@pytest.mark.parametrize("case", sorted(CANNOT_VOUCH))
def test_a_change_the_watcher_cannot_vouch_for_makes_the_rebuild_scan(watched, tmp_path, monkeypatch, case):
    site, known = watched
    rel, data = CANNOT_VOUCH[case]
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    changed = {rel}
    if data == "delete":  # every file of the folder, each of them named by the watcher
        changed = {f"{rel}/{name}" for name in os.listdir(path)}
        shutil.rmtree(path)
    elif data == "link":
        path.symlink_to(site / STORM)
    elif data == "link-out":
        path.symlink_to("/etc/passwd")
    elif data == "pipe":
        os.mkfifo(path)  # reading it would wait for ever
    else:
        path.write_text(data or _article("Ferry fares frozen for the winter", "2020-01-03T10:00:00Z",
                                         "The Harbour Gazette", "en", ["harbour"], 5), encoding="utf-8")
    assert rescanned(known.tree, site / "content", {r.removeprefix("content/") for r in changed}) is None
    monkeypatch.undo()  # the build scans, then: allowed
    _watched(site, known, *changed)
    _agrees_with_a_scan(site, known)
    _same_as_clean(site, tmp_path)
    if data in ("link-out", "pipe"):  # skipped with a warning, as a scan finds it: nothing of it published
        assert not any(path.name in str(f) for f in (site / "build").rglob("*"))
        assert "root:" not in (site / "build/data/articles-2019.csv").read_text(encoding="utf-8")


def test_a_failed_rebuild_forgets_what_it_knew_and_the_next_one_scans(watched, monkeypatch):
    site, known = watched
    bad = "content/2019/02/2019-02-21-bad-date.md"
    (site / bad).write_text("---\ntitle: Bad\ndate: 2019-02-30\nsource: Wire\n---\nText.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        _watched(site, known, bad)
    assert "not a real date" in failed.value.problems[0].message
    assert known.everything and known.tree is None
    os.remove(site / bad)
    monkeypatch.undo()
    assert _watched(site, known, bad).mode == "nothing changed"
    assert not known.everything


def test_a_watched_rebuild_trusts_its_own_output_and_a_command_line_build_repairs_it(watched, monkeypatch):
    """Decided: while serving, nobody but the builder writes the output, so a rebuild does not check it;
    a file edited there by hand is repaired by the next command-line build (which checks every file)."""
    site, known = watched
    tampered = site / "build/2019/index.html"
    tampered.write_text("<p>edited by hand</p>", encoding="utf-8")
    (site / STORM).write_text((site / STORM).read_text(encoding="utf-8") + "\nOne more line.\n",
                              encoding="utf-8")
    assert _watched(site, known, STORM).repaired == 0
    assert tampered.read_text(encoding="utf-8") == "<p>edited by hand</p>"
    monkeypatch.undo()
    result = build(site, BuildOptions(search=False, jobs=1))
    assert result.repaired == 1 and "edited by hand" not in tampered.read_text(encoding="utf-8")


# ---- the tree looked at again, against a scan, for any edits

FOLDERS = ("2018/03", "2018/04", "al-waha", "2019/05")  # (the last one is new)
NAMES = ("a.md", "b.txt", "c.markdown", "_d.md", "e.md~", ".f.md.swp", "_defaults.yaml", "g.png",
         "h.versions/2018-03-27T08-00-00Z.md")
EDITS = st.lists(st.tuples(st.sampled_from(("write", "write", "delete")), st.sampled_from(FOLDERS),
                           st.sampled_from(NAMES), st.integers(0, 3)), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(EDITS, min_size=1, max_size=4))
def test_the_tree_looked_at_again_is_the_tree_a_scan_finds(rounds):
    """Whatever files are written and deleted, ``rescanned`` gives what a scan gives, or None (scan)."""
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        for folder in FOLDERS[:3]:
            (content / folder).mkdir(parents=True)
            (content / folder / "z.md").write_text(_article("Kept", "2018-03-26", "Wire", "en", [], 1))
        (content / "al-waha/_defaults.yaml").write_text("source: Al-Waha\nlanguage: ar\n")
        tree = scan(content)
        for edits in rounds:
            changed = set()
            for action, folder, name, size in edits:
                path = content / folder / name
                if action == "write":
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(name.endswith("yaml") and "language: fr\n" or
                                    _article("T" * (size + 1), "2019-05-01", "Wire", "fr", [], size))
                elif path.exists():
                    path.unlink()
                changed.add(f"{folder}/{name}")
            again = rescanned(tree, content, changed)
            fresh = scan(content)
            if again is not None:
                assert _tree(again) == _tree(fresh)
            tree = fresh
        shutil.rmtree(content)
