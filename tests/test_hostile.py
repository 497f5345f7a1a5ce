"""Hostile and odd input, round two: one row per case in a table, each built in-process as a real site
(the bad file beside good articles), with the messages a user reads and the pages a reader gets.

Each row says what a careless or hostile editor wrote, whether the build must succeed, the problems it
must report (``path:line: ...`` as printed), and what the built pages must and must not contain.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import article, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.build import BuildOptions, build
from newsarchive.content.frontmatter import FrontMatterError, split
from newsarchive.errors import BuildFailed

GOOD = {
    "2018/2018-03-26-harbour-reopens.md": article("Harbour reopens", date="2018-03-26", source="The Wire",
                                                  body="The harbour reopened on Monday."),
}
ARTICLE = "2018/03/20/{}/index.html"


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]
    ok: bool = True  # the build succeeds (errors stop it)
    messages: tuple[str, ...] = ()  # each is the start of one printed problem line
    pages: dict[str, tuple[str, ...]] = field(default_factory=dict)  # output file -> what it must contain
    absent: dict[str, tuple[str, ...]] = field(default_factory=dict)  # output file -> what it must not
    config: str | None = None
    future: bool = False
    seconds: float = 20.0  # hostile structure must not make the build slow
    not_messages: tuple[str, ...] = ()  # no printed problem starts with these


def _bomb(where: str) -> str:
    lines = [f'{where}a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{where}{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines)


CASES = [
    # ---- values silently changed (YAML 1.1) ----
    Case("yaml-1.1-sexagesimal-and-octal", {
        "2018/score.md": "---\ntitle: 2:1\ndate: 2018-03-20\nsource: 010\ntags: [12:30, 0x1F, yes]\n"
                         "author: 1.50\nslug: 0x1F\n---\nThe final score.\n"},
        pages={"2018/03/20/0x1f/index.html": ("<h1>2:1</h1>", ">010<", ">12:30<", ">0x1F<", ">yes<",
                                              "1.50")}),
    Case("yaml-1.2-keeps-true-and-numbers-in-extra-keys", {
        "2018/flags.md": "---\ntitle: Flags\ndate: 2018-03-20\nsource: The Wire\ndraft: false\n---\nText.\n"},
        pages={ARTICLE.format("flags"): ("<h1>Flags</h1>",)}),
    Case("yaml-1.1-yes-is-not-a-boolean", {
        "2018/yes.md": "---\ntitle: Yes\ndate: 2018-03-20\nsource: The Wire\ndraft: yes\n---\nText.\n"},
        ok=False, messages=("content/2018/yes.md:5: 'draft' must be true or false",)),
    Case("title-given-twice", {
        "2018/twice.md": "---\ntitle: First title\ndate: 2018-03-20\nsource: The Wire\ntitle: Second title\n"
                         "---\nText.\n"},
        messages=(("content/2018/twice.md:5: warning: 'title' is given twice, on lines 2 and 5; the value on "
                   "line 5 is used; remove one of them"),),
        pages={ARTICLE.format("second-title"): ("<h1>Second title</h1>",)}),
    Case("config-key-given-twice", {}, config="title: One\nper_page: 5\ntitle: Two\n",
         messages=("newsarchive.yaml:3: warning: 'title' is given twice, on lines 1 and 3",),
         pages={"index.html": ("Two",)}),
    # ---- nothing hangs, nothing blows up ----
    Case("alias-bomb-in-an-extra-key", {
        "2018/bomb.md": "---\ntitle: Bomb\ndate: 2018-03-20\nsource: The Wire\nextra:\n" + _bomb("  ")
                        + "\n---\nText.\n"},
        ok=False,
        messages=("content/2018/bomb.md:", "uses aliases (*name) that expand to more than 100,000")),
    Case("alias-bomb-in-folder-defaults", {
        "2018/_defaults.yaml": _bomb("") + "\n",
        "2018/a.md": article("A", date="2018-03-20")},
        ok=False, messages=("content/2018/_defaults.yaml:", "expand to more than 100,000 values")),
    Case("alias-inside-itself", {
        "2018/self.md": ("---\ntitle: Self\ndate: 2018-03-20\nsource: The Wire\nloop: &x [1, *x]\n"
                         "---\nText.\n")},
        ok=False, messages=("content/2018/self.md:",)),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
@pytest.mark.parametrize("name", ["content/2018/pipe.md", "content/2018/_defaults.yaml", "newsarchive.yaml",
                                  "templates/article.html"])
def test_a_named_pipe_never_hangs_the_build(tmp_path: Path, name: str):
    site = write_site(tmp_path / "site", GOOD)
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(site / name)
    started = time.perf_counter()
    try:
        result = build(site, BuildOptions(output=tmp_path / "out", search=False, jobs=1))
        printed = [p.format() for p in result.problems]
    except BuildFailed as failed:
        printed = [p.format() for p in failed.problems]
    assert time.perf_counter() - started < 20
    if name.startswith("content/"):
        assert (f"{name}: warning: is not a regular file (a named pipe, a socket or a device); "
                "it is skipped; replace it with an ordinary file, or remove it") in printed
    elif name == "newsarchive.yaml":
        assert "newsarchive.yaml: is not a regular file; replace it with a text file holding the " \
               "configuration" in printed


# ---- the reading of scalars, over arbitrary text ----

_PLAIN = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                 max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_PLAIN, st.from_regex(r"[-+]?[0-9_:.xXoObB]{1,12}", fullmatch=True),
                 st.sampled_from(["yes", "no", "on", "off", "y", "n", "~", "null", "1e3", ".5", "0o17",
                                  "0x1F", "2:1", "12:30", "010", "1_000", ".inf", "-.inf", ".nan", "True",
                                  "FALSE"])))
def test_a_text_key_is_kept_as_written(value: str):
    """A title written unquoted is the title as written, or (when YAML cannot read it plain) an error
    with a line: never another value."""
    text = f"---\ntitle: {value}\nsource: [{value}]\n---\n"
    try:
        parts = split(text)
    except FrontMatterError as exc:
        assert exc.line is not None
        return
    if value.strip() in ("~", "null", "Null", "NULL", ""):
        assert parts.data["title"] is None
        return
    if isinstance(parts.data["title"], str) and parts.data["title"] == parts.data["title"].strip(" \t"):
        written = value.strip(" \t")  # YAML's own spaces; a no-break space is text
        if not written.startswith(("'", '"', "[", "{", "!", "&", "*", "|", ">", "#", "%", "@", "`")):
            assert parts.data["title"] == written


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["7", "-7", "+7", "010", "0o17", "0x1F", "1.5", "-2.50", "1e3", "true", "False",
                        "null"]))
def test_other_keys_read_by_yaml_1_2_core_rules(value: str):
    expected = {"7": 7, "-7": -7, "+7": 7, "010": 10, "0o17": 15, "0x1F": 31, "1.5": 1.5, "-2.50": -2.5,
                "1e3": 1000.0, "true": True, "False": False, "null": None}[value]
    assert split(f"---\ncount: {value}\n---\n").data["count"] == expected


# ---- user errors that used to be reported as internal errors ----

def _template(body: str) -> dict[str, str]:
    return {"../templates/article.html": body}


CASES += [
    Case("date-9999-12-31-with-future", {
        "2018/far.md": article("Far", date="9999-12-31", body="The last day.")}, future=True,
        pages={"9999/12/31/far/index.html": ("<h1>Far</h1>",), "9999/index.html": ("9999",)}),
    Case("dates-ten-thousand-years-apart", {
        "2018/far.md": article("Far", date="9999-12-31"),
        "2018/early.md": article("Early", date="0001-01-01")},
        future=True, seconds=10,
        pages={"sources/the-wire/index.html": ('href="../../0001/"', 'href="../../9999/"')}),
    Case("template-divides-by-zero", _template(
        '{% extends "base.html" %}{% block main %}\n<p>x</p>\n{{ 1/0 }}{% endblock %}'), ok=False,
        messages=(("templates/article.html:3: template error: division by zero (ZeroDivisionError); fix the "
                  "template"),)),
    Case("template-wrong-type", _template('{% extends "base.html" %}{% block main %}\n{{ article.title + 1 }}'
                                          '{% endblock %}'), ok=False,
         messages=("templates/article.html:2: template error: can only concatenate str",)),
    Case("template-includes-itself", _template('{% include "article.html" %}'), ok=False,
         messages=("templates/article.html:1: template error: the template includes or extends itself",)),
    Case("asset-in-the-search-index-folder", {"pagefind/pagefind.js": "alert(1)", "pagefind/x.png": "png"},
         messages=(("content/pagefind/pagefind.js: warning: the folder pagefind/ of the output holds "
                    "the search index; this file is not copied; move it to another folder"),),
         absent={"index.html": ("pagefind/x.png",)}),
    Case("defaults-misspelt", {"2018/_defaults.yml": "source: Misspelt\n"},
         messages=(("content/2018/_defaults.yml: warning: is not read: folder defaults must be named "
                   "_defaults.yaml; it is not published either; rename it to _defaults.yaml"),)),
]


def test_misspelt_defaults_and_search_folder_are_not_published(tmp_path: Path):
    site = write_site(tmp_path / "site", {**GOOD, "2018/_defaults.yml": "source: X\n", "pagefind/x.png": "p"})
    build(site, BuildOptions(output=tmp_path / "out", search=False, jobs=1))
    assert not (tmp_path / "out/2018/_defaults.yml").exists()
    assert not (tmp_path / "out/pagefind/x.png").exists()


def _mount_tmpfs(where: Path, options: str) -> bool:
    import subprocess

    where.mkdir(parents=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True,
                          check=False)
    return done.returncode == 0


@pytest.mark.parametrize(("options", "said"), [
    ("size=40k", "no space left on device; free some space on that disk, or build elsewhere with -o"),
    ("size=1m,ro", "read-only file system; that disk is mounted read-only; build elsewhere with -o"),
])
def test_a_full_or_read_only_disk_is_said_plainly(tmp_path: Path, options: str, said: str):
    import subprocess

    from conftest import run_cli

    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, options):
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    try:
        site = write_site(tmp_path / "site", GOOD)
        result = run_cli("build", "--no-search", "-o", str(disk / "out"), cwd=site)
        assert result.returncode == 2, result.stderr
        assert "Internal error" not in result.stderr and "Traceback" not in result.stderr
        line = result.stderr.strip().splitlines()[-1]
        assert line.startswith("Error: cannot write "), line
        assert said in line and line.endswith("(nothing was changed in the previous output)"), line
        assert ".staging" not in line
    finally:
        subprocess.run(["umount", str(disk)], check=False)


CASES += [
    Case("template-syntax-in-content-is-text", {
        "2018/jinja.md": "---\ntitle: \"{{ cycler.__init__.__globals__.os.getcwd() }}\"\ndate: 2018-03-20\n"
                         "source: \"{% raw %}x\"\nslug: jinja\n---\n"
                         "{{ 7 * 7 }} and {% for x in range(3) %}y{% endfor %}\n"},
        pages={ARTICLE.format("jinja"): ("<h1>{{ cycler.__init__.__globals__.os.getcwd() }}</h1>",
                                         "{{ 7 * 7 }} and {% for x in range(3) %}y{% endfor %}",
                                         "{% raw %}x")},
        absent={ARTICLE.format("jinja"): ("49 and", "yyy")}),
]


# ---- metadata that would reverse a line, or show nothing ----

CASES += [
    Case("right-to-left-override-in-title-source-author", {
        "2018/rlo.md": "---\ntitle: \"Harbour \u202egnissolc\"\ndate: 2018-03-20\n"
                       "source: \"The \u202eWire\"\nauthor: \"Ada \u2067Pennick\"\nslug: rlo\n---\nText.\n"},
        messages=("content/2018/rlo.md:2: warning: 'title' holds a text-direction control (U+202E)",
                  "content/2018/rlo.md:4: warning: 'source' holds a text-direction control (U+202E)",
                  ("content/2018/rlo.md:5: warning: item 1 of 'author' holds a text-direction control "
                   "(U+2067)")),
        pages={ARTICLE.format("rlo"): ("<h1>Harbour gnissolc</h1>", "<title>Harbour gnissolc")},
        absent={ARTICLE.format("rlo"): ("\u202e", "\u2067")}),
    Case("invisible-title", {
        "2018/2018-03-20-harbour-notes.md": ("---\ntitle: \"\u200b\u200b\"\ndate: 2018-03-20\n"
                                             "source: The Wire\n---\nText.\n")},
        messages=(("content/2018/2018-03-20-harbour-notes.md:2: warning: 'title' has no visible character "
                  "(only U+200B zero width space); it is ignored"),),
        pages={ARTICLE.format("harbour-notes"): ("<h1>Harbour notes</h1>",)}),
    Case("control-characters-in-the-text", {
        "2018/ff.md": "---\ntitle: Pages\ndate: 2018-03-20\nsource: The Wire\nslug: ff\n---\nPage one.\n"
                      "\x0cPage two.\x01\x1b[31m red\n"},
        messages=(("content/2018/ff.md:8: warning: the text holds U+000C (form feed) "
                   "and 2 more such character(s)"),),
        pages={ARTICLE.format("ff"): ("Page two.[31m red",)}),
]


CASES += [
    Case("bad-value-in-folder-defaults", {
        "2018/_defaults.yaml": ("# the wire's articles\nsource: The Wire\ndate: 2018-02-30\n"
                                "language: english\ntags: [port, [a, b]]\n"),
        "2018/2018-03-20-a.md": "---\ntitle: A\n---\nText.\n",
        "2018/2018-03-21-b.md": "---\ntitle: B\n---\nText.\n"},
        ok=False,
        messages=("content/2018/_defaults.yaml:3: 'date': '2018-02-30' is not a real date",
                  "content/2018/_defaults.yaml:4: warning: 'english' is not a valid BCP 47 language tag",
                  "content/2018/_defaults.yaml:5: item 2 of 'tags' must be text"),
        # said once, not per article
        not_messages=("content/2018/2018-03-20-a.md", "content/2018/2018-03-21-b.md")),
]


CASES += [
    Case("heading-under-a-title", {
        "2018/h1.md": "---\ntitle: Storm report\ndate: 2018-03-20\nsource: The Wire\nslug: h1\n---\n"
                      "# Storm report\n\nText.\n\n## Damage\n\nMore.\n\n<h1>Raw</h1>\n"},
        pages={ARTICLE.format("h1"): ("<h1>Storm report</h1>", "<h2>Storm report</h2>", "<h3>Damage</h3>",
                                      "<h2>Raw</h2>")},
        absent={ARTICLE.format("h1"): ("<h1>Raw", "<h2>Damage")}),
]


# ---- a source's name on its own calendar pages (pages.listing.source_date_pages) ----

CASES += [
    Case("markup-and-paths-in-source-names-on-their-calendar", {
        "2018/s1.md": "---\ntitle: One\ndate: 2018-03-20\nsource: \"<script>alert(1)</script> Gazette\"\n"
                      "slug: s1\n---\nText.\n",
        "2018/s2.md": "---\ntitle: Two\ndate: 2018-03-21\nsource: \"../../Wire\"\nslug: s2\n---\nText.\n",
        "2018/s3.md": "---\ntitle: Three\ndate: 2018-04-02\nsource: 'ميناء \"الرأس\" <b>'\nslug: s3\n---\n"
                      "نص.\n"},
        pages={"sources/script-alert-1-script-gazette/2018/index.html": (
                   "<bdi>&lt;script&gt;alert(1)&lt;/script&gt; Gazette</bdi>",),
               "sources/wire/2018/index.html": ("<bdi>../../Wire</bdi>", 'href="#month-03"'),
               "sources/ميناء-الرأس-b/2018/index.html": ("<bdi>ميناء &#34;الرأس&#34; &lt;b&gt;</bdi>",)},
        absent={"sources/script-alert-1-script-gazette/2018/index.html": ("<script>alert",),
                "sources/ميناء-الرأس-b/2018/index.html": ("<b>",)}),
]


# ---- the table, run ----

def _build(tmp_path: Path, case: Case):
    files = {**GOOD, **case.files}
    site = write_site(tmp_path / "site", files, case.config)
    output = tmp_path / "out"
    options = BuildOptions(output=output, search=False, jobs=1, future=case.future)
    started = time.perf_counter()
    try:
        result = build(site, options)
        problems, ok = result.problems, True
    except BuildFailed as failed:
        problems, ok = failed.problems, False
    return output, [p.format() for p in problems], ok, time.perf_counter() - started


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(tmp_path: Path, case: Case):
    output, printed, ok, seconds = _build(tmp_path, case)
    for unwanted in case.not_messages:
        assert not any(line.startswith(unwanted) for line in printed), (unwanted, printed)
    assert ok == case.ok, printed
    for expected in case.messages:
        assert any(line.startswith(expected) or expected in line for line in printed), (expected, printed)
    for rel, wanted in case.pages.items():
        text = (output / rel).read_text(encoding="utf-8")
        for piece in wanted:
            assert piece in text, (rel, piece)
    for page in output.glob("[0-9]*/[0-9]*/[0-9]*/*/index.html") if case.ok else ():  # every article page
        assert page.read_text(encoding="utf-8").count("<h1") == 1, page  # has one <h1>: its title
    for rel, unwanted in case.absent.items():
        text = (output / rel).read_text(encoding="utf-8")
        for piece in unwanted:
            assert piece not in text, (rel, piece)
    assert seconds < case.seconds


# ---- every XML output well-formed, feed content resolvable ----

def _feed_and_sitemap(output: Path) -> list[Path]:
    return sorted(output.rglob("*.xml"))


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=200))
def test_every_xml_output_is_well_formed_whatever_the_text(tmp_path_factory, title: str, body: str):
    import json
    import xml.etree.ElementTree as ET

    root = tmp_path_factory.mktemp("xml")
    # JSON is valid YAML: every character (controls, surrogates, NUL) reaches the title as an escape
    head = f"---\ntitle: {json.dumps(title)}\ndate: 2018-03-20\nsource: {json.dumps(title)}\n---\n"
    files = {**GOOD, "2018/x.md": head.encode("utf-8", "surrogatepass")
             + body.encode("utf-8", "surrogatepass").replace(b"\x00", b"")}
    site = write_site(root / "site", files, "base_url: https://example.org/archive/\n")
    try:
        build(site, BuildOptions(output=root / "out", search=False, jobs=1))
    except BuildFailed as failed:  # a file that is not UTF-8 or not YAML is reported, never published
        assert all(p.line is not None or "UTF-8" in p.message for p in failed.problems if p.is_error)
        return
    xml_files = _feed_and_sitemap(root / "out")
    assert len(xml_files) >= 3
    for path in xml_files:
        ET.parse(path)  # raises on anything a feed reader would reject


_NEAR_FORBIDDEN = st.sampled_from(list("\x00\x01\x08\t\n\x0b\x0c\r\x1b\x1f \x7f\x85"
                                       "\ufffd\uffbf\uffc0\ufffe\uffff\ud800\udfffaé\u0634😀"))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_NEAR_FORBIDDEN, st.characters()), max_size=30).map("".join))
def test_a_page_s_bytes_drop_what_xml_forbids_whatever_the_text(text: str):
    """Pages are checked for forbidden characters on their UTF-8 bytes (the fast way); it must say what
    the character rules say, next to U+FFFD and the other specials that share U+FFFE's first bytes."""
    from newsarchive import characters

    data = characters.output_bytes(text)
    assert data == characters.for_output(text).encode("utf-8")
    assert characters.FORBIDDEN.search(data.decode("utf-8")) is None


def test_feed_content_resolves_against_the_article_page(tmp_path: Path):
    import xml.etree.ElementTree as ET
    from urllib.parse import urljoin

    files = {"2018/03/storm.md": article("Storm", date="2018-03-26",
                                         body="![Map](map.png)\n\nText.\x0c More."),
             "2018/03/map.png": b"\x89PNG\r\n"}
    for base, expect in (("https://example.org/archive/", "https://example.org/archive/2018/03/map.png"),
                         (None, "/2018/03/map.png")):
        site = write_site(tmp_path / f"site{bool(base)}", files, f"base_url: {base}\n" if base else None)
        output = tmp_path / f"out{bool(base)}"
        build(site, BuildOptions(output=output, search=False, jobs=1))
        for feed, feed_url in ((output / "feed.xml", (base or "/") + "feed.xml"),
                               (output / "sources/the-wire/feed.xml",
                                (base or "/") + "sources/the-wire/feed.xml")):
            tree = ET.parse(feed)
            content = tree.find(".//{http://www.w3.org/2005/Atom}content")
            xml_base = urljoin(feed_url, content.get("{http://www.w3.org/XML/1998/namespace}base"))
            src = content.text.split('src="', 1)[1].split('"', 1)[0]
            assert urljoin(xml_base, src) == expect, (feed, xml_base, src)
            assert "\x0c" not in content.text and "Text.  More." in content.text


def test_terminal_escapes_in_file_names_are_shown_not_run(tmp_path: Path):
    from conftest import run_cli

    name = "2018/\x1b[2J\x1b[31mred.md"
    site = write_site(tmp_path / "site", {**GOOD, name: "---\ntitle: [a, b]\n---\n"})
    result = run_cli("build", "--no-search", cwd=site)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr
    assert "content/2018/\\x1b[2J\\x1b[31mred.md:2: 'title' must be text" in result.stderr


def test_source_date_epoch_set_back_unpublishes_future_articles(tmp_path: Path):
    from conftest import run_cli

    site = write_site(tmp_path / "site", {**GOOD, "2020/later.md": article("Later", date="2020-06-01")})
    after, before = str(1_600_000_000), str(1_500_000_000)  # 2020-09-13, 2017-07-14
    first = run_cli("build", "--no-search", cwd=site, env={"SOURCE_DATE_EPOCH": after})
    assert first.returncode == 0 and (site / "build/2020/06/01/later/index.html").is_file()
    again = run_cli("build", "--no-search", cwd=site, env={"SOURCE_DATE_EPOCH": before})
    assert again.returncode == 0 and "nothing changed" not in again.stdout
    assert not (site / "build/2020/06/01/later/index.html").exists()


@pytest.mark.parametrize(("base_url", "said"), [
    ("https://example.org/archive/?ref=x", "has a query"),
    ("https://example.org/archive/#top", "has a fragment"),
    ("https:///archive/", "has no host name"),
    ("https://example.org/my archive/", "holds spaces"),
])
def test_a_base_url_that_cannot_prefix_every_address_is_refused(tmp_path: Path, base_url: str, said: str):
    from newsarchive.config import load_config

    site = write_site(tmp_path / "site", GOOD, f"base_url: '{base_url}'\n")
    config, problems = load_config(site)
    assert config.base_url in (None, "")
    assert next(p.format() for p in problems).startswith(f"newsarchive.yaml:1: 'base_url' {said}")


def test_a_refused_output_leaves_nothing_beside_it(tmp_path: Path):
    from conftest import run_cli

    site = write_site(tmp_path / "site", GOOD)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("build", "--no-search", "-o", str(theirs), cwd=site)
    assert result.returncode == 2 and "was not made by newsarchive" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "theirs"]


@pytest.mark.parametrize("marker", ["*", "_"])
def test_deeply_nested_emphasis_renders_in_linear_time(tmp_path: Path, marker: str):
    from newsarchive.content import markup

    nested = f"{marker}a " * 40_000 + "b" + f" a{marker}" * 40_000  # 240 KB
    started = time.perf_counter()
    html, _title = markup.render_markdown(nested, "2018", want_title=True)
    assert time.perf_counter() - started < 12  # 19 s before, quadratic; about 2 s now
    assert html.count("<em>") == 40_000
    small = f"{marker}a " * 300 + "b" + f" a{marker}" * 300  # the fast engine, the same HTML
    assert markup.render_markdown(small, "2018", False)[0] == markup.markdown().render(small)


@pytest.mark.parametrize(("line", "said"), [
    ('{"title": "Cut \\ud83d emoji", "date": "2018-03-01", "text": "x"}',
     "w.jsonl:1: holds the escape \\ud83d, half of a character (a lone surrogate)"),
    ('{"title": "x", "date": "2018-03-01", "tags": ' + "[" * 50_000 + "]" * 50_000 + "}",
     "w.jsonl:1: the JSON is nested too deeply to be a record"),
])
def test_an_import_reports_a_record_no_file_can_hold_and_imports_the_rest(tmp_path: Path, line: str,
                                                                          said: str):
    from conftest import run_cli

    site = write_site(tmp_path / "site", {})
    good = '{"title": "Whole emoji \\ud83d\\ude00 kept", "date": "2018-03-02", "text": "Text."}'
    (site / "w.jsonl").write_text(line + "\n" + good + "\n", encoding="utf-8")
    result = run_cli("import", "w.jsonl", cwd=site)
    assert result.returncode == 1 and "Internal error" not in result.stderr, result.stderr
    assert said in result.stderr
    written = [p for p in (site / "content").rglob("*.txt")]
    assert len(written) == 1 and "Whole emoji \U0001F600 kept" in written[0].read_text(encoding="utf-8")
