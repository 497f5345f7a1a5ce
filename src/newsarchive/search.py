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
the date. Pagefind cannot update an index in place, so the index is rebuilt whenever an article page
changes, and kept as it is otherwise (a rebuild that changes only index pages does not run Pagefind).
The new bundle goes through the same commit as the pages: a failed build leaves the old index in place.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import cbor2

from newsarchive import fingerprints, routes
from newsarchive.config import Config
from newsarchive.errors import UsageError
from newsarchive.progress import Progress
from newsarchive.writer import Output, Stage

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
    """The part of the index an article page (``YYYY/MM/DD/slug/index.html``) goes to: its year."""
    return int(rel[:4])


def clean(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)


def language_code(site_language: str) -> str:
    """Pagefind wants an ISO 639-1 code: ``pt-BR`` is indexed as ``pt``."""
    return site_language.split("-")[0].lower()


def index(parts: dict[int, dict[str, Path]], work: Path, site_language: str, jobs: int,
          done: Callable[[], None] = lambda: None) -> dict[str, Path]:
    """Index the article pages of each part (year -> {output path -> file holding the new page}) into a
    bundle of its own, ``pagefind/<year>/``, ``jobs`` Pagefind processes at a time. Returns the bundles'
    files (output path -> file in ``work``, a scratch folder on the output's disk); ``done`` is called as
    each part is finished."""
    binary = executable()
    if binary is None:
        raise SearchError("the search index needs Pagefind, which is not installed: "
                          "pip install 'pagefind[bin]' (or build with --no-search)")
    if work.exists():
        shutil.rmtree(work)
    files: dict[str, Path] = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        running = [pool.submit(_index_part, binary, pages, work / str(year), site_language,
                               routes.search_part(year))
                   for year, pages in sorted(parts.items())]
        for finished in as_completed(running):
            files.update(finished.result())
            done()
    return dict(sorted(files.items()))


def _index_part(binary: str, pages: dict[str, Path], work: Path, site_language: str,
                prefix: str) -> dict[str, Path]:
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
    return {rel: bundle / rel[len(prefix):] for rel in bundle_files(bundle, prefix) if not _ui(rel)}


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

def stage_index(stage: Stage, output: Output, articles: list[str], gone: set[str], config: Config,
                progress: Progress, previous_key: str, jobs: int) -> tuple[set[str], str]:
    """Stage the search index, one part per year: a year's part is made again when one of its article pages
    changed or went (or what the index is built with changed), else kept as it is. Returns the index's
    files and its key."""
    key = index_key(config.language)
    years: dict[int, list[str]] = {}
    for rel in articles:
        years.setdefault(part_of(rel), []).append(rel)
    touched = {part_of(rel) for rel in stage.changed if routes.is_article_file(rel)}
    touched |= {part_of(rel) for rel in gone if routes.is_article_file(rel)}
    files: set[str] = set()
    todo: dict[int, dict[str, Path]] = {}
    for year, rels in years.items():
        part = routes.search_part(year)
        kept = output.output / part
        if previous_key == key and year not in touched and (kept / "pagefind.js").is_file():
            for rel in bundle_files(kept, part):
                stage.keep(rel)
                files.add(rel)
        else:
            todo[year] = {rel: new_file(stage, output, rel) for rel in rels}
    if todo:
        with progress.task("Indexing for search", len(todo)) as advance:
            bundle = index(todo, output.cache_dir / "search", config.language, jobs, lambda: advance(1))
            for rel, path in bundle.items():
                stage.copy(rel, path)
            files |= set(bundle)
        clean(output.cache_dir / "search")
    return files, key


def new_file(stage: Stage, output: Output, rel: str) -> Path:
    """Where the new version of an output file is: staged (changed, or linked into a swap), or in place."""
    staged = Path(stage.root) / rel
    return staged if staged.is_file() else output.output / rel
