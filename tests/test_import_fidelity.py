"""Import keeps exactly what it was given: paragraphs, where each article came from, one article per story
(whatever tracking parameters its links carry), feeds' relative links, and problems said once. Driven as an
editor would: ``newsarchive import`` into a site, then the written files, the built pages and the messages.
The fixtures (tests/fixtures/import/exports, feeds, pages) are our own fictional news."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, article, run_cli, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.content.frontmatter import split
from newsarchive.content.markup import paragraphs, render_text

FIXTURES = REPO / "tests/fixtures/import"
ARABIC = "content/2018/03/2018-03-22-mjls-lbldy-ywfq-l-twsy-lrsyf-lshmly.txt"
ENGLISH = "content/2018/03/2018-03-27-ferry-company-launches-its-ticketing-app.txt"
FRENCH = "content/2018/03/2018-03-27-le-quai-des-pecheurs-ferme-tout-l-ete-pour-travaux.txt"
WRAPPED = "content/2018/11/2018-11-05-lifeboat-station-to-close-for-six-weeks.txt"


def _import(site: Path, name: str, *extra: str):
    return run_cli("import", name, "--site", str(site), *extra, cwd=FIXTURES)


def _body(site: Path, day: str, slug: str) -> list[str]:
    """The paragraphs of a built article page, as a reader sees them."""
    page = (site / "build" / day / slug / "index.html").read_text(encoding="utf-8")
    body = page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    return re.findall(r"<p>(.*?)</p>", body, re.DOTALL)


def _front(site: Path, rel: str) -> dict:
    return split((site / rel).read_text(encoding="utf-8")).data


def test_single_newline_paragraphs_are_kept_from_export_to_page(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    done = _import(site, "exports/wire-export.jsonl")
    assert done.returncode == 0, done.stderr
    # the file an editor opens reads as it is shown: one blank line between paragraphs
    arabic = (site / ARABIC).read_text(encoding="utf-8").split("---\n", 2)[2]
    assert arabic.count("\n\n") == 19 and "\n\n\n" not in arabic
    assert run_cli("build", cwd=site).returncode == 0
    shown = _body(site, "2018/03/22", "مجلس-البلدية-يوافق-على-توسيع-الرصيف-الشمالي")  # slugs: auto
    assert len(shown) == 20
    assert shown[0] == "بقلم: سامي الحداد، مراسل الواحة في الميناء"  # the byline is not run into the text
    assert shown[1].startswith("وافق المجلس البلدي مساء أمس")
    english = _body(site, "2018/03/27", "ferry-company-launches-its-ticketing-app")
    assert english[0] == "By Calvin Rodo, Chief Technology Officer"
    assert english[1].startswith("The ferry company launched its ticketing app on Tuesday")
    assert len(english) == 5
    french = _body(site, "2018/03/27", "le-quai-des-pecheurs-ferme-tout-l-ete-pour-travaux")
    assert french[0] == "Par Jeanne Morvan, correspondante à Brest" and len(french) == 4
    # genuinely hard-wrapped text still reflows: two paragraphs, not seven lines
    wrapped = _body(site, "2018/11/05", "lifeboat-station-to-close-for-six-weeks")
    assert wrapped == [
        ("The lifeboat station at the point will close for six weeks this winter "
        "while its slipway is rebuilt, the coastguard said on Monday. "
        "Crews will launch from the harbour instead, which adds about ten "
        "minutes to a call-out to the rocks."),
        "The station was built in 1931 and its slipway has not been replaced since the 1970s.",
    ]


def test_a_txt_file_with_single_newline_paragraphs_in_content(tmp_path: Path):
    text = ("---\ntitle: Le port en chiffres\ndate: 2018-03-26\nsource: Le Courrier du Littoral\n---\n"
            "Par Claire Le Goff, journaliste\n"
            "Le port a accueilli 412 escales l'an dernier, soit trente de plus qu'en 2016.\n"
            "Les ferries représentent à eux seuls la moitié du trafic.\n"
            "Le nombre de passagers, lui, a baissé de deux pour cent.\n")
    site = write_site(tmp_path / "site", {"2018/2018-03-26-le-port-en-chiffres.txt": text})
    assert run_cli("build", cwd=site).returncode == 0
    assert _body(site, "2018/03/26", "le-port-en-chiffres") == [
        "Par Claire Le Goff, journaliste",
        "Le port a accueilli 412 escales l'an dernier, soit trente de plus qu'en 2016.",
        "Les ferries représentent à eux seuls la moitié du trafic.",
        "Le nombre de passagers, lui, a baissé de deux pour cent.",
    ]


def test_the_paragraph_rule():
    # one paragraph per line when the lines are sentences, however short
    assert paragraphs("The quay is closed.\nBoats use the south pier.\nIt reopens in May.") == [
        "The quay is closed.", "Boats use the south pier.", "It reopens in May."]
    # long lines are paragraphs even without a full stop (a scraped export)
    long_line = "word " * 30
    assert paragraphs(f"{long_line}\n{long_line}") == [long_line.strip(), long_line.strip()]
    # hard-wrapped: short lines, most not ending a sentence
    assert paragraphs("The council met on\nMonday to discuss the\nharbour. It agreed.") == [
        "The council met on Monday to discuss the harbour. It agreed."]
    # a byline heading a hard-wrapped block keeps its own paragraph; "By Monday" is not a byline
    assert paragraphs("By Ada Pennick, Harbour Reporter\nThe council met on\nMonday.") == [
        "By Ada Pennick, Harbour Reporter", "The council met on Monday."]
    assert paragraphs("By Monday, the quay had\nbeen cleared.") == ["By Monday, the quay had been cleared."]
    assert render_text("a < b\nc & d.") == "<p>a &lt; b c &amp; d.</p>\n"


_LINE = st.text(alphabet=st.sampled_from(list("abc XYZ.,:!?»”\"-éعربي؟。\t")), max_size=140)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=12), st.lists(st.sampled_from(["\n", "\n\n", "\n \n", "\r\n"]), max_size=12))
def test_no_text_is_lost(lines: list[str], breaks: list[str]):
    text = "".join(line + (breaks[i] if i < len(breaks) else "\n") for i, line in enumerate(lines))
    found = paragraphs(text.replace("\r\n", "\n"))
    assert "".join("".join(found).split()) == "".join(text.split())  # every character, in order
    assert all(p and "\n" not in p and p == p.strip() for p in found)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("abcdefgh ")), min_size=1, max_size=150)
                .map(lambda s: " ".join(s.split())).filter(bool), min_size=1, max_size=8))
def test_lines_that_are_sentences_are_paragraphs(sentences: list[str]):
    lines = [s + "." for s in sentences]
    assert paragraphs("\n".join(lines)) == lines


def test_provenance_is_written_and_the_original_page_is_kept_not_published(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    assert _import(site, "exports/wire-export.jsonl").returncode == 0
    assert _front(site, ENGLISH)["imported_from"] == {"file": "wire-export.jsonl", "record": "line 2"}
    assert _import(site, "feeds/ribeira-base.atom").returncode == 0
    feed_file = "content/2018/09/2018-09-24-mare-alta-invade-a-marginal.txt"
    assert _front(site, feed_file)["imported_from"] == {"file": "ribeira-base.atom", "record": "entry 1"}
    # the entry's text/plain content keeps its four paragraphs, its byline first
    assert (site / feed_file).read_text(encoding="utf-8").split("---\n", 2)[2].split("\n\n")[0] == \
        "Por Inês Valadares, repórter de cidade"
    assert (site / feed_file).read_text(encoding="utf-8").count("\n\n") == 3
    assert _import(site, "pages").returncode == 1  # one page has no date (see test_import_dates)
    rel = "content/2018/03/2018-03-22-ftth-swq-lsmk-ljdyd-fy-lmyn.md"
    kept = ".originals/2018-03-22-ftth-swq-lsmk-ljdyd-fy-lmyn.html"
    assert _front(site, rel)["imported_from"] == {"file": "pages/waha-arabic.html", "original": kept}
    original = site / "content/2018/03" / kept
    assert original.read_bytes() == (FIXTURES / "pages/waha-arabic.html").read_bytes()
    assert _import(site, "pages/waha-arabic.html").stdout.count("skipped: already in the archive") == 1
    built = run_cli("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert not [p for p in (site / "build").rglob("*") if ".originals" in p.parts or "cookie" in p.name]
    assert not [p for p in (site / "build").rglob("*.html") if "Este sítio utiliza cookies" in p.read_text()]


def test_the_same_story_by_another_link_is_skipped(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    done = _import(site, "exports/wire-export.jsonl")
    assert done.returncode == 0, done.stderr
    skipped = {line.split(": ")[0]: line for line in done.stdout.splitlines() if ": skipped: " in line}
    assert sorted(skipped) == ["exports/wire-export.jsonl:5", "exports/wire-export.jsonl:6"]
    # http, www., upper-case host, trailing slash, utm_*, fbclid, #fragment: the same url
    assert skipped["exports/wire-export.jsonl:5"].endswith(f"{ENGLISH} (same url)")
    # ?from=homepage, with the same title and day: the same article
    assert skipped["exports/wire-export.jsonl:6"].endswith(f"{ENGLISH} (same address, title and day)")
    # same address, other query, other title: two articles
    assert (site / "content/2018/03/2018-03-28-tide-tables-for-april.txt").exists()
    assert (site / "content/2018/04/2018-04-28-tide-tables-for-may.txt").exists()
    assert "Imported 6 articles" in done.stdout and "skipped 2 already in the archive" in done.stdout


def test_check_tells_a_duplicate_from_two_articles_sharing_a_title(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "2018/a.md": article("Ferry app launched", date="2018-03-27", source="Northern Wire",
                             url="https://northernwire.example/2018/03/27/ferry-app",
                             body="Tickets on phones."),
        "2018/b.md": article("Ferry app launched", date="2018-03-27", source="Northern Wire",
                             url="http://www.northernwire.example/2018/03/27/ferry-app/?utm_source=rss",
                             body="Tickets   on phones.\n"),
        "2018/c.md": article("Storm warning", date="2018-11-02", source="The Harbour Gazette",
                             body="Winds of 90 km/h tonight."),
        "2018/d.md": article("Storm warning", date="2018-11-02", source="The Harbour Gazette",
                             body="The quay cottages are being sandbagged."),
    })
    done = run_cli("check", cwd=site)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert ("content/2018/b.md: warning: duplicate: content/2018/b.md has the same text as content/2018/a.md "
            "(and the original url https://northernwire.example/2018/03/27/ferry-app); keep one") in lines
    assert ("content/2018/d.md: warning: two different articles share the title and day (2018-11-02): "
            "content/2018/c.md and content/2018/d.md have different words; give one a `slug:` (or a more "
            "precise title)") in lines
    assert not [line for line in lines if line.startswith(("content/2018/a.md", "content/2018/c.md"))
                and "duplicate" in line]


def test_relative_links_in_a_feed_are_resolved_against_the_feed(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    done = _import(site, "feeds/tooling-notes.rss")
    assert done.returncode == 0, done.stderr
    text = (site / "content/2018/12/2018-12-03-version-4-of-the-task-runner-is-out.md").read_text()
    data = split(text).data
    assert data["url"] == "https://tooling-notes.example/blog/2018/12/03/task-runner-4/"
    assert "(https://tooling-notes.example/docs/migrating/)" in text
    assert "(https://tooling-notes.example/blog/changelog.html)" in text
    assert "https://tooling-notes.example/media/2018/v4-graph.png" in text
    other_file = site / "content/2018/11/2018-11-20-why-we-dropped-the-plugin-registry.md"
    other = split(other_file.read_text()).data
    assert other["url"] == "https://tooling-notes.example/blog/2018/11/20/plugin-registry/"
    # xml:base wins over the feed's link
    assert _import(site, "feeds/ribeira-base.atom").returncode == 0
    atom = _front(site, "content/2018/09/2018-09-24-mare-alta-invade-a-marginal.txt")
    assert atom["url"] == "https://jornaldaribeira.example/cidade/mare-alta-marginal"


def test_a_problem_of_every_record_is_said_once_with_the_count(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    done = _import(site, "exports/agency-no-headline.csv")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        ("exports/agency-no-headline.csv: all 12 records: no column holds the headline; "
        "name it with --map title=COLUMN")]
    fixed = _import(site, "exports/agency-no-headline.csv", "--map", "title=hed", "--map", "text=story")
    assert fixed.returncode == 0, fixed.stderr
    assert "Imported 12 articles" in fixed.stdout


_WORDS = st.text(alphabet=st.sampled_from(list("abcXYZ éàçعربي .,!?:»“”\"'-\n\n\n\t")), min_size=1,
                 max_size=400)


@settings(max_examples=40, deadline=None)
@given(_WORDS)
def test_an_imported_text_loses_nothing(text: str):
    """Whatever a record's text, every non-space character of it is in the built page, in order."""
    import html
    import json
    import tempfile

    from newsarchive.importer import import_file

    with tempfile.TemporaryDirectory() as folder:
        site = write_site(Path(folder) / "site", {})
        export = Path(folder) / "export.jsonl"
        export.write_text(json.dumps({"title": "A story", "date": "2018-03-26", "source": "The Wire",
                                      "text": text}) + "\n", encoding="utf-8")
        report = import_file(export, site)
        written = list((site / "content").rglob("*.txt"))
        if not text.strip():
            return
        assert report.imported and len(written) == 1
        body = split(written[0].read_text(encoding="utf-8")).body
        shown = html.unescape(re.sub(r"</?p>", "", render_text(body)))
        assert "".join(shown.split()) == "".join(text.split())
