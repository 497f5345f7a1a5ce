"""The full-text search index: Pagefind, run on the article pages of the new site before it is committed.

Pagefind keeps one index per ``<html lang>`` and a search box searches only its own page's language. An
archive is read across languages (a French name typed on an English page), so every article is indexed
as the site's language (``--force-language``): one index, one search box for all languages. What that
costs: words are stemmed with the site language's rules only (an English site finds ``évacuation`` when
``evacuation`` is typed, since accents are folded, and ``elections`` for ``election``; it does not know
that French ``évacués`` and ``évacuation`` share a stem). Arabic, like every script, is split into words
and found as typed.

The index is built from the article pages only (``data-pagefind-body`` in ``article.html``); their
``data-pagefind-filter`` attributes give the source, language and year filters, ``data-pagefind-sort``
the order value (``search_order``). Pagefind cannot update an index in place, so the index is
log-structured: one part per year, made by a clean build and kept by rebuilds, and a small recent part
holding the articles added or changed since then, the only part a rebuild indexes again; ``changes.json``
lists the year parts' copies it supersedes, which the search page drops. Past ``BOUND`` articles, the
recent part is merged back into its years' parts (see ``stage_index``). The new bundles go through the
same commit as the pages: a failed build leaves the old index in place.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import marshal
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import cbor2

from newsarchive import fingerprints, routes
from newsarchive.config import Config
from newsarchive.errors import UsageError
from newsarchive.output.writer import Output, Stage
from newsarchive.progress import Progress

BUNDLE = routes.search_bundle()  # "pagefind/"


class SearchError(UsageError):
    """Pagefind is missing or failed: the message says what to do (exit 2, like a usage error)."""


def executable() -> str | None:
    """The Pagefind binary that ``pip install 'pagefind[bin]'`` installs, or one on the PATH."""
    try:
        import pagefind_bin
        return str(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError):
        return shutil.which("pagefind")


def index_key(site_language: str) -> str:
    """What an index depends on besides the pages: Pagefind's binary and the language it indexes as."""
    binary = executable()
    try:
        stats = os.stat(binary) if binary else None
    except OSError:
        stats = None
    return fingerprints.search_key(binary, stats and (stats.st_size, stats.st_mtime_ns),
                                   language_code(site_language))


def bundle_files(folder: Path, prefix: str = BUNDLE) -> set[str]:
    """The output paths of the search bundle files in ``folder`` (the output's ``pagefind/`` or one of its
    parts), ``prefix`` being the folder's own output path."""
    files = set()
    for parent, _dirs, names in os.walk(folder):
        for name in names:
            files.add(prefix + (Path(parent) / name).relative_to(folder).as_posix())
    return files


def part_of(rel: str) -> int:
    """The year part of the index an article page (``YYYY/MM/DD/slug/index.html``) goes to."""
    return int(rel[:4])


def clean(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)


def language_code(site_language: str) -> str:
    """Pagefind wants an ISO 639-1 code: ``pt-BR`` is indexed as ``pt``."""
    return site_language.split("-")[0].lower()


def index(parts: dict[str, dict[str, Path]], work: Path, site_language: str, jobs: int,
          done: Callable[[], None] = lambda: None) -> tuple[dict[str, Path], dict[str, dict]]:
    """Index the article pages of each part (its output folder, e.g. ``pagefind/2018/`` -> {output path ->
    file holding the new page}) into a bundle of its own, ``jobs`` Pagefind processes at a time. Returns
    the bundles' files (output path -> file in ``work``, a scratch folder on the output's disk) and, for
    each part, its pages (output path -> (the id Pagefind gave it, the fingerprint of what was indexed));
    ``done`` is called as each part is finished."""
    binary = executable()
    if binary is None:
        raise SearchError("the search index needs Pagefind, which is not installed: "
                          "pip install 'pagefind[bin]' (or build with --no-search)")
    if work.exists():
        shutil.rmtree(work)
    files: dict[str, Path] = {}
    ids: dict[str, dict[str, tuple[str, str]]] = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        running = {pool.submit(_index_part, binary, pages, work / str(number), site_language, prefix): prefix
                   for number, (prefix, pages) in enumerate(sorted(parts.items()))}
        for finished in as_completed(running):
            part_files, ids[running[finished]] = finished.result()
            files.update(part_files)
            done()
    return dict(sorted(files.items())), ids


def _index_part(binary: str, pages: dict[str, Path], work: Path, site_language: str,
                prefix: str) -> tuple[dict[str, Path], dict[str, tuple[str, str]]]:
    site, bundle = work / "site", work / "bundle"
    for rel, source in pages.items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)  # the pages are never modified in place, so a link is a safe copy
        except OSError:
            shutil.copyfile(source, target)
    command = [binary, "--site", str(site), "--output-path", str(bundle), "--force-language",
               language_code(site_language), "--silent"]
    ran = subprocess.run(command, capture_output=True, text=True, check=False)
    if ran.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (ran.stderr or ran.stdout).strip().splitlines()
        raise SearchError("Pagefind could not index the site" + (f": {detail[-1]}" if detail else "") +
                          " (build with --no-search to publish without search)")
    canonical(bundle)
    files = {rel: bundle / rel[len(prefix):] for rel in bundle_files(bundle, prefix) if not _ui(rel)}
    ids = page_ids(bundle)
    return files, {rel: (ids[rel], indexed(path)) for rel, path in pages.items()}


def page_ids(bundle: Path) -> dict[str, str]:
    """Output path of each article page -> the id Pagefind gave it in ``bundle`` (its fragment's name, and
    a result's ``id`` in the browser)."""
    ids = {}
    for fragment in (bundle / "fragment").iterdir():
        url = json.loads(gzip.decompress(fragment.read_bytes())[len(SIGNATURE):])["url"]
        ids[unquote(url).lstrip("/") + "index.html"] = fragment.name.removesuffix(".pf_fragment")
    return ids


def indexed(page: Path) -> str:
    """A fingerprint of what Pagefind reads in an article page: the ``data-pagefind-body`` element (text,
    meta, filters, sort value). A page whose other parts change (a neighbour's link, the site's menu)
    needs no new copy in the index."""
    data = page.read_bytes()
    start = data.find(b"data-pagefind-body")
    return hashlib.blake2b(data[start:data.rfind(b"</article>")] if start >= 0 else data,
                           digest_size=12).hexdigest()


def _ui(rel: str) -> bool:
    """Pagefind's ready-made interfaces, which the theme does not use (it has its own search page)."""
    name = rel.rpartition("/")[2]
    return name.startswith("pagefind-") and ("-ui." in name or name == "pagefind-highlight.js")


SIGNATURE = b"pagefind_dcd"  # what starts each of Pagefind's (gzipped, CBOR) index files


def canonical(bundle: Path) -> None:
    """Make the bundle the same bytes for the same pages. Pagefind writes each filter's values in the
    order of a Rust hash map, which changes from run to run (and with it the files' hashed names): sort
    the values, and name the filter files, the metadata file and the entry's reference after their new
    contents. Nothing else changes: page numbers, words and fragments are already stable."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, facts in entry["languages"].items():
        meta_path = bundle / f"pagefind.{facts['hash']}.pf_meta"
        meta = _load(meta_path)
        filters = []
        for name, old_hash in meta[3]:
            old = bundle / "filter" / f"{old_hash}.pf_filter"
            data = _load(old)
            data[1] = sorted(data[1], key=lambda value: value[0])
            new_hash = _save(bundle / "filter", data, language, 7, "pf_filter", old)
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        facts["hash"] = _save(bundle, meta, language, 10, "pf_meta", meta_path, prefix="pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _load(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise SearchError(f"Pagefind wrote a file newsarchive cannot read ({path.name}); "
                          "install the Pagefind version newsarchive names in its requirements")
    return cbor2.loads(data[len(SIGNATURE):])


def _save(folder: Path, value, language: str, length: int, suffix: str, old: Path, prefix: str = "") -> str:
    payload = SIGNATURE + cbor2.dumps(value)
    name = f"{language}_{hashlib.sha256(payload).hexdigest()[:length]}"
    old.unlink()
    (folder / f"{prefix}{name}.{suffix}").write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return name


# ---- in the build ----

RECENT = routes.search_recent()  # "pagefind/recent/"
CHANGES = routes.search_changes()  # "pagefind/changes.json"
BOUND = 1000  # articles in the recent part (or gone since their year's part was made) before a merge
LEDGER = "search.bin"  # in the cache folder: which page is in which part, under which id


@dataclass(slots=True)
class Ledger:
    """What the index in the output holds: each year part's pages (output path -> (Pagefind id, fingerprint
    of what was indexed)), and the pages of the recent part (whose copies in the year parts are
    superseded)."""
    years: dict[int, dict[str, tuple[str, str]]] = field(default_factory=dict)
    recent: dict[str, tuple[str, str]] = field(default_factory=dict)

    def indexed(self, rel: str) -> str | None:
        """The fingerprint of the newest copy of ``rel`` in the index."""
        found = self.recent.get(rel) or self.years.get(part_of(rel), {}).get(rel)
        return found[1] if found else None


def _load_ledger(cache_dir: Path, token: str) -> Ledger | None:
    try:
        found, years, recent = marshal.loads((cache_dir / LEDGER).read_bytes())
        ledger = Ledger(years, recent)
    except Exception:  # noqa: BLE001 - missing or corrupt: make the index again
        return None
    return ledger if found == token and token else None


def _save_ledger(cache_dir: Path, ledger: Ledger) -> str:
    """Saved before the commit; it counts only once the cache state names its token (after the commit)."""
    # unique to this build (as the cache's generation is), not a digest: at 100,000 articles a digest of the
    # ledger would cost more than writing it
    token = fingerprints.digest(time.time_ns(), os.getpid(), len(ledger.recent))
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / (LEDGER + ".tmp")
    temporary.write_bytes(marshal.dumps((token, ledger.years, ledger.recent)))
    os.replace(temporary, cache_dir / LEDGER)
    return token


def stage_index(stage: Stage, output: Output, articles: list[str], config: Config,
                progress: Progress, previous_key: str, jobs: int,
                recorded: Iterable[str] | None = None) -> tuple[set[str], str]:
    """Stage the search index, log-structured: a year part per year, made by a clean build, plus a small
    recent part for the articles added or changed since their year's part was made. A rebuild indexes the
    recent part again (a bounded amount of work: at most ``BOUND`` articles); when it would pass the bound,
    its articles go back into their years' parts (those years are indexed again) and it is emptied.
    ``changes.json`` tells the search page which copies in the year parts are superseded. Returns the
    index's files and its key (what it was built with, and the ledger's token)."""
    key = index_key(config.language)
    old_key, _, token = previous_key.rpartition(" ")
    ledger = (_load_ledger(output.cache_dir, token) if old_key == key else None) or Ledger()
    now = set(articles)
    years: dict[int, list[str]] = {}
    for rel in articles:
        years.setdefault(part_of(rel), []).append(rel)
    changed = {rel for rel in stage.changed if routes.is_article_file(rel)
               and ledger.indexed(rel) != indexed(new_file(stage, output, rel))}
    # a journaled rebuild whose output is the one the fixity record holds (``recorded``: its files) keeps the
    # parts it does not index again as they are, their files named by the record: not listed from the
    # disk and looked at one by one (100,000 files at 100,000 articles: a second)
    in_record: dict[str, list[str]] | None = None
    if recorded is not None and not stage.link_unchanged:
        in_record = {}
        for rel in recorded:
            if rel.startswith(BUNDLE):
                in_record.setdefault(rel[:rel.find("/", len(BUNDLE)) + 1], []).append(rel)

    # the years without a part (a clean build: all) are indexed whole; the others keep theirs
    whole = {year for year in years if year not in ledger.years
             or not (output.output / routes.search_part(year) / "pagefind.js").is_file()
             or not stage.trusts_folder(routes.search_part(year))}  # a part changed since: made again
    recent = {rel for rel in ledger.recent.keys() | changed if rel in now and part_of(rel) not in whole}
    went = {rel for year, ids in ledger.years.items() if year in years and year not in whole
            for rel in ids if rel not in now}
    if len(recent) + len(went) > BOUND:  # merge: the recent part's years (and those with gone pages) again
        whole |= {part_of(rel) for rel in recent | went}
        recent = set()

    files: set[str] = set()
    todo: dict[str, dict[str, Path]] = {}
    for year, rels in years.items():
        part = routes.search_part(year)
        if year in whole:
            todo[part] = {rel: new_file(stage, output, rel) for rel in rels}
        elif in_record is not None:
            files.update(in_record.get(part, ()))
        else:
            for rel in bundle_files(output.output / part, part):
                stage.keep(rel)
                files.add(rel)
    kept_recent = (bool(recent) and recent == ledger.recent.keys() and not recent & changed
                   and (output.output / RECENT / "pagefind.js").is_file() and stage.trusts_folder(RECENT))
    if kept_recent:
        for rel in bundle_files(output.output / RECENT, RECENT):
            stage.keep(rel)
            files.add(rel)
    elif recent:
        todo[RECENT] = {rel: new_file(stage, output, rel) for rel in sorted(recent)}
    if todo:
        with progress.task("Indexing for search", len(todo)) as advance:
            bundle, ids = index(todo, output.cache_dir / "search", config.language, jobs, lambda: advance(1))
            for rel, path in bundle.items():
                stage.copy(rel, path)
            files |= set(bundle)
        clean(output.cache_dir / "search")
    else:
        ids = {}
    new = Ledger({year: ids[routes.search_part(year)] if year in whole else ledger.years[year]
                  for year in sorted(years)},
                 ledger.recent if kept_recent else ids.get(RECENT, {}))
    stage.put(CHANGES, changes(new, now))
    files.add(CHANGES)
    return files, f"{key} {_save_ledger(output.cache_dir, new)}"


def changes(ledger: Ledger, now: set[str]) -> bytes:
    """``changes.json``: the recent part's folder (or null), and for each year part the ids of its pages
    that the search page must drop: their article is in the recent part, or gone. A clean build's says
    that nothing is superseded."""
    recent = ledger.recent.keys()
    superseded = {}
    for year, ids in sorted(ledger.years.items()):
        stale = sorted(page[0] for rel, page in ids.items() if rel in recent or rel not in now)
        if stale:
            superseded[f"{year:04d}"] = stale
    return json.dumps({"recent": RECENT[len(BUNDLE):] if recent else None, "superseded": superseded},
                      separators=(",", ":"), sort_keys=True).encode()


def new_file(stage: Stage, output: Output, rel: str) -> Path:
    """Where the new version of an output file is: staged (changed, or linked into a swap), or in place."""
    staged = Path(stage.root) / rel
    return staged if staged.is_file() else output.output / rel


def searchable(folder: Path) -> dict[str, dict]:
    """What a search can find in a built site's index: each live page (the year parts' pages less those
    changes.json supersedes, plus the recent part's) as Pagefind stored it (address, text, filters,
    meta), by address. A rebuild's must equal a clean build's."""
    bundle = folder / "pagefind"
    if not bundle.exists():
        return {}
    changes = json.loads((bundle / "changes.json").read_text())
    parts = [p for p in bundle.iterdir() if p.is_dir() and p.name.isdigit()]
    if changes["recent"]:
        parts.append(bundle / changes["recent"])
    pages: dict[str, dict] = {}
    for part in parts:
        dropped = set(changes["superseded"].get(part.name, ()))
        for fragment in (part / "fragment").iterdir():
            if fragment.name.removesuffix(".pf_fragment") in dropped:
                continue
            data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
            if data["url"] in pages:
                raise ValueError(f"{data['url']} found twice in the index")
            pages[data["url"]] = data
    return pages


def outside_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """A built site's files (relative path -> bytes) but the search index's (``pagefind/``): what a rebuild
    must give byte for byte as a clean build does. The index of a rebuild differs by design (a recent part,
    changes.json): compare it with ``searchable``. The fixity manifest's lines about the index are left
    aside likewise."""
    out = {rel: data for rel, data in files.items() if not rel.startswith("pagefind/")}
    if "manifest-sha256.txt" in out:  # "<64 hex>  <path>" lines
        out["manifest-sha256.txt"] = b"".join(line for line in out["manifest-sha256.txt"].splitlines(True)
                                              if not line[66:].startswith(b"pagefind/"))
    return out
