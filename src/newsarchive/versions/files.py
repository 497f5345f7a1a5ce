"""Earlier versions of an article, kept as files an editor can read.

An article ``content/2018/03/2018-03-26-storm.md`` keeps its earlier versions in the folder beside it,
``content/2018/03/2018-03-26-storm.versions/``: each one a complete article file (front matter and body)
exactly as it was, named by the moment the archive took that copy, in UTC, e.g.
``2018-03-27T09-15-00Z.md`` (hyphens for the time's colons: a name valid on every filesystem, and names
sort in time order). The current version stays in the article's own file, so its address never changes.

Version 1 is the oldest; the current version is number ``len(versions) + 1``. This module names the files,
lists them (``tree.scan`` finds them, never as articles), records a new one (the importer) and attaches
them to an article's facts (``reading``): each version's path and content hash, and the modification date
(``updated:`` when the file has it, else the newest version's moment).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from newsarchive.fingerprints import digest
from newsarchive.output import atomic_files

FOLDER_SUFFIX = ".versions"
_STAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z$")
STAMP_EXAMPLE = "2018-03-27T09-15-00Z.md"


def folder_of(article_rel: str) -> str:
    """``2018/03/2018-03-26-storm.md`` -> ``2018/03/2018-03-26-storm.versions``."""
    folder, _, name = article_rel.rpartition("/")
    stem = name.rpartition(".")[0] or name
    return f"{folder}/{stem}{FOLDER_SUFFIX}" if folder else stem + FOLDER_SUFFIX


def stamp(moment: datetime) -> str:
    """A version file's name (without suffix) for the moment the archive took the copy: UTC, to the
    second, ``2018-03-27T09-15-00Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")


def moment_of(name: str) -> datetime | None:
    """The moment a version file's name (``2018-03-27T09-15-00Z.md``) says, or None for another name."""
    found = _STAMP.match(name.rpartition(".")[0] or name)
    if found is None:
        return None
    try:
        return datetime(*map(int, found.groups()), tzinfo=timezone.utc)
    except ValueError:
        return None


class VersionError(Exception):
    """A new version cannot be recorded because of the versions folder as the user left it (the message
    says what is wrong and how to fix it); the article is left as it was."""


DRIFT = timedelta(hours=1)  # how far the newest version may be ahead of the clock (copies in a burst)


def record(article: Path, moment: datetime, shown: str | None = None) -> tuple[Path, int]:
    """Move the article file's content into a new version file (named by ``moment``; a second later when
    that name is taken, so names keep time order); returns the version file and its number. The caller
    then writes the new content to ``article``. ``shown``: the folder as messages name it. Raises
    VersionError when the folder is not one, or its newest version is dated after now (a later name would
    be in the future too, or past the year 9999)."""
    folder = article.with_name(article.stem + FOLDER_SUFFIX)
    shown = shown or folder.as_posix()
    if folder.exists() and not folder.is_dir():
        raise VersionError(f"{shown} is a file, not a folder of versions; rename or remove it (the article's "
                           "earlier versions are kept in a folder of that name), then import again")
    when = moment.astimezone(timezone.utc).replace(microsecond=0)
    try:
        folder.mkdir(exist_ok=True)
        existing = sorted(p.name for p in folder.iterdir() if moment_of(p.name) is not None)
        data = article.read_bytes()
    except OSError as exc:
        raise VersionError(f"{shown}: cannot be written ({exc.strerror}); "
                           "check the folder's permissions") from exc
    if existing:  # never before the newest copy, even when the clock says otherwise
        newest = moment_of(existing[-1])
        if newest > when + DRIFT:
            raise VersionError(f"{shown}/{existing[-1]} is dated {newest.isoformat()}, after now: "
                               "a new version must be named later than it; rename it to the moment that copy "
                               f"was taken (e.g. {STAMP_EXAMPLE}), then import again")
        when = max(when, newest + timedelta(seconds=1))
    target = folder / f"{stamp(when)}{article.suffix}"
    atomic_files.write_new(target, data)  # whole or absent, even if the process is killed
    return target, len(existing) + 1


def attach(article, content_dir: Path, version_rels: list[str], defaults: dict, options):
    """The article's facts with its versions: each one's path, content hash (its pages' input) and title,
    and ``updated`` from the newest version when the file does not say it. A version file is read as its
    article is (it is one, as it was): its errors are reported at its own path. Returns (article,
    problems)."""
    from newsarchive.content.loader import load_article
    from newsarchive.errors import Problem
    from newsarchive.fingerprints import content_hash

    kept, problems, warnings, links = [], [], [], set(article.links)
    for rel in version_rels:
        shown = "content/" + rel
        warnings += _dated_before(article, shown, moment_of(rel.rpartition("/")[2]), options.tz, problems)
        try:
            raw = (content_dir / rel).read_bytes()
        except OSError as exc:
            problems.append(Problem(shown, None, f"cannot be read ({exc.strerror})",
                                    "check the file exists and is readable"))
            continue
        old, found = load_article(raw, article.path, defaults, options, with_body=False)
        problems += [Problem(shown, p.line, p.message, p.hint) for p in found if p.is_error]
        if old is not None:
            kept.append((rel, content_hash(raw, defaults), old.title))
            links.update(old.links)  # its version's page resolves them too
    if not kept or problems:
        return article, problems + warnings
    newest = moment_of(kept[-1][0].rpartition("/")[2])
    versions = tuple(kept)
    return replace(article, versions=versions, updated=article.updated or newest, links=tuple(sorted(links)),
                   facts_hash=digest(article.facts_hash, versions, newest.isoformat())), warnings


def _dated_before(article, shown: str, moment: datetime | None, tz, problems: list) -> list:
    """A version named before the day its article was published cannot be (an error, added to
    ``problems``: the page would say it was modified before it was published); named earlier on that
    day, it is a warning (returned). After now is ``check``'s to say (``checks.future_changes``)."""
    from newsarchive.errors import WARNING, Problem

    if moment is None or moment >= article.instant:
        return []
    try:
        day = moment.astimezone(tz).date()
    except OverflowError:  # the year 1, west of UTC
        day = date.min
    if day < article.day:
        problems.append(Problem(shown, None, f"its name dates it {moment.isoformat()}, before its article's "
                                f"date {article.day.isoformat()}: the archive cannot have kept a copy of an "
                                "article before it was published",
                                f"rename it to the moment the copy was taken, in UTC (e.g. {STAMP_EXAMPLE}), "
                                "or correct the article's 'date'"))
        return []
    if article.has_time:
        return [Problem(shown, None, f"its name dates it {moment.isoformat()}, before its article was "
                        f"published ({article.instant.isoformat()})",
                        f"check its name (UTC, e.g. {STAMP_EXAMPLE}) and the article's 'date'", WARNING)]
    return []


def numbered(article) -> list[tuple[int, str, datetime]]:
    """(number, path, moment) of each earlier version, oldest first (1)."""
    return [(n, rel, moment_of(rel.rpartition("/")[2]))
            for n, (rel, *_rest) in enumerate(article.versions, 1)]


def shows_text(config, tree, rel: str, place) -> bool:
    """Whether an article's text is shown by its version pages too (the newest version's diff): when it
    has earlier versions. See planning."""
    return rel in tree.versions
