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
