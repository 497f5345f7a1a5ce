"""Shared helpers: make a site folder from a dict of files, build it, run the CLI, read pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser import browser, page  # noqa: F401 - fixtures for the browser tests
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]

# No time limit on a hypothesis example: the suite runs one process per core (pytest-xdist), each test's
# builds fork workers too, and a shared machine's load made a 50 ms example take 324 ms. What the
# properties check is their result; speed is measured in benchmarks/, never by a test's clock.
settings.register_profile("newsarchive", deadline=None)
settings.load_profile("newsarchive")


def write_site(root: Path, files: dict[str, str | bytes], config: str | None = None) -> Path:
    """Create ``root`` with ``content/<path>`` files (text is written as UTF-8) and optional config."""
    for rel, data in files.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
    (root / "content").mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "newsarchive.yaml").write_text(config, encoding="utf-8")
    return root


def article(title: str | None = "A title", date: str | None = "2018-03-26", source: str | None = "The Wire",
            body: str = "Some text.", **keys: object) -> str:
    """A Markdown article with front matter; keys set to None are left out."""
    lines = ["---"]
    for key, value in (("title", title), ("date", date), ("source", source), *keys.items()):
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(str(v) for v in value)}]")
        else:
            lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body + "\n"


def run_cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m newsarchive ARGS`` as a user would, capturing its output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "newsarchive", *args], cwd=cwd, capture_output=True,
                          text=True, env=full_env, timeout=300, check=False)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, dict]] = []  # (tag, url, attrs)
        self.html_attrs: dict = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        for name in ("href", "src", "action"):  # a form's action is a link too (the search box)
            if attrs.get(name) is not None:
                self.links.append((tag, attrs[name], attrs))


def page_links(html: str) -> list[tuple[str, str, dict]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def html_attrs(html: str) -> dict:
    parser = _Links()
    parser.feed(html)
    return parser.html_attrs


def resolve(output: Path, html_file: Path, href: str) -> Path | None:
    """The file an internal link on ``html_file`` points to (None for external links)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "mailto:")):
        return None
    base = "/" + html_file.relative_to(output).as_posix()
    target = unquote(urlsplit(urljoin(base, parts.path)).path)
    path = output / target.lstrip("/")
    if target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def crawl(output: Path, files_only: bool = False) -> tuple[set[Path], list[tuple[Path, str]]]:
    """Follow every internal link from the home page: (pages reached, broken links as (page file, href)).
    ``files_only``: as a browser on file:// does, a link must name a file (a folder shows a listing)."""
    seen: set[Path] = set()
    broken: list[tuple[Path, str]] = []
    todo = [output / "index.html"]
    while todo:
        html_file = todo.pop()
        if html_file in seen:
            continue
        seen.add(html_file)
        if html_file.suffix != ".html":
            continue
        for _tag, href, _attrs in page_links(html_file.read_text(encoding="utf-8")):
            target = resolve(output, html_file, href)
            if target is None:
                continue
            names_folder = href.split("#")[0].endswith("/") or href in (".", "..")
            if not target.is_file() or (files_only and names_folder):
                broken.append((html_file, href))
            elif target not in seen:
                todo.append(target)
    return seen, broken


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time (ns)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out[path.relative_to(folder).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


def outside_index(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but the search index's (see newsarchive.search.index.outside_index)."""
    from newsarchive.search import index as search

    return search.outside_index({rel: data for rel, (data, _t) in snapshot(folder).items()})


def searchable(folder: Path) -> dict[str, dict]:
    """What a search can find in a built site's index (see newsarchive.search.index.searchable)."""
    from newsarchive.search import index as search

    return search.searchable(folder)


@pytest.fixture
def site(tmp_path: Path):
    """A function making a site in tmp_path/site from a dict of content files."""

    def make(files: dict[str, str | bytes], config: str | None = None) -> Path:
        return write_site(tmp_path / "site", files, config)

    return make


@dataclass(frozen=True)
class SampleBuild:
    output: Path  # the built archive
    result: subprocess.CompletedProcess  # what the command line printed


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> SampleBuild:
    """The repository's sample archive (content/ and newsarchive.yaml, copied), built once per test run by
    the command line as a newcomer does, search index included; the tests that read it share it."""
    site = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "newsarchive.yaml", site / "newsarchive.yaml")
    done = run_cli("build", cwd=site)
    assert done.returncode == 0, done.stderr
    return SampleBuild(site / "build", done)


@pytest.fixture(scope="session")
def sample(sample_build: SampleBuild) -> Path:
    """The built sample archive (see ``sample_build``)."""
    return sample_build.output


def main_of(built: Path) -> str:
    """A built page's ``<main>``: what it shows besides the header and footer every page shares."""
    html = built.read_text(encoding="utf-8")
    return html[html.index("<main"):html.index("</main>")]


def sitemap_text(output: Path) -> str:
    """The text of every part of a built site's sitemap (``sitemap.xml`` is the index of its parts)."""
    index = (output / "sitemap.xml").read_text(encoding="utf-8")
    parts = re.findall(r"<loc>[^<]*?(sitemap-[^<]+\.xml)</loc>", index)
    assert parts, index
    return "".join((output / part).read_text(encoding="utf-8") for part in parts)
