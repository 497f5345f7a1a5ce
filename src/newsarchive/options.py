"""What a build is asked to do: the command line's options (``newsarchive build``), as the build, the
planner and the workers read them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
