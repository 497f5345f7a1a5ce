"""``newsarchive export archive.sqlite``: the archive as one SQLite database for its readers (its schema and
its rows: ``archive_database``), the same bytes a build with ``database: true`` puts in the site.

The file is written beside its final name and renamed into place: an export that fails leaves the previous
one as it was. It publishes what ``build`` publishes (drafts with ``--drafts``; future articles never).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from newsarchive.data import database as archive_database
from newsarchive.data.database import MARKER
from newsarchive.errors import BuildFailed, Problem, UsageError, content_folder


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    articles: int
    problems: list[Problem]


def export(site_dir: Path, target: Path, drafts: bool = False) -> Exported:
    """Write the archive of ``site_dir`` to the SQLite file ``target``. Raises BuildFailed (content errors,
    as a build would) and UsageError (a target that is not a newsarchive export)."""
    from newsarchive.catalog.archive import build_archive
    from newsarchive.content.reading import load, load_options
    from newsarchive.context import ReadContext
    from newsarchive.options import BuildOptions
    from newsarchive.pages.listing import article_urls

    content_folder(site_dir)
    _refuse_foreign(target)
    loaded = load(site_dir.absolute(), BuildOptions(drafts=drafts))
    if any(p.is_error for p in loaded.problems):
        raise BuildFailed(loaded.problems)
    archive = build_archive(loaded.articles, loaded.config)
    reading = ReadContext(site_dir.absolute() / "content", loaded.tree, load_options(loaded.config),
                          article_urls(archive))
    temporary = target.with_name(f".{target.name}.part")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        archive_database.write(temporary, archive, loaded.config, reading,
                               archive_database.story_groups(archive, loaded.config, reading))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return Exported(target, len(archive.entries), sorted(loaded.problems + archive.problems,
                                                          key=Problem.sort_key))


def _refuse_foreign(target: Path) -> None:
    """Never overwrite a file that is not an earlier export (someone's own database, a document)."""
    if target.is_dir():
        raise UsageError(f"{target} is a folder; name the database file, e.g. {target / 'archive.sqlite'}")
    if not target.exists():
        if not target.parent.is_dir():
            raise UsageError(f"no folder {target.parent} to write {target.name} in; create it first")
        return
    try:
        with contextlib.closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as database:
            found = database.execute("SELECT value FROM meta WHERE key = ?", (MARKER[0],)).fetchone()
    except sqlite3.Error:
        found = None
    if found is None or found[0] != MARKER[1]:
        raise UsageError(f"{target} exists and is not a database newsarchive exported; nothing was changed. "
                         "Name another file, or remove that one first")
