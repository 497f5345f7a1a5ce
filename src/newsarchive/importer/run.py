"""``newsarchive import FILE``: read the file's records, validate each, skip those the archive already has,
write the others as article files (the path scheme of ``newsarchive new``). A bad record is reported
with where it is and never stops the rest."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newsarchive import dates, i18n
from newsarchive.config import load_config
from newsarchive.content import compose, language_guess
from newsarchive.errors import UsageError, content_folder
from newsarchive.importer import body_files, formats
from newsarchive.importer.keys import existing_keys
from newsarchive.importer.lock import one_import
from newsarchive.importer.records import BadRow, Defaults, Item, LeftOut, parse_map
from newsarchive.output import atomic_files
from newsarchive.progress import Progress

# "no title: no column holds the headline; ..." said of all records: "no column holds the headline; ..."
_WHOLE_COLUMN = re.compile(r"^no \w+: (?=no column holds)")
PROGRESS_BYTES = 64 * 1024 * 1024  # a web archive this large is read with a progress bar on stderr
FORMATS = ("auto", *formats.NAMES)  # --format's choices (the names: import_formats)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    format: str = "auto"
    mapping: tuple[str, ...] = ()  # --map field=column
    source: str | None = None  # for records without one
    language: str | None = None  # for records without one
    date: str | None = None  # --date: for records without one
    include: tuple[str, ...] = ()  # web archives: --include globs on the pages' addresses
    exclude: tuple[str, ...] = ()  # web archives: --exclude globs


@dataclass(slots=True)
class ImportReport:
    format: str
    shown: str = ""  # the file as the user named it
    imported: list[tuple[str, str]] = field(default_factory=list)  # (where in the file, file written)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, why)
    updated: list[tuple[str, str, int]] = field(default_factory=list)  # (where, file, version number)
    bad: list[BadRow] = field(default_factory=list)
    detected: int = 0  # languages guessed (detect_language: true)
    left_out: Counter = field(default_factory=Counter)  # a crawl's records that are not article pages, by why

    def problems(self) -> list[tuple[str, str]]:
        """(where, what is wrong; how to fix it), in the file's order; a problem every record of the file has
        (a missing column) is said once, with the count: ("file", "all 16,000 records: ...")."""
        total = len(self.imported) + len(self.skipped) + len(self.bad)
        counts = Counter(bad.message for bad in self.bad)
        everywhere = {message for message, count in counts.items() if count == total and count > 1}
        out: list[tuple[str, str]] = []
        said: set[str] = set()
        for bad in self.bad:
            if bad.message not in everywhere:
                out.append((bad.where, bad.message))
            elif bad.message not in said:
                said.add(bad.message)
                out.append((self.shown, f"all {total:,} records: {_WHOLE_COLUMN.sub('', bad.message)}"))
        return out


def detect_format(path: Path) -> str:
    return formats.detect(path).name


def import_file(path: Path, site_dir: Path, options: ImportOptions = ImportOptions(),
                shown: str | None = None) -> ImportReport:
    """Import ``path`` into ``site_dir/content``. Raises UsageError for what stops the whole import (no
    such file, an unknown --map field, a file that is not of its format); bad records are in the report."""
    shown = shown or path.as_posix()
    content_dir = content_folder(site_dir)
    if not path.exists():
        raise UsageError(f"{shown}: no such file or folder")
    config, _problems = load_config(site_dir)
    defaults = _defaults(options, config.timezone)
    if date_problem(options.date) is not None:
        raise UsageError(f"--date {options.date!r}: {date_problem(options.date)}; {dates.DATE_HINT}")
    mapping = parse_map(options.mapping)
    kind = formats.detect(path) if options.format == "auto" else formats.named(options.format)
    if mapping and not kind.mapped:
        raise UsageError(f"--map applies to CSV and JSON Lines files; {shown} is read as {kind.name}")
    if (options.include or options.exclude) and not kind.web_archive:
        raise UsageError(f"--include and --exclude apply to web archives (WARC, WACZ); {shown} is read as "
                         f"{kind.name}")
    report = ImportReport(kind.name, shown)
    size = path.stat().st_size if kind.web_archive and path.is_file() else 0
    with one_import(content_dir, content_dir.as_posix() + "/"), Progress(size >= PROGRESS_BYTES).task(
            f"Reading {shown} (bytes)", size) as advance:
        reading = formats.Reading(mapping, defaults, options.include, options.exclude, advance)
        _import_records(kind.read(path, shown, reading), path, config, content_dir, report)
    return report


def _import_records(records, path: Path, config, content_dir: Path, report: ImportReport) -> None:
    """Each record: skipped when the archive has it, a new version when it changed, else a new article;
    a bad record (or one whose body cannot be written) is reported and the others go on."""
    known = existing_keys(content_dir)
    origin = path.name or path.resolve().name
    written: set[Path] = set()
    for record in records:
        if isinstance(record, BadRow):
            report.bad.append(record)
            continue
        if isinstance(record, LeftOut):
            report.left_out[record.reason] += 1
            continue
        if record.language is None and config.detect_language:
            record.language = language_guess.guess(record.title, record.body)
            report.detected += record.language is not None
        key, story = record.key(), record.same_story()
        try:
            if key in known and _new_version(record, known[key], content_dir, origin, path, config, report,
                                             written):
                continue
            if key in known or (story and story in known):
                what = (("url" if key in known else "address, title and day") if record.url
                        else "title, date and text")
                already = known.get(key) or known[story]
                report.skipped.append((record.where, f"already in the archive: {already} (same {what})"))
                written.add(content_dir / already.removeprefix("content/"))  # seen
                continue
            target = _write(record, content_dir, written, origin, path)
        except body_files.BodyError as exc:
            report.bad.append(BadRow(record.where, str(exc), record.line))
            continue
        shown_target = "content/" + target.relative_to(content_dir).as_posix()
        known[key] = shown_target
        if story:
            known[story] = shown_target
        report.imported.append((record.where, shown_target))


def _new_version(item: Item, shown: str, content_dir: Path, origin: str, path: Path, config,
                 report: ImportReport, written: set[Path]) -> bool:
    """The article ``shown`` (content/...) has the item's key: when an import wrote it and the item's title
    or text changed, record a new version of it (``revise``) and say so in the report. Within one import
    the first record of an article wins (a file listing it twice is deduplicated, as before): an article
    this run wrote or revised is not revised again."""
    from newsarchive.content.reading import now
    from newsarchive.importer import revise
    from newsarchive.versions import files as versions

    target = content_dir / shown.removeprefix("content/")
    if target in written:
        return False
    current = revise.read_current(target)
    if current is None or not revise.imported(current) or not revise.changed(current, item, target):
        return False
    folder = versions.folder_of(shown)
    try:
        number = revise.revise(target, current, item, _provenance(item, origin, path), now(), config.slugs,
                               folder)
    except versions.VersionError as exc:  # the user's versions folder: the article is left as it was
        report.bad.append(BadRow(item.where, f"not updated: {exc}"))
    else:
        report.updated.append((item.where, shown, number))
    written.add(target)
    return True


def _defaults(options: ImportOptions, timezone: str) -> Defaults:
    language = None
    if options.language is not None:
        try:
            language = i18n.normalize_language(options.language)
        except i18n.LanguageError as exc:
            raise UsageError(f"--lang: {exc}; write a BCP 47 code such as en, fr, ar, es or pt-BR") from None
    source = " ".join(options.source.split()) if options.source else None
    return Defaults(source, language, dates.zone(timezone), options.date.strip() if options.date else None)


def date_problem(value: str | None) -> str | None:
    """What is wrong with a --date value, or None."""
    if value is None:
        return None
    try:
        dates.parse_date(value.strip())
    except dates.DateError as exc:
        return str(exc)
    return None


def _provenance(item: Item, origin: str, path: Path) -> dict[str, str]:
    """Where an item came from: the file (a saved page's, in its folder), the record in it."""
    provenance: dict[str, str] = {"file": origin}
    if item.original is not None and item.original != path:
        provenance["file"] = f"{origin}/{item.original.relative_to(path).as_posix()}"
    if item.record:
        provenance["record"] = item.record
    if item.captured:
        provenance["captured"] = item.captured
    return provenance


def _write(item: Item, content_dir: Path, written: set[Path], origin: str, path: Path) -> Path:
    """Write the article file (and keep a saved page's original beside it, in ``.originals/``)."""
    suffix, body = body_files.as_file(item.body, item.body_kind)
    fields: dict[str, object] = {
        "title": item.title, "date": item.date, "source": item.source, "language": item.language,
        "url": item.url, "tags": item.tags,
        "author" if len(item.authors) == 1 else "authors": item.authors[0] if len(item.authors) == 1
        else item.authors,
        "summary": item.summary,
    }
    if not item.url:
        fields["import_key"] = item.key()
    target = compose.free_path(compose.article_path(content_dir, item.day, item.title, suffix), written)
    provenance = _provenance(item, origin, path)
    original = None
    if item.original is not None:
        original = target.parent / ".originals" / (target.stem + item.original.suffix.lower())
        provenance["original"] = ".originals/" + original.name
    fields["imported_from"] = provenance
    compose.write_new(target, compose.article_text(fields, body))
    written.add(target)
    if original is not None:
        atomic_files.write_over(original, item.original.read_bytes())
    return target
