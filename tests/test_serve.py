"""``newsarchive serve``: HTTP on loopback, rebuilds on change, reload and error events over Server-Sent
Events (read from the stream with a timeout, never by sleeping), the last good site served meanwhile."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import article, write_site

from newsarchive.commands.serve import EVENTS_PATH, ServeOptions, start

TIMEOUT = 20  # seconds: the longest any event may take on a loaded machine before the test fails


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return response.status, response.read().decode("utf-8")


class EventStream:
    """An open /__newsarchive/events stream, read line by line with a socket timeout."""

    def __init__(self, url: str):
        self.response = urllib.request.urlopen(url + EVENTS_PATH.lstrip("/"), timeout=TIMEOUT)
        assert self.response.headers["Content-Type"].startswith("text/event-stream")

    def next_event(self) -> tuple[str, str]:
        """The next event (kind, data), skipping comments and the retry line. Times out by the socket."""
        kind, data = None, []
        while True:
            line = self.response.readline().decode("utf-8")
            if not line:
                raise AssertionError("the event stream closed")
            line = line.rstrip("\n")
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
            elif line == "" and kind is not None:
                return kind, "\n".join(data)

    def close(self) -> None:
        self.response.close()


@pytest.fixture
def served(tmp_path: Path, monkeypatch):
    site = write_site(tmp_path / "site", {
        "2018/03/storm.md": article(title="Storm hits the harbour", slug="storm"),
        "2018/03/ferry.md": article(title="Ferry fares rise", slug="ferry"),
    })
    monkeypatch.chdir(site)  # messages name files from where the editor is, as the build's do
    messages: list[tuple[str, bool]] = []
    server = start(site, ServeOptions(port=0), lambda text, err: messages.append((text, err)))
    yield site, server, messages
    server.stop()


def test_serves_the_site_with_the_live_script_added_only_when_served(served):
    site, server, _messages = served
    assert server.url.startswith("http://127.0.0.1:")
    status, page = _get(server.url + "2018/03/26/storm/")
    assert status == 200 and "Storm hits the harbour" in page
    assert EVENTS_PATH in page and page.index(EVENTS_PATH) < page.rindex("</body>")
    assert EVENTS_PATH not in (site / "build/2018/03/26/storm/index.html").read_text()
    status, css = _get(server.url + "static/style.css")
    assert status == 200 and EVENTS_PATH not in css


def _status(url: str) -> tuple[int, str]:
    try:
        return _get(url)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_a_missing_page_is_the_sites_404_and_the_marker_is_never_served(served, tmp_path: Path):
    site, server, _messages = served
    status, page = _status(server.url + "2018/03/26/no-such-article/")
    assert status == 404 and "Not found" in page and EVENTS_PATH in page
    for hidden in (".newsarchive", "2018/.hidden", ".build.staging/index.html"):
        status, _page = _status(server.url + hidden)
        assert status == 404, hidden
    (site / "newsarchive.yaml").write_text("base_url: https://example.org/archive/\n", encoding="utf-8")
    deadline = time.monotonic() + TIMEOUT
    while not (site / "build/404.html").is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    status, page = _status(server.url + "nowhere/")
    assert status == 404 and page.startswith((site / "build/404.html").read_text(encoding="utf-8")[:200])


def test_a_change_rebuilds_and_reloads_and_an_error_keeps_the_last_good_site(served):
    site, server, messages = served
    stream = EventStream(server.url)
    try:
        started = time.monotonic()
        (site / "content/2018/03/storm.md").write_text(article(title="Storm hits the harbour", slug="storm",
                                                               body="The quay wall gave way at dawn."))
        kind, data = stream.next_event()
        took = time.monotonic() - started
        assert kind == "reload", data
        assert took < 5, f"the reload event took {took:.2f} s"
        assert "The quay wall gave way at dawn." in _get(server.url + "2018/03/26/storm/")[1]

        (site / "content/2018/03/bad.md").write_text("---\ntitle: Bad\ndate: 2018-02-30\n---\nText.\n")
        kind, data = stream.next_event()
        assert kind == "build-error"
        assert data.startswith("content/2018/03/bad.md:3: 'date': '2018-02-30' is not a real date")
        assert data.endswith("Build failed: 1 error(s); still serving the last good site.")
        terminal = [line for text, is_error in messages if is_error for line in text.splitlines()]
        assert ("content/2018/03/bad.md:3: 'date': '2018-02-30' is not a real date (day is out of range for "
                "month); write it as YYYY-MM-DD (e.g. 2018-03-26), "
                "or with a time as 2018-03-26T18:45:00+03:00 "
                "or 2018-03-26 18:45:00 +0300") in terminal  # on stderr, as build shows it
        status, page = _get(server.url + "2018/03/26/storm/")
        assert status == 200 and "The quay wall gave way at dawn." in page

        late = EventStream(server.url)  # a tab opened now is told at once
        try:
            assert late.next_event()[0] == "build-error"
        finally:
            late.close()

        (site / "content/2018/03/bad.md").write_text(article(title="Fixed now", slug="fixed"))
        kind, _data = stream.next_event()
        assert kind == "reload"
        assert "Fixed now" in _get(server.url + "2018/03/26/fixed/")[1]
    finally:
        stream.close()


def test_config_changes_rebuild_too(served):
    site, server, _messages = served
    stream = EventStream(server.url)
    try:
        (site / "newsarchive.yaml").write_text("title: The Kestrel Bay Archive\n")
        assert stream.next_event()[0] == "reload"
        assert "The Kestrel Bay Archive" in _get(server.url)[1]
    finally:
        stream.close()


def test_a_rebuild_looks_only_at_the_files_the_watchers_saw_change(served, monkeypatch):
    """The first rebuild scans content/ (the watchers may have started during the first build); then an
    edited or added article is looked at alone, until a change outside content/ (the config) makes the
    rebuild scan again (tests/test_watched.py checks such rebuilds against clean builds)."""
    from newsarchive import planning

    site, server, _messages = served
    scans = []
    scan = planning.scan
    monkeypatch.setattr(planning, "scan", lambda folder: scans.append(folder) or scan(folder))
    stream = EventStream(server.url)
    try:
        edits = [("storm", "Storm hits the harbour", "Quay shut."), ("ferry", "Ferry fares rise", "By 4%."),
                 ("tide", "Spring tide warning", "Spring tides.")]
        for slug, title, body in edits:
            (site / f"content/2018/03/{slug}.md").write_text(article(title=title, slug=slug, body=body))
            while body not in _status(server.url + f"2018/03/26/{slug}/")[1]:  # (a write: one or two batches)
                assert stream.next_event()[0] == "reload"
        assert len(scans) == 1
        (site / "newsarchive.yaml").write_text("title: The Kestrel Bay Archive\n")
        while "The Kestrel Bay Archive" not in _get(server.url)[1]:
            assert stream.next_event()[0] == "reload"
        assert len(scans) == 2
    finally:
        stream.close()


def _read_line(stream, timeout: float) -> str:
    """One line of a subprocess's output, or fail after ``timeout`` seconds."""
    box: list[str] = []
    reader = threading.Thread(target=lambda: box.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    assert box, "no output in time"
    return box[0]


def test_the_command_prints_its_url_and_stops_cleanly_on_ctrl_c(tmp_path: Path):
    site = write_site(tmp_path / "site", {"a.md": article(slug="a")})
    # Ctrl-C as a terminal sends it: SIGINT with its default action, even when these tests were started in
    # the background of a script (which starts them with SIGINT ignored, and a child inherits that)
    process = subprocess.Popen([sys.executable, "-m", "newsarchive", "serve", "--port", "0"], cwd=site,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=os.environ.copy(),
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509 - only a signal disposition, between fork and exec
    try:
        first = _read_line(process.stdout, 60)
        assert first.startswith("Built 1 article into build: ")  # the same line as build's
        line = _read_line(process.stdout, 30)
        assert line.startswith("Serving build at http://127.0.0.1:") and "Ctrl-C" in line
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        assert "Bad" not in _get(url)[1] and _get(url)[0] == 200
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)  # measured by coverage on a busy machine: slower
    assert process.returncode == 0, err
    assert "Stopped." in out
    assert "Traceback" not in err


def test_a_port_in_use_is_a_usage_error(tmp_path: Path):
    site = write_site(tmp_path / "site", {"a.md": article()})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "newsarchive", "serve", "--port", str(port)], cwd=site,
                              capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr and "--port 0" in done.stderr
    assert "Traceback" not in done.stderr


def test_in_a_browser_the_error_overlay_shows_escaped_text_and_a_fix_reloads(served, page):
    """Uses tests/browser.py's chromium (skipped, with the reason, where it is absent)."""
    site, server, _messages = served
    page.goto(server.url + "2018/03/26/storm/")
    page.wait_for_function("() => document.readyState === 'complete'")
    (site / "content/2018/03/bad.md").write_text('---\ntitle: Bad\ndate: "<b>soon</b>"\n---\nText.\n')
    overlay = page.locator("#newsarchive-build-error")
    overlay.wait_for(state="visible", timeout=TIMEOUT * 1000)
    assert "'<b>soon</b>' is not a date I can read" in overlay.inner_text()
    assert overlay.locator("b").count() == 0  # shown as text, never as markup
    assert "Storm hits the harbour" in page.content()  # the last good page underneath

    (site / "content/2018/03/bad.md").unlink()
    (site / "content/2018/03/storm.md").write_text(article(title="Storm hits the harbour", slug="storm",
                                                           body="Rebuilt and reloaded."))
    page.get_by_text("Rebuilt and reloaded.").wait_for(timeout=TIMEOUT * 1000)
    assert page.locator("#newsarchive-build-error").count() == 0
