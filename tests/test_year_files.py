"""An added article's year files (``data/articles-YYYY.csv`` and ``.jsonl``, and ``api/articles-YYYY.json``
past the export's limit) grown from the last build's files instead of made again from every article of the
year (``rebuilds.year_files``): byte for byte a clean build's, wherever in the year the articles land and
whatever their titles hold that CSV, JSON and spreadsheets must escape; made whole when the last file
cannot be trusted or carries the articles' texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_additions import _article, _build, _same_as_clean, _sample
from test_edits import _catalog_rows

from newsarchive import planning
from newsarchive.build import build
from newsarchive.data.tables import from_csv
from newsarchive.options import BuildOptions
from newsarchive.pages import listing
from newsarchive.rebuilds import year_files

YEAR_FILES = ("data/articles-2019.csv", "data/articles-2019.jsonl", "api/articles-2019.json")


@pytest.fixture
def tried(monkeypatch) -> dict[str, bool]:
    """Each year file (or the one export) a rebuild tried to grow: grown (True) or made whole (False)."""
    made: dict[str, bool] = {}
    whole = year_files._grown

    def spy(setup, store, archive, url, kind, mine, config, **options):
        page = whole(setup, store, archive, url, kind, mine, config, **options)
        made[url.lstrip("/")] = page is not None
        return page

    monkeypatch.setattr(year_files, "_grown", spy)
    return made


@pytest.fixture
def grown(tried, monkeypatch) -> dict[str, bool]:
    """``tried``, with the sample's 20 articles past the export's limit: an export file a year."""
    monkeypatch.setattr(listing, "EXPORT_LIMIT", 10)
    return tried


ROUNDS = [  # what is added at each rebuild: (file, title, date, source, language, tags)
    [("2019/01/2019-01-01-first-light.md", "First light: the year's first ferry", "2019-01-01T00:00:00Z",
      "The Harbour Gazette", "en", ["harbour"])],
    [("2019/12/2019-12-31-last-word.md", 'Le "dernier mot", <script>alert(1)</script>, et la suite',
      "2019-12-31T23:59:59-05:00", "Le Courrier du Littoral", "fr", ["élections"])],
    [("2019/02/2019-02-20-formula.md", '=HYPERLINK("http://evil.example","click"), +1, @SUM(A1)',
      "2019-02-20T06:00:00+01:00", "Northern Wire", "en", ["port"]),
     ("2019/02/2019-02-20-waha.md", "الميناء يفتح أبوابه، والصيادون يعودون", "2019-02-20T21:30:00+04:00",
      "Al-Waha Daily", "ar", ["الميناء"])],
]


def _write_round(site: Path, round_: list[tuple], seed: int) -> None:
    for rel, title, when, source, language, tags in round_:
        path = site / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_article(title.replace('"', '\\"'), when, source, language, tags, seed),
                        encoding="utf-8")


def test_articles_added_anywhere_in_a_year_grow_its_files_as_a_clean_build_makes_them(tmp_path, grown):
    site = _sample(tmp_path)
    _build(site)
    for seed, round_ in enumerate(ROUNDS):
        grown.clear()
        _write_round(site, round_, seed)
        result = _build(site)
        assert result.mode == "added"
        assert grown == dict.fromkeys(YEAR_FILES, True)
        _same_as_clean(site, tmp_path)
    text = (site / "build/data/articles-2019.csv").read_text(encoding="utf-8")
    titles = [row["title"] for row in from_csv(text)]
    assert titles[0] == "First light: the year's first ferry"  # the year's oldest row first
    assert titles[-1] == 'Le "dernier mot", <script>alert(1)</script>, et la suite'
    assert '=HYPERLINK("http://evil.example","click"), +1, @SUM(A1)' in titles
    assert "\r\n2019/02/20/hyperlink" not in text and ",\"'=HYPERLINK(" in text  # inert in a spreadsheet
    export = (site / "build/api/articles-2019.json").read_text(encoding="utf-8")
    assert "<script>" not in export and json.loads(export)["articles"][-1]["title"].startswith("Le \"dernier")
    lines = (site / "build/data/articles-2019.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["title"] for line in lines] == titles


def test_a_year_file_changed_since_the_last_build_is_made_whole_even_when_nothing_checks_the_output(
        tmp_path, grown):
    """``serve``'s rebuilds do not check the output (``planning.Known``): the file's hash, against the fixity
    record's, keeps a file edited by hand from being grown into the next one."""
    site = _sample(tmp_path)
    known = planning.Known()
    build(site, BuildOptions(search=False, jobs=1), known)
    edited = site / "build/data/articles-2019.csv"
    edited.write_bytes(edited.read_bytes().replace(b"\r\n", b"\r\n", 1) + b"forged,row\r\n")
    rel = "2019/02/2019-02-21-ferry.md"
    (site / "content" / rel).write_text(_article(
        "Ferry timetable published", "2019-02-21T08:00:00Z", "The Harbour Gazette", "en", ["harbour"], 7),
        encoding="utf-8")
    known.changed.add(rel)
    assert build(site, BuildOptions(search=False, jobs=1), known).mode == "added"
    assert grown == {"data/articles-2019.csv": False, "data/articles-2019.jsonl": True,
                     "api/articles-2019.json": True}
    assert b"forged" not in edited.read_bytes()
    _same_as_clean(site, tmp_path)


def test_data_files_with_the_articles_texts_are_made_whole(tmp_path, grown):
    site = _sample(tmp_path)
    config = site / "newsarchive.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "data_text: true\n", encoding="utf-8")
    _build(site)
    (site / "content/2019/02/2019-02-21-ferry.md").write_text(_article(
        "Ferry timetable published", "2019-02-21T08:00:00Z", "The Harbour Gazette", "en", ["harbour"], 7),
        encoding="utf-8")
    assert _build(site).mode == "added"
    assert grown == {"api/articles-2019.json": True}  # (the data files are not tried)
    _same_as_clean(site, tmp_path)


def test_the_grown_keys_are_the_keys_a_clean_build_gives(tmp_path, grown):
    """A key grown by the added articles is the key a clean build gives the whole year's file: the catalog
    holds the same row, so that no later build renders the file again for nothing."""
    site = _sample(tmp_path)
    _build(site)
    (site / "content/2019/02/2019-02-21-ferry.md").write_text(_article(
        "Ferry timetable published", "2019-02-21T08:00:00Z", "The Harbour Gazette", "en", ["harbour"], 7),
        encoding="utf-8")
    assert _build(site).mode == "added"
    assert grown == dict.fromkeys(YEAR_FILES, True)
    _same_as_clean(site, tmp_path)

    def keys(output: Path) -> dict:
        return {url: key for url, key in _catalog_rows(output)["pages"] if url.lstrip("/") in YEAR_FILES}

    assert len(keys(site / "build")) == 3
    assert keys(site / "build") == keys(tmp_path / "clean")


@pytest.mark.parametrize("change", ["headline", "moved"])
def test_an_edited_articles_row_is_replaced_in_place_as_a_clean_build_makes_it(tmp_path, grown, change):
    """An edit by query (a corrected headline, its address kept or moved) replaces the article's row in its
    year's files; the files and their keys are a clean build's."""
    site = _sample(tmp_path)
    _build(site)
    path = site / "content/2019/02/2019-02-20-plan-embalse.md"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    new = 'title: "Embalse de la Peña: el plan, \\"aprobado\\"; =1+1, <b>sí</b>"'
    kept = "\nslug: el-valle-prepara-un-plan-de-emergencia-ante-la-sequia-en-el-embalse-de-la-pena"
    path.write_text(text.replace(title, new + (kept if change == "headline" else ""), 1), encoding="utf-8")
    assert _build(site).mode == "edited"
    page = site / "build/2019/02/20" / kept.rpartition(" ")[2]
    assert page.exists() == (change == "headline")  # (the title's new slug moves it)
    assert grown == dict.fromkeys(YEAR_FILES, True)
    _same_as_clean(site, tmp_path)
    rows = {row["title"]: row for row in from_csv(
        (site / "build/data/articles-2019.csv").read_text(encoding="utf-8"))}
    assert 'Embalse de la Peña: el plan, "aprobado"; =1+1, <b>sí</b>' in rows

    def keys(output: Path) -> dict:
        return {url: key for url, key in _catalog_rows(output)["pages"] if url.lstrip("/") in YEAR_FILES}

    assert keys(site / "build") == keys(tmp_path / "clean")


def test_a_row_written_into_another_articles_summary_cannot_misplace_an_added_row(tmp_path, grown):
    """Hostile: an article whose summary holds, word for word, the CSV row of the article an added one
    goes before (a row without quotes: no tags, no byline). A row is looked for with its line end and
    must start a line: the copy, inside a quoted cell, is neither, and the added row goes where a clean
    build puts it. A row found twice at the start of lines would make the file whole."""
    site = _sample(tmp_path)
    (site / "content/2019/01/2019-01-05-plain.md").write_text(_article(
        "Plain notice", "2019-01-05T09:00:00Z", "Northern Wire", "en", [], 1, author=None), encoding="utf-8")
    _build(site)
    first_row = (site / "build/data/articles-2019.csv").read_bytes().decode("utf-8").split("\r\n")[1]
    assert first_row.startswith("2019/01/05/plain-notice/,") and '"' not in first_row
    (site / "content/2019/02/2019-02-25-copycat.md").write_text(_article(
        "Copycat", "2019-02-25T10:00:00Z", "Northern Wire", "en", ["port"], 2,
        extra="summary: '" + first_row + "'\n"), encoding="utf-8")
    _build(site)
    csv_text = (site / "build/data/articles-2019.csv").read_bytes().decode("utf-8")
    assert csv_text.count(first_row) == 2  # its own row, and inside the copycat's (a quoted cell)
    grown.clear()
    own = ("---\ntitle: First light\ndate: 2019-01-02T00:00:00Z\nsource: The Harbour Gazette\nlanguage: en\n"
           "tags: [harbour]\n---\n\nThe lighthouse keeper logged the first ferry of the year at dawn,\n"
           "eleven minutes late, with forty-two passengers and a crate of oranges.\n")
    (site / "content/2019/01/2019-01-02-first-light.md").write_text(own, encoding="utf-8")
    assert _build(site).mode == "added"
    assert grown == dict.fromkeys(YEAR_FILES, True)
    _same_as_clean(site, tmp_path)
    row = first_row.encode() + b"\r\n"
    twice = b"path,title\r\n" + row + b"x,y\r\n" + row
    assert year_files._found(twice, row, "csv") == -1
    assert year_files._found(b"path,title\r\n" + row, row, "csv") == len(b"path,title\r\n")
    assert year_files._found(b'path,title\r\nx,"' + row + b'"\r\n', row, "csv") == -1


ONE_EXPORT = ("api/articles.json", *YEAR_FILES[:2])


def test_the_one_export_of_a_smaller_archive_is_grown_like_the_year_files(tmp_path, tried):
    """Up to the export's limit the archive has one export, ``api/articles.json``, listing every article
    newest first (10,000 at the limit: made again, each added article read them all from the catalog).
    Articles added anywhere (the newest, the oldest of all, two on one day, titles holding JSON's, HTML's
    and spreadsheets' specials) are put in where a clean build lists them; an edited headline replaces its
    row; the file and its key are a clean build's."""
    site = _sample(tmp_path)
    _build(site)
    rounds = [*ROUNDS, [("2018/03/2018-03-01-oldest.md", 'The "oldest" of all}, ]', "2018-03-01T12:00:00Z",
                         "Northern Wire", "en", [])]]
    for seed, round_ in enumerate(rounds):
        tried.clear()
        _write_round(site, round_, seed)
        assert _build(site).mode == "added"
        years = {rel[:4] for rel, *_rest in round_}
        assert tried == {"api/articles.json": True, **{f"data/articles-{y}.{kind}": True for y in years
                                                        for kind in ("csv", "jsonl")}}
        _same_as_clean(site, tmp_path)
    export = json.loads((site / "build/api/articles.json").read_text(encoding="utf-8"))["articles"]
    assert export[-1]["title"] == 'The "oldest" of all}, ]'
    assert '"Le \\"dernier mot\\", \\u003cscript\\u003e' in (site / "build/api/articles.json").read_text(
        encoding="utf-8")  # (as tojson writes it: no markup in the file)

    tried.clear()
    path = site / "content/2019/02/2019-02-20-plan-embalse.md"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(title, 'title: "Embalse: \\"aprobado\\", <b>sí</b>"\nslug: '
                                 "el-valle-prepara-un-plan-de-emergencia-ante-la-sequia-en-el-embalse-de-la-pena",
                                 1), encoding="utf-8")
    assert _build(site).mode == "edited"
    assert tried == dict.fromkeys(ONE_EXPORT, True)
    _same_as_clean(site, tmp_path)

    def keys(output: Path) -> dict:
        return {url: key for url, key in _catalog_rows(output)["pages"] if url.lstrip("/").startswith("api/")}

    assert keys(site / "build") == keys(tmp_path / "clean") and len(keys(site / "build")) == 1


def test_the_article_that_passes_the_export_s_limit_splits_it_into_years_as_a_clean_build_does(
        tmp_path, tried, monkeypatch):
    """The article that takes the archive past the limit makes every year's export and the index (once:
    the next one grows its year's), and the one export goes."""
    site = _sample(tmp_path)
    _build(site)
    count = len(json.loads((site / "build/api/articles.json").read_text(encoding="utf-8"))["articles"])
    monkeypatch.setattr(listing, "EXPORT_LIMIT", count)
    (site / "content/2019/02/2019-02-21-ferry.md").write_text(_article(
        "Ferry timetable published", "2019-02-21T08:00:00Z", "The Harbour Gazette", "en", ["harbour"], 7),
        encoding="utf-8")
    assert _build(site).mode == "added"
    assert "api/articles.json" not in tried and "api/articles-2019.json" not in tried
    assert json.loads((site / "build/api/articles.json").read_text(encoding="utf-8")).keys() == {"years"}
    _same_as_clean(site, tmp_path)
    tried.clear()
    (site / "content/2019/02/2019-02-22-ferry.md").write_text(_article(
        "Second ferry", "2019-02-22T08:00:00Z", "The Harbour Gazette", "en", ["harbour"], 8),
        encoding="utf-8")
    assert _build(site).mode == "added"
    assert tried == dict.fromkeys(YEAR_FILES, True)
    _same_as_clean(site, tmp_path)
