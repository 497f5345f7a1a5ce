"""The build cache, beside the output (``.build.cache/``): what the last build read and wrote, so that
the next one re-reads only changed files and re-renders only pages whose inputs changed.

It holds, with marshal (fast, builtins only): the content files' sizes and modification times, each
article's facts (not its body) and problems, each page's input fingerprint, and the fingerprint of
everything else a page depends on (newsarchive's version, the config, the theme): the keys that
``fingerprints`` names and computes. A cache that is
missing, unreadable, from another version, or does not match the output means a clean build, never a
wrong site. It is removed before the output changes and written again after, so a build interrupted in
between leaves no cache that could lie about the output.
"""

from __future__ import annotations

import marshal
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newsarchive import __version__, fingerprints
from newsarchive.model import Article, ArticleRecord, Placement

FORMAT = 8  # 8: plain text keeps single-newline paragraphs (pages of .txt articles change)
STATE = "state.bin"  # the header: read by every build, small, so a no-op build is fast
FACTS = "facts.bin"  # each article's facts, read when something changed
PAGES = "pages.bin"  # each page's fingerprint and the output's files, read when something changed


class FileFacts(NamedTuple):
    """What the cache keeps of a content file."""

    stats: tuple | None  # (size, mtime_ns) when read
    defaults_key: str  # the folder defaults it inherited
    record: ArticleRecord | Article | None  # None when it could not be read as an article (a build: Article)
    problems: list  # Problem.to_record() of each problem found in it


@dataclass(slots=True)
class CacheState:
    version: str = __version__
    format: int = FORMAT
    generation: str = ""  # the three files belong together only if they carry the same generation
    loader_key: str = ""  # what parsing depends on besides the file (site language, time zone, options)
    site_key: str = ""  # what every page depends on (version, config, theme, years...)
    run_key: str = ""  # the theme/config files' stats + build options: the no-op check
    stats: dict = field(default_factory=dict)  # content rel path -> (size, mtime_ns)
    problems: list = field(default_factory=list)  # the last build's problems, shown again on a no-op
    next_change: float | None = None  # the earliest future article: a no-op build is no longer one then
    summary: tuple = ()  # (articles, pages, files) of the last build
    # loaded on demand (see load_facts() and load_pages()):
    records: dict = field(default_factory=dict)  # article rel path -> FileFacts
    pages: dict = field(default_factory=dict)  # page url -> fingerprint
    files: list = field(default_factory=list)  # every file of the output (for deletions)
    assets: dict = field(default_factory=dict)  # content rel path of an asset -> its stats
    placed: dict = field(default_factory=dict)  # published article rel path -> Placement
    years: tuple = ()  # the years the site has
    search_key: str = ""  # what the search bundle in the output was built from ("" when none)
    directory: Path | None = None

    def load_facts(self) -> dict:
        data = _read(self.directory / FACTS, self.generation) if self.directory else None
        try:
            self.records = {
                rel: FileFacts(stats, key, None if facts is None else ArticleRecord._make(facts), found)
                for rel, (stats, key, facts, found) in data.items()}
        except (AttributeError, TypeError, ValueError):  # missing or of another shape: no cache
            self.records = {}
        return self.records

    def load_pages(self) -> bool:
        """False when the pages file is missing or does not belong with this header."""
        data = _read(self.directory / PAGES, self.generation) if self.directory else None
        if not isinstance(data, tuple) or len(data) != 4:
            return False
        self.pages, self.files, self.assets, placed = data
        try:
            self.placed = {rel: Placement._make(place) for rel, place in placed.items()}
        except (AttributeError, TypeError, ValueError):
            return False
        return True


_HEADER = ("version", "format", "generation", "loader_key", "site_key", "run_key", "stats", "problems",
           "next_change", "summary", "years", "search_key")


def load(cache_dir: Path) -> CacheState | None:
    raw = _read(cache_dir / STATE, None)
    if not isinstance(raw, dict):
        return None
    try:
        state = CacheState(**{k: raw[k] for k in _HEADER}, directory=cache_dir)
    except (KeyError, TypeError):
        return None
    if state.version != __version__ or state.format != FORMAT:
        return None
    return state


def forget(cache_dir: Path) -> None:
    """Called before the output changes: until the new state is saved, there is no cache to trust."""
    try:
        (cache_dir / STATE).unlink()
    except FileNotFoundError:
        pass


def save(cache_dir: Path, state: CacheState) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    state.generation = fingerprints.digest(time.time_ns(), os.getpid(), len(state.records))
    # the files hold plain tuples (marshal writes builtins only)
    records = {rel: (f.stats, f.defaults_key, None if f.record is None else tuple(
        f.record.to_record() if isinstance(f.record, Article) else f.record), f.problems)
        for rel, f in state.records.items()}  # a build keeps its Articles rather than their records
    placed = {rel: tuple(place) for rel, place in state.placed.items()}
    _write(cache_dir / FACTS, (state.generation, records))
    _write(cache_dir / PAGES, (state.generation, (state.pages, state.files, state.assets, placed)))
    _write(cache_dir / STATE, (None, {name: getattr(state, name) for name in _HEADER}))  # last: it commits


def _write(path: Path, payload: tuple) -> None:
    try:
        data = b"M" + marshal.dumps(payload)
    except ValueError:  # a front-matter value marshal cannot hold (e.g. a !!timestamp in an extra key)
        data = b"P" + pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _read(path: Path, generation: str | None):
    """The payload of a cache file, or None if it is missing, corrupt or from another generation."""
    try:
        data = path.read_bytes()
        found, payload = marshal.loads(data[1:]) if data[:1] == b"M" else pickle.loads(data[1:])
    except Exception:  # noqa: BLE001 - any corruption means: no cache
        return None
    if found != generation:
        return None
    return payload
