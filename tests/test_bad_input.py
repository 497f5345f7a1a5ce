"""Robustness: what a user sees when the input is bad, hostile or half-written.

Every test builds a real fixture site in tmp_path (the bad file next to good articles) and asserts on the
messages (path, line, key words), the exit status and the files in the output. The messages are a table
(``CASES``) built in-process; the rest runs the command line as a user would (cwd = the site folder, so
paths print as ``content/...``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import article, crawl, page_links, run_cli, snapshot, write_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.build import BuildOptions
from newsarchive.build import build as build_site
from newsarchive.content.loader import LoadOptions, load_article
from newsarchive.errors import BuildFailed, Problem
from newsarchive.model import Article

GOOD = {
    "2018/2018-03-26-harbour-reopens.md": article("Harbour reopens", date="2018-03-26", source="The Wire",
                                                  body="The harbour reopened on Monday."),
    "2018/2018-03-27-ferries-resume.md": article("Ferries resume", date="2018-03-27", source="Le Monde",
                                                 body="Ferries resumed on Tuesday.", tags="[transport, sea]"),
}
SEGMENT = re.compile(r"^[a-z0-9_-]+$")


# ---------------------------------------------------------------- helpers


def make_site(tmp_path: Path, bad: dict[str, str | bytes], config: str | None = None,
              name: str = "site") -> Path:
    """A site holding the good articles and ``bad`` (paths relative to content/)."""
    return write_site(tmp_path / name, {**GOOD, **bad}, config)


def build(site: Path, *args: str):
    return run_cli("build", *args, cwd=site)


def lines_of(stream: str) -> list[str]:
    return [line for line in stream.splitlines() if line.strip()]


def find_message(stderr: str, path: str, line: int | None, *words: str, warning: bool = False) -> str:
    """The one stderr line ``path:line: [warning: ]...`` that contains every word (case-insensitive)."""
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    label = "warning: " if warning else ""
    candidates = [m for m in lines_of(stderr) if m.startswith(where + label)]
    if not warning:  # an error is not a warning
        candidates = [m for m in candidates if not m.startswith(where + "warning: ")]
    matching = [m for m in candidates if all(w.lower() in m.lower() for w in words)]
    assert matching, (f"no message {where + label!r} with {words!r} in stderr:\n{stderr}")
    message = matching[0]
    assert "; " in message, f"the message says what is wrong but not how to fix it: {message!r}"
    return message


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Internal error" not in result.stderr, result.stderr


def article_dirs(output: Path) -> list[str]:
    """The published article pages, as ``YYYY/MM/DD/slug``."""
    return sorted(p.parent.relative_to(output).as_posix() for p in output.glob("*/*/*/*/index.html")
                  if re.fullmatch(r"\d{4}/\d{2}/\d{2}", p.parent.parent.relative_to(output).as_posix()))


_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def html_pages(output: Path) -> dict[str, str]:
    """Every page's HTML, with its JSON-LD data block checked (valid JSON, no raw '<') and taken out:
    it is data a browser never runs, so what is left must hold no script at all. The search page's own
    script (the theme's static/search.js, which builds results as text) is taken out too; the index it
    reads is not HTML (see test_search.py for hostile titles in results)."""
    pages = {}
    for path in sorted(output.rglob("*.html")):
        if path.relative_to(output).parts[0] == "pagefind":
            continue
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'<script src="(\.\./)*static/search\.js"></script>', "", text)
        for block in _JSON_LD.findall(text):
            assert "<" not in block and ">" not in block, block
            json.loads(block)
        pages[path.relative_to(output).as_posix()] = _JSON_LD.sub("", text)
    return pages


def all_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def fails_cleanly(result, site: Path) -> None:
    """Exit 1, no traceback, nothing written."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert_no_traceback(result)
    assert "Build failed" in result.stderr
    assert not (site / "build").exists()
    assert not (site / ".build.staging").exists()


# ---------------------------------------------------------------- the messages, one row per bad input
#
# Each row builds a site in-process (the good articles beside the row's files) and reads the problems as
# the command line prints them (``Problem.format()``, paths as seen from the site folder). A message
# is (where, *words): the printed line starts with ``where`` (``path:line:``, then ``warning:`` for a
# warning; an error row's line is not a warning) and holds every word, case-insensitively, and says how
# to fix it (``; ...``). The command line's own part (exit status, "nothing was written", no traceback)
# is proved end to end below, on a few of these inputs.


def fm(*lines: str) -> str:
    """A file of front matter ``lines`` and a short text: the opening --- is line 1, ``lines[0]`` line 2."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\nText.\n"


LATIN1 = fm("title: Café", "date: 2018-03-26", "source: The Wire").encode("latin-1")
LATIN1_OFFSET = LATIN1.index(b"\xe9")
BOM_LATIN1 = b"\xef\xbb\xbf" + LATIN1


def _alias_bomb() -> str:
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for i in range(1, 6):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    head = "---\ntitle: Bomb\ndate: 2018-03-28\nsource: The Wire\n"
    return head + "\n".join(lines) + "\ndraft: *a5\n---\nx\n"  # draft: on line 11


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]  # under content/
    messages: tuple[tuple[str, ...], ...]  # (where, *words), each one printed line
    ok: bool = False  # the build succeeds (warnings only)
    config: str | None = None
    site_files: dict[str, str | bytes] = field(default_factory=dict)  # beside content/ (templates/...)
    links: dict[str, str] = field(default_factory=dict)  # symbolic links under content/: name -> target
    pages: dict[str, tuple[str, ...]] = field(default_factory=dict)  # output file -> what it must contain
    absent: dict[str, tuple[str, ...]] = field(default_factory=dict)  # output file -> what it must not
    missing: tuple[str, ...] = ()  # output paths that must not exist
    skip_invalid: bool = False
    lines: tuple[str, ...] = ()  # printed exactly so
    fix: bool = True  # each message says how to fix it (False: a message that does not yet)


CASES = [
    # ---- 1-9: bad article files ----
    # the opening --- is line 1, date line 2, the unquoted colon is on line 3
    Case("yaml-syntax-error-names-its-line",
         {"2018/storm.md": fm("date: 2018-03-26", "title: Storm: harbour closes", "source: The Wire")},
         messages=(("content/2018/storm.md:3:", "not valid YAML", "quote"),)),
    Case("front-matter-that-is-a-list", {"2018/list.md": fm("- title: Storm", "- date: 2018-03-26")},
         messages=(("content/2018/list.md:2:", "mapping", "list", "key: value"),)),
    Case("front-matter-never-closed",
         {"2018/open.md": "---\ntitle: Storm\ndate: 2018-03-26\nsource: The Wire\n\nThe text starts here.\n"},
         messages=(("content/2018/open.md:1:", "never closed", "---"),)),
    # the fix names the key to add
    Case("no-date-anywhere", {"2018/undated.md": article("Undated", date=None)},
         messages=(("content/2018/undated.md:1:", "no date", "YYYY-MM-DD", "date:"),)),
    Case("impossible-date", {"2018/leap.md": fm("title: Leap", "source: The Wire", "date: 2018-02-30")},
         messages=(("content/2018/leap.md:4:", "2018-02-30", "not a real date"),)),
    Case("date-in-words", {"2018/words.md": fm("title: Words", "date: March 26, 2018", "source: The Wire")},
         messages=(("content/2018/words.md:3:", "March 26, 2018", "YYYY-MM-DD"),)),
    Case("file-not-utf8", {"2018/latin1.md": LATIN1},
         messages=(("content/2018/latin1.md:2:", "not valid UTF-8", f"byte {LATIN1_OFFSET}", "UTF-8"),)),
    # the BOM counts in the offset: it is in the file
    Case("not-utf8-after-a-bom-gives-the-file-offset", {"2018/bom.md": BOM_LATIN1},
         messages=(("content/2018/bom.md:2:", "not valid UTF-8", "byte 17 (0xe9)"),)),
    Case("empty-file-zero-bytes", {"2018/2018-03-26-empty.md": b""},
         messages=(("content/2018/2018-03-26-empty.md:", "empty"),)),
    Case("empty-file-whitespace-only", {"2018/2018-03-26-empty.md": b"  \n\t\n\r\n   "},
         messages=(("content/2018/2018-03-26-empty.md:", "empty"),)),
    # Hugo, Jekyll and Pelican ignore empty values; so does newsarchive, saying so: the article is published
    # as if the key were absent (the title from the heading, the source from its 'Source:' line)
    Case("values-empty-after-trimming-are-ignored-with-a-warning", {
        "2018/blank.md": ('---\ntitle: "   "\ndate: 2018-03-26\nsource: ""\ntags: [a, " "]\n'
                          "author: ''\n---\n"
                          "# Harbour wall repaired\n\nText.\n\nSource: The Wire\n")},
        ok=True,
        messages=(("content/2018/blank.md:2: warning:", "'title'", "empty", "ignored"),
                  ("content/2018/blank.md:4: warning:", "'source'", "empty"),
                  ("content/2018/blank.md:5: warning:", "item 2", "'tags'", "empty"),
                  ("content/2018/blank.md:6: warning:", "'author'", "empty")),
        pages={"2018/03/26/harbour-wall-repaired/index.html": ("<h1", "Harbour wall repaired</h1>",
                                                               "The Wire")},
        absent={"2018/03/26/harbour-wall-repaired/index.html": ("Unattributed",)}),
    # ---- 10-11: configuration and language ----
    Case("unknown-config-key-suggests-the-right-one", {}, config="title: Harbour news\nper_pgae: 10\n",
         messages=(("newsarchive.yaml:2:", "unknown configuration key 'per_pgae'",
                    "did you mean 'per_page'?"),),
         lines=("newsarchive.yaml:2: unknown configuration key 'per_pgae'; did you mean 'per_page'?",)),
    # title, date, source, language: the language key is on line 5
    Case("invalid-language-is-a-warning-and-uses-the-site-language",
         {"2018/2018-03-28-english.md": article("English words", date="2018-03-28", language="english")},
         config="language: fr\n", ok=True,
         messages=(("content/2018/2018-03-28-english.md:5: warning:", "english", "BCP 47", "'fr'"),),
         pages={"2018/03/28/english-words/index.html": ('<html lang="fr"',)},
         missing=("languages/english",)),
    # ---- 12: every problem in one run ----
    Case("every-problem-reported-in-one-run", {
        "2018/storm.md": fm("date: 2018-03-26", "title: Storm: harbour closes"),
        "2019/deep/leap.md": fm("title: Leap", "source: X", "", "", "date: 2019-02-29")},
        messages=(("content/2018/storm.md:3:", "YAML"), ("content/2019/deep/leap.md:6:", "not a real date"))),
    Case("skip-invalid-reports-errors-as-warnings", {
        "2018/storm.md": fm("date: 2018-03-26", "title: Storm: harbour closes"),
        "2018/leap.md": fm("title: Leap", "source: X", "date: 2018-02-30")},
        skip_invalid=True, ok=True,
        messages=(("content/2018/storm.md:3: warning:", "YAML"),
                  ("content/2018/leap.md:4: warning:", "not a real date")),
        pages={"2018/03/26/harbour-reopens/index.html": ("Harbour reopens",)}),
    # ---- YAML explicit tags (found while fuzzing) ----
    Case("yaml-bool-tag-with-unreadable-value",
         {"2018/2018-03-28-tagged.md": fm("title: Tagged", "source: The Wire", "draft: !!bool maybe")},
         messages=(("content/2018/2018-03-28-tagged.md:4:", "YAML"),)),
    Case("yaml-timestamp-tag-with-unreadable-value",
         {"2018/2018-03-28-tagged.md": fm("title: Tagged", "source: The Wire",
                                          "date: !!timestamp yesterday")},
         messages=(("content/2018/2018-03-28-tagged.md:4:", "YAML"),)),
    Case("yaml-constructor-error-names-its-line",
         {"2018/2018-03-28-tagged.md": fm("title: Tagged", "source: The Wire", "count: !!int abc")},
         messages=(("content/2018/2018-03-28-tagged.md:4:", "abc"),)),
    Case("slug-must-be-text",
         {"2018/2018-03-28-listed.md": fm("title: Listed", "date: 2018-03-28", "source: The Wire",
                                          "slug: [a, b]")},
         messages=(("content/2018/2018-03-28-listed.md:5:", "'slug'", "text"),)),
    Case("yaml-tab-indentation", {"2018/tab.md": fm("title: Tab", "\tdate: 2018-03-26", "source: The Wire")},
         messages=(("content/2018/tab.md:3:", "not valid YAML", "tab", "indent with spaces, not tabs"),)),
    Case("yaml-undefined-alias", {"2018/alias.md": fm("title: Alias", "date: 2018-03-26", "source: *wire")},
         messages=(("content/2018/alias.md:4:", "not valid YAML", "undefined alias", "quote the value"),)),
    Case("yaml-value-starting-with-at", {"2018/at.md": fm("title: At", "date: 2018-03-26", "source: @wire")},
         messages=(("content/2018/at.md:4:", "not valid YAML", "cannot start any token", "quoting"),)),
    Case("yaml-merge-key-of-numbers",
         {"2018/merge.md": fm("title: Merge", "date: 2018-03-26", "source: The Wire", "<<: [1, 2]")},
         messages=(("content/2018/merge.md:", "not valid YAML", "check the merge key (<<)"),)),
    Case("nul-character-in-front-matter",
         {"2018/nul.md": fm("title: A\x00B", "date: 2018-03-26", "source: The Wire")},
         messages=(("content/2018/nul.md:2:", "NUL character", "remove it"),
                   ("content/2018/nul.md:2: warning:", "U+0000 (NUL)"))),
    # a4 (line 9) is the first alias to stand for more than 100,000 values; every line stays short
    Case("yaml-alias-bomb-gives-a-short-message", {"2018/2018-03-28-bomb.md": _alias_bomb()},
         messages=(("content/2018/2018-03-28-bomb.md:9:", "aliases", "more than 100,000 values"),)),
    # ---- odd files in content/: left out with a warning, the rest published ----
    Case("asset-name-with-a-backslash", {"2018/photo\\2018.jpg": b"\xff\xd8\xff fake"}, ok=True,
         messages=(("content/2018/photo\\2018.jpg: warning:", "not safe in a URL", "not copied"),),
         missing=("2018/photo\\2018.jpg",)),
    Case("dangling-symlink-article", {}, links={"2018/2018-03-28-gone.md": "2018-03-28-missing.md"}, ok=True,
         messages=(("content/2018/2018-03-28-gone.md: warning:", "symbolic link", "broken", "skipped"),),
         pages={"2018/03/26/harbour-reopens/index.html": ("Harbour reopens",)}),
    Case("symlink-loop-in-content", {}, links={"2018/loop.md": "loop.md"}, ok=True,
         messages=(("content/2018/loop.md: warning:", "symbolic link", "loops", "skipped"),)),
    # ---- the configuration (newsarchive.yaml) ----
    Case("config-not-utf8", {}, site_files={"newsarchive.yaml": b"title: Caf\xe9\n"},
         messages=(("newsarchive.yaml:", "not valid UTF-8", "byte 10"),)),
    Case("config-that-is-a-folder", {}, site_files={"newsarchive.yaml/title": "x"},
         messages=(("newsarchive.yaml:", "not a regular file"),)),
    Case("config-that-is-a-list", {}, config="- title: Harbour news\n- per_page: 10\n",
         messages=(("newsarchive.yaml:1:", "mapping"),)),
    Case("config-title-must-be-text", {}, config="title: [Harbour, news]\n",
         messages=(("newsarchive.yaml:1:", "'title' must be text", "write title: followed by text"),)),
    Case("config-per-page-out-of-range", {}, config="title: Harbour news\nper_page: 0\n",
         messages=(("newsarchive.yaml:2:", "'per_page'", "between 1 and 10000", "per_page: 20"),)),
    Case("config-flag-must-be-true-or-false", {}, config="search: maybe\n",
         messages=(("newsarchive.yaml:1:", "'search' must be true or false",
                    "write search: true or search: false"),)),
    Case("config-unknown-slug-mode", {}, config="slugs: latin\n",
         messages=(("newsarchive.yaml:1:", "'slugs' must be auto, ascii or unicode", "'latin'"),)),
    Case("config-language-not-a-language", {}, config="language: english\n",
         messages=(("newsarchive.yaml:1:", "english", "en, fr, ar or es"),)),
    Case("config-timezone-not-a-zone", {}, config="timezone: Mars/Olympus\n",
         messages=(("newsarchive.yaml:1:", "Mars/Olympus", "Europe/Paris"),)),
    Case("config-base-url-without-scheme", {}, config="base_url: example.org/archive/\n",
         messages=(("newsarchive.yaml:1:", "'base_url' must start with http:// or https://", "e.g."),)),
    Case("config-base-url-with-a-query", {}, config="base_url: https://example.org/?page=1\n",
         messages=(("newsarchive.yaml:1:", "'base_url' has a query"),)),
    Case("config-sources-not-a-mapping", {}, config="sources: [The Wire, Le Monde]\n",
         messages=(("newsarchive.yaml:1:", "'sources' must map each source's name to its details"),)),
    Case("config-source-not-a-mapping", {}, config="sources:\n  The Wire: a news agency\n",
         messages=(("newsarchive.yaml:2:", "source 'The Wire' must be a mapping",
                    "indented under its name"),)),
    Case("config-source-key-misspelt", {}, config="sources:\n  The Wire:\n    ulr: https://wire.example/\n",
         messages=(("newsarchive.yaml:3:", "unknown key 'ulr' for source 'The Wire'",
                    "did you mean 'url'?"),)),
    Case("config-source-url-not-a-web-address", {}, config="sources:\n  The Wire:\n    url: wire.example\n",
         messages=(("newsarchive.yaml:3:", "the url of source 'The Wire' must start with http://",
                    "url: https://wire.example/"),)),
    Case("config-source-language-not-a-language", {},
         config="sources:\n  The Wire:\n    language: english\n",
         messages=(("newsarchive.yaml:3:", "english", "en, fr, ar or es"),)),
    # ---- a site template ----
    Case("broken-site-template-is-the-users-error", {},
         site_files={"templates/article.html": "<h1>{{ article.title }}</h1>\n{% if %}\n"},
         messages=(("templates/article.html:2:", "template error"),)),
]


def _build_case(tmp_path: Path, case: Case) -> tuple[Path, list[str], bool]:
    site = make_site(tmp_path, case.files, case.config)
    for rel, text in case.site_files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    for rel, target in case.links.items():
        (site / "content" / rel).symlink_to(target)
    options = BuildOptions(search=False, jobs=1, skip_invalid=case.skip_invalid)
    try:
        problems, ok = build_site(site, options).problems, True
    except BuildFailed as failed:
        problems, ok = failed.problems, False
    return site, [problem.format() for problem in problems], ok


def has_message(printed: list[str], where: str, *words: str) -> str:
    """The printed line starting with ``where`` (an error's is not a warning's) holding every word."""
    label = "warning:" in where
    candidates = [m for m in printed if m.startswith(where) and (label or not m[len(where):].lstrip()
                                                                    .startswith("warning: "))]
    matching = [m for m in candidates if all(w.lower() in m.lower() for w in words)]
    assert matching, f"no message {where!r} with {words!r} in:\n" + "\n".join(printed)
    return matching[0]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_message(tmp_path: Path, case: Case):
    site, printed, ok = _build_case(tmp_path, case)
    for where, *words in case.messages:
        message = has_message(printed, where, *words)
        if words and case.fix:  # says what is wrong and how to fix it
            assert "; " in message, f"the message says what is wrong but not how to fix it: {message!r}"
    for line in case.lines:
        assert line in printed, printed
    assert ok == case.ok, printed
    assert max(map(len, printed), default=0) < 2000  # a message is a line a person reads
    output = site / "build"
    if not ok:  # nothing written
        assert not output.exists() and not (site / ".build.staging").exists()
    assert all(p.is_relative_to(site) for p in tmp_path.rglob("*"))  # nothing written outside the site
    for rel, wanted in case.pages.items():
        text = (output / rel).read_text(encoding="utf-8")
        for piece in wanted:
            assert piece in text, (rel, piece)
    for rel, unwanted in case.absent.items():
        text = (output / rel).read_text(encoding="utf-8")
        for piece in unwanted:
            assert piece not in text, (rel, piece)
    for rel in case.missing:
        assert not (output / rel).exists(), rel


# ---------------------------------------------------------------- 12-14, end to end: every problem,
# atomic output, skip


def test_every_problem_reported_in_one_run_without_traceback(tmp_path):
    site = make_site(tmp_path, {
        "2018/storm.md": "---\ndate: 2018-03-26\ntitle: Storm: harbour closes\n---\nText.\n",
        "2019/deep/leap.md": "---\ntitle: Leap\nsource: X\n\n\ndate: 2019-02-29\n---\nText.\n",
    })
    result = build(site)
    fails_cleanly(result, site)
    find_message(result.stderr, "content/2018/storm.md", 3, "YAML")
    find_message(result.stderr, "content/2019/deep/leap.md", 6, "not a real date")
    assert "2 error(s)" in result.stderr


def test_failed_build_leaves_previous_output_untouched(tmp_path):
    site = make_site(tmp_path, {})
    first = build(site)
    assert first.returncode == 0, first.stderr
    before = snapshot(site / "build")
    assert before
    time.sleep(0.05)  # a rewrite would show in the mtimes

    # a content error
    (site / "content" / "2018" / "storm.md").write_text(
        "---\ndate: 2018-03-26\ntitle: Storm: harbour closes\n---\nText.\n", encoding="utf-8")
    (site / "content" / "2018" / "2018-03-29-new.md").write_text(article("New one", date="2018-03-29"),
                                                                 encoding="utf-8")
    result = build(site)
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "previous output is unchanged" in result.stderr
    assert snapshot(site / "build") == before
    assert sorted(p.name for p in site.iterdir()) == [".build.cache", "build", "content"]

    # a configuration error
    (site / "content" / "2018" / "storm.md").unlink()
    (site / "newsarchive.yaml").write_text("per_page: many\n", encoding="utf-8")
    result = build(site)
    assert result.returncode == 1
    find_message(result.stderr, "newsarchive.yaml", 1, "per_page")
    assert snapshot(site / "build") == before
    assert sorted(p.name for p in site.iterdir()) == [".build.cache", "build", "content", "newsarchive.yaml"]

    # a failure while rendering (a broken site template), after the staging folder was made
    (site / "newsarchive.yaml").unlink()
    (site / "templates").mkdir()
    (site / "templates" / "article.html").write_text("{{ no_such_variable.attribute }}\n", encoding="utf-8")
    result = build(site)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    find_message(result.stderr, "templates/article.html", 1, "template error", "no_such_variable")
    assert snapshot(site / "build") == before
    assert sorted(p.name for p in site.iterdir()) == [".build.cache", "build", "content", "templates"]


def test_skip_invalid_publishes_the_good_ones(tmp_path):
    site = make_site(tmp_path, {
        "2018/storm.md": "---\ndate: 2018-03-26\ntitle: Storm: harbour closes\n---\nText.\n",
        "2018/leap.md": "---\ntitle: Leap\nsource: X\ndate: 2018-02-30\n---\nText.\n",
    })
    result = build(site, "--skip-invalid")
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    find_message(result.stderr, "content/2018/storm.md", 3, "YAML", warning=True)
    find_message(result.stderr, "content/2018/leap.md", 4, "not a real date", warning=True)
    assert article_dirs(site / "build") == ["2018/03/26/harbour-reopens", "2018/03/27/ferries-resume"]
    assert "Built 2 articles" in result.stdout
    _pages, broken = crawl(site / "build")
    assert broken == []


# ---------------------------------------------------------------- 15: nothing written outside the output


def test_nothing_written_outside_the_output(tmp_path):
    hostile = {
        "2018/2018-03-26-a.md": article("Alpha", slug="../../etc"),
        "2018/2018-03-26-b.md": article("Bravo", slug="/etc/passwd"),
        "2018/2018-03-26-c.md": article("Charlie", slug='".."'),
        "2018/2018-03-26-d.md": article("Delta", slug='"a\\x00b"'),
        "2018/2018-03-26-e.md": article("Echo", slug="x" * 5000),
        "2018/2018-03-26-f.md": article("Foxtrot", slug="CON"),
        "2018/2018-03-26-g.md": article("Golf", slug="aux"),
        "2018/2018-03-26-h.md": article("Hotel", tags='["../../x", "..", "/etc/shadow", "CON"]'),
        "2018/2018-03-26-..%2F..%2Fescape.md": article(None, source="The Wire"),
        "2018/x..y/2018-03-26-a..b.md": article("India", slug="...", source="../../The Wire"),
        "2018/2018-03-26-storm-lower.md": article("Storm"),
        "2018/2018-03-26-storm-upper.md": article("STORM"),
        "2018/x..y/photo..jpg": b"\xff\xd8\xff not really a jpeg",
    }
    site = make_site(tmp_path, hostile)
    before = all_files(tmp_path)
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    output = site / "build"
    cache = site / ".build.cache"  # the build cache beside the output: fixed file names only
    for path in all_files(tmp_path) - before:
        if path.is_relative_to(cache):
            rel = path.relative_to(cache).as_posix()
            # (the compiled templates: named by the hash of the template's name)
            assert rel in (".", "catalog.sqlite", "search.bin", "lock", "templates") \
                or re.fullmatch(r"templates/__jinja2_[0-9a-f]{40}\.cache", rel), path
            continue
        assert path.is_relative_to(output), f"written outside the output: {path}"

    dirs = article_dirs(output)
    assert len(dirs) == len(GOOD) + 12, dirs  # every article published, each at its own URL
    for rel in dirs:
        slug = rel.split("/")[-1]
        assert SEGMENT.match(slug) and len(slug) <= 80, rel
        assert slug not in ("con", "aux", "nul", "prn"), rel
    pages, broken = crawl(output)
    assert broken == []
    for page in pages:
        for segment in page.relative_to(output).parent.parts:
            assert SEGMENT.match(segment), page

    # Storm and STORM the same day: two distinct URLs, and a warning naming both files
    storms = [d for d in dirs if d.split("/")[-1].startswith("storm")]
    assert len(storms) == 2 and len(set(storms)) == 2, dirs
    lower, upper = "content/2018/2018-03-26-storm-lower.md", "content/2018/2018-03-26-storm-upper.md"
    warnings = [m for m in lines_of(result.stderr) if "warning:" in m and lower in m and upper in m]
    assert warnings, result.stderr


# ---------------------------------------------------------------- 16: hostile markup

HOSTILE_BODY = """\
Intro with [a link](https://example.org/story) and *emphasis*.

<script>alert(1)</script>

<img src=x onerror=alert(1)>

<a href="javascript:alert(1)">x</a>

<iframe src="https://evil.example"></iframe>

<a href="data:text/html;base64,PHNjcmlwdD4=">d</a>

<svg onload=alert(1)>

![a photo](photo.jpg)

| Port | Status |
|------|--------|
| North | closed |

<figure><img src="a.png" alt="a"><figcaption>cap</figcaption></figure>
"""
FORBIDDEN = ("<script", "onerror", "onload", "javascript:", "<iframe", "data:text/html")
CITATION_LINKS = ("data:application/x-research-info-systems;charset=utf-8",
                  "data:application/vnd.citationstyles.csl+json;charset=utf-8")


def test_hostile_markup_in_the_body_is_removed(tmp_path):
    site = make_site(tmp_path, {"2018/2018-03-28-hostile.md": article("Hostile", date="2018-03-28",
                                                                      body=HOSTILE_BODY)})
    result = build(site)
    assert result.returncode == 0, result.stderr
    pages = html_pages(site / "build")
    for name, text in pages.items():
        for bad in FORBIDDEN:
            assert bad not in text.lower(), (name, bad)
    body = pages["2018/03/28/hostile/index.html"]
    assert '<a href="https://example.org/story"' in body
    assert "<em>emphasis</em>" in body
    assert re.search(r'<img[^>]+src="[^"]*photo\.jpg"', body)
    assert "<table>" in body and "<td>North</td>" in body
    assert "<figure>" in body and "<figcaption>cap</figcaption>" in body
    assert re.search(r'<img[^>]+src="[^"]*a\.png"', body)  # raw HTML's relative links are re-pointed too


def test_markup_in_front_matter_is_escaped_everywhere(tmp_path):
    bad = article("<script>alert(1)</script>", date="2018-03-28", source='"<b onmouseover=x>Evil</b>"',
                  tags='["<img src=x onerror=y>"]', url="javascript:alert(1)")
    site = make_site(tmp_path, {"2018/2018-03-28-markup.md": bad})
    result = build(site)
    assert result.returncode == 0, result.stderr
    # title, date, source, tags, url: the url is on line 6
    find_message(result.stderr, "content/2018/2018-03-28-markup.md", 6, "'url'", "not linked", warning=True)
    pages = html_pages(site / "build")
    for name, text in pages.items():
        assert "<script" not in text, name
        assert "<b onmouseover" not in text and "<b>" not in text, name
        assert "<img src=x" not in text and 'onerror="' not in text, name
        assert "javascript:" not in text, name
        for _tag, href, _attrs in page_links(text):
            assert not href.lower().startswith("javascript"), (name, href)
            if href.lower().startswith("data:"):  # only an article's citations, all percent-encoded
                kind, _, payload = href.partition(",")
                assert kind in CITATION_LINKS and re.fullmatch(r"[\w.~%-]*", payload, re.ASCII), (name, href)
    slug_page = [d for d in article_dirs(site / "build") if d.startswith("2018/03/28/")]
    assert len(slug_page) == 1
    shown = pages[slug_page[0] + "/index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&lt;b onmouseover=x&gt;Evil&lt;/b&gt;" in shown
    assert "&lt;img src=x onerror=y&gt;" in shown
    assert "&lt;script&gt;" in pages["index.html"]
    assert "&lt;b onmouseover=x&gt;Evil&lt;/b&gt;" in pages["sources/index.html"]
    assert "&lt;img src=x onerror=y&gt;" in pages["tags/index.html"]


def test_allow_raw_html_keeps_the_editors_html(tmp_path):
    site = make_site(tmp_path, {"2018/2018-03-28-hostile.md": article("Hostile", date="2018-03-28",
                                                                      body=HOSTILE_BODY)},
                     config="allow_raw_html: true\n")
    result = build(site)
    assert result.returncode == 0, result.stderr
    body = (site / "build" / "2018" / "03" / "28" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert '<iframe src="https://evil.example">' in body
    assert "<figcaption>cap</figcaption>" in body


# ---------------------------------------------------------------- 17: drafts and future articles


def test_drafts_and_future_articles_are_left_out_unless_asked(tmp_path):
    site = make_site(tmp_path, {
        "2018/2018-03-28-draft.md": article("Work in progress", date="2018-03-28", draft="true"),
        "2999/2999-01-01-future.md": article("Far future", date="2999-01-01"),
    })
    good = ["2018/03/26/harbour-reopens", "2018/03/27/ferries-resume"]

    def published(*args: str, name: str, config: str | None = None) -> list[str]:
        if config is not None:
            (site / "newsarchive.yaml").write_text(config, encoding="utf-8")
        out = tmp_path / name
        result = build(site, "-o", str(out), *args)
        assert result.returncode == 0, result.stderr
        assert_no_traceback(result)
        return article_dirs(out)

    assert published(name="plain") == good
    assert published("--drafts", name="drafts") == sorted(good + ["2018/03/28/work-in-progress"])
    assert published("--future", name="future") == sorted(good + ["2999/01/01/far-future"])
    assert published("--drafts", "--future", name="both") == sorted(
        good + ["2018/03/28/work-in-progress", "2999/01/01/far-future"])
    with_config = published(name="config", config="include_future: true\n")
    assert with_config == sorted(good + ["2999/01/01/far-future"])
    assert not (site / "build").exists()


# ---------------------------------------------------------------- 18: determinism


def test_builds_are_deterministic_and_idempotent(tmp_path):
    files = {
        **GOOD,
        "2018/2018-03-26-storm.md": article("Storm", tags="[weather, sea]", author="A. Writer"),
        "2018/2018-03-26-storm-again.md": article("STORM", source="Le Monde"),
        "fr/2018-04-01-tempete.md": article("Tempête sur le port", date="2018-04-01T10:00:00+02:00",
                                            language="fr", source="Le Monde"),
        "ar/2018-04-02-storm.txt": "عاصفة في الميناء\n\nنص المقال.\n\nSource: الجزيرة\n",
        "2018/photo.jpg": b"\xff\xd8\xff fake",
    }
    one = write_site(tmp_path / "one" / "site", files, "title: Archive\nper_page: 2\n")
    first = build(one)
    assert first.returncode == 0, first.stderr
    time.sleep(1.1)  # a different moment
    two = tmp_path / "elsewhere" / "deeper" / "copy"
    shutil.copytree(one / "content", two / "content")
    shutil.copy(one / "newsarchive.yaml", two / "newsarchive.yaml")
    second = run_cli("build", str(two), cwd=tmp_path)  # another cwd, the site given as an argument
    assert second.returncode == 0, second.stderr

    a = {k: v[0] for k, v in snapshot(one / "build").items()}
    b = {k: v[0] for k, v in snapshot(two / "build").items()}
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []

    before = snapshot(one / "build")
    time.sleep(0.05)
    again = build(one)
    assert again.returncode == 0, again.stderr
    assert "0 files written" in again.stdout
    assert snapshot(one / "build") == before
    assert sorted(p.name for p in one.iterdir()) == [".build.cache", "build", "content", "newsarchive.yaml"]


# ---------------------------------------------------------------- 19: newsarchive check


def test_check_reports_errors_and_writes_nothing(tmp_path):
    site = make_site(tmp_path, {
        "2018/storm.md": "---\ndate: 2018-03-26\ntitle: Storm: harbour closes\n---\nText.\n",
        "2018/leap.md": "---\ntitle: Leap\nsource: X\ndate: 2018-02-30\n---\nText.\n",
    })
    before = snapshot(tmp_path)
    result = run_cli("check", cwd=site)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert_no_traceback(result)
    find_message(result.stderr, "content/2018/storm.md", 3, "YAML")
    find_message(result.stderr, "content/2018/leap.md", 4, "not a real date")
    assert "2 error(s)" in result.stdout
    assert snapshot(tmp_path) == before
    assert not (site / "build").exists()


def test_check_good_content_with_editor_warnings(tmp_path):
    config = ("sources:\n  The Wire:\n    url: https://thewire.example/\n"
              "  Le Monde:\n    url: https://www.lemonde.fr/\n")
    site = make_site(tmp_path, {
        "2018/2018-03-28-copy-one.md": article("Copy one", date="2018-03-28", url="https://news.example/a"),
        "2018/2018-03-29-copy-two.md": article("Copy two", date="2018-03-29", url="https://news.example/a"),
        "2018/2018-03-30-gazette.md": article("Gazette", date="2018-03-30", source="Harbour Gazette"),
        "1700/1788-07-14-old.md": article("Old news", date="1788-07-14"),
    }, config=config)
    before = snapshot(tmp_path)
    result = run_cli("check", cwd=site)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert_no_traceback(result)
    assert snapshot(tmp_path) == before
    assert not (site / "build").exists()
    # the same text from the same source under one original url: a true duplicate, said of the second file
    message = find_message(result.stderr, "content/2018/2018-03-29-copy-two.md", None, "duplicate",
                           "https://news.example/a", "same text", warning=True)
    assert "copy-one.md" in message and message.endswith("; keep one")
    find_message(result.stderr, "newsarchive.yaml", None, "Harbour Gazette", "sources", warning=True)
    assert not [m for m in lines_of(result.stderr) if "'The Wire'" in m or "'Le Monde'" in m]
    find_message(result.stderr, "content/1700/1788-07-14-old.md", None, "1788-07-14", "1800", warning=True)
    assert "0 error(s)" in result.stdout


# ---------------------------------------------------------------- 20: interrupted builds


def test_stale_staging_folder_is_replaced(tmp_path):
    site = make_site(tmp_path, {})
    assert build(site).returncode == 0
    staging = site / ".build.staging"
    (staging / "2018").mkdir(parents=True)
    (staging / "junk.html").write_text("junk", encoding="utf-8")
    (staging / "2018" / "index.html").write_text("stale", encoding="utf-8")
    (site / "content" / "2018" / "2018-03-29-new.md").write_text(article("New one", date="2018-03-29"),
                                                                 encoding="utf-8")
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert not staging.exists()
    assert not (site / "build" / "junk.html").exists()
    assert "stale" not in (site / "build" / "2018" / "index.html").read_text(encoding="utf-8")
    assert "2018/03/29/new-one" in article_dirs(site / "build")
    assert sorted(p.name for p in site.iterdir()) == [".build.cache", "build", "content"]


def test_build_killed_between_the_two_renames_is_repaired(tmp_path):
    site = make_site(tmp_path, {})
    reference = make_site(tmp_path, {}, name="reference")
    assert build(site).returncode == 0
    assert build(reference).returncode == 0
    # killed after "output -> .build.old" and before "staging -> output": there is no build/ at all
    os.rename(site / "build", site / ".build.old")
    (site / ".build.staging").mkdir()
    (site / ".build.staging" / "half.html").write_text("half", encoding="utf-8")
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in site.iterdir()) == [".build.cache", "build", "content"]
    got = {k: v[0] for k, v in snapshot(site / "build").items()}
    want = {k: v[0] for k, v in snapshot(reference / "build").items()}
    assert got == want

    # the same, with nothing to stage but the old output (no staging folder left at all)
    os.rename(site / "build", site / ".build.old")
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in site.iterdir()) == [".build.cache", "build", "content"]
    assert {k: v[0] for k, v in snapshot(site / "build").items()} == want


# ---------------------------------------------------------------- the loader never raises (hypothesis)

KEYS = ["title", "date", "source", "language", "lang", "tags", "url", "author", "authors", "summary",
        "slug", "draft", "updated",
        # the generators' keys (Hugo, Jekyll, Pelican)
        "publishDate", "lastmod", "categories", "category", "excerpt", "description", "permalink", "layout",
        "published", "status", "params", "Title", "Date", "Tags"]
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=10), children, max_size=4), max_leaves=12)
FRONT_MATTER = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=15), VALUES, max_size=8)
PATHS = ["x/2018-01-02-a.md", "x/2018-01-02-a.txt", "_posts/2018-01-02-a.markdown"]


def check_loaded(result, path: str) -> None:
    article_or_none, problems = result
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) for p in problems)
    for problem in problems:
        assert problem.path == "content/" + path
        assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1)
        assert problem.message and "\n" not in problem.path
    if article_or_none is None:
        assert problems and any(p.is_error for p in problems)
    else:
        assert isinstance(article_or_none, Article)
        assert not any(p.is_error for p in problems)
        assert isinstance(article_or_none.title, str) and article_or_none.title
        assert SEGMENT.match(article_or_none.slug) and len(article_or_none.slug) <= 80


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("path", PATHS)
@FUZZ
@given(raw=st.binary(max_size=400))
def test_loader_never_raises_on_bytes(path, raw):
    check_loaded(load_article(raw, path, {}, LoadOptions()), path)


@pytest.mark.parametrize("path", PATHS)
@FUZZ
@given(text=st.text(max_size=400),
       fence=st.sampled_from(["", "---\n", "+++\n", "{", '{"', "Title: ", "Date: "]))
def test_loader_never_raises_on_text(path, text, fence):
    raw = (fence + text).encode("utf-8")  # YAML, TOML, JSON front matter, Pelican's metadata lines
    check_loaded(load_article(raw, path, {}, LoadOptions()), path)


@pytest.mark.parametrize("path", PATHS)
@FUZZ
@given(data=FRONT_MATTER, body=st.text(max_size=200), unicode=st.booleans())
def test_loader_never_raises_on_front_matter(path, data, body, unicode):
    dumped = yaml.safe_dump(data, allow_unicode=unicode, sort_keys=False)
    raw = ("---\n" + dumped + "---\n" + body).encode("utf-8")
    check_loaded(load_article(raw, path, {}, LoadOptions()), path)
