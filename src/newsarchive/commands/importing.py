"""``newsarchive import``: add the articles of a file (JSON Lines, CSV, a feed, saved web pages) to an
archive. The work is the ``importer`` package's, one module per input format; this is the verb's entry."""

from __future__ import annotations

from pathlib import Path

from newsarchive.importer import ImportOptions, ImportReport, import_file


def run(file: Path, site_dir: Path, file_format: str = "auto", mapping: tuple[str, ...] = (),
        source: str | None = None, language: str | None = None, date: str | None = None,
        include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> ImportReport:
    """Import ``file`` into the archive in ``site_dir``; raises ``UsageError`` when it cannot be imported
    at all (a bad record is in the report, and the others are written)."""
    options = ImportOptions(file_format, mapping, source, language, date, include, exclude)
    return import_file(file, site_dir, options, shown=file.as_posix())
