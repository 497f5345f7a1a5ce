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

FORMAT = 11  # 11: the menus' kinds of term in the header, authors in placements
STATE = "state.bin"  # the header: read by every build, small, so a no-op build is fast
FACTS = "facts.bin"  # each article's facts, read when something changed (the base)
PAGES = "pages.bin"  # each page's fingerprint and the output's files, read when something changed (the base)
DELTA = "delta.bin"  # what changed in both since the base was written: a small rebuild writes only this
DELTA_SHARE = 8  # the base is written again once the delta holds more than 1/8 of its records or pages
DELTA_MIN = 2_000  # ... and more than this many (small sites write their base each time: it is cheap)


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
    generation: str = ""  # the header and the delta belong together only if they carry the same generation
    base: str = ""  # the generation of the facts and pages files (the base) the delta applies to
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
    menus: tuple = ()  # the kinds of term whose index the site has (render.Site.menus)
    search_key: str = ""  # what the search bundle in the output was built from ("" when none)
    directory: Path | None = None
    _loaded: int = 0  # 1: the facts were read, 2: the pages were read
    _pages_ok: bool = False
    _delta: dict | None = None  # the delta file's contents, once read
    # the base's rel -> (stats, defaults key) of its facts (None: changed since): what says a file's facts
    # are still the base's (the build replaces the records it keeps by Articles: compared by what they
    # were read from, never by identity)
    _base_records: dict = field(default_factory=dict)
    _base_pages: dict = field(default_factory=dict)  # the base's page fingerprints
    _base_files: frozenset = frozenset()
    _base_placed: dict = field(default_factory=dict)  # the base's placements, as read

    def load_facts(self) -> dict:
        """Each article's facts: the base's, with the delta's changes (read once: the text plan and the full
        plan share them)."""
        if self._loaded & 1:
            return self.records
        self._loaded |= 1
        data, delta = self._read_base(FACTS), self._read_delta()
        try:
            changed = delta["records"]
            records = {rel: FileFacts(stats, key, None if facts is None else ArticleRecord._make(facts),
                                      found)
                       for rel, (stats, key, facts, found) in data.items() if rel not in changed}
            base = {rel: (facts.stats, facts.defaults_key) for rel, facts in records.items()}
            base.update((rel, None) for rel in changed if rel in data)  # in the base, changed since
            for rel, raw in changed.items():
                if raw is not None:
                    stats, key, facts, found = raw
                    record = None if facts is None else ArticleRecord._make(facts)
                    records[rel] = FileFacts(stats, key, record, found)
        except (AttributeError, KeyError, TypeError, ValueError):  # missing or of another shape: no cache
            base, records = {}, {}
        self._base_records, self.records = base, records
        return self.records

    def load_pages(self) -> bool:
        """False when the pages file is missing or does not belong with this header (read once)."""
        if self._loaded & 2:
            return self._pages_ok
        self._loaded |= 2
        self._pages_ok = False
        data, delta = self._read_base(PAGES), self._read_delta()
        if not isinstance(data, tuple) or len(data) != 4 or delta is None:
            return False
        try:
            base_pages, base_files, assets, base_placed = data
            pages = dict(base_pages)
            for url, key in delta["pages"].items():
                if key is None:
                    pages.pop(url, None)
                else:
                    pages[url] = key
            files = set(base_files)
            files.difference_update(delta["files_removed"])
            files.update(delta["files_added"])
            placed = {rel: Placement._make(place) for rel, place in base_placed.items()
                      if rel not in delta["placed"]}
            placed.update((rel, Placement._make(place)) for rel, place in delta["placed"].items()
                          if place is not None)
            assets = delta["assets"] if delta["assets"] is not None else assets
        except (AttributeError, KeyError, TypeError, ValueError):
            return False
        self._base_pages, self._base_files, self._base_placed = base_pages, frozenset(base_files), base_placed
        self.pages, self.files, self.assets, self.placed = pages, list(files), assets, placed
        self._pages_ok = True
        return True

    def _read_base(self, name: str):
        return _read(self.directory / name, self.base) if self.directory and self.base else None

    def _read_delta(self) -> dict | None:
        """The changes since the base (none when the base was written by the last build)."""
        if self._delta is None and self.directory:
            if self.base == self.generation:
                self._delta = {"records": {}, "pages": {}, "files_added": [], "files_removed": [],
                               "placed": {}, "assets": None}
            else:
                found = _read(self.directory / DELTA, self.generation)
                self._delta = found if isinstance(found, dict) else None
        return self._delta

    def delta_from(self, previous: CacheState | None) -> dict | None:
        """What this state changes in ``previous``'s base, or None when the base must be written again
        (no base read, or the delta would be large)."""
        if previous is None or not previous.base or previous._loaded != 3 or not previous._pages_ok \
                or previous._read_delta() is None:
            return None
        limit = max(DELTA_MIN, len(self.records) // DELTA_SHARE)
        if previous.loader_key != self.loader_key:  # every file was read again
            return None
        base_records = previous._base_records
        records = {rel: _record_tuple(f) for rel, f in self.records.items()
                   if base_records.get(rel) != (f.stats, f.defaults_key)}
        if len(records) > limit:
            return None
        records.update((rel, None) for rel in base_records.keys() - self.records.keys())
        base_pages = previous._base_pages
        pages = {url: key for url, key in self.pages.items() if base_pages.get(url) != key}
        if len(pages) > max(DELTA_MIN, len(self.pages) // DELTA_SHARE):
            return None
        pages.update((url, None) for url in base_pages.keys() - self.pages.keys())
        base_placed = previous._base_placed
        placed = {rel: tuple(place) for rel, place in self.placed.items() if base_placed.get(rel) != place}
        placed.update((rel, None) for rel in base_placed.keys() - self.placed.keys())
        files = set(self.files)
        return {"records": records, "pages": pages, "placed": placed,
                "files_added": sorted(files - previous._base_files),
                "files_removed": sorted(previous._base_files - files), "assets": self.assets}


def _record_tuple(f: FileFacts) -> tuple:
    """What the facts file holds of a FileFacts: plain tuples (marshal writes builtins only)."""
    record = f.record
    if isinstance(record, Article):  # a build keeps its Articles rather than their records
        record = record.to_record()
    return (f.stats, f.defaults_key, tuple(record) if record is not None else None, f.problems)


_HEADER = ("version", "format", "generation", "base", "loader_key", "site_key", "run_key", "stats",
           "problems", "next_change", "summary", "years", "menus", "search_key")


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


def save(cache_dir: Path, state: CacheState, previous: CacheState | None = None) -> None:
    """Write the cache. When ``previous`` (the cache this build started from) read its base and this
    build changed little of it, only the delta against that base is written (the base stays): a small
    rebuild writes a small file, whatever the archive's size."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    state.generation = fingerprints.digest(time.time_ns(), os.getpid(), len(state.records))
    delta = state.delta_from(previous)
    if delta is not None:
        state.base = previous.base
        _write(cache_dir / DELTA, (state.generation, delta))
    else:
        state.base = state.generation
        # the files hold plain tuples (marshal writes builtins only)
        records = {rel: _record_tuple(f) for rel, f in state.records.items()}
        placed = {rel: tuple(place) for rel, place in state.placed.items()}
        _write(cache_dir / FACTS, (state.base, records))
        _write(cache_dir / PAGES, (state.base, (state.pages, sorted(state.files), state.assets, placed)))
        try:
            (cache_dir / DELTA).unlink()
        except FileNotFoundError:
            pass
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
