"""The HTTP side of ``newsarchive serve``: the output folder served on loopback with a small live-reload
script added to every HTML response (the built files are never changed), the site's 404 page for missing
addresses, and the Server-Sent Events stream at ``/__newsarchive/events`` that tells open tabs to reload
or to show the build's errors."""

from __future__ import annotations

import collections
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsarchive.output.writer import MARKER

EVENTS_PATH = "/__newsarchive/events"
PING_SECONDS = 10  # an idle event stream sends a comment this often, to notice closed tabs

LIVE_SCRIPT = """<script>/* newsarchive serve: live reload (added when served, not in the built files) */
(function () {
  var source = new EventSource("EVENTS_PATH");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("build-error", function (event) {
    var box = document.getElementById("newsarchive-build-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "newsarchive-build-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2em;" +
        "background:rgba(30,0,0,.92);color:#fff;font:14px/1.5 monospace;direction:ltr;text-align:left";
      var heading = document.createElement("h2");
      heading.textContent = "The build failed; this is the last good version of the page.";
      var text = document.createElement("pre");
      text.style.whiteSpace = "pre-wrap";
      box.appendChild(heading);
      box.appendChild(text);
      document.body.appendChild(box);
    }
    box.lastChild.textContent = event.data;
  });
})();
</script>""".replace("EVENTS_PATH", EVENTS_PATH)

NO_SITE_YET = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>No site yet</title></head>
<body><h1>The archive has not been built yet</h1><p>Fix the errors shown in the terminal; this page reloads
when the build succeeds.</p></body></html>"""

NOT_FOUND = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Not found</h1><p>No page has this address. <a href="/">The archive's home page</a>.</p>
<p>(A site with a <code>base_url</code> has its own 404.html, served here as a host would.)</p></body></html>"""  # noqa: E501


class Events:
    """The latest build events, for every open event stream."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._log: collections.deque[tuple[int, str, str]] = collections.deque(maxlen=100)
        self._count = 0
        self.error: str | None = None  # the last build's errors, while it is the last build
        self.closed = False

    def publish(self, kind: str, data: str) -> None:
        with self._changed:
            self._count += 1
            self._log.append((self._count, kind, data))
            self.error = data if kind == "build-error" else None
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    @property
    def count(self) -> int:
        return self._count

    def wait_after(self, seen: int, timeout: float) -> list[tuple[int, str, str]]:
        """The events after number ``seen``; waits up to ``timeout`` seconds for one."""
        with self._changed:
            self._changed.wait_for(lambda: self._count > seen or self.closed, timeout)
            return [event for event in self._log if event[0] > seen]


def sse(kind: str, data: str) -> bytes:
    lines = data.split("\n")
    return (f"event: {kind}\n" + "".join(f"data: {line}\n" for line in lines) + "\n").encode("utf-8")


def inject(page: bytes) -> bytes:
    """The page with the live-reload script before its last ``</body>`` (or at its end)."""
    script = LIVE_SCRIPT.encode("utf-8")
    at = page.lower().rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


class LiveHandler(http.server.SimpleHTTPRequestHandler):
    server: LiveServer

    def log_message(self, format: str, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        """What GET would answer (status and headers), without the body: one code path decides both, so
        that a hidden file or a folder without an index answers 404 to HEAD as it does to GET."""
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS_PATH:
            self._events(body)
            return
        if any(part.startswith(".") for part in path.split("/")):  # the output's marker, hidden files
            self._not_found(body)
            return
        file = Path(self.translate_path(self.path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if not Path(self.directory, MARKER).exists() and path in ("/", "/index.html"):
            self._send(200, inject(NO_SITE_YET), "text/html; charset=utf-8", body)
            return
        if not file.exists():
            self._not_found(body)
            return
        if file.suffix == ".html" and file.is_file():
            try:
                page = file.read_bytes()
            except OSError:
                self.send_error(404)
                return
            self._send(200, inject(page), "text/html; charset=utf-8", body)
            return
        if body:
            super().do_GET()
        else:
            super().do_HEAD()

    def _not_found(self, body: bool = True) -> None:
        """The site's own 404.html (made when the site has a base_url), as a host would serve it."""
        try:
            page = Path(self.directory, "404.html").read_bytes()
        except OSError:
            page = NOT_FOUND
        self._send(404, inject(page), "text/html; charset=utf-8", body)

    def _send(self, status: int, content: bytes, content_type: str, body: bool = True) -> None:
        """The response; ``body`` False (HEAD): the same status and headers, Content-Length included."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def _events(self, body: bool = True) -> None:
        events = self.server.events
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        if not body:
            return
        seen = events.count
        try:
            self.wfile.write(b"retry: 1000\n\n")
            if events.error is not None:
                self.wfile.write(sse("build-error", events.error))
            self.wfile.flush()
            while not events.closed:
                fresh = events.wait_after(seen, PING_SECONDS)
                for number, kind, data in fresh:
                    self.wfile.write(sse(kind, data))
                    seen = number
                if not fresh:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            return


class LiveServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    events: Events
