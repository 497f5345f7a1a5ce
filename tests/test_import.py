"""``newsarchive import``: JSON Lines, CSV, RSS/Atom and saved web pages, driven as an editor would, with
the fixtures of tests/fixtures/import/ (our own fictional news)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, article, run_cli, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.content.frontmatter import split
from newsarchive.errors import UsageError
from newsarchive.importer.records import ALIASES, FIELDS, parse_map, resolve_columns

FIXTURES = REPO / "tests/fixtures/import"

# What each fixture gives: {file written: (title, date, source, language, url)}
EXPECTED = {
    "wire.jsonl": {
        "2018/03/2018-03-20-ferry-fares-to-rise-by-five-percent-in-april.txt":
            ("Ferry fares to rise by five percent in April", "2018-03-20T10:00:00Z", "Northern Wire", "en",
             "https://northernwire.example/2018/03/20/ferry-fares"),
        "2018/03/2018-03-21-le-maire-demissionne-je-pars-la-tete-haute.md":
            ("Le maire démissionne: « Je pars la tête haute »", "2018-03-21", "Le Courrier du Littoral", "fr",
             "https://courrier-littoral.example/2018/03/21/maire"),
        "2018/03/2018-03-22-stql-ryys-lbldy-b-d-khlf-hwl-qd-lmyn.txt":
            ("استقالة رئيس البلدية بعد خلاف حول عقد الميناء", "2018-03-22 09:15:00 +0400", "Al-Waha Daily",
             "ar", None),
    },
    "gazette.csv": {
        "2018/04/2018-04-05-lifeboat-crew-rescues-two-kayakers-off-the-point.txt":
            ("Lifeboat crew rescues two kayakers off the point", "2018-04-05", "The Harbour Gazette", None,
             "https://harbour-gazette.example/2018/04/05/lifeboat"),
        "2018/06/2018-06-30-harbour-festival-tall-ships-return-bigger-than-ever.txt":
            ('Harbour festival: tall ships return, "bigger than ever"', "2018-06-30 18:00:00 +0100",
             "The Harbour Gazette", None, "https://harbour-gazette.example/2018/06/30/festival"),
        "2018/11/2018-11-02-quay-cottages-flooded-for-the-second-time-this-year.txt":
            ("Quay cottages flooded for the second time this year", "2018-11-02", "The Harbour Gazette", None,
             None),
    },
    "courrier.rss": {
        "2018/05/2018-05-14-greve-des-dockers-le-port-de-port-kervel-a-l-arret.md":
            ("Grève des dockers : le port de Port-Kervel à l'arrêt", "2018-05-14T08:30:00+02:00",
             "Le Courrier du Littoral", "fr", "https://courrier-littoral.example/2018/05/14/greve-dockers"),
        "2018/05/2018-05-15-le-ferry-pour-brest-annule-a-cause-du-vent.md":
            ("Le ferry pour Brest annulé à cause du vent", "2018-05-15T06:00:00+02:00",
             "Le Courrier du Littoral", "fr", "https://courrier-littoral.example/2018/05/15/ferry-annule"),
    },
    "valle.atom": {
        "2018/10/2018-10-20-cortada-la-carretera-del-puerto-de-valdelosa-por-la-nieve.md":
            ("Cortada la carretera del puerto de Valdelosa por la nieve", "2018-10-20T07:10:00+02:00",
             "El Diario del Valle", "es", "https://diariodelvalle.example/2018/10/20/nieve"),
    },
    "saved": {
        "2018/04/2018-04-02-dredging-of-the-harbour-channel-begins.md":
            ("Dredging of the harbour channel begins", "2018-04-02T09:30:00+01:00", "The Harbour Gazette",
             "en", "https://harbour-gazette.example/2018/04/02/dredging-begins"),
        "2018/10/2018-10-14-afluencia-record-en-la-feria-de-otono-de-valdelosa.md":
            ("Afluencia récord en la feria de otoño de Valdelosa", "2018-10-14", "El Diario del Valle", "es",
             "https://diariodelvalle.example/2018/10/14/feria-otono"),
    },
}
ARGS = {"gazette.csv": ("--map", "date=Published on", "--map", "text=Story",
                        "--source", "The Harbour Gazette")}


def _files(site: Path) -> dict[str, bytes]:
    """The article files (the originals kept in hidden .originals/ folders left out)."""
    return {p.relative_to(site / "content").as_posix(): p.read_bytes()
            for p in sorted((site / "content").rglob("*")) if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(site / "content").parts)}


def _import(site: Path, name: str, *extra: str):
    return run_cli("import", str(FIXTURES / name), "--site", str(site), *ARGS.get(name, ()), *extra, cwd=site)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_import_writes_the_expected_files_and_a_second_import_adds_nothing(tmp_path: Path, name: str):
    site = write_site(tmp_path / "site", {})
    done = _import(site, name)
    assert done.returncode == 0, done.stderr
    files = _files(site)
    assert sorted(files) == sorted(EXPECTED[name])
    for rel, (title, date, source, language, url) in EXPECTED[name].items():
        data = split(files[rel].decode()).data
        assert (data["title"], data["date"], data.get("source"), data.get("language"), data.get("url")) == \
            (title, date, source, language, url), rel
        if url is None:
            assert data["import_key"].startswith("sha256:")
    assert f"Imported {len(EXPECTED[name])} article" in done.stdout

    again = _import(site, name)
    assert again.returncode == 0, again.stderr
    assert "Imported 0 articles" in again.stdout
    assert again.stdout.count("skipped: already in the archive") >= len(EXPECTED[name])
    assert _files(site) == files

    built = run_cli("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert f"Built {len(EXPECTED[name])} article" in built.stdout


def test_bodies_html_becomes_sanitized_markdown_and_text_stays_text(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    assert _import(site, "wire.jsonl").returncode == 0
    files = _files(site)
    french = files["2018/03/2018-03-21-le-maire-demissionne-je-pars-la-tete-haute.md"].decode()
    assert french.endswith("---\nLe maire de Port-Kervel a **démissionné** mardi soir.\n\n"
                           "Une élection aura lieu en mai.\n")
    assert "script" not in french and "alert" not in french
    english = files["2018/03/2018-03-20-ferry-fares-to-rise-by-five-percent-in-april.txt"].decode()
    assert english.endswith("---\nThe ferry company said on Tuesday that fares would rise by five percent "
                            "from April.\n\nSeason tickets are not affected.\n")
    assert "tags: [ferry, prices]" in english
    # the web page keeps its text and links, and leaves out the menu, footer and script
    assert _import(site, "saved").returncode == 0
    page = _files(site)["2018/04/2018-04-02-dredging-of-the-harbour-channel-begins.md"].decode()
    assert "[tide tables](https://harbour-gazette.example/tides)" in page
    assert "- Work hours: 6am to 8pm" in page
    assert "Privacy" not in page and "tracking" not in page and "Sport" not in page
    assert "# Dredging" not in page  # the headline is the title, not repeated in the text


def test_bad_rows_are_reported_with_their_line_and_the_rest_is_imported(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    done = run_cli("import", "bad.csv", "--site", str(site), cwd=FIXTURES)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    hint = ("write it as YYYY-MM-DD (e.g. 2018-03-26), or with a time as 2018-03-26T18:45:00+03:00 or "
            "2018-03-26 18:45:00 +0300")
    assert done.stderr.splitlines() == [
        "bad.csv:3: no title: 'title' is empty; write the headline there",
        f"bad.csv:4: 'date': '2018-02-30' is not a real date (day is out of range for month); {hint}",
        # March 4 or April 3: never guessed
        f"bad.csv:5: 'date': '03/04/2018' is not a date I can read; {hint}",
        ("bad.csv:6: 'english' is not a valid BCP 47 language tag; "
         "write a BCP 47 code such as en, fr, ar, es "
         "or pt-BR (or leave it empty and give one for all rows with --lang)"),
        ("bad.csv:7: 'url' is not a web address: 'javascript:alert(1)'; "
         "write the original's address, starting with https://, or leave it empty"),
        "bad.csv:8: 7 values but the header has 6 columns; quote values that contain the delimiter",
    ]
    assert list(_files(site)) == ["2018/03/2018-03-26-a-good-row-among-bad-ones.txt"]
    assert ("Imported 1 article from bad.csv (csv); skipped 0 already in the archive; "
            "6 bad record(s).") in done.stdout

    lines = run_cli("import", "bad.jsonl", "--site", str(site), cwd=FIXTURES)
    assert lines.returncode == 1
    errors = lines.stderr.splitlines()
    assert [e.split(":")[1] for e in errors] == ["2", "3", "4"]
    assert errors[0].startswith("bad.jsonl:2: not valid JSON: Expecting value (column 34); "
                                "write one JSON object")
    assert errors[1].startswith("bad.jsonl:3: a JSON list, not an object")
    # the other records are dated by "date": this one is told it has none, not that no column holds it
    assert errors[2] == ("bad.jsonl:4: no date: this record has no 'date', which the other records are dated "
                         "by; write its date there (e.g. 2018-03-26), "
                         "or give every record without one a date with --date YYYY-MM-DD")
    assert "2018/03/2018-03-26-a-good-line.txt" in _files(site)


def test_an_article_written_by_hand_with_the_same_url_is_not_imported_again(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "mine.md": article(url="https://northernwire.example/2018/03/20/ferry-fares/", title="By hand")})
    done = _import(site, "wire.jsonl")
    assert done.returncode == 0
    assert "wire.jsonl:1: skipped: already in the archive: content/mine.md (same url)" in done.stdout
    assert len(_files(site)) == 3  # mine.md and the two others


def test_same_day_same_title_gets_a_numbered_file(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    source = tmp_path / "two.jsonl"
    source.write_text('{"title": "Storm", "date": "2018-03-26", "text": "One."}\n'
                      '{"title": "Storm", "date": "2018-03-26", "text": "Two."}\n')
    done = run_cli("import", str(source), "--site", str(site), "--lang", "en", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(_files(site)) == ["2018/03/2018-03-26-storm-2.txt", "2018/03/2018-03-26-storm.txt"]
    assert all("language: en" in text.decode() for text in _files(site).values())


def test_import_guesses_languages_when_the_config_says_so(tmp_path: Path):
    site = write_site(tmp_path / "site", {}, config="detect_language: true\n")
    source = tmp_path / "nolang.jsonl"
    source.write_text('{"title": "Cortada la carretera del puerto por la nieve", "date": "2018-10-20", '
                      '"text": "La nieve obligó a cortar la carretera del puerto '
                      'a primera hora de la mañana."}\n',
                      encoding="utf-8")
    done = run_cli("import", str(source), "--site", str(site), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 language(s) detected" in done.stdout
    (text,) = _files(site).values()
    assert split(text.decode()).data["language"] == "es"


@pytest.mark.parametrize("args, message", [
    (("--map", "titel=Headline"), "--map 'titel=Headline': unknown field 'titel'; did you mean 'title'?"),
    (("--map", "title"), "--map 'title' is not field=column"),
    (("--map", "title=Nope"), "--map title=Nope: there is no column 'Nope'; the columns are: 'Headline',"),
    (("--lang", "english"), "--lang: 'english' is not a valid BCP 47 language tag"),
])
def test_usage_errors_stop_before_anything_is_written(tmp_path: Path, args, message):
    site = write_site(tmp_path / "site", {})
    done = run_cli("import", str(FIXTURES / "gazette.csv"), "--site", str(site), *args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr, done.stderr
    assert _files(site) == {}


def test_files_that_cannot_be_imported(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    missing = run_cli("import", "nope.csv", "--site", str(site), cwd=tmp_path)
    assert missing.returncode == 2 and "nope.csv: no such file or folder" in missing.stderr
    array = tmp_path / "a.json"
    array.write_text('[{"title": "x"}]')
    done = run_cli("import", str(array), "--site", str(site), cwd=tmp_path)
    assert done.returncode == 2 and "a JSON array, not JSON Lines" in done.stderr
    notfeed = tmp_path / "x.xml"
    notfeed.write_text("<html><body>hello</body></html>")
    done = run_cli("import", str(notfeed), "--site", str(site), cwd=tmp_path)
    assert done.returncode == 2 and "not an RSS or Atom feed" in done.stderr
    latin = tmp_path / "l.csv"
    latin.write_bytes(b"title,date\ncaf\xe9,2018-03-26\n")
    done = run_cli("import", str(latin), "--site", str(site), cwd=tmp_path)
    assert done.returncode == 2 and "l.csv:2: the file is not UTF-8 text" in done.stderr
    # a copy of the fixture read by its content, whatever its name
    copy = tmp_path / "export.data"
    shutil.copy(FIXTURES / "courrier.rss", copy)
    done = run_cli("import", str(copy), "--site", str(site), cwd=tmp_path)
    assert done.returncode == 0 and "(feed)" in done.stdout


# ---- the --map parser and the column mapping

_column = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda c: c == c.strip() and c != "")


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(FIELDS), column=_column, spaces=st.sampled_from(["", " ", "  "]))
def test_parse_map_reads_field_equals_column(name, column, spaces):
    assert parse_map([f"{spaces}{name.upper()}{spaces}={spaces}{column}"]) == {name: column}
    assert parse_map([f"{name}="]) == {name: None}


@settings(max_examples=200, deadline=None)
@given(option=st.text(max_size=30))
def test_parse_map_never_fails_with_anything_but_a_usage_error(option):
    try:
        parsed = parse_map([option])
    except UsageError as exc:
        assert "--map" in str(exc)
    else:
        assert list(parsed) == [option.partition("=")[0].strip().lower()]


@settings(max_examples=200, deadline=None)
@given(picks=st.dictionaries(st.sampled_from(FIELDS), st.integers(0, 20), max_size=len(FIELDS)),
       style=st.sampled_from([str.upper, str.title, lambda s: s.replace("_", " "), lambda s: s]))
def test_default_columns_are_found_by_alias_whatever_their_case(picks, style):
    columns = {name: style(ALIASES[name][i % len(ALIASES[name])]) for name, i in picks.items()}
    found = resolve_columns(list(columns.values()), {})
    for name, column in columns.items():
        assert found[name] == column
    for name in set(FIELDS) - set(columns):
        assert found[name] is None or found[name] in columns.values()


def test_an_explicit_mapping_wins_over_the_aliases():
    found = resolve_columns(["title", "Headline", "body"], {"title": "Headline", "text": None})
    assert found["title"] == "Headline" and found["text"] is None
    with pytest.raises(UsageError):
        resolve_columns(["title"], {"date": "When"})


def test_the_archive_s_keys_come_from_the_articles_the_build_publishes(tmp_path):
    """import's look at the archive walks content/ as the build does (``tree.scan``): a hidden file, an
    editor's backup, Hugo's _index page, a link leading outside content/ and a named pipe hold no keys."""
    import os

    from newsarchive.importer.keys import existing_keys

    def page(url: str) -> str:
        return f"---\ntitle: T\ndate: 2018-03-26\nsource: S\nurl: {url}\n---\nText.\n"

    content = tmp_path / "content"
    (content / "2018").mkdir(parents=True)
    (content / "2018" / "a.md").write_text(page("https://example.org/kept"))
    (content / "2018" / ".hidden.md").write_text(page("https://example.org/hidden"))
    (content / "2018" / "a.md~").write_text(page("https://example.org/backup"))
    (content / "2018" / "_index.md").write_text(page("https://example.org/section"))
    (tmp_path / "outside.md").write_text(page("https://example.org/outside"))
    (content / "2018" / "link.md").symlink_to(tmp_path / "outside.md")
    if hasattr(os, "mkfifo"):
        os.mkfifo(content / "2018" / "pipe.md")  # reading it would wait for ever
    keys = existing_keys(content)
    assert set(keys.values()) == {"content/2018/a.md"}
    assert "//example.org/kept" in keys
