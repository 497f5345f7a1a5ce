"""What a build is asked to do: the command line's options (``newsarchive build``), as the build, the
planner and the workers read them; what an executor's address may be (``--executor``, ``executor:``);
and the import formats' names and file names (``newsarchive import --format``), which ``importer.formats``
gives each reader. Light, so that reading the config and starting the command line import nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class BuildOptions:
    output: Path | None = None  # default: SITE_DIR/build
    drafts: bool = False  # publish articles marked draft: true
    future: bool = False  # publish articles dated after now (also config include_future)
    skip_invalid: bool = False  # leave out files with errors (reported as warnings) and publish the rest
    jobs: int = 0  # worker processes; 0: one per core
    clean: bool = False  # ignore the build cache
    progress: bool = False  # report progress on stderr (the command line turns it on)
    search: bool = True  # build the Pagefind search index and the search page (--no-search: not)
    portable: bool = False  # link pages by file, for opening from disk (also config portable)
    # read and render on a Dask cluster: its scheduler's address (--executor; also config executor);
    # None: as the config says; "local": local processes, whatever the config says
    executor: str | None = None
    verbose: bool = False  # report every problem (not only the first of a warning many files share)


# ---- --executor: a Dask scheduler's address as a user writes it (the one place that decides)

LOCAL = "local"  # --executor local: build with local processes, whatever the config says
SCHEMES = ("dask", "tcp")
DEFAULT_PORT = 8786  # the port `dask scheduler` listens on
EXAMPLE = "dask://HOST:8786 or tcp://HOST:8786, the address `dask scheduler` prints"


def address_problem(text: str) -> str | None:
    """What is wrong with an executor's address as written, or None."""
    if text == LOCAL:
        return None
    parts = urlsplit(text)
    if parts.scheme not in SCHEMES or not parts.netloc:
        return f"'{text}' is not a Dask scheduler's address"
    try:
        port = parts.port
    except ValueError:
        return f"'{text}' has no valid port"
    if not parts.hostname or parts.path.strip("/") or parts.query or parts.fragment or port == 0:
        return f"'{text}' is not a Dask scheduler's address"
    return None


def scheduler(text: str) -> str:
    """``tcp://HOST:PORT`` for ``dask://HOST[:PORT]`` or ``tcp://HOST[:PORT]`` (the port defaults to 8786)."""
    parts = urlsplit(text)
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    return f"tcp://{host}:{parts.port or DEFAULT_PORT}"


# ---- newsarchive import --format

# name -> the endings of its file names (lower case); a folder is read as saved web pages (html)
IMPORT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "jsonl": (".jsonl", ".ndjson", ".json"),
    "csv": (".csv", ".tsv"),
    "feed": (".rss", ".atom", ".xml", ".rdf"),
    "html": (".html", ".htm", ".xhtml"),
    "warc": (".warc", ".warc.gz", ".wacz"),
}
IMPORT_NAMES = tuple(IMPORT_SUFFIXES)
IMPORT_CHOICES = ("auto", *IMPORT_NAMES)  # --format


def import_formats_described() -> str:
    """The formats and their file names, for --help."""
    return "; ".join(f"{name} ({', '.join(ends)}{', a folder' if name == 'html' else ''})"
                     for name, ends in IMPORT_SUFFIXES.items())
