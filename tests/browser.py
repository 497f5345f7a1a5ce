"""A real browser for tests: Debian's chromium driven by playwright, against a built site served on
127.0.0.1 (Pagefind's JavaScript needs http, not file://).

Tests that use the ``browser`` fixture skip, with the reason, where playwright or chromium is absent.
Screenshots go to ``SCREENSHOTS`` (``test-output/screenshots`` at the repository root, or
``$NEWSARCHIVE_SCREENSHOTS``) so that CI can keep them as artefacts.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import struct
import threading
import zlib
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEWSARCHIVE_CHROMIUM", "/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = Path(os.environ.get("NEWSARCHIVE_SCREENSHOTS", REPO / "test-output" / "screenshots"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def why_no_browser() -> str | None:
    """The reason browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 at a free port; yields the base URL (ending in /)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    reason = why_no_browser()
    if reason:
        pytest.skip(f"browser test skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as ``SCREENSHOTS/name.png`` and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def png_top(path: Path, rows: int = 160) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """A PNG screenshot's (width, height, the RGB pixels of its top ``rows`` rows): enough to see the
    page's width and its background without an imaging library (8-bit RGB or RGBA, not interlaced, as
    chromium saves them)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    at, idat, header = 8, [], b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IHDR":
            header = data[at + 8:at + 8 + length]
        elif kind == b"IDAT":
            idat.append(data[at + 8:at + 8 + length])
        at += 12 + length
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    rows = min(rows, height)
    raw = zlib.decompressobj().decompress(b"".join(idat), (stride + 1) * rows)
    previous, pixels = bytearray(stride), []
    for y in range(rows):
        kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = row[i - bpp] if i >= bpp else 0
            up, corner = previous[i], (previous[i - bpp] if i >= bpp else 0)
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        pixels.append([tuple(row[x:x + 3]) for x in range(0, stride, bpp)])
        previous = row
    return width, height, pixels


def background(pixels: list[list[tuple[int, int, int]]]) -> tuple[int, int, int]:
    """The commonest colour: the page's background."""
    return Counter(p for row in pixels for p in row).most_common(1)[0][0]
